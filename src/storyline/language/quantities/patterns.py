"""Word lists and regular expressions for the quantity tagger: numerals, units, context."""

from __future__ import annotations

import re

UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {
    "hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000, "dozen": 12,
}  # fmt: skip
ABBREVIATED_SCALES = {
    "k": 1_000, "m": 1_000_000, "mn": 1_000_000, "mln": 1_000_000, "b": 1_000_000_000,
    "bn": 1_000_000_000, "bln": 1_000_000_000, "tn": 1_000_000_000_000, "trn": 1_000_000_000_000,
}  # fmt: skip
FRACTIONS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5,
    "fifths": 5, "sixth": 6, "sixths": 6, "eighth": 8, "eighths": 8, "tenth": 10, "tenths": 10,
}  # fmt: skip

CURRENCY_SYMBOLS = {
    "$": "USD", "us$": "USD", "a$": "AUD", "au$": "AUD", "c$": "CAD", "ca$": "CAD", "nz$": "NZD",
    "hk$": "HKD", "#": "GBP", "s$": "SGD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "usd": "USD",
    "eur": "EUR", "gbp": "GBP", "jpy": "JPY", "chf": "CHF", "cny": "CNY",
}  # fmt: skip
CURRENCY_WORDS = {
    "dollars": "USD", "dollar": "USD", "euros": "EUR", "euro": "EUR", "pounds": "GBP",
    "pound": "GBP", "sterling": "GBP", "yen": "JPY", "yuan": "CNY", "renminbi": "CNY",
    "rupees": "INR", "roubles": "RUB", "rubles": "RUB", "francs": "CHF", "dinars": "dinars",
    "riyals": "SAR", "lira": "TRY", "pesos": "pesos", "cents": "USD/100", "pence": "GBP/100",
}  # fmt: skip
MEASURE_UNITS = {
    "km": "km", "kilometres": "km", "kilometers": "km", "kilometre": "km", "kilometer": "km",
    "miles": "miles", "mile": "miles", "metres": "m", "meters": "m", "metre": "m", "meter": "m",
    "m": "m", "cm": "cm", "mm": "mm", "feet": "ft", "foot": "ft", "ft": "ft", "inches": "in",
    "inch": "in", "yards": "yards", "acres": "acres", "hectares": "ha", "ha": "ha",
    "tonnes": "tonnes", "tonne": "tonnes", "tons": "tons", "ton": "tons", "kg": "kg",
    "kilograms": "kg", "kilos": "kg", "grams": "g", "g": "g", "lbs": "lb", "lb": "lb",
    "ounces": "oz", "oz": "oz", "gallons": "gallons", "gallon": "gallons", "litres": "litres",
    "liters": "litres", "barrels": "barrels", "barrel": "barrels", "bpd": "barrels/day",
    "mph": "mph", "kph": "km/h", "km/h": "km/h", "knots": "knots", "degrees": "degrees",
    "megawatts": "MW", "mw": "MW", "gigawatts": "GW", "gw": "GW", "kilowatts": "kW", "kw": "kW",
    "kwh": "kWh", "volts": "V", "calories": "calories", "c": "°C", "f": "°F",
    "in": "in", "carat": "carats", "carats": "carats",
}  # fmt: skip
# Units read only when glued to the number: "6in", "30C" (but "6 in Baghdad", "a 5 F-16s").
ATTACHED_ONLY_UNITS = frozenset({"in", "c", "f", "g"})
TIME_UNITS = frozenset(
    """second seconds sec secs minute minutes min mins hour hours hr hrs day days night nights
    week weeks weekend weekends fortnight fortnights month months year years yr yrs decade decades
    century centuries""".split()
)
MONTHS = (
    "jan|january|feb|february|mar|march|apr|april|may|jun|june|jul|july|aug|august|sep|sept|"
    "september|oct|october|nov|november|dec|december"
)
WEEKDAYS = frozenset("monday tuesday wednesday thursday friday saturday sunday".split())

