"""The hostile corpus: each case writes one awkward input, built in seconds at run time.

A case says what a careful tool does with its input: store it as an article, quarantine it with a
reason that names the trouble, or either of the two. Whatever it is, the four good files ingested
beside it are stored, nothing crashes, nothing hangs and nothing reaches the terminal raw.
All texts are fictional and written for these cases.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import socket
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Expect = Literal["stored", "quarantined", "either", "stored+quarantined"]
Build = Callable[[Path], list[str]]


@dataclass(frozen=True, slots=True)
class HostileCase:
    name: str
    what: str
    build: Build  # writes the input into an empty folder and returns the targets to ingest
    expect: Expect
    reason: tuple[str, ...] = ()  # a quarantine reason holds one of these words (any, when empty)
    annotate: bool = False  # the trouble shows in the language stage: ingest annotates
    seconds: float = 30.0  # the whole run stays under this
    commands: tuple[tuple[str, ...], ...] = ()  # read commands that must print the result cleanly


# -- the good files, and fictional prose for the bad ones -------------------------------------------

_GOOD_TEXT = """Lantern festival returns to Kessmoor after four years

The lantern festival of Kessmoor returned on Saturday night after a pause of four years, drawing
about six thousand visitors to the old river quarter, the town council said on Sunday.

Organiser Petra Voll said volunteers had built more than nine hundred paper lanterns in a former
rope factory over the winter, and that the parade route had been shortened to keep the bridges clear.

The council plans to hold the festival every second year from now on.
"""

_GOOD_MARKDOWN = """---
title: Orchard cooperative opens a cider press in Ambleford
date: 2025-09-14
outlet: The Ambleford Courier
---

The orchard cooperative of Ambleford opened a shared cider press on Friday, letting its
forty-two member farms press apples without hiring a mobile press from the coast.

Cooperative chair Dorin Hale said the press cost 180,000 euros, half of it paid by a regional grant,
and could handle eight tonnes of fruit a day during the harvest.

