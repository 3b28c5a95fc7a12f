"""Adverse-event family: harms attributed to the studied treatment, and what only looks like one."""

from __future__ import annotations

from evidence.extract.candidate import Candidate
from evidence.extract.safety import extract
from evidence.model import Metadata, ParsedRecord, Record
from evidence.records import build_record


def _record(body: str, fmt: str = "pubmed_xml") -> Record:
    return build_record(ParsedRecord(meta=Metadata(), body=body), "t.xml", fmt, 1)


def _events(body: str, found: dict[str, list[Candidate]] | None = None) -> list[str]:
    return [c.value for c in extract(_record(body), found or {})["adverse_events"]]


def test_named_events_in_a_safety_sentence_with_spans() -> None:
    record = _record(
        "Methods: We treated 40 adults. Results: The most frequent adverse events were fatigue (20%), "
        "nausea (15%) and peripheral neuropathy (10%)."
    )
    candidates = extract(record, {})["adverse_events"]
    assert {c.value for c in candidates} == {"fatigue", "nausea", "peripheral neuropathy"}
    for candidate in candidates:
        assert record.text[candidate.start : candidate.end].lower() == candidate.value
        assert 0.0 < candidate.confidence <= 1.0


def test_medical_phrase_heads_and_qualifiers() -> None:
    events = _events(
        "Results: Serious adverse events included one case of drug-induced pancreatitis "
        "and febrile neutropenia "
        "(grade 3) in two patients."
    )
    assert "febrile neutropenia" in events
    assert any("pancreatitis" in e for e in events)


def test_list_after_developed_following_the_drug() -> None:
    found = {"intervention": [Candidate("romiplostim", None, None, 0.8)]}
    events = _events(
        "Case report: A woman received romiplostim and 3 weeks later developed portal vein thrombosis with "
        "mesenteric ischaemia of the small bowel and a splenic infarct.",
        found,
    )
    assert "portal vein thrombosis" in events
    assert "mesenteric ischaemia" in events
    assert "splenic infarct" in events
    assert not any("bowel" in e for e in events)


def test_sentences_continuing_a_safety_sentence() -> None:
    events = _events(
        "Methods: We treated 20 adults. Results: Regarding safety, 5 patients had at "
        "least one adverse event. "
        "Two patients had an infection "
        "(one pneumonia and one cellulitis). After a median follow-up of 20 months, one "
        "patient died of lymphoma."
    )
    assert {"infection", "pneumonia", "cellulitis"} <= set(events)
    assert not any("lymphoma" in e for e in events)


def test_disease_manifestations_and_outcomes_are_not_adverse_events() -> None:
    events = _events(
        "Results: Bleeding was the presenting feature in 60%. Severe thrombocytopenia "
        "was found in 8 patients, "
        "and neonatal thrombocytopenia was noted in 3 cases."
    )
    assert events == []


def test_background_registry_and_planned_measures_are_not_events() -> None:
    assert (
        _events("Background: Thrombosis has been described with this drug. Methods: We studied 9 patients.")
        == []
    )
    registry = _record(
        "Brief Summary\nA study of drug X.\nSecondary Outcome Measures\nAdverse events "
        "such as headache will be "
        "recorded.",
        fmt="ctgov_json",
    )
    assert extract(registry, {})["adverse_events"] == []


def test_generic_negated_and_hedged_words_are_not_named_events() -> None:
    events = _events(
        "Results: Treatment-related adverse events occurred in 12 patients without hypertension. "
        "Conclusion: Hepatotoxicity may be a possible complication of long-term use."
    )
    # no named event; what remains is the stated finding
    assert events == ["Treatment-related adverse events occurred in 12 patients without hypertension"]


def test_safety_finding_when_no_event_is_named() -> None:
    events = _events(
        "Methods: Thirty patients were treated. Results: No serious adverse events were observed."
    )
    assert events == ["No serious adverse events were observed"]
    planned = _events(
        "Methods: Safety was evaluated by the frequency of adverse events. Results: 20 responded."
    )
    assert planned == []


