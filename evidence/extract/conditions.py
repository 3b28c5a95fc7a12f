"""Condition: the diseases the study is about, as the text names them.

An abstract names many diseases: the one studied, its subtypes, comorbidities,
complications, adverse events, diseases of cited studies. Each mention
(`condition_mentions`) is weighed by where it stands and what surrounds it, and a
disease is kept when its best mention is strong enough:

- where: the title and the objective name the studied disease; methods, a case
  description and the conclusion less surely; results mostly list baseline
  features and events; background sentences speak of the world;
- around it: a population phrase ("23 patients with X", "X patients",
  "diagnosed with X", "treatment of X") makes it the population's disease, more
  surely with a count; a complication or history cue before it ("developed",
  "history of", "complications like", "risk of", "without") makes it something
  else for the rest of the sentence, unless a population phrase follows the cue;
- a disease the authors abbreviate in a study sentence and keep using is a
  concept of the study.

Registry records list their conditions in the metadata, which wins; a saved
registry page is read from its title and its diagnosis criteria, since its
exclusion criteria name many diseases no participant has.

The value is the disease as written (the long form when the text abbreviates it),
without the status words that go to `disease_status`.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass

from evidence.extract import condition_mentions as cm
from evidence.extract.candidate import Candidate
from evidence.extract.interventions import DRUG_ENDINGS as _DRUG_ENDINGS
from evidence.extract.lexicon import load_lexicon
from evidence.extract.population_scan import Scan
from evidence.extract.spans import locate
from evidence.extract.vocab import words

FIELD = "condition"
KEEP = 0.5

# (plain mention, mention in a population phrase) by zone.
_WEIGHTS = {
    "title": (0.8, 0.85),
    "aim": (0.65, 0.75),
    "objective": (0.35, 0.55),
    "methods": (0.3, 0.6),
    "case": (0.35, 0.6),
    "body": (0.3, 0.55),
    "conclusion": (0.35, 0.55),
    "results": (0.15, 0.4),
    "background": (0.1, 0.2),
}
AIM = re.compile(
    r"\b(?:aims?|aimed|objectives?|purpose|goal|to\s+(?:evaluate|assess|determine|investigate|compare|examine|explore"
    r"|describe|study|analy[sz]e|report|test|identify|characteri[sz]e)|we\s+(?:report|describe|present|analy[sz]ed"
    r"|evaluated|assessed|investigated|studied|examined|explored|sought)|this\s+(?:study|trial|report|analysis"
    r"|review)|the\s+present\s+study|here(?:in)?)\b",
    re.IGNORECASE,
)
_ALONE_CUES = words(
    "diagnos treatment management therapy treating treated csa drug agent managed studies trial "
    "suffering affected"
)
_BETWEEN_STOP = re.compile(
    r"\b(?:who|which|that|were|was|received|developed|had|has|is|are|and\s+(?:then|later)|such\s+as|including"
    r"|like)\b|[.;:]"
)
_POPULATION_AFTER = re.compile(
    r"(?:\s*/\s*[\w-]+)?(?:\s*\(\s*[\w-]+\s*\))?\s+(?:patients|subjects|participants|cases|children|adults"
    r"|population|cohort|women|men)\b|\s+in\s+(?:pregnancy|children|adults|pediatric|paediatric)",
    re.IGNORECASE,
)
# The sample broken down by disease right where it is stated: "Thirty-eight patients were treated
# (non-small cell lung cancer, n = 22; colorectal cancer, n = 13)". Elsewhere "malignancy (n = 27)"
# lists triggers or comorbidities.
_BREAKDOWN = re.compile(r"\s*[,:]?\s*[(\[]?\s*[nN]\s*=\s*\d")
_SAMPLE_STATED = re.compile(
    r"\b(?:patients|participants|subjects|children|adults|cases)\s+(?:were|was)\s+(?:\w+\s+){0,2}?"
    r"(?:treated|enrol?led|included|randomi[sz]ed|analy[sz]ed|studied|recruited|identified)\s*\($"
)
# A harm the studied drug caused: "pembrolizumab-induced myocarditis" is an adverse event, not the
# disease the study is about (a generic "drug-induced liver injury" can be).
_CAUSED_BY = re.compile(r"(?P<cause>[A-Za-z][\w]*)-(?:induced|associated|related|triggered)\s+$")
_GENERIC_CAUSES = frozenset(
    words("drug treatment therapy medication vaccine transfusion ventilator catheter")
)
_DIAGNOSIS_CRITERION = re.compile(r"diagnosed\s+(?:as|with)|diagnosis\s+of", re.IGNORECASE)
_PATIENT_DESCRIPTION = re.compile(r"(?:Patient|Case)\s+\d", re.IGNORECASE)
_STUDY = ("title", "objective", "methods", "body", "results", "conclusion")


@dataclass(slots=True)
class Scored:
    """A mention with the weight its place gives it."""

    mention: cm.Mention
    weight: float
    zone: str


@dataclass(slots=True)
class _Cues:
    negative: list[int]
    population: list[tuple[int, int]]  # (cue start, cue end)


def _cues(scan: Scan) -> _Cues:
    """Negative and population cues (found by the shared scan) that stand at a word end."""
    lower = scan.lower
    negative = [start for start, _end, _word in scan.hits["neg"]]
    population = [
        (start, end) for start, end, _word in scan.hits["pop"] if not lower[end : end + 1].isalnum()
    ]
    return _Cues(negative, population)


_PERSONS = frozenset(words("man woman boy girl gentleman lady"))


def _noun_before(scan: Scan, cue_start: int, floor: int) -> bool:
    """A population noun stands shortly before a "with" cue ("patients of Ethiopian ancestry with");
    a case report's one person only right before it ("a 68-year-old man with melanoma", not "a
    woman presented with headache": what a patient presents with is a symptom)."""
    return any(
        floor <= n.end <= cue_start and cue_start - n.end <= (2 if n.word in _PERSONS else 50)
        for n in scan.nouns
    )


