"""Disease status applied to the study's own population, not to others or to later events."""

from __future__ import annotations

from evidence.extract.population import extract
from evidence.model import Metadata, ParsedRecord
from evidence.records import build_record


def _status(body: str, title: str | None = None) -> list[str]:
    record = build_record(ParsedRecord(meta=Metadata(title=title), body=body), "t.xml", "pubmed_xml", 1)
    return sorted(c.value for c in extract(record, {}).get("disease_status", []))


def test_chain_of_statuses_before_a_disease() -> None:
    assert _status("We enrolled 20 adults.", title="Drug K in relapsed or refractory multiple myeloma") == [
        "refractory",
        "relapsed",
    ]


def test_slash_joined_statuses_and_abbreviation() -> None:
    body = (
        "Methods: We treated 18 patients with relapsed/refractory acute myeloid leukemia (AML) with drug K."
    )
    assert _status(body) == ["refractory", "relapsed"]


def test_newly_diagnosed() -> None:
    assert _status("Methods: We enrolled 30 children with newly diagnosed asthma.") == ["newly_diagnosed"]


def test_chronic_and_persistent_with_parentheses() -> None:
    body = "Methods: Adults with chronic (>12 months) or persistent (3-12 months) gout were included."
    assert _status(body) == ["chronic", "persistent"]


def test_acute_phase_of_a_disease() -> None:
    assert _status("Methods: We enrolled 40 children with acute asthma exacerbation.") == ["acute"]


def test_patients_who_relapsed_in_the_objective() -> None:
    body = (
        "Objective: To evaluate drug K in lymphoma patients who relapsed after transplantation. "
        "Methods: We enrolled 30."
    )
    assert _status(body) == ["relapsed"]


def test_generic_head_refractory_disease() -> None:
    assert _status("Methods: We enrolled 25 patients with relapsed or refractory disease.") == [
        "refractory",
        "relapsed",
    ]


# ---------------------------------------------------------------- near-misses


def test_acute_in_a_disease_name_is_not_a_status() -> None:
    assert _status("Methods: We enrolled 40 patients with acute myeloid leukemia.") == []


def test_relapse_after_treatment_is_not_a_status() -> None:
    body = (
        "Methods: We enrolled 30 patients with gout. Results: Of the 8 relapsing patients, 5 responded again."
    )
    assert _status(body) == []


def test_status_in_cited_literature_is_left_out() -> None:
    body = (
        "Methods: We treated one patient with lupus. Review of the literature showed two case reports of "
        "refractory lupus treated with drug K."
    )
    assert _status(body) == []


def test_persistent_response_is_not_a_status() -> None:
    assert _status("Results: Eight of 20 patients with gout achieved persistent responses.") == []


def test_background_status_is_left_out() -> None:
    body = "Background: Refractory asthma is hard to treat. Methods: We enrolled 40 adults with asthma."
    assert _status(body) == []


def test_status_before_a_multiword_disease_name() -> None:
    title = "Real-world outcomes of drug K in relapsed or refractory large B-cell lymphoma"
    assert _status("We analysed 152 patients.", title=title) == ["refractory", "relapsed"]


def test_status_named_with_its_disease_as_one_unit() -> None:
    body = "Methods: We analysed 152 patients with relapsed or refractory large B-cell lymphoma (LBCL)."
    assert _status(body) == ["refractory", "relapsed"]


def test_status_of_a_secondary_form_named_for_its_cause_is_not_carried_over() -> None:
    body = (
        "Methods: We studied 30 adults with ITP. "
        "Three CLL patients had refractory fludarabine-associated ITP."
    )
    assert "refractory" not in _status(body)


def test_treatment_resistant_is_refractory() -> None:
    body = "Methods: We randomised 138 adults with treatment-resistant depression (TRD) to drug K or placebo."
    assert _status(body) == ["refractory"]
    assert _status("Methods: We studied 40 adults with depression resistant to exercise.") == []
