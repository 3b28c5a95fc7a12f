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


# ---------------------------------------------------------------- held-out weaknesses


def test_n_of_total_before_the_percent() -> None:
    body = (
        "Methods: Children were randomised. Results: Clinical cure occurred in 46 of 52 children (88.5%) "
        "in the 3-day group and 45 of 52 (86.5%) in the 7-day group."
    )
    assert set(_numbers(body)) == {(88.5, "%", 46, 52), (86.5, "%", 45, 52)}


def test_coordinated_fractions_share_their_noun() -> None:
    body = (
        "Methods: Adults were randomised. Results: Molecular recurrence occurred in 51 of 120 and 43 of 121 "
        "patients, respectively."
    )
    assert set(_numbers(body)) == {(None, None, 51, 120), (None, None, 43, 121)}


def test_relative_changes_and_statistics_are_not_shares_of_patients() -> None:
    body = (
        "Methods: We pooled 8 trials. Results: Drug K reduced hospitalisation by 32% (HR 0.68; I² = 12%) "
        "and cardiovascular death by 15%. HbA1c fell by 0.9% with diet A and 0.8% with diet B "
        "(difference −0.1%). Genital infections were more frequent (6.0% vs 1.5%)."
    )
    assert sorted(o["value"] for o in _outcomes(body)) == [1.5, 6.0]
    achieved = "Methods: We treated 57 adults. Results: The primary endpoint was achieved by 81% of subjects."
    assert [o["value"] for o in _outcomes(achieved)] == [81.0]


def test_diagnostic_accuracy_at_a_cut_off_is_a_result() -> None:
    body = (
        "Methods: We enrolled 145 children. Results: A cut-off of 150 ng/mL had a sensitivity of 83% and "
        "a specificity of 79%."
    )
    assert sorted(o["value"] for o in _outcomes(body)) == [79.0, 83.0]
    threshold = "Methods: We enrolled 145 children. Results: Response was defined as a fall of more than 50%."
    assert _outcomes(threshold) == []


def test_an_event_diagnosed_during_follow_up_is_a_result() -> None:
    body = (
        "Methods: We matched 31 cases to 62 controls. Results: Catheter removal was required in 12 of 31 "
        "cases (38.7%), and post-thrombotic syndrome was diagnosed in 3 cases (9.7%) at 2 years."
    )
    assert set(_numbers(body)) == {(38.7, "%", 12, 31), (9.7, "%", 3, 31)}  # 3/31 is the implied total


def test_triggers_and_aetiologies_are_baseline() -> None:
    body = (
        "Methods: We reviewed 59 adults. Results: The most common triggers were malignancy (n = 27, 45.8%), "
        "infection (n = 17, 28.8%) and autoimmune disease (n = 6, 10.2%). The response rate was 61.0%."
    )
    assert [o["value"] for o in _outcomes(body)] == [61.0]


def test_an_exposure_stated_in_its_own_clause_beside_baseline_facts() -> None:
    body = (
        "Methods: Children were randomised. Results: 104 (92.9%) completed the trial and were analysed "
        "(median age, 2.6 years; 58 [55.8%] girls)."
    )
    assert [o["value"] for o in _outcomes(body)] == [92.9]
    prior = (
        "Methods: We reviewed 31 adults. Results: Previous treatments also included at least one "
        "immunosuppressant therapy (16/31, 52%)."
    )
    assert _outcomes(prior) == []


def test_a_rate_per_100_and_a_range_of_rates() -> None:
    body = "Methods: We followed 598 adults. Results: DILI had an incidence of 14.2 per 100 person-years."
    assert [(o["value"], o["unit"]) for o in _outcomes(body)] == [(14.2, "per 100 person-years")]
    ranged = "Methods: We pooled 14 studies. Results: Incidence ranged from 0 to 1.3 per 100 person-years."
    assert _outcomes(ranged) == []


def test_shares_of_lesions_or_samples_are_not_shares_of_patients() -> None:
    body = "Methods: We imaged 60 women. Results: The halo sign was seen in 58% lesions on DBT."
    assert _outcomes(body) == []
    patients = "Methods: We imaged 60 women. Results: The halo sign was detected in 58% of patients."
    assert [o["value"] for o in _outcomes(patients)] == [58.0]


def test_shares_of_named_isolates_are_not_shares_of_patients() -> None:
    body = (
        "Methods: We enrolled 2,312 infants. Results: Mortality was 37.5% with sepsis. Ampicillin resistance "
        "was found in 71% of E. coli isolates."
    )
    assert [o["value"] for o in _outcomes(body)] == [37.5]
