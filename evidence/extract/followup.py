"""Follow-up: how long the study's patients were followed.

Accepted: a stated statistic of follow-up ("median follow-up of 48 months",
"Median follow-up was 8 (1-109) months", "after a median follow-up of 18 months
[6-103]", "followed for a mean of 2.3 years", "mean follow-up 24 ± 6 months",
"median observation period of 36 months"), a follow-up range ("follow-up ranged
from 6 to 24 months"), and, less surely, one fixed duration ("patients were
followed up for 2 years").

Not follow-up (gold rule 8): how long responses lasted ("a response lasting a
median of 24 months"), intervals between treatments, durations of therapy, times
to response, one-sided minimums ("at least 12 months of follow-up"), time points
("at the 12-month follow-up visit"), and a registry's planned outcome time frames.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable

from evidence.extract.abstract_zones import layout
from evidence.extract.candidate import Candidate
from evidence.extract.population_scan import scan
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
from evidence.model import Record

FIELD = "follow_up"

_FOLLOW = r"(?:follow(?:ed)?[\s-]?ups?|observation(?:al)?\s+(?:period|time)|surveillance\s+(?:period|time))"
_RANGE_TAIL = (
    r"(?:" + SEP + r"(?P<unit1>" + TIME_UNIT + r"))?"
    r"(?:\s*[(\[]\s*(?:(?:range|ranging|IQR|interquartile\s+range)\s*[:,=]?\s*(?:from\s+)?)?"
    r"(?P<low>"
    + NUM
    + r")"
    + SEP
    + r"(?:"
    + TIME_UNIT
    + r")?"
    + RANGE_SEP
    + r"(?P<high>"
    + NUM
    + r")"
    + SEP
    + r"(?P<unit2>"
    + TIME_UNIT
    + r")?\s*[)\]]"
    r"|[;,]\s*range[:,]?\s*(?:from\s+)?(?P<low2>" + NUM + r")" + RANGE_SEP + r"(?P<high2>" + NUM + r"))?"
    r"(?:" + SEP + r"(?P<unit3>" + TIME_UNIT + r")(?![\w-]))?"
)
_STAT = re.compile(
    r"(?P<stat>median|mean|average)\s+(?:\([^()]{0,20}\)\s+)?(?:duration\s+of\s+|length\s+of\s+|time\s+of\s+)?"
    + _FOLLOW
    + r"(?:\s+(?:time|period|duration|interval))?"
    r"(?:\s+(?:of\s+(?:all\s+)?(?:the\s+)?(?:patients|survivors|participants)\s+)?(?:was|were|is|of|for|lasted|:|,|=|being"
    r"|time\s+was|period\s+was|duration\s+was|reached))*\s*(?:approximately|about|~)?\s*"
    r"(?P<value>" + NUM + r")(?:\s*" + PLUS_MINUS + r"\s*" + NUM + r")?" + _RANGE_TAIL,
    re.IGNORECASE,
)
_FOLLOWED_STAT = re.compile(
    r"\bfollowed(?:\s+up)?\s+(?:for|over)\s+(?:a|an)\s+(?P<stat>median|mean|average)\s+(?:\w+\s+)?(?:of\s+)?"
    r"(?P<value>" + NUM + r")(?:\s*" + PLUS_MINUS + r"\s*" + NUM + r")?" + _RANGE_TAIL,
    re.IGNORECASE,
)
_RANGE = re.compile(
    _FOLLOW
    + r"(?:\s+(?:time|period|duration))?\s+(?:ranged|ranging|range[sd]?|was|of)?\s*(?:from\s+|between\s+)?"
    r"(?P<low>"
    + NUM
    + r")"
    + SEP
    + r"(?:"
    + TIME_UNIT
    + r")?(?:"
    + RANGE_SEP
    + r"|\s+and\s+)(?P<high>"
    + NUM
    + r")"
    + SEP
    + r"(?P<unit2>"
    + TIME_UNIT
    + r")(?![\w-])",
    re.IGNORECASE,
)
_FIXED = re.compile(
    r"\b(?:followed(?:\s+up)?\s+for|follow[\s-]?up\s+(?:period|duration)\s+(?:of|was)|(?:with|after)\s+(?:a\s+)?"
    r"follow[\s-]?up\s+(?:period\s+)?of|(?:during|over|after)\s+(?=\d+\s*\w+\s+of\s+follow))\s*(?P<value>"
    + NUM
    + r")"
    + SEP
    + r"(?P<unit1>"
    + TIME_UNIT
    + r")(?![\w-])(?:\s+of\s+follow[\s-]?up)?",
    re.IGNORECASE,
)
# One patient's follow-up, stated as the visit of a case report: "at 6-month follow-up the aneurysm ...".
_CASE_VISIT = re.compile(
    r"\bat\s+(?:the\s+|her\s+|his\s+)?(?P<value>\d{1,3})[- ](?P<unit1>months?|years?|weeks?)\s+"
    r"follow[\s-]?up\b",
    re.IGNORECASE,
)
# A horizon the title or text gives the results: "3-year results of ...", "five-year follow-up of".
_HORIZON = re.compile(
    r"\b(?P<value>\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)[- ](?P<unit1>years?|months?)\s+"
    r"(?:results|follow[\s-]?up|update|outcomes)\b",
    re.IGNORECASE,
)
_TIME_POINT = re.compile(r"\b(?:at|by|until)\s+(?:the\s+)?$", re.IGNORECASE)
_VISIT = re.compile(r"\s+(?:visits?|assessments?|evaluations?|examinations?)\b", re.IGNORECASE)
_NUMBER_WORDS = dict(zip(("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
                         range(1, 11), strict=True))
_STAT_BEFORE = re.compile(
    r"(?P<stat>median|mean|average)\s+(?:\([^()]{0,20}\)\s+)?(?:duration\s+of\s+|length\s+of\s+|time\s+of\s+)?$",
    re.IGNORECASE,
)
_ONE_SIDED = re.compile(
    r"(?:at\s+least|minimum(?:\s+of)?|more\s+than|over|up\s+to|>|≥|<|≤)\s*$", re.IGNORECASE
)
_STUDY_ZONES = frozenset({"methods", "results", "body", "conclusion", "objective"})


def layout_title(record: Record) -> tuple[int, int] | None:
    return layout(record).title


def _unit(match: re.Match[str]) -> str | None:
    for name in ("unit1", "unit2", "unit3"):
        raw = match.groupdict().get(name)
        if raw:
            return unit_name(raw)
    return None


def _trimmed_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in " ,;:":
        end -= 1
    return end


def _stat(text: str, match: re.Match[str], rule: str, confidence: float) -> Candidate | None:
    unit = _unit(match)
    if unit is None:
        return None
    low = match.group("low") or match.group("low2")
    high = match.group("high") or match.group("high2")
    value = number(match.group("value"))
    if low and high and not float(low) <= value <= float(high):
        low = high = None
    stat = match.group("stat").lower()
    obj = stat_value(
        "mean" if stat == "average" else stat,
        value,
        number(low) if low else None,
        number(high) if high else None,
        unit,
    )
    return Candidate(obj, match.start(), _trimmed_end(text, match.start(), match.end()), confidence, rule)


def extract(record: Record, found: dict[str, list[Candidate]]) -> dict[str, list[Candidate]]:
    """The record's follow-up, if it states one."""
    text = record.text
    shared = scan(record)
    lowered, lay = shared.lower, shared.lay
    triggers = [at for at, _end, _word in shared.hits["follow"]]
    if lay.registry:
        return {}  # a registration's time frames are plans, not follow-up
    starts = [s.start for s in lay.sentences]

    def in_study(position: int) -> bool:
        index = bisect_right(starts, position) - 1
        return (
            index >= 0 and position < lay.sentences[index].end and lay.sentences[index].zone in _STUDY_ZONES
        )

    stats: list[Candidate] = []
    ranges: list[Candidate] = []
    fixed: list[Candidate] = []
    for at in triggers:
        if not in_study(at):
            continue
        before = _STAT_BEFORE.search(text, max(0, at - 45), at)
        if before:
            match = _STAT.match(text, before.start())
            candidate = _stat(text, match, "follow_up.stat", 0.88) if match else None
            if candidate:
                stats.append(candidate)
                continue
        if lowered.startswith("followed", at):
            match = _FOLLOWED_STAT.match(text, at)
            candidate = _stat(text, match, "follow_up.followed", 0.82) if match else None
            if candidate:
                stats.append(candidate)
                continue
        match = _RANGE.match(text, at)
        if match and not _ONE_SIDED.search(text, max(0, at - 15), at):
            low, high = number(match.group("low")), number(match.group("high"))
            if low < high:
                obj = stat_value("range", None, low, high, unit_name(match.group("unit2")))
                ranges.append(Candidate(obj, match.start(), match.end(), 0.7, "follow_up.range"))
                continue
        for match in _FIXED.finditer(text, max(0, at - 30), min(len(text), at + 60)):
            if not _ONE_SIDED.search(text, max(0, match.start("value") - 15), match.start("value")):
                obj = stat_value(
                    "single", number(match.group("value")), None, None, unit_name(match.group("unit1"))
                )
                fixed.append(Candidate(obj, match.start(), match.end(), 0.5, "follow_up.fixed"))
            break
    candidates = stats or ranges or fixed
    if not candidates:
        candidates = _visits_and_horizons(record, found, in_study)
    candidates.sort(key=lambda c: (-c.confidence, c.start or 0))
    return {FIELD: candidates[:3]} if candidates else {}


