"""Format detection trusts content over the file name."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS, corpus_counts

from evidence.detect import detect_format
from evidence.model import InputError

FOLDER_FORMAT = {
    "ris": "ris",
    "nbib": "medline",
    "pubmed_xml": "pubmed_xml",
    "endnote_xml": "endnote_xml",
    "csv": "csv",
    "wos_plaintext": "wos",
}


@pytest.mark.parametrize("name", [n for n, _ in corpus_counts()])
def test_every_fixture_is_detected_as_the_format_of_its_folder(name: str) -> None:
    path = CORPUS / name
    text = path.read_bytes().decode("utf-8-sig", errors="replace")
    folder = name.split("/")[0]
    expected = FOLDER_FORMAT.get(folder) or ("ctgov_xml" if name.endswith(".xml") else "ctgov_json")
    assert detect_format(text, path) == expected


def test_misnamed_files_are_detected_by_content() -> None:
    assert detect_format((CORPUS / "wos_plaintext/example_wos.ris").read_text(), Path("x.ris")) == "wos"
    assert detect_format((CORPUS / "nbib/_baseline_pubmed.ris").read_text(), Path("x.ris")) == "medline"
    assert detect_format((CORPUS / "ris/pubmed_endnote.txt").read_text(), Path("x.txt")) == "ris"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A study of drug X in 40 patients.\n\nResults: it worked.", "text"),
        ('{"title": "A", "abstract": "B"}\n{"title": "C", "abstract": "D"}\n', "jsonl"),
        ("title,abstract,doi\nA,B,10.1/x\n", "csv"),
        ("Title\tAbstract\nA\tB\n", "csv"),
        ("Title: Gene therapy in adults with haemophilia B: 3-year results of an open-label, single-arm "
         "study\nAuthors: A. B, C. D\n\nAbstract\nWe treated 54 men.\n", "text"),
        ("PMID- 123\nTI  - A title\n", "medline"),
        ("\n\nTY  - JOUR\nTI  - x\nER  - \n", "ris"),
    ],
)
def test_small_examples(text: str, expected: str) -> None:
    assert detect_format(text, None) == expected


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("<?xml version='1.0'?><html><body>x</body></html>", "XML of an unknown kind"),
        ('{"name": "not a study"', "JSON"),
    ],
)
def test_unknown_structured_content_is_refused_clearly(text: str, words: str) -> None:
    with pytest.raises(InputError, match=words):
        detect_format(text, None)


def test_a_structured_extension_with_prose_inside_is_refused() -> None:
    with pytest.raises(InputError, match="not in that format"):
        detect_format("Just some words that are not RIS at all.", Path("refs.ris"))
