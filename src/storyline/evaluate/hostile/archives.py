"""Hostile web archives, archives and things that are not files."""

from __future__ import annotations

import gzip
import io
import os
import socket
import struct
import zipfile
import zlib
from pathlib import Path

from storyline.evaluate.hostile.corpus import (
    LISTINGS,
    Build,
    HostileCase,
    case,
    html_of,
    prose,
    write,
    write_lazy,
)

# -- web archives ---------------------------------------------------------------------------------


def _warc_record(headers: dict[str, str], body: bytes) -> bytes:
    head = "WARC/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    if "Content-Length" not in headers:
        head += f"Content-Length: {len(body)}\r\n"
    return head.encode() + b"\r\n" + body + b"\r\n\r\n"


def _http_page(html: str, status: str = "200 OK") -> bytes:
    body = html.encode()
    return (
        f"HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode() + body


def _response(uri: str | None, payload: bytes, **extra: str) -> bytes:
    headers = {"WARC-Type": "response", "WARC-Record-ID": f"<urn:uuid:{abs(hash(payload)):032x}>"}
    if uri:
        headers["WARC-Target-URI"] = uri
    headers["Content-Type"] = "application/http; msgtype=response"
    headers.update(extra)
    return _warc_record(headers, payload)


def _warc_without_uri(folder: Path) -> list[str]:
    (folder / "no-uri.warc").write_bytes(_response(None, _http_page(html_of(prose("warc-no-uri")))))
    return [str(folder)]


def _warc_with_length(name: str, length: bytes) -> Build:
    """A WARC record whose Content-Length says `length` instead of its size."""

    def build(folder: Path) -> list[str]:
        record = _response(f"https://news.example/{name}", _http_page(html_of(prose(name))))
        head, _, rest = record.partition(b"Content-Length: ")
        _, _, tail = rest.partition(b"\r\n")
        (folder / f"{name}.warc").write_bytes(head + b"Content-Length: " + length + b"\r\n" + tail)
        return [str(folder)]

    return build


def _warc_garbage_after(folder: Path) -> list[str]:
    record = _response("https://news.example/c", _http_page(html_of(prose("warc-garbage"))))
    (folder / "garbage-after.warc").write_bytes(record + b"this is not a record at all \x00\x01\x02" * 40)
    return [str(folder)]


def _warc_only_errors(folder: Path) -> list[str]:
    page = _http_page(html_of(prose("warc-404")), status="404 Not Found")
    (folder / "errors.warc").write_bytes(_response("https://news.example/missing", page))
    return [str(folder)]


def _warc_truncated(folder: Path) -> list[str]:
    record = _response("https://news.example/e", _http_page(html_of(prose("warc-cut"))))
    (folder / "cut.warc").write_bytes(record[: len(record) // 2])
    return [str(folder)]


def _warc_gz_truncated(folder: Path) -> list[str]:
    record = _response("https://news.example/f", _http_page(html_of(prose("warc-gz-cut"))))
    packed = gzip.compress(record)
    (folder / "cut.warc.gz").write_bytes(packed[: len(packed) * 2 // 3])
    return [str(folder)]


def _warc_bad_http_head(folder: Path) -> list[str]:
    payload = b"HTTP/1.1 2OO OK\r\nContent-Type text/html\r\n\r\n" + html_of(prose("warc-http")).encode()
    (folder / "bad-http.warc").write_bytes(_response("https://news.example/g", payload))
    return [str(folder)]


def _warc_binary_uri(folder: Path) -> list[str]:
    record = _response("https://news.example/h", _http_page(html_of(prose("warc-uri-bytes"))))
    record = record.replace(b"https://news.example/h", b"https://news.example/\xff\xfe\x1b[31m", 1)
    (folder / "binary-uri.warc").write_bytes(record)
    return [str(folder)]


# -- resource bombs ---------------------------------------------------------------------------------


def _zip_of_identical(names: list[str], payload: bytes) -> bytes:
    """A zip whose members all hold `payload`, compressed once: a 200-member bomb in a second."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed = compressor.compress(payload) + compressor.flush()
    crc = zlib.crc32(payload)
    out = io.BytesIO()
    central = []
    for name in names:
        encoded = name.encode()
        offset = out.tell()
        out.write(
            struct.pack(
                "<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, crc, len(packed), len(payload), len(encoded), 0
            )
        )
        out.write(encoded)
        out.write(packed)
        central.append(
            struct.pack(
                "<4s6H3L5H2L",
                b"PK\x01\x02",
                20,
                20,
                0,
                8,
                0,
                0,
                crc,
                len(packed),
                len(payload),
                len(encoded),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + encoded
        )
    start = out.tell()
    for entry in central:
        out.write(entry)
    size = out.tell() - start
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(names), len(names), size, start, 0))
    return out.getvalue()


def _zip_bomb(folder: Path) -> list[str]:
    names = [f"member-{number:03d}.txt" for number in range(200)]
    (folder / "bomb.zip").write_bytes(_zip_of_identical(names, b"news " * (19_000_000 // 5)))
    return [str(folder)]


def _zip_of_many_articles(folder: Path) -> list[str]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for number in range(3):
            archive.writestr(f"reports/{number}.txt", prose(f"zip-{number}"))
        archive.writestr("../../escape.txt", prose("zip-escape"))
        archive.writestr("/absolute.txt", prose("zip-absolute"))
    (folder / "articles.zip").write_bytes(buffer.getvalue())
    return [str(folder)]


def _zip_nested(folder: Path) -> list[str]:
    data = prose("zip-nest").encode()
    name = "inner.txt"
    for depth in range(12):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(name, data)
        data, name = buffer.getvalue(), f"level-{depth}.zip"
    (folder / "nested.zip").write_bytes(data)
    return [str(folder)]


def _zip_encrypted(folder: Path) -> list[str]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("secret.txt", prose("zip-secret"))
    data = bytearray(buffer.getvalue())
    data[6] |= 0x01  # the local header's "encrypted" flag
    central = data.find(b"PK\x01\x02")
    data[central + 8] |= 0x01
    (folder / "encrypted.zip").write_bytes(bytes(data))
    return [str(folder)]


def _gzip_nested(folder: Path) -> list[str]:
    data = prose("gz-nest").encode()
    for _ in range(30):
        data = gzip.compress(data)
    (folder / "nested.txt.gz").write_bytes(data)
    return [str(folder)]


def _gzip_bomb(folder: Path) -> list[str]:
    (folder / "bomb.txt.gz").write_bytes(gzip.compress(b"a" * 60_000_000, compresslevel=1))
    return [str(folder)]


def _fifo(folder: Path) -> list[str]:
    os.mkfifo(folder / "waiting.txt")
    return [str(folder)]


def _device_link(folder: Path) -> list[str]:
    os.symlink("/dev/zero", folder / "zeros.txt")
    return [str(folder)]


def _device_named(folder: Path) -> list[str]:
    return ["/dev/zero"]


def _socket_file(folder: Path) -> list[str]:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(folder / "listening.sock"))
    server.close()  # the socket file stays in the folder
    return [str(folder)]


def _symlink_loop(folder: Path) -> list[str]:
    os.symlink(folder / "loop-b.txt", folder / "loop-a.txt")
    os.symlink(folder / "loop-a.txt", folder / "loop-b.txt")
    return [str(folder)]


def _folder_link_cycle(folder: Path) -> list[str]:
    inner = folder / "inner"
    inner.mkdir()
    (inner / "report.txt").write_text(prose("cycle"))
    os.symlink(folder, inner / "back-up")
    return [str(folder)]


def _dangling_link(folder: Path) -> list[str]:
    os.symlink(folder / "gone.txt", folder / "dangling.txt")
    return [str(folder)]


def _missing_path(folder: Path) -> list[str]:
    return [str(folder / "nonexistent")]


def _empty_folder(folder: Path) -> list[str]:
    (folder / "nothing-here").mkdir()
    return [str(folder / "nothing-here")]


WARC_CASES: list[HostileCase] = [
    case("warc-no-target-uri", "a WARC response record without WARC-Target-URI", _warc_without_uri, "either"),
    case(
        "warc-huge-length",
        "a WARC Content-Length of 10^30",
        _warc_with_length("huge-length", b"1" + b"0" * 30),
        "quarantined",
        "archive",
    ),
    case(
        "warc-negative-length",
        "a WARC Content-Length of -5",
        _warc_with_length("negative-length", b"-5"),
        "either",
    ),
    case(
        "warc-nan-length",
        "a WARC Content-Length that is a word",
        _warc_with_length("nan-length", b"twelve"),
        "either",
    ),
    case(
        "warc-garbage-after",
        "a good WARC record followed by garbage",
        _warc_garbage_after,
        "stored+quarantined",
        "after",
    ),
    case("warc-only-404", "a WARC whose only response is a 404", _warc_only_errors, "quarantined", "archive"),
    case("warc-truncated", "a WARC cut off in the middle of a record", _warc_truncated, "quarantined", "cut"),
    case("warc-gz-truncated", "a gzipped WARC cut off", _warc_gz_truncated, "quarantined", "gzip", "cut"),
    case("warc-bad-http-head", "a WARC response with a broken HTTP head", _warc_bad_http_head, "either"),
    case(
        "warc-binary-uri",
        "a WARC target URI with raw bytes and escapes",
        _warc_binary_uri,
        "either",
        commands=LISTINGS,
    ),
    case(
        "warc-garbage",
        "a file starting WARC/1.0 then garbage",
        write("junk.warc", b"WARC/1.0\r\n\x00\xff" * 100),
        "quarantined",
        "archive",
    ),
]

FILE_CASES: list[HostileCase] = [
    case("zip-bomb", "an archive of 200 members of 19 MB each", _zip_bomb, "quarantined", "zip", seconds=40),
    case("zip-articles", "a zip of reports, one named ../../escape.txt", _zip_of_many_articles, "stored"),
    case("zip-nested", "zips nested 12 deep", _zip_nested, "either"),
    case(
        "zip-encrypted", "a zip with an encrypted member", _zip_encrypted, "quarantined", "zip", "encrypted"
    ),
    case("gzip-nested", "gzip in gzip, 30 deep", _gzip_nested, "either"),
    case("gzip-bomb", "a gzip expanding to 60 MB", _gzip_bomb, "quarantined", "size cap"),
    case("fifo", "a named pipe among the files", _fifo, "quarantined", "not a regular file", seconds=15),
    case(
        "device-link", "a symlink to /dev/zero", _device_link, "quarantined", "not a regular file", seconds=15
    ),
    case(
        "device-named",
        "/dev/zero named on the command line",
        _device_named,
        "quarantined",
        "not a regular file",
        seconds=15,
    ),
    case("socket-file", "a unix socket among the files", _socket_file, "quarantined", "not a regular file"),
    case("symlink-loop", "two symlinks pointing at each other", _symlink_loop, "quarantined"),
    case("folder-link-cycle", "a folder linking back to its parent", _folder_link_cycle, "stored"),
    case("dangling-link", "a symlink to nothing", _dangling_link, "quarantined", "no such file"),
    case("missing-path", "a path that does not exist", _missing_path, "quarantined", "no such file"),
    case("empty-folder", "an empty folder", _empty_folder, "quarantined", "no files"),
    case(
        "too-large",
        "a text file over the size cap",
        write_lazy("large.txt", lambda: b"word " * 4_400_000),
        "quarantined",
        "size cap",
    ),
]
