"""CSV export as a reviewer opens it: one row per record, values read back equal the store's,
formulas never run, UTF-8 with an optional byte-order mark."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from exportkit import (
    ALL_DECISIONS,
    ALL_STATUSES,
    DEFAULT_DECISIONS,
    DEFAULT_STATUSES,
    FORMULA_STARTS,
    Expected,
    Reviewed,
    expected,
    open_ro,
    reviewed,
    unguard,
)

from evidence.spec import BY_NAME, FIELD_NAMES, STAT_KEYS
from store.export import export_store


@pytest.fixture
def store_file(tmp_path: Path) -> Reviewed:
    return reviewed(tmp_path / "review.json")


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _parse(field: str, cell: str) -> list[Any]:
    if not cell:
        return []
    parts = cell.split("; ")
    if BY_NAME[field].type == "int":
        return [int(p) for p in parts]
    return parts


def _outcome_phrase(value: dict[str, Any]) -> str:
    return {
        "overall response rate": "overall response rate: 69.5% (16/23) at 6 months",
        "overall survival": "overall survival: 80%",
    }[value["name"]]


def _check_row(row: dict[str, str], want: Expected) -> None:
    record, by_field = want.record, want.by_field()
    assert unguard(row["id"]) == record.id and row["source"] == record.source
    assert row["decision"] == (record.decision.decision if record.decision else "")
    reason = record.decision.reason if record.decision else None
    assert unguard(row["decision_reason"]) == (reason or "")
    for field in FIELD_NAMES:
        values = by_field.get(field, [])
        if field in ("age", "follow_up"):
            for key in STAT_KEYS:
                parts = ["" if v.get(key) is None else str(v[key]) for v in values]
                assert row[f"{field}_{key}"] == "; ".join(parts), (field, key)
        elif field == "sex":
            assert [row["sex_male"], row["sex_female"]] == (
                [str(values[0]["male"]), str(values[0]["female"])] if values else ["", ""])
        elif field == "outcome":
            assert row["outcome"] == "; ".join(_outcome_phrase(v) for v in values)
        elif any("; " in str(v) for v in values):  # a title with a semicolon: the cell as a whole
            assert unguard(row[field]) == "; ".join(str(v) for v in values), field
        else:
            # a value that starts with a formula character is guarded only at the start of its cell
            assert _parse(field, unguard(row[field])) == values, field


def test_each_row_reads_back_as_the_stores_accepted_and_edited_values(store_file: Reviewed) -> None:
    out = Path("records.csv")
    with open_ro(store_file.path) as store:
        result = export_store(store, "csv", out)
        want = expected(store, DEFAULT_DECISIONS, DEFAULT_STATUSES)
    rows = _rows(out)
    assert [r["id"] for r in rows] == [w.record.id for w in want]
    assert result.records == len(rows) == len(store_file.ids) - len(store_file.excluded)
    assert result.values == sum(len(w.values) for w in want)
    for row, w in zip(rows, want, strict=True):
        _check_row(row, w)
    first = rows[0]
    # the edits, not the proposals; the rejected value of a field left out, the others kept
    assert first["year"] == "2011" and first["sample_size"] == "40"
    assert first["intervention"] == "cyclosporine; -minus at the start"
    assert first["condition"] == "severe aplastic anemia; @risk condition"
    assert [first[f"age_{k}"] for k in STAT_KEYS] == ["range", "", "11", "62", "years"]
    assert first["authors"] == "Smith J; Doe A; Ørsted H"
    assert first["conclusion"] == 'Treatment "works",\nand is well tolerated'


def test_pending_values_and_excluded_records_only_when_asked(store_file: Reviewed) -> None:
    with open_ro(store_file.path) as store:
        export_store(store, "csv", Path("all.csv"), statuses=["pending", "excluded"])
        want = expected(store, ALL_DECISIONS, ALL_STATUSES)
        export_store(store, "csv", Path("included.csv"), included_only=True)
        included = expected(store, {"include"}, DEFAULT_STATUSES)
    rows = _rows(Path("all.csv"))
    assert len(rows) == len(store_file.ids)
    for row, w in zip(rows, want, strict=True):
        _check_row(row, w)
    by_id = {r["id"]: r for r in rows}
    excluded = by_id[store_file.excluded[0]]
    assert excluded["decision"] == "exclude" and excluded["decision_reason"] == "wrong population"
    assert by_id[store_file.undecided[-1]]["sample_size"] == "40; 120"  # both candidates, pending
    # rejected values never, whatever was asked
    assert "that is the screened number" not in Path("all.csv").read_text(encoding="utf-8")
    assert by_id[store_file.included[0]]["sample_size"] == "40"
    assert [r["id"] for r in _rows(Path("included.csv"))] == [w.record.id for w in included]


def test_cells_a_spreadsheet_would_run_are_neutralised(store_file: Reviewed) -> None:
    with open_ro(store_file.path) as store:
        export_store(store, "csv", Path("records.csv"), statuses=["excluded"])
    by_id = {r["id"]: r for r in _rows(Path("records.csv"))}
    b = by_id[store_file.included[1]]
    assert b["journal"] == "'=1+1"
    assert b["condition"] == "'@SUM(A1:A9)"
    assert b["adverse_events"] == "'-2+3"
    assert b["registry_id"] == "'+NCT0"
    assert b["intervention"] == "'\tcmd"
    assert b["decision_reason"] == "'=HYPERLINK(\"http://evil.example\")"
    assert by_id[store_file.excluded[2]]["decision_reason"] == "'=not a formula"
    # no cell of the whole file starts with a formula character
    with Path("records.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle):
            assert not any(cell[:1] in FORMULA_STARTS for cell in row), row


def test_utf8_with_a_byte_order_mark_on_request_and_crlf_rows(store_file: Reviewed) -> None:
    with open_ro(store_file.path) as store:
        export_store(store, "csv", Path("plain.csv"))
        export_store(store, "csv", Path("excel.csv"), bom=True)
    plain, excel = Path("plain.csv").read_bytes(), Path("excel.csv").read_bytes()
    assert excel == b"\xef\xbb\xbf" + plain
    assert not plain.startswith(b"\xef\xbb\xbf")
    assert "Ørsted".encode() in plain
    assert plain.startswith(b"id,source,decision,decision_reason,title,authors,")
    assert plain.split(b"\r\n")[0].endswith(b",adverse_events,conclusion")
    # excel-style reading (utf-8-sig) sees the same rows as a plain reader of the plain file
    assert list(csv.reader(io.StringIO(excel.decode("utf-8-sig")))) == list(
        csv.reader(io.StringIO(plain.decode("utf-8"))))
