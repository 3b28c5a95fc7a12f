"""One writer: a second writer is refused with a message naming the holder; a dead holder's lock
is taken over; a read-only view is always possible."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from storekit import fill

from store import ReviewStore, StoreLocked
from store.model import ACCEPTED

HOLD = """
import sys, time
from store import ReviewStore
store = ReviewStore.open(sys.argv[1], "holder")
print("held", flush=True)
time.sleep(60)
"""


def _holder(path: Path) -> subprocess.Popen[bytes]:
    child = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], stdout=subprocess.PIPE)
    assert child.stdout is not None and child.stdout.readline() == b"held\n"
    return child


def test_a_second_process_is_refused_with_the_holder_named_then_takes_over_a_dead_lock(
        tmp_path: Path) -> None:
    filled = fill(tmp_path / "review.json", 15)
    child = _holder(filled.path)
    try:
        with pytest.raises(StoreLocked) as refused:
            ReviewStore.open(filled.path, "ana")
        message = str(refused.value)
        assert f"pid {child.pid}" in message and socket.gethostname() in message
        assert "review.json" in message and "read-only" in message
        with ReviewStore.open(filled.path, "ana", read_only=True) as view:  # looking is always allowed
            assert len(view.record_ids()) == 15
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    lock = tmp_path / "review.json.lock"
    assert lock.exists()  # a dead process leaves its lock file behind
    with ReviewStore.open(filled.path, "ana") as store:
        assert any(f"pid {child.pid}" in n and "no longer running" in n for n in store.notices)
        store.decide(filled.ids[0], "year", 0, ACCEPTED)
        assert f'"pid":{os.getpid()}' in lock.read_text()
    assert not lock.exists()  # a clean close removes it


def test_the_same_process_cannot_open_it_twice_for_writing(tmp_path: Path) -> None:
    filled = fill(tmp_path / "review.json", 15)
    with ReviewStore.open(filled.path, "ana"), pytest.raises(StoreLocked, match=f"pid {os.getpid()}"):
        ReviewStore.open(filled.path, "bo")
    with ReviewStore.open(filled.path, "bo") as store:
        assert store.notices == []


def test_a_lock_file_left_by_a_pid_that_no_longer_exists_is_taken_over(tmp_path: Path) -> None:
    filled = fill(tmp_path / "review.json", 15)
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True)
    pid = int(dead.stdout)
    (tmp_path / "review.json.lock").write_text(
        f'{{"pid": {pid}, "host": "{socket.gethostname()}", "user": "x", "since": "2024-01-01 10:00:00"}}')
    with ReviewStore.open(filled.path, "ana") as store:
        assert any(f"pid {pid}" in n for n in store.notices)
