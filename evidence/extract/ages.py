"""Age of the participants: a stated statistic, a two-sided range, or one patient's age.

Accepted (gold rule 8):
- "median age of 21 (11-62) years", "median age 57 years [range 23 - 82]",
  "mean age 54.3 ± 12.1 years" (the SD is not a range), "median (range) age 45 (18-80)",
  "aged a median of 45 years";
- two-sided ranges that describe the participants: "aged 18 to 65 years",
  "ages ranged from 2 to 15 years", "the pediatric population (1-17 years)";
- a single patient's age in a case report: "A 45-year-old woman presented ...".

Not ages: one-sided eligibility bounds ("Age >=18 years", "patients under 16
years", "aged >= 18"), durations ("for 3 years", "a 15 year history", "scars less
than 2 years old"), and the ages of several patients described one by one (no
single value describes them). A median without its range picks up a range stated
for age in the same sentence.

The patterns run anchored at the places where "age", "aged" or "-old" occur, and
after population nouns for the parenthesised range (see `population_scan`).
"""

from __future__ import annotations

import re

from evidence.extract.candidate import Candidate
from evidence.extract.population_scan import Scan
from evidence.extract.quantities import (
    NUM,
    PLUS_MINUS,
    RANGE_SEP,
    SEP,
    TIME_UNIT,
    number,
    stat_value,
    unit_name,
)

FIELD = "age"

_RANGE_TAIL = (
    r"(?:" + SEP + r"(?P<unit1>" + TIME_UNIT + r")(?:\s+old)?)?"
    r"(?:\s*[(\[]\s*(?:(?:range|ranging|IQR|i\.q\.r\.|interquartile\s+range|min(?:imum)?-max(?:imum)?)\s*[:,=]?\s*"
    r"(?:from\s+)?)?"
    r"(?P<low>"
    + NUM
    + r")"
    + RANGE_SEP
    + r"(?P<high>"
    + NUM
    + r")"
    + SEP
    + r"(?P<unit2>"
    + TIME_UNIT
    + r")?\s*[)\]]"
    r"|[;,]\s*(?:age\s+)?range[:,]?\s*(?:from\s+)?(?P<low2>"
    + NUM
    + r")"
    + RANGE_SEP
    + r"(?P<high2>"
    + NUM
    + r")"
    r")?"
    r"(?:" + SEP + r"(?P<unit3>" + TIME_UNIT + r")(?![\w-]))?"
)
_STAT_AGE = re.compile(
    r"(?P<stat>median|mean|average)\s+(?:\((?:range|IQR|SD|±\s*SD|years?)\)\s+|±\s*SD\s+|\(±\s*SD\)\s+)?"
    r"(?:patient\s+|participant\s+|maternal\s+|paternal\s+)?ages?\b(?:\s+(?:at|of)\s+(?:the\s+)?(?:time\s+of\s+)?[A-Za-z][\w-]*)?"
    r"(?:\s*\((?:range|IQR|SD|years?|y)[^)]{0,20}\))?"
    r"(?:\s*(?:was|were|is|of|:|,|=|being|was\s+approximately))*\s*(?:approximately|about|~)?\s*"
    r"(?P<value>" + NUM + r")(?:\s*" + PLUS_MINUS + r"\s*" + NUM + r")?" + _RANGE_TAIL,
    re.IGNORECASE,
)
_STAT_BEFORE = re.compile(
    r"(?:median|mean|average)\s+(?:\([^()]{0,12}\)\s+|±\s*SD\s+)?(?:patient\s+|participant\s+|maternal\s+|paternal\s+)?$",
    re.IGNORECASE,
)
_AGED_STAT = re.compile(
    r"(?:aged|age)\s+(?:was\s+)?(?:a\s+)?(?P<stat>median|mean|average)\s+(?:of\s+)?"
    r"(?P<value>" + NUM + r")(?:\s*" + PLUS_MINUS + r"\s*" + NUM + r")?" + _RANGE_TAIL,
    re.IGNORECASE,
)
_AGED_RANGE = re.compile(
    r"(?:aged|ages?\s+(?:ranged|ranging|range[sd]?)|age\s+range\s+(?:was|of|:)?|ages\s+of|age\s+(?:between|from)"
    r"|in\s+age)\s*(?:was\s+|of\s+|:\s*)?(?:from\s+|between\s+)?"
    r"(?P<low>" + NUM + r")" + SEP + r"(?P<unit1>" + TIME_UNIT + r")?" + r"(?:" + RANGE_SEP + r"|\s+and\s+)"
    r"(?P<high>" + NUM + r")" + SEP + r"(?P<unit2>" + TIME_UNIT + r")(?![\w-])",
    re.IGNORECASE,
)
# A statistic given in brackets after an age range: "aged 18–79 years (median 45)".
_STAT_AFTER_RANGE = re.compile(
    r"\s*[(\[]\s*(?P<stat>median|mean|average)\s*(?:age\s*)?[:=,]?\s*(?P<value>" + NUM + r")"
    + SEP + r"(?:" + TIME_UNIT + r")?\s*[)\];,]",
    re.IGNORECASE,
)
# A registry's eligible ages, two-sided: "Ages Eligible for Study: 6 Years to 17 Years".
_ELIGIBLE_AGES = re.compile(
    r"ages?\s+eligible(?:\s+for\s+study)?\s*[:\-]?\s*(?P<low>" + NUM + r")" + SEP + r"(?P<unit1>"
    + TIME_UNIT + r")?" + RANGE_SEP + r"(?P<high>" + NUM + r")" + SEP + r"(?P<unit2>" + TIME_UNIT
    + r")(?![\w-])",
    re.IGNORECASE,
)
_POPULATION_RANGE = re.compile(
    r"\s*(?:\(\s*|(?=\d))(?:aged\s+|age\s+)?(?P<low>"
    + NUM
    + r")"
    + RANGE_SEP
    + r"(?P<high>"
    + NUM
    + r")"
    + SEP
    + r"(?P<unit2>"
    + TIME_UNIT
    + r")(?:\s+old)?(?:\s*\)|(?![\w-]))",  # "patients (18-65 years)", "children 0-18 years"
    re.IGNORECASE,
)
_PERSON = (
    r"(?:woman|man|boy|girl|patient|female|male|lady|gentleman|child|infant|neonate|baby|adolescent|toddler)"
)
_YEAR_OLD = re.compile(
    r"(?:\b(?:a|an|is\s+a|was\s+a)\s+(?:[\w-]+\s+){0,2}?"
    r"(?P<value>\d{1,3}(?:\.\d)?)[- ]?(?P<unit>year|month|week|day)s?"
    r"[- ]old\b"
    r"|\b(?P<value3>\d{1,3}(?:\.\d)?)[- ]?(?P<unit3>year|month|week|day)s?[- ]old\s+(?:[\w-]+\s+){0,2}?"
    + _PERSON
    + r"\b)",
    re.IGNORECASE,
)
_ONE_SIDED_BEFORE = re.compile(
    r"(?:[<>≤≥]|=<|>=|\bunder|\bover|\bolder than|\byounger than|\babove|\bbelow)\s*$"
)
_STUDY_ZONES = frozenset({"title", "objective", "methods", "results", "body", "conclusion"})
_AGE_NOUNS = frozenset(
    {
        "population",
        "patients",
        "children",
        "adults",
        "adolescents",
        "participants",
        "subjects",
        "cohort",
        "infants",
        "individuals",
        "women",
        "men",
        "volunteers",
    }
)


