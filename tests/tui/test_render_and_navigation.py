"""What the screen shows and where the cursor goes, without a screen."""

from __future__ import annotations

from store import StoredValue
from tui.navigation import CONFIDENCE_ORDER, find_next_pending, next_pending_row, rows_of
from tui.render import find_all, format_value, line_of_offset, status_cell


def v(field: str, index: int, confidence: float, status: str = "pending") -> StoredValue:
    return StoredValue("r", field, index, f"{field}{index}", None, None, confidence, "t", status=status)


def test_rows_keep_contract_order_and_show_empty_fields() -> None:
    rows = rows_of([v("sample_size", 0, 0.9), v("title", 0, 0.9), v("authors", 1, 0.5), v("authors", 0, 0.5)])
    fields = [r.field for r in rows]
    assert fields[:4] == ["title", "authors", "authors", "journal"]
    assert [r.index for r in rows[1:3]] == [0, 1]
    assert rows[3].value is None and len(rows) == 18 + 2 - 1


def test_next_pending_in_document_order_skips_decided_values() -> None:
    rows = rows_of([v("title", 0, 0.9, "accepted"), v("year", 0, 0.9), v("doi", 0, 0.2)])
    first = next_pending_row(rows, None)
    assert rows[first].field == "year"
    assert rows[next_pending_row(rows, first)].field == "doi"


def test_next_pending_in_confidence_order_takes_the_least_sure_first() -> None:
    rows = rows_of([v("title", 0, 0.9), v("year", 0, 0.3), v("doi", 0, 0.6)])
    first = next_pending_row(rows, None, CONFIDENCE_ORDER)
    assert rows[first].field == "year"
    assert rows[next_pending_row(rows, first, CONFIDENCE_ORDER)].field == "doi"


def test_the_queue_moves_on_to_later_records_and_wraps_around() -> None:
    stores = {"a": [v("title", 0, 0.9, "accepted")], "b": [v("year", 0, 0.5)], "c": []}
    rows_a = rows_of(stores["a"])
    assert find_next_pending(["a", "b", "c"], 0, rows_a, 0, stores.__getitem__) == (1, 1 + 2)
    rows_c = rows_of(stores["c"])
    position, _row = find_next_pending(["a", "b", "c"], 2, rows_c, 0, stores.__getitem__)
    assert position == 1
    done = {"a": [v("title", 0, 0.9, "accepted")]}
    assert find_next_pending(["a"], 0, rows_of(done["a"]), 0, done.__getitem__) is None


def test_values_read_as_a_reviewer_reads_them() -> None:
    outcome = {"name": "overall response rate", "value": 69.5, "unit": "%", "n": 16, "total": 23,
               "timepoint": "6 months"}
    assert format_value(outcome) == "overall response rate: 69.5% (16/23) at 6 months"
    assert format_value({"name": "deaths", "n": 3}) == "deaths (3/?)"
    assert format_value({"stat": "median", "value": 21, "low": 11, "high": 62, "unit": "years"}) == (
        "stat median, value 21, low 11, high 62, unit years")
    assert format_value(None) == "—"


def test_every_status_has_its_own_words_not_only_a_colour() -> None:
    labels = {status_cell(v("title", 0, 0.5, s)).plain for s in ("pending", "accepted", "edited", "rejected")}
    assert len(labels) == 4
    assert "suggested" in status_cell(v("title", 0, 0.5)).plain


def test_search_is_literal_and_case_blind() -> None:
    assert find_all("A [b] a.b A", "a") == [(0, 1), (6, 7), (10, 11)]
    assert find_all("x.y xzy", ".") == [(1, 2)]
    assert find_all("anything", "") == []


def test_line_of_offset_follows_wrapping() -> None:
    text = "word " * 40 + "\nsecond paragraph"
    assert line_of_offset(text, 0, 50) == 0
    assert line_of_offset(text, len(text) - 3, 50) == 4
    assert line_of_offset(text, 100, 20) >= 4


def test_symbols_terminals_disagree_on_are_drawn_narrow_without_moving_spans() -> None:
    from tui.render import display_text

    page = "Blood ◽ 2010 ◽ Vol 115 — ✓ 中文"
    shown = display_text(page)
    assert len(shown) == len(page)
    assert shown == "Blood · 2010 · Vol 115 — ✓ 中文"
