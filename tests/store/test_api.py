"""The typed API the screen and the exports use: decisions, validation, undo/redo, history,
progress, filters, resume. Each runs on a small and a larger store."""

from __future__ import annotations

from pathlib import Path

import pytest
from storekit import VALUES, Filled, fill

from evidence.spec import FIELD_NAMES
from store import ReadOnlyStore, ReviewStore, Terms, UnknownRecord
from store.model import ACCEPTED, EDITED, PENDING, REJECTED


@pytest.fixture(params=[15, 600], ids=["small", "larger"])
def filled(request: pytest.FixtureRequest, tmp_path: Path) -> Filled:
    return fill(tmp_path / "review.json", request.param)


def test_values_come_in_spec_field_order_with_their_candidates(filled: Filled) -> None:
    with ReviewStore.open(filled.path, "ana") as store:
        record = store.record(filled.ids[3])
        values = store.values(filled.ids[3])
    assert record.values == values
    order = [FIELD_NAMES.index(v.field) for v in values]
    assert order == sorted(order)
    assert [v.value for v in values if v.field == "sample_size"] == VALUES["sample_size"]
    assert all(v.status == PENDING and v.final is None for v in values)
    assert record.text == filled.extractions[3].record.text
    assert record.available and record.title


def test_decide_accept_reject_edit_and_reset(filled: Filled) -> None:
    rid = filled.ids[-1]
    with ReviewStore.open(filled.path, "ana") as store:
        store.decide(rid, "sample_size", 0, ACCEPTED)
        store.decide(rid, "sample_size", 1, REJECTED, reason="that is the screened number")
        store.decide(rid, "year", 0, EDITED, value=2011)
        change = store.decide(rid, "authors", 0, ACCEPTED)
        assert change.kind == "decide" and change.before is None and change.after["status"] == ACCEPTED
        store.decide(rid, "authors", 0, PENDING)
    with ReviewStore.open(filled.path, "ana", read_only=True) as store:
        got = {(v.field, v.index): v for v in store.values(rid)}
    assert got[("sample_size", 0)].status == ACCEPTED and got[("sample_size", 0)].final == 40
    assert got[("sample_size", 1)].reason == "that is the screened number"
    assert got[("sample_size", 1)].final is None
    assert got[("year", 0)].status == EDITED and got[("year", 0)].final == 2011
    assert got[("year", 0)].value == 2010 and got[("year", 0)].reviewer == "ana" and got[("year", 0)].time
    assert got[("authors", 0)].status == PENDING


@pytest.mark.parametrize(
    ("args", "kwargs", "words"),
    [
        (("year", 0, EDITED), {"value": "2011"}, "not a valid year"),
        (("year", 0, EDITED), {"value": -3}, "whole number"),
        (("sample_size", 0, EDITED), {"value": 10**20}, "cannot be stored"),
        (("study_design", 0, EDITED), {"value": "cohort"}, "one of rct"),
        (("age", 0, EDITED), {"value": {"mean": 3}}, "keys among"),
        (("title", 0, EDITED), {"value": "   "}, "non-empty text"),
        (("title", 0, EDITED), {}, "not a valid title"),
        (("title", 0, "approved"), {}, "unknown status"),
        (("colour", 0, ACCEPTED), {}, "unknown field"),
        (("year", 5, ACCEPTED), {}, "no value number 5"),
        (("year", 0, ACCEPTED), {"value": 2011}, "only when editing"),
        (("year", 0, ACCEPTED), {"reason": "x"}, "only when rejecting"),
    ],
)
def test_bad_decisions_are_refused_with_a_reason_and_change_nothing(
    filled: Filled, args: tuple[str, int, str], kwargs: dict[str, object], words: str
) -> None:
    with ReviewStore.open(filled.path, "ana") as store:
        before = store.history()
        with pytest.raises(ValueError, match=words):
            store.decide(filled.ids[0], *args, **kwargs)  # type: ignore[arg-type]
        assert store.history() == before
        assert store.progress().values_decided == 0


def test_unknown_record_is_named(filled: Filled) -> None:
    with ReviewStore.open(filled.path, "ana") as store, pytest.raises(UnknownRecord, match="nope#1"):
        store.decide("nope#1", "year", 0, ACCEPTED)