# Words after a figure that end the counted noun phrase: function words, common verbs, adverbs.
STOP = frozenset(
    """
    a an the this that these those it its he she they we i you his her their our them us him me my
    your who whom whose which what where when why how there here than then
    of in on at to for from by with without into onto upon over under about above below across
    after before since until till during between among against along around through toward towards
    per via near off out up down as like unlike within beyond
    and or but nor so yet if because while though although whether
    is are was were be been being am has have had having do does did done will would shall should
    can could may might must said say says saying told tell according reported
    not no nor never also only just even still already now again too very more most less least
    much many few each every all both either neither some any such other another own same
    ago later earlier apiece alone altogether total overall
    north south east west northeast northwest southeast southwest home abroad away back overseas
    ahead today tonight yesterday tomorrow
    remain remains remained stay stays left went came come comes come took take takes made make
    makes gave give gives got get gets died die dies fled face faces faced need needs
    go goes went gone lost lose loses won win wins rose rise rises fell fall falls took hit put saw
    see sees got led ran run runs held hold holds met meet meets sent send sends kept keep keeps
    paid pay pays found began begin begins became become becomes broke brought built bought fought
    stood spent struck grew grow grows knew seem seems live lives want wants look looks show shows
    percent pct cent
    """.split()
)
# Plural heads that do not end in -s: a counted phrase ends after them.
IRREGULAR_PLURALS = frozenset(
    "people men women children police personnel staff cattle sheep fish deer aircraft crew".split()
)
# Words ending in -ed or -ing that are nouns or adjectives in a counted phrase, not verbs.
NOMINAL_PARTICIPLES = frozenset(
    """
    wounded injured dead missing displaced armed unarmed trained detained jailed imprisoned
    infected affected confirmed suspected registered unemployed employed retired elected
    skilled unskilled listed licensed insured uninsured
    building buildings dwelling dwellings offering offerings holding holdings earnings savings
    being beings ceiling ceilings
    """.split()
)
CASUALTY_PARTICIPLES = frozenset(
    """killed dead injured wounded hurt arrested detained missing displaced evacuated infected
    rescued captured executed jailed""".split()
)

# ---------------------------------------------------------------------------------------------
# Patterns

NUMBER_WORD = (
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|"
    r"five|six|seven|eight|nine)\b)?|zero|one|two|three|four|five|six|seven|eight|nine|ten|"
    r"eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
)
SCALE_WORD = r"hundred|thousand|million|billion|trillion|dozen"
DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
VAGUE_MULTIPLIER = r"(?:tens|scores)(?=\s+of\b)|dozens|hundreds|thousands|millions|billions|trillions"

NUMERAL = re.compile(
    rf"""
    (?P<vague>
        \b(?:several|a\s+few|a\s+couple\s+of|a\s+handful\s+of|few|many)\s+
          (?:hundred|thousand|million|billion|dozen)\b(?:\s+(?:thousand|million|billion)\b)?
      | \b(?:{VAGUE_MULTIPLIER})\b(?:\s+of\s+(?:thousands|millions|billions)\b)*
    )
  | (?P<half>\bhalf\s+an?\s+(?:{SCALE_WORD})\b)
  | (?P<fraction>\b(?:(?:a|an|one|two|three|four|five|seven|nine)[\s-]+)?
        (?:half|halves|thirds?|quarters?|fifths?|sixths?|eighths?|tenths?)\b)
  | (?P<digits>(?:{DIGITS}))
        (?:\s*(?P<digit_scale>hundred|thousand|million|billion|trillion)\b
          |(?P<abbreviated_scale>k|m|mn|mln|b|bn|bln|tn|trn)\b
          |\s(?P<spaced_scale>mn|bn|mln|bln|tn|trn)\b)?
  | (?P<words>\b(?:an?(?=\s+(?:{SCALE_WORD})\b)|(?:{NUMBER_WORD})\b)
        (?:(?:\s+|-|\s+and\s+)(?:{SCALE_WORD}|{NUMBER_WORD})\b)*)
    """,
    re.IGNORECASE | re.VERBOSE,
)
WORD_TOKENS = re.compile(rf"{SCALE_WORD}|[a-z]+(?:-[a-z]+)?", re.IGNORECASE)

# Where the numeral pattern is tried: tokens that can start a numeral in words, and digit runs.
NUMERAL_FIRST_WORDS = frozenset(
    [*UNITS, *TENS, "a", "an", "half", "several", "few", "many", "tens", "scores", "dozens", "hundreds",
     "thousands", "millions", "billions", "trillions"]
)  # fmt: skip
DIGIT_RUN = re.compile(r"(?<![\d,.])\.?\d")
# Last words of the bounds and approximators in LEFT_BOUND (with any currency sign stripped).
BOUND_LAST_WORDS = frozenset(
    """than over above of exceeding least under below to most within as estimated est. about around
    approximately approx. approximate roughly some nearly almost circa ca. c. between average minimum
    maximum us a au c ca nz hk s""".split()
)

