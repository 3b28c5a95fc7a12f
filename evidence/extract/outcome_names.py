"""Naming an outcome: the words that say what a number measures, and when.

Not scored, but what a reviewer reads first: "overall response rate, refractory
group" beside "60% (6/10)". The shapes tried, in order: a subject found in n
patients ("PPH noted in 3 cases (17%)"), a measure stated before the number
("the overall response rate was 69.5%"), a term in front of parentheses
("headache (67%)"), what n patients did ("14 (73.7%) achieved a response"),
the subject of the clause. A bare group ("of the refractory group") borrows the
measure named before it in the sentence (done by the caller).
"""

from __future__ import annotations

import re

from evidence.extract.outcome_numbers import Reading

TIMEPOINT = re.compile(
    r"\b(?:at|after|within|by|on|during)\s+(?:day\s+\d+|(?:\d+(?:\.\d+)?|one|two|three|four|five|six|twelve)"
    r"[\s?-]*(?:days?|weeks?|months?|years?))(?:\s+after\s+[\w-]+)?"
    r"|\b\d+[\s?]*-?(?:day|week|month|year)\b(?!s? old)"
    r"|\bat (?:the )?last follow-up",
    re.IGNORECASE,
)
_WORD = r"(?:\d+-)?[A-Za-z][\w/+-]*"
# "severe thrombocytopenia (<50 x 10^9/L) was found in 7 patients (35%)", "PPH noted in 3 cases (17%)"
_NAME_FOUND_IN = re.compile(
    rf"((?:{_WORD}\s+){{0,5}}?{_WORD})(?:\s*\([^()]*\))?\s+(?:(?:was|were)\s+)?"
    r"(?:(?:found|noted|observed|reported|seen|needed|required|occurred|documented|present)\s+)?in\s+$"
)
# "the overall response rate was 69.5%", "a platelet response of 81.69%"
_NAME_BEFORE_VERB = re.compile(
    rf"((?:{_WORD}\s+|\([A-Za-z0-9 -]{{1,12}}\)\s+){{0,8}}?{_WORD}(?:\s*\([A-Za-z0-9 -]{{1,12}}\))?)\s+"
    r"(?:was|were|of|is|reached|:|=)\s*(?:approximately\s+|about\s+|only\s+|both\s+|significantly\s+\w+\s+)?$"
)
# "headache (67%)", "bleeding (56.75%)"
_NAME_BEFORE_PARENS = re.compile(rf"((?:{_WORD}\s+){{0,4}}{_WORD})\s*[\(\[]\s*$")
# "14 (73.7%) achieved a response", "43% of subjects responding within 1 day"
_NAME_AFTER = re.compile(
    r"\s*[\)\]]?\s*(?:of\s+(?:the\s+)?)?(?:[\w-]+\s+)??(?:(?:patients?|subjects?|cases?|participants?|children)\b)?"
    r"\s*(?:(?:in|of)\s+(?:the\s+)?[\w-]+\s+group\s+)?(?:who\s+)?"
    r"((?:[A-Za-z][\w/+-]*)(?:\s+(?!lasting\b|after\b|which\b|within\b|at\b|during\b|that\b|potentially\b|"
    r"including\b)[A-Za-z][\w/+-]*){0,5})"
)
# The subject of a clause or sentence: "Mortality at last follow-up was ...".
_SUBJECT = re.compile(
    rf"\W*((?:{_WORD}\s+|\([A-Za-z0-9 -]{{1,12}}\)\s+){{0,11}}?{_WORD}(?:\s*\([A-Za-z0-9 -]{{1,12}}\))?)\s+"
    r"(?:was|were|is|are)\b"
)
_SPACE_RUN = re.compile(r"\s+")


def _before_parens(left: str) -> re.Match[str] | None:
    """`_NAME_BEFORE_PARENS.search(left)`, searched from where a match can start: its words and the
    bracket hold at most six runs of white space, so it starts after the seventh from the end
    (the search tried five words from every word of the 120 characters before the number)."""
    runs = [space.end() for space in _SPACE_RUN.finditer(left)]
    return _NAME_BEFORE_PARENS.search(left, runs[-7] if len(runs) >= 7 else 0)


