"""Study design and, for reviews, the number of included studies.

Three sources, surest first:

1. A registry's own design fields (study type, allocation, model) in
   `record.meta.extra`, or the same fields written out on a saved registry page
   ("Study Type - INTERVENTIONAL", "Study Design - SINGLE_GROUP").
2. PubMed publication types ("Randomized Controlled Trial", "Meta-Analysis",
   "Case Reports", ...), refined by the text where PubMed's vocabulary is
   coarser than the spec's (case report vs case series, observational time
   perspective).
3. The words of the abstract (`design_cues`), each weighed by whether it
   describes this study or others.

Reviews are decided first: a review's abstract is full of the designs of the
studies it included, which must not be read as its own. A meta-analysis is a
systematic review that names a pooled-estimate method or calls itself a
meta-analysis (gold README: "PRISMA search, pooled percentages, but no
meta-analytic method named" stays `systematic_review`). Among primary designs
randomisation beats "open-label"/"phase" (an open-label RCT is an RCT); a trial
beats "prospective" (a prospective trial is a trial); an enumeration of patients
beats a single-patient description.
"""

from __future__ import annotations

import re

from evidence.extract import design_cues as dc
from evidence.extract.candidate import Candidate
from evidence.extract.page_citation import title_like
from evidence.extract.record_text import plain_lower
from evidence.extract.review_counts import studies_included
from evidence.model import Record

_REGISTRY_FIELD = re.compile(
    r"(?P<key>Study\s+Type|Allocation|Intervention\s+Model|Study\s+Design|Design\s+Model|Time\s+Perspective)"
    r"\s*(?::|\n\s*-)\s*(?P<value>[A-Z][A-Z_/ -]{1,30}?)\s*$",
    re.MULTILINE | re.IGNORECASE,
)
_PUBLICATION_TYPES: list[tuple[str, str, float]] = [
    ("meta-analysis", dc.META_ANALYSIS, 0.92),
    ("systematic review", dc.SYSTEMATIC_REVIEW, 0.88),
    ("randomized controlled trial", dc.RCT, 0.92),
    ("equivalence trial", dc.RCT, 0.7),
    ("pragmatic clinical trial", dc.RCT, 0.6),
    ("case reports", dc.CASE_REPORT, 0.8),
    ("controlled clinical trial", dc.NRT, 0.65),
    ("clinical trial, phase", dc.NRT, 0.7),
    ("clinical trial", dc.NRT, 0.6),
    ("observational study", dc.PROSPECTIVE, 0.5),
    ("editorial", dc.OTHER, 0.75),
    ("comment", dc.OTHER, 0.7),
    ("letter", dc.OTHER, 0.6),
    ("guideline", dc.OTHER, 0.75),
    ("consensus development conference", dc.OTHER, 0.7),
    ("review", dc.OTHER, 0.5),
]
_REVIEWS = (dc.SYSTEMATIC_REVIEW, dc.META_ANALYSIS)
_PRIORITY = (
    dc.META_ANALYSIS,
    dc.SYSTEMATIC_REVIEW,
    dc.RCT,
    dc.NRT,
    dc.CASE_SERIES,
    dc.CASE_REPORT,
    dc.RETROSPECTIVE,
    dc.PROSPECTIVE,
    dc.OTHER,
)


def _registry_design(record: Record) -> tuple[str, float] | None:
    """The design a registry states, from metadata or from a saved registry page's fields."""
    extra = record.meta.extra
    fields = {k: str(v).upper() for k, v in extra.items() if isinstance(v, str)}
    if "study_type" not in fields:
        if "study type" not in plain_lower(record.text):
            return None
        for match in _REGISTRY_FIELD.finditer(record.text):
            key = re.sub(r"\s+", "_", match.group("key").lower())
            key = "design_model" if key in ("intervention_model", "study_design") else key
            fields.setdefault(key, match.group("value").strip().upper().replace(" ", "_"))
        confidence = 0.9
    else:
        confidence = 0.95
    return _registry_rule(fields, confidence)


def registry_field_span(text: str) -> tuple[int, int] | tuple[None, None]:
    """The span of the design fields on a registry page ("Study Type ... SINGLE_GROUP")."""
    matches = list(_REGISTRY_FIELD.finditer(text))
    if not matches:
        return None, None
    close = [m for m in matches if m.start() - matches[0].end() < 200]
    return matches[0].start(), close[-1].end()