# Context on the left of a numeral (matched against the text before it, anchored at its end).
LEFT_CURRENCY = re.compile(
    r"(?:(?<![A-Za-z])(?:US|A|AU|C|CA|NZ|HK|S)?\$|[€£¥₹]|\b(?:USD|EUR|GBP|JPY|CHF|CNY))\s?$", re.I
)
LEFT_POUND_HASH = re.compile(r"#\s?$")  # "£" is "#" in the British 7-bit character set
LEFT_BOUND = re.compile(
    r"""(?P<bound>
        (?P<above>\b(?:(?:well|far|much|slightly)\s+)?(?:more\s+than|over|above|upwards\s+of|in\s+excess\s+of|exceeding|greater\s+than|higher\s+than))
      | (?P<at_least>\b(?:at\s+least|no\s+(?:fewer|less)\s+than|a\s+minimum\s+of|minimum\s+of|not\s+less\s+than))
      | (?P<below>\b(?:(?:well|far|much|slightly)\s+)?(?:fewer\s+than|less\s+than|under|below|lower\s+than))
      | (?P<at_most>\b(?:up\s+to|at\s+most|within|as\s+many\s+as|as\s+much\s+as|a\s+maximum\s+of|maximum\s+of|no\s+more\s+than|not\s+more\s+than))
      | (?P<approximately>\b(?:(?:an?|the)\s+)?(?:estimated|est\.)|\b(?:about|around|approximately|approx\.|roughly|some|nearly|almost|close\s+to|circa|ca\.|c\.|just\s+(?:under|over|below|above)|an\s+approximate|more\s+or\s+less|in\s+the\s+region\s+of|on\s+the\s+order\s+of|an\s+average\s+of|on\s+average))
      | (?P<between>\bbetween)
    ),?\s+(?P<currency>(?:US|A|C|HK)?\$\s?|[€£¥]\s?|\#\s)?$""",
    re.IGNORECASE | re.VERBOSE,
)
LEFT_NOT_A_FIGURE = re.compile(
    rf"""(?:
        \b(?:{MONTHS})\.?,?\s+(?:the\s+)?$   # March 20
      | \b(?:no|nos|number|num|art|article|section|sec|chapter|ch|page|p|pp|para|line|room|flight|route|
           gate|platform|bus|channel|level|grade|size|vol|volume|issue|episode|season|round|stage|
           phase|term|category|class|rank|division|district|ward|zone|highway|interstate|
           aged|age|ages|resolution|figure|fig|table|version|model|code|apartment|apt|unit|suite|
           pier|terminal|runway|mile\s+marker)\.?\s+$
      | \#\s?$ | \bthe\s+(?:year|years)\s+$ | \bin\s+(?:his|her|their)\s+$
      | \b(?:the\s+)?age\s+of\s+$ | \b(?:aged?|ages)\s+\d+\s*(?:to|and|-|–)\s*$ | \bturn(?:s|ed|ing)?\s+$
    )""",
    re.IGNORECASE | re.VERBOSE,
)
CAPITALISED_WORD_BEFORE = re.compile(
    r"(?:(?<![\w.])([A-Z][A-Za-z]*[a-z][A-Za-z]*|[A-Z]{2,})|(?<=[/-])([A-Z]))\.?\s+$"
)
AGE_AFTER_NAME = re.compile(r"\b[A-Z][a-z]+,\s$")
AGE_AFTER_NAME_END = re.compile(r",|\s[-–—]\s|;")
AGE_IN_BRACKETS_AFTER_NAME = re.compile(r"\b[A-Z][a-z]+\s\($")
TEMPORAL_PREPOSITION = re.compile(
    r"\b(?:in|by|since|until|till|from|of|during|before|after|through|early|late|mid|circa|"
    r"the|this|that|last|next|between|and|to|year|spring|summer|autumn|fall|winter)[\s-]+$",
    re.IGNORECASE,
)

ORDINAL_BEFORE = re.compile(
    r"\b(?:first|second|third|fourth|last|final|next|latter|former|other|the)\s+$", re.I
)
WEIGHING = re.compile(r"\bweigh", re.IGNORECASE)

