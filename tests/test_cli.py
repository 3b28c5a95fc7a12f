"""The `triage` command as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SAMPLE_DOCS

from evidence.spec import FIELD_NAMES
from tui.cli import build_parser, main

COMMANDS = {"ingest", "extract", "review", "export"}


def test_help_lists_exactly_the_commands_that_exist() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tui.cli", "--help"], capture_output=True, text=True, check=True
    )
    listed = set()
    for line in result.stdout.splitlines():
        words = line.split()
        if line.startswith("    ") and words and words[0] in COMMANDS | {"review", "export", "store"}:
            listed.add(words[0])
    assert listed == COMMANDS
    parser = build_parser()
    subparsers = next(a for a in parser._actions if a.dest == "command")
    assert set(subparsers.choices) == COMMANDS


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_each_command_has_help(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: triage {command}")
    assert ("PATH" in out) == (command != "export")  # export reads a store, not documents


def test_ingest_reports_each_file_and_goes_on_past_bad_ones(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "bad.ris").write_bytes(b"\x00\x01\x02binary")
    code = main(["ingest", str(SAMPLE_DOCS), str(tmp_path / "bad.ris")])
    captured = capsys.readouterr()
    assert code == 0
    assert "15 records from 5 of 6 files" in " ".join(captured.out.split())
    assert "bad.ris: binary file" in captured.err


def test_ingest_fails_only_when_nothing_could_be_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "empty.txt").write_text("")
    assert main(["ingest", str(tmp_path)]) == 1
    assert "empty.txt: empty file" in capsys.readouterr().err


def test_extract_jsonl_follows_the_contract_and_is_deterministic(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["extract", str(SAMPLE_DOCS), "--jsonl"]) == 0
    first = capsys.readouterr().out
    assert main(["extract", str(SAMPLE_DOCS), "--jsonl", "-o", str(tmp_path / "out.jsonl")]) == 0
    assert (tmp_path / "out.jsonl").read_text(encoding="utf-8") == first
    lines = [json.loads(line) for line in first.splitlines()]
    assert len(lines) == 15
    for line in lines:
        assert set(line) == {"id", "source", "text", "fields"}
        assert set(line["fields"]) == set(FIELD_NAMES)
        for candidates in line["fields"].values():
            for candidate in candidates:
                assert 0 <= candidate["confidence"] <= 1
                if candidate["start"] is not None:
                    assert 0 <= candidate["start"] < candidate["end"] <= len(line["text"])


def test_extract_does_not_overwrite_without_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("precious")
    assert main(["extract", str(SAMPLE_DOCS), "--jsonl", "-o", str(out)]) == 2
    assert out.read_text() == "precious"
    assert "--force" in capsys.readouterr().err
    assert main(["extract", str(SAMPLE_DOCS), "--jsonl", "-o", str(out), "--force"]) == 0
    assert out.read_text() != "precious"
