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


# ---------------------------------------------------------------- held-out weaknesses


def test_a_short_word_of_the_lexicon_counts_in_any_case_an_abbreviation_only_in_capitals() -> None:
    spelled = _conditions("We studied 900 adults.", title="Anaemia and mortality in older adults")
    assert spelled == ["anaemia"]
    lower_all = _conditions("Methods: We studied all 40 adults with gout. Results: all improved.")
    assert "acute lymphoblastic leukemia" not in lower_all


def test_a_case_report_patient_with_a_disease() -> None:
    body = "We report the case of a 68-year-old man with metastatic melanoma who presented with ptosis."
    assert "melanoma" in " ".join(_conditions(body))


def test_the_sample_broken_down_by_disease() -> None:
    body = (
        "Methods: Patients received drug K. Results: Thirty-eight patients were treated (non-small cell "
        "lung cancer, n = 22; colorectal cancer, n = 13; other, n = 3)."
    )
    assert {"non-small cell lung cancer", "colorectal cancer"} <= set(_conditions(body))
    triggers = (
        "Methods: We reviewed 59 adults with HLH. Results: The most common triggers were malignancy "
        "(n = 27) and infection (n = 17)."
    )
    assert "malignancy" not in _conditions(triggers)


def test_a_named_drug_induced_harm_is_not_the_studied_disease() -> None:
    body = "Methods: We treated 12 patients with pembrolizumab-induced myocarditis with abatacept."
    assert "myocarditis" not in _conditions(body)
    generic = "Methods: We followed 600 adults with drug-induced liver injury for 6 months."
    assert "liver injury" in " ".join(_conditions(generic))


def test_a_disease_named_only_in_the_background_is_proposed_weakly() -> None:
    body = (
        "Background: Chronic myeloid leukaemia (CML) in deep remission may allow stopping treatment. "
        "Methods: 241 patients were randomly assigned to stop or to de-escalate. Results: 57% stayed "
        "in remission."
    )
    record = build_record(ParsedRecord(meta=Metadata(), body=body), "t.xml", "pubmed_xml", 1)
    candidates = extract(record, {}).get("condition", [])
    assert [c.value.lower() for c in candidates] == ["chronic myeloid leukaemia"]
    assert candidates[0].confidence < 0.5


def test_a_defined_disease_of_a_population_and_its_short_form() -> None:
    body = (
        "Background: Multisystem inflammatory syndrome in children (MIS-C) follows infection. "
        "Case presentation: A 7-year-old boy had fever. Conclusions: MIS-C can cause aneurysms."
    )
    names = _conditions(body, title="Multisystem inflammatory syndrome in a 7-year-old boy")
    assert names and names[0].lower().startswith("multisystem inflammatory syndrome")


def test_a_cell_letter_does_not_make_a_disease_a_proper_name() -> None:
    body = "Methods: We analysed 152 patients with large B-cell lymphoma (LBCL) given drug K."
    assert "large B-cell lymphoma" in _conditions(body)
