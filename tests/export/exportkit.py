"""A reviewed store with every status in it, and what the public API says should go out of it.

The exports read the store's documents directly (`store.export.reading`), so the
expectations here come from the other side, `ReviewStore.iter_records()` and its
`StoredValue`s: every test that compares the two guards against the read paths drifting
apart. Not a conftest (a second `conftest` module would shadow the suite's own).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))

from storekit import batch, digests, extraction, with_text

from evidence.spec import FIELD_NAMES
from store import ReviewStore, StoredRecord, StoredValue
from store.model import ACCEPTED, EDITED, PENDING, REJECTED

# field -> candidates of every record: all 18 fields but title (storekit makes it from the
# text), with awkward strings: a formula the extractor found in the text, a line break,
# quotes and the separator CSV cells use.
VALUES: dict[str, list[object]] = {
    "authors": ["Smith J", "Doe A", "Ørsted H"],
    "journal": ["Blood"],
    "year": [2010],
    "doi": ["10.1000/xyz123"],
    "registry_id": ["NCT01234567"],
    "study_design": ["rct"],
    "studies_included": [7],
    "condition": ["severe aplastic anemia", '=HYPERLINK("http://evil.example","x")'],
    "disease_status": ["refractory"],
    "sample_size": [40, 120],
    "age": [{"stat": "median", "value": 54, "low": 18, "high": 80, "unit": "years"}],
    "sex": [{"male": 11, "female": 12}],
    "intervention": ["cyclosporine", "antithymocyte globulin"],
    "outcome": [{"name": "overall response rate", "value": 69.5, "unit": "%", "n": 16, "total": 23,
                 "timepoint": "6 months"},
                {"name": "overall survival", "value": 80.0, "unit": "%"}],
    "follow_up": [{"stat": "median", "value": 48, "unit": "months"}],
    "adverse_events": ["neutropenia, grade 3"],
    "conclusion": ['Treatment "works",\nand is well tolerated'],
}
N_RECORDS = 15
REASON_EXCLUDED = "wrong population"


@dataclass
class Reviewed:
    """The store file and the ids by role."""

    path: Path
    ids: list[str]
    included: list[str]
    excluded: list[str]
    maybe: list[str]
    undecided: list[str]


def _batch() -> list[Any]:
    return [extraction(e.record, VALUES) for e in batch(N_RECORDS)]


def reviewed(path: Path) -> Reviewed:
    """15 records: included, excluded with and without a reason, maybe, undecided; values
    accepted, edited, rejected, reset to pending, added by hand, kept stale after a change of
    text; injection strings typed by the reviewer; two duplicate groups (one naming a record
    not in the store)."""
    extractions = _batch()
    ids = [e.record.id for e in extractions]
    with ReviewStore.open(path, "ana") as store:
        store.sync(extractions, digests(extractions))
        a, b, c, d, e, f, g, h = ids[:8]
        # a: included, fully reviewed, with every kind of decision
        for value in store.values(a):
            store.decide(a, value.field, value.index, ACCEPTED)
        store.decide(a, "year", 0, EDITED, value=2011)
        store.decide(a, "sample_size", 1, REJECTED, reason="that is the screened number")
        store.decide(a, "intervention", 1, EDITED, value="-minus at the start")
        store.decide(a, "condition", 1, REJECTED, reason="a formula, not a condition")
        store.add_value(a, "condition", "@risk condition", 10, 20)
        store.add_value(a, "adverse_events", "+plus at the start")
        store.add_value(a, "registry_id", "\ttab at the start")
        store.decide(a, "age", 0, EDITED, value={"stat": "range", "low": 11, "high": 62, "unit": "years"})
        store.decide_record(a, "include", "meets all criteria")
        # b: included, partly reviewed, one value accepted then set back to pending
        store.decide(b, "title", 0, ACCEPTED)
        store.decide(b, "authors", 1, EDITED, value="Doe Anne")
        store.decide(b, "doi", 0, ACCEPTED)
        store.decide(b, "doi", 0, PENDING)
        store.decide(b, "sex", 0, ACCEPTED)
        store.decide(b, "outcome", 0, ACCEPTED)
        store.decide(b, "outcome", 1, ACCEPTED)
        # cells a spreadsheet would run as formulas, each at the start of its cell
        store.decide(b, "journal", 0, EDITED, value="=1+1")
        store.add_value(b, "condition", "@SUM(A1:A9)")
        store.add_value(b, "adverse_events", "-2+3")
        store.add_value(b, "registry_id", "+NCT0")
        store.add_value(b, "intervention", "\tcmd")
        store.decide_record(b, "include", "=HYPERLINK(\"http://evil.example\")")
        # c, d: excluded, with values decided that must stay in
        store.decide(c, "sample_size", 0, ACCEPTED)
        store.decide_record(c, "exclude", REASON_EXCLUDED)
        store.decide_record(d, "exclude")
        # e: maybe; f: undecided with a value accepted
        store.decide(e, "sample_size", 0, ACCEPTED)
        store.decide_record(e, "maybe", "ask the second reviewer")
        store.decide(f, "doi", 0, ACCEPTED)
        # g: included, then its text changes: a decided value is kept stale
        store.decide(g, "sample_size", 0, ACCEPTED)
        store.decide(g, "year", 0, ACCEPTED)
        store.decide_record(g, "include")
        # h: a reason with a formula start and a non-ASCII title accepted
        store.decide(h, "title", 0, ACCEPTED)
        store.decide_record(h, "exclude", "=not a formula")
        store.set_setting("duplicates", [{"ids": [a, b], "reason": "same DOI"},
                                         {"ids": [c, "gone.ris#9"], "reason": "same title"}])
    changed = with_text(extractions[6], extractions[6].record.text + "\nErratum.",
                        {**VALUES, "sample_size": [41]})
    with ReviewStore.open(path, "ana") as store:
        store.sync([changed], digests([changed], salt="v2"))
    return Reviewed(path, ids, included=[a, b, g], excluded=[c, d, h], maybe=[e],
                    undecided=[i for i in ids if i not in (a, b, c, d, e, g, h)])


def open_ro(path: Path) -> ReviewStore:
    return ReviewStore.open(path, "reader", read_only=True)


def out_value(value: StoredValue) -> Any:
    """What an export should write for a value: the edit, the accepted value, or the candidate."""
    return value.final if value.status in (ACCEPTED, EDITED) else value.value


@dataclass(frozen=True)
class Expected:
    record: StoredRecord
    values: list[StoredValue]

    def by_field(self) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {}
        for v in self.values:
            out.setdefault(v.field, []).append(out_value(v))
        return out


def expected(store: ReviewStore, decisions: set[str | None], statuses: set[str]) -> list[Expected]:
    """What an export with these record decisions and value statuses should hold, in order,
    read through the public API."""
    assert REJECTED not in statuses
    out = []
    for record in store.iter_records(decisions):
        out.append(Expected(record, [v for v in record.values if v.status in statuses]))
    return out


DEFAULT_DECISIONS: set[str | None] = {"include", "maybe", None}
ALL_DECISIONS: set[str | None] = {"include", "maybe", None, "exclude"}
DEFAULT_STATUSES = {ACCEPTED, EDITED}
ALL_STATUSES = {ACCEPTED, EDITED, PENDING}


def load_nested(fmt: str, path: Path) -> list[dict[str, Any]]:
    """The records of a JSON, JSON Lines or YAML export, parsed back."""
    text = path.read_text(encoding="utf-8")
    if fmt == "json":
        return json.loads(text)
    if fmt == "jsonl":
        return [json.loads(line) for line in text.splitlines()]
    return yaml.safe_load(text)


def value_doc(record: StoredRecord, v: StoredValue) -> dict[str, Any]:
    """The contract of one exported value (store/export/nested.py), from the public API."""
    evidence = None
    if v.start is not None and v.end is not None:
        evidence = {"text": record.text[v.start:v.end] if record.available else None,
                    "start": v.start, "end": v.end}
    doc = {"value": out_value(v), "status": v.status, "evidence": evidence, "confidence": v.confidence,
           "reviewer": v.reviewer, "time": v.time}
    if v.status == EDITED:
        doc["proposed"] = v.value
    if v.added_by_hand:
        doc["added_by_hand"] = True
    if v.stale:
        doc["stale"] = True
    return doc


def check_nested(docs: list[dict[str, Any]], want: list[Expected]) -> None:
    """The exported records are exactly the expected ones, value by value."""
    assert [d["id"] for d in docs] == [w.record.id for w in want]
    for doc, w in zip(docs, want, strict=True):
        record = w.record
        assert doc["source"] == record.source and doc["title"] == record.title
        decision = record.decision
        assert doc["decision"] == (None if decision is None else {
            "decision": decision.decision, "reason": decision.reason, "reviewer": decision.reviewer,
            "time": decision.time})
        assert doc["needs_recheck"] == record.needs_recheck
        assert list(doc["fields"]) == list(FIELD_NAMES)
        for field in FIELD_NAMES:
            assert doc["fields"][field] == [value_doc(record, v) for v in w.values if v.field == field], field


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def unguard(cell: str) -> str:
    """A CSV cell as typed: without the one apostrophe that keeps a formula from running."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in FORMULA_STARTS else cell
