"""SVG snapshots of the main screens, compared with the files under tests/tui/snapshots/.

A change to how the screen looks fails here until the snapshot is renewed on purpose:
`SNAPSHOT_UPDATE=1 .venv/bin/python -m pytest tests/tui/test_snapshots.py`, then look
at the SVG files (any browser shows them) before committing. A missing snapshot is a
failure, not a silent first write. (pytest-textual-snapshot would do the same, but
its syrupy pin needs pytest < 9.)
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from reviewkit import drive, make_store

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"


def _normalise(svg: str) -> str:
    # Rich names its CSS classes after a hash of the whole export ("terminal-1234-r5"):
    # any change alters every name, so they are numbered in order of appearance instead.
    names: dict[str, str] = {}
    return re.sub(r"terminal-\d+", lambda m: names.setdefault(m.group(0), f"terminal-{len(names)}"), svg)


def snapshot(tmp_path: Path, name: str, size: tuple[int, int], keys: Sequence[str] = ()) -> None:
    store = make_store(tmp_path)
    shots: list[str] = []

    async def scenario(app: Any, pilot: Any) -> None:
        for key in keys:
            await pilot.press(key)
        await pilot.pause()
        shots.append(app.export_screenshot(title=name))

    drive(store, scenario, size=size)
    actual = _normalise(shots[0])
    path = SNAPSHOTS / f"{name}.svg"
    if os.environ.get("SNAPSHOT_UPDATE"):
        SNAPSHOTS.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    if not path.exists():
        pytest.fail(f"no snapshot {path.name}: run with SNAPSHOT_UPDATE=1 and look at the SVG")
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        (tmp_path / path.name).write_text(actual, encoding="utf-8")
        pytest.fail(f"{name} differs from {path}; this run's screen is {tmp_path / path.name}")


def test_main_screen_at_80x24_stacks_the_panes(tmp_path: Path) -> None:
    snapshot(tmp_path, "review_80x24", (80, 24), ["down", "down", "down", "down"])


def test_main_screen_at_120x40_puts_text_beside_fields(tmp_path: Path) -> None:
    snapshot(tmp_path, "review_120x40", (120, 40), ["a", "a", "x", "enter"])


def test_reject_reasons_at_80x24(tmp_path: Path) -> None:
    snapshot(tmp_path, "reject_80x24", (80, 24), ["x"])


def test_help_at_120x40(tmp_path: Path) -> None:
    snapshot(tmp_path, "help_120x40", (120, 40), ["question_mark"])