def _unit(match: re.Match[str], *names: str) -> str | None:
    for name in names:
        raw = match.groupdict().get(name)
        if raw:
            return unit_name(raw)
    return None


def _plausible(value: float, unit: str | None) -> bool:
    limit = {"years": 120, "months": 240, "weeks": 520, "days": 1000}.get(unit or "years", 120)
    return 0 <= value <= limit


def _stat(scan: Scan, match: re.Match[str], rule: str) -> Candidate | None:
    low = match.group("low") or match.group("low2")
    high = match.group("high") or match.group("high2")
    unit = _unit(match, "unit1", "unit2", "unit3") or "years"
    value = number(match.group("value"))
    if not _plausible(value, unit):
        return None
    if low and high and not float(low) <= value <= float(high):
        low = high = None  # "mean age 54 ± 12 (range ...)" oddities: keep the statistic alone
    stat = match.group("stat").lower()
    obj = stat_value(
        "mean" if stat == "average" else stat,
        value,
        number(low) if low else None,
        number(high) if high else None,
        unit,
    )
    end = match.end()
    while end > match.start() and scan.text[end - 1] in " ,;:":
        end -= 1
    confidence = 0.88 if scan.zone(match.start()) != "title" else 0.8
    return Candidate(obj, match.start(), end, confidence, rule)


def _range(scan: Scan, match: re.Match[str], start: int, rule: str, confidence: float) -> Candidate | None:
    if _ONE_SIDED_BEFORE.search(scan.text, max(0, start - 15), start):
        return None
    low, high = number(match.group("low")), number(match.group("high"))
    unit = _unit(match, "unit1", "unit2") or "years"
    if not (low < high and _plausible(high, unit)):
        return None
    return Candidate(stat_value("range", None, low, high, unit), start, match.end(), confidence, rule)


