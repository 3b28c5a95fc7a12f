"""Age: statistics, two-sided ranges, one patient's age; eligibility bounds and durations are not ages."""

from __future__ import annotations

from evidence.extract.population import extract
from evidence.model import Metadata, ParsedRecord
from evidence.records import build_record


def _age(body: str) -> dict | None:
    record = build_record(ParsedRecord(meta=Metadata(), body=body), "t.xml", "pubmed_xml", 1)
    candidates = extract(record, {}).get("age")
    if not candidates:
        return None
    best = candidates[0]
    assert best.start is not None and best.end is not None
    assert any(ch.isdigit() for ch in record.text[best.start : best.end])
    return best.value


def test_median_with_range_after_value() -> None:
    value = _age("Results: Forty patients were included, with a median age of 38 (19-71) years.")
    assert value == {"stat": "median", "value": 38, "low": 19, "high": 71, "unit": "years"}


def test_median_with_bracketed_range() -> None:
    value = _age("Results: Fifty adults (median age 61 years [range 40 - 79]) were enrolled.")
    assert value == {"stat": "median", "value": 61, "low": 40, "high": 79, "unit": "years"}


def test_mean_with_sd_has_no_range() -> None:
    value = _age("Methods: We enrolled 80 adults; mean age was 47.2 ± 9.8 years.")
    assert value == {"stat": "mean", "value": 47.2, "low": None, "high": None, "unit": "years"}


def test_median_in_months_for_infants() -> None:
    value = _age("Results: We studied 25 infants with a median age of 7 months.")
    assert value == {"stat": "median", "value": 7, "low": None, "high": None, "unit": "months"}


def test_median_picks_up_range_stated_later_in_sentence() -> None:
    value = _age("Results: The median age was 12 years; ages ranged from 3 to 17 years.")
    assert value == {"stat": "median", "value": 12, "low": 3, "high": 17, "unit": "years"}


def test_aged_range() -> None:
    value = _age("Methods: We recruited 60 volunteers aged 20 to 45 years.")
    assert value == {"stat": "range", "value": None, "low": 20, "high": 45, "unit": "years"}


def test_population_parenthesis_range() -> None:
    value = _age("We analyzed the safety of drug K in the adolescent population (12-18 years).")
    assert value == {"stat": "range", "value": None, "low": 12, "high": 18, "unit": "years"}


def test_single_patient_age() -> None:
    value = _age("Case: A 58-year-old woman presented with a rash. She recovered after drug K.")
    assert value == {"stat": "single", "value": 58, "low": None, "high": None, "unit": "years"}


# ---------------------------------------------------------------- near-misses


def test_one_sided_eligibility_bound_is_not_an_age() -> None:
    assert _age("Methods: Adults aged ≥ 18 years were eligible. We enrolled 40 patients.") is None
    assert _age("Methods: We included 30 patients under 16 years of age.") is None


def test_durations_are_not_ages() -> None:
    assert (
        _age("Methods: We followed 50 patients for 3 years. Patient 1 had a 10 year history of gout.") is None
    )


def test_several_patients_described_one_by_one_have_no_single_age() -> None:
    body = "We treated three patients. Patient 1 is a 40 year old man. Patient 2 is a 65 year old woman."
    assert _age(body) is None


def test_scars_years_old_are_not_a_patient_age() -> None:
    assert _age("Results: Acne scars less than 2 years old faded after treatment in our 30 patients.") is None


def test_a_statistic_in_brackets_after_an_age_range() -> None:
    value = _age("Results: Patients were aged 18–79 years (median 45); 124 (64.6%) were women.")
    assert value == {"stat": "median", "value": 45, "low": 18, "high": 79, "unit": "years"}
    outside = _age("Results: Patients were aged 18–79 years (median follow-up 12 months).")
    assert outside == {"stat": "range", "value": None, "low": 18, "high": 79, "unit": "years"}


def test_a_registry_pages_two_sided_eligible_ages() -> None:
    record = build_record(
        ParsedRecord(
            meta=Metadata(),
            body=(
                "Brief Summary\nWe will test drug K.\nStudy Type: INTERVENTIONAL\n"
                "Eligibility Criteria\nAges Eligible for Study: 6 Years to 17 Years\n"
            ),
            body_is_page=True,
        ),
        "p.txt",
        "text",
        1,
    )
    [best, *_] = extract(record, {})["age"]
    assert best.value == {"stat": "range", "value": None, "low": 6, "high": 17, "unit": "years"}
    one_sided = build_record(
        ParsedRecord(
            meta=Metadata(),
            body=(
                "Brief Summary\nWe will test drug K.\nStudy Type: INTERVENTIONAL\n"
                "Ages Eligible for Study: 18 Years and older\n"
            ),
            body_is_page=True,
        ),
        "p.txt",
        "text",
        1,
    )
    assert "age" not in extract(one_sided, {})


def test_maternal_age_iqr_with_dots_and_a_range_after_the_noun() -> None:
    assert _age("Results: The median maternal age was 28 years (range 18-41).") == {
        "stat": "median", "value": 28, "low": 18, "high": 41, "unit": "years"
    }
    assert _age("Results: A total of 212 children were randomised; median age 9 (i.q.r. 7–12) years.") == {
        "stat": "median", "value": 9, "low": 7, "high": 12, "unit": "years"
    }
    assert _age("Methods: We pooled trials in children 0-18 years. Results: 23 trials were included.") == {
        "stat": "range", "value": None, "low": 0, "high": 18, "unit": "years"
    }
    assert _age("Methods: Patients 12 weeks after surgery were seen.") is None