def _population_before(scan: Scan, cues: _Cues, mention_start: int, floor: int) -> int | None:
    """End of the population cue that governs the mention, if one does."""
    index = bisect_left(cues.population, (mention_start, mention_start))
    while index > 0:
        index -= 1
        start, end = cues.population[index]
        if start < floor or mention_start - end > 200:
            return None
        if end > mention_start:
            continue
        between = scan.text[end:mention_start]
        if len(between.split()) > 12 or _BETWEEN_STOP.search(between):
            return None
        cue = scan.lower[start:end]
        if cue.startswith(("with", "having")) and not _noun_before(scan, start, floor):
            continue
        if cue.startswith(_ALONE_CUES) or _noun_before(scan, start, floor):
            return start
    return None


def _negated(scan: Scan, cues: _Cues, mention_start: int, floor: int) -> bool:
    """A complication or history cue earlier in the sentence, not overridden by a later population phrase."""
    index = bisect_left(cues.negative, mention_start) - 1
    if index < 0 or cues.negative[index] < floor:
        return False
    last_negative = cues.negative[index]
    for start, end in cues.population:
        if (
            last_negative < start
            and end <= mention_start
            and scan.lower[start:end].startswith(("with", "having"))
            and _noun_before(scan, start, last_negative)
        ):
            return False
    return True


def _counted(scan: Scan, cue_start: int | None, mention_end: int) -> bool:
    """The population phrase carries a count: "23 patients with X", "five refractory X patients"."""
    for noun in scan.nouns:
        if noun.count is None:
            continue
        if cue_start is not None and 0 <= cue_start - noun.end <= 50:
            return True
        if 0 <= noun.start - mention_end <= 3:
            return True
    return False


def _score(scan: Scan, mentions: list[cm.Mention]) -> list[Scored]:
    cues = _cues(scan)
    scored: list[Scored] = []
    text = scan.text
    for mention in mentions:
        index = scan.sentence(mention.start)
        if index is None:
            continue
        zone = scan.fine_zone(index, AIM)
        if zone not in _WEIGHTS:
            continue
        if zone == "background":
            # a background mention (at most 0.2) never makes a disease the study's own by itself;
            # it is kept only for the fallback of a record that names its disease nowhere else
            negated = _negated(scan, cues, mention.start, scan.lay.sentences[index].start)
            scored.append(Scored(mention, 0.0 if negated else _WEIGHTS["background"][0], zone))
            continue
        sentence = scan.lay.sentences[index]
        if _negated(scan, cues, mention.start, sentence.start):
            scored.append(Scored(mention, 0.0, zone))
            continue
        plain, population = _WEIGHTS[zone]
        cue = _population_before(scan, cues, mention.start, sentence.start)
        if scan.lay.registry and zone != "title":
            # a registration's eligibility lists name diseases no participant has
            # ("Patients with X are excluded")
            criterion = _DIAGNOSIS_CRITERION.search(
                text, max(sentence.start, mention.start - 120), mention.start
            )
            population = 0.6 if criterion else min(population, 0.4)
        in_population = cue is not None or bool(_POPULATION_AFTER.match(text, mention.end))
        weight = population if in_population else plain
        if in_population and zone not in ("background", "results") and _counted(scan, cue, mention.end):
            weight = min(0.85, weight + 0.15)
        if _BREAKDOWN.match(text, mention.end) and _in_sample_breakdown(text, mention.start, sentence.start):
            weight = max(weight, 0.6)
        if _caused_by_a_drug(text, mention.start, sentence.start):
            weight = 0.0
        if zone == "body" and _PATIENT_DESCRIPTION.match(text, sentence.start):
            weight = min(
                weight, 0.35
            )  # "Patient 4 is a 75 year old female with diabetes ...": one patient's history
        scored.append(Scored(mention, weight, zone))
    return scored


def _in_sample_breakdown(text: str, start: int, floor: int) -> bool:
    """The mention stands in the parenthesis that follows the sentence's sample statement."""
    opening = text.rfind("(", floor, start)
    if opening < 0 or ")" in text[opening:start]:
        return False
    return bool(_SAMPLE_STATED.search(text, max(floor, opening - 80), opening + 1))


