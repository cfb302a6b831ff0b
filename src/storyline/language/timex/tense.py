"""Which way a bare "Friday" or "March" points: the tense around it, read from nearby words.

No part-of-speech tagger is at hand, so the words of the sentence decide, nearest first: future
cues ("will", "'ll", "to be held", "scheduled", "expected to", "next", "plans") point forward;
past cues ("said", "was", "had", "ago", "last", a verb ending in "-ed") point back. Verbs of
saying come first in news ("officials said Friday"), so a cue right before the expression weighs
most; without any cue, news tells of what has happened, and the default is the past.
"""

from __future__ import annotations

import re

FUTURE = frozenset(
    """
    will would 'll wo shall going gonna scheduled schedule expected expects expect due plans plan
    intends intend upcoming coming tomorrow await awaits awaiting set
    """.split()
)
PAST = frozenset(
    """
    said says say told was were had did ago last earlier yesterday announced reported began came went
    took made met gave saw left won lost fell rose held sent began ran led struck
    found became brought kept paid sold bought spent thought felt knew got told broke fought wrote
    """.split()
)
# "-ed" words that are not past verbs often enough to mislead.
NOT_PAST = frozenset(
    "need red bed hundred united limited speed feed seed proceed exceed succeed wed shed".split()
)
# Cues that look past but point forward when an auxiliary of the future precedes them:
# "is expected to", "are scheduled" are covered by FUTURE; "to be held" by the infinitive check.
_WORD = re.compile(r"[A-Za-z']+")
WINDOW = 60  # characters each side: a clause, roughly


def direction(
    text: str, start: int, end: int, sentence_start: int = 0, sentence_end: int | None = None
) -> str:
    """ "-1" when the expression at text[start:end] speaks of the past, "+1" of the future.

    >>> direction(text := "The talks will resume Friday.", text.index("Friday"), text.index("Friday") + 6)
    '+1'
    >>> direction(text := "Officials said Friday that ...", 15, 21)
    '-1'
    """
    if sentence_end is None:
        sentence_end = len(text)
    if text.startswith(("'s", "’s"), end):  # "Friday's vote": news names past events this way
        return "-1"
    left = _WORD.findall(text[max(sentence_start, start - WINDOW) : start])[::-1]
    right = _WORD.findall(text[end : min(sentence_end, end + WINDOW)])
    # The words just around the expression, nearest first, alternating sides.
    for index in range(max(len(left), len(right))):
        if index < len(left):
            cue = _cue(left[index], left[index + 1] if index + 1 < len(left) else "")
            if cue:
                return cue
        if index < len(right):
            cue = _cue(right[index], right[index - 1] if index else "")
            if cue:
                return cue
    return "-1"


def _cue(word: str, before: str) -> str | None:
    # `before` is the word before `word` in the text, which turns "held" into a future
    # in "to be held" and "will be held".
    word = word.lower()
    if word in FUTURE or word == "be":
        return "+1"
    if word in PAST or (len(word) > 4 and word.endswith("ed") and word not in NOT_PAST):
        return "+1" if before.lower() in ("be", "to", "will") else "-1"
    return None
