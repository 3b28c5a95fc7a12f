"""Disease status: refractory, relapsed, newly diagnosed, chronic, persistent, acute.

A status counts only where the text applies it to the study's own population
(gold rule 6):

- as a modifier of a disease mention in a study sentence: "refractory or relapsed
  severe aplastic anemia", "relapsed/refractory AML", "chronic (> 12 months) or
  persistent (> 3 months) multirefractory ITP", "newly diagnosed SAA", or of a
  generic head ("relapsed or refractory disease", "newly diagnosed patients");
- after a population noun in the title, objective or methods: "patients who
  relapsed after transplantation", "AML relapsing after HSCT", "patients
  refractory to steroids".

Not: statuses in background sentences or sentences about other studies ("Review
of the literature showed ... refractory ITP"), events after treatment ("two
patients relapsed again", "Of the 8 relapsing patients"), the status of responses
("persistent responses"), and "acute"/"chronic" that are part of a disease's name
(acute myeloid leukemia, chronic lymphocytic leukemia: the lexicon matches those
names whole, so no status word stands before them).

Status words are found by literal search and read forward: the chain of status
words, then at most two neutral modifiers ("adult", "severe"), then a disease.
"""

from __future__ import annotations

import re

from evidence.extract.candidate import Candidate
from evidence.extract.condition_mentions import STATUS_PREFIX, Mention
from evidence.extract.population_scan import Scan
from evidence.extract.vocab import WORD_NUMBERS, words

FIELD = "disease_status"
KEEP = 0.5

_STATUS_WORD = (
    r"(?:(?:multi-?|treatment-|therapy-|steroid-|corticosteroid-|chemo-|drug-)?refractory|(?:treatment|therapy)-resistant"
    r"|relapsed|relapsing"
    r"|newly[\s-]diagnosed|recently\s+diagnosed|new[\s-]onset|chronic|persistent|acute)"
)
_PAREN = r"(?:\s*\([^()]{0,30}\))?"
_JOIN = r"(?:\s*(?:/|,|\bor\b|\band\b|and/or)\s*|\s+)"
_NEUTRAL = (
    r"(?:(?:adult|pediatric|paediatric|childhood|primary|severe|very\s+severe|idiopathic|warm|immune|autoimmune"
    r"|particularly\s+severe\s+and|highly|advanced|metastatic|symptomatic|active|high-risk|stage\s+[IV]+[ABC]?)\s+)"
)
_CHAIN = re.compile(
    r"(?P<chain>" + _STATUS_WORD + _PAREN + r"(?:" + _JOIN + _STATUS_WORD + _PAREN + r")*)\s+", re.IGNORECASE
)
_NEUTRAL_ONE = re.compile(_NEUTRAL, re.IGNORECASE)
_STATUS_FIND = re.compile(_STATUS_WORD, re.IGNORECASE)
_GENERIC_HEAD = re.compile(r"(?:disease|patients|cases|illness|setting|cohort|population)\b", re.IGNORECASE)
_PRE = ("multi", "multi-", "treatment-", "therapy-", "steroid-", "corticosteroid-", "chemo-", "drug-")
_POPULATION_BEFORE = re.compile(
    r"\b(?:patients|adults|children|subjects|participants|cases)\b(?:\s+with\s+[^.;,]{1,90}?)?\s+"
    r"(?:who\s+(?:had\s+|have\s+)?(?:were\s+|are\s+|was\s+|had\s+been\s+)?)?$",
    re.IGNORECASE,
)
_POST_STATUS = re.compile(r"relapsed|relapse[sd]?|relapsing|refractory\s+to", re.IGNORECASE)
_OTHERS = re.compile(
    r"\b(?:literature|previous(?:ly)?\s+(?:reported|published|described)|ha(?:ve|s)\s+been\s+(?:reported|described"
    r"|shown)|case\s+reports?|et\s+al|reported\s+(?:in|by)|prior\s+stud(?:y|ies)|previous\s+stud(?:y|ies)"
    r"|other\s+studies|our\s+previous|earlier\s+stud(?:y|ies)|guidelines?)\b",
    re.IGNORECASE,
)
_AIM = re.compile(
    r"\b(?:aims?|aimed|objective|purpose|to\s+(?:evaluate|assess|determine|investigate)|we|this\s+study)\b",
    re.IGNORECASE,
)
_CONFIDENCE = {
    "title": 0.85,
    "aim": 0.8,
    "objective": 0.75,
    "methods": 0.75,
    "case": 0.72,
    "body": 0.65,
    "conclusion": 0.6,
    "results": 0.45,
}
_POST_ZONES = frozenset({"title", "aim", "objective", "methods", "body", "case"})


def _name(word: str) -> str:
    lowered = word.lower()
    if "refractory" in lowered or "resistant" in lowered:
        return "refractory"
    if lowered.startswith("relaps"):
        return "relapsed"
    if "diagnosed" in lowered or "onset" in lowered:
        return "newly_diagnosed"
    return lowered


def _word_start(lower: str, at: int) -> int | None:
    """Start of the status word holding `at` ("multirefractory", "steroid-refractory"), or None mid-word."""
    for prefix in _PRE:
        if lower[max(0, at - len(prefix)) : at] == prefix:
            at -= len(prefix)
            break
    if at > 0 and (lower[at - 1].isalpha() or lower[at - 1] == "-"):
        return None
    return at


