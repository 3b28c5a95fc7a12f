"""`triage review` as a command: what it brings into the store, what it refuses, and its help."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from conftest import SAMPLE_DOCS

from store import ReviewStore
from tui.cli import main
from tui.cmd_review import read_terms


def triage(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui.cli", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


def test_review_brings_documents_in_once_and_reopening_reuses_the_cache(tmp_path: Path) -> None:
    shutil.copytree(SAMPLE_DOCS, tmp_path / "docs")
    first = triage("review", "docs", "--no-screen", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "15 records" in first.stderr and "15 new" in first.stderr and "15 extracted" in first.stderr
    again = triage("review", "docs", "--no-screen", cwd=tmp_path)
    assert "0 new" in again.stderr and "15 unchanged" in again.stderr and "0 extracted" in again.stderr
    assert (tmp_path / "triage-review.json").exists()


def test_a_changed_document_keeps_its_decisions_and_is_flagged(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(SAMPLE_DOCS, docs)
    assert triage("review", "docs", "--no-screen", cwd=tmp_path).returncode == 0
    with ReviewStore.open(tmp_path / "triage-review.json", "ana") as store:
        rid = store.record_ids()[0]
        store.decide_record(rid, "include")
    page = docs / Path(rid.split("#")[0]).name
    page.write_text(page.read_text(encoding="utf-8") + "\nA late erratum line.\n", encoding="utf-8")
    run = triage("review", "docs", "--no-screen", cwd=tmp_path)
    assert "1 changed" in run.stderr, run.stderr
    with ReviewStore.open(tmp_path / "triage-review.json", "ana", read_only=True) as store:
        record = store.record(rid)
        assert record.decision is not None and record.decision.decision == "include"
        assert record.needs_recheck


def test_reopening_without_a_store_says_what_to_do(tmp_path: Path) -> None:
    run = triage("review", cwd=tmp_path)
    assert run.returncode == 2
    assert "triage-review.json does not exist" in run.stderr and "triage review sample_docs" in run.stderr


def test_a_store_open_elsewhere_is_refused_with_its_holder(tmp_path: Path) -> None:
    shutil.copytree(SAMPLE_DOCS, tmp_path / "docs")
    assert triage("review", "docs", "--no-screen", cwd=tmp_path).returncode == 0
    with ReviewStore.open(tmp_path / "triage-review.json", "holder"):
        run = triage("review", "--no-screen", cwd=tmp_path)
    assert run.returncode == 2
    assert "pid" in run.stderr and "Traceback" not in run.stderr


def test_nothing_readable_is_an_error_not_an_empty_review(tmp_path: Path) -> None:
    (tmp_path / "junk.bin").write_bytes(b"\x00\x01\x02" * 100)
    run = triage("review", "junk.bin", "--no-screen", cwd=tmp_path)
    assert run.returncode == 2
    assert "junk.bin" in run.stderr and "binary" in run.stderr


def test_terms_and_settings_are_kept_in_the_store(tmp_path: Path) -> None:
    shutil.copytree(SAMPLE_DOCS, tmp_path / "docs")
    (tmp_path / "terms.txt").write_text("# criteria\nrefractory\n+ aplastic anemia\n-pregnancy\n\n",
                                        encoding="utf-8")
    run = triage("review", "docs", "--no-screen", "--terms", "terms.txt", "--order", "confidence",
                 "--no-advance", "--threshold", "0.9", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    with ReviewStore.open(tmp_path / "triage-review.json", "ana", read_only=True) as store:
        assert store.terms.include == ("refractory", "aplastic anemia")
        assert store.terms.exclude == ("pregnancy",)
        assert store.settings == {**store.settings, "order": "confidence", "advance": False, "threshold": 0.9}


def test_read_terms_marks_exclusions_with_a_minus(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_text("children\n-adults\n#x\n+ infants\n", encoding="utf-8")
    assert read_terms(path) == (("children", "infants"), ("adults",))


def test_help_lists_only_commands_that_exist(capsys) -> None:  # type: ignore[no-untyped-def]
    try:
        main(["review", "--help"])
    except SystemExit as done:
        assert done.code == 0
    text = capsys.readouterr().out
    for option in ("--store", "--keymap", "--reviewer", "--terms", "--order", "--no-advance", "--threshold"):
        assert option in text
