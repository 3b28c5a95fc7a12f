"""Reading the numbers of a result: a percentage with its n and N, a fraction, a survival time.

Kept apart from the outcome family's judgement (which numbers are results at
all) because the shapes are the same in every abstract: "69.5% (16/23)",
"14 (73.7%)", "13/31 (42%)", "81% of patients (25/31)", "Nine of 42",
"Of the 8 relapsing patients, 6 ...", "median overall survival was 11 months".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Number words as abstracts write them ("Thirty-one patients"); review_counts reads them too.
UNIT_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS_WORDS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_WORD_NUMBER = (
    r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|t"
    r"wo|three|four|five|six|seven|eight|nine))?"
    r"|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
    r"|one|two|three|four|five|six|seven|eight|nine|ten)"
)
COUNT = rf"(?:\d{{1,3}}(?:,\d{{3}})*(?!\.\d)|\d+(?!\.\d)|(?i:{_WORD_NUMBER}))"
NUMBER = r"\d+(?:\.\d+)?"
PEOPLE = (
    r"(?:patients?|subjects?|participants?|cases?|children|adults?|women|men|infants?|neonates?|"
    r"individuals?|persons?|people|pregnancies|responders?|recipients?|survivors?|eyes?|episodes?)"
)


def to_int(word: str) -> int | None:
    """ "19", "1,024", "Nineteen", "thirty-one" -> an int; anything else -> None."""
    word = word.strip().lower()
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", word):
        return int(word.replace(",", ""))
    if word in UNIT_WORDS:
        return UNIT_WORDS[word]
    parts = re.split(r"[- ]", word)
    if parts[0] in TENS_WORDS:
        if len(parts) == 1:
            return TENS_WORDS[parts[0]]
        if len(parts) == 2 and parts[1] in UNIT_WORDS and UNIT_WORDS[parts[1]] < 10:
            return TENS_WORDS[parts[0]] + UNIT_WORDS[parts[1]]
    return None


@dataclass(slots=True)
class Reading:
    """One result number with what stands around it. `start`/`end` span the number group."""

    value: float | None
    unit: str | None
    n: int | None
    total: int | None
    start: int
    end: int
    kind: str  # "percent", "fraction", "survival", "rate"


# "%" and its stand-ins: "per cent", "percent".
_PCT = r"\s?(?:%|per ?cent\b)"
_PERCENT = re.compile(rf"(?<![\d.,])(?P<v>{NUMBER}){_PCT}")
_FRACTION_IN = rf"(?P<fn>{COUNT})\s*(?:/|of|out of)\s*(?P<ft>{COUNT})"
# Shapes around one percentage, tried in order; all are anchored on the percent match.
_AFTER_PARENS = re.compile(rf"\s*(?:of\s+(?:the\s+)?{PEOPLE}\s*)?[\(\[]\s*{_FRACTION_IN}\s*[\)\];,]")
_BEFORE_PARENS = re.compile(
    rf"(?<![\w.])(?P<n>{COUNT})(?:\s*/\s*(?P<t>{COUNT})|\s+(?:out\s+)?of\s+(?:the\s+)?(?P<t2>{COUNT}))?"
    rf"(?:\s+(?:\w+\s+){{0,2}}?{PEOPLE})?\s*[\(\[]\s*$",
    re.IGNORECASE,
)
_BEFORE_PARENS_FRACTION = re.compile(rf"[\(\[]\s*{_FRACTION_IN}\s*[,;]\s*$", re.IGNORECASE)
_OF_TOTAL = re.compile(
    rf"\b[Oo]f\s+(?:the\s+|these\s+|those\s+|all\s+)?(?P<t>{COUNT})\b[^,;.]{{0,70}}?,\s*(?:\w+\s+){{0,2}}?$"
)
_UNIT_AFTER_SLASH = re.compile(r"\s*(?:[a-zA-Zµμ]|\d*\s*(?:mm|ml|dl|µl|μl|l)\b)")

_FRACTION = re.compile(
    r"(?<![\d/.,])(?P<n>\d+)\s*/\s*(?P<t>\d+)(?![\d/.,]|\s*(?:[a-zA-Zµμ×x]\b|mm|ml|dl|kg|m2|µ|μ|d\b|h\b))"
)
_N_OF_N = re.compile(
    rf"\b(?P<n>{COUNT})\s+(?:out\s+)?of\s+(?:the\s+)?(?P<t>\d+|(?i:{_WORD_NUMBER}))\s+"
    # "51 of 120 and 43 of 121 patients": the first pair shares the second's noun
    rf"(?:(?:\w+\s+){{0,2}}?{PEOPLE}|(?=and\s+{COUNT}\s+(?:out\s+)?of\s+\d+\s+(?:\w+\s+){{0,2}}?{PEOPLE}))",
    re.IGNORECASE,
)
# "of" between white space (see `_n_of_n`): opening with its letters keeps the engine's fast scan.
_OF_WORD = re.compile(r"[oO][fF](?<=\s..)(?=\s)")
_SPACE_RUN = re.compile(r"\s+")
_WORD_START = re.compile(r"\b\w")
_OF_N_COMMA_N = re.compile(
    rf"\b[Oo]f\s+(?:the\s+|these\s+|those\s+|all\s+)?(?P<t>{COUNT})\s+(?:[\w-]+\s+){{0,6}}?{PEOPLE}\b"
    rf"(?:\s+(?:who|with|in|that|treated)[^,;.]{{0,60}})?,\s*(?P<n>{COUNT})\b(?!\s*(?:%|\(|\.\d|per))",
)
_SURVIVAL = re.compile(
    r"\b(?P<name>median\s+(?:(?:overall|progression[- ]free|event[- ]free|disease[- ]free|relapse[- ]free|"
    r"failure[- ]free|leuka?emia[- ]free|recurrence[- ]free|metastasis[- ]free|tr"
    r"ansplant[- ]free|cancer[- ]specific)\s+)?"
    r"survival(?:\s+time)?|median\s+(?:m?OS|PFS|EFS|DFS|RFS|FFS|LFS))"
    r"(?:\s*\([A-Za-z]{2,5}\))?(?:\s+(?:\w+\s+){0,3}?)?\s*(?:was|were|of|is|:|=|reached)\s*"
    r"(?:approximately\s+|about\s+|only\s+)?(?P<v>\d+(?:\.\d+)?)\s*(?P<unit>months?|years?|weeks?|days?|mo)\b",
    re.IGNORECASE,
)
_RATE = re.compile(
    r"(?<![\d.,])(?P<v>\d+(?:\.\d+)?)\s*(?:/|per)\s*(?P<per>1,?000|10,?000|100,?000|1,?000,?000|100)\s+"
    r"(?P<of>(?:live\s+|total\s+)?(?:births?|person-years?|patient-years?|persons?|population|inhabitants|"
    r"admissions?|deliveries|pregnanc(?:y|ies)|patients?|children|adults?|people|individuals?|women|men))",
    re.IGNORECASE,
)


def percent_readings(text: str, start: int, end: int) -> list[Reading]:
    """Each percentage in text[start:end] with the n and N written beside it."""
    out: list[Reading] = []
    for match in _PERCENT.finditer(text, start, end):
        value = float(match.group("v"))
        n = total = None
        begin, finish = match.start(), match.end()
        after = _AFTER_PARENS.match(text, finish, end)
        if after:
            n, total = to_int(after.group("fn")), to_int(after.group("ft"))
            finish = after.end() - 1
        left = text[max(start, begin - 60) : begin]
        # both end at the percentage, after white space only: a bracket, or a comma or semicolon
        last = left.rstrip()[-1:]
        before = _BEFORE_PARENS.search(left) if last in ("(", "[") else None
        before_fraction = _BEFORE_PARENS_FRACTION.search(left) if last in (",", ";") else None
        if n is None and before_fraction:
            n, total = to_int(before_fraction.group("fn")), to_int(before_fraction.group("ft"))
            begin -= len(left) - before_fraction.start()
        elif n is None and before and not _is_year(before.group("n")):
            n = to_int(before.group("n"))
            stated = before.group("t") or before.group("t2")  # "13/31 (42%)", "46 of 52 children (88.5%)"
            total = to_int(stated) if stated else None
            begin -= len(left) - before.start()
        if n is not None and total is None:
            of_total = _OF_TOTAL.search(text[max(start, begin - 120) : begin])
            if of_total:
                total = to_int(of_total.group("t"))
        if (
            n is not None
            and total is not None
            and not (total > 0 and n <= total and _agrees(value, n, total))
        ):
            n = total = None  # a pair that does not give the percentage belongs to something else
        out.append(Reading(value, "%", n, total, begin, finish, "percent"))
    return out


def _is_year(word: str) -> bool:
    return bool(re.fullmatch(r"(?:19|20)\d\d", word))


def _agrees(value: float, n: int, total: int) -> bool:
    """Whether n/N rounds to the stated percentage (how a reader checks a pair belongs together)."""
    decimals = len(str(value).split(".")[1]) if "." in str(value) and not str(value).endswith(".0") else 0
    return abs(100.0 * n / total - value) <= 0.5 * 10**-decimals + 0.6


def implied_total(value: float, n: int, candidates: set[int]) -> int | None:
    """The denominator a percentage of n implies, if exactly one stated count gives it."""
    if value <= 0 or n <= 0:
        return None
    decimals = len(str(value).split(".")[1]) if "." in str(value) and not str(value).endswith(".0") else 0
    tolerance = 0.5 * 10**-decimals + 1e-9
    fits = [t for t in candidates if t >= n and abs(100.0 * n / t - value) <= tolerance]
    return fits[0] if len(fits) == 1 else None


def fraction_readings(text: str, start: int, end: int, taken: list[tuple[int, int]]) -> list[Reading]:
    """Explicit fractions without a percentage: "6/10", "Nine of 42 patients", "Of the 8 ..., 6 ..."."""
    out: list[Reading] = []

    def free(a: int, b: int) -> bool:
        return not any(a < y and b > x for x, y in taken)

    segment = text[start:end]
    lowered = segment.lower()
    fractions = _FRACTION.finditer(text, start, end) if "/" in segment else ()
    for match in fractions:
        if not free(*match.span()) or _is_date_like(text, match):
            continue
        n, total = int(match.group("n")), int(match.group("t"))
        if total > 0 and n <= total and total >= 2:
            out.append(Reading(None, None, n, total, match.start(), match.end(), "fraction"))
    for match in _n_of_n(text, start, end) if " of " in lowered else ():
        n, total = to_int(match.group("n")), to_int(match.group("t"))
        if free(*match.span()) and n is not None and total and n <= total and total >= 2:
            out.append(Reading(None, None, n, total, match.start(), match.end(), "fraction"))
    for match in _OF_N_COMMA_N.finditer(text, start, end) if "of " in lowered and "," in segment else ():
        n, total = to_int(match.group("n")), to_int(match.group("t"))
        if free(*match.span()) and n is not None and total and n <= total and total >= 2:
            out.append(Reading(None, None, n, total, match.start(), match.end(), "fraction"))
    return out


def _n_of_n(text: str, start: int, end: int) -> list[re.Match[str]]:
    """`list(_N_OF_N.finditer(text, start, end))`, trying the pattern only where it can start.

    A match is a count, white space, maybe "out", white space, then "of" between white space:
    so it starts at a word start within the three white-space separated words before such an
    "of" (the count may be two words, "twenty one"), i.e. after the fourth run of white space
    before it. Trying those few starts in text order finds what `finditer` finds (the full
    pattern, case-insensitive, was tried at every word start: 20 us per sentence with an "of").
    """
    out: list[re.Match[str]] = []
    reached = start
    match = _N_OF_N.match
    for of in _OF_WORD.finditer(text, start, end):
        at = of.start()
        if at < reached:
            continue
        window = max(reached, at - 60)
        runs = [space.end() for space in _SPACE_RUN.finditer(text, window, at)]
        if len(runs) < 4 and window > reached:  # long words: count the runs from the last match on
            runs = [space.end() for space in _SPACE_RUN.finditer(text, reached, at)]
        first = runs[-4] if len(runs) >= 4 else reached
        for word in _WORD_START.finditer(text, first, at):
            found = match(text, word.start(), end)
            if found is not None:
                out.append(found)
                reached = found.end()
                break
    return out


def _is_date_like(text: str, match: re.Match[str]) -> bool:
    before = text[max(0, match.start() - 3) : match.start()]
    after = text[match.end() : match.end() + 3]
    return bool(re.search(r"\d[/.-]$", before) or re.match(r"[/.-]\d", after))


def survival_readings(text: str, start: int, end: int) -> list[tuple[Reading, str]]:
    """(reading, name) for each median survival stated with its time."""
    out = []
    for match in _SURVIVAL.finditer(text, start, end):
        unit = match.group("unit").lower()
        unit = {"mo": "months", "month": "months", "year": "years", "week": "weeks", "day": "days"}.get(
            unit, unit
        )
        name = re.sub(r"\s+", " ", match.group("name")).lower()
        out.append(
            (Reading(float(match.group("v")), unit, None, None, match.start(), match.end(), "survival"), name)
        )
    return out


def rate_readings(text: str, start: int, end: int) -> list[Reading]:
    """Rates per a round population ("2.5/1000 live births"), unit "per 1000 live births"."""
    out = []
    for match in _RATE.finditer(text, start, end):
        of = re.sub(r"\s+", " ", match.group("of")).lower()
        if not of.endswith(("s", "population", "people", "children", "men", "women")):
            of = of[:-1] + "ies" if of.endswith("y") else of + "s"
        per = match.group("per").replace(",", "")
        out.append(
            Reading(
                float(match.group("v")), f"per {per} {of}", None, None, match.start(), match.end(), "rate"
            )
        )
    return out
