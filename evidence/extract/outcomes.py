"""Outcome: each result reported for the study's own patients as a rate, proportion or survival.

Most numbers in an abstract are not results. Which ones are is decided the way
a reviewer decides it:

- where: results sections (or, in unstructured abstracts, the prose after the
  background); methods only when the clause reports an exposure ("a subset
  (56.1%) received premedication"); never background, objective or title, and
  nothing from registrations (planned measures, cited results) or single-patient
  case reports (their percentages are laboratory values);
- which sentence: one about other studies ("our previous study found 80%",
  "a prospective trial found that 8 of 10 ...") or a baseline frame ("Before
  transplantation, 47% were in remission") holds no results;
- which clause: a clause that describes patients at entry ("65% female",
  "previously received", "were present in", "secondary ITP") holds baseline
  characteristics unless it also names a result (response, survival, adverse
  event); a number needs a result or exposure word in its clause or sentence;
- the number itself: confidence limits, "±" spreads, p-values, ranges
  ("12–14%", "78% to 100%"), thresholds ("more than 67%"), product strengths
  ("10% liquid IgG") and shares of something other than patients ("95% of
  their study visits") are not results.

The numbers' shapes (n, N, survival times, rates) are read by `outcome_numbers`.
"""

from __future__ import annotations

import re

from evidence.extract.abstract_zones import Layout, Sentence, layout
from evidence.extract.candidate import Candidate
from evidence.extract.interventions import intervention_pattern
from evidence.extract.lexicon import load_lexicon
from evidence.extract.outcome_names import TIMEPOINT, name_for, timepoint_for
from evidence.extract.outcome_numbers import (
    Reading,
    fraction_readings,
    implied_total,
    percent_readings,
    rate_readings,
    survival_readings,
    to_int,
)
from evidence.extract.record_text import Folded, plain_lower, record_text
from evidence.model import Record

FIELD = "outcome"

_ZONE_CONFIDENCE = {"results": 0.8, "body": 0.7, "methods": 0.6, "conclusion": 0.55}

# Result words; the abbreviations are matched in capitals only ("OS", not "os").
_STRONG = re.compile(
    r"\b(?:CRs?|PRs?|ORR|CRR|NRR|OS|PFS|EFS|DFS|RFS|FFS|LFS|GVHD|(?i:respon\w*|remissions?|survival|survived|"
    r"mortality|died|deaths?|alive|relaps\w*|recurr\w*|adverse|side[- ]effects?|toxicit\w*|complications?|"
    r"achiev\w*|improv\w*|success\w*|failures?|cured?|incidence|rates?|developed|experienced|occurred|found|"
    r"noted|observed|reported|frequency|proportion|increase\w*|decrease\w*|reduc\w*|normali[sz]\w*|resolved|"
    r"resolution|regression|discontinu\w*|efficacy|effective|event-free|progression|progressed|"
    r"transformation|engraftment|engrafted|infections?|hospitali[sz]\w*|bleeding events?|frequent|recorded|"
    r"detected|sensitivity|specificity|accuracy|(?:positive|negative) predictive|PPV|NPV))\b"
)
# `_STRONG` in its two parts: the case-sensitive abbreviations, and the words (IGNORECASE, folded). At
# one position the abbreviations come first, as in the one alternation; apart they scan 3x faster.
_STRONG_CODES = re.compile(r"\b(?:CRs?|PRs?|ORR|CRR|NRR|OS|PFS|EFS|DFS|RFS|FFS|LFS|GVHD)\b")
_STRONG_WORDS = re.compile(
    r"\b(?:respon\w*|remissions?|survival|survived|"
    r"mortality|died|deaths?|alive|relaps\w*|recurr\w*|adverse|side[- ]effects?|toxicit\w*|complications?|"
    r"achiev\w*|improv\w*|success\w*|failures?|cured?|incidence|rates?|developed|experienced|occurred|found|"
    r"noted|observed|reported|frequency|proportion|increase\w*|decrease\w*|reduc\w*|normali[sz]\w*|resolved|"
    r"resolution|regression|discontinu\w*|efficacy|effective|event-free|progression|progressed|"
    r"transformation|engraftment|engrafted|infections?|hospitali[sz]\w*|bleeding events?|frequent|recorded|"
    r"detected|sensitivity|specificity|accuracy|(?:positive|negative) predictive|PPV|NPV)\b",
    re.IGNORECASE,
)
_STRONG_WORDS_FOLDED = Folded(_STRONG_WORDS)