def _registry_rule(fields: dict[str, str], confidence: float) -> tuple[str, float] | None:
    """Registry design fields -> the spec's design."""
    study_type = fields.get("study_type", "")
    allocation = fields.get("allocation", "")
    model = fields.get("design_model", "")
    if study_type.startswith("INTERVENTIONAL"):
        if allocation.startswith("RANDOMI"):
            return dc.RCT, confidence
        if allocation.startswith("NON") or model == "SINGLE_GROUP" or allocation in ("NA", "N/A"):
            return dc.NRT, confidence - 0.02
        if model in ("PARALLEL", "CROSSOVER", "FACTORIAL"):
            return dc.RCT, 0.55
        return dc.NRT, 0.6
    if study_type.startswith("OBSERVATIONAL"):
        time = fields.get("time_perspective", "")
        if time.startswith("RETRO") or model in ("CASE_CONTROL",):
            return dc.RETROSPECTIVE, confidence - 0.1
        if time.startswith("PROSP"):
            return dc.PROSPECTIVE, confidence - 0.1
        return dc.PROSPECTIVE, 0.6
    return None


def _publication_type(record: Record) -> tuple[str, float] | None:
    types = record.meta.extra.get("publication_types")
    if not types:
        return None
    joined = "|".join(str(t) for t in types).lower()
    for key, design, confidence in _PUBLICATION_TYPES:
        if key in joined:
            return design, confidence
    return None


def _title_end(record: Record) -> int:
    """End of the title in the text: the metadata title, or a page's first line when it reads as a title."""
    text = record.text
    if record.meta.title:
        index = text.find(record.meta.title)
        if 0 <= index < 400:
            return index + len(record.meta.title)
    if record.format != "text":
        return 0  # a composed record without a title starts with its abstract
    first = text.split("\n", 1)[0]
    return len(first) if title_like(first.strip()) else 0


def _best_by_design(cues: list[dc.Cue]) -> dict[str, dc.Cue]:
    best: dict[str, dc.Cue] = {}
    for cue in cues:
        if cue.design not in best or cue.weight > best[cue.design].weight:
            best[cue.design] = cue
    return best


def _weight(best: dict[str, dc.Cue], design: str) -> float:
    return best[design].weight if design in best else 0.0


def _decide(cues: list[dc.Cue]) -> tuple[str, float, dc.Cue] | None:
    """The design the text's cues support, with a confidence and the cue to show."""
    best = _best_by_design(cues)
    ma, sr, method = (
        _weight(best, dc.META_ANALYSIS),
        _weight(best, dc.SYSTEMATIC_REVIEW),
        _weight(best, dc.MA_METHOD),
    )
    review = max(ma, sr)
    titled_other = best.get(dc.OTHER)
    if (
        titled_other
        and titled_other.rule in ("design.narrative", "design.narrative_title")
        and titled_other.weight >= 0.7
        and review < 0.75
    ):
        # the title calls it a narrative review/update: its search words do not make it systematic
        return dc.OTHER, min(0.8, 0.25 + titled_other.weight * 0.7), titled_other
    if review >= 0.5 or (method >= 0.5 and sr >= 0.3):
        if ma >= 0.55 or (method >= 0.4 and review >= 0.4):
            cue = best.get(dc.META_ANALYSIS) or best[dc.MA_METHOD]
            return dc.META_ANALYSIS, min(0.9, 0.35 + max(ma, method, sr) * 0.6), cue
        return dc.SYSTEMATIC_REVIEW, min(0.85, 0.3 + sr * 0.6), best[dc.SYSTEMATIC_REVIEW]
    primary = {d: c for d, c in best.items() if d not in (*_REVIEWS, dc.MA_METHOD) and c.weight >= 0.2}
    if _weight(best, dc.RCT) >= 0.5:
        # "open-label", "phase" and "trial" describe the RCT, not another design
        nrt = [c for c in cues if c.design == dc.NRT and c.rule == "design.nonrandom"]
        primary.pop(dc.NRT, None)
        if nrt and max(c.weight for c in nrt) >= primary[dc.RCT].weight:
            primary[dc.NRT] = max(nrt, key=lambda c: c.weight)
    trial_sentences = {c.sentence_start for c in cues if c.design in (dc.NRT, dc.RCT)}
    if dc.PROSPECTIVE in primary and (dc.NRT in primary or dc.RCT in primary):
        prospective = [
            c for c in cues if c.design == dc.PROSPECTIVE and c.sentence_start not in trial_sentences
        ]
        if prospective:
            primary[dc.PROSPECTIVE] = max(prospective, key=lambda c: c.weight)
        else:
            primary.pop(dc.PROSPECTIVE)
    if dc.CASE_SERIES in primary and dc.CASE_REPORT in primary:
        series_count = sum(1 for c in cues if c.design == dc.CASE_SERIES)
        if series_count >= 2 or primary[dc.CASE_SERIES].weight >= primary[dc.CASE_REPORT].weight - 0.1:
            primary.pop(dc.CASE_REPORT)
    if dc.OTHER in primary and len(primary) > 1:
        primary.pop(dc.OTHER)  # animal work or a review section beside a human study
    if not primary:
        return None
    design = max(primary, key=lambda d: (primary[d].weight, -_PRIORITY.index(d)))
    cue = primary[design]
    if cue.weight < 0.2:
        return None
    return design, min(0.9, 0.25 + cue.weight * 0.7), cue


