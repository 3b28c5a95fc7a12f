"""Web of Science plain-text reader: record counts, fields, continuation lines, malformed input."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidence.model import InputError, ParsedRecord
from evidence.readers import wos
from evidence.source import SourceFile, load

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
FOLDER = "wos_plaintext"


def _counts(folder: str) -> list[tuple[str, int]]:
    rows = []
    for line in (CORPUS / "counts.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        name, count = line.split("\t")
        if name.startswith(folder + "/"):
            rows.append((name, int(count)))
    return rows


def _source(name: str) -> SourceFile:
    path = CORPUS / name
    return load(path, path.name)


def _snippet(text: str) -> SourceFile:
    return SourceFile(
        path=Path("x.txt"), name="x.txt", data=text.encode("utf-8"), text=text, encoding="utf-8"
    )


def _read_text(text: str) -> tuple[list[ParsedRecord], list[str]]:
    source = _snippet(text)
    return list(wos.read(source)), source.warnings


@pytest.mark.parametrize(("name", "count"), _counts(FOLDER))
def test_record_count_matches_counts_tsv(name: str, count: int) -> None:
    assert len(list(wos.read(_source(name)))) == count


def test_example_record_fields() -> None:
    source = _source("wos_plaintext/example_wos.ris")
    first, second = list(wos.read(source))
    meta = first.meta
    # TI continues on a 3-space-indented line: joined with one space.
    assert meta.title == (
        "Interactions stabilizing the structure of the core light-harvesting complex (LHl) "
        "of photosynthetic bacteria and its subunit (B820)"
    )
    # AF (full names) with one name per continuation line.
    assert meta.authors == ["Parkes-Loach, PS", "Majeed, AP", "Law, CJ", "Loach, PA"]
    assert meta.journal == "BIOCHEMISTRY"
    assert meta.year == 2004
    assert meta.doi == "10.1021/bi049798f"
    assert meta.pmid == "15170338"
    assert meta.extra["native_id"] == "WOS:000221807500019"
    assert meta.extra["publication_types"] == ["Article"]
    # Keywords Plus ("ID"), "; "-separated over wrapped lines.
    assert meta.extra["keywords"][:3] == [
        "CHEMICALLY SYNTHESIZED POLYPEPTIDES",
        "IN-VITRO RECONSTITUTION",
        "AMINO-ACID-SEQUENCE",
    ]
    assert len(meta.extra["keywords"]) == 10
    assert first.body.startswith(
        "Reconstitution experiments with a chemically synthesized core light-harvesting"
    )
    assert len(second.meta.authors) == 9
    assert second.meta.pmid == "15170339"
    # Offsets: from "PT J" (not the FN/VR header) to the record's ER line.
    raw = source.text[first.raw_start : first.raw_end]
    assert raw.startswith("PT J\nAU Parkes-Loach, PS")
    assert raw.endswith("\nER")
    assert source.warnings == []


def test_au_when_there_is_no_af_and_year_from_early_access() -> None:
    text = "FN Clarivate\nVR 1.0\nPT J\nAU Smith, J\n   Doe, A\nTI A title\nEA JAN 2021\nER\n\nEF\n"
    [rec], warnings = _read_text(text)
    assert rec.meta.authors == ["Smith, J", "Doe, A"]
    assert rec.meta.year == 2021
    assert warnings == []


def test_missing_er_at_end_of_file() -> None:
    [rec], warnings = _read_text("PT J\nTI Last one\nAB Text\n   wrapped\n")
    assert rec.meta.title == "Last one"
    assert rec.body == "Text wrapped"
    assert warnings == ["record 1: no ER line at end of file"]


def test_crlf_and_byte_order_mark() -> None:
    text = "\ufeffFN Clarivate\r\nVR 1.0\r\nPT J\r\nTI Crlf\r\n   title\r\nPY 1999\r\nER\r\n\r\nEF\r\n"
    [rec], _ = _read_text(text)
    assert (rec.meta.title, rec.meta.year) == ("Crlf title", 1999)


@pytest.mark.parametrize(
    "text",
    ["", "FN Clarivate\nVR 1.0\nEF\n", "TY  - JOUR\nTI  - An RIS record\nER  - \n", "plain prose"],
)
def test_no_records_is_an_input_error(text: str) -> None:
    with pytest.raises(InputError):
        list(wos.read(_snippet(text)))


def test_ris_file_is_not_wos() -> None:
    with pytest.raises(InputError):
        list(wos.read(_source("ris/example_extraneous_data.ris")))


_SAMPLE = (CORPUS / FOLDER / "example_wos.ris").read_text(encoding="utf-8")[:4000] + "\nER\nEF\n"


def _try(text: str) -> None:
    try:
        records = list(wos.read(_snippet(text)))
    except InputError:
        return
    for rec in records:
        assert rec.raw_start is not None and rec.raw_end is not None
        assert 0 <= rec.raw_start <= rec.raw_end <= len(text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_random_text_gives_records_or_input_error(text: str) -> None:
    _try(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.integers(0, len(_SAMPLE)),
            st.integers(0, 40),
            st.text(alphabet=st.sampled_from(list("ERAUFTI \n\r\ufeff")), max_size=12),
        ),
        max_size=8,
    )
)
def test_mutated_fixture_gives_records_or_input_error(edits: list[tuple[int, int, str]]) -> None:
    text = _SAMPLE
    for at, length, insert in edits:
        text = text[:at] + insert + text[at + length :]
    _try(text)