def _strong(text: str, start: int, end: int) -> re.Match[str] | None:
    """`_STRONG.search(text, start, end)`: the leftmost of the two parts' matches, the abbreviation's
    at the same position."""
    code = _STRONG_CODES.search(text, start, end)
    word = _STRONG_WORDS_FOLDED.search(text, record_text(text).folded, start, end)
    if code is None or (word is not None and word.start() < code.start()):
        return word
    return code


def _has_strong(text: str, start: int, end: int) -> bool:
    """Whether `_STRONG` finds something in text[start:end]."""
    if _STRONG_CODES.search(text, start, end) is not None:
        return True
    return _STRONG_WORDS_FOLDED.found(text, record_text(text).folded, start, end)


_EXPOSURE = re.compile(
    r"\b(?:treated|received|receiving|given|needed|required|requiring|underwent|transfus\w*|therapy|"
    r"therapies|treatments?|interventions?|exposure|used|started|initiated|prescribed|completed)\b",
    re.IGNORECASE,
)
_BASELINE = re.compile(
    r"\b(?:females?|males?|women|men|boys|girls|aged?|median age|mean age|previous\w*|prior|history|"
    r"presented|presentations?|presenting|present in|were present|was present|pre-?existing|secondary|"
    r"comorbid\w*|underlying|were included|were enrolled|enrolled|diagnosed(?!\s+in\s+\d)|at diagnosis|"
    r"baseline|triggers?|a?etiolog\w*|"
    r"positive for|antibod\w+|had undergone|splenectomi[sz]ed|performance status|ethnicity|race|"
    r"white|caucasian|asian|smokers?|BMI|body mass)\b|-refractory\b|refractory to\b",
    re.IGNORECASE,
)
_EXPOSURE_VERB = re.compile(
    r"\b(?:treated|received|given|underwent|completed|started|initiated|prescribed|required|needed)\b", re.I
)
_PRIOR = re.compile(
    r"\b(?:previous\w*|prior|history|had undergone|before (?:entry|enrol\w*|inclusion))\b", re.IGNORECASE
)
_FRAME_BASELINE = re.compile(
    r"^(?:Abstract\s*)?(?:(?:The\s+)?(?:most\s+(?:common|frequent)\s+|main\s+|leading\s+)?(?:triggers?"
    r"|a?etiolog(?:y|ies)|underlying\s+(?:causes|diseases|conditions)|comorbidities)\s+(?:were|was|included)"
    r"|Before|Prior to|Pre-?treatment|At baseline|At diagnosis"
    r"|At presentation|At (?:study )?"
    r"(?:entry|enrol?lment|inclusion|admission)|At the time of (?!(?:the )?(?:last )?follow))\b",
    re.IGNORECASE,
)
_LITERATURE = re.compile(
    r"\b(?:previous(?:ly)? (?:published |reported )?(?:stud(?:y|ies)|reports?|trials?|data|series|work)|"
    r"our previous|prior (?:stud(?:y|ies)|reports?|trials?)|earlier (?:stud(?:y|ies)|reports?)|"
    r"(?:has|have) been reported|reported in the literature|in the literature|review of the literature|"
    r"according to (?:previous|published|the literature)|historically|literature showed)\b",
    re.IGNORECASE,
)
_OTHER_STUDY = re.compile(
    r"\b(?:a|an|one|another|other) (?:(?!the\b|this\b|our\b|of\b|in\b|total\b)[\w-]+ ){0,4}"
    r"(?:trials?|stud(?:y|ies)|reports?|series|meta-analys[ie]s|cohorts?) "
    r"(?:[\w,.-]+ ){0,10}?(?:found|showed|shown|reported|demonstrated|observed|described)\b",
    re.IGNORECASE,
)
_REVIEW = re.compile(
    r"\b(?:systematic(?:ally)? (?:review|search|literature)|meta-?analys[ie]s|PRISMA|literature search|"
    r"random[- ]effects?|fixed[- ]effects?|pooled analysis|included \d+ (?:studies|trials|articles))\b",
    re.IGNORECASE,
)
_REVIEW_WORDS = (
    "systematic",
    "meta-anal",
    "metaanal",
    "meta anal",
    "prisma",
    "literature search",
    "effects model",
    "effect model",
    "pooled",
    "studies were included",
    "trials were included",
    "included studies",
    "included trials",
)
_ONE_PATIENT = re.compile(
    r"\b(?:we (?:report|describe|present) (?:a|the) (?:case|patient)|case report|"
    r"a patient [^.]{0,80}\bis (?:described|presented|reported)|"
    r"(?:A|An) \d+[- ]year[- ]old (?:white |black |asian |caucasian )?(?:man|woma"
    r"n|male|female|boy|girl|patient))\b"
)