def _at_age_words(scan: Scan) -> tuple[list[Candidate], list[Candidate]]:
    """Statistics and ranges read where the word "age" (aged, ages) stands."""
    text, lower = scan.text, scan.lower
    stats: list[Candidate] = []
    ranges: list[Candidate] = []
    for at, end, _word in scan.hits["age"]:
        if scan.zone(at) not in _STUDY_ZONES or lower[end : end + 1].isalpha():
            continue
        before = _STAT_BEFORE.search(text, max(0, at - 30), at)
        if before:
            match = _STAT_AGE.match(text, before.start())
            candidate = _stat(scan, match, "age.stat") if match else None
            if candidate:
                stats.append(candidate)
                continue
        match = _AGED_STAT.match(text, at)
        if match:
            candidate = _stat(scan, match, "age.aged_stat")
            if candidate:
                stats.append(candidate)
                continue
        start = at - 3 if lower[max(0, at - 3) : at] == "in " else at
        match = _AGED_RANGE.match(text, start)
        if match:
            candidate = _range(scan, match, start, "age.range", 0.75)
            stat = _STAT_AFTER_RANGE.match(text, match.end()) if candidate else None
            if candidate and stat:
                value = number(stat.group("value"))
                bounds = candidate.value
                if bounds["low"] <= value <= bounds["high"]:
                    name = stat.group("stat").lower()
                    name = "mean" if name == "average" else name
                    obj = stat_value(name, value, bounds["low"], bounds["high"], bounds["unit"])
                    stats.append(Candidate(obj, start, stat.end() - 1, 0.86, "age.range_stat"))
                    continue
            if candidate:
                ranges.append(candidate)
            continue
        match = _ELIGIBLE_AGES.match(text, at)
        if match:
            candidate = _range(scan, match, at, "age.eligible", 0.6)
            if candidate:
                ranges.append(candidate)
    for noun in scan.nouns:
        after = text[noun.end : noun.end + 3].lstrip()
        if noun.word in _AGE_NOUNS and (after.startswith("(") or after[:1].isdigit()):
            match = _POPULATION_RANGE.match(text, noun.end)
            if match and scan.zone(noun.start) in _STUDY_ZONES:
                candidate = _range(scan, match, noun.start, "age.population", 0.62)
                if candidate:
                    ranges.append(candidate)
    return stats, ranges


def _single(scan: Scan, sample: int | None) -> list[Candidate]:
    """One patient's age, when the record describes one patient (several distinct ages: none)."""
    if sample is not None and sample > 1:
        return []
    text, lower = scan.text, scan.lower
    mentions: list[tuple[int | float, str, int, int]] = []
    seen: set[int] = set()
    for at, end, _word in scan.hits["old"]:
        if scan.zone(at) not in _STUDY_ZONES or lower[end : end + 1].isalpha():
            continue
        for match in _YEAR_OLD.finditer(text, max(0, at - 40), min(len(text), at + 40)):
            if match.start() in seen:
                continue
            seen.add(match.start())
            raw = match.group("value") or match.group("value3")
            unit = unit_name(match.group("unit") or match.group("unit3")) or "years"
            mentions.append((number(raw), unit, match.start(), match.end()))
    if not mentions or len({(m[0], m[1]) for m in mentions}) != 1:
        return []
    value, unit, start, end = mentions[0]
    confidence = 0.8 if sample == 1 else 0.55
    return [Candidate(stat_value("single", value, None, None, unit), start, end, confidence, "age.single")]


def age(scan: Scan, sample: int | None) -> list[Candidate]:
    """Age candidates, best first: statistics, then ranges, then a single patient's age."""
    stats, ranges = _at_age_words(scan)
    merged: list[Candidate] = []
    for candidate in stats:
        obj = candidate.value
        if obj["low"] is None:
            bounds = scan.bounds(candidate.start or 0)
            for other in ranges:
                if bounds[0] <= (other.start or -1) < bounds[1] and other.value["unit"] == obj["unit"]:
                    lo, hi = other.value["low"], other.value["high"]
                    if lo <= obj["value"] <= hi:
                        obj = {**obj, "low": lo, "high": hi}
                        end = max(candidate.end or 0, other.end or 0)
                        candidate = Candidate(obj, candidate.start, end, candidate.confidence, candidate.rule)
                    break
        merged.append(candidate)
    merged.extend(ranges)
    if not merged:
        merged = _single(scan, sample)
    merged.sort(key=lambda c: (-c.confidence, c.start or 0))
    return merged