def test_only_one_finding_sentence_is_kept() -> None:
    events = _events(
        "Results: Side effects were mild and transient. Conclusions: The regimen was well tolerated."
    )
    assert events == ["Side effects were mild and transient"]


# ---------------------------------------------------------------- harms reported without a safety word


def _treated(body: str, design: str = "rct") -> list[str]:
    found = {"study_design": [Candidate(design, None, None, 0.9, "test")]}
    return _events(body, found)


def test_a_harm_reported_as_a_result_of_a_treated_population() -> None:
    body = (
        "Methods: Children were randomised to 3 or 7 days of drug K. Results: Diarrhea was reported in "
        "9.6% and 13.5%, respectively, and rash in 3.8% and 5.8%."
    )
    assert set(_treated(body)) == {"diarrhea", "rash"}


def test_the_same_sentence_in_an_untreated_cohort_is_an_outcome() -> None:
    body = (
        "Methods: We enrolled 145 children undergoing cardiac surgery. Results: Acute kidney injury "
        "developed in 47 children (32.4%)."
    )
    assert _treated(body, design="prospective_observational") == []


def test_a_harm_inside_another_subject_is_not_reported() -> None:
    body = (
        "Methods: Adults received drug K. Results: A rise in platelet counts to a level where severe "
        "bleeding becomes unlikely was seen in most patients."
    )
    assert _treated(body, design="nonrandomized_trial") == []


def test_causes_of_death_and_the_object_of_developed() -> None:
    body = (
        "Methods: Adults started drug K. Results: Jaundice developed in 12 patients and two patients "
        "died of hepatic failure. Thrombosis occurred in two patients, and one patient developed a "
        "catheter-related thrombosis."
    )
    assert {"jaundice", "hepatic failure", "thrombosis", "catheter-related thrombosis"} <= set(
        _treated(body, design="nonrandomized_trial")
    )


def test_a_negated_coordination_names_no_event() -> None:
    body = (
        "Methods: Boys received drug K. Results: Injection-site reactions were reported in 9 patients. "
        "No thrombotic microangiopathy or thromboembolic events occurred."
    )
    assert _treated(body, design="nonrandomized_trial") == ["injection-site reactions"]


def test_an_increased_risk_found_is_not_a_hedge() -> None:
    found = (
        "Methods: We pooled 8 trials of drug K. Results: The risk of diabetic ketoacidosis was increased "
        "(RR 2.57), and genital mycotic infections were more frequent (6.0% vs 1.5%)."
    )
    assert set(_treated(found)) == {"diabetic ketoacidosis", "genital mycotic infections"}
    hedged = "Methods: We treated 40 adults with drug K. Conclusions: Drug K may raise the risk of ketosis."
    assert _treated(hedged) == []


def test_a_harm_named_after_the_studied_drug() -> None:
    record = build_record(
        ParsedRecord(meta=Metadata(title="Abatacept for pembrolizumab-induced myocarditis"), body=(
            "We report a 68-year-old man with melanoma. He recovered after abatacept."
        )),
        "t.xml",
        "pubmed_xml",
        1,
    )
    assert "myocarditis" in [c.value for c in extract(record, {})["adverse_events"]]


def test_labels_of_efficacy_and_verdicts_are_not_events() -> None:
    body = (
        "Methods: Adults were randomised to drug K or drug L. Results: Treatment failure occurred in 6.4% "
        "and 7.7%, respectively. Conclusions: Drug K had a manageable toxicity profile."
    )
    assert _treated(body) == []


def test_a_verb_before_a_harm_is_not_part_of_its_name() -> None:
    body = (
        "Methods: We tested three catheters. Results: The risk of forming distal emboli was significantly "
        "increased using catheter G."
    )
    assert _treated(body, design="nonrandomized_trial") == ["distal emboli"]


def test_no_new_safety_signals_is_the_safety_finding() -> None:
    body = (
        "Methods: We followed 1,204,531 adults. Results: Admission occurred in 0.02% of boosted adults. "
        "No new safety signals were identified."
    )
    assert _events(body) == ["No new safety signals were identified"]
