"""Sample size: how many participants the study analysed, else enrolled, else planned.

Abstracts state the number in a handful of ways, which differ in how surely they
mean the whole sample:

- registry fields ("Enrollment: 400 (ESTIMATED)", "Target Recruitment - 22"), or the
  registry's metadata, which wins (gold rule 7: a registration's target enrolment);
- an inclusion statement: "A total of 23 patients were involved", "Thirty-one
  patients (65% female, ...) were included", "we retrospectively analyzed the data
  of 72 patients", "a study of 19 consecutive patients"; completers ("22 patients
  completed the study") are the analysed sample and beat the enrolled one;
- weaker hints: "Of 19 patients, 14 ...", "among 19 refractory ITP patients",
  "(n = 120)" after a population noun, a count in the title, a bare
  "57 patients with X".

A count is never a sample size when it is a subgroup ("Four (44%) patients",
"Nine of 42 patients", "Of the 8 relapsing patients", "the remaining 6 patients"),
when it counts studies or articles, or when it is a dose, a year or a lab value:
a population noun must follow the number. Two arms stated side by side are added
up, as the reader would ("Nine patients were enrolled ..., while the data of
another 9 ... were analysed as the controls" -> 18; "46 patients with AML and 26
patients with ALL were included" -> 72). A single-patient report ("A 67-year-old
woman presented ...") has a sample of one when no count says otherwise. A review
gets a sample size only when it states one total; per-drug or per-arm totals that
disagree give none.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from evidence.extract.candidate import Candidate
from evidence.extract.population_scan import NON_COUNT_NOUNS, Noun, Scan
from evidence.extract.quantities import COUNT, parse_count
from evidence.extract.vocab import WORD_NUMBERS, words
from evidence.model import Record

FIELD = "sample_size"
EMIT = 0.35  # the best value is proposed only when at least this sure

_VERBS = (
    r"enrol?led|included|recruited|randomi[sz]ed|analy[sz]ed|evaluated|evaluable|studied|treated|entered"
    r"|involved|identified|assessed|examined|investigated|reviewed|assigned|allocated|followed|registered"
    r"|selected|observed|surveyed|interviewed|operated|recorded|collected|participated|eligible|available"
    r"|screened"
)
_VERB_WEIGHT = {
    "eligible": 0.5,
    "available": 0.55,
    "screened": 0.2,
    "identified": 0.72,
    "followed": 0.7,
    "completed": 0.82,
    "analysed": 0.82,
    "analyzed": 0.82,
    "evaluable": 0.82,
    "enroled": 0.78,
    "enrolled": 0.78,
    "entered": 0.78,
    "underwent": 0.6,
    "served": 0.7,
}
_NOUN_WORDS = (
    r"patients?|subjects?|participants?|adults?|children|infants?|women|men|cases|individuals|volunteers"
    r"|persons|people|controls"
)
# After the noun: an optional parenthesis, a short stretch of the same clause, then the verb.
_AFTER_VERB = re.compile(
    r"(?:\s*\((?:[^()]|\([^()]*\))*\))?(?P<gap>[^.;:()]{0,160}?)"
    r"\b(?:were|was|had\s+been|have\s+been|are|being)\s+(?:\w+ly\s+|also\s+|then\s+|subsequently\s+)?"
    r"(?P<verb>" + _VERBS + r")\b"
    r"|(?:\s*\((?:[^()]|\([^()]*\))*\))?(?P<gap2>[^.;:()]{0,60}?)\b(?P<active>participated|took\s+part|completed"
    r"|underwent|met\s+the\s+(?:inclusion|eligibility)|fulfilled|enrol?led|entered|served\s+as)\b",
    re.IGNORECASE,
)
_OTHER_SUBJECT = re.compile(r"\b(?:" + _NOUN_WORDS + r")\b", re.IGNORECASE)
_PERCENT_AFTER_NOUN = re.compile(r"\s*\(\s*\d+(?:\.\d+)?\s*%\s*\)")
_N_EQUALS = re.compile(r"n\s*=\s*(?P<count>\d{1,3}(?:,\d{3})+|\d{1,6})\s*[)\],;]")
_REGISTRY_ENROLLMENT = re.compile(
    r"\b(?:Target\s+(?:Recruitment|Enrol?lment|Sample\s+Size|number\s+of\s+participants)"
    r"|(?:Actual\s+|Anticipated\s+|Estimated\s+|Planned\s+)?Enrol?lment|(?:Planned\s+)?Sample\s+size|Target\s+size)\b"
    r"(?:\s*\((?:Actual|Estimated|Anticipated|Planned)\))?"
    r"\s*(?::|\n\s*-|-|=)?\s*(?P<count>\d{1,3}(?:,\d{3})+|\d{1,6})\b",
    re.IGNORECASE,
)
_COMPLETERS = re.compile(
    r"(?:^|[;,]\s*|\band\s+)(?P<count>" + COUNT + r")\s*(?:[(\[]\s*\d+(?:\.\d+)?\s*%\s*[)\]])?\s*"
    r"(?:(?:patients|participants|subjects|children|adults)\s*)?"
    r"(?:completed\s+(?:the\s+)?(?:study|trial|follow-up|treatment|protocol)|(?:were|was)\s+"
    r"(?:analy[sz]ed|evaluable|included\s+in\s+the\s+(?:final\s+)?analysis))",
    re.IGNORECASE,
)
_STUDIES_N = re.compile(
    r"\b(?:studies|trials|RCTs|articles|cohorts)\s*[(\[]\s*[nN]\s*=\s*(?P<count>\d{1,3}(?:,\d{3})+|\d{1,7})"
    r"\s*(?:participants|patients|subjects)?\s*[)\]]"
)
_ANOTHER = re.compile(
    r"(?:another|a\s+further|an\s+additional|additional)\s+(?P<count>" + COUNT + r")\b", re.IGNORECASE
)
_ANALYSED_AFTER = re.compile(
    r"[^.;]{0,80}?\b(?:were|was)\s+(?:\w+ly\s+)?(?:" + _VERBS + r")\b", re.IGNORECASE
)
_JOIN = re.compile(r"[^.;:]{0,80}?(?:\band\b|,)\s*$", re.IGNORECASE)
_CASE_OPENING = re.compile(
    r"(?:[A-Za-z]+(?:\s+[A-Za-z]+)?\s*:\s*|Case\s+(?:report|presentation|description)\s+)?"
    r"(?:Here,?\s+|We\s+(?:report|describe|present)\s+)?"
    r"(?:a|an)\s+(?:[\w-]+\s+){0,3}?(?:\d{1,3}[- ](?:year|month|week|day)s?[- ]old|patient|woman|man|boy|girl"
    r"|lady|gentleman|female|male|infant|child|neonate)\b(?!\s+(?:of|with)\s+\d)",
    re.IGNORECASE,
)
_CASE_WORDS = re.compile(
    r"\b(?:we|authors)\s+(?:report|describe|present)\s+(?:a|an|the)\s+(?:rare\s+|unusual\s+|unique\s+)?"
    r"(?:case|patient)\b|\b(?:a|this)\s+case\s+(?:of|report)\b|\bcase\s+report\b",
    re.IGNORECASE,
)
_STUDY_ZONES = frozenset({"title", "objective", "methods", "results", "body", "conclusion"})
_OPENERS = ("a ", "an ", "here", "we ", "case")

_SUBSET_WORDS = frozenset(words("another further additional remaining other only last first these those the"))
_WHOLE_WORDS = frozenset(["cohort", "sample", "population", "group", "total"])
_DATA_WORDS = frozenset(["data", "records", "charts", "files", "notes", "histories"])
_CONSIST_WORDS = frozenset(
    ["consisted", "consisting", "consists", "comprised", "comprising", "comprises", "composed"]
)
_STUDY_WORDS = frozenset(
    ["study", "trial", "series", "analysis", "review", "survey", "investigation", "evaluation", "experience"]
)
_ACTIVE_VERBS = frozenset(
    words(
        "enrolled enroled included recruited analyzed analysed studied reviewed evaluated treated "
        "investigated examined identified followed report reported describe described present "
        "presented compared assessed randomized randomised surveyed interviewed recruit enrol enroll "
        "include analyze analyse review evaluate treat examine observed"
    )
)
_SUBJECTS = frozenset(words("we study trial analysis cohort registry authors investigators review survey it"))
_WORD = re.compile(r"[A-Za-z]+|[^\sA-Za-z]")


@dataclass(slots=True)
class _Found:
    value: int
    start: int | None
    end: int | None
    confidence: float
    rule: str


def _words_before(scan: Scan, position: int, floor: int) -> list[str]:
    """Lower-cased words (and punctuation marks) before `position`, nearest first, within the sentence."""
    piece = scan.lower[max(floor, position - 90) : position]
    words = _WORD.findall(piece)
    words.reverse()
    return words


def _before_weight(words: list[str], raw_before: str, zone: str) -> tuple[float, str] | None:
    """What the words before a count say about it, or None when they say nothing."""
    w = [*words, "", "", "", "", ""]
    if w[0] == "of" and (w[1].isdigit() or w[1] in WORD_NUMBERS or w[1] == "out"):
        return 0.0, ""  # "Nine of 42 patients": a part of a group
    if (
        (w[0] == "of" and w[1] == "total")
        or w[0] == "total"
        or (w[0] == "," and w[1] == "total" and w[2] == "in")
    ):
        return 0.86, "sample.total"
    if w[0] in ("of", "from", "on") and (w[1] in _DATA_WORDS or (w[1] == "all" and w[2] in _DATA_WORDS)):
        return 0.78, "sample.data_of"
    if w[0] == "of" and (w[1] in _CONSIST_WORDS or w[1] in _STUDY_WORDS):
        return 0.78, "sample.data_of"
    if w[0] == "of" and w[1] in _WHOLE_WORDS:
        return 0.7, "sample.data_of"
    if w[0] in ("included", "comprised", "comprises", "includes") and w[1] in (
        "population",
        "cohort",
        "sample",
    ):
        return 0.78, "sample.data_of"
    verb_at = 0
    while w[verb_at] in ("all", "a", "consecutive") and verb_at < 3:
        verb_at += 1
    if w[verb_at] in _ACTIVE_VERBS and any(x in _SUBJECTS for x in w[verb_at + 1 : verb_at + 5]):
        return 0.82, "sample.we_studied"
    if w[0] == "among" or (w[0] in ("the", "all", "them", "these", "those", ",") and "among" in w[1:3]):
        return 0.55, "sample.among"
    if w[0] == "of" and raw_before.rstrip().endswith("Of"):
        return 0.55, "sample.of_n"
    if (
        w[0] in ("the", "all", "these")
        and w[1] == "of"
        and re.search(r"(?:^|[.;:]\s*)Of\s+\w+\s*$", raw_before)
    ):
        return 0.3, "sample.of_n"
    if zone == "title":
        return 0.6, "sample.title"
    if w[0] in _SUBSET_WORDS or (
        w[0] in ("of", "from") or (w[1] in ("of", "from") and w[0] in _SUBSET_WORDS)
    ):
        return 0.0, ""
    if w[0] == "in" and w[1] in ("performed", "conducted", "carried", "done", "undertaken"):
        return 0.75, "sample.data_of"  # "a retrospective analysis was performed in 183 consecutive patients"
    if w[0] in ("in", "on", "to"):
        return (0.45 if zone in ("objective", "methods") else 0.2), "sample.in_n"
    return None


_VERB_HINTS = (
    "were ",
    "was ",
    "been ",
    "are ",
    "being ",
    "participated",
    "took part",
    "completed",
    "underwent",
    "met the",
    "fulfilled",
    "enrol",
    "entered",
    "served",
)


def _has_verb(lower: str, position: int) -> bool:
    """Whether the clause after a noun holds a verb `_AFTER_VERB` could read (cheap pre-check)."""
    clause = lower[position : position + 200]
    return any(hint in clause for hint in _VERB_HINTS)


def _noun_candidate(scan: Scan, noun: Noun) -> _Found | None:
    """The sample-size reading of one "N <noun>" phrase, if any."""
    text = scan.text
    zone = scan.zone(noun.start)
    if zone not in _STUDY_ZONES or noun.count is None or noun.count_start is None:
        return None
    s_start, _ = scan.bounds(noun.start)
    if _PERCENT_AFTER_NOUN.match(text, noun.end):
        return None  # "5 patients (33%)": a part of the sample
    words = _words_before(scan, noun.count_start, s_start)
    raw_before = text[max(s_start, noun.count_start - 90) : noun.count_start]
    judged = _before_weight(words, raw_before, zone)
    begin = noun.count_start
    if judged and judged[1] == "sample.total":
        index = scan.lower.rfind("total", max(s_start, begin - 20), begin)
        begin = index if index >= 0 else begin
        if scan.lower[max(0, begin - 2) : begin] == "a ":
            begin -= 2
    weight, rule = judged if judged else (0.0, "")
    if (
        judged is None or rule in ("sample.title", "sample.in_n", "sample.among", "sample.of_n")
    ) and _has_verb(scan.lower, noun.end):
        verb = _AFTER_VERB.match(text, noun.end)
        gap = (verb.group("gap") or verb.group("gap2") or "") if verb else ""
        if verb and not _OTHER_SUBJECT.search(gap):
            word = (verb.group("verb") or verb.group("active") or "").lower().split()[0]
            verb_weight = _VERB_WEIGHT.get(word, 0.8)
            if verb_weight > weight:
                weight, rule = verb_weight, "sample.included"
    if judged is None and not rule:
        weight, rule = (0.42 if zone in ("objective", "methods") else 0.3), "sample.bare"
    if noun.count == 1 and weight > 0.3:
        weight = 0.3  # "one patient was ...": an event; a single-patient report is read by _single_case
    if weight <= 0:
        return None
    return _Found(noun.count, begin, noun.end, weight, rule)


def _sums(scan: Scan, counted: list[Noun]) -> list[_Found]:
    """Arms stated side by side, added up: "46 with AML and 26 with ALL were included",
    "Nine patients were enrolled ..., while the data of another 9 ... were analysed"."""
    text = scan.text
    found: list[_Found] = []
    for index, first in enumerate(counted):
        zone = scan.zone(first.start)
        if zone not in ("methods", "results", "body", "objective") or first.count_start is None:
            continue
        s_start, s_end = scan.bounds(first.start)
        words = _words_before(scan, first.count_start, s_start)
        if words and words[0] in _SUBSET_WORDS | {"of", "from"}:
            continue
        if _PERCENT_AFTER_NOUN.match(text, first.end):
            continue
        total_first = first.count or 0
        if index + 1 < len(counted):
            second = counted[index + 1]
            if second.count_start is not None and second.count_start < s_end:
                between = text[first.end : second.count_start]
                if _JOIN.match(between) and not _OTHER_SUBJECT.search(between):
                    verb = _AFTER_VERB.match(text, second.end)
                    if verb and not _PERCENT_AFTER_NOUN.match(text, second.end):
                        total = total_first + (second.count or 0)
                        found.append(_Found(total, first.count_start, second.end, 0.84, "sample.arms_sum"))
        for key in ("another", "further", "additional"):
            at = scan.lower.find(key, first.end, s_end)
            if at < 0:
                continue
            extra = _ANOTHER.match(text, at if key == "another" else max(first.end, at - 3))
            if extra is None:
                extra = _ANOTHER.search(text, max(first.end, at - 3), min(s_end, at + 40))
            if extra is None or not _ANALYSED_AFTER.match(text, extra.end()):
                continue
            value = parse_count(extra.group("count")) or 0
            end = extra.end()
            for noun in scan.nouns:
                if noun.count_start == extra.start("count"):
                    end = noun.end
            found.append(_Found(total_first + value, first.count_start, end, 0.86, "sample.another_arm"))
            break
    return found


def _n_equals(scan: Scan) -> list[_Found]:
    """ "patients (n = 120)": a count after a population noun."""
    found: list[_Found] = []
    text, lower = scan.text, scan.lower
    at = lower.find("n")
    nouns = [n for n in scan.nouns if n.word not in NON_COUNT_NOUNS]
    if not nouns:
        return found
    for match in _N_EQUALS.finditer(lower):
        at = match.start()
        if at > 0 and lower[at - 1].isalnum():
            continue
        if scan.zone(at) not in _STUDY_ZONES:
            continue
        near = [n for n in nouns if 0 <= at - n.end <= 40 and not re.search(r"[.;()]", text[n.end : at - 1])]
        if not near:
            continue
        value = parse_count(match.group("count"))
        if value:
            weight = 0.62 if text[at] == "N" else 0.5
            found.append(_Found(value, near[-1].start, match.end() - 1, weight, "sample.n_equals"))
    return found


def _completers(scan: Scan) -> list[_Found]:
    """ "112 were randomized; 104 (92.9%) completed the trial and were analysed", "Of 640 patients
    enrolled, 598 completed follow-up": the analysed sample, stated after the enrolled one in the
    same sentence, even without a noun and with its share of the enrolled."""
    found: list[_Found] = []
    lower = scan.lower
    for hint in ("completed", "analysed", "analyzed", "evaluable"):
        at = lower.find(hint)
        while at >= 0:
            s_start, _ = scan.bounds(at)
            match = _COMPLETERS.search(scan.text, max(s_start, at - 60), at + len(hint) + 40)
            if match and scan.zone(at) in _STUDY_ZONES:
                value = parse_count(match.group("count")) or 0
                earlier = [
                    n.count
                    for n in scan.nouns
                    if n.count and s_start <= (n.count_start or -1) < match.start() and n.count > value
                ]
                if value > 1 and earlier:
                    found.append(_Found(value, match.start("count"), match.end(), 0.86, "sample.completers"))
            at = lower.find(hint, at + len(hint))
    return found


def _review_total(scan: Scan) -> list[_Found]:
    """ "Twenty-three trials (n = 12,345) were included": a review's participants, given after its studies."""
    return [
        _Found(value, m.start(), m.end(), 0.8, "sample.total")
        for m in _STUDIES_N.finditer(scan.text)
        if scan.zone(m.start()) in _STUDY_ZONES and (value := parse_count(m.group("count")) or 0) > 1
    ]


