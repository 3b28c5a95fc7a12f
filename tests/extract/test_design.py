"""Design family: the study's own design, not the designs it cites, reviews or calls for."""

from __future__ import annotations

from evidence.extract.design import extract
from evidence.extract.review_counts import parse_count, studies_included
from evidence.model import Metadata, ParsedRecord, Record
from evidence.records import build_record


def _record(body: str, title: str | None = None, fmt: str = "pubmed_xml", **extra: object) -> Record:
    meta = Metadata(title=title, extra=dict(extra))
    return build_record(ParsedRecord(meta=meta, body=body), "t.xml", fmt, 1)


def _design(body: str, title: str | None = None, **extra: object) -> str | None:
    found = extract(_record(body, title, **extra), {})
    return found["study_design"][0].value if "study_design" in found else None


def _included(body: str, title: str | None = None) -> int | None:
    found = extract(_record(body, title), {})
    return found["studies_included"][0].value if "studies_included" in found else None


# ---------------------------------------------------------------- primary designs


def test_rct_from_random_assignment() -> None:
    body = "Adults with gout were randomly assigned to drug K or placebo. Flares fell by half with drug K."
    assert _design(body) == "rct"


def test_open_label_randomised_trial_is_rct() -> None:
    body = "In this open-label, randomised phase 3 trial, 200 adults received drug K or usual care."
    assert _design(body) == "rct"


def test_non_randomised_comparison_is_nonrandomized_trial() -> None:
    body = "This non-randomized controlled trial compared drug K with usual care in 80 adults with gout."
    assert _design(body) == "nonrandomized_trial"


def test_single_arm_phase_ii_is_nonrandomized_trial() -> None:
    body = "Thirty adults entered a single-arm phase II study of drug K. Twelve responded."
    assert _design(body) == "nonrandomized_trial"


def test_background_randomised_trials_do_not_make_an_rct() -> None:
    body = (
        "Randomized trials have shown that drug K lowers urate. We retrospectively reviewed the charts "
        "of 65 adults given drug K at our clinic. Urate fell in 40."
    )
    assert _design(body) == "retrospective_observational"


def test_future_randomised_trials_do_not_make_an_rct() -> None:
    body = (
        "This prospective cohort study followed 300 runners for two years. Knee pain was common. "
        "Randomized trials are needed to test bracing."
    )
    assert _design(body) == "prospective_observational"


def test_prospective_trial_is_a_trial_not_an_observational_study() -> None:
    body = (
        "We conducted a prospective, open-label trial of drug K in 25 adults with a concurrent control group."
    )
    assert _design(body) == "nonrandomized_trial"


def test_retrospective_analysis_of_prospectively_collected_registry() -> None:
    body = (
        "Patients were retrospectively identified from a prospectively maintained registry of two centres. "
        "Outcomes were similar."
    )
    assert _design(body) == "retrospective_observational"


def test_case_report_from_one_patient() -> None:
    body = (
        "A 54-year-old man with psoriasis presented with fever. He was treated with drug K and recovered. "
        "Only a few case reports have described this reaction."
    )
    assert _design(body) == "case_report"


def test_case_series_from_numbered_patients() -> None:
    body = (
        "We describe four children treated with drug K. Patient 1 was a 6-year-old girl. "
        "Patient 2 was a 9-year-old boy. Patient 3 had relapsed twice."
    )
    assert _design(body) == "case_series"


def test_no_cue_no_design() -> None:
    assert _design("Drug K lowers urate. Its effects on flares are unclear.") is None


# ---------------------------------------------------------------- reviews


def test_meta_analysis_from_pooled_method() -> None:
    body = (
        "We searched MEDLINE, Embase and CENTRAL for randomized controlled trials of drug K. "
        "Random-effects models gave pooled risk ratios. Twelve trials (n = 2,310) were included."
    )
    assert _design(body) == "meta_analysis"
    assert _included(body) == 12


def test_systematic_review_without_pooling_method() -> None:
    body = (
        "Following the PRISMA statement, we searched PubMed and Scopus. We included 7 cohort studies and "
        "2 case series. We excluded case reports and meta-analyses. Response rates ranged widely."
    )
    assert _design(body) == "systematic_review"
    assert _included(body) == 9


def test_excluded_designs_are_not_the_reviews_own() -> None:
    body = (
        "A systematic literature search identified 410 records. We excluded case reports, randomized "
        "trials in adults and meta-analyses. Nine studies met the inclusion criteria."
    )
    assert _design(body) == "systematic_review"
    assert _included(body) == 9


def test_title_states_meta_analysis() -> None:
    assert _design("We pooled data on drug K.", title="Drug K for gout: a meta-analysis") == "meta_analysis"


def test_narrative_review_title_is_other() -> None:
    body = "A PubMed literature search was done. We discuss the role of drug K in gout."
    assert _design(body, title="Drug K in gout: a narrative review") == "other"