# Numbers that are not results, judged from the characters around them.
_LEFT_EXCLUDE = re.compile(
    r"(?:(?:CI|confidence interval|IQR|interquartile range|range)\s*[:=,]?\s*(?:\d+(?:\.\d+)?\s*%?\s*"
    r"(?:-|–|—|to)\s*)?"
    r"|[±]\s*[?\s]*|\d(?:\.\d+)?\s*%?\s*(?:-|–|—|to)\s*|between\s+(?:\d+(?:\.\d+)?\s*%?\s*and\s+)?|from\s+"
    r"|(?:acid|gel|cream|solution|ointment|lotion|wash|foam|spray|drops|topical\s+[\w-]+)\s*"
    r"|(?:>|<|≥|≤|>=|<=|=>|=<)\s*|(?:more|less|greater|fewer|higher|lower) than\s+|at least\s+|at most\s+"
    r"|above\s+|below\s+|over\s+|under\s+|up to\s+|exceed\w*\s+|power of\s+|significance level of\s+"
    r"|[pP]\s*(?:value)?\s*[=<>]\s*[\d.]*|\b(?:HR|OR|RR|aHR|aOR)\s*[:=]?\s*)$"
)
_RIGHT_EXCLUDE = re.compile(
    r"(?:\s*(?:CIs?|confidence|credible|power|significance|w/v|v/v)\b"
    r"|\s*(?:-|–|—|to)\s*\d"
    r"|\s*(?:liquid|solution|human|IgG|preparation|concentration|formulation|gel|cream|ointment|dextrose|"
    r"saline|albumin|glucose|lidocaine|ethanol|alcohol|povidone|chlorhexidine|w/w|topical|[A-Z]{2,}[\w]*-[A-Z]+)\b"
    r"|\s*\)?\s*of\s+(?:the\s+|their\s+|all\s+|his\s+|her\s+)?(?:[\w-]+\s+)?(?:visits|days|doses?|time|"
    r"measurements|assessments|samples|values|counts|baseline|normal|ULN|upper limit|body weight|predicted|"
    r"the dose|cells|blasts|lymphocytes|marrow|platelets))"
    # shares of lesions, images or samples, not of patients: "detected in 58% lesions on DBT"
    r"|\s+(?:of\s+(?:the\s+|all\s+)?(?:[\w.-]+\s+){0,2}?)?(?:lesions|nodules|images|scans|samples|specimens|biopsies"
    r"|isolates|strains|teeth)\b",
    re.IGNORECASE,
)
_ACCURACY = re.compile(
    r"\b(?:sensitivity|specificity|accuracy|predictive value|PPV|NPV)\s*(?:of|was|=|:)?\s*$", re.IGNORECASE
)
_DEFINITION = re.compile(
    r"\b(?:defined as|defined by|definition|threshold|cut-?off|criteri\w+)\b", re.IGNORECASE
)
# Tested on every clause and sentence that holds a result number: folded (see `record_text`).
_BASELINE_FOLDED, _EXPOSURE_FOLDED, _LITERATURE_FOLDED = (
    Folded(pattern) for pattern in (_BASELINE, _EXPOSURE, _LITERATURE)
)


def extract(record: Record, found: dict[str, list[Candidate]]) -> dict[str, list[Candidate]]:
    lay = layout(record)
    if lay.registry or _single_patient(record, lay, found):
        return {FIELD: []}
    review = _is_review(record, found)
    text = record.text
    candidates: list[Candidate] = []
    seen_results: set[tuple[object, ...]] = set()
    previous = ""
    lowered = record_text(record)
    for sentence in lay.sentences:
        if sentence.zone not in _ZONE_CONFIDENCE:
            continue
        piece = text[sentence.start : sentence.end]
        before, previous = previous, piece
        readings = _readings(text, sentence, piece)
        if not readings:
            continue
        if (
            _FRAME_BASELINE.search(piece)
            or _LITERATURE_FOLDED.found(piece, lowered.low(sentence.start, sentence.end))
            or (not review and _OTHER_STUDY.search(piece))
        ):
            continue
        for candidate in _sentence_outcomes(text, sentence, readings, before):
            key = (
                candidate.value["value"],
                candidate.value["unit"],
                candidate.value["n"],
                candidate.value["total"],
            )
            if sentence.zone == "conclusion" and key in seen_results:
                continue  # a conclusion repeating a result is not a second result
            seen_results.add(key)
            candidates.append(candidate)
    return {FIELD: candidates}


