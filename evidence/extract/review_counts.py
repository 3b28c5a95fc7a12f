"""How many studies a review included ("12 studies were included", "Nine trials met
the inclusion criteria", "we included 9 clinical trials and 1 observational study").

A review abstract counts several things: records found by the search, articles
screened, full texts assessed, studies included, participants. Only a count of
studies tied to inclusion is taken: the count stands right after an inclusion
verb ("included 71 RCTs", "analysis of 9 trials") or before an inclusion
predicate ("13 eligible articles were identified", "nine trials met the
inclusion criteria"). A list of counts of different study kinds after one
inclusion verb is summed, as the reader would ("9 clinical trials and 1
observational study" -> 10). Search and screening counts ("the search of 358
articles", "1,234 records") never qualify: records, citations and hits are not
study nouns, and a count after "search"/"screened" is skipped.
"""

from __future__ import annotations

import re

from evidence.extract.candidate import Candidate
from evidence.extract.outcome_numbers import TENS_WORDS as _TENS
from evidence.extract.outcome_numbers import UNIT_WORDS as _UNITS
from evidence.extract.record_text import record_text

_WORD_NUMBER = (
    r"(?:(?:"
    + "|".join(_TENS)
    + r")(?:[- ](?:"
    + "|".join(list(_UNITS)[:9])
    + r"))?|"
    + "|".join(_UNITS)
    + r")"
)
_COUNT = r"(?P<count>\d{1,4}(?:,\d{3})?|" + _WORD_NUMBER + r")"
_KIND = (
    r"(?:(?:randomi[sz]ed|non-?randomi[sz]ed|controlled|clinical|observational|cohort|case-control|prospective"
    r"|retrospective|comparative|qualitative|quantitative|eligible|primary|original|relevant|independent|published"
    r"|cross-sectional|double-blind(?:ed)?|placebo-controlled|single-arm|interventional|experimental|full-text|case)[\s,]+){0,4}"
)
_STUDY_WORDS = (
    "studies study trials trial rcts rct articles article papers publications reports cohorts series"
)
_NOUN = r"(?P<noun>" + "|".join(_STUDY_WORDS.split()) + r")\b"
_ITEM = _COUNT + r"\s+" + _KIND + _NOUN
_ITEM_RE = re.compile(_ITEM)
_LIST = (
    _ITEM
    + r"(?:\s*(?:,|and|,\s*and)\s+"
    + _ITEM.replace("?P<count>", "?:").replace("?P<noun>", "?:")
    + r"){0,4}"
)

# All patterns run case-sensitively on the lower-cased text and without a leading
# \b (both keep the regex engine's fast first-character scan); a hit must start a word.
_AFTER_VERB = re.compile(
    r"(?P<verb>included|includes|include|including|analy[sz]ed|pooled|comprised|comprising|synthesi[sz]ed)\s+"
    r"(?:(?:a\s+total\s+of|data\s+from|the\s+results\s+of|in\s+total|overall|finally)\s+)?(?P<list>"
    + _LIST
    + r")"
)
_OF_PHRASE = re.compile(
    r"(?:(?:meta-?\s?)?analysis|review|synthesis|pooling|total)\s+of\s+(?P<list>" + _LIST + r")"
)
# "Eight trials involving 59,692 participants were included": the studies' size between count and verb.
_SIZE_PHRASE = (
    r"(?:\s+(?:involving|including|enrolling|with|comprising|totall?ing|of)\s+(?:a\s+total\s+of\s+)?[\d,]+\s+"
    r"(?:[\w-]+\s+)?(?:participants|patients|subjects|children|adults|women|men|individuals|people))?"
)
_BEFORE_PREDICATE = re.compile(
    r"(?P<list>" + _LIST + r")" + _SIZE_PHRASE + r"(?:\s*\([^)]{0,80}\))?\s+"
    r"(?:(?:were|was|met|fulfilled|satisfied|qualified)\s+(?:\w+\s+){0,3}?"
    r"(?:included|eligible|inclusion|selected|identified|retained|analy[sz]ed|enrolled)"
    r"|(?:were|was)\s+(?:finally\s+)?(?:included|eligible))"
)
_ELIGIBLE = re.compile(r"(?P<list>" + _COUNT + r"\s+(?:eligible|included)\s+" + _KIND + _NOUN + r")")
_COUNT_TOKEN = re.compile(_COUNT.replace("?P<count>", "?:"))
_SCREENING = re.compile(
    r"(?:search|screen\w*|retriev\w*|full[- ]text|titles?\s+and\s+abstracts?|assessed|excluded|records)"
    r"\W+(?:\w+\W+){0,3}$"
)

# (pattern, confidence, rule, anchored on a count)
_RULES: list[tuple[re.Pattern[str], float, str, bool]] = [
    (_AFTER_VERB, 0.85, "studies.included", False),
    (_BEFORE_PREDICATE, 0.85, "studies.met_criteria", True),
    (_ELIGIBLE, 0.75, "studies.eligible", True),
    (_OF_PHRASE, 0.7, "studies.analysis_of", False),
]


def parse_count(word: str) -> int | None:
    """An integer from digits ("1,234") or English words ("twenty-three")."""
    word = word.lower().replace(",", "")
    if word.isdigit():
        return int(word)
    if word in _UNITS:
        return _UNITS[word]
    parts = re.split(r"[- ]", word)
    if parts[0] in _TENS:
        return _TENS[parts[0]] + (_UNITS.get(parts[1], 0) if len(parts) > 1 else 0)
    return None


def _sum_list(phrase: str) -> int | None:
    counts = [parse_count(m.group("count")) for m in _ITEM_RE.finditer(phrase)]
    if not counts or any(c is None for c in counts):
        return None
    return sum(c for c in counts if c is not None)


def _word_start(text: str, index: int) -> bool:
    return index == 0 or not text[index - 1].isalnum()


def _hits(pattern: re.Pattern[str], anchored: bool, lower: str, counts: list[int]) -> list[re.Match[str]]:
    if anchored:
        return [m for pos in counts if (m := pattern.match(lower, pos))]
    return [m for m in pattern.finditer(lower) if _word_start(lower, m.start())]


def studies_included(text: str) -> Candidate | None:
    """The review's count of included studies, with the phrase that states it."""
    lower = record_text(text).lower  # offsets kept: a few characters lower-case to two
    counts = [m.start() for m in _COUNT_TOKEN.finditer(lower) if _word_start(lower, m.start())]
    best: Candidate | None = None
    for pattern, confidence, rule, anchored in _RULES:
        for match in _hits(pattern, anchored, lower, counts):
            if rule != "studies.met_criteria" and _SCREENING.search(
                lower[max(0, match.start() - 60) : match.start()]
            ):
                continue
            value = _sum_list(match.group("list"))
            if not value or value > 5000:
                continue
            verb = match.groupdict().get("verb") or ""
            sure = 0.55 if verb.startswith("analy") else confidence
            candidate = Candidate(value, match.start("list"), match.end("list"), sure, rule)
            if best is None or candidate.confidence > best.confidence:
                best = candidate
    return best
