"""Field extraction: a pipeline of small extractor families over one record.

Each family module exposes ``extract(record, found) -> dict[field, list[Candidate]]``;
`found` holds what earlier families proposed (a sex percentage needs the sample
size), so the order of `FAMILIES` matters. Candidates of a field are returned
best first.
"""

from __future__ import annotations

import importlib
import json
from dataclasses import dataclass, field
from types import ModuleType

from evidence.extract.candidate import Candidate
from evidence.model import Record
from evidence.spec import FIELD_NAMES

# Order matters: population and outcomes read the design, safety reads the interventions.
FAMILIES: tuple[str, ...] = (
    "citation",
    "design",
    "population",
    "interventions",
    "outcomes",
    "followup",
    "safety",
    "conclusion",
)

_modules: list[ModuleType] = []


def _families() -> list[ModuleType]:
    if not _modules:
        _modules.extend(importlib.import_module(f"evidence.extract.{name}") for name in FAMILIES)
    return _modules


@dataclass
class Extraction:
    record: Record
    fields: dict[str, list[Candidate]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        """The line of `triage extract --jsonl` for this record (shared/spec/fields.md)."""
        return {
            "id": self.record.id,
            "source": self.record.source,
            "text": self.record.text,
            "fields": {
                name: [c.as_json() for c in self.fields.get(name, [])] for name in FIELD_NAMES
            },
        }


def _distinct(candidates: list[Candidate]) -> list[Candidate]:
    """The best candidate of each value: the same value found twice (in the metadata and in the
    text, say) is one thing for the reviewer to decide, not two."""
    seen: set[object] = set()
    out = []
    for candidate in candidates:
        value = candidate.value
        # Two strings have the same JSON exactly when they are equal, so a string stands for its JSON
        # (in a tuple: it must not meet another value's JSON text); json.dumps cost 2 us a candidate,
        # and most values are strings.
        key: object = (value,) if type(value) is str else json.dumps(value, sort_keys=True, default=str)
        if key not in seen:
            seen.add(key)
            out.append(candidate)
    return out


def _by_confidence(candidate: Candidate) -> float:
    return -candidate.confidence


def extract(record: Record) -> Extraction:
    """All fields of one record. An extractor that fails costs its fields, not the batch."""
    result = Extraction(record)
    for module in _families():
        try:
            proposed = module.extract(record, result.fields)
        except Exception as exc:  # a bug in one family must not lose the reviewer's batch
            result.problems.append(f"{module.__name__.rsplit('.', 1)[-1]}: {type(exc).__name__}: {exc}")
            continue
        for name, candidates in proposed.items():
            if len(candidates) < 2:  # nothing to order or merge (half the fields)
                result.fields[name] = list(candidates)
            else:
                result.fields[name] = _distinct(sorted(candidates, key=_by_confidence))
    return result


__all__ = ["FAMILIES", "Candidate", "Extraction", "extract"]