# Context on the right of a numeral (matched at its end).
ONE_AS_A_NUMBER = re.compile(
    rf"\s*(?:-|–|to|or|in|out\s+of|of\s+every)\s+(?:\d|(?:{NUMBER_WORD}|{SCALE_WORD})\b)"
    r"|\s+(?:more|additional|extra|further|new)\b",
    re.IGNORECASE,
)
ONE_AS_A_PRONOUN = re.compile(
    r"\s+(?:of|in)\s+(?:the|a|an|his|her|its|their|them|those|these)\b", re.IGNORECASE
)
SPACED_SCALE = re.compile(r"\s(?P<scale>[mb])\b(?![.'’])(?:\s+(?P<noun>[a-z]+))?")
AND_A_HALF = re.compile(r"\s+and\s+a\s+half\b", re.IGNORECASE)
TALLY = re.compile(r"\s*(?:-|–|to)\s*\d")
DURATION_AFTER_MODIFIER = re.compile(
    r"\s+(?:whole|full|straight|consecutive|successive|more|additional|extra|long|further|entire|"
    r"solid|short|busy|hectic|previous|past|last|next|first|remaining)\s+(?:"
    + "|".join(sorted(TIME_UNITS, key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)
RIGHT_NOT_A_FIGURE = re.compile(
    rf"""(?:
        \s*(?:a\.\s?m\.|p\.\s?m\.|am\b|pm\b|gmt\b|utc\b|bst\b|cet\b|est\b|edt\b|et\b|pst\b|pdt\b|
             o'clock|o’clock|local\s+time|hrs\b|h\b)
      | [-\s]*(?:years?|yrs?|months?|weeks?|days?)[-\s]+old\b
      | -year\b | -month\b | -week\b | -day\b | -hour\b | -minute\b | -second\b | -night\b
      | :(?!\d)   # a label: "Question 2:", "2 - 6: ..."
      | ,?\s+(?:of\s+)?(?:{MONTHS})\b(?!\s+(?:of|in|on|at|to)\b)
    )""",
    re.IGNORECASE | re.VERBOSE,
)
RIGHT_RANGE = re.compile(
    rf"""\s*(?P<link>-|–|—|to|or|and)\s*(?P<currency>(?:US|A|C|HK)?\$|[€£¥])?
    (?P<second>(?:{DIGITS})(?:\s*(?:hundred|thousand|million|billion|trillion)\b|(?:k|m|mn|bn|b|tn)\b)?
      |(?:{NUMBER_WORD})\b(?:(?:\s+|-)(?:{SCALE_WORD}|{NUMBER_WORD})\b)*)""",
    re.IGNORECASE | re.VERBOSE,
)
RIGHT_PERCENT = re.compile(
    r"[\s-]?(?:%|per\s?cent\b|percent\b|pct\b)(?P<points>\s+points?\b)?|\s+percentage\s+points?\b",
    re.IGNORECASE,
)
RIGHT_WORD = re.compile(r"[\s-]*((?:[A-Z]\.){2,}|[A-Za-z][A-Za-z'’/.-]*[A-Za-z]|[A-Za-z])")
RIGHT_SPACE_WORD = re.compile(r"\s+([A-Za-z][A-Za-z'’.-]*[A-Za-z]|[A-Za-z])")
RIGHT_OF_WHOLE = re.compile(
    rf"""\s+(?:out\s+of|of)\s+(?:the|its|their|his|her|our|a\s+total\s+of|an?\s+estimated)?\s*
    (?P<whole>(?:{DIGITS})|(?:{NUMBER_WORD})\b(?:(?:\s+|-)(?:{SCALE_WORD}|{NUMBER_WORD})\b)*)""",
    re.IGNORECASE | re.VERBOSE,
)
RIGHT_IN_WHOLE = re.compile(
    rf"""\s+(?:in|in\s+every|out\s+of\s+every|of\s+every|per)\s+
    (?P<whole>(?:{DIGITS})|(?:{NUMBER_WORD})\b(?:(?:\s+|-)(?:{SCALE_WORD}|{NUMBER_WORD})\b)*)""",
    re.IGNORECASE | re.VERBOSE,
)
RIGHT_PARTITIVE = re.compile(
    r"\s+of(?:\s+(?:the|its|their|his|her|our|these|those|all|them|us|whom|which))?\b", re.IGNORECASE
)
RIGHT_APPROXIMATE = re.compile(r"(?:\s+or\s+so\b|-odd\b|\s+odd\b(?=\s+[a-z]))", re.IGNORECASE)
RIGHT_PLUS = re.compile(r"(?:\+|-plus\b)", re.IGNORECASE)
RIGHT_COORDINATION = re.compile(
    r"(?:,\s+[a-z][a-z'-]*(?:\s+[a-z][a-z'-]*)?){0,3},?\s+(?:and|or)\s+[a-z][a-z'-]*(?:\s+[a-z][a-z'-]*)?"
)
# Runs of digits with phone-like separators: masked before the scan.
PHONE = re.compile(
    r"(?<![\w.,])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,5}\)[\s.-]?)?\d{2,5}(?:[\s.-]\d{2,5}){2,4}(?![\w,])"
)