The first pressing of the season is planned for the last week of September.
"""

_GOOD_HTML = """<!DOCTYPE html><html><head><title>Night trains to Velsing resume | Rail Weekly</title>
<meta property="og:site_name" content="Rail Weekly"><meta name="date" content="2025-10-02"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav><article>
<h1>Night trains to Velsing resume</h1>
<p>Night trains between the capital and Velsing resumed on Thursday after the mountain line was
repaired, the national rail operator said, ending a closure of eleven weeks.</p>
<p>Engineers replaced two kilometres of track and rebuilt a retaining wall above the Orsk gorge,
where a rock slide had blocked the line in July.</p>
<p>Tickets for the sleeper service sold out for the first weekend within hours, the operator said.</p>
</article><footer>Copyright Rail Weekly</footer></body></html>
"""

_GOOD_JSON = {
    "title": "Harbour cranes in Tollen replaced after storm damage",
    "published": "2025-11-20",
    "outlet": "Tollen Maritime News",
    "text": (
        "The port of Tollen has replaced three harbour cranes that were damaged in the November storm, "
        "the port authority said on Thursday.\n\nHarbour master Ivo Brandt said the new cranes could "
        "lift forty tonnes each and would let the port handle container ships again from next week.\n\n"
        "Repairs to the outer breakwater are expected to take until the spring."
    ),
}

GOOD_FILES: dict[str, bytes] = {
    "festival.txt": _GOOD_TEXT.encode(),
    "cider.md": _GOOD_MARKDOWN.encode(),
    "trains.html": _GOOD_HTML.encode(),
    "cranes.json": json.dumps(_GOOD_JSON).encode(),
}


def write_good_files(folder: Path) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in GOOD_FILES.items():
        (folder / name).write_bytes(data)
    return [str(folder / name) for name in GOOD_FILES]


_PLACES = ["Drennick", "Marrowby", "Osterfell", "Quillan", "Rookhaven", "Selbury", "Thornwick", "Ulverby"]


def prose(seed: str = "Drennick") -> str:
    """A short fictional report, different for each seed, so that no case looks like a copy."""
    place = seed if seed[:1].isupper() else _PLACES[sum(map(ord, seed)) % len(_PLACES)] + " " + seed
    return (
        f"Library in {place} reopens after roof repairs\n\n"
        f"The public library of {place} reopened on Monday after its roof was repaired, the district "
        f"office said, and readers returned {len(place) * 37} books that had been lent out during the "
        "closure.\n\n"
        f"Librarian Mara Tesk said the reading room of {place} would now stay open until nine in the "
        "evening on weekdays, and that a children's corner would open in the spring.\n"
    )


def _write(name: str, data: bytes | str) -> Build:
    def build(folder: Path) -> list[str]:
        path = folder / name
        path.write_bytes(data.encode() if isinstance(data, str) else data)
        return [str(folder)]

    return build


def _write_lazy(name: str, make: Callable[[], bytes | str]) -> Build:
    """Like `_write`, for data too large to keep in memory between runs."""

    def build(folder: Path) -> list[str]:
        data = make()
        (folder / name).write_bytes(data.encode() if isinstance(data, str) else data)
        return [str(folder)]

    return build


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


def _html_of(text: str) -> str:
    title, _, body = text.partition("\n\n")
    paragraphs = "".join(f"<p>{p.strip()}</p>" for p in body.split("\n\n") if p.strip())
    return f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{paragraphs}</article></body></html>"


def _response(uri: str | None, payload: bytes, **extra: str) -> bytes:
    headers = {"WARC-Type": "response", "WARC-Record-ID": f"<urn:uuid:{abs(hash(payload)):032x}>"}
    if uri:
        headers["WARC-Target-URI"] = uri
    headers["Content-Type"] = "application/http; msgtype=response"
    headers.update(extra)
    return _warc_record(headers, payload)


def _warc_without_uri(folder: Path) -> list[str]:
    (folder / "no-uri.warc").write_bytes(_response(None, _http_page(_html_of(prose("warc-no-uri")))))
    return [str(folder)]


def _warc_huge_length(folder: Path) -> list[str]:
    record = _response("https://news.example/a", _http_page(_html_of(prose("warc-huge"))))
    record = record.replace(b"Content-Length: ", b"Content-Length: 1000000000000000000000000000000", 1)
    (folder / "huge-length.warc").write_bytes(record)
    return [str(folder)]


def _warc_negative_length(folder: Path) -> list[str]:
    record = _response("https://news.example/b", _http_page(_html_of(prose("warc-negative"))))
    head, _, rest = record.partition(b"Content-Length: ")
    digits, _, tail = rest.partition(b"\r\n")
    (folder / "negative-length.warc").write_bytes(head + b"Content-Length: -5\r\n" + tail)
    return [str(folder)]


def _warc_garbage_after(folder: Path) -> list[str]:
    record = _response("https://news.example/c", _http_page(_html_of(prose("warc-garbage"))))
    (folder / "garbage-after.warc").write_bytes(record + b"this is not a record at all \x00\x01\x02" * 40)
    return [str(folder)]


def _warc_non_numeric_length(folder: Path) -> list[str]:
    record = _response("https://news.example/d", _http_page(_html_of(prose("warc-nan"))))
    head, _, rest = record.partition(b"Content-Length: ")
    digits, _, tail = rest.partition(b"\r\n")
    (folder / "nan-length.warc").write_bytes(head + b"Content-Length: twelve\r\n" + tail)
    return [str(folder)]


def _warc_only_errors(folder: Path) -> list[str]:
    page = _http_page(_html_of(prose("warc-404")), status="404 Not Found")
    (folder / "errors.warc").write_bytes(_response("https://news.example/missing", page))
    return [str(folder)]


def _warc_truncated(folder: Path) -> list[str]:
    record = _response("https://news.example/e", _http_page(_html_of(prose("warc-cut"))))
    (folder / "cut.warc").write_bytes(record[: len(record) // 2])
    return [str(folder)]


def _warc_gz_truncated(folder: Path) -> list[str]:
    record = _response("https://news.example/f", _http_page(_html_of(prose("warc-gz-cut"))))
    packed = gzip.compress(record)
    (folder / "cut.warc.gz").write_bytes(packed[: len(packed) * 2 // 3])
    return [str(folder)]


def _warc_bad_http_head(folder: Path) -> list[str]:
    payload = b"HTTP/1.1 2OO OK\r\nContent-Type text/html\r\n\r\n" + _html_of(prose("warc-http")).encode()
    (folder / "bad-http.warc").write_bytes(_response("https://news.example/g", payload))
    return [str(folder)]


def _warc_binary_uri(folder: Path) -> list[str]:
    record = _response("https://news.example/h", _http_page(_html_of(prose("warc-uri-bytes"))))
    record = record.replace(b"https://news.example/h", b"https://news.example/\xff\xfe\x1b[31m", 1)
    (folder / "binary-uri.warc").write_bytes(record)
    return [str(folder)]


# -- JSON ------------------------------------------------------------------------------------------


def _json_record(**fields: object) -> bytes:
    record: dict[str, object] = {"title": "Bridge toll in Marrowby is lifted", "text": prose("json-fields")}
    record.update(fields)
    return json.dumps(record).encode()


def _deep_json() -> bytes:
    return b'{"title": "deep", "text": "x", "nested": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"


def _deep_jsonl() -> bytes:
    good = json.dumps({"title": "Ferry fares in Quillan fall", "text": prose("Quillan")}).encode()
    return good + b"\n" + b"[" * 100_000 + b"]" * 100_000 + b"\n"


def _big_int_json() -> bytes:
    return (
        b'{"title": "Census count in Osterfell", "views": '
        + b"7" * 5000
        + b', "text": '
        + json.dumps(prose("big-int")).encode()
        + b"}"
    )


def _big_float_json() -> bytes:
    return json.dumps({"title": "Float", "text": prose("float"), "published": 1e308}).encode()


# -- Markdown front matter -------------------------------------------------------------------------


def _front_matter(header: str, seed: str) -> bytes:
    return f"---\n{header}\n---\n\n{prose(seed)}".encode()


_BILLION_LAUGHS = "\n".join(
    [
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        *(
            f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},"
            f"*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]"
            for i in range(8)
        ),
        "title: *i",
    ]
)

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


# -- names -------------------------------------------------------------------------------------------


def _named(name: bytes, seed: str) -> Build:
    def build(folder: Path) -> list[str]:
        path = os.path.join(os.fsencode(folder), name)
        with open(path, "wb") as handle:
            handle.write(prose(seed).encode())
        return [str(folder)]

    return build


# -- annotation ----------------------------------------------------------------------------------------


def _with_line(line: str, seed: str) -> Callable[[], str]:
    return lambda: prose(seed) + "\n" + line + "\n\nThe district office said more news would follow.\n"


def _long_text() -> str:
    paragraph = (
        "The river authority of Selbury measured the water level at the weir on {n} mornings, and "
        "inspector Hanne Lorr said the readings stayed within the safe range throughout the week.\n\n"
    )
    return "Selbury river readings published in full\n\n" + "".join(
        paragraph.format(n=number % 97 + 2) for number in range(6_500)
    )


def _no_space_text() -> str:
    return prose("no-space") + "\n" + "abcdefghij" * 30_000 + "\n"


# -- sniffing and encodings ------------------------------------------------------------------------------


def _paywall(name: str, title: str) -> bytes:
    return (
        f"<html><head><title>{title} | The Daily Ledger</title></head><body>"
        "<nav><a href='/'>Home</a></nav><div class='paywall'><p>Register for free to continue reading.</p>"
        "<p>Already a subscriber? Sign in.</p><p>Subscribe now and get unlimited access.</p></div>"
        "<footer>Copyright The Daily Ledger</footer></body></html>"
    ).encode()


def _two_paywalls(folder: Path) -> list[str]:
    (folder / "wall-1.html").write_bytes(_paywall("1", "Mayor of Rookhaven resigns"))
    (folder / "wall-2.html").write_bytes(_paywall("2", "Flood barrier in Ulverby approved"))
    return [str(folder)]


def _nul_laden() -> bytes:
    text = prose("nul-laden")
    return "\x00".join(text[i : i + 40] for i in range(0, len(text), 40)).encode()


def _mixed_line_endings() -> bytes:
    return prose("line-endings").replace("\n", "\r").encode()


def _deep_html() -> str:
    return (
        "<html><body>"
        + "<div>" * 50_000
        + _html_of(prose("deep-html"))
        + "</div>" * 50_000
        + "</body></html>"
    )


def _xml_bomb_feed() -> str:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{level} "{f"&lol{level - 1};" * 10}">' for level in range(1, 10)
    ]
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [\n'
        + "\n".join(entities)
        + '\n]>\n<rss version="2.0"><channel><title>Bomb</title><item><title>&lol9;</title>'
        "<link>https://feed.example/1</link><description>short</description></item></channel></rss>\n"
    )


def _external_entity_feed() -> str:
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n'
        '<rss version="2.0"><channel><title>Leaky Gazette</title><item><title>&secret;</title>'
        "<link>https://feed.example/leak</link><description>&secret;</description></item></channel></rss>\n"
    )


def _big_feed() -> str:
    items = "".join(
        f"<item><title>Notice {n}</title><link>https://feed.example/{n}</link>"
        f"<description>Short notice number {n}.</description></item>"
        for n in range(10_000)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Notices</title>{items}</channel></rss>'


def _many_records() -> str:
    return "\n".join(json.dumps({"title": f"Note {n}", "text": f"Note {n}."}) for n in range(50_000))


def _t(name: str, what: str, build: Build, expect: Expect, *reason: str, **options: object) -> HostileCase:
    return HostileCase(name, what, build, expect, tuple(reason), **options)  # type: ignore[arg-type]


_TABLE = (("articles", "--format", "table"), ("quarantine",))

CASES: list[HostileCase] = [
    # Web archives
    _t("warc-no-target-uri", "a WARC response record without WARC-Target-URI", _warc_without_uri, "either"),
    _t("warc-huge-length", "a WARC Content-Length of 10^30", _warc_huge_length, "quarantined", "archive"),
    _t("warc-negative-length", "a WARC Content-Length of -5", _warc_negative_length, "either"),
    _t("warc-nan-length", "a WARC Content-Length that is a word", _warc_non_numeric_length, "either"),
    _t(
        "warc-garbage-after",
        "a good WARC record followed by garbage",
        _warc_garbage_after,
        "stored+quarantined",
        "after",
    ),
    _t("warc-only-404", "a WARC whose only response is a 404", _warc_only_errors, "quarantined", "archive"),
    _t("warc-truncated", "a WARC cut off in the middle of a record", _warc_truncated, "quarantined", "cut"),
    _t("warc-gz-truncated", "a gzipped WARC cut off", _warc_gz_truncated, "quarantined", "gzip", "cut"),
    _t("warc-bad-http-head", "a WARC response with a broken HTTP head", _warc_bad_http_head, "either"),
    _t(
        "warc-binary-uri",
        "a WARC target URI with raw bytes and escapes",
        _warc_binary_uri,
        "either",
        commands=_TABLE,
    ),
    _t(
        "warc-garbage",
        "a file starting WARC/1.0 then garbage",
        _write("junk.warc", b"WARC/1.0\r\n\x00\xff" * 100),
        "quarantined",
        "archive",
    ),
    # JSON and JSON Lines
    _t("json-deep", "JSON nested 100,000 deep", _write_lazy("deep.json", _deep_json), "quarantined", "JSON"),
    _t(
        "jsonl-deep-line",
        "a JSONL line nested 100,000 deep",
        _write_lazy("deep.jsonl", _deep_jsonl),
        "stored+quarantined",
        "JSON",
    ),
    _t("json-big-int", "an integer of 5,000 digits", _write_lazy("big-int.json", _big_int_json), "either"),
    _t("json-huge-float", "a published date of 1e308", _write_lazy("float.json", _big_float_json), "stored"),
    _t(
        "json-title-int", "a JSON title of 1984", _write("title-int.json", _json_record(title=1984)), "stored"
    ),
    _t(
        "json-title-list",
        "a JSON title that is a list",
        _write("title-list.json", _json_record(title=["A", "B"])),
        "stored",
    ),
    _t(
        "json-title-object",
        "a JSON title that is an object",
        _write("title-obj.json", _json_record(title={"$date": 5})),
        "stored",
    ),
    _t("json-url-int", "a JSON url of 5", _write("url-int.json", _json_record(url=5)), "stored"),
    _t(
        "json-outlet-true",
        "a JSON outlet of true",
        _write("outlet-true.json", _json_record(outlet=True)),
        "stored",
    ),
    _t(
        "json-published-int",
        "a JSON published of 20250101",
        _write("pub-int.json", _json_record(published=20250101)),
        "stored",
    ),
    _t(
        "json-published-list",
        "a JSON published that is a list",
        _write("pub-list.json", _json_record(published=["2025-01-01", 3])),
        "stored",
    ),
    _t(
        "json-author-objects",
        "JSON authors as a list of objects",
        _write("authors.json", _json_record(author=[{"name": "Ada"}, {"x": 1}])),
        "stored",
    ),
    _t(
        "json-tags-int",
        "JSON tags of 7",
        _write("tags.json", _json_record(tags=7, categories={"a": 1})),
        "stored",
    ),
    _t(
        "json-language-int", "a JSON language of 12", _write("lang.json", _json_record(language=12)), "stored"
    ),
    _t(
        "json-text-list",
        "a JSON text that is a list of paragraphs",
        _write("text-list.json", _json_record(text=prose("list").split("\n\n"))),
        "either",
    ),
    _t("json-scalar", "a JSON file holding only 42", _write("scalar.json", b"42"), "quarantined", "JSON"),
    _t("json-null", "a JSON file holding null", _write("null.json", b"null"), "quarantined", "JSON"),
    _t(
        "json-broken",
        "a JSON file with a syntax error",
        _write("broken.json", b'{"title": "x", "text": '),
        "quarantined",
        "JSON",
    ),
    _t(
        "json-many-records",
        "JSON Lines of 50,000 tiny records",
        _write_lazy("many.jsonl", _many_records),
        "either",
        seconds=60,
    ),
    _t(
        "json-nan",
        "JSON with NaN and Infinity",
        _write(
            "nan.json",
            b'{"title": NaN, "text": "'
            + prose("nan").replace("\n", "\\n").encode()
            + b'", "outlet": Infinity}',
        ),
        "stored",
    ),
    _t(
        "json-markup-title",
        "a JSON title and outlet holding Rich markup",
        _write("markup.json", _json_record(title="[/bold] closed [red]", outlet="[link=x]Gazette[/]")),
        "stored",
        commands=(*_TABLE, ("show", "@bad")),
    ),
    _t(
        "json-escape-title",
        "a JSON title holding terminal escapes",
        _write("escape.json", _json_record(title="\x1b[2J\x1b[31mRed\x07 alert", outlet="\x9b31m")),
        "stored",
        commands=(*_TABLE, ("show", "@bad")),
    ),
    # Markdown front matter
    _t(
        "fm-title-int",
        "front matter title: 1984",
        _write("t.md", _front_matter("title: 1984", "fm-int")),
        "stored",
    ),
    _t(
        "fm-title-list",
        "front matter title: [a, b]",
        _write("t.md", _front_matter("title: [a, b]", "fm-list")),
        "stored",
    ),
    _t(
        "fm-title-date",
        "front matter title: 2020-01-07",
        _write("t.md", _front_matter("title: 2020-01-07", "fm-date")),
        "stored",
    ),
    _t(
        "fm-outlet-true",
        "front matter outlet: true",
        _write("t.md", _front_matter("outlet: true", "fm-true")),
        "stored",
    ),
    _t(
        "fm-outlet-yes",
        "front matter outlet: yes",
        _write("t.md", _front_matter("outlet: yes", "fm-yes")),
        "stored",
    ),
    _t("fm-url-int", "front matter url: 5", _write("t.md", _front_matter("url: 5", "fm-url")), "stored"),
    _t(
        "fm-date-int",
        "front matter date: 1999",
        _write("t.md", _front_matter("date: 1999", "fm-year")),
        "stored",
    ),
    _t(
        "fm-author-map",
        "front matter author as a mapping",
        _write("t.md", _front_matter("author: {name: Ada, x: [1]}", "fm-map")),
        "stored",
    ),
    _t(
        "fm-billion-laughs",
        "a YAML billion-laughs in front matter",
        _write("laughs.md", f"---\n{_BILLION_LAUGHS}\n---\n\n{prose('laughs')}"),
        "either",
    ),
    _t(
        "fm-not-closed",
        "front matter that is never closed",
        _write("open.md", "---\ntitle: x\n\n" + prose("open-fm")),
        "either",
    ),
    _t(
        "fm-is-list",
        "front matter that is a list",
        _write("list.md", _front_matter("- a\n- b", "fm-is-list")),
        "stored",
    ),
    _t(
        "fm-toml-broken",
        "broken TOML front matter",
        _write("toml.md", "+++\ntitle = \n+++\n\n" + prose("toml")),
        "quarantined",
        "front matter",
    ),
    _t(
        "fm-yaml-tags",
        "front matter with Python object tags",
        _write("tags.md", _front_matter("title: !!python/object/apply:os.system ['true']", "fm-tag")),
        "either",
    ),
    # Resource bombs and things that are not files
    _t("zip-bomb", "an archive of 200 members of 19 MB each", _zip_bomb, "quarantined", "zip", seconds=40),
    _t("zip-articles", "a zip of reports, one named ../../escape.txt", _zip_of_many_articles, "stored"),
    _t("zip-nested", "zips nested 12 deep", _zip_nested, "either"),
    _t("zip-encrypted", "a zip with an encrypted member", _zip_encrypted, "quarantined", "zip", "encrypted"),
    _t("gzip-nested", "gzip in gzip, 30 deep", _gzip_nested, "either"),
    _t("gzip-bomb", "a gzip expanding to 60 MB", _gzip_bomb, "quarantined", "size cap"),
    _t("fifo", "a named pipe among the files", _fifo, "quarantined", "not a regular file", seconds=15),
    _t(
        "device-link", "a symlink to /dev/zero", _device_link, "quarantined", "not a regular file", seconds=15
    ),
    _t(
        "device-named",
        "/dev/zero named on the command line",
        _device_named,
        "quarantined",
        "not a regular file",
        seconds=15,
    ),
    _t("socket-file", "a unix socket among the files", _socket_file, "quarantined", "not a regular file"),
    _t("symlink-loop", "two symlinks pointing at each other", _symlink_loop, "quarantined"),
    _t("folder-link-cycle", "a folder linking back to its parent", _folder_link_cycle, "stored"),
    _t("dangling-link", "a symlink to nothing", _dangling_link, "quarantined", "no such file"),
    _t("missing-path", "a path that does not exist", _missing_path, "quarantined", "no such file"),
    _t("empty-folder", "an empty folder", _empty_folder, "quarantined", "no files"),
    _t(
        "too-large",
        "a text file over the size cap",
        _write_lazy("large.txt", lambda: b"word " * 4_400_000),
        "quarantined",
        "size cap",
    ),
    # Annotation
    _t(
        "line-of-gt",
        "one line of 100,000 '>'",
        _write_lazy("gt.txt", _with_line(">" * 100_000, "gt")),
        "either",
        annotate=True,
        seconds=90,
    ),
    _t(
        "line-of-bang",
        "one line of 100,000 '!'",
        _write_lazy("bang.txt", _with_line("!" * 100_000, "bang")),
        "either",
        annotate=True,
        seconds=90,
    ),
    _t(
        "long-text",
        "a report of 1.2 million characters",
        _write_lazy("long.txt", _long_text),
        "stored",
        annotate=True,
        seconds=240,
    ),
    _t(
        "no-space-word",
        "a 300,000-character word",
        _write_lazy("word.txt", _no_space_text),
        "either",
        annotate=True,
        seconds=90,
    ),
    # Names
    _t(
        "name-not-utf8",
        "a file name with a non-UTF-8 byte",
        _named(b"caf\xe9-report.txt", "not-utf8"),
        "stored",
        commands=_TABLE,
    ),
    _t("name-open-bracket", "a file named x[", _named(b"x[", "open-bracket"), "stored", commands=_TABLE),
    _t(
        "name-markup",
        "a file named red].txt and [bold]b.txt",
        _named(b"[bold]red].txt", "markup-name"),
        "stored",
        commands=_TABLE,
    ),
    _t(
        "name-ansi",
        "a file name with ANSI escapes",
        _named(b"\x1b[31mred\x1b[0m.txt", "ansi-name"),
        "stored",
        commands=_TABLE,
    ),
    _t(
        "name-newline",
        "a file name with a newline",
        _named(b"two\nlines.txt", "newline-name"),
        "stored",
        commands=_TABLE,
    ),
    _t(
        "name-bidi",
        "a file name with a right-to-left override",
        _named("evil\u202etxt.exe".encode(), "bidi"),
        "stored",
        commands=_TABLE,
    ),
    _t("name-long", "a file name of 250 bytes", _named(b"n" * 246 + b".txt", "long-name"), "stored"),
    _t(
        "name-bad-empty",
        "an empty file with an escape in its name",
        _named(b"\x1b]0;title\x07.txt", "x"),
        "stored",
        commands=_TABLE,
    ),
    # Sniffing, encodings and text
    _t(
        "txt-bracket-start",
        "a .txt starting [Census]",
        _write("census.txt", "[Census] " + prose("Census")),
        "stored",
    ),
    _t(
        "txt-brace-start",
        "a .txt starting {Updated}",
        _write("updated.txt", "{Updated} " + prose("Updated")),
        "stored",
    ),
    _t(
        "txt-lt-start",
        "a .txt starting <Correction>",
        _write("corr.txt", "<Correction> " + prose("Correction")),
        "stored",
    ),
    _t("two-paywalls", "two different paywalled pages", _two_paywalls, "quarantined", "no article text"),
    _t(
        "boilerplate-only",
        "a page of cookie notices only",
        _write(
            "cookies.html",
            "<html><body><p>We use cookies to improve your experience.</p><p>Accept all cookies</p><p>Manage preferences</p></body></html>",
        ),
        "quarantined",
        "no article text",
    ),
    _t(
        "utf16-le-nobom",
        "UTF-16 LE text without a BOM",
        _write("le.txt", prose("utf16-le").encode("utf-16-le")),
        "stored",
    ),
    _t(
        "utf16-be-nobom",
        "UTF-16 BE text without a BOM",
        _write("be.txt", prose("utf16-be").encode("utf-16-be")),
        "stored",
    ),
    _t("utf32-bom", "UTF-32 text with a BOM", _write("u32.txt", prose("utf32").encode("utf-32")), "stored"),
    _t("nul-laden", "UTF-8 text with NUL bytes in it", _write_lazy("nul.txt", _nul_laden), "stored"),
    _t(
        "mixed-encodings",
        "UTF-8 with cp1252 bytes pasted in",
        _write("mixed.txt", prose("mixed").encode() + "caf\xe9 \x93quoted\x94".encode("latin-1")),
        "stored",
    ),
    _t("bom-only", "a file holding only a BOM", _write("bom.txt", b"\xef\xbb\xbf"), "quarantined"),
    _t(
        "whitespace-only",
        "a file of spaces and newlines",
        _write("blank.txt", b" \n\t\n  \r\n" * 50),
        "quarantined",
    ),
    _t("empty-file", "an empty file", _write("empty.txt", b""), "quarantined", "empty"),
    _t("png", "a PNG image", _write("image.txt", b"\x89PNG\r\n\x1a\n" + bytes(200)), "quarantined", "PNG"),
    _t(
        "pdf",
        "a PDF document",
        _write("doc.html", b"%PDF-1.7\n" + bytes(range(256)) * 4),
        "quarantined",
        "PDF",
    ),
    _t("cr-only", "text with CR line endings", _write_lazy("cr.txt", _mixed_line_endings), "stored"),
    _t(
        "one-huge-line",
        "a text of 1.1 million characters without a line break",
        _write_lazy("oneline.txt", lambda: "The harbour office of Thornwick said. " * 30_000),
        "stored",
        annotate=True,
        seconds=120,
    ),
    _t(
        "control-chars",
        "text full of control characters",
        _write("ctrl.txt", prose("ctrl").replace(" ", " \x07\x08\x1b[1m")),
        "either",
        commands=_TABLE,
    ),
    # HTML and feeds
    _t(
        "html-deep",
        "HTML nested 50,000 divs deep",
        _write_lazy("deep.html", _deep_html),
        "either",
        seconds=60,
    ),
    _t(
        "html-scripts-only",
        "a page of scripts only",
        _write(
            "scripts.html",
            "<html><head><script>var a=1;</script></head><body><script>alert(1)</script></body></html>",
        ),
        "quarantined",
        "no article text",
    ),
    _t(
        "html-unclosed",
        "HTML with unclosed tags",
        _write("unclosed.html", "<html><body><p>" + prose("unclosed").replace("\n\n", "<p><div><b>")),
        "either",
    ),
    _t(
        "html-huge-attribute",
        "HTML with a 5 MB attribute",
        _write_lazy(
            "attr.html",
            lambda: (
                "<html><body><div data-x='"
                + "a" * 5_000_000
                + "'></div>"
                + _html_of(prose("attr"))
                + "</body></html>"
            ),
        ),
        "either",
        seconds=60,
    ),
    _t(
        "html-bad-date",
        "HTML with a meta date of 2020-13-45 and year 10000",
        _write(
            "dates.html",
            _html_of(prose("bad-date")).replace(
                "<head>",
                "<head><meta name='date' content='2020-13-45'><meta property='article:published_time' content='10000-01-01'>",
            ),
        ),
        "stored",
    ),
    _t(
        "feed-xml-bomb",
        "an RSS feed with an entity expansion bomb",
        _write_lazy("bomb.xml", _xml_bomb_feed),
        "either",
        seconds=30,
    ),
    _t(
        "feed-external-entity",
        "an RSS feed with an external entity",
        _write_lazy("leak.xml", _external_entity_feed),
        "either",
        commands=_TABLE,
    ),
    _t(
        "feed-10k-entries",
        "an RSS feed of 10,000 link-only entries",
        _write_lazy("big.xml", _big_feed),
        "either",
        seconds=60,
    ),
    _t(
        "feed-truncated",
        "an RSS feed cut off",
        _write("cut.xml", '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>A'),
        "quarantined",
        "feed",
    ),
    _t(
        "dot-files",
        "a folder of hidden files only",
        _write(".hidden.txt", prose("hidden")),
        "quarantined",
        "hidden",
    ),
]