def test_add_value_by_hand_then_decide_and_record_decision(filled: Filled) -> None:
    rid = filled.ids[1]
    with ReviewStore.open(filled.path, "ana") as store:
        change = store.add_value(rid, "condition", "aplastic anemia", 10, 25)
        assert (change.field, change.index) == ("condition", 0)
        second = store.add_value(rid, "sample_size", 77)
        assert second.index == 2  # after the two candidates
        with pytest.raises(ValueError, match="not a valid sample_size"):
            store.add_value(rid, "sample_size", "many")
        store.decide(rid, "sample_size", 2, REJECTED, reason="typo")
        store.decide_record(rid, "exclude", "not a trial")
    with ReviewStore.open(filled.path, "bo") as store:
        values = {(v.field, v.index): v for v in store.values(rid)}
        record = store.record(rid)
    hand = values[("condition", 0)]
    assert hand.added_by_hand and hand.status == ACCEPTED and (hand.start, hand.end) == (10, 25)
    assert values[("sample_size", 2)].status == REJECTED and values[("sample_size", 2)].added_by_hand
    assert record.decision is not None
    assert (record.decision.decision, record.decision.reason, record.decision.reviewer) == (
        "exclude", "not a trial", "ana")


def test_progress_and_filters_follow_every_change(filled: Filled) -> None:
    a, b, c = filled.ids[0], filled.ids[1], filled.ids[2]
    with ReviewStore.open(filled.path, "ana") as store:
        start = store.progress()
        assert start.records_total == len(filled.ids) and start.records_done == 0
        total_values = start.values_total
        store.decide_record(a, "exclude")
        for v in store.values(b):
            store.decide(b, v.field, v.index, ACCEPTED)
        store.decide_record(b, "include")
        store.decide(c, "year", 0, REJECTED)
        store.decide_record(c, "maybe")
        p = store.progress()
        assert (p.records_done, p.included, p.excluded, p.maybe) == (2, 1, 1, 1)
        assert p.values_decided == len(store.values(b)) + 1 and p.values_total == total_values
        assert store.record_ids("included") == [b]
        assert store.record_ids("excluded") == [a]
        assert store.record_ids("maybe") == [c]
        assert store.record_ids("rejections") == [c]
        pending = store.record_ids("pending")
        assert a not in pending and b not in pending and c in pending
        assert len(pending) == len(filled.ids) - 2
        with pytest.raises(ValueError, match="unknown filter"):
            store.record_ids("done")
    with ReviewStore.open(filled.path, "ana") as store:
        assert store.progress() == p  # rebuilt at open from what is on disk


def test_iter_records_for_exports(filled: Filled) -> None:
    with ReviewStore.open(filled.path, "ana") as store:
        store.decide_record(filled.ids[2], "include")
        store.decide(filled.ids[2], "year", 0, EDITED, value=1999)
        everything = list(store.iter_records())
        included = list(store.iter_records(["include"]))
        undecided = list(store.iter_records([None]))
    assert [r.id for r in everything] == filled.ids
    assert [r.id for r in included] == [filled.ids[2]]
    assert next(v.final for v in included[0].values if v.field == "year") == 1999
    assert len(undecided) == len(filled.ids) - 1


def test_undo_redo_survive_a_restart_and_a_new_change_clears_redo(filled: Filled) -> None:
    rid = filled.ids[0]
    with ReviewStore.open(filled.path, "ana") as store:
        assert store.undo() is None and store.redo() is None
        store.decide(rid, "year", 0, ACCEPTED)
        store.decide(rid, "sample_size", 0, EDITED, value=41)
        store.decide_record(rid, "include")
    with ReviewStore.open(filled.path, "ana") as store:
        undone = store.undo()
        assert undone is not None and undone.kind == "undo" and undone.target == 3
        assert store.record(rid).decision is None
        undone = store.undo()
        assert undone is not None and undone.field == "sample_size"
    with ReviewStore.open(filled.path, "ana") as store:
        state = {(v.field, v.index): v.status for v in store.values(rid)}
        assert state[("sample_size", 0)] == PENDING and state[("year", 0)] == ACCEPTED
        redone = store.redo()
        assert redone is not None and redone.kind == "redo" and redone.target == 2
        assert store.can_redo
    with ReviewStore.open(filled.path, "ana") as store:
        assert next(v.final for v in store.values(rid) if v.field == "sample_size") == 41
        store.decide(rid, "authors", 1, REJECTED)  # a new change: the redo branch is gone
        assert not store.can_redo and store.redo() is None
    with ReviewStore.open(filled.path, "ana") as store:
        assert store.redo() is None
        assert store.record(rid).decision is None
        assert [store.undo() is not None for _ in range(3)] == [True, True, True]
        assert store.undo() is None  # authors, sample_size, year: nothing older
        assert store.progress().values_decided == 0