def _counted_before(lower: str, begin: int, floor: int) -> bool:
    """A count right before the status ("Of the 8 relapsing patients", "two patients relapsed"): a
    subgroup or an event, not the population's status."""
    words = lower[max(floor, begin - 20) : begin].split()
    return bool(words) and (words[-1].isdigit() or words[-1].split("-")[0] in WORD_NUMBERS)


_PHRASE_WORD = re.compile(r"([\w-]+)\s+")
_NOT_IN_PHRASE = frozenset(
    words("the a an of and or with in to for after before who which that were was is are by from on at as")
)
_SECONDARY = re.compile(r"-(?:associated|induced|related)$", re.IGNORECASE)


def _disease_ahead(text: str, position: int, starts: dict[int, Mention]) -> Mention | None:
    """A kept disease at most three words further on in the same noun phrase: "relapsed or refractory
    large B-cell lymphoma" (no function word or punctuation in between)."""
    for _ in range(3):
        word = _PHRASE_WORD.match(text, position)
        if word is None or word.group(1).lower() in _NOT_IN_PHRASE or _SECONDARY.search(word.group(1)):
            return None  # "refractory fludarabine-associated ITP": a secondary form, named for its cause
        position = word.end()
        if position in starts:
            return starts[position]
    return None


def _add(best: dict[str, Candidate], status: str, start: int, end: int, confidence: float, rule: str) -> None:
    if status not in best or best[status].confidence < confidence:
        best[status] = Candidate(status, start, end, confidence, rule)


def disease_status(scan: Scan, mentions: list[Mention], kept_keys: set[str]) -> list[Candidate]:
    """Status candidates, best first, each at most once."""
    text, lower = scan.text, scan.lower
    starts = {m.start: m for m in mentions if m.key in kept_keys}
    leading = {
        start: m for start, m in starts.items() if m.source == "defined" and STATUS_PREFIX.match(m.surface)
    }
    named = {m.start for m in mentions}
    best: dict[str, Candidate] = {}
    hits = [at for at, _end, _word in scan.hits["status"]]
    others: dict[int, bool] = {}
    chain_end = -1
    for at in hits:
        if at < chain_end:
            continue
        begin = _word_start(lower, at)
        index = scan.sentence(at)
        if begin is None or index is None:
            continue
        zone = scan.fine_zone(index, _AIM)
        if zone not in _CONFIDENCE:
            continue
        sentence = scan.lay.sentences[index]
        if index not in others:
            others[index] = bool(_OTHERS.search(text, sentence.start, sentence.end))
        if others[index]:
            continue
        led = leading.get(begin)
        if led is not None:
            # "relapsed or refractory large B-cell lymphoma (LBCL)": the authors named the disease with
            # its status as one unit; the status words are still the population's
            prefix = STATUS_PREFIX.match(led.surface)
            assert prefix is not None
            for word in _STATUS_FIND.finditer(text, begin, begin + prefix.end()):
                _add(best, _name(word.group()), word.start(), led.end, _CONFIDENCE[zone], "status.named")
            chain_end = begin + prefix.end()
            continue
        chain = _CHAIN.match(text, begin)
        if chain:
            words = []
            target = chain.end()
            for word in _STATUS_FIND.finditer(text, begin, chain.end("chain")):
                if (
                    word.start() in named
                ):  # "relapsed/refractory acute myeloid leukemia": "acute" is the name's
                    target = word.start()
                    break
                words.append(word)
            if not words:
                continue
            chain_end = words[-1].end()
            mention = starts.get(target)
            for _ in range(2):  # "refractory adult ITP", but also "relapsed severe aplastic anemia" (a name)
                neutral = _NEUTRAL_ONE.match(text, target) if mention is None else None
                if neutral is None:
                    break
                target = neutral.end()
                mention = starts.get(target)
            if mention is None:
                mention = _disease_ahead(text, target, starts)
            if mention is not None:
                for word in words:
                    _add(
                        best,
                        _name(word.group()),
                        word.start(),
                        mention.end,
                        _CONFIDENCE[zone],
                        "status.modifier",
                    )
                continue
            head = _GENERIC_HEAD.match(text, target)
            if head and not _counted_before(lower, begin, sentence.start):
                for word in words:
                    if word.group().lower() in ("acute", "chronic", "persistent"):
                        continue  # "chronic patients", "acute setting": too loose without a disease name
                    _add(
                        best,
                        _name(word.group()),
                        word.start(),
                        head.end(),
                        _CONFIDENCE[zone] - 0.05,
                        "status.generic",
                    )
                continue
        if zone in _POST_ZONES:
            post = _POST_STATUS.match(text, begin)
            if (
                post
                and _POPULATION_BEFORE.search(text, max(sentence.start, begin - 100), begin)
                and not _counted_before(lower, begin, sentence.start)
            ):
                status = "refractory" if post.group().lower().startswith("refractory") else "relapsed"
                _add(best, status, begin, post.end(), _CONFIDENCE[zone] - 0.05, "status.population")
    out = [c for c in best.values() if c.confidence >= KEEP]
    out.sort(key=lambda c: (-c.confidence, c.start or 0))
    return out
