"""Which way a bare "Friday" or "March" points: the tense around it, read from nearby words.

No part-of-speech tagger is at hand, so the words of the sentence decide, nearest first and
alternating sides: future cues ("will", "'ll", "to be held", "scheduled to", "plans", "next")
point forward; past cues ("said", "was", "had", "ago", a verb ending in "-ed") point back. Verbs
of saying come first in news ("officials said Friday"), so a cue right before the expression
weighs most; without any cue, news tells of what has happened, and the default is the past.

A few readings need more than one word:

- "scheduled", "due", "set", "expected" point forward when "to" or "for" follows
  ("set to resume Monday"), but not after "had" ("had been due to expire Friday");
- a participle after "stay", "remain", "keep" is an adjective ("would stay closed until Friday");
- "planned to leave on Thursday" points forward, "On Thursday, they planned to leave" back;
  "as soon as Tuesday" forward;
- "postponed until Tuesday", "delayed to Monday": a deferral points forward, and so does "until"
  after a verb ("has until Tuesday to sign"), but not opening a sentence ("Until Thursday, they had");
- "would" after a past verb of saying is the future seen from the past ("the authority said on
  Tuesday that the harbour would stay closed until Friday"): the direction is `~`, the day after
  the reporting day, which tag_times finds (or the nearest such day to the anchor).
"""

from __future__ import annotations

import re

FUTURE = frozenset(
    """
    will 'll shall going gonna upcoming coming tomorrow await awaits awaiting plans plan planning
    intends intend intending next expects expect hopes hope
    """.split()
)
# Future only when "to" or "for" follows: "set to resume", "scheduled for", "due to arrive".
FUTURE_BEFORE_TO = frozenset("scheduled schedule expected due set slated poised".split())
# A past intention points forward only when "to" follows it and it comes before the day
# ("planned to leave on Thursday"); after the day, it is what was done then ("On Friday, the
# government planned to pay"), and "agreed in June to buy" is about June.
INTENDED = frozenset("planned intended hoped promised vowed pledged agreed".split())
PAST = frozenset(
    """
    said says say told was were had did ago last earlier yesterday announced reported began came went
    took made met gave saw left won lost fell rose held sent ran led struck
    found became brought kept paid sold bought spent thought felt knew got broke fought wrote
    """.split()
)
REPORTING = frozenset(
    "said told announced reported added stated declared warned predicted insisted confirmed".split()
)
# Verbs that move an event later: "postponed until Tuesday" points forward from a past verb.
DEFERRAL = frozenset(
    "postponed delayed deferred adjourned extended rescheduled moved pushed put recessed".split()
)
# "-ed" words that are not past verbs often enough to mislead.
NOT_PAST = frozenset(
    "need red bed hundred united limited speed feed seed proceed exceed succeed wed shed".split()
)
_LINKING = frozenset("stay stays stayed remain remains remained keep keeps kept be been being".split())
_SOON = frozenset("soon early quickly".split())
_WORD = re.compile(r"[A-Za-z']+")
WINDOW = 60  # characters each side: a clause, roughly
_ATTRIBUTION_AFTER = re.compile(
    r"\s*,\s*(?:[\w'’.-]+\s+){1,4}(?:" + "|".join(sorted(REPORTING | {"says"})) + r")\b", re.IGNORECASE
)


def direction(
    text: str, start: int, end: int, sentence_start: int = 0, sentence_end: int | None = None
) -> str:
    """ "-1" when the expression at text[start:end] speaks of the past, "+1" of the future, "~" of
    the future seen from a past report ("said ... would reopen Friday").

    >>> direction(text := "The talks will resume Friday.", text.index("Friday"), text.index("Friday") + 6)
    '+1'
    >>> direction(text := "Officials said Friday that ...", 15, 21)
    '-1'
    """
    if sentence_end is None:
        sentence_end = len(text)
    if text.startswith(("'s", "’s"), end):  # "Friday's vote": news names past events this way
        return "-1"
    left = _WORD.findall(text, max(sentence_start, start - WINDOW), start)[::-1]
    right = _WORD.findall(text, end, min(sentence_end, end + WINDOW))
    if _ATTRIBUTION_AFTER.match(text, end, min(sentence_end, end + WINDOW)):
        right = []  # "... by late January, engineers said": the attribution does not date the clause
    if len(left) >= 2 and left[0].lower() in ("until", "till", "to") and left[1].lower() in DEFERRAL:
        return "+1"  # "postponed until Tuesday"
    if len(left) >= 3 and left[2].lower() == "as" and left[0].lower() == "as" and left[1].lower() in _SOON:
        return "+1"  # "as soon as Tuesday", "as early as next week": a earliest date still to come
    found = _nearest_cue(text, start, sentence_start, left, right)
    if found == "-1" and left and left[0] in ("until", "till"):
        return "+1"  # a deadline: "has until 9 a.m. Tuesday to sign" (but "Until Thursday, they had")
    return found


def _nearest_cue(text: str, start: int, sentence_start: int, left: list[str], right: list[str]) -> str:
    # The words just around the expression, nearest first, alternating sides.
    for index in range(max(len(left), len(right))):
        if index < len(left):
            following = left[index - 1] if index else ""
            word = left[index]
            if word.lower() in INTENDED and following.lower() == "to":
                return "+1"
            cue = _cue(word, left[index + 1] if index + 1 < len(left) else "", following)
            if cue == "would":
                return _would(text, start, sentence_start, left[index + 1 :])
            if cue:
                return cue
        if index < len(right):
            following = right[index + 1] if index + 1 < len(right) else ""
            cue = _cue(right[index], right[index - 1] if index else "", following)
            if cue:
                return "+1" if cue == "would" else cue
    return "-1"


def _would(text: str, start: int, sentence_start: int, before: list[str]) -> str:
    # "would" before the expression: the future in the past when a verb of saying in the past
    # comes before it in the sentence, else a conditional future.
    words = before if len(before) >= 12 else _WORD.findall(text, sentence_start, start)[::-1]
    return "~" if any(word.lower() in REPORTING for word in words) else "+1"


def _cue(word: str, before: str, after: str) -> str | None:
    # `before` and `after` are the words either side of `word` in the text: "to be held" and
    # "will be held" are futures, "scheduled to" is one, "stay closed" is no verb at all.
    word = word.lower()
    if word in ("would", "'d"):
        return "would"
    if word == "next" and after.lower() in ("to", "door"):
        return None  # "next to the embassy": a place
    if word in FUTURE or word == "be":
        return "+1"
    if word in FUTURE_BEFORE_TO:
        if before.lower() in ("had", "been"):
            return "-1"
        if after.lower() in ("to", "for"):
            return "+1"
    if word in PAST or (len(word) > 4 and word.endswith("ed") and word not in NOT_PAST):
        before = before.lower()
        if before in ("be", "to", "will"):
            return "+1"
        if before in _LINKING and word not in PAST:
            return None
        return "-1"
    return None
