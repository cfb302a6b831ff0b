"""Recognise Penn-Treebank-tokenised text (as in Timeline17) and turn it back into normal prose."""

from __future__ import annotations

import re

# Tokens that only a PTB tokeniser writes: `` '' -LRB- -RRB- and split clitics ("do n't", "it 's").
_PTB_MARKERS = re.compile(r"``|''|-[LR][RSC]B-| n't\b| '[sdm]\b| '(ll|re|ve)\b| [,.;:?!](?= |$)")

_BRACKETS = {
    "-LRB-": "(",
    "-RRB-": ")",
    "-LSB-": "[",
    "-RSB-": "]",
    "-LCB-": "{",
    "-RCB-": "}",
    "\\/": "/",
    "\\*": "*",
}
_BRACKET = re.compile("|".join(re.escape(token) for token in _BRACKETS))
# Spaces only, never newlines: a whole document is detokenised in one pass, a sentence a line.
# Patterns start with a literal and case is fixed, so the regex engine can skip ahead quickly.
_OPEN_QUOTE = re.compile(r"`` ?")
_CLITIC_OR_PUNCTUATION = re.compile(r" (?=[,.;:?!%)\]}]|n't\b|N'T\b|'(?:s|d|m|ll|re|ve|S|D|M|LL|RE|VE)\b)")
_DOTS = re.compile(r" ?\. ?\. ?\.")
_SPACES = re.compile(r"  +")
_OPENERS = ("( ", "[ ", "{ ", "$ ")


def looks_tokenised(lines: list[str]) -> bool:
    """True when the text carries PTB marks on a good share of its lines."""
    sample = [line for line in lines[:60] if line.strip()]
    if not sample:
        return False
    marked = sum(1 for line in sample if _PTB_MARKERS.search(line))
    return marked / len(sample) >= 0.4 and any(" , " in line or " . " in line + " " for line in sample)


def detokenise(text: str) -> str:
    """Undo PTB tokenisation in a line or a whole text (line breaks are kept)."""
    if "-" in text or "\\" in text:
        text = _BRACKET.sub(lambda match: _BRACKETS[match.group(0)], text)
    if "``" in text:
        text = _OPEN_QUOTE.sub('"', text)
    if "''" in text:
        text = text.replace(" ''", '"').replace("''", '"')
    if ". ." in text:
        text = _DOTS.sub("...", text)
    text = _CLITIC_OR_PUNCTUATION.sub("", text)
    for opener in _OPENERS:
        if opener in text:
            text = text.replace(opener, opener[0])
    # A lone ' as a closing single quote: "the ` word ' style" is rare enough to leave alone.
    return _SPACES.sub(" ", text) if "  " in text else text
