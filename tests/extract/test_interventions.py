"""Intervention family: the studied treatment, not the treatments around it (made-up abstracts)."""

from __future__ import annotations

import re
import time

import pytest

from evidence.extract.interventions import extract
from evidence.extract.name_trie import trie_alternation
from evidence.model import Metadata, ParsedRecord, Record
from evidence.records import build_record


def _record(body: str, title: str | None = None, fmt: str = "pubmed_xml", **extra: object) -> Record:
    meta = Metadata(title=title, extra=dict(extra))
    return build_record(ParsedRecord(meta=meta, body=body), "test.xml", fmt, 1)


def _values(record: Record) -> list[str]:
    return [c.value for c in extract(record, {})["intervention"]]


def test_treatment_given_in_methods_is_found_with_its_span() -> None:
    record = _record(
        "Background: Chronic cytopenias are hard to treat. Methods: Forty adults were treated with "
        "tacrolimus for six months. Results: Twenty-two responded."
    )
    candidates = extract(record, {})["intervention"]
    assert [c.value for c in candidates] == ["tacrolimus"]
    assert record.text[candidates[0].start : candidates[0].end] == "tacrolimus"
    assert 0.5 <= candidates[0].confidence <= 1.0


def test_brand_and_abbreviation_map_to_generic_name() -> None:
    record = _record(
        "Methods: Patients received Nplate weekly; others were given ciclosporin (CsA). "
        "Results: CsA levels were stable."
    )
    assert set(_values(record)) == {"romiplostim", "cyclosporine"}


def test_title_names_the_studied_treatment() -> None:
    record = _record(
        "We report outcomes in 12 patients followed for a year.",
        title="Eculizumab for cold agglutinin disease",
    )
    assert _values(record) == ["eculizumab"]


def test_prior_and_failed_treatments_are_left_out() -> None:
    record = _record(
        "Methods: All 30 patients had failed a median of 4 prior therapies, including splenectomy and "
        "rituximab. They were then treated with avatrombopag. Results: Most responded."
    )
    assert _values(record) == ["avatrombopag"]


def test_previously_received_is_not_given_in_this_study() -> None:
    record = _record(
        "Results: All patients had previously received corticosteroids and 40% were steroid-refractory. "
        "The regimen included mycophenolate mofetil (n=9)."
    )
    assert _values(record) == ["mycophenolate mofetil"]


def test_premedication_and_concomitant_drugs_are_left_out() -> None:
    record = _record(
        "Methods: Intravenous immunoglobulin was given at 1 g/kg. Most patients received premedication "
        "with paracetamol. Results: Eight patients were also given prednisone and/or dapsone (n=3)."
    )
    assert _values(record) == ["intravenous immunoglobulin"]


def test_background_and_generic_statements_are_not_the_study() -> None:
    record = _record(
        "Background: Glucocorticoids are the first-line treatment and azathioprine is often used. "
        "Methods: We enrolled 25 patients who received sirolimus. Results: Responses were durable."
    )
    assert _values(record) == ["sirolimus"]


def test_unstructured_abstract_background_before_first_study_sentence() -> None:
    record = _record(
        "Thalidomide has been used for decades in many disorders. Danazol is an older option. "
        "Here we describe 14 patients treated with fostamatinib; 9 responded."
    )
    assert _values(record) == ["fostamatinib"]


def test_failed_treatments_in_a_case_history_are_left_out() -> None:
    record = _record(
        "A 52-year-old man presented with bleeding. He was treated with prednisone but with no response. "
        "Two courses of IVIG gave only a transient response. He finally received eltrombopag and recovered."
    )
    assert _values(record) == ["eltrombopag"]


def test_definition_sentence_does_not_make_a_treatment() -> None:
    record = _record(
        "Methods: Refractory disease was defined as no response after receiving dexamethasone. "
        "Patients were randomized to rilzabrutinib or observation."
    )
    assert _values(record) == ["rilzabrutinib"]


