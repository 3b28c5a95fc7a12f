"""How an export lands on disk: atomically, never over an existing file unasked, never over the
store, byte-identical for the same store, and an empty store in every format."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import yaml
from exportkit import Reviewed, open_ro, reviewed

from store import ReviewStore
from store.export import FORMATS, ExportError, OutputExists, export_store
from store.export import to_csv as csv_writer


@pytest.fixture(autouse=True)
def _work_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Exports go to a folder of their own, so a test sees every file they leave behind."""
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")


@pytest.fixture
def store_file(tmp_path: Path) -> Reviewed:
    return reviewed(tmp_path / "review.json")


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_same_store_gives_byte_identical_files(store_file: Reviewed, fmt: str) -> None:
    history = fmt in ("json", "jsonl", "yaml")
    with open_ro(store_file.path) as store:
        export_store(store, fmt, Path(f"one.{fmt}"), statuses=["all"], history=history)
    # a writer opening it compacts the journal into the main file: the store's bytes change, the export's not
    ReviewStore.open(store_file.path, "bob").close()
    with open_ro(store_file.path) as store:
        export_store(store, fmt, Path(f"two.{fmt}"), statuses=["all"], history=history)
    one, two = Path(f"one.{fmt}").read_bytes(), Path(f"two.{fmt}").read_bytes()
    assert one == two and len(one) > 100


def test_an_existing_file_is_kept_unless_forced(store_file: Reviewed) -> None:
    out = Path("records.csv")
    out.write_text("my own notes\n", encoding="utf-8")
    with open_ro(store_file.path) as store:
        with pytest.raises(OutputExists, match="exists; use --force"):
            export_store(store, "csv", out)
        assert out.read_text(encoding="utf-8") == "my own notes\n"
        export_store(store, "csv", out, force=True)
    assert out.read_text(encoding="utf-8").startswith("id,source,decision")
    assert sorted(p.name for p in Path().iterdir()) == ["records.csv"]


def test_a_failure_while_writing_leaves_no_file_and_the_old_one_whole(
        store_file: Reviewed, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def failing_row(record: object) -> list[str]:
        calls.append(record)
        if len(calls) > 3:
            raise OSError(28, "No space left on device")
        return real_row(record)  # type: ignore[arg-type]

    real_row = csv_writer.row
    monkeypatch.setattr(csv_writer, "row", failing_row)
    Path("kept.csv").write_text("the previous export\n", encoding="utf-8")
    with open_ro(store_file.path) as store:
        with pytest.raises(ExportError, match=r"cannot write new\.csv: No space left on device"):
            export_store(store, "csv", Path("new.csv"))
        with pytest.raises(ExportError, match="No space left"):
            export_store(store, "csv", Path("kept.csv"), force=True)
    assert sorted(p.name for p in Path().iterdir()) == ["kept.csv"]  # no temporary file left either
    assert Path("kept.csv").read_text(encoding="utf-8") == "the previous export\n"


def test_the_store_and_its_sibling_files_are_never_an_output(
        store_file: Reviewed, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(store_file.path.parent)
    before = {p.name: p.read_bytes() for p in Path().glob("review.json*")}
    with open_ro(store_file.path) as store:
        for name in ("review.json", "review.json.records", "review.json.bak", "review.json.journal"):
            with pytest.raises(ExportError, match="is a file of the store"):
                export_store(store, "json", Path(name), force=True)
    assert {p.name: p.read_bytes() for p in Path().glob("review.json*")} == before


def test_options_a_format_does_not_take_are_refused_before_writing(store_file: Reviewed) -> None:
    with open_ro(store_file.path) as store:
        for kwargs, words in (({"bom": True}, "byte-order mark is for CSV only"),
                              ({"statuses": ["rejected"]}, "rejected values are never exported"),
                              ({"statuses": ["everything"]}, "unknown status 'everything'")):
            with pytest.raises(ExportError, match=words):
                export_store(store, "json", Path("out.json"), **kwargs)  # type: ignore[arg-type]
        with pytest.raises(ExportError, match="unknown format 'xlsx'"):
            export_store(store, "xlsx", Path("out.xlsx"))
        with pytest.raises(ExportError, match="does not exist"):
            export_store(store, "csv", Path("no/such/folder/out.csv"))
    assert not list(Path().iterdir())


def test_an_empty_store_exports_an_empty_file_of_every_format(tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    ReviewStore.open(path, "ana").close()
    with open_ro(path) as store:
        for fmt in FORMATS:
            result = export_store(store, fmt, Path(f"empty.{fmt}"))
            assert result.records == result.values == 0
    text = {fmt: Path(f"empty.{fmt}").read_text(encoding="utf-8") for fmt in FORMATS}
    assert next(csv.reader(text["csv"].splitlines()))[:3] == ["id", "source", "decision"]
    assert len(text["csv"].splitlines()) == 1
    assert json.loads(text["json"]) == [] and text["jsonl"] == "" and yaml.safe_load(text["yaml"]) == []
    assert text["ris"] == ""
    assert text["summary"].splitlines()[0].split() == ["Records", "identified", "0"]


def test_progress_is_reported_up_to_the_last_record(store_file: Reviewed) -> None:
    seen: list[tuple[int, int]] = []
    with open_ro(store_file.path) as store:
        export_store(store, "jsonl", Path("out.jsonl"),
                     progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1] == (15, 15)
