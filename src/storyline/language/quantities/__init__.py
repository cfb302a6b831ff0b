"""Figures in news text — counts, money, percentages, ratios — with what they count.

The approach is a scan and a look around, all regular expressions, no model:

1. One pattern reads every numeral, tried only where the sentence's tokens show a digit or a
   number word: digits ("5,200", "1.5"), an attached or spelled-out multiplier ("$5bn",
   "1.5 million"), numbers in words ("fourteen", "two dozen", "a million", "half a million"),
   vague amounts ("several hundred", "thousands", "tens of thousands") and fractions
   ("two-thirds", "half of").
2. Each numeral is checked against the things that look like figures but are not: dates, years,
   clock times, phone numbers, version strings, names with a number in them ("G20", "COVID-19",
   "Resolution 1441", "Article 5"), ordinals ("29th"), ages ("55-year-old", "aged 55", "Smith, 55,"),
   durations ("10 days": those belong to the time tagger) and the pronoun "one".
3. What stands around it gives the rest: a currency before or after (money), "%" / "per cent"
   (percent), a unit of measure, a second numeral ("10 to 20", "between 10 and 20": a range;
   "30 out of the 130", "one in five": a ratio), an approximator ("around", "an estimated",
   "nearly": approximate) or a bound ("fewer than 1,000": low 0, high 999, no value), and finally
   the noun phrase it counts ("troops", "people killed", "trainers, advisers and support staff").

Conventions, so that figures from different reports compare:

- A vague amount is a range with no value: "several hundred" and "hundreds" are [200, 999], a plural
  multiplier X is [2X, 10X - 1] ("thousands": [2000, 9999], "dozens": [24, 119]).
- Bounds on whole counts are exclusive as written: "more than 500" is low 501, "fewer than 1,000"
  is high 999; on money, percentages, measures and decimals the bound itself is kept.
- A ratio keeps both parts: "30 out of the 130" is value 30 of 130, "one in five" 1 of 5,
  "two-thirds of" 2 of 3.
- Measures are counts with a unit ("5,000 ft": unit "ft"); `counted` is then what is measured
  ("barrels of oil": "oil").
- `counted` is the lower-cased noun phrase after the figure, with nationality-like capitalised
  modifiers kept ("u.s. troops") and a short coordination kept whole ("trainers, advisers and
  support staff"); casualty participles join it ("people killed").
- Not figures: ages of people, durations, bare "one" (an article or a pronoun far more often than a
  count; it is read in "one in five", "one or two", "one more" and "one million").
- Each side of a tally is a count ("passed 246 to 183", "voted 91-5").
- "#" before an amount with a space or a multiplier ("# 30,000", "#3.6bn") is "£" as the British
  7-bit character set writes it; "#1" stays a rank.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal

from storyline.language.quantities.patterns import (
    ABBREVIATED_SCALES,
    AGE_AFTER_NAME,
    AGE_AFTER_NAME_END,
    AGE_IN_BRACKETS_AFTER_NAME,
    AND_A_HALF,
    ATTACHED_ONLY_UNITS,
    BOUND_LAST_WORDS,
    CAPITALISED_WORD_BEFORE,
    CASUALTY_PARTICIPLES,
    CURRENCY_SYMBOLS,
    CURRENCY_WORDS,
    DIGIT_RUN,
    DURATION_AFTER_MODIFIER,
    FRACTIONS,
    IRREGULAR_PLURALS,
    LEFT_BOUND,
    LEFT_CURRENCY,
    LEFT_NOT_A_FIGURE,
    LEFT_POUND_HASH,
    MEASURE_UNITS,
    MONTHS,
    NOMINAL_PARTICIPLES,
    NUMERAL,
    NUMERAL_FIRST_WORDS,
    ONE_AS_A_NUMBER,
    ONE_AS_A_PRONOUN,
    ORDINAL_BEFORE,
    PHONE,
    RIGHT_APPROXIMATE,
    RIGHT_COORDINATION,
    RIGHT_IN_WHOLE,
    RIGHT_NOT_A_FIGURE,
    RIGHT_OF_WHOLE,
    RIGHT_PARTITIVE,
    RIGHT_PERCENT,
    RIGHT_PLUS,
    RIGHT_RANGE,
    RIGHT_SPACE_WORD,
    RIGHT_WORD,
    SCALES,
    SPACED_SCALE,
    STOP,
    TALLY,
    TEMPORAL_PREPOSITION,
    TENS,
    TIME_UNITS,
    UNITS,
    WEEKDAYS,
    WEIGHING,
    WORD_TOKENS,
)
from storyline.language.sentences import TokenizedSentence, tokenize_sentences
from storyline.models import Quantity

__all__ = ["find_quantities"]


@dataclass(slots=True)
class _Figure:
    start: int
    end: int
    value: float | None
    low: float | None
    high: float | None
    kind: str = "count"
    unit: str | None = None
    approximate: bool = False
    whole_number: bool = True  # bounds on whole counts are exclusive: "more than 500" -> 501
    vague: bool = False
    of: float | None = None  # the whole of a ratio


def find_quantities(text: str, sentences: Sequence[TokenizedSentence] | None = None) -> list[Quantity]:
    """Figures in `text` with offsets; sentences=None -> split with tokenize_sentences.

    >>> [(q.text, q.value, q.approximate, q.counted) for q in find_quantities("Around 500 troops left.")]
    [('Around 500 troops', 500.0, True, 'troops')]
    >>> [(q.low, q.high, q.value) for q in find_quantities("Fewer than 1,000 U.S. troops remain.")]
    [(0.0, 999.0, None)]
    """
    if sentences is None:
        sentences = tokenize_sentences(text)
    masked = _mask_phone_numbers(text)
    quantities: list[Quantity] = []
    resume = 0
    for sentence in sentences:
        for position in _numeral_starts(masked, sentence):
            if position < resume:
                continue
            match = NUMERAL.match(masked, position, sentence.end)
            if match is None:
                continue
            quantity = _read_figure(masked, match, sentence.start, sentence.end)
            if quantity is not None:
                quantity.text = text[quantity.start : quantity.end]
                quantities.append(quantity)
                resume = quantity.end
    return quantities


def _numeral_starts(text: str, sentence: TokenizedSentence) -> Iterator[int]:
    """Where a numeral may start: at a token that is a number word, or at the first digit of a run.

    Looking at the tokens first is what makes the scan fast: the numeral pattern is tried at a few
    places per sentence instead of at every character.
    """
    for token in sentence.tokens:
        word = token.text
        if word.isalpha():
            if word.lower() in NUMERAL_FIRST_WORDS:
                yield token.start
        elif "-" in word and word.isascii() and word.split("-", 1)[0].lower() in NUMERAL_FIRST_WORDS:
            yield token.start  # "two-thirds", "twenty-five" kept whole by the tokenizer
        else:
            for digits in DIGIT_RUN.finditer(text, token.start, token.end):
                yield digits.start()


def _mask_phone_numbers(text: str) -> str:
    if not PHONE.search(text):
        return text
    return PHONE.sub(lambda m: "#" * len(m.group()), text)


# ---------------------------------------------------------------------------------------------
# One figure


def _left_bound(left: str) -> re.Match[str] | None:
    # The bound pattern is the costliest here: try it only after a word that can end a bound.
    words = left.rstrip(" $€£¥#,").rsplit(None, 1)
    if not words or words[-1].lower() not in BOUND_LAST_WORDS:
        return None
    return LEFT_BOUND.search(left)


def _read_figure(text: str, match: re.Match[str], floor: int, ceiling: int) -> Quantity | None:
    # 1. The numeral itself, or nothing when it is part of a name, a date, a time or an age.
    figure = _numeral_value(text, match, floor)
    if figure is None:
        return None
    left = text[max(floor, match.start() - 32) : match.start()]
    bound = _left_bound(left)
    if _is_not_a_figure(text, match, figure, left, bound, floor, ceiling):
        return None
    # 2. Currency and bounds on the left; ranges, multipliers, percent, currency words on the right.
    currency = LEFT_CURRENCY.search(left)
    if currency and (not bound or not bound.group("currency")):
        figure.kind, figure.unit = "money", CURRENCY_SYMBOLS[currency.group().strip().lower()]
        figure.start = match.start() - len(currency.group())
    elif not bound and _is_pound_sign(match, left):
        figure.kind, figure.unit = "money", "GBP"
        figure.start = match.start() - len(LEFT_POUND_HASH.search(left).group())  # type: ignore[union-attr]
    elif bound and bound.group("currency"):
        figure.kind, figure.unit = "money", CURRENCY_SYMBOLS[bound.group("currency").strip().lower()]
    _read_spaced_scale(text, figure, ceiling)
    half = AND_A_HALF.match(text, figure.end, ceiling)
    if half and figure.value is not None and figure.whole_number:
        figure.value = figure.value + 0.5
        figure.end = half.end()
        scale = re.match(
            r"\s+(hundred|thousand|million|billion|trillion)\b", text[figure.end : figure.end + 12], re.I
        )
        if scale:  # "two and a half million"
            figure.value *= SCALES[scale.group(1).lower()]
            figure.end += scale.end()
        figure.low = figure.high = figure.value
    between = bool(bound and bound.group("between"))
    from_before = bool(re.search(r"\bfrom\s+(?:(?:US)?\$|[€£])?$", left, re.IGNORECASE))
    position = _extend_range(text, figure, ceiling, between=between, from_before=from_before)
    if position is None:
        return None
    position = _read_unit(text, figure, position, ceiling)
    if position is None:
        return None
    if figure.kind == "count" and figure.unit is None and _is_bare_year(match, left, bound):
        return None
    # 3. Approximation and bounds.
    if bound and not between:
        _apply_bound(figure, bound)
        figure.start = min(figure.start, match.start() - len(bound.group()))
    elif between:
        figure.start = min(figure.start, match.start() - len(bound.group()))  # type: ignore[union-attr]
    approx_after = RIGHT_APPROXIMATE.match(text, position, ceiling)
    if approx_after:
        figure.approximate = True
        position = approx_after.end()
    plus = RIGHT_PLUS.match(text, position, ceiling)
    if plus and figure.value is not None:
        figure.low, figure.high, figure.value = figure.value, None, None
        position = plus.end()
    # 4. A ratio's whole, then what is counted.
    counted: str | None = None
    whole: float | None = None
    if figure.kind in ("count", "ratio") and figure.unit is None:
        ratio = RIGHT_IN_WHOLE.match(text, position, ceiling) or RIGHT_OF_WHOLE.match(text, position, ceiling)
        if ratio and figure.of is None:
            whole = _parse_number(ratio.group("whole"))
            if whole is not None and figure.value is not None and whole > figure.value:
                figure.kind = "ratio"
                position = ratio.end()
            else:
                whole = None
    if figure.kind == "ratio" or figure.kind == "percent" or figure.unit is not None:
        partitive = RIGHT_PARTITIVE.match(text, position, ceiling)
        if partitive and whole is None and figure.kind != "money":
            counted, end = _counted_phrase(text, partitive.end(), ceiling)
            if counted:
                position = end
        elif figure.kind == "ratio" or figure.unit not in (None, "%"):
            counted, end = _counted_phrase(text, position, ceiling)
            if counted and figure.kind == "ratio":
                position = end
            else:
                counted = None
    else:
        counted, end = _counted_phrase(text, position, ceiling)
        if counted is None:
            partitive = RIGHT_PARTITIVE.match(text, position, ceiling)
            if partitive:
                counted, end = _counted_phrase(text, partitive.end(), ceiling)
        if counted:
            position = end
    if figure.value is None and figure.low is None and figure.high is None:
        return None
    return Quantity(
        start=figure.start,
        end=position,
        text="",
        value=figure.value,
        low=figure.low,
        high=figure.high,
        approximate=figure.approximate,
        kind=figure.kind,
        unit=figure.unit,
        counted=counted,
        of=whole if whole is not None else figure.of,
    )


def _numeral_value(text: str, match: re.Match[str], floor: int) -> _Figure | None:
    start, end = match.span()
    if match.group("digits"):
        digits = match.group("digits")
        before = text[start - 1] if start > floor else " "
        if (
            before.isalnum()
            or before == "_"
            or before in "/:"
            or (before == "." and text[start - 2 : start - 1].isdigit())
        ):
            return None
        if before == "+" or (before == "-" and start - 2 >= floor and text[start - 2].isalpha()):
            return None  # COVID-19, F-35, a phone number "+4477..."
        if before == "-" and re.search(r"(?<![\d,.])\d{4}-$", text[max(floor, start - 6) : start]):
            return None  # the end of a span of years: "1914-18"
        after = text[end : end + 2]
        if after[:1] in ("/", ":") and after[1:2].isdigit() or (after[:1] == "." and after[1:2].isdigit()):
            return None  # 20/03/2026, 10:30, 3.8.1
        if len(digits) > 1 and digits[0] == "0" and digits[1].isdigit():
            return None  # 0900 GMT, codes
        if text[end : end + 2] in ("'s", "’s"):
            return None  # a decade: "the 80's"
        if after[:1].isalpha() and not match.group("abbreviated_scale"):
            attached = re.match(r"[A-Za-z°]+", text[end : end + 8])
            if attached is None or attached.group().lower() not in MEASURE_UNITS:
                return None  # 29th, 1990s, 3D, 1N1
        value = Decimal(digits.replace(",", ""))
        scale = match.group("digit_scale") or match.group("abbreviated_scale") or match.group("spaced_scale")
        if scale:
            value *= SCALES.get(scale.lower()) or ABBREVIATED_SCALES[scale.lower()]
        number = float(value)
        whole = value == value.to_integral_value()
        return _Figure(start, end, number, number, number, whole_number=whole)
    if match.group("words"):
        spelled = _parse_words(match.group("words"))
        if spelled is None:
            return None
        return _Figure(start, end, spelled, spelled, spelled)
    if match.group("half"):
        scale = match.group("half").split()[-1].lower()
        number = SCALES[scale] / 2
        return _Figure(start, end, number, number, number)
    if match.group("vague"):
        return _vague_figure(match.group("vague"), start, end)
    fraction = match.group("fraction")
    parts = re.split(r"[\s-]+", fraction.lower())
    denominator = FRACTIONS[parts[-1]]
    numerator = 1 if len(parts) == 1 or parts[0] in ("a", "an") else UNITS[parts[0]]
    # A bare fraction is a figure only as a share of something ("half of the oil", "a third of
    # voters"), never a part of a period ("the third quarter of 2010", "the second half of").
    bare = len(parts) == 1 or parts[0] in ("a", "an")
    if bare and not re.match(r"\s+of\b", text[end : end + 4]):
        return None
    if len(parts) == 1 and (parts[0] != "half" or ORDINAL_BEFORE.search(text, max(floor, start - 12), start)):
        return None
    if parts[-1].endswith("s") and numerator == 1:
        return None
    figure = _Figure(start, end, float(numerator), float(numerator), float(numerator), kind="ratio")
    figure.of = float(denominator)
    return figure


def _vague_figure(phrase: str, start: int, end: int) -> _Figure:
    words = phrase.lower().split()
    low = high = 1.0
    for word in words:
        if word in ("of", "a", "few", "couple", "handful", "several", "many"):
            continue
        base = word[:-1] if word.endswith("s") and word != "tens" else word
        multiplier = {"tens": 10.0, "score": 20.0}.get(word if word == "tens" else base) or float(
            SCALES[base]
        )
        low *= multiplier
        high *= multiplier
    if words[0] in ("several", "a", "few", "many") or words[-1].endswith("s"):
        # "several hundred" and "hundreds" alike: two to nine of the largest multiplier.
        return _Figure(start, end, None, 2 * low, 10 * high - 1, approximate=True, vague=True)
    return _Figure(start, end, None, low, high, approximate=True, vague=True)


def _parse_words(words: str) -> float | None:
    total = current = 0.0
    seen = False
    for token in WORD_TOKENS.findall(words.lower()):
        for part in token.split("-"):
            if part in ("a", "an"):
                current = current or 1
            elif part in UNITS:
                current += UNITS[part]
            elif part in TENS:
                current += TENS[part]
            elif part == "hundred" or part == "dozen":
                current = (current or 1) * SCALES[part]
            elif part in SCALES:
                total += (current or 1) * SCALES[part]
                current = 0
            elif part == "and":
                continue
            else:
                return None
            seen = True
    return total + current if seen else None


def _parse_number(numeral: str) -> float | None:
    numeral = numeral.strip()
    if numeral[:1].isdigit() or numeral[:1] == ".":
        return float(numeral.replace(",", ""))
    return _parse_words(numeral)


# ---------------------------------------------------------------------------------------------
# Context


def _is_not_a_figure(
    text: str,
    match: re.Match[str],
    figure: _Figure,
    left: str,
    bound: re.Match[str] | None,
    floor: int,
    ceiling: int,
) -> bool:
    end = match.end()
    if LEFT_NOT_A_FIGURE.search(left) and not _is_pound_sign(match, left):
        return True
    if RIGHT_NOT_A_FIGURE.match(text, end, ceiling):
        return figure.value is None or figure.value <= 31 or not LEFT_CURRENCY.search(left)
    words = match.group("words")
    if words:
        if words.strip().lower() == "one":
            return not ONE_AS_A_NUMBER.match(text, end, ceiling) or bool(
                ONE_AS_A_PRONOUN.match(text, end, ceiling)
            )
        # A capitalised number word after a capitalised word is a name: "BBC Two", "Air Force One".
        return words[0].isupper() and _after_a_name(text, left, bound, floor, match.start())
    if match.group("digits") and not match.group("digit_scale") and not match.group("abbreviated_scale"):
        digits = match.group("digits")
        if "," not in digits and "." not in digits and not LEFT_CURRENCY.search(left):
            # A number after a capitalised word is a name ("Resolution 1441", "Flight 93"), unless
            # it is a tally ("the House 246 to 183") or a percentage.
            if (
                _after_a_name(text, left, bound, floor, match.start())
                and not TALLY.match(text, end, ceiling)
                and not RIGHT_PERCENT.match(text, end, ceiling)
            ):
                return True
            # Ages after a name: "John Smith, 55, said", "President Mubarak (82)"
            if float(digits) < 120 and (
                (AGE_AFTER_NAME.search(left) and AGE_AFTER_NAME_END.match(text, end, ceiling))
                or (AGE_IN_BRACKETS_AFTER_NAME.search(left) and text[end : end + 1] == ")")
            ):
                return True
    return False


def _after_a_name(text: str, left: str, bound: re.Match[str] | None, floor: int, position: int) -> bool:
    before = CAPITALISED_WORD_BEFORE.search(left)
    if before is None or _starts_sentence(text, floor, position - len(before.group())):
        return False
    word = (before.group(1) or before.group(2)).lower()
    return word not in WEEKDAYS and not re.fullmatch(MONTHS, word) and bound is None


def _is_pound_sign(match: re.Match[str], left: str) -> bool:
    """ "#" stands for "£" in the British 7-bit character set: "# 30,000", "#3.6bn" (not "#1")."""
    if not LEFT_POUND_HASH.search(left):
        return False
    scaled = match.group("digit_scale") or match.group("abbreviated_scale") or match.group("spaced_scale")
    return bool(scaled) or left.endswith(" ")


def _starts_sentence(text: str, floor: int, position: int) -> bool:
    return not text[floor:position].strip(" \t\"'“‘«([-—–")


def _is_bare_year(match: re.Match[str], left: str, bound: re.Match[str] | None) -> bool:
    digits = match.group("digits")
    if not digits or "," in digits or "." in digits or len(digits) != 4 or match.group("digit_scale"):
        return False
    if not 1000 <= int(digits) <= 2099 or match.group("abbreviated_scale"):
        return False
    return bound is None or bool(TEMPORAL_PREPOSITION.search(left))


def _read_spaced_scale(text: str, figure: _Figure, ceiling: int) -> None:
    """ "$5 m", "2.5 m viewers": a multiplier split off by tokenisation, not metres ("1.06 m")."""
    spaced = SPACED_SCALE.match(text, figure.end, ceiling)
    if spaced is None or figure.value is None:
        return
    noun = spaced.group("noun")
    if figure.kind != "money" and (noun is None or noun.lower() in STOP or noun.lower() in MEASURE_UNITS):
        return
    scale = float(ABBREVIATED_SCALES[spaced.group("scale").lower()])
    figure.value = figure.low = figure.high = figure.value * scale
    figure.end = spaced.end("scale")


def _extend_range(
    text: str, figure: _Figure, ceiling: int, *, between: bool, from_before: bool
) -> int | None:
    """Read "10 to 20", "10-20", "between 10 and 20", "one or two"; returns the position after."""
    position = figure.end
    follow = RIGHT_RANGE.match(text, position, ceiling)
    if follow is None or figure.value is None:
        return position
    link = follow.group("link").lower()
    if link == "and" and not between:
        return position
    if link == "to" and from_before:
        return position
    second_text = follow.group("second")
    if second_text.lower() == "one" and link not in ("or", "to", "-"):
        return position
    second = _parse_range_end(second_text)
    if second is None:
        return position
    value = figure.value
    scale = _trailing_scale(second_text)
    if (
        scale
        and value < second
        and value * scale <= second
        and not re.search(
            r"(?:hundred|thousand|million|billion|trillion|[kmbn])$", text[figure.start : figure.end], re.I
        )
    ):
        value *= scale
    if link in ("-", "–", "—") and not follow.group().startswith(("-", "–", "—")):
        return position  # "10 - 20" with spaces is a dash between clauses, not a range
    if not value < second:
        return position  # a tally ("91-5", "246 to 183"): the second count is read on its own
    if re.match(r"(?:th|st|nd|rd)\b", text[follow.end() : follow.end() + 3]):
        return None  # days of a month: "16-17th June"
    if 1000 <= value <= 2099 and 1000 <= second <= 2099 and "," not in text[figure.start : follow.end()]:
        return None  # years: "2005-2008"
    figure.value, figure.low, figure.high = None, value, second
    if follow.group("currency") and figure.kind == "count":
        figure.kind, figure.unit = "money", CURRENCY_SYMBOLS[follow.group("currency").lower()]
    return follow.end()


def _parse_range_end(numeral: str) -> float | None:
    match = NUMERAL.fullmatch(numeral)
    if match is None:
        return None
    figure = _numeral_value(numeral, match, 0)
    return figure.value if figure is not None else None


def _trailing_scale(numeral: str) -> float | None:
    scale = re.search(r"(hundred|thousand|million|billion|trillion|k|m|mn|bn|b|tn)$", numeral, re.I)
    if scale is None:
        return None
    word = scale.group().lower()
    return float(SCALES.get(word) or ABBREVIATED_SCALES[word])


def _read_unit(text: str, figure: _Figure, position: int, ceiling: int) -> int | None:
    """Percent signs, currency words and units of measure after the numeral; None for durations."""
    percent = RIGHT_PERCENT.match(text, position, ceiling)
    if percent and figure.kind == "count":
        figure.kind = "percent"
        figure.unit = (
            "percentage points" if percent.group("points") or "percentage" in percent.group() else "%"
        )
        figure.whole_number = False
        return percent.end()
    word_match = RIGHT_WORD.match(text, position, ceiling)
    if word_match is None:
        return position
    word = word_match.group(1)
    lowered = word.lower()
    attached = word_match.start(1) == position
    if figure.kind != "money" and (
        lowered in TIME_UNITS or DURATION_AFTER_MODIFIER.match(text, position, ceiling)
    ):
        return None  # a duration: the time tagger's
    if figure.vague and lowered == "of":
        # "millions of dollars", "hundreds of miles"
        next_word = RIGHT_SPACE_WORD.match(text, word_match.end(), ceiling)
        if next_word:
            noun = next_word.group(1).lower()
            if noun in CURRENCY_WORDS and figure.kind == "count":
                figure.kind, figure.unit = "money", _currency_code(noun, figure)
                return next_word.end()
            if noun in MEASURE_UNITS and len(noun) > 2:
                figure.unit = MEASURE_UNITS[noun]
                return next_word.end()
            if noun in TIME_UNITS:
                return None
        return position
    if figure.kind == "count" and lowered in CURRENCY_WORDS and not attached:
        if lowered.startswith("pound") and (
            re.match(r"\s+of\b", text[word_match.end() :])
            or WEIGHING.search(text, max(0, figure.start - 40), figure.start)
        ):
            figure.unit = "lb"
            return word_match.end()
        figure.kind, figure.unit = "money", _currency_code(lowered, figure)
        qualifier = re.search(
            r"\b(US|U\.S\.|American|Canadian|Australian|Hong\s+Kong|Singapore|New\s+Zealand)\s+$",
            text[position : word_match.start(1) + 1],
        )
        if qualifier is None and lowered.startswith("dollar"):
            region = re.match(
                r"\s+(Canadian|Australian|Hong\s+Kong|Singapore|New\s+Zealand|Zimbabwe)\s+dollars?",
                text[position : word_match.end()],
            )
            if region:
                figure.unit = region.group(1)
        return word_match.end()
    region_dollars = re.match(r"\s+(?:US|U\.S\.|American)\s+dollars?\b", text[position : position + 20])
    if figure.kind == "count" and region_dollars:
        figure.kind, figure.unit = "money", "USD"
        return position + region_dollars.end()
    if figure.kind in ("count", "money") and figure.unit is None or figure.kind == "count":
        unit = MEASURE_UNITS.get(lowered) if (attached or lowered not in ATTACHED_ONLY_UNITS) else None
        if unit is None and lowered in ("sq", "square", "cubic"):
            following = RIGHT_SPACE_WORD.match(text, word_match.end(), ceiling)
            if following and following.group(1).lower() in MEASURE_UNITS:
                figure.unit = f"{lowered} {MEASURE_UNITS[following.group(1).lower()]}".replace(
                    "sq ", "square "
                )
                return following.end()
        if unit is not None and figure.kind == "count":
            if lowered in ("c", "f") and not attached:
                return position
            figure.unit = unit
            end = word_match.end()
            per = re.match(r"\s+(?:a|per|each)\s+(day|year|month|week|hour)\b", text[end : end + 16])
            if per:
                figure.unit = f"{unit}/{per.group(1)}"
                end += per.end()
            return end
    return position


def _currency_code(word: str, figure: _Figure) -> str:
    code = CURRENCY_WORDS[word]
    if code.endswith("/100"):
        for attribute in ("value", "low", "high"):
            number = getattr(figure, attribute)
            if number is not None:
                setattr(figure, attribute, number / 100)
        code = code[:-4]
    return code


def _apply_bound(figure: _Figure, bound: re.Match[str]) -> None:
    value = figure.value
    if value is None:
        figure.approximate = True
        return
    step = 1.0 if figure.whole_number and figure.kind == "count" and figure.unit is None else 0.0
    if bound.group("approximately"):
        figure.approximate = True
    elif bound.group("above"):
        figure.value, figure.low, figure.high = None, value + step, None
    elif bound.group("at_least"):
        figure.value, figure.low, figure.high = None, value, None
    elif bound.group("below"):
        figure.value, figure.low, figure.high = None, 0.0, value - step
    elif bound.group("at_most"):
        figure.value, figure.low, figure.high = None, 0.0, value


def _is_plural_head(word: str) -> bool:
    return word in IRREGULAR_PLURALS or (word.endswith("s") and not word.endswith(("ss", "us", "is")))


def _modifies_a_plural(text: str, position: int, ceiling: int) -> bool:
    after = RIGHT_SPACE_WORD.match(text, position, ceiling)
    return after is not None and _is_plural_head(after.group(1).lower()) and after.group(1).islower()


def _counted_phrase(text: str, position: int, ceiling: int) -> tuple[str | None, int]:
    """The noun phrase after a figure: ("u.s. troops", end) or (None, position)."""
    words: list[str] = []
    modifiers: list[str] = []
    end = position
    cursor = position
    hyphen_compound = text[position : position + 1] == "-"
    while len(words) < 3:
        match = RIGHT_WORD.match(text, cursor, ceiling)
        if match is None:
            break
        gap = text[cursor : match.start(1)]
        if gap and not gap.isspace() and not (gap == "-" and cursor == position):
            break
        if cursor == position and not gap:
            break  # glued letters: a unit or a name, not a noun after the figure
        word = match.group(1)
        lowered = word.lower().rstrip(".") if not re.fullmatch(r"(?:[A-Z]\.)+", word) else word.lower()
        if lowered == "strong" and hyphen_compound and not words:
            cursor = match.end()  # "a 200-strong force" counts the force
            continue
        acronym = len(word) > 1 and word.isupper()  # "US soldiers", not the pronoun "us"
        if not acronym and (lowered in STOP or lowered in CURRENCY_WORDS or lowered in TIME_UNITS):
            break
        if word[0].isupper():
            if words or len(modifiers) >= 2 or lowered in WEEKDAYS:
                break
            modifiers.append(lowered)
            cursor = match.end()
            continue
        if lowered.endswith(("ed", "ing")) and _modifies_a_plural(text, match.end(), ceiling):
            # "14 new warning sirens", "300 armoured vehicles": a participle before the plural
            # noun it describes is part of the phrase, not the verb after it.
            words.append(lowered)
            end = match.end()
            cursor = match.end()
            continue
        if lowered.endswith("ly") or (lowered.endswith(("ed", "ing")) and lowered not in NOMINAL_PARTICIPLES):
            if not words and lowered.endswith("ed") and lowered in CASUALTY_PARTICIPLES:
                words.append(lowered)
                end = match.end()
            elif words and lowered in CASUALTY_PARTICIPLES:
                words.append(lowered)
                end = match.end()
            break
        words.append(lowered)
        end = match.end()
        cursor = match.end()
        if word.endswith(".") or _is_plural_head(lowered):
            # The head of the phrase: only a casualty participle may follow ("people killed").
            after = RIGHT_SPACE_WORD.match(text, cursor, ceiling)
            if after and after.group(1).lower() in CASUALTY_PARTICIPLES:
                words.append(after.group(1).lower())
                end = after.end()
            break
    if not words and modifiers and modifiers[-1].endswith("s") and "." not in modifiers[-1]:
        words, modifiers = modifiers, []  # "one in five Americans"
        end = cursor
    if not words:
        return None, position
    coordination = RIGHT_COORDINATION.match(text, end, ceiling)
    listed = re.findall(r"[a-z'-]+", coordination.group()) if coordination else []
    if coordination and not any(w in STOP and w not in ("and", "or") for w in listed):
        tail = coordination.group()
        if not re.search(r"\b\w+(?:ed|ing|ly)\b", tail):
            words.append(tail.strip())
            end = coordination.end()
    phrase = " ".join(modifiers + words) if modifiers else " ".join(words)
    return phrase.replace(" ,", ","), end