def test_studies_included_near_misses() -> None:
    # search and screening counts are not included studies
    assert studies_included("The search of 358 articles returned many hits.") is None
    assert studies_included("Titles and abstracts of 81 articles were screened.") is None
    assert studies_included("A total of 1,234 patients were included.") is None


def test_studies_included_spelled_numbers() -> None:
    found = studies_included("Twenty-three trials met the inclusion criteria.")
    assert found is not None and found.value == 23
    assert parse_count("forty-one") == 41 and parse_count("1,204") == 1204


def test_studies_included_only_for_reviews() -> None:
    body = "We randomly assigned 60 adults from 12 studies were included sites to drug K or placebo."
    assert _included(body) is None


# ---------------------------------------------------------------- metadata


def test_registry_fields_decide() -> None:
    assert _design("A study of drug K.", study_type="INTERVENTIONAL", allocation="RANDOMIZED") == "rct"
    assert _design("A study of drug K.", study_type="INTERVENTIONAL", design_model="SINGLE_GROUP") == (
        "nonrandomized_trial"
    )
    assert _design("Adults with gout.", study_type="OBSERVATIONAL") == "prospective_observational"


def test_registry_page_fields_in_text() -> None:
    text = (
        "Drug K in gout\n- Brief Summary\nA study of drug K.\n"
        "Study & Design\n- Study Type\n- INTERVENTIONAL\n- Study Design\n- SINGLE_GROUP\n"
    )
    parsed = ParsedRecord(meta=Metadata(), body=text, raw_start=0, raw_end=len(text), body_is_page=True)
    record = build_record(parsed, "p.txt", "text", 1)
    [candidate] = extract(record, {})["study_design"]
    assert candidate.value == "nonrandomized_trial"
    assert candidate.start is not None and "SINGLE_GROUP" in record.text[candidate.start : candidate.end]


def test_publication_type_refined_by_text() -> None:
    body = "We report three patients. Case 1 was a 40-year-old man. Case 2 was a 52-year-old woman."
    assert _design(body, publication_types=["Case Reports"]) == "case_series"
    assert (
        _design("A 30-year-old woman presented with rash.", publication_types=["Case Reports"])
        == "case_report"
    )
    assert _design("Adults took drug K.", publication_types=["Randomized Controlled Trial"]) == "rct"


def test_evidence_span_is_the_design_phrase() -> None:
    record = _record("In this retrospective, single-centre study we reviewed 80 adults.")
    [candidate] = extract(record, {})["study_design"]
    assert record.text[candidate.start : candidate.end] == "retrospective, single-centre study"


def test_review_of_records_in_a_past_window_is_retrospective() -> None:
    body = "Adults treated with drug K between January 2012 and June 2018 were included. Urate fell in most."
    assert _design(body) == "retrospective_observational"


def test_enrolment_window_alone_is_not_a_design() -> None:
    body = "Adults were enrolled between 2012 and 2018 and received drug K. Urate fell in most."
    assert _design(body) is None


def test_our_experience_is_retrospective() -> None:
    assert (
        _design("We report our experience with drug K in 18 adults with gout.")
        == "retrospective_observational"
    )


def test_registry_default_refined_by_text() -> None:
    body = "Charts of adults given drug K were retrospectively reviewed."
    assert _design(body, study_type="OBSERVATIONAL") == "retrospective_observational"
    # an explicit allocation is not overridden by the prose
    body = "Earlier non-randomized studies suggested benefit. Adults get drug K or placebo."
    assert _design(body, study_type="INTERVENTIONAL", allocation="RANDOMIZED") == "rct"


def test_loose_clinical_trial_publication_type_yields_to_stated_design() -> None:
    body = "In this retrospective study we reviewed 56 adults treated with device K."
    assert _design(body, publication_types=["Clinical Trial"]) == "retrospective_observational"


def test_studies_counted_with_their_size_before_the_verb() -> None:
    found = studies_included("Results: Eight trials involving 59,692 participants were included.")
    assert found is not None and found.value == 8
    records = studies_included("Results: 1,482 records involving 900 patients were screened.")
    assert records is None


def test_a_previously_healthy_patient_is_a_case_not_background() -> None:
    body = "A 34-year-old previously healthy woman presented with headache. She recovered after drug K."
    assert _design(body) == "case_report"
    cited = "Previously reported cases were few. Randomised trials are needed."
    assert _design(cited) != "case_report"


def test_a_retrospective_review_in_the_title_is_not_a_narrative_review() -> None:
    body = "Design: Retrospective review of case notes. Results: There were 224 deliveries in 197 women."
    title = "Pregnancy outcomes in sickle cell disease: a 15-year retrospective review"
    assert _design(body, title=title) == "retrospective_observational"
    assert _design("We summarise the evidence.", title="Drug K for gout: a narrative review") == "other"
