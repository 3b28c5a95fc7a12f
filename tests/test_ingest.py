"""Ingest: every file gives records or one clear line naming it, and the batch goes on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import CORPUS, SAMPLE_DOCS, corpus_counts

from evidence.ingest import ingest_paths, read_file

GOOD_RIS = "TY  - JOUR\nTI  - A good trial of drug X\nAB  - We randomised 40 patients.\nER  - \n"


def write(path: Path, data: bytes | str) -> Path:
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(("name", "count"), corpus_counts(), ids=[n for n, _ in corpus_counts()])
def test_every_corpus_fixture_imports_with_its_record_count(name: str, count: int) -> None:
    records, report = read_file(CORPUS / name, name)
    assert report.errors == []
    assert len(records) == count


def test_sample_pages_split_into_fifteen_records_in_page_order() -> None:
    result = ingest_paths([SAMPLE_DOCS])
    gold = [json.loads(line) for line in (Path(__file__).parent / "fixtures/gold/seeds.jsonl").open()]
    assert len(result.records) == len(gold) == 15

    def fold(text: str) -> str:
        return " ".join(text.split()).casefold()

    for record, expected in zip(result.records, gold, strict=True):
        assert record.source.endswith(expected["source"])
        assert fold(expected["anchor"]) in fold(record.text), record.id


def test_ids_are_stable_across_runs_and_working_directories(monkeypatch: pytest.MonkeyPatch) -> None:
    first = [r.id for r in ingest_paths([SAMPLE_DOCS]).records]
    monkeypatch.chdir(SAMPLE_DOCS.parent)
    second = [r.id for r in ingest_paths([Path("sample_docs")]).records]
    assert first == second
    assert first[1] == "sample_docs/001_32af38370ddf4052.txt#1"


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "empty file"),
        (b"   \n\t\n", "empty file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, "binary"),
        (b"<?xml version='1.0'?><PubmedArticleSet><PubmedArticle><MedlineCitation>", "not valid XML"),
        (
            b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
            b"<PubmedArticleSet>&lol2;</PubmedArticleSet>",
            "entit",
        ),
        (b'{"protocolSection": {"identificationModule": ', "not valid JSON"),
    ],
    ids=["empty", "blank", "binary", "truncated-xml", "entity-expansion", "truncated-json"],
)
def test_bad_files_give_one_clear_line_and_the_batch_goes_on(
    tmp_path: Path, content: bytes, words: str
) -> None:
    bad = write(tmp_path / "bad.dat", content)
    good = write(tmp_path / "good.ris", GOOD_RIS)
    result = ingest_paths([bad, good])
    assert len(result.records) == 1
    assert result.records[0].meta.title == "A good trial of drug X"
    [line] = result.errors
    assert line.startswith("bad.dat: ")
    assert words.lower() in line.lower()
    assert "\n" not in line


def test_legacy_encoding_is_decoded_and_reported(tmp_path: Path) -> None:
    text = "Title: Étude randomisée des patients âgés\n\nRésumé: 40 patients traités à Montréal."
    path = write(tmp_path / "latin.txt", text.encode("cp1252"))
    result = ingest_paths([path])
    assert "Étude randomisée" in result.records[0].text
    assert any("not valid UTF-8" in w for w in result.warnings)


def test_utf16_with_bom_is_read(tmp_path: Path) -> None:
    path = write(tmp_path / "u16.ris", GOOD_RIS.encode("utf-16"))
    result = ingest_paths([path])
    assert [r.meta.title for r in result.records] == ["A good trial of drug X"]


def test_a_huge_file_is_refused_without_being_read(tmp_path: Path) -> None:
    huge = tmp_path / "huge.ris"
    with huge.open("wb") as handle:  # sparse: 200 MB on paper, nothing on disk
        handle.truncate(200 * 1024 * 1024)
    result = ingest_paths([huge])
    [line] = result.errors
    assert "too large" in line and "huge.ris" in line


def test_ris_record_without_er_is_kept_with_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path / "noer.ris", GOOD_RIS + "TY  - JOUR\nTI  - Second trial without end\n")
    result = ingest_paths([path])
    assert [r.meta.title for r in result.records] == ["A good trial of drug X", "Second trial without end"]
    assert any("ER" in w for w in result.warnings)


def test_missing_path_is_an_error_line(tmp_path: Path) -> None:
    good = write(tmp_path / "good.ris", GOOD_RIS)
    result = ingest_paths([tmp_path / "nope.ris", good])
    assert len(result.records) == 1
    assert any("nope.ris" in e and "no such file" in e for e in result.errors)


def test_folders_are_read_recursively_and_hidden_files_skipped(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    write(tmp_path / "a" / "b" / "deep.ris", GOOD_RIS)
    write(tmp_path / "a" / ".hidden.ris", GOOD_RIS)
    result = ingest_paths([tmp_path / "a"])
    assert [r.source for r in result.records] == ["a/b/deep.ris"]


def test_escape_sequences_and_markup_in_documents_arrive_as_plain_text(tmp_path: Path) -> None:
    page = (
        "A trial [bold]of[/bold] [link=http://x]drug[/link]\x1b[2J\x1b]8;;http://evil\x07 X\n\n"
        "We treated 12 patients."
    )
    result = ingest_paths([write(tmp_path / "page.txt", page)])
    text = result.records[0].text
    assert "\x1b" not in text and "\x07" not in text
    assert "[bold]of[/bold]" in text  # markup is data; the screen shows it literally


def test_duplicates_across_formats_are_reported_not_dropped() -> None:
    result = ingest_paths([CORPUS / "ris" / "embase.ris", CORPUS / "csv" / "embase.csv"])
    assert len(result.records) == 12
    assert len(result.duplicates) == 6
    assert all(len(g.ids) == 2 for g in result.duplicates)