_DIGIT = re.compile(r"\d")


def _readings(text: str, sentence: Sentence, piece: str) -> list[tuple[Reading, str | None]]:
    """The result-shaped numbers of a sentence, each with a name when its shape gives one.

    Cheap substring checks first: most sentences hold no percentage, fraction or survival time.
    """
    if not _DIGIT.search(piece):
        return []
    start, end = sentence.start, sentence.end
    out: list[tuple[Reading, str | None]] = []
    lowered = piece.lower()
    if "surviv" in lowered or "median os" in lowered or "median pfs" in lowered:
        out.extend((reading, name) for reading, name in survival_readings(text, start, end))
    rates = rate_readings(text, start, end) if ("/1" in piece or "per 1" in lowered) else []
    out.extend((reading, None) for reading in rates)
    if "%" in piece or "cent" in lowered:
        for reading in percent_readings(text, start, end):
            if not any(r.start <= reading.start < r.end for r in rates):
                out.append((reading, None))
    if "/" in piece or "of " in lowered:
        taken = [(r.start, r.end) for r, _ in out]
        out.extend((reading, None) for reading in fraction_readings(text, start, end, taken))
    return out


def _sentence_outcomes(
    text: str, sentence: Sentence, readings: list[tuple[Reading, str | None]], before: str
) -> list[Candidate]:
    start, end = sentence.start, sentence.end
    clauses = _clauses(text, start, end)
    opening = clauses[0] if not re.search(r"%|\d\s*/\s*\d", text[clauses[0][0] : clauses[0][1]]) else None
    if opening and not TIMEPOINT.search(text, *opening):
        opening = None
    sentence_cues = _SentenceCues(text, start, end)
    zone_confidence = _ZONE_CONFIDENCE[sentence.zone]
    out: list[Candidate] = []
    measure: list[str] = []
    counts: set[int] | None = None

    def add(reading: Reading, confidence: float, name: str | None = None) -> None:
        clause = _clause_of(clauses, reading.start)
        if name is None:
            name, begin, finish = name_for(text, reading, clause, start)
            if not name:
                cue = _strong(text, *clause)
                name = cue.group().lower() if cue else "proportion of patients"
        else:
            begin, finish = reading.start, reading.end
        if re.search(r"\b(?:group|arm|cohort|controls)$", name.split(", ")[0]) and measure:
            name = f"{measure[-1]}, {name}"  # "60% (6/10) of the refractory group": same measure, other group
        else:
            measure.append(name.split(", ")[0])
        timepoint = timepoint_for(text, clause, opening)
        out.append(_candidate(reading, name, timepoint, confidence, begin, finish))

    for reading, name in readings:
        if reading.kind == "survival":
            add(reading, 0.85, name)
        elif reading.kind == "rate":
            if _excluded(text, reading, start, end):
                continue  # "ranged from 0 to 1.3 per 100 patient-years"
            if _keep(text, reading, clauses, sentence_cues, sentence.zone):
                add(reading, zone_confidence)
        elif reading.kind == "percent":
            if _excluded(text, reading, start, end):
                continue
            if not _keep(text, reading, clauses, sentence_cues, sentence.zone):
                continue
            if reading.n is not None and reading.total is None:
                if counts is None:
                    counts = _counts(text[start:end]) | _counts(before)
                reading.total = implied_total(reading.value or 0.0, reading.n, counts - {reading.n})
            clause = _clause_of(clauses, reading.start)
            confidence = zone_confidence + (0.08 if _has_strong(text, *clause) else 0.0)
            add(reading, confidence + (0.05 if reading.total is not None else 0.0))
        elif _keep(text, reading, clauses, sentence_cues, sentence.zone, need_strong=True):
            add(reading, zone_confidence - 0.05)
    return out


