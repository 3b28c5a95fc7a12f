"""Long forms of the abbreviations a text defines."""

from __future__ import annotations

from evidence.extract.abbreviations import definitions


def _pairs(text: str) -> list[tuple[str, str]]:
    return [(d.abbr, d.long) for d in definitions(text)]


def test_initials_with_skipped_words() -> None:
    assert _pairs("in adults with chronic obstructive pulmonary disease (COPD) and") == [
        ("COPD", "chronic obstructive pulmonary disease")
    ]


def test_schwartz_hearst_when_initials_do_not_spell_it() -> None:
    assert _pairs("children with immune thrombocytopenic purpura (ITP) were") == [
        ("ITP", "immune thrombocytopenic purpura")
    ]


def test_plural_short_form() -> None:
    assert _pairs("people with eating disorders (EDs) often") == [("EDs", "eating disorders")]


def test_two_definitions_joined_by_a_slash() -> None:
    assert _pairs("with acute myeloid leukemia (AML)/acute lymphoblastic leukemia (ALL) relapsing") == [
        ("AML", "acute myeloid leukemia"),
        ("ALL", "acute lymphoblastic leukemia"),
    ]


def test_spaces_inside_the_parenthesis() -> None:
    assert _pairs("Hairy cell leukemia ( HCL ) is rare") == [("HCL", "Hairy cell leukemia")]


def test_parentheses_that_are_not_abbreviations() -> None:
    assert _pairs("a median age of 40 (range 20-60) years and (n = 12) patients (95% CI 1-2)") == []