def _visits_and_horizons(
    record: Record, found: dict[str, list[Candidate]], in_study: Callable[[int], bool]
) -> list[Candidate]:
    """Weaker statements, used only when no follow-up statistic is stated: a case report's
    "at 6-month follow-up" (the one patient's follow-up), a title's "3-year results of"."""
    text = record.text
    design = found.get("study_design")
    out: list[Candidate] = []
    if design and design[0].value == "case_report":
        for match in _CASE_VISIT.finditer(text):
            if in_study(match.start()):
                value, unit = number(match.group("value")), unit_name(match.group("unit1"))
                obj = stat_value("single", value, None, None, unit)
                out.append(Candidate(obj, match.start(), match.end(), 0.5, "follow_up.case_visit"))
    title = layout_title(record)
    for match in _HORIZON.finditer(text, 0, title[1] if title else 0):
        if match.start() < title[0]:  # the title states the horizon: "3-year results of ..."
            continue
        at_point = _TIME_POINT.search(text, max(0, match.start() - 8), match.start())
        if at_point or _VISIT.match(text, match.end()):
            continue  # "at the 12-month follow-up visit": a time point
        raw = match.group("value").lower()
        value = float(_NUMBER_WORDS[raw]) if raw in _NUMBER_WORDS else number(raw)
        obj = stat_value("single", value, None, None, unit_name(match.group("unit1")))
        out.append(Candidate(obj, match.start(), match.end(), 0.45, "follow_up.horizon"))
    return out[:1] if out else []
