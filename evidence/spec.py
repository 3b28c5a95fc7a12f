"""The field contract of `shared/spec/fields.md`: names, kinds, value types and vocabularies.

Everything that writes or reads extracted values (extractors, store, exports,
the screen's editors) takes the field list from here, so the contract lives in
one place.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["one", "many"]
ValueType = Literal["string", "int", "enum", "object"]


@dataclass(frozen=True)
class FieldSpec:
    name: str
    kind: Kind
    type: ValueType
    choices: tuple[str, ...] = ()
    keys: tuple[str, ...] = ()


STUDY_DESIGNS = (
    "rct",
    "nonrandomized_trial",
    "prospective_observational",
    "retrospective_observational",
    "case_report",
    "case_series",
    "systematic_review",
    "meta_analysis",
    "other",
)
DISEASE_STATUSES = ("refractory", "relapsed", "newly_diagnosed", "chronic", "persistent", "acute")
STAT_KEYS = ("stat", "value", "low", "high", "unit")
OUTCOME_KEYS = ("name", "value", "unit", "n", "total", "timepoint")

FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("title", "one", "string"),
    FieldSpec("authors", "many", "string"),
    FieldSpec("journal", "one", "string"),
    FieldSpec("year", "one", "int"),
    FieldSpec("doi", "one", "string"),
    FieldSpec("registry_id", "many", "string"),
    FieldSpec("study_design", "one", "enum", choices=STUDY_DESIGNS),
    FieldSpec("studies_included", "one", "int"),
    FieldSpec("condition", "many", "string"),
    FieldSpec("disease_status", "many", "enum", choices=DISEASE_STATUSES),
    FieldSpec("sample_size", "one", "int"),
    FieldSpec("age", "one", "object", keys=STAT_KEYS),
    FieldSpec("sex", "one", "object", keys=("male", "female")),
    FieldSpec("intervention", "many", "string"),
    FieldSpec("outcome", "many", "object", keys=OUTCOME_KEYS),
    FieldSpec("follow_up", "one", "object", keys=STAT_KEYS),
    FieldSpec("adverse_events", "many", "string"),
    FieldSpec("conclusion", "one", "string"),
)
FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in FIELDS)
BY_NAME: dict[str, FieldSpec] = {f.name: f for f in FIELDS}


def is_valid_value(field: str, value: Any) -> bool:
    """Whether `value` has the type the contract gives `field` (used on edits and imports)."""
    spec = BY_NAME[field]
    if spec.type == "string":
        return isinstance(value, str) and bool(value.strip())
    if spec.type == "int":
        return isinstance(value, int) and not isinstance(value, bool) and value >= 0
    if spec.type == "enum":
        return value in spec.choices
    return isinstance(value, dict) and set(value) <= set(spec.keys)
