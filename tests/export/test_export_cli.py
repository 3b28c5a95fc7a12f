"""`triage export` as a reviewer runs it: files and standard output, the counts on standard error,
one-line errors with exit code 2, and a store open in the review screen exported as it stands."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from exportkit import Reviewed, reviewed

from store import ReviewStore, StoreLocked
from store.export import FORMATS, STATUS_WORDS
from store.model import ACCEPTED
from store.paths import DEFAULT_STORE
from tui import cmd_export
from tui.cli import main


@pytest.fixture
def store_file() -> Reviewed:
    return reviewed(Path(DEFAULT_STORE))


def test_writes_the_file_and_prints_the_counts(store_file: Reviewed,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "-o", "records.csv"]) == 0  # the default store, the format from the name
    err = capsys.readouterr().err
    assert "Records identified" in err and "Records screened" in err
    assert "12 records" in err and "written to records.csv" in err
    assert Path("records.csv").read_text(encoding="utf-8").startswith("id,source,decision,")


def test_standard_output_gets_the_same_bytes_as_a_file(store_file: Reviewed,
                                                        capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["export", "--format", "jsonl", "--status", "pending,excluded", "--history", "-q"]) == 0
    captured = capsysbinary.readouterr()
    assert captured.err == b""
    assert main(["export", "-o", "all.jsonl", "--status", "pending", "--status", "excluded", "--history",
                 "-q"]) == 0
    assert captured.out == Path("all.jsonl").read_bytes()
    docs = [json.loads(line) for line in captured.out.decode("utf-8").splitlines()]
    assert len(docs) == 15 and all("history" in d for d in docs)


def test_a_store_open_in_the_review_screen_is_exported_as_it_stands(
        store_file: Reviewed, capsys: pytest.CaptureFixture[str]) -> None:
    rid = store_file.undecided[0]
    with ReviewStore.open(store_file.path, "ana") as screen:
        screen.decide(rid, "year", 0, ACCEPTED)  # journaled, not yet folded into the main file
        with pytest.raises(StoreLocked):
            ReviewStore.open(store_file.path, "bob")
        assert main(["export", "-o", "now.json"]) == 0
    docs = {d["id"]: d for d in json.loads(Path("now.json").read_text(encoding="utf-8"))}
    assert [v["value"] for v in docs[rid]["fields"]["year"]] == [2010]


@pytest.mark.parametrize(("argv", "words"), [
    (["export", "--store", "nope.json", "-o", "x.csv"],
     "nope.json: no review store there; make one with `triage review PATH...`"),
    (["export", "-o", "x.csv"], "triage-review.json: no review store there; make one with `triage review "
                                "PATH...`, or name one with --store"),
])
def test_a_missing_store_is_one_line_and_creates_nothing(argv: list[str], words: str,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and " ".join(err.split()) == f"error {words}"
    assert list(Path().iterdir()) == []


@pytest.mark.parametrize(("argv", "words"), [
    (["export", "-o", "x.xlsx"], "give --format (csv, json, jsonl, yaml, ris, summary): the name x.xlsx does "
                                 "not say which"),
    (["export"], "give --format"),
    (["export", "-f", "ris", "--history"], "--history goes with json, jsonl or yaml, not ris"),
    (["export", "-f", "json", "--bom"], "a byte-order mark is for CSV only"),
    (["export", "-f", "csv", "--status", "pending,rejected"], "rejected values are never exported"),
    (["export", "-o", "triage-review.json.bak", "-f", "csv", "--force"], "is a file of the store"),
])
def test_usage_errors_are_one_line_and_exit_2(store_file: Reviewed, argv: list[str], words: str,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    before = sorted(p.name for p in Path().iterdir())
    assert main(argv) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert err.startswith("error ") and words in err
    assert sorted(p.name for p in Path().iterdir()) == before


def test_an_existing_file_is_not_overwritten_without_force(store_file: Reviewed,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    Path("out.ris").write_text("mine\n", encoding="utf-8")
    assert main(["export", "-o", "out.ris"]) == 2
    assert "out.ris exists; use --force to overwrite it" in capsys.readouterr().err
    assert Path("out.ris").read_text(encoding="utf-8") == "mine\n"
    assert main(["export", "-o", "out.ris", "--force", "-q"]) == 0
    assert Path("out.ris").read_text(encoding="utf-8").startswith("TY  - JOUR")


def test_summary_format_writes_the_counts_alone(store_file: Reviewed,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--format", "summary"]) == 0
    captured = capsys.readouterr()
    assert captured.out.splitlines()[0].split() == ["Records", "identified", "15"]
    assert "Records identified" not in captured.err


def test_the_help_words_and_the_store_agree() -> None:
    assert cmd_export.FORMATS == FORMATS
    assert cmd_export.STATUS_WORDS == STATUS_WORDS
    assert str(DEFAULT_STORE) == cmd_export.DEFAULT_STORE_NAME


def test_triage_help_does_not_load_the_store() -> None:
    code = "import sys\nimport tui.cli\ntui.cli.build_parser()\nprint('store' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "False"