def test_code_name_needs_a_cue_and_a_drug_ending_is_recognised() -> None:
    given = _record("Objective: To evaluate the efficacy of ABX-464 in 20 adults. Results: 12 responded.")
    assert _values(given) == ["ABX-464"]
    marker = _record(
        "Results: Cells were CD123-positive and HLA-DR low; JAK1234 was not measured in 8 samples."
    )
    assert _values(marker) == []
    unnamed = _record("Methods: Patients were treated with a novel oral compound for 12 weeks.")
    assert _values(unnamed) == []
    ending = _record("Methods: Twenty patients received obexelimab every two weeks.")
    assert _values(ending) == ["obexelimab"]
    background_only = _record("Background: Obexelimab is under study. Methods: We observed 20 patients.")
    assert _values(background_only) == []


def test_umbrella_therapy_is_kept_with_its_named_members() -> None:
    record = _record(
        "Results: Fourteen patients were treated. Conclusion: Thrombopoietin receptor agonists such as "
        "eltrombopag appear safe. Methods: Eltrombopag was given daily."
    )
    assert set(_values(record)) == {"eltrombopag", "thrombopoietin receptor agonist"}


def test_second_transplant_is_not_the_first() -> None:
    record = _record(
        "Patients relapsing after a first allogeneic stem cell transplantation (HSCT1) do poorly. "
        "We analysed 40 patients who underwent a second allogeneic stem cell transplantation (HSCT2). "
        "Survival after HSCT2 was short."
    )
    values = _values(record)
    assert values == ["second allogeneic hematopoietic stem cell transplantation"]


def test_covariate_lists_are_not_treatments() -> None:
    record = _record(
        "Methods: We studied 60 patients after transplantation. Results: Multivariate analysis identified "
        "age and prior busulfan exposure as predictors of relapse."
    )
    assert "busulfan" not in _values(record)


def test_registry_metadata_wins_and_placebo_is_dropped() -> None:
    record = _record(
        "Interventions: Drug: Sirolimus; Drug: Placebo",
        fmt="ctgov_json",
        interventions=["Sirolimus", "Placebo"],
    )
    candidates = extract(record, {})["intervention"]
    assert [c.value for c in candidates] == ["sirolimus"]
    assert candidates[0].confidence > 0.9


def test_trie_alternation_matches_longest_form_first() -> None:
    pattern = re.compile(
        rf"\b(?:{trie_alternation(['stem cell', 'stem cell transplantation', 'steroid'])})\b"
    )
    assert pattern.search("after stem cell transplantation").group() == "stem cell transplantation"
    assert pattern.search("a steroid course").group() == "steroid"
    assert pattern.search("nothing here") is None


@pytest.mark.parametrize("count", [200])
def test_speed_per_abstract(count: int) -> None:
    body = (
        "Background: Immune thrombocytopenia is common. Methods: We treated 40 adults with rituximab and "
        "dexamethasone; prior splenectomy was allowed. Results: 25 (62.5%) responded; "
        "headache occurred in 4. "
    ) * 4
    records = [_record(body) for _ in range(count)]
    start = time.perf_counter()
    for record in records:
        extract(record, {})
    assert (time.perf_counter() - start) / count < 0.005


# ---------------------------------------------------------------- beyond haematology (held-out weaknesses)


def _page(text: str) -> Record:
    parsed = ParsedRecord(meta=Metadata(), body=text, raw_start=0, raw_end=len(text), body_is_page=True)
    return build_record(parsed, "page.txt", "text", 1)


def test_common_drugs_of_other_specialties_are_known() -> None:
    record = _record(
        "Methods: Adults with bacteraemia who received cefazolin were compared with those who received "
        "cloxacillin. Results: Mortality was similar."
    )
    assert set(_values(record)) == {"cefazolin", "cloxacillin"}
    background = _record(
        "Background: Amoxicillin is widely prescribed. Methods: We surveyed 300 general practitioners."
    )
    assert _values(background) == []


