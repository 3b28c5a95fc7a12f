"""The extraction pipeline around the families: order, failures, one row per distinct value."""

from __future__ import annotations

from pathlib import Path

from conftest import SAMPLE_DOCS

from evidence.extract import extract
from evidence.ingest import ingest_paths


def _record(tmp_path: Path, text: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    return ingest_paths([path]).records[0]


def test_a_value_found_twice_is_proposed_once_with_its_best_evidence() -> None:
    # The journal page gives journal and year in its citation block and again in the text.
    record = ingest_paths([SAMPLE_DOCS / "000_e807d9da5f3e7e7e.txt"]).records[0]
    result = extract(record)
    assert [c.value for c in result.fields["journal"]] == ["Chinese Journal of Hematology"]
    for name, candidates in result.fields.items():
        values = [repr(c.value) for c in candidates]
        assert len(values) == len(set(values)), (name, values)
        assert [c.confidence for c in candidates] == sorted((c.confidence for c in candidates), reverse=True)


def test_every_field_of_the_contract_is_in_the_jsonl_line(tmp_path: Path) -> None:
    from evidence.spec import FIELD_NAMES

    line = extract(_record(tmp_path, "A randomised trial of 40 adults.\n")).as_json()
    assert list(line["fields"]) == list(FIELD_NAMES)
