"""Recognise Penn-Treebank-tokenised text (as in Timeline17) and turn it back into normal prose."""

from __future__ import annotations

import re

# Tokens that only a PTB tokeniser writes: `` '' -LRB- -RRB- and split clitics ("do n't", "it 's").
_PTB_MARKERS = re.compile(r"``|''|-[LR][RSC]B-| n't\b| '[sdm]\b| '(ll|re|ve)\b| [,.;:?!](?= |$)")

_BRACKETS = {"-LRB-": "(", "-RRB-": ")", "-LSB-": "[", "-RSB-": "]", "-LCB-": "{", "-RCB-": "}",
             "\\/": "/", "\\*": "*"}
_BRACKET = re.compile("|".join(re.escape(token) for token in _BRACKETS))
# Spaces only, never newlines: a whole document is detokenised in one pass, a sentence a line.
_OPEN_QUOTE = re.compile(r"`` *")
_CLOSE_QUOTE = re.compile(r" *''")
_SPACE_BEFORE = re.compile(r" +([,.;:?!%)\]}]|n't\b|'(?:s|d|m|ll|re|ve)\b)", re.IGNORECASE)
_SPACE_AFTER = re.compile(r"([(\[{$]) +")
_DOTS = re.compile(r" *\. *\. *\.")
_SPACES = re.compile(r" {2,}")


def looks_tokenised(lines: list[str]) -> bool:
    """True when the text carries PTB marks on a good share of its lines."""
    sample = [line for line in lines[:60] if line.strip()]
    if not sample:
        return False
    marked = sum(1 for line in sample if _PTB_MARKERS.search(line))
    return marked / len(sample) >= 0.4 and any(" , " in l or " . " in l + " " for l in sample)


def detokenise(text: str) -> str:
    """Undo PTB tokenisation in a line or a whole text (line breaks are kept)."""
    text = _BRACKET.sub(lambda match: _BRACKETS[match.group(0)], text)
    text = _OPEN_QUOTE.sub("\"", text)
    text = _CLOSE_QUOTE.sub("\"", text)
    text = _DOTS.sub("...", text)
    text = _SPACE_BEFORE.sub(r"\1", text)
    text = _SPACE_AFTER.sub(r"\1", text)
    # A lone ' as a closing single quote: "the ` word ' style" is rare enough to leave alone.
    return _SPACES.sub(" ", text)