class _SentenceCues:
    """Result, baseline and exposure words of a whole sentence, looked up only when a clause needs them."""

    def __init__(self, text: str, start: int, end: int) -> None:
        self._span = (text, start, end)
        self._seen: dict[str, bool] = {}
        self._clauses: dict[tuple[int, int], tuple[bool, bool, bool, bool]] = {}

    @property
    def span(self) -> tuple[str, int, int]:
        return self._span

    def _has(self, name: str, pattern: re.Pattern[str]) -> bool:
        if name not in self._seen:
            self._seen[name] = bool(pattern.search(*self._span))
        return self._seen[name]

    @property
    def strong(self) -> bool:
        if "strong" not in self._seen:
            self._seen["strong"] = _has_strong(*self._span)
        return self._seen["strong"]

    @property
    def base(self) -> bool:
        if "base" not in self._seen:
            text, start, end = self._span
            self._seen["base"] = _BASELINE_FOLDED.found(text, record_text(text).folded, start, end)
        return self._seen["base"]

    @property
    def exposure(self) -> bool:
        if "exposure" not in self._seen:
            text, start, end = self._span
            self._seen["exposure"] = _EXPOSURE_FOLDED.found(text, record_text(text).folded, start, end)
        return self._seen["exposure"]

    @property
    def prior(self) -> bool:
        return self._has("prior", _PRIOR)

    def clause(self, start: int, end: int) -> tuple[bool, bool, bool, bool]:
        """(result, baseline, exposure, exposure verb) words in text[start:end], a stretch of clauses.

        Remembered per stretch: the numbers of one clause ("12 (40%) ... and 9 (30%)") all ask."""
        found = self._clauses.get((start, end))
        if found is None:
            text = self._span[0]
            folded = record_text(text).folded
            found = (
                _has_strong(text, start, end),
                _BASELINE_FOLDED.found(text, folded, start, end),
                _EXPOSURE_FOLDED.found(text, folded, start, end),
                _EXPOSURE_VERB.search(text, start, end) is not None,
            )
            self._clauses[(start, end)] = found
        return found


def _keep(
    text: str,
    reading: Reading,
    clauses: list[tuple[int, int]],
    sentence_cues: _SentenceCues,
    zone: str,
    need_strong: bool = False,
) -> bool:
    """Whether the clause (and sentence) around a number report a result rather than a baseline fact."""
    first = _clause_of(clauses, reading.start)
    last = _clause_of(clauses, max(reading.start, reading.end - 1))
    if _DEFINITION.search(text, first[0], reading.start) and not _ACCURACY.search(
        text, max(first[0], reading.start - 30), reading.start
    ):
        return False  # a threshold, unless the number is the test's accuracy at it
    c_strong, c_base, c_exposure, c_exposure_verb = sentence_cues.clause(first[0], last[1])
    if zone == "methods":
        return (c_strong or c_exposure) and not c_base
    if c_strong:
        return True
    if not c_base and c_exposure_verb and not sentence_cues.prior:
        return True  # "104 (92.9%) completed the trial (median age ...)": an exposure in its own clause
    if c_base or sentence_cues.base:
        return False
    if need_strong:
        return sentence_cues.strong
    return c_exposure or sentence_cues.strong or sentence_cues.exposure


# A relative change or a statistic, not a share of patients: "reduced hospitalisation by 32%",
# "decreased by 64% versus", "fell by 0.9% with TRE and 0.8% with CR", "difference −0.1%", "I² = 12%".
_CHANGE_VERB = re.compile(
    r"\b(?:reduced|reduces|decreased|decreases|increased|increases|fell|falls|rose|rises|lowered|lowers"
    r"|declined|dropped|improved|improves)\b",
    re.IGNORECASE,
)
_BY = re.compile(r"\bby\s+(?:\d+(?:\.\d+)?\s*%[^.;()]{0,30}?\band\s+)?$", re.IGNORECASE)
_ACHIEVED_BY = re.compile(
    r"\b(?:achieved|attained|reached|reported|observed|seen|experienced)\s+by\s+$", re.IGNORECASE
)
_STATISTIC_LEFT = re.compile(
    r"(?:\bdifference\s*(?:of\s*|was\s*|[:=]\s*)?[-−–]?|\bI\s?(?:2|²|\^2)\s*(?:=|of|was)\s*"
    r"|heterogeneity[^.;]{0,20})$",
    re.IGNORECASE,
)


