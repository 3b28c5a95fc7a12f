"""Keymaps: the shipped ones are complete and clash-free, a bad file is one clear line at start,
and a remapped key really decides (and the old one no longer does)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from reviewkit import drive, make_store

from store import ReviewStore
from tui.actions import ACTION_NAMES
from tui.keymap import KeymapError, load_keymap
from tui.screen import ReviewScreen

REQUIRED = ("next_field", "prev_field", "next_record", "prev_record", "next_pending", "accept", "reject",
            "skip", "edit", "add_value", "accept_confident", "undo", "redo", "include", "exclude", "maybe",
            "filter", "search", "goto", "export", "help", "quit")
TRIAL = "docs/01_trial.txt#1"


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return make_store(tmp_path)


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_default_yaml_names_exactly_the_actions_of_the_screen() -> None:
    import yaml

    shipped = Path(__file__).resolve().parents[2] / "keymaps" / "default.yaml"
    names = set(yaml.safe_load(shipped.read_text(encoding="utf-8")))
    assert names == set(ACTION_NAMES)
    assert set(REQUIRED) <= names
    screen_ids = {b.id for b in ReviewScreen.BINDINGS}
    assert screen_ids == {f"review.{n}" for n in ACTION_NAMES}


def test_reviewer_defaults_follow_prodigy_and_rayyan() -> None:
    keys = load_keymap().keys
    assert keys["accept"] == ("a",) and keys["reject"] == ("x",) and keys["skip"] == ("space",)
    assert keys["undo"] == ("backspace",)
    assert keys["include"] == ("i",) and keys["exclude"] == ("e",) and keys["maybe"] == ("u",)
    assert keys["edit"] == ("enter",)
    assert {"down", "j"} <= set(keys["next_field"]) and {"up", "k"} <= set(keys["prev_field"])


@pytest.mark.parametrize("name", ["default", "vim"])
def test_shipped_keymaps_load_with_one_action_per_key(name: str) -> None:
    keymap = load_keymap(name)
    flat = [k for keys in keymap.keys.values() for k in keys]
    assert len(flat) == len(set(flat))
    assert set(keymap.keys) == set(ACTION_NAMES)


def test_vim_moves_undo_to_u_and_maybe_elsewhere() -> None:
    keys = load_keymap("vim").keys
    assert keys["undo"] == ("u",) and "u" not in keys["maybe"]
    assert keys["goto"] == ("colon",)


def test_a_user_file_overrides_only_what_it_names(tmp_path: Path) -> None:
    keymap = load_keymap(write(tmp_path, "accept: y\nnext_record: [n, right]\nnext_match: ctrl+n\n"))
    assert keymap.keys["accept"] == ("y",)
    assert keymap.keys["next_record"] == ("n", "right")
    assert keymap.keys["reject"] == ("x",)
    assert keymap.textual_keymap()["review.next_record"] == "n,right"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("accept: a\nacept: y\n", ["mine.yaml:2", "unknown action 'acept'"]),
        ("accept: [a\nreject: x\n", ["mine.yaml:", "not valid YAML"]),
        ("accept: x\n", ["mine.yaml:1", "'x'", "accept", "reject"]),
        ("accept: [y, y2x]\n", ["mine.yaml:1", "'y2x'", "not a key name"]),
        ("accept: {a: 1}\n", ["mine.yaml:1", "accept needs a key"]),
        ("accept: y\naccept: z\n", ["mine.yaml:2", "bound twice"]),
        ("- accept\n", ["mine.yaml:1", "maps action names to keys"]),
        ("accept: ''\n", ["mine.yaml:1"]),
    ],
)
def test_a_bad_keymap_is_one_error_naming_the_file_and_line(
    tmp_path: Path, text: str, words: list[str]
) -> None:
    with pytest.raises(KeymapError) as caught:
        load_keymap(write(tmp_path, text))
    message = str(caught.value)
    assert "\n" not in message
    for word in words:
        assert word in message


def test_a_missing_keymap_file_is_named() -> None:
    with pytest.raises(KeymapError, match=r"nope\.yaml: no such keymap file"):
        load_keymap("nope.yaml")


def test_triage_review_refuses_a_bad_keymap_before_opening_anything(tmp_path: Path) -> None:
    bad = write(tmp_path, "accept: x\n")
    run = subprocess.run([sys.executable, "-m", "tui.cli", "review", "--keymap", bad, str(tmp_path)],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 2
    assert "mine.yaml:1" in run.stderr and "given to both" in run.stderr
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "triage-review.json").exists()


def test_a_remapped_key_decides_and_the_old_key_does_nothing(tmp_path: Path, store_path: Path) -> None:
    keymap = write(tmp_path, "accept: y\nadd_value: a\n")

    async def scenario(app: Any, pilot: Any) -> None:
        await pilot.press("y")
        await pilot.press("escape")
        assert type(app.screen).__name__ == "ReviewScreen"
        footer_keys = [key for key, active in app.screen.active_bindings.items()
                       if active.binding.action == "accept"]
        assert footer_keys == ["y"]

    drive(store_path, scenario, keymap=keymap)
    with ReviewStore.open(store_path, "ana", read_only=True) as store:
        decided = [v for v in store.values(TRIAL) if v.decided]
        assert [(v.field, v.status) for v in decided] == [("title", "accepted")]

    async def old_key(app: Any, pilot: Any) -> None:
        await pilot.press("a")  # now add_value: opens the field picker, decides nothing
        assert type(app.screen).__name__ == "ChoiceDialog"
        await pilot.press("escape")

    drive(store_path, old_key, keymap=keymap)
    with ReviewStore.open(store_path, "ana", read_only=True) as store:
        assert store.progress().values_decided == 1


@pytest.mark.parametrize("name", ["default", "vim"])
def test_each_shipped_keymap_drives_the_main_actions(store_path: Path, name: str) -> None:
    keys = load_keymap(name).keys

    async def scenario(app: Any, pilot: Any) -> None:
        screen = app.screen
        await pilot.press(keys["accept"][0])  # title accepted, on to study_design
        await pilot.press(keys["next_field"][0])
        await pilot.press(keys["prev_field"][0])
        assert screen.current_row.field == "study_design"
        await pilot.press(keys["reject"][0], "enter")
        await pilot.press(keys["undo"][0])
        await pilot.press(keys["redo"][0])
        await pilot.press(keys["next_record"][0])
        await pilot.press(keys["include"][0])  # and on to the third record
        await pilot.press(keys["prev_record"][0], keys["prev_record"][0])
        await pilot.press(keys["maybe"][0], "enter")
        await pilot.press(keys["goto"][0], "3", "enter")
        assert screen.record.id == "docs/03_series.txt#1"
        await pilot.press(keys["help"][0])
        assert type(app.screen).__name__ == "HelpDialog"
        await pilot.press("escape", keys["quit"][0])
        assert not app.is_running

    drive(store_path, scenario, keymap=name)
    with ReviewStore.open(store_path, "ana", read_only=True) as store:
        values = {v.field: v.status for v in store.values(TRIAL) if v.index == 0}
        assert values["title"] == "accepted" and values["study_design"] == "rejected"
        assert store.record(TRIAL).decision.decision == "maybe"
        assert store.record("docs/02_hostile.txt#1").decision.decision == "include"