def test_undo_of_a_value_added_by_hand_removes_it(filled: Filled) -> None:
    rid = filled.ids[0]
    with ReviewStore.open(filled.path, "ana") as store:
        count = len(store.values(rid))
        store.add_value(rid, "condition", "asthma")
        assert len(store.values(rid)) == count + 1
        store.undo()
        assert len(store.values(rid)) == count
        store.redo()
        assert [v.value for v in store.values(rid) if v.added_by_hand] == ["asthma"]


def test_history_is_append_only_with_who_when_before_after(filled: Filled) -> None:
    rid = filled.ids[0]
    with ReviewStore.open(filled.path, "ana") as store:
        store.decide(rid, "year", 0, ACCEPTED)
        store.decide(rid, "year", 0, EDITED, value=2012)
        store.undo()
        store.decide(filled.ids[1], "year", 0, REJECTED)
        first = store.history()
    with ReviewStore.open(filled.path, "bo") as store:
        store.redo()  # nothing to redo: the reject cleared it
        store.decide(rid, "year", 0, PENDING)
        later = store.history()
        mine = store.history(rid)
    assert later[: len(first)] == first  # nothing rewritten or removed, undo included
    assert [c.seq for c in later] == list(range(1, len(later) + 1))
    assert [c.kind for c in mine] == ["decide", "decide", "undo", "decide"]
    edit = mine[1]
    assert edit.who == "ana" and edit.when and edit.before["status"] == ACCEPTED
    assert edit.after["status"] == EDITED and edit.after["value"] == 2012
    assert mine[3].who == "bo" and mine[3].after is None


def test_resume_returns_to_the_last_place(filled: Filled) -> None:
    with ReviewStore.open(filled.path, "ana") as store:
        assert store.position().record_id is None
        store.decide(filled.ids[4], "year", 0, ACCEPTED)
        assert store.position().record_id == filled.ids[4]
        store.set_position(filled.ids[5], "age")
    with ReviewStore.open(filled.path, "ana") as store:
        assert (store.position().record_id, store.position().field) == (filled.ids[5], "age")
        store.set_position(filled.ids[6])
        store.decide_record(filled.ids[7], "maybe")
    with ReviewStore.open(filled.path, "ana") as store:
        assert store.position().record_id == filled.ids[7]


def test_terms_and_settings_persist(filled: Filled) -> None:
    with ReviewStore.open(filled.path, "ana") as store:
        assert store.terms == Terms()
        store.set_terms(Terms(include=("randomized", "aplastic"), exclude=("mice",)))
        store.set_setting("show_spans", True)
        store.set_setting("theme", "dark")
        store.set_setting("theme", None)
        with pytest.raises(TypeError):
            store.set_setting("bad", object())
    with ReviewStore.open(filled.path, "ana") as store:
        assert store.terms.include == ("randomized", "aplastic") and store.terms.exclude == ("mice",)
        assert store.settings == {"show_spans": True}


def test_read_only_refuses_every_write_and_leaves_the_files_alone(filled: Filled) -> None:
    before = {p.name: p.read_bytes() for p in filled.path.parent.iterdir()}
    with ReviewStore.open(filled.path, "ana", read_only=True) as store:
        rid = filled.ids[0]
        assert store.values(rid)
        attempts = [
            lambda: store.decide(rid, "year", 0, ACCEPTED),
            lambda: store.add_value(rid, "condition", "x"),
            lambda: store.decide_record(rid, "include"),
            lambda: store.set_position(rid),
            lambda: store.set_terms(Terms(("a",))),
            lambda: store.set_setting("a", 1),
            lambda: store.sync(filled.extractions[:1], {}),
            store.compact,
        ]
        for attempt in attempts:
            with pytest.raises(ReadOnlyStore, match="read-only"):
                attempt()
    after = {p.name: p.read_bytes() for p in filled.path.parent.iterdir()}
    assert after == before
