"""Condition: the studied diseases as written; comorbidities, complications and background are left out."""

from __future__ import annotations

from evidence.extract.population import extract
from evidence.model import Metadata, ParsedRecord
from evidence.records import build_record


def _conditions(body: str, title: str | None = None, fmt: str = "pubmed_xml", **extra: object) -> list[str]:
    record = build_record(
        ParsedRecord(meta=Metadata(title=title, extra=dict(extra)), body=body), "t.xml", fmt, 1
    )
    candidates = extract(record, {}).get("condition", [])
    for c in candidates:
        assert c.start is None or record.text[c.start : c.end].strip()
    return [c.value for c in candidates]


def test_title_disease() -> None:
    assert _conditions("We enrolled 30 adults. Pain fell.", title="Drug K for chronic gout flares") == [
        "gout"
    ]


def test_abbreviation_reported_as_its_long_form() -> None:
    body = (
        "Background: Multiple myeloma (MM) is common in older adults. Methods: We enrolled 40 patients with "
        "newly diagnosed MM in this trial."
    )
    assert _conditions(body) == ["multiple myeloma"]


def test_defined_abbreviation_beats_the_lexicon_reading() -> None:
    body = (
        "Methods: We studied 20 children with rare congenital cytopenia (RCC). Results: Children with RCC "
        "improved after drug K."
    )
    names = _conditions(body)
    assert "renal cell carcinoma" not in names
    assert "rare congenital cytopenia" in names


def test_disease_no_lexicon_lists_from_population_phrase() -> None:
    body = "Methods: We enrolled 25 patients with Kimura disease treated with drug K. Results: All improved."
    assert _conditions(body) == ["kimura disease"]


def test_two_studied_diseases() -> None:
    body = "Methods: Eighteen patients with psoriasis and 12 patients with vitiligo were included."
    assert _conditions(body) == ["psoriasis", "vitiligo"]


def test_british_spelling_matches() -> None:
    assert _conditions("We studied 30 children with sickle cell anaemia in this audit.") == [
        "sickle cell anaemia"
    ]


def test_registry_conditions_from_metadata() -> None:
    body = "Brief Summary\nDrug K in adults.\n\nConditions: Gout; Hyperuricemia"
    names = _conditions(body, fmt="ctgov_json", conditions=["Gout", "Hyperuricemia"])
    assert names == ["Gout", "Hyperuricemia"]


# ---------------------------------------------------------------- near-misses


def test_comorbidity_history_is_left_out() -> None:
    body = (
        "Methods: We enrolled 30 patients with asthma. A history of hypertension or diabetes mellitus "
        "was common. "
        "Results: Lung function improved."
    )
    assert _conditions(body) == ["asthma"]


def test_complication_after_treatment_is_left_out() -> None:
    body = "Methods: Forty patients with psoriasis were included. Results: Two patients developed pneumonia."
    assert _conditions(body) == ["psoriasis"]


def test_background_only_disease_is_left_out() -> None:
    body = (
        "Background: Diabetes mellitus and obesity are rising worldwide. Methods: We enrolled 50 adults "
        "with gout in this trial."
    )
    assert _conditions(body) == ["gout"]


def test_lower_case_all_is_not_a_leukaemia() -> None:
    body = "Methods: We enrolled 50 adults with asthma; all patients received drug K."
    assert _conditions(body) == ["asthma"]


def test_trial_named_after_a_disease_is_not_a_disease() -> None:
    body = (
        "Methods: Data came from the Northern Lakes Acute Stroke Registry (NLASR). "
        "We studied 300 patients with stroke."
    )
    assert _conditions(body) == ["stroke"]


def test_diagnosis_is_not_a_disease_word() -> None:
    body = "Methods: We enrolled 40 patients with histological diagnosis of glioma."
    assert "histological diagnosis" not in _conditions(body)
