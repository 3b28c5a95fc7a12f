"""The real `triage review` in a real terminal (tmux), keys sent as a person types them.

Skipped where tmux is not installed (it is not a Python package); everything it
checks is on disk afterwards, read through the store like an export would.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import SAMPLE_DOCS

from store import ReviewStore

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def _tmux(socket: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["tmux", "-L", socket, *args], capture_output=True, text=True, timeout=20)


def _screen(socket: str) -> str:
    return _tmux(socket, "capture-pane", "-p", "-t", "review").stdout


def _wait_for(socket: str, words: str, seconds: float = 40.0) -> str:
    deadline = time.monotonic() + seconds
    shown = ""
    while time.monotonic() < deadline:
        shown = _screen(socket)
        if words in shown:
            return shown
        time.sleep(0.2)
    raise AssertionError(f"{words!r} never appeared; the screen was:\n{shown}")


def test_a_reviewer_session_in_tmux_ends_on_disk(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(SAMPLE_DOCS, docs)
    store = tmp_path / "review.json"
    socket = f"triage-test-{os.getpid()}"
    triage = Path(sys.executable).with_name("triage")
    command = (f"cd {shlex.quote(str(tmp_path))} && {shlex.quote(str(triage))} review docs "
               "--store review.json --reviewer tmux; echo EXITED $?; sleep 30")
    env_shell = f"env -u NO_COLOR TERM=xterm-256color sh -c {shlex.quote(command)}"
    started = _tmux(socket, "new-session", "-d", "-s", "review", "-x", "100", "-y", "30", env_shell)
    assert started.returncode == 0, started.stderr
    try:
        first = _wait_for(socket, "1 of 15")
        assert "values 0/" in first
        for key in ("a", "a", "x"):  # accept, accept, reject...
            _tmux(socket, "send-keys", "-t", "review", key)
            time.sleep(0.3)
        _wait_for(socket, "why?")
        _tmux(socket, "send-keys", "-t", "review", "Down", "Enter")  # ...for the first listed reason
        _wait_for(socket, "Rejected")
        _tmux(socket, "send-keys", "-t", "review", "i")
        _wait_for(socket, "Included")
        _tmux(socket, "send-keys", "-t", "review", "q")
        _wait_for(socket, "EXITED 0")
    finally:
        _tmux(socket, "kill-server")
    with ReviewStore.open(store, "check", read_only=True) as opened:
        history = opened.history()
        decided = [(c.kind, (c.after or {}).get("status") or (c.after or {}).get("decision"))
                   for c in history]
        assert decided == [("decide", "accepted"), ("decide", "accepted"), ("decide", "rejected"),
                           ("decide_record", "include")]
        assert {c.who for c in history} == {"tmux"}
        first_id = opened.record_ids()[0]
        assert opened.record(first_id).decision.decision == "include"
        rejected = [v for v in opened.values(first_id) if v.status == "rejected"]
        assert [v.reason for v in rejected] == ["wrong value"]
