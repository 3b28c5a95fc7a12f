"""Numbers as abstracts write them: counts in digits or words, decimals, ranges and time units.

The population and follow-up families read the same kinds of numbers ("Thirty-one
patients", "1,234 adults", "21 (11-62) years", "8 months [range 1 - 109]"), so the
regex pieces and their parsers live here once. The pieces are regex *strings*,
to be composed into each family's precompiled patterns.

Cleaned text may keep a "?" where the source had a non-breaking or thin space
("4?years", "1?×?106"), so the separators between a number and its unit accept it.
"""

from __future__ import annotations

import re

from evidence.extract.vocab import words

_UNITS = words(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
)
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_UNIT_VALUE = {word: index for index, word in enumerate(_UNITS)}
_TENS_VALUE = {word: 20 + 10 * index for index, word in enumerate(_TENS)}
_TENS_VALUE["fourty"] = 40  # a common misspelling in abstracts

_ONE_TO_NINE = "|".join(_UNITS[1:10])
_BELOW_100 = (
    r"(?:(?:" + "|".join([*_TENS, "fourty"]) + r")(?:[- ](?:" + _ONE_TO_NINE + r"))?"
    r"|" + "|".join(sorted(_UNITS[1:], key=len, reverse=True)) + r")"
)
_BELOW_1000 = (
    r"(?:(?:" + _ONE_TO_NINE + r")[- ]hundred(?:(?:[- ]and)?[- ]" + _BELOW_100 + r")?|" + _BELOW_100 + r")"
)
WORD_NUMBER = (
    r"(?:" + _BELOW_1000 + r"[- ]thousand(?:,?(?:[- ]and)?[- ]" + _BELOW_1000 + r")?|" + _BELOW_1000 + r")"
)

# A count: "1,234", "23", "Thirty-one", "one hundred and twenty". Digits never glued to a
# decimal point or another digit group ("2.5", "1/2" are not counts).
DIGIT_COUNT = r"(?<![\d.,/])(?:\d{1,3}(?:,\d{3})+|\d{1,6})(?![\d]|\.\d|,\d{3}|/\d)"
COUNT = r"(?:" + DIGIT_COUNT + r"|(?i:\b" + WORD_NUMBER + r"\b))"

# A decimal number ("54.3", "4", "1,5" is not accepted: a comma separates list items).
NUM = r"\d+(?:\.\d+)?"
# Between a number and its unit: spaces, a non-breaking space, or the "?" stand-in.
SEP = r"[\s\u00a0\u2009\u202f?]*"
# Between the ends of a range: "11-62", "11 – 62", "11 to 62", "11?-?62".
RANGE_SEP = r"[\s\u00a0\u2009\u202f?]*(?:-|–|—|‐|−|to)[\s\u00a0\u2009\u202f?]*"
# Units of age and time, normalised by `unit_name`.
TIME_UNIT = r"(?:years?|yrs?\.?|y\.?o\.?|y(?![\w-])|months?|mos?\.?(?![\w-])|weeks?|wks?\.?|days?|d(?![\w-]))"
PLUS_MINUS = r"(?:±|\+/-|\+/−|\+-)"

_UNIT_NAMES = (("y", "years"), ("mo", "months"), ("m", "months"), ("w", "weeks"), ("d", "days"))


def unit_name(raw: str | None) -> str | None:
    """'yrs' -> 'years', 'mo.' -> 'months', 'wk' -> 'weeks', 'd' -> 'days'; None stays None."""
    if not raw:
        return None
    word = raw.lower().rstrip(".")
    for prefix, name in _UNIT_NAMES:
        if word.startswith(prefix):
            return name
    return None


def number(raw: str) -> int | float:
    """'21' -> 21, '54.3' -> 54.3 (ints stay ints, so JSON shows 21 and not 21.0)."""
    value = float(raw)
    return int(value) if value.is_integer() else value


_WORD_SPLIT = re.compile(r"[\s-]+")


def parse_count(raw: str) -> int | None:
    """A count in digits or words -> int: "1,234" -> 1234, "Thirty-one" -> 31,
    "one hundred and twenty" -> 120. None for anything else."""
    text = raw.strip().lower()
    if not text:
        return None
    if text[0].isdigit():
        digits = text.replace(",", "")
        return int(digits) if digits.isdigit() else None
    total = 0
    current = 0
    for word in _WORD_SPLIT.split(text.replace(",", " ")):
        if not word or word == "and":
            continue
        if word in _UNIT_VALUE:
            current += _UNIT_VALUE[word]
        elif word in _TENS_VALUE:
            current += _TENS_VALUE[word]
        elif word == "hundred":
            current = max(current, 1) * 100
        elif word == "thousand":
            total += max(current, 1) * 1000
            current = 0
        else:
            return None
    return total + current


def stat_value(
    stat: str | None,
    value: int | float | None,
    low: int | float | None = None,
    high: int | float | None = None,
    unit: str | None = None,
) -> dict[str, object]:
    """The spec's {"stat", "value", "low", "high", "unit"} object (age, follow_up)."""
    return {"stat": stat, "value": value, "low": low, "high": high, "unit": unit}
