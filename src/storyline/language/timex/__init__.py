"""Time expressions in news text, normalised to TIMEX3 values: our own rule-based tagger.

1. patterns.py finds candidate expressions with one compiled alternation of rules;
2. normalise.py reads each hit into a TIMEX3 type and a value, or a relative form when the value
   depends on a date ("last Friday", "six years ago", "the next day");
3. tense.py decides which way a bare weekday or month points ("said Friday" / "will meet Friday");
4. anchor.py resolves relative forms against the article's date, or against the previous
   expression for "the next day"; its docstring documents the grammar of `relative`.

An article without a date gets X placeholders ("XXXX-XX-XX") and keeps the relative form, so
`resolve_again` can finish the job once a later stage infers the date.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import replace

from storyline.language.sentences import TokenizedSentence, tokenize_sentences
from storyline.language.timex.anchor import Anchor, resolve
from storyline.language.timex.normalise import READERS, Reading
from storyline.language.timex.patterns import find_hits
from storyline.language.timex.tense import direction
from storyline.models import TimeExpression

__all__ = ["resolve_again", "tag_times"]

_THE_BEFORE_COMPOUND = re.compile(r"the \S+-\S+$", re.I)


def tag_times(
    text: str,
    sentences: Sequence[TokenizedSentence] | None = None,
    *,
    anchor: str | None = None,
    anchor_source: str | None = None,
) -> list[TimeExpression]:
    """Find time expressions in `text` (offsets into it) and normalise them to TIMEX3 values.

    `anchor` is an ISO date at any precision ("2020-01-07", "2020-01", "2020") or None for an
    undated article. `sentences` may be None: then the text is split here.

    >>> [(t.text, t.value) for t in tag_times("Officials said Friday they will meet Monday.", anchor="2020-01-08")]
    [('Friday', '2020-01-03'), ('Monday', '2020-01-13')]
    """
    if sentences is None:
        sentences = tokenize_sentences(text)
    starts = [sentence.start for sentence in sentences]
    parsed_anchor = Anchor.parse(anchor)
    source = (anchor_source or "given") if anchor else None
    previous: Anchor | None = None  # the last expression with a day, for "the next day"
    previous_sentence = -2  # the sentence it is in
    dated: Anchor | None = None  # the last expression with a year, for "that year"
    times: list[TimeExpression] = []
    last_quarter = ""  # the quarter a results story is about, for "a year earlier"
    days_in_sentence: dict[int, list[TimeExpression]] = {}  # expressions with a day, by sentence
    clocks: list[tuple[int, TimeExpression]] = []  # clock times without a day, by sentence
    for hit in find_hits(text):
        index = bisect.bisect_right(starts, hit.start) - 1
        bounds = (sentences[index].start, sentences[index].end) if index >= 0 else (0, len(text))

        def tense(start: int = hit.start, end: int = hit.end, bounds: tuple[int, int] = bounds) -> str:
            return direction(text, start, end, *bounds)

        try:
            reading = READERS[hit.rule](hit, text, tense)
            if reading is None:
                continue
            reported = previous if previous_sentence == index else None
            expression = _expression(
                text,
                hit.start,
                hit.end,
                hit.rule,
                reading,
                parsed_anchor,
                anchor,
                source,
                previous,
                reported,
                dated,
            )
        except (ValueError, OverflowError, KeyError, IndexError):
            continue  # a number or date in the text beyond what a calendar holds: no time here
        if last_quarter and expression.relative == "shift:-1:year" and hit.rule in ("ago", "unit_ago"):
            # "a year earlier" after a quarter's results: that quarter a year before
            expression.value = f"{int(last_quarter[:4]) - 1:04d}{last_quarter[4:]}"
            expression.rule += ", quarter of the story a year before"
        if (
            expression.value[4:6] == "-Q"
            and expression.value[:4].isdigit()
            and hit.rule in ("quarter", "quarter_year", "relative_unit")
            and not (expression.relative or "").endswith(":-1")
        ):
            last_quarter = expression.value
        times.append(expression)
        if expression.value[:4].isdigit() and expression.type != "DURATION":
            dated = Anchor.parse(expression.value)
        if expression.value[:10].count("-") == 2 and "X" not in expression.value[:10]:
            parsed = Anchor.parse(expression.value)
            if parsed.date is not None:  # a week day ("1998-W02-1") or a bad date is no anchor
                previous, previous_sentence = parsed, index
                days_in_sentence.setdefault(index, []).append(expression)
        if hit.rule == "clock" and (expression.relative or "").startswith("shift:0:day@"):
            clocks.append((index, expression))
    for index, clock in clocks:
        _clock_on_the_day_told(clock, days_in_sentence.get(index, []))
    return times


def _clock_on_the_day_told(clock: TimeExpression, days: list[TimeExpression]) -> None:
    # "The blast occurred at about 10:35 a.m. (0735 GMT) Friday": a clock without a day of its
    # own is on the day its sentence names, before or after it, else on the anchor's day.
    days = [day for day in days if day is not clock]
    if not days or clock.relative is None:
        return
    nearest = min(days, key=lambda day: abs(day.start - clock.start))
    day = Anchor.parse(nearest.value)
    clock.value = resolve(clock.relative, day)
    clock.anchor, clock.anchor_source = _iso(day), "previous"
    clock.rule += ", on the day the sentence names"


def _expression(
    text: str,
    start: int,
    end: int,
    rule: str,
    reading: Reading,
    anchor: Anchor,
    anchor_text: str | None,
    source: str | None,
    previous: Anchor | None,
    reported: Anchor | None = None,
    dated: Anchor | None = None,
) -> TimeExpression:
    how = f"{rule}: {reading.how}"
    if reading.relative is None:
        return TimeExpression(start, end, text[start:end], reading.type, reading.value or "", rule=how)
    if reading.relative.startswith("previous:") and not reading.relative.partition("@")[0].endswith(":day"):
        previous = dated or previous  # "that year", "the following month": the last date told
    if reading.relative.startswith("previous:") and previous is not None:
        value = resolve(reading.relative, previous)
        used: str | None = _iso(previous)
        used_source: str | None = "previous"
    elif reading.relative.startswith("weekday:~:") and reported is not None:
        # "said on Tuesday that the harbour would stay closed until Friday": the Friday after
        # the day of the report, earlier in the sentence
        value = resolve(reading.relative.replace("weekday:~:", "weekday:next:", 1), reported)
        used, used_source = _iso(reported), "previous"
        how += ", after the day of the report"
    else:
        value = resolve(reading.relative, anchor)
        used, used_source = anchor_text, source
    return TimeExpression(
        start,
        end,
        text[start:end],
        reading.type,
        value,
        reading.relative,
        used,
        used_source,
        how,
    )


def _iso(anchor: Anchor) -> str:
    parts = [f"{anchor.year or 0:04d}"] + [f"{part:02d}" for part in (anchor.month, anchor.day) if part]
    return "-".join(parts[:2] if anchor.day is None else parts)


def resolve_again(expression: TimeExpression, anchor: str, anchor_source: str = "inferred") -> TimeExpression:
    """Re-resolve an expression's `relative` form against a new anchor.

    For articles whose date a later stage infers; absolute expressions come back unchanged.

    >>> undated = tag_times("The minister resigned on Tuesday.")[0]
    >>> undated.value, resolve_again(undated, "2020-01-09").value
    ('XXXX-XX-XX', '2020-01-07')
    """
    if expression.relative is None:
        return expression
    value = resolve(expression.relative, Anchor.parse(anchor))
    return replace(expression, value=value, anchor=anchor, anchor_source=anchor_source)