_ENDS_IN = re.compile(r"\bin$")
_ENDS_VERB = re.compile(r"(?:\b(?:was|were|of|is|reached|approximately|about|only|both|higher|lower)|[:=])$")
_ENDS_PARENS = re.compile(r"[(\[]$")
_VERB_CUT = re.compile(
    r"^.*\b(?:achieved|reported|showed|produced|had|were|was|developed|experienced)\s+", re.I
)
_PREP_CUT = re.compile(r"\s+(?:in|among|for|by|between|from)\s+.*$", re.I)
_GROUP = re.compile(
    r"\W{0,3}(?:patients?\s+|subjects?\s+)?(?:in|of)\s+(?:the\s+)?((?:[\w/+-]+\s+){0,2}(?:group|arm|cohort|controls))\b",
    re.I,
)
_NOT_A_NAME = re.compile(r"\b(?:than|that|was|were|is|are|similar|did|not)\b", re.I)
_WEAK_NAMES = frozenset(
    {"group", "groups", "controls", "range", "subset", "there", "found", "noted", "almost"}
)
_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "in",
        "at",
        "with",
        "to",
        "for",
        "by",
        "on",
        "from",
        "was",
        "were",
        "is",
        "are",
        "that",
        "this",
        "these",
        "those",
        "which",
        "who",
        "both",
        "all",
        "than",
        "as",
        "be",
        "been",
        "had",
        "has",
        "have",
        "vs",
        "patients",
        "subjects",
        "cases",
        "participants",
    ]
)


def name_for(
    text: str, reading: Reading, clause: tuple[int, int], sentence_start: int
) -> tuple[str, int, int]:
    """The words naming what was measured ("overall response rate", "headache"), and the evidence span."""
    left_start = max(clause[0], reading.start - 120)
    left = text[left_start : reading.start]
    right_start = reading.end + (1 if text[reading.end : reading.end + 1] in ")]" else 0)
    right = text[right_start : clause[1]]
    span_end = right_start
    people_first = reading.n is not None or re.match(
        r"\W{0,3}of\s+(?:the\s+)?(?:patients|subjects|participants)", right
    )
    tail = left[-30:].rstrip()
    for pattern, cut, ends in (
        (_NAME_FOUND_IN, False, _ENDS_IN),
        (_NAME_BEFORE_VERB, True, _ENDS_VERB),
        (_NAME_BEFORE_PARENS, True, _ENDS_PARENS),
    ):
        if not ends.search(tail):
            continue  # the cheap test first: most shapes do not fit at all
        match = _before_parens(left) if pattern is _NAME_BEFORE_PARENS else pattern.search(left)
        if match:
            phrase = match.group(1)
            if cut:
                phrase = _PREP_CUT.sub("", _VERB_CUT.sub("", phrase))
            name = _tidy(phrase)
            if name and name not in _WEAK_NAMES and not _NOT_A_NAME.search(phrase):
                return _with_group(name, text, reading), left_start + match.start(1), span_end
    match = _NAME_AFTER.match(right)
    if match and people_first:
        name = _tidy(match.group(1))
        if name and name not in _WEAK_NAMES:
            return _with_group(name, text, reading), reading.start, right_start + match.end(1)
    for begin in (clause[0], sentence_start):
        match = _SUBJECT.match(text, begin, reading.start)
        if match:
            name = _tidy(_PREP_CUT.sub("", match.group(1)))
            if name and name not in _WEAK_NAMES:
                return _with_group(name, text, reading), reading.start, span_end
    match = _NAME_AFTER.match(right)
    if match:
        name = _tidy(match.group(1))
        if name and name not in _WEAK_NAMES:
            return _with_group(name, text, reading), reading.start, right_start + match.end(1)
    return "", reading.start, span_end


def _with_group(name: str, text: str, reading: Reading) -> str:
    """ "60% (6/10) of the refractory group" names its group: kept beside the measure."""
    group = _GROUP.match(text, reading.end, reading.end + 60)
    if group and group.group(1).lower() not in name:
        return f"{name}, {_tidy(group.group(1))}"
    return name


def _tidy(phrase: str) -> str:
    words = re.sub(r"\s*\([^()]*\)?", "", phrase).replace("?", " ").split()
    while words and (words[0].lower() in _STOP or words[0][0].isdigit()):
        words.pop(0)
    while words and (words[-1].lower() in _STOP or words[-1][0].isdigit()):
        words.pop()
    return " ".join(words).lower() if words else ""


def timepoint_for(text: str, clause: tuple[int, int], opening: tuple[int, int] | None) -> str | None:
    """When the result was measured: in its clause, else in a sentence-opening frame ("At 6 months, ...")."""
    for begin, end in (clause, opening) if opening else (clause,):
        match = TIMEPOINT.search(text, begin, end)
        if match:
            phrase = re.sub(r"[\s?]+", " ", match.group()).strip()
            phrase = re.sub(r"^(?:at|after|within|by|on|during) ", "", phrase, flags=re.IGNORECASE)
            return re.sub(
                r"^(\d+) ?-?(day|week|month|year)$",
                lambda m: f"{m[1]} {m[2]}" + ("s" if m[1] != "1" else ""),
                phrase,
            )
    return None
