"""Sample size: inclusion statements, weaker hints, arms added up, and numbers that are not samples."""

from __future__ import annotations

from evidence.extract.population import extract
from evidence.model import Metadata, ParsedRecord, Record
from evidence.records import build_record


def _record(body: str, title: str | None = None, fmt: str = "pubmed_xml", **extra: object) -> Record:
    return build_record(
        ParsedRecord(meta=Metadata(title=title, extra=dict(extra)), body=body), "t.xml", fmt, 1
    )


def _size(body: str, title: str | None = None, found: dict | None = None, **extra: object) -> int | None:
    record = _record(body, title, **extra)
    out = extract(record, found or {})
    candidates = out.get("sample_size")
    if not candidates:
        return None
    best = candidates[0]
    if best.start is not None:
        assert best.end is not None and record.text[best.start : best.end].strip()
    return best.value


# ---------------------------------------------------------------- inclusion statements


def test_a_total_of_n_patients() -> None:
    assert _size("Methods: A total of 48 patients were enrolled. Results: Most improved.") == 48


def test_number_words_and_hyphens() -> None:
    assert _size("Forty-two adults with gout were included in this open trial. Pain fell.") == 42
    assert _size("One hundred and twelve children were recruited at three sites. Growth was normal.") == 112


def test_thousands_separator() -> None:
    assert _size("We analysed the records of 2,315 women who gave birth at our unit.") == 2315


def test_parenthesis_between_noun_and_verb() -> None:
    body = "Results: Twenty-eight patients (60% male, median age 44 years) were included. Ten responded."
    assert _size(body) == 28


def test_we_studied_n_patients() -> None:
    assert _size("We retrospectively reviewed 130 consecutive patients treated with drug K.") == 130
    assert _size("We treated nine psoriasis patients with drug K and all improved.") == 9


def test_data_of_n_patients() -> None:
    assert (
        _size("In this cohort study, we analysed the clinical data of 64 patients who underwent surgery.")
        == 64
    )


def test_analysis_performed_in_n_patients() -> None:
    assert (
        _size("Methods: A retrospective analysis was performed in 205 consecutive patients with asthma.")
        == 205
    )


def test_completers_beat_enrolled() -> None:
    body = (
        "Methods: Thirty subjects were enrolled in this pilot study. Twenty-six subjects completed the study."
    )
    assert _size(body) == 26


def test_of_n_patients_at_sentence_start() -> None:
    assert _size("Of 36 patients, 20 (55.6%) responded to drug K in this series we report.") == 36


# ---------------------------------------------------------------- arms added up


def test_two_arms_added_with_another() -> None:
    body = (
        "Results: Twelve patients were enrolled in the drug K group, while the records of another 12 "
        "patients were analysed as the control group."
    )
    assert _size(body) == 24


def test_two_arms_listed_before_one_verb() -> None:
    assert _size("Methods: Thirty patients with gout and 20 patients with arthritis were included.") == 50


# ---------------------------------------------------------------- registries and reviews


def test_registry_metadata_wins() -> None:
    body = "Brief Summary\nWe will enrol 50 adults.\n\nEnrollment: 120 (ESTIMATED)"
    assert _size(body, fmt="ctgov_json", enrollment=120) == 120


def test_review_with_disagreeing_totals_has_no_sample() -> None:
    body = (
        "Methods: We performed a systematic review of trials. Results: A total of 210 patients were analysed "
        "for drug K. A total of 180 patients were analysed for drug L."
    )
    assert _size(body) is None


def test_review_with_one_total() -> None:
    body = (
        "Methods: We searched MEDLINE for trials (PRISMA). "
        "Results: Twelve trials with a total of 1,450 participants were included."
    )
    assert _size(body) == 1450


# ---------------------------------------------------------------- a single patient


def test_case_report_is_one_patient() -> None:
    body = "Case presentation: A 52-year-old man presented with fever and a rash. He recovered after drug K."
    assert _size(body) == 1


def test_case_series_count_beats_one_patient_sentence() -> None:
    body = "We treated four patients with drug K. Patient 2 is a 60 year old woman who relapsed."
    assert _size(body) == 4


# ---------------------------------------------------------------- near-misses: not sample sizes


def test_subgroup_with_percent_is_not_the_sample() -> None:
    assert _size("Results: Seven (35%) patients developed a rash after drug K.") is None


def test_n_of_m_is_not_the_sample() -> None:
    assert _size("Results: Five of 18 patients relapsed after stopping drug K.") is None


def test_counts_of_studies_and_doses_are_not_samples() -> None:
    body = (
        "Methods: We screened 412 articles and 9 trials. Drug K was given at 3 mg twice daily for 12 weeks."
    )
    assert _size(body) is None


def test_remaining_patients_are_a_subgroup() -> None:
    assert _size("Results: The remaining 6 patients were treated with drug L.") is None


def test_one_patient_event_is_not_a_sample() -> None:
    body = "Results: Most improved. One patient was withdrawn because of nausea."
    assert _size(body) is None


def test_background_counts_are_not_the_sample() -> None:
    body = (
        "Background: In an earlier trial 300 patients were randomized to drug K. "
        "Methods: We conducted a pilot study of drug K."
    )
    assert _size(body) is None


# ---------------------------------------------------------------- held-out weaknesses


def test_completers_without_a_noun_beat_the_randomised() -> None:
    body = (
        "Results: One hundred and twelve children were randomized; 104 (92.9%) completed the trial and "
        "were analysed."
    )
    assert _size(body) == 104
    follow_up = "Results: Of 640 patients enrolled, 598 completed follow-up; 312 (52.2%) were HIV-positive."
    assert _size(follow_up) == 598
    larger = "Results: We enrolled 80 patients; 90 completed the questionnaire."
    assert _size(larger) == 80  # a completer count larger than the enrolled one is something else


def test_completers_of_the_study_follow_an_enrolled_count() -> None:
    body = "Results: Of 640 patients enrolled, 598 completed the study."
    assert _size(body) == 598


def test_cases_and_controls_are_added_up() -> None:
    body = "Results: Thirty-one cases and 62 controls were included (median age 6 years)."
    assert _size(body) == 93


def test_review_participants_given_after_the_trials() -> None:
    body = (
        "Methods: In this meta-analysis we searched PubMed; incidences were pooled with random effects. "
        "Results: Twenty-three trials (n = 12,345) were included."
    )
    assert _size(body) == 12345
    primary = "Methods: We followed 40 adults. Results: Two trials (n = 300) had reported this before."
    assert _size(primary) == 40


def test_registry_page_target_number_and_estimated_enrollment() -> None:
    isrctn = (
        "Plain English summary of protocol\nWe will test colchicine.\nOverall study status\nOngoing\n"
        "Target number of participants\n1800\n"
    )
    assert _size(isrctn, fmt="text") == 1800
    ctgov = "Brief Summary\nWe will enrol children.\nStudy Type: INTERVENTIONAL\nEnrollment (Estimated): 48\n"
    assert _size(ctgov, fmt="text") == 48