def test_drug_stems_of_other_classes_name_unknown_drugs_only_when_given() -> None:
    given = _record("Methods: Forty children were randomised to dravocillin or to placebo for 7 days.")
    assert _values(given) == ["dravocillin"]
    mentioned = _record("Results: Resistance to dravocillin was found in 12 of 40 isolates (30%).")
    assert _values(mentioned) == []


def test_a_class_named_after_its_target_is_a_treatment() -> None:
    record = _record("Methods: Participants were treated with JAK inhibitors for 12 weeks.")
    assert _values(record) == ["jak inhibitors"]
    lower_case_target = _record("Methods: Participants were treated with enzyme inhibitors for 12 weeks.")
    assert _values(lower_case_target) == []


def test_an_elided_class_noun_is_shared_by_both_targets() -> None:
    record = _record(
        "Objective: To compare pneumonitis with PD-1 versus PD-L1 inhibitors. Methods: We pooled 12 trials."
    )
    assert set(_values(record)) == {"pd-1 inhibitors", "pd-l1 inhibitors"}
    no_ellipsis = _record("Methods: Forty patients with ITP and CLL were treated with BTK inhibitors.")
    assert _values(no_ellipsis) == ["btk inhibitors"]


def test_a_criteria_set_named_after_its_year_is_not_a_drug_code() -> None:
    record = _record(
        "Methods: Patients diagnosed by the HLH-2004 criteria were treated with etoposide and ABT-199."
    )
    assert set(_values(record)) == {"etoposide", "ABT-199"}


def test_unfit_for_and_in_addition_to_mark_other_treatments() -> None:
    unfit = _record(
        "Methods: Older adults unfit for intensive chemotherapy received azacitidine on days 1 to 7."
    )
    assert _values(unfit) == ["azacitidine"]
    add_on = _record(
        "Results: Four patients received caplacizumab in addition to plasma exchange and rituximab."
    )
    assert _values(add_on) == ["caplacizumab"]


def test_a_drug_stopped_ends_its_clause_and_the_next_drug_is_given() -> None:
    record = _record(
        "A 68-year-old man had myocarditis. Pembrolizumab was discontinued and methylprednisolone was "
        "started, followed by abatacept."
    )
    assert {"methylprednisolone", "abatacept"} <= set(_values(record))
    stopped_before = _record("Methods: We studied 30 adults after they stopped warfarin for surgery.")
    assert _values(stopped_before) == []


def test_starting_a_regimen_is_receiving_it() -> None:
    record = _record(
        "Design: Prospective cohort study. Adults starting rifampicin and isoniazid were followed "
        "for 6 months."
    )
    assert set(_values(record)) == {"rifampicin", "isoniazid"}


def test_a_registry_page_intervention_field_beats_its_eligibility_prose() -> None:
    record = _page(
        "A Study of Fictumab in Children With Thalassemia\n"
        "Brief Summary\nThe purpose of this study is to assess fictumab in children who require regular "
        "red blood cell transfusions.\n"
        "Intervention / Treatment\nDrug: Fictumab\nDrug: Placebo\n"
        "Study Type: INTERVENTIONAL\nEligibility Criteria\n- Regular transfusions\n"
    )
    assert _values(record) == ["fictumab"]


def test_progression_after_avoided_and_non_prefixed_names_are_not_given() -> None:
    prior = _record(
        "Background: Patients progressing after gemcitabine-based chemotherapy have few options. "
        "Methods: Thirty-two patients received lenvatinib daily."
    )
    assert _values(prior) == ["lenvatinib"]
    avoided = _record(
        "A 34-year-old woman had thrombosis. She was treated with argatroban. Heparin and platelet "
        "transfusion were avoided. Conclusion: Treat with non-heparin anticoagulants such as argatroban."
    )
    assert "heparin" not in _values(avoided)
    assert "argatroban" in _values(avoided)


def test_an_observational_registration_names_no_treatment() -> None:
    record = _page(
        "Late effects of childhood leukaemia\nBrief Summary\nThis registry follows survivors to describe "
        "late effects of chemotherapy.\nStudy Type: OBSERVATIONAL\nEnrollment (Estimated): 1200\n"
    )
    assert _values(record) == []
