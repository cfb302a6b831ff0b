"""Bytes to text: BOMs, UTF-8, legacy single-byte encodings, and files that mix them."""

from __future__ import annotations

import codecs
import re
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
    """Return (text, encoding name). Never fails on text-like input; binary is the caller's check.
    NUL characters, which no text means and some stores refuse, are left out (a space where one
    stood between two words)."""
    text, encoding = _decode(data)
    if "\x00" in text:
        text = _NUL_BETWEEN_WORDS.sub(" ", text).replace("\x00", "")
    return text, encoding


_NUL_BETWEEN_WORDS = re.compile(r"(?<=\S)\x00+(?=\S)")


def _decode(data: bytes) -> tuple[str, str]:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                break
    wide = utf16_without_bom(data)
    if wide:
        try:
            return data.decode(wide), wide
        except UnicodeDecodeError:
            pass
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
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or utf16_without_bom(head):
        return None
    # Text with NUL bytes strewn in it (a bad export, a padded record) is still text when the
    # rest of it is: judged without them.
    text_part = head.replace(b"\x00", b"")
    if len(text_part) < 0.7 * len(head) or not text_part:
        return "binary data"
    controls = len(text_part) - len(text_part.translate(None, _CONTROL_BYTES))
    if controls / len(text_part) > 0.05:
        return "binary data"
    return None


def utf16_without_bom(data: bytes) -> str | None:
    """ "utf-16-le" or "utf-16-be" for UTF-16 text without a byte order mark, told apart by where
    the zero bytes of its Latin characters fall; None for anything else."""
    head = data[:4096]
    head = head[: len(head) - len(head) % 2]
    if len(head) < 16:
        return None
    even, odd = head[0::2], head[1::2]
    zeros_even, zeros_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    for zeros_high, zeros_low, encoding in (
        (zeros_odd, zeros_even, "utf-16-le"),
        (zeros_even, zeros_odd, "utf-16-be"),
    ):
        if zeros_high > 0.6 and zeros_low < 0.05:
            try:
                decoded = head.decode(encoding)
            except UnicodeDecodeError:
                return None
            printable = sum(1 for ch in decoded if ch.isprintable() or ch in "\t\r\n")
            return encoding if printable > 0.95 * len(decoded) else None
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


__all__ = ["decode_text", "binary_kind", "gunzip", "is_gzip", "utf16_without_bom"]
