"""JSON Lines: flat records and our own extract output import; bad lines are reported, not fatal."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evidence.model import InputError, ParsedRecord
from evidence.readers.jsonl import read
from evidence.source import SourceFile


def parse(text: str) -> tuple[list[ParsedRecord], SourceFile]:
    source = SourceFile(path=Path("x.jsonl"), name="x.jsonl", data=text.encode(), text=text, encoding="utf-8")
    return list(read(source)), source


def lines(*objects: object) -> str:
    return "\n".join(o if isinstance(o, str) else json.dumps(o, ensure_ascii=False) for o in objects) + "\n"


def test_flat_records_use_the_csv_column_names() -> None:
    text = lines(
        {
            "title": "A trial",
            "abstract": "We randomised 40 patients.",
            "authors": ["Arnold, Donald M.", "Lan Yang"],
            "journal": "Blood",
            "year": "2019 Mar 5",
            "doi": "https://doi.org/10.1182/BLOOD.2019",
            "pmid": 31234567,
            "registry_ids": ["nct01234567"],
            "id": "rec-1",
        },
        {"Title": "Second", "Abstract Note": "Text", "Author": "Yang, Z.; Xu, J.", "Publication Year": 2020},
    )
    (first, second), source = parse(text)
    assert first.meta.title == "A trial" and first.body == "We randomised 40 patients."
    assert first.meta.authors == ["Arnold, Donald M.", "Lan Yang"]
    assert first.meta.journal == "Blood" and first.meta.year == 2019
    assert first.meta.doi == "10.1182/blood.2019"
    assert first.meta.pmid == "31234567"
    assert first.meta.registry_ids == ["NCT01234567"]
    assert first.meta.extra["native_id"] == "rec-1"
    assert second.meta.authors == ["Yang, Z.", "Xu, J."] and second.meta.year == 2020
    assert second.body == "Text"
    assert source.warnings == []


def test_text_key_is_the_body_when_there_is_no_abstract() -> None:
    (record,), _ = parse(lines({"title": "T", "text": "Body text"}))
    assert record.body == "Body text" and not record.body_is_page


def test_lists_under_single_valued_keys() -> None:
    obj = {"title": "T", "abstract": ["First paragraph.", "Second."], "doi": ["10.1000/a", "10.1000/b"]}
    (record,), _ = parse(lines(obj))
    assert record.body == "First paragraph.\n\nSecond."
    assert record.meta.doi == "10.1000/a"


def test_own_extract_output_reads_back() -> None:
    line = {
        "id": "sample_docs/itp.txt#3",
        "source": "sample_docs/itp.txt",
        "text": "A title\n\nSmith J\nBlood. 2020\n\nWe gave drug A.",
        "fields": {
            "title": [{"value": "A title", "start": 0, "end": 7, "confidence": 0.97}],
            "authors": [{"value": "Smith J", "start": 9, "end": 16, "confidence": 0.97},
                        {"value": "Doe A", "start": None, "end": None, "confidence": 0.5}],
            "journal": [{"value": "Blood", "start": 17, "end": 22, "confidence": 0.97}],
            "year": [{"value": 2020, "start": 24, "end": 28, "confidence": 0.97}],
            "doi": [],
            "registry_id": [{"value": "NCT01234567", "start": None, "end": None, "confidence": 0.9},
                            {"value": "ISRCTN12345678", "start": None, "end": None, "confidence": 0.9}],
            "sample_size": [{"value": 19, "start": None, "end": None, "confidence": 0.9}],
        },
    }
    (record,), _ = parse(lines(line))
    assert record.body == line["text"] and record.body_is_page  # shown as it was, not recomposed
    assert record.meta.title == "A title"
    assert record.meta.authors == ["Smith J", "Doe A"]  # "many" field: every candidate
    assert record.meta.journal == "Blood"  # not "source", which is the file name
    assert record.meta.year == 2020 and record.meta.doi is None
    assert record.meta.registry_ids == ["NCT01234567", "ISRCTN12345678"]
    assert record.meta.extra["native_id"] == "sample_docs/itp.txt#3"
    assert record.raw_start is None  # the text is JSON-escaped in the line


def test_bad_lines_warn_and_reading_goes_on() -> None:
    text = lines({"title": "One"}, "{not json", "", "[1, 2]", {"colour": "red"}, {"title": "Two"})
    records, source = parse(text.replace("\n", "\r\n"))
    assert [r.meta.title for r in records] == ["One", "Two"]
    assert source.warnings[0].startswith("line 2: not valid JSON: ")
    assert source.warnings[1] == "line 4: not a JSON object"
    assert source.warnings[2].startswith("line 5: no title, abstract or other known key (keys: colour)")


def test_raw_offsets_cover_the_line() -> None:
    second = json.dumps({"title": "Two", "abstract": "x\u2028y"}, ensure_ascii=False)
    text = lines({"title": "One"}, second)
    records, _ = parse(text)
    assert [text[r.raw_start : r.raw_end] for r in records] == ['{"title": "One"}', second]
    assert records[1].body == "x\u2028y"  # U+2028 inside a string does not end the line


@pytest.mark.parametrize(
    "text", ["", "\n\n", "{bad\n", "[1]\n2\n", '{"colour": "red"}\n', '"title"\n', "[" * 100_000]
)
def test_no_good_line_is_an_input_error(text: str) -> None:
    with pytest.raises(InputError, match="no JSON Lines records"):
        parse(text)


def only_input_errors(text: str) -> None:
    """Records or an InputError, and every message stays one line."""
    try:
        _, source = parse(text)
    except InputError as exc:
        assert "\n" not in str(exc)
    else:
        assert not any("\n" in w or "\r" in w for w in source.warnings)


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_random_text_gives_records_or_input_error(text: str) -> None:
    only_input_errors(text)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)
keys = st.sampled_from(["title", "abstract", "authors", "year", "doi", "pmid", "registry_ids", "fields",
                        "text", "id", "journal", "keywords", "value"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.dictionaries(keys, json_values, max_size=6), min_size=1, max_size=4))
def test_odd_values_under_known_keys_never_crash(objects: list[dict[str, object]]) -> None:
    only_input_errors(lines(*objects))
