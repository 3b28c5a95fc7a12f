"""Follow-up: a statistic or range of how long patients were followed; response durations are not."""

from __future__ import annotations

from evidence.extract.followup import extract
from evidence.model import Metadata, ParsedRecord
from evidence.records import build_record


def _follow(body: str, fmt: str = "pubmed_xml") -> dict | None:
    record = build_record(ParsedRecord(meta=Metadata(), body=body), "t.xml", fmt, 1)
    candidates = extract(record, {}).get("follow_up")
    if not candidates:
        return None
    best = candidates[0]
    assert best.start is not None and "follow" in record.text[best.start : best.end].lower()
    return best.value


def test_median_follow_up_of() -> None:
    assert _follow("Results: After a median follow-up of 30 months, 12 patients had died.") == {
        "stat": "median",
        "value": 30,
        "low": None,
        "high": None,
        "unit": "months",
    }


def test_median_follow_up_with_range_before_unit() -> None:
    assert _follow("Methods: We enrolled 40 patients. Results: Median follow-up was 14 (2-60) months.") == {
        "stat": "median",
        "value": 14,
        "low": 2,
        "high": 60,
        "unit": "months",
    }


def test_bracketed_range_after_unit() -> None:
    assert _follow("Results: After a median follow-up of 22 months [range 3-88], two patients died.") == {
        "stat": "median",
        "value": 22,
        "low": 3,
        "high": 88,
        "unit": "months",
    }


def test_mean_follow_up_with_sd() -> None:
    assert _follow("Results: The mean follow-up time was 3.5 ± 1.2 years.") == {
        "stat": "mean",
        "value": 3.5,
        "low": None,
        "high": None,
        "unit": "years",
    }


def test_followed_for_a_median_of() -> None:
    assert _follow("Methods: Patients were followed up for a median of 26 months.") == {
        "stat": "median",
        "value": 26,
        "low": None,
        "high": None,
        "unit": "months",
    }


def test_follow_up_range() -> None:
    assert _follow("Results: Follow-up ranged from 6 to 48 months.") == {
        "stat": "range",
        "value": None,
        "low": 6,
        "high": 48,
        "unit": "months",
    }


# ---------------------------------------------------------------- near-misses


def test_response_duration_is_not_follow_up() -> None:
    assert (
        _follow("Results: Twelve patients responded, with responses lasting a median of 20 months.") is None
    )


def test_minimum_follow_up_is_one_sided() -> None:
    assert _follow("Methods: Patients with at least 12 months of follow-up were included.") is None


def test_registry_time_frame_is_not_follow_up() -> None:
    body = (
        "Brief Summary\nDrug K in adults.\n\n"
        "Primary Outcome Measures\n- Response (follow-up of 12 months)\n\n"
        "Secondary Outcome Measures\n- Relapse (median follow-up of 24 months)"
    )
    assert _follow(body, fmt="ctgov_json") is None


def test_time_point_visit_is_not_follow_up() -> None:
    assert _follow("Results: At the 12-month follow-up visit, 40% of patients were in remission.") is None


def _follow_found(body: str, design: str, title: str | None = None) -> dict | None:
    from evidence.extract.candidate import Candidate

    record = build_record(ParsedRecord(meta=Metadata(title=title), body=body), "t.xml", "pubmed_xml", 1)
    found = {"study_design": [Candidate(design, None, None, 0.9, "test")]}
    candidates = extract(record, found).get("follow_up")
    return candidates[0].value if candidates else None


def test_a_case_reports_visit_is_its_patients_follow_up() -> None:
    body = "A 7-year-old boy had fever. He was treated with drug K, and at 6-month follow-up he was well."
    value = _follow_found(body, "case_report")
    assert value is not None and (value["value"], value["unit"]) == (6, "months")
    trial = "Methods: 80 adults were randomised. Results: At 6-month follow-up, 40% had relapsed."
    assert _follow_found(trial, "rct") is None  # a trial's visit is a time point


def test_a_stated_horizon_of_the_results() -> None:
    value = _follow_found(
        "Methods: Fifty-four men were treated. Results: Bleeding fell.",
        "nonrandomized_trial",
        title="Gene therapy in adults with haemophilia B: 3-year results of an open-label study",
    )
    assert value is not None and (value["value"], value["unit"]) == (3, "years")
    stated = _follow_found(
        "Results: After a median follow-up of 30 months, 12 had died. Conclusions: More follow-up is needed.",
        "rct",
    )
    assert stated is not None and stated["value"] == 30


def test_during_weeks_of_follow_up() -> None:
    value = _follow("Results: During 10 weeks of follow-up, 653,110 participants received a booster.")
    assert value == {"stat": "single", "value": 10, "low": None, "high": None, "unit": "weeks"}