def _registry(record: Record, scan: Scan) -> list[_Found]:
    """The registry's own enrolment field: metadata first, else the saved page's field."""
    text = record.text
    enrollment = record.meta.extra.get("enrollment")
    matches = list(_REGISTRY_ENROLLMENT.finditer(text)) if scan.lay.registry or enrollment else []
    if isinstance(enrollment, int) and not isinstance(enrollment, bool) and enrollment > 0:
        for match in matches:
            if parse_count(match.group("count")) == enrollment:
                return [_Found(enrollment, match.start(), match.end(), 0.95, "sample.registry")]
        return [_Found(enrollment, None, None, 0.93, "sample.registry")]
    return [
        _Found(value, m.start(), m.end(), 0.88, "sample.registry_field")
        for m in matches
        if (value := parse_count(m.group("count")) or 0) > 0
    ]


def _is_review(scan: Scan, found: dict[str, list[Candidate]]) -> bool:
    design = found.get("study_design")
    if design:
        return design[0].value in ("systematic_review", "meta_analysis")
    return bool(scan.hits["review"])


def _single_case(scan: Scan, found: dict[str, list[Candidate]]) -> _Found | None:
    """One patient described: "A 67-year-old woman presented ...", "we report a case of ..."."""
    design = found.get("study_design")
    if design and design[0].value not in ("case_report", "other"):
        return None
    sure = bool(design and design[0].value == "case_report")
    text, lower = scan.text, scan.lower
    for sentence in scan.lay.sentences:
        if sentence.zone not in _STUDY_ZONES or sentence.zone == "title":
            continue
        opening = lower[sentence.start : sentence.start + 30]
        if not opening.startswith(_OPENERS) and ":" not in opening:
            match = None  # cheap pre-check: a single-patient opening starts with one of these
        else:
            match = _CASE_OPENING.match(text, sentence.start)
        if match is None and "case" in scan.lower[sentence.start : sentence.end]:
            match = _CASE_WORDS.search(text, sentence.start, sentence.end)
        if match:
            begin = match.start()
            while begin < match.end() and not text[begin].isalpha():
                begin += 1
            return _Found(1, begin, match.end(), 0.8 if sure else 0.62, "sample.single_case")
    return None


