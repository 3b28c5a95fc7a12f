"""Every action of the review screen, pressed as keys on the real app; checked on the store and screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from reviewkit import drive, make_store

from store import ReviewStore

TRIAL, HOSTILE, SERIES = "docs/01_trial.txt#1", "docs/02_hostile.txt#1", "docs/03_series.txt#1"


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return make_store(tmp_path)


def reopen(path: Path) -> ReviewStore:
    return ReviewStore.open(path, "ana", read_only=True)


def value(store: ReviewStore, record: str, field: str, index: int = 0) -> Any:
    return next(v for v in store.values(record) if v.field == field and v.index == index)


def status_text(app: Any) -> str:
    return str(app.screen.query_one("#status").render())


def doc_text(app: Any) -> str:
    return str(app.screen.query_one("#doc-text").render())


def test_it_opens_on_the_first_pending_value_with_the_evidence_shown(store_path: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        screen = app.screen
        assert screen.record.id == TRIAL
        assert screen.current_row.field == "title"
        header = str(screen.query_one("#header").render())
        assert "1 of 3" in header and "Cyclosporine versus placebo" in header
        assert "values 0/17 decided" in str(screen.query_one("#progress-text").render())

    drive(store_path, scenario)


def test_accept_saves_and_moves_to_the_next_pending_value(store_path: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        await pilot.press("a")
        assert app.screen.current_row.field == "study_design"
        assert "Accepted title" in status_text(app) and "saved" in status_text(app)

    drive(store_path, scenario)
    with reopen(store_path) as store:
        assert value(store, TRIAL, "title").status == "accepted"
        assert value(store, TRIAL, "study_design").status == "pending"


def test_accept_without_advance_stays_on_the_value(store_path: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        await pilot.press("a")
        assert app.screen.current_row.field == "title"

    drive(store_path, scenario, advance=False)


def test_accepting_every_value_walks_into_the_next_record(store_path: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        for _ in range(10):
            await pilot.press("a")
        assert app.screen.record.id == HOSTILE
        assert app.screen.current_row.field == "study_design"

    drive(store_path, scenario)
    with reopen(store_path) as store:
        assert store.progress().values_decided == 10


def test_moving_between_fields_and_records(store_path: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        screen = app.screen
        await pilot.press("down", "j")
        assert screen.row == 2
        await pilot.press("up")
        assert screen.row == 1
        await pilot.press("right")
        assert screen.record.id == HOSTILE
        await pilot.press("l")
        assert screen.record.id == SERIES
        await pilot.press("right")
        assert "last record" in status_text(app)
        await pilot.press("left", "h")
        assert screen.record.id == TRIAL

    drive(store_path, scenario)


def test_moving_to_a_field_highlights_its_evidence(store_path: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        screen = app.screen
        while screen.current_row.field != "sample_size":
            await pilot.press("down")
        text = app.screen.query_one("#document").shown
        marked = [text.plain[s.start:s.end] for s in text.spans if "reverse" in str(s.style)]
        assert "120 patients" in marked
        assert "120 patients" in str(screen.query_one("#detail").render())

    drive(store_path, scenario)


def test_skip_leaves_the_value_pending_and_next_pending_finds_it_again(store_path: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        await pilot.press("space")
        assert app.screen.current_row.field == "study_design"
        assert "left pending" in status_text(app)
        for _ in range(20):
            await pilot.press("tab")
            if app.screen.current_row.field == "title":
                break
        assert app.screen.current_row.field == "title" and app.screen.record.id == TRIAL

    drive(store_path, scenario)
    with reopen(store_path) as store:
        assert store.progress().values_decided == 0


def test_next_pending_in_confidence_order_visits_the_least_certain_first(store_path: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        assert app.screen.current_row.value.value == "placebo"  # 0.40, the lowest of the record
        await pilot.press("a")
        assert app.screen.current_row.field == "adverse_events"  # 0.60 next

    drive(store_path, scenario, order="confidence")


def test_reject_with_a_listed_reason(store_path: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        await pilot.press("x")
        await pilot.press("down", "enter")  # the first listed reason
        assert app.screen.current_row.field == "study_design"

    drive(store_path, scenario)
    with reopen(store_path) as store:
        title = value(store, TRIAL, "title")
        assert title.status == "rejected" and title.reason == "wrong value"


def test_reject_with_a_typed_reason_and_escape_cancels(store_path: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        await pilot.press("x", "escape")
        assert "cancelled" in status_text(app)
        await pilot.press("x", "tab", *"from the title page", "enter")

    drive(store_path, scenario)
    with reopen(store_path) as store:
        assert value(store, TRIAL, "title").reason == "from the title page"


def test_edit_a_number_refuses_bad_input_and_keeps_the_editor_open(store_path: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        while app.screen.current_row.field != "sample_size":
            await pilot.press("down")
        await pilot.press("enter", "ctrl+a", "ctrl+k", *"12o", "enter")
        dialog = app.screen
        assert type(dialog).__name__ == "LineDialog"
        assert "whole number" in str(dialog.query_one(".error").render())
        await pilot.press("backspace", "0", "enter")
        assert type(app.screen).__name__ == "ReviewScreen"

    drive(store_path, scenario)
    with reopen(store_path) as store:
        size = value(store, TRIAL, "sample_size")
        assert size.status == "edited" and size.final == 120 - 0 and size.value == 120
        # the typed value was "120" after fixing "12o": edited to the same number is still an edit
        assert store.history()[-1].after["value"] == 120


def test_edit_an_enum_picks_from_its_choices(store_path: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        await pilot.press("down", "x")  # authors: nothing proposed, so nothing to reject
        assert "No value here" in status_text(app)
        while app.screen.current_row.field != "study_design":
            await pilot.press("down")
        await pilot.press("enter")
        assert type(app.screen).__name__ == "ChoiceDialog"
        await pilot.press("down", "enter")  # the first choice after the current one ("rct")

    drive(store_path, scenario)
    with reopen(store_path) as store:
        design = value(store, TRIAL, "study_design")
        assert design.status == "edited" and design.final == "nonrandomized_trial"


def test_edit_an_object_field_key_by_key(store_path: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        while app.screen.current_row.field != "age":
            await pilot.press("down")
        await pilot.press("enter")
        assert type(app.screen).__name__ == "ObjectDialog"
        await pilot.press("tab", "ctrl+a", "ctrl+k", *"fifty", "enter")  # value: not a number
        assert "not a number" in str(app.screen.query_one(".error").render())
        await pilot.press("ctrl+a", "ctrl+k", *"55", "tab", *"40", "tab", *"70", "enter")

    drive(store_path, scenario)
    with reopen(store_path) as store:
        age = value(store, TRIAL, "age")
        assert age.final == {"stat": "median", "value": 55, "low": 40, "high": 70, "unit": "years"}


def test_add_a_value_from_the_current_search_match(store_path: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        await pilot.press("slash", *"tacrolimus", "enter")
        assert "No record" in status_text(app)
        await pilot.press("slash", "ctrl+a", "ctrl+k", *"Headache", "enter")
        await pilot.press("plus")  # field list, current field first
        # pick "adverse events" and accept the prefilled text
        while True:
            option = app.screen.query_one("OptionList")
            if option.get_option_at_index(option.highlighted).prompt.plain == "adverse events":
                break
            await pilot.press("down")
        await pilot.press("enter")
        assert app.screen.query_one("Input").value == "Headache"
        await pilot.press("enter")
        assert app.screen.current_row.value.added_by_hand

    drive(store_path, scenario)
    with reopen(store_path) as store:
        added = [v for v in store.values(TRIAL) if v.added_by_hand]
        assert [(a.field, a.value, a.status) for a in added] == [("adverse_events", "Headache", "accepted")]
        record = store.record(TRIAL)
        assert record.text[added[0].start:added[0].end] == "Headache"


def test_accept_confident_accepts_only_values_at_or_above_the_threshold(store_path: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        await pilot.press("A")

    drive(store_path, scenario, threshold=0.8)
    with reopen(store_path) as store:
        accepted = {(v.field, v.index) for v in store.values(TRIAL) if v.status == "accepted"}
        assert accepted == {("title", 0), ("study_design", 0), ("condition", 0), ("sample_size", 0),
                            ("intervention", 0), ("conclusion", 0)}


def test_undo_and_redo_persist_and_move_back_to_the_value(store_path: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        await pilot.press("a", "a", "right")
        await pilot.press("backspace")
        assert app.screen.record.id == TRIAL and app.screen.current_row.field == "study_design"
        assert "Undo" in status_text(app)

    drive(store_path, scenario)
    with reopen(store_path) as store:
        assert value(store, TRIAL, "study_design").status == "pending"
        assert value(store, TRIAL, "title").status == "accepted"

    async def after_restart(app: Any, pilot: Any) -> None:
        await pilot.press("backspace")  # the title, decided in the session before
        await pilot.press("ctrl+r")

    drive(store_path, after_restart)
    with reopen(store_path) as store:
        assert value(store, TRIAL, "title").status == "accepted"


def test_include_exclude_and_maybe_with_reasons(store_path: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        await pilot.press("i")  # and on to the next record, as in screening tools
        assert app.screen.record.id == HOSTILE and "Included" in status_text(app)
        await pilot.press("e", "down", "enter")  # first listed exclusion reason
        assert app.screen.record.id == SERIES
        await pilot.press("u", "tab", *"dose unclear", "enter")
        assert "~ maybe" in str(app.screen.query_one("#header").render())  # the last stays in view

    drive(store_path, scenario)
    with reopen(store_path) as store:
        decisions = {rid: store.record(rid).decision for rid in store.record_ids()}
        assert decisions[TRIAL].decision == "include"
        assert (decisions[HOSTILE].decision, decisions[HOSTILE].reason) == ("exclude", "wrong population")
        assert (decisions[SERIES].decision, decisions[SERIES].reason) == ("maybe", "dose unclear")


def test_filter_shows_only_the_chosen_records(store_path: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        await pilot.press("right", "i")
        assert app.screen.record.id == SERIES
        await pilot.press("f")
        option = app.screen.query_one("OptionList")
        while option.get_option_at_index(option.highlighted).prompt.plain != "included":
            await pilot.press("down")
        await pilot.press("enter")
        assert app.screen.ids == [HOSTILE]
        assert "1 of 1 (included)" in str(app.screen.query_one("#header").render())

    drive(store_path, scenario)


def test_search_jumps_between_matches_across_records(store_path: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        await pilot.press("slash", *"thrombocytopenia", "enter")
        assert app.screen.record.id == HOSTILE
        assert "Match 1 of 3" in status_text(app)
        await pilot.press("n")
        assert app.screen.record.id == SERIES
        await pilot.press("N")
        assert app.screen.record.id == HOSTILE
        await pilot.press("N")  # wraps around to the last match
        assert app.screen.record.id == SERIES and "Match 3 of 3" in status_text(app)

    drive(store_path, scenario)


def test_goto_by_number_and_by_id_and_a_bad_answer_stays_open(store_path: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        await pilot.press("g", *"9", "enter")
        assert "neither a number" in str(app.screen.query_one(".error").render())
        await pilot.press("backspace", "3", "enter")
        assert app.screen.record.id == SERIES
        await pilot.press("g", *HOSTILE, "enter")
        assert app.screen.record.id == HOSTILE

    drive(store_path, scenario)


def test_export_writes_a_file_beside_the_store(store_path: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        await pilot.press("a", "i", "left")
        await pilot.press("ctrl+e")
        await pilot.press("enter")  # CSV, written in a worker thread
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Exported 3 records (1 values)" in status_text(app), status_text(app)

    drive(store_path, scenario)
    exports = sorted(store_path.parent.glob("review-export-*.csv"))
    assert len(exports) == 1
    assert "Cyclosporine versus placebo" in exports[0].read_text(encoding="utf-8")


def test_help_lists_the_active_keys_and_quit_leaves_everything_saved(store_path: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        await pilot.press("question_mark")
        lines = [o.prompt.plain for o in app.screen.query_one("OptionList").options]
        assert any(line.startswith("a ") and "accept" in line for line in lines)
        assert any("undo" in line and "⌫" in line for line in lines)
        await pilot.press("escape", "a", "q")
        assert not app.is_running

    drive(store_path, scenario)
    with reopen(store_path) as store:
        assert value(store, TRIAL, "title").status == "accepted"


def test_reopening_returns_to_where_the_reviewer_left_off(store_path: Path) -> None:
    left_at: list[str] = []

    async def first(app: Any, pilot: Any) -> None:
        await pilot.press("right", "right", "down")
        left_at.append(app.screen.current_row.field)

    async def second(app: Any, pilot: Any) -> None:
        assert app.screen.record.id == SERIES
        assert app.screen.current_row.field == left_at[0] == "studies_included"

    drive(store_path, first)
    drive(store_path, second)


def test_the_command_palette_runs_actions(store_path: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        await pilot.press("ctrl+p")
        await pilot.press(*"include")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()

    drive(store_path, scenario)
    with reopen(store_path) as store:
        assert store.record(TRIAL).decision.decision == "include"


def test_document_markup_and_escape_sequences_are_shown_literally(store_path: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        await pilot.press("right")
        shown = doc_text(app)
        assert "[bold]not bold[/bold]" in shown
        assert "[link=http://example.org]no link[/link]" in shown
        assert "[/foo]" in shown and "\x1b" not in shown
        condition = next(i for i, r in enumerate(app.screen.rows) if r.field == "condition")
        assert "[/foo] immune thrombocytopenia" in app.screen.query_one("#fields").line_text(condition)
        while app.screen.current_row.field != "condition":
            await pilot.press("down")
        assert "[/foo] immune thrombocytopenia" in str(app.screen.query_one("#detail").render())

    drive(store_path, scenario)


def test_ctrl_c_leaves_like_quit(store_path: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        await pilot.press("ctrl+c")
        assert not app.is_running

    drive(store_path, scenario)


def test_edit_on_a_field_with_no_value_adds_one(store_path: Path) -> None:
    async def scenario(app: Any, pilot: Any) -> None:
        while app.screen.current_row.field != "year":
            await pilot.press("down")
        await pilot.press("enter", *"2019", "enter")
        assert app.screen.current_row.field == "year" and app.screen.current_row.value.added_by_hand

    drive(store_path, scenario)
    with reopen(store_path) as store:
        year = value(store, TRIAL, "year")
        assert (year.value, year.status, year.added_by_hand) == (2019, "accepted", True)


def test_a_changed_record_is_flagged_until_it_is_decided_again(store_path: Path) -> None:
    import hashlib

    from reviewkit import extractions

    docs = store_path.parent / "docs"
    trial = docs / "01_trial.txt"
    with ReviewStore.open(store_path, "ana") as store:
        store.decide_record(TRIAL, "include")
    erratum = "\nErratum: one centre withdrew.\n"
    trial.write_text(trial.read_text(encoding="utf-8") + erratum, encoding="utf-8")
    batch = extractions(docs)
    with ReviewStore.open(store_path, "ana") as store:
        store.sync(batch, {e.record.source: hashlib.sha256(e.record.text.encode()).hexdigest()
                           for e in batch})
        assert store.record(TRIAL).needs_recheck

    async def scenario(app: Any, pilot: Any) -> None:
        assert "text changed: recheck" in str(app.screen.query_one("#header").render())
        await pilot.press("i")

    drive(store_path, scenario)
    with reopen(store_path) as store:
        record = store.record(TRIAL)
        assert not record.needs_recheck and record.decision.decision == "include"
