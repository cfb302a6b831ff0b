"""Text from the inputs on its way out: made visible for a terminal, made inert for a spreadsheet.

Titles, outlets, file names and reasons come from the news files, and a file may carry anything:
an escape sequence that recolours or clears the terminal, a bidi override that shows a name
backwards, a cell like `=HYPERLINK(...)` that a spreadsheet runs as a formula.

>>> for_terminal("red\\x1b[31m.txt")
'red\\\\x1b[31m.txt'
>>> for_spreadsheet("=1+1")
"'=1+1"
"""

from __future__ import annotations

__all__ = ["for_json", "for_spreadsheet", "for_terminal"]

# C0 controls (but newline and tab, which lay text out), DEL and the C1 controls, one of which
# (U+009B) starts an escape sequence on its own on some terminals; then the bidi marks,
# embeddings, overrides and isolates, and the Unicode line and paragraph separators.
_CONTROLS = [*(c for c in range(0x20) if chr(c) not in "\n\t"), 0x7F, *range(0x80, 0xA0)]
_BIDI = [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x2028, 0x2029]
_VISIBLE = str.maketrans({**{c: f"\\x{c:02x}" for c in _CONTROLS}, **{c: f"\\u{c:04x}" for c in _BIDI}})

# JSON escapes C0 itself; DEL, C1 and the bidi controls it leaves as they are: written \u escapes here.
_JSON_ESCAPES = str.maketrans({c: f"\\u{c:04x}" for c in (*_CONTROLS, *_BIDI) if c >= 0x7F})

# OWASP's list for CSV injection, and their full-width forms, which spreadsheets read alike.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def for_terminal(text: str) -> str:
    """`text` with every control character but newline and tab written out, as `\\x1b` or `\\u202e`."""
    return text.translate(_VISIBLE)


def for_json(text: str) -> str:
    """JSON text (from `json.dumps`) with the controls it may hold as they are written as `\\u` escapes:
    the same JSON value, safe on a terminal."""
    return text.translate(_JSON_ESCAPES)


def for_spreadsheet(text: str) -> str:
    """`text` as a spreadsheet shows it and never runs it: a leading `'` when it could start a formula."""
    return "'" + text if text.startswith(_FORMULA_STARTS) else text