def _excluded(text: str, reading: Reading, start: int, end: int) -> bool:
    """Confidence limits, spreads, ranges, thresholds, product strengths, shares of non-patients,
    relative changes and test statistics."""
    number_start = reading.start
    match = re.search(r"\d+(?:\.\d+)?\s?(?:%|per ?cent)", text[reading.start : reading.end])
    if match:
        number_start = reading.start + match.start()
        number_end = reading.start + match.end()
    else:
        number_end = reading.end
    left = text[max(start, number_start - 40) : number_start]
    right = text[number_end : min(end, number_end + 60)]
    if _LEFT_EXCLUDE.search(left) and not re.search(r"\(\s*$", left):
        return True
    if _STATISTIC_LEFT.search(left):
        return True
    if _BY.search(left) and not _ACHIEVED_BY.search(left) and _CHANGE_VERB.search(text, start, number_start):
        return True  # "reduced hospitalisation by 32% ... and cardiovascular death by 15%"
    if _RIGHT_EXCLUDE.match(right):
        return True
    # "1% adapalene gel", "aminolevulinic acid 20%": a product's strength, not a share of patients
    drug, drug_before = _drug_patterns()
    return bool(drug.match(right.lstrip()) or drug_before.search(left[-40:]))


_drug_cache: list[tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]] = []


def _drug_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The intervention names, and the same anchored before a number (compiled once per lexicon)."""
    drug = intervention_pattern(load_lexicon())
    if not _drug_cache or _drug_cache[0][0] is not drug:
        _drug_cache[:] = [(drug, drug, re.compile(r"(?:" + drug.pattern + r")\s*$", re.IGNORECASE))]
    return _drug_cache[0][1], _drug_cache[0][2]


_CLAUSE_TOKEN = re.compile(r"[()\[\]]|;|,(?!\d)|\b(?:and|but|while|whereas)\b")


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The clauses of a sentence, split at top-level commas, semicolons and conjunctions."""
    bounds: list[tuple[int, int]] = []
    depth = 0
    begin = start
    for token in _CLAUSE_TOKEN.finditer(text, start, end):
        mark = token.group()
        if mark in "([":
            depth += 1
        elif mark in ")]":
            depth = max(0, depth - 1)
        elif depth == 0:
            if token.start() > begin:
                bounds.append((begin, token.start()))
            begin = token.end()
    if end > begin:
        bounds.append((begin, end))
    return bounds or [(start, end)]


def _clause_of(clauses: list[tuple[int, int]], position: int) -> tuple[int, int]:
    for clause in clauses:
        if clause[0] <= position < clause[1]:
            return clause
    return clauses[-1]


_COUNT_TOKEN = re.compile(
    r"(?<![\d.])\d+(?![\d.%])|\b(?i:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-[a-z]+)?|"
    r"two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen)\b"
)


def _counts(piece: str) -> set[int]:
    """Whole counts a sentence states (digits or words): candidates for an implied denominator."""
    counts = set()
    for word in _COUNT_TOKEN.findall(piece):
        value = to_int(word)
        if value is not None and value > 1:
            counts.add(value)
    return counts


def _candidate(
    reading: Reading, name: str, timepoint: str | None, confidence: float, start: int, end: int
) -> Candidate:
    value = {
        "name": name,
        "value": reading.value,
        "unit": reading.unit,
        "n": reading.n,
        "total": reading.total,
        "timepoint": timepoint,
    }
    return Candidate(value, start, end, round(min(0.95, confidence), 3), f"outcome.{reading.kind}")


def _single_patient(record: Record, lay: Layout, found: dict[str, list[Candidate]]) -> bool:
    """A case report's percentages are one patient's laboratory values, not rates."""
    design = found.get("study_design")
    if design:
        return design[0].value == "case_report"
    if any(section.label == "case" for section in record.sections):
        return True
    lowered = plain_lower(record.text)
    if (
        "case" not in lowered
        and "year-old" not in lowered
        and "year old" not in lowered
        and "patient " not in lowered
    ):
        return False
    return bool(_ONE_PATIENT.search(record.text)) and not re.search(
        r"\b(?:\d{2,}|[A-Z][a-z]+ty(?:-\w+)?|[Tt]wo|[Tt]hree|[Ff]our|[Ff]ive) (?:cons"
        r"ecutive )?patients (?:were|with)\b",
        record.text,
    )


def _is_review(record: Record, found: dict[str, list[Candidate]]) -> bool:
    """In a review, "a trial ... found 40%" is an included study's result, not someone else's."""
    design = found.get("study_design")
    if design:
        return design[0].value in ("systematic_review", "meta_analysis")
    lowered = plain_lower(record.text)
    if not any(word in lowered for word in _REVIEW_WORDS):
        return False
    return bool(_REVIEW.search(record.text))
