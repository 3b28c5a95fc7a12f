"""The population family as a whole: field order, value types of the contract, spans, shared scan."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from evidence.extract.followup import extract as followup_extract
from evidence.extract.population import extract
from evidence.extract.population_scan import count_before, scan
from evidence.model import Metadata, ParsedRecord, Record
from evidence.records import build_record
from evidence.spec import is_valid_value

_BODY = (
    "Objective: To evaluate drug K in adults with relapsed gout. "
    "Methods: A total of 40 patients (22 men and 18 women) with a median age of 56 (31-78) years "
    "were enrolled. "
    "Results: Pain fell in 30 of 40 patients. Conclusion: Drug K helps."
)


def _record(body: str, title: str | None = None) -> Record:
    return build_record(ParsedRecord(meta=Metadata(title=title), body=body), "t.xml", "pubmed_xml", 1)


def test_every_field_in_the_contract_types() -> None:
    record = _record(_BODY, title="Drug K for relapsed gout")
    out = extract(record, {})
    assert set(out) == {"sample_size", "age", "sex", "condition", "disease_status"}
    for name, candidates in out.items():
        for candidate in candidates:
            assert is_valid_value(name, candidate.value), (name, candidate.value)
            assert 0 <= candidate.confidence <= 1
            assert candidate.start is not None and candidate.end is not None
            assert record.text[candidate.start : candidate.end].strip()
    assert out["sample_size"][0].value == 40
    assert out["sex"][0].value == {"male": 22, "female": 18}
    assert out["age"][0].value == {"stat": "median", "value": 56, "low": 31, "high": 78, "unit": "years"}
    assert [c.value for c in out["condition"]] == ["gout"]
    assert [c.value for c in out["disease_status"]] == ["relapsed"]


def test_sex_share_uses_the_sample_size_found_first() -> None:
    out = extract(_record("Methods: A total of 50 adults with asthma were included; 40% were female."), {})
    assert out["sex"][0].value == {"male": 30, "female": 20}


def test_design_from_an_earlier_family_is_read() -> None:
    body = (
        "Methods: A total of 210 patients were analysed for drug K. "
        "A total of 180 patients were analysed for drug L."
    )
    record = _record(body)
    design = {"study_design": [type("C", (), {"value": "meta_analysis"})()]}
    assert "sample_size" not in extract(record, design)  # type: ignore[arg-type]
    assert extract(record, {})["sample_size"][0].value in (210, 180)


def test_empty_record_gives_nothing() -> None:
    assert extract(_record(" "), {}) == {}


def test_text_without_a_study_gives_nothing() -> None:
    assert (
        extract(_record("Dinosaur eggshell porosity tells us about nesting in the Late Cretaceous."), {})
        == {}
    )


def test_scan_is_computed_once_per_record() -> None:
    record = _record(_BODY)
    assert scan(record) is scan(record)


def test_scan_finds_nouns_with_their_counts() -> None:
    shared = scan(_record("Methods: We enrolled Thirty-one adults and 1,204 children."))
    counted = [(n.word, n.count) for n in shared.nouns if n.count]
    assert counted == [("adults", 31), ("children", 1204)]


def test_count_before_skips_modifiers_but_not_verbs() -> None:
    text = "we treated five refractory gout patients"
    assert count_before(text, text, text.index("patients"), 0) == (5, text.index("five"))
    text = "Twenty centers enrolled consecutive patients"
    assert count_before(text, text.lower(), text.index("patients"), 0) is None


_PIECES = [
    "patients",
    "with",
    "refractory",
    "(",
    ")",
    "23",
    "Thirty-one",
    "median age",
    "follow-up",
    "of",
    "women",
    "65%",
    "M/F",
    "10/13",
    "ITP",
    "(ITP)",
    "immune thrombocytopenic purpura",
    "were included",
    ".",
    "\n",
    "-",
    "A 45-year-old",
    "years",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=40), st.text(max_size=30))
def test_any_text_gives_valid_candidates(pieces: list[str], noise: str) -> None:
    record = _record(" ".join(pieces) + noise)
    out = extract(record, {})
    out.update(followup_extract(record, {}))
    for name, candidates in out.items():
        for candidate in candidates:
            assert is_valid_value(name, candidate.value)
            assert 0 <= candidate.confidence <= 1
            if candidate.start is not None:
                assert 0 <= candidate.start < (candidate.end or 0) <= len(record.text)