def _background_spans(record: Record) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in record.sections if s.label == "background"]


def _agreeing_cue(cues: list[dc.Cue], design: str) -> dc.Cue | None:
    same = [
        c for c in cues if c.design == design or (design == dc.META_ANALYSIS and c.design == dc.MA_METHOD)
    ]
    return max(same, key=lambda c: c.weight) if same else None


def design_of(record: Record) -> tuple[Candidate | None, list[dc.Cue]]:
    """The study design candidate (or None) and the cues it was decided from."""
    cues = dc.find_cues(record.text, _title_end(record), _background_spans(record))
    text_choice = _decide(cues)
    stated = _registry_design(record)
    rule = "design.registry"
    if stated is not None:
        stated = _refine(stated, text_choice, weak=0.6)
    elif (stated := _publication_type(record)) is not None:
        rule = "design.publication_type"
        stated = _refine(stated, text_choice, weak=0.7)
    if stated is not None:
        design, confidence = stated
        cue = _agreeing_cue(cues, design)
        if rule == "design.registry" and (span := registry_field_span(record.text))[0] is not None:
            return Candidate(design, span[0], span[1], confidence, rule), cues
        if cue is None:
            return Candidate(design, None, None, confidence, rule), cues
        return Candidate(design, cue.start, cue.end, confidence, rule), cues
    if text_choice is None:
        return None, cues
    design, confidence, cue = text_choice
    return Candidate(design, cue.start, cue.end, round(confidence, 3), cue.rule), cues


# Where a stated design is coarser than the spec's (or a weak default), the text may
# say which of these it is; keyed by the stated design.
_REFINABLE: dict[str, tuple[str, ...]] = {
    dc.CASE_REPORT: (dc.CASE_SERIES,),
    dc.PROSPECTIVE: (dc.RETROSPECTIVE,),
    dc.SYSTEMATIC_REVIEW: (dc.META_ANALYSIS,),
    # PubMed's "Clinical Trial" is applied loosely: an explicit design in the text wins
    dc.NRT: (
        dc.RCT,
        dc.RETROSPECTIVE,
        dc.CASE_REPORT,
        dc.CASE_SERIES,
        dc.SYSTEMATIC_REVIEW,
        dc.META_ANALYSIS,
    ),
    dc.RCT: (dc.NRT,),
    dc.OTHER: (dc.SYSTEMATIC_REVIEW, dc.META_ANALYSIS, dc.RCT, dc.NRT, dc.RETROSPECTIVE, dc.PROSPECTIVE),
}


def _refine(
    stated: tuple[str, float], text_choice: tuple[str, float, dc.Cue] | None, weak: float
) -> tuple[str, float]:
    """The stated design, unless it is coarse or weak (confidence <= `weak`) and the text says which.

    A registry's "RANDOMIZED" or PubMed's "Randomized Controlled Trial" is sure
    (above `weak`) and stands; an observational registration without a time
    perspective, or PubMed's "Case Reports", leaves the text to decide.
    """
    design, confidence = stated
    if text_choice is None:
        return stated
    text_design, text_confidence, _cue = text_choice
    if text_design == design:  # two sources agree
        return design, min(0.97, max(confidence + 0.03, text_confidence))
    always = {dc.CASE_REPORT: (dc.CASE_SERIES,), dc.SYSTEMATIC_REVIEW: (dc.META_ANALYSIS,)}
    if text_design in always.get(design, ()) and text_confidence >= 0.5:
        return text_design, max(text_confidence, confidence - 0.1)
    if confidence <= weak and text_design in _REFINABLE.get(design, ()) and text_confidence >= 0.5:
        return text_design, max(text_confidence, confidence - 0.1)
    return stated


def extract(record: Record, found: dict[str, list[Candidate]]) -> dict[str, list[Candidate]]:
    out: dict[str, list[Candidate]] = {}
    candidate, _cues = design_of(record)
    if candidate is not None:
        out["study_design"] = [candidate]
        if candidate.value in _REVIEWS and (count := studies_included(record.text)):
            out["studies_included"] = [count]
    return out