def _caused_by_a_drug(text: str, start: int, floor: int) -> bool:
    """ "pembrolizumab-induced myocarditis", "rituximab-associated neutropenia": the drug's harm."""
    low = max(floor, start - 40)
    if text.find("-", low, start) < 0:
        return False  # the pattern needs its hyphen ("-induced"): most mentions have none before them
    cause = _CAUSED_BY.search(text, low, start)
    if cause is None or cause.group("cause").lower() in _GENERIC_CAUSES:
        return False
    name = cause.group("cause").lower()
    return name in load_lexicon().terms.get("interventions", {}) or name.endswith(_DRUG_ENDINGS)


def _fallback(scored: list[Scored], scan: Scan, defined: set[str]) -> dict[str, tuple[float, Scored]]:
    """Every clinical study is about some disease: when no mention is strong enough, the disease the
    opening sentences name (abbreviated by the text if any) is proposed, with a low confidence."""
    candidates = [s for s in scored if s.weight > 0 and s.mention.key in defined] or [
        s for s in scored if s.weight > 0
    ]
    if not candidates:
        return {}
    best = max(candidates, key=lambda s: (s.weight, -s.mention.start))
    return {best.mention.key: (0.4, best)}


def _keep(scored: list[Scored], defined_keys: set[str]) -> dict[str, tuple[float, Scored]]:
    by_key: dict[str, list[Scored]] = defaultdict(list)
    for item in scored:
        by_key[item.mention.key].append(item)
    kept: dict[str, tuple[float, Scored]] = {}
    for key, items in by_key.items():
        best = max(items, key=lambda s: (s.weight, -s.mention.start))
        if best.weight <= 0:
            continue
        others = sum(
            1 for s in items if s is not best and s.weight > 0 and s.zone not in ("results", "background")
        )
        score = best.weight + min(0.15, 0.05 * others)
        if key in defined_keys:
            score += 0.1
        if score >= KEEP:
            kept[key] = (min(0.95, score), best)
    return kept


def _display(
    key: str,
    best: cm.Mention,
    mentions: list[cm.Mention],
    lookup: dict[str, str],
    canonical_case: dict[str, str],
) -> str:
    """The disease as the text writes it in full: its best mention when that is a full name, else its first
    full-name mention, else the lexicon's name."""
    for mention in (best, *mentions):
        if mention.key == key and not mention.abbreviation:
            surface = (
                mention.surface if mention.source == "defined" else cm.STATUS_PREFIX.sub("", mention.surface)
            )
            return cm.display(surface, canonical_case)
    return lookup.get(key, key)


def _registry_metadata(scan: Scan) -> list[Candidate]:
    conditions = scan.record.meta.extra.get("conditions") or []
    out: list[Candidate] = []
    for name in conditions:
        if isinstance(name, str) and name.strip():
            start, end = locate(scan.text, name)
            out.append(Candidate(name.strip(), start, end, 0.92, "condition.registry"))
    return out


def _abbreviated_keys(mentions: list[cm.Mention]) -> set[str]:
    return {m.key for m in mentions if m.source == "defined"}


def mentions_of(scan: Scan) -> tuple[list[cm.Mention], set[str], cm.Patterns]:
    """Every disease mention in the record, merged, with the keys the text itself abbreviates."""
    text, lower = scan.text, scan.lower
    pats = cm.patterns(load_lexicon())
    defined = cm.defined_diseases(text, pats)
    mentions = cm.lexicon_mentions(text, scan.hits["name"], pats, cm.defined_abbreviations(text))
    mentions += cm.defined_mentions(text, lower, defined)
    study = [(s.start, s.end) for s in scan.lay.sentences if s.zone in _STUDY]
    nouns = [(n.start, n.end, n.word) for n in scan.nouns]
    mentions += cm.phrase_mentions(text, lower, nouns, study)
    defined_keys = set()
    for _abbr, _long, key, long_start, _end in defined:
        if scan.zone(long_start) not in ("background", "header", "other"):
            defined_keys.add(key)
    return cm.merge(mentions), defined_keys, pats


def conditions(scan: Scan) -> tuple[list[Candidate], list[cm.Mention], set[str]]:
    """Condition candidates, best first, plus the merged mentions and the kept keys (for disease status)."""
    mentions, defined_keys, pats = mentions_of(scan)
    registered = _registry_metadata(scan)
    scored = _score(scan, mentions)
    kept = _keep([s for s in scored if s.zone != "background"], defined_keys)
    if not kept and not registered:
        kept = _fallback(scored, scan, _abbreviated_keys(mentions))
    if registered:
        return registered, mentions, set(kept)
    lookup = pats.lookup
    out: list[Candidate] = []
    seen: set[str] = set()
    for key, (score, best) in sorted(kept.items(), key=lambda kv: (-kv[1][0], kv[1][1].mention.start)):
        value = _display(key, best.mention, mentions, lookup, pats.canonical_case)
        folded = value.lower()
        if folded in seen:
            continue
        seen.add(folded)
        out.append(
            Candidate(value, best.mention.start, best.mention.end, round(score, 3), "condition." + best.zone)
        )
    return out, mentions, set(kept)
