"""Outcome family: results for the study's own patients, and the numbers that only look like them."""

from __future__ import annotations

from evidence.extract.candidate import Candidate
from evidence.extract.outcome_numbers import implied_total, to_int
from evidence.extract.outcomes import extract
from evidence.model import Metadata, ParsedRecord, Record
from evidence.records import build_record


def _record(body: str, title: str | None = None, fmt: str = "pubmed_xml") -> Record:
    return build_record(ParsedRecord(meta=Metadata(title=title), body=body), "t.xml", fmt, 1)


def _outcomes(body: str, found: dict[str, list[Candidate]] | None = None) -> list[dict]:
    record = _record(body)
    return [c.value for c in extract(record, found or {})["outcome"]]


def _numbers(body: str) -> list[tuple]:
    return [(o["value"], o["unit"], o["n"], o["total"]) for o in _outcomes(body)]


def test_percent_with_fraction_and_timepoint() -> None:
    record = _record(
        "Methods: We treated 30 adults. Results: At 12 weeks, the complete remission rate was 40.0% (12/30)."
    )
    [candidate] = extract(record, {})["outcome"]
    assert candidate.value == {
        "name": "complete remission rate",
        "value": 40.0,
        "unit": "%",
        "n": 12,
        "total": 30,
        "timepoint": "12 weeks",
    }
    assert record.text[candidate.start : candidate.end] == "the complete remission rate was 40.0% (12/30)"


def test_count_before_percent_and_of_total() -> None:
    assert _numbers("Results: Of 25 patients, 15 (60%) achieved a major response.") == [(60.0, "%", 15, 25)]
    assert _numbers("Results: Adverse events were reported in thirty (75%) subjects.") == [
        (75.0, "%", 30, None)
    ]


def test_implied_denominator_only_when_stated_in_the_sentence() -> None:
    body = "Results: Of 40 patients, 20 (50%) responded, and later 5 (25.0%) lost their response."
    assert (25.0, "%", 5, 20) in _numbers(body)
    assert implied_total(25.0, 5, {20, 40}) == 20
    assert implied_total(50.0, 5, {40}) is None


def test_explicit_fractions_without_percent() -> None:
    assert _numbers("Results: Seven of 12 patients developed chronic disease.") == [(None, None, 7, 12)]
    assert _numbers("Results: Of the 9 relapsing patients, 4 responded to a second course.") == [
        (None, None, 4, 9)
    ]


def test_median_survival_and_rate_per_population() -> None:
    assert _numbers("Results: The median overall survival was 14.5 months.") == [(14.5, "months", None, None)]
    numbers = _numbers("Results: The incidence was 3.1/1000 live birth in our cohort.")
    assert numbers == [(3.1, "per 1000 live births", None, None)]


def test_confidence_intervals_ranges_and_spreads_are_not_outcomes() -> None:
    assert _numbers("Results: Response was achieved by 70% of patients (95% CI: 60-80%).") == [
        (70.0, "%", None, None)
    ]
    assert _numbers("Results: Clearance rates ranged from 40% to 90% across sites.") == []
    assert _numbers("Results: The response rate improved by 10–15% in the treated arm.") == []
    assert _numbers("Results: The 2-year survival rate was 71%±8%.") == [(71.0, "%", None, None)]


def test_thresholds_and_shares_of_non_patients_are_not_outcomes() -> None:
    assert _numbers("Results: Ten patients responded on more than 75% of their visits.") == []
    assert _numbers("Results: A 5% dextrose solution was infused and response occurred in 8 patients.") == []


def test_baseline_characteristics_are_not_outcomes() -> None:
    body = (
        "Results: Forty patients (55% female) were included. Twelve (30%) had previously received "
        "rituximab. Before transplantation, 45% were in complete remission. The overall "
        "response rate was 65%."
    )
    assert _numbers(body) == [(65.0, "%", None, None)]


def test_exposure_after_entry_is_an_outcome_but_presentation_is_not() -> None:
    body = (
        "Results: Most patients (85%) were treated with dexamethasone. The commonest presentations "
        "were petechiae (60%) and epistaxis (30%)."
    )
    assert _numbers(body) == [(85.0, "%", None, None)]


def test_methods_and_background_numbers_are_not_outcomes() -> None:
    body = (
        "Background: Up to 30% of patients relapse after first-line therapy. Methods: Patients with at least "
        "50% marrow blasts were excluded; the study had 80% power. Results: Remission was seen in 10 (50%)."
    )
    assert _numbers(body) == [(50.0, "%", 10, None)]


def test_other_studies_and_registrations_hold_no_results() -> None:
    assert (
        _numbers("Methods: Twenty patients will be enrolled. A previous study found a response rate of 70%.")
        == []
    )
    registry = _record(
        "Brief Summary\nA phase 2 trial found that 6 of 10 patients respond.\n"
        "Primary Outcome Measures\nOverall response rate at 6 months.",
        fmt="ctgov_json",
    )
    assert extract(registry, {})["outcome"] == []


def test_case_report_percentages_are_laboratory_values() -> None:
    found = {"study_design": [Candidate("case_report", None, None, 0.9)]}
    assert _outcomes("Results: Her neutrophils were 80% and lymphocytes 15%; she responded.", found) == []


def test_review_includes_results_of_included_trials() -> None:
    found = {"study_design": [Candidate("meta_analysis", None, None, 0.9)]}
    outcomes = _outcomes("Results: A randomized trial by Lee et al. reported a response rate of 44%.", found)
    assert [o["value"] for o in outcomes] == [44.0]
    not_review = _outcomes("Results: A randomized trial by Lee et al. reported a response rate of 44%.")
    assert not_review == []


def test_conclusion_restating_a_result_is_not_a_second_result() -> None:
    body = "Results: The response rate was 62%. Conclusions: With a response rate of 62%, the drug is active."
    assert _numbers(body) == [(62.0, "%", None, None)]


def test_group_label_borrows_the_measure() -> None:
    outcomes = _outcomes(
        "Results: The response rate was 60% (6/10) in the high-dose group vs 30% (3/10) "
        "of the low-dose group."
    )
    assert [o["name"] for o in outcomes] == [
        "response rate, high-dose group",
        "response rate, low-dose group",
    ]


def test_word_numbers() -> None:
    assert to_int("Thirty-one") == 31
    assert to_int("nineteen") == 19
    assert to_int("1,024") == 1024
    assert to_int("often") is None
