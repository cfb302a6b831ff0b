"""Bytes to text: BOMs, UTF-8, legacy single-byte encodings, and files that mix them."""

from __future__ import annotations

import codecs
import zlib

import charset_normalizer

from storyline.errors import UnreadableInput

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Encodings charset-normalizer may name for Western text that cp1252 reads as well or better: a
# short English page with one curly quote is "cp1250" or "mac_roman" to a statistical detector,
# but the web's legacy default is cp1252.
_WESTERN_SINGLE_BYTE = {
    "cp1252",
    "windows-1252",
    "latin_1",
    "iso8859_1",
    "iso8859_15",
    "cp1250",
    "iso8859_2",
    "mac_roman",
    "mac_latin2",
    "cp850",
    "cp437",
    "ascii",
    "cp1257",
    "iso8859_9",
    "cp1254",
    "iso8859_10",
    "iso8859_13",
    "iso8859_14",
    "iso8859_16",
    "iso8859_3",
    "iso8859_4",
}


def _cp1252_fallback(error: UnicodeError) -> tuple[str, int]:
    """Decode the bytes UTF-8 rejected as cp1252: files that mix UTF-8 with pasted legacy text."""
    assert isinstance(error, UnicodeDecodeError)
    bad = error.object[error.start : error.end]
    return bad.decode("cp1252", errors="replace").replace("\ufffd", ""), error.end


codecs.register_error("storyline-cp1252", _cp1252_fallback)


def decode_text(data: bytes) -> tuple[str, str]:
    """Return (text, encoding name). Never fails on text-like input; binary is the caller's check."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                break
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        first_error = exc
    valid_prefix = data[: first_error.start]
    if any(b >= 0x80 for b in valid_prefix) or _has_utf8_sequences(data):
        # Real UTF-8 multi-byte sequences are present, so the rest is a mix: keep UTF-8, mend the holes.
        return data.decode("utf-8", errors="storyline-cp1252"), "utf-8+cp1252"
    best = charset_normalizer.from_bytes(data[:200_000]).best()
    encoding = (best.encoding if best else "cp1252").lower()
    if encoding in _WESTERN_SINGLE_BYTE:
        return data.decode("cp1252", errors="storyline-cp1252"), "cp1252"
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError):
        return data.decode("cp1252", errors="storyline-cp1252"), "cp1252"


def _has_utf8_sequences(data: bytes) -> bool:
    text = data.decode("utf-8", errors="ignore")
    return any(ord(ch) > 0x7F for ch in text)


_TEXT_CONTROL = {9, 10, 12, 13, 27}
_CONTROL_BYTES = bytes(b for b in range(32) if b not in _TEXT_CONTROL)


def binary_kind(data: bytes) -> str | None:
    """Name the kind of binary content, or None when the bytes look like text."""
    head = data[:8192]
    for magic, kind in (
        (b"%PDF", "a PDF document"),
        (b"\x89PNG", "a PNG image"),
        (b"\xff\xd8\xff", "a JPEG image"),
        (b"GIF8", "a GIF image"),
        (b"\x7fELF", "an executable"),
        (b"BZh", "bzip2 data"),
        (b"\xfd7zXZ", "xz data"),
    ):
        if head.startswith(magic):
            return kind
    if not head:
        return None
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if b"\x00" in head or controls / len(head) > 0.05:
        return "binary data"
    return None


def gunzip(data: bytes, *, max_bytes: int) -> tuple[bytes, str | None]:
    """Decompress every gzip member; on damage return what was readable and why it stopped."""
    out = bytearray()
    rest = data
    while rest:
        decompressor = zlib.decompressobj(wbits=31)
        try:
            out += decompressor.decompress(rest, max_bytes + 1 - len(out))
        except zlib.error as exc:
            return bytes(out), f"corrupt gzip data ({exc})"
        if len(out) > max_bytes:
            raise UnreadableInput(f"gzip expands to more than {max_bytes // 1_000_000} MB (size cap)")
        if not decompressor.eof:
            return bytes(out), "truncated gzip (compressed data ends before the end-of-stream marker)"
        rest = decompressor.unused_data.lstrip(b"\x00")
        if rest and not rest.startswith(b"\x1f\x8b"):
            break  # trailing garbage after the last member, as gzip(1) tolerates
    return bytes(out), None


def is_gzip(data: bytes) -> bool:
    return data[:2] == b"\x1f\x8b"


__all__ = ["decode_text", "binary_kind", "gunzip", "is_gzip"]