def _rank(candidates: list[_Found], text: str) -> list[Candidate]:
    """One candidate per value: its best statement, a little surer for each other statement of it."""
    by_value: dict[int, list[_Found]] = defaultdict(list)
    for item in candidates:
        by_value[item.value].append(item)
    ranked: list[Candidate] = []
    for value, items in by_value.items():
        best = max(items, key=lambda f: (f.confidence, -(f.start or 0)))
        support = len({f.start for f in items if f is not best and f.confidence >= 0.3})
        denominators = text.count("/" + str(value)) if value > 1 else 0
        bonus = min(0.1, 0.04 * support) + (0.04 if denominators >= 2 else 0.0)
        confidence = min(0.97, best.confidence + bonus)
        ranked.append(Candidate(value, best.start, best.end, round(confidence, 3), best.rule))
    ranked.sort(key=lambda c: -c.confidence)
    return ranked


def sample_size(scan: Scan, found: dict[str, list[Candidate]]) -> list[Candidate]:
    """The sample-size candidates, best first (empty when nothing is sure enough)."""
    record = scan.record
    registry = _registry(record, scan)
    if registry:
        best = max(registry, key=lambda f: f.confidence)
        return [Candidate(best.value, best.start, best.end, best.confidence, best.rule)]
    counted = [n for n in scan.nouns if n.count is not None]
    candidates = [c for c in (_noun_candidate(scan, n) for n in counted) if c]
    candidates += _sums(scan, counted)
    candidates += _completers(scan)
    if "n" in scan.lower and "=" in scan.text and _is_review(scan, found):
        candidates += _review_total(scan)
    if "n" in scan.lower and "=" in scan.text:
        candidates += _n_equals(scan)
    if scan.lay.registry:
        candidates = [c for c in candidates if c.rule in ("sample.included", "sample.total")]
        for c in candidates:
            c.confidence -= 0.2  # a plan written in prose, not the registry's field
    if _is_review(scan, found):
        totals = {c.value for c in candidates if c.rule in ("sample.total", "sample.included")}
        if len(totals) != 1:
            return []
        candidates = [c for c in candidates if c.value in totals]
    ranked = _rank(candidates, record.text)
    if not ranked or ranked[0].confidence < 0.6:
        single = _single_case(scan, found)
        if single and (not ranked or single.confidence > ranked[0].confidence):
            ranked.insert(0, Candidate(1, single.start, single.end, single.confidence, single.rule))
    return [c for c in ranked if c.confidence >= EMIT]
