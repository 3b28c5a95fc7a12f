"""Citation family: metadata wins; page layouts and id shapes fill what the format lacks."""

from __future__ import annotations

from evidence.extract.candidate import Candidate
from evidence.extract.citation import extract
from evidence.extract.identifiers import dois, registry_ids
from evidence.model import Metadata, ParsedRecord, Record
from evidence.records import build_record

ABSTRACT = (
    "Background: Vitamin Q is often given for chronic fatigue. Methods: We followed 40 adults "
    "for one year. Results: Fatigue scores fell in 24 of 40 (60%). Conclusions: Vitamin Q may "
    "help some adults with chronic fatigue."
)


def _page(text: str) -> Record:
    parsed = ParsedRecord(meta=Metadata(), body=text, raw_start=0, raw_end=len(text), body_is_page=True)
    return build_record(parsed, "page.txt", "text", 1)


def _structured(body: str, **meta: object) -> Record:
    return build_record(ParsedRecord(meta=Metadata(**meta), body=body), "t.ris", "ris", 1)  # type: ignore[arg-type]


def _values(found: dict[str, list[Candidate]], field: str) -> list[object]:
    return [c.value for c in found.get(field, [])]


def _span(record: Record, candidate: Candidate) -> str:
    assert candidate.start is not None and candidate.end is not None
    return record.text[candidate.start : candidate.end]


# ---------------------------------------------------------------- metadata first


def test_metadata_wins_over_text_patterns() -> None:
    record = _structured(
        ABSTRACT + " Trial registration: NCT11112222.",
        title="Vitamin Q for fatigue",
        journal="Fatigue Research",
        year=2018,
        doi="10.1234/fr.2018.7",
        registry_ids=["NCT11112222"],
    )
    found = extract(record, {})
    assert _values(found, "title") == ["Vitamin Q for fatigue"]
    assert _values(found, "journal") == ["Fatigue Research"]
    assert _values(found, "year") == [2018]
    assert _values(found, "doi") == ["10.1234/fr.2018.7"]
    assert _values(found, "registry_id") == ["NCT11112222"]  # not repeated from the text
    assert found["title"][0].confidence > 0.9


def test_structured_record_takes_registry_id_from_abstract_but_no_title_guess() -> None:
    record = _structured(ABSTRACT + " This trial was registered at ClinicalTrials.gov (NCT 33334444).")
    found = extract(record, {})
    assert _values(found, "registry_id") == ["NCT33334444"]
    assert "title" not in found and "journal" not in found


# ---------------------------------------------------------------- page layouts


def test_page_title_author_label_and_from_block() -> None:
    text = (
        "Ginger tea for nausea after knee surgery in older adults\n\n"
        "10.5555/jx.2019.04.011\n\n"
        "- Author:\n\nMaria SOLIS\n\n1\n\n;\n\nTomas HERRERA\n\n;\n\nAna PUIG\n\n"
        "Author Information\n\n1. Some Hospital, Some City\n\n"
        "- From:\n\nJournal of Perioperative Care\n\n2019;12(4):101-106\n\n"
        "Abstract:\n\n" + ABSTRACT
    )
    record = _page(text)
    found = extract(record, {})
    assert _values(found, "title") == ["Ginger tea for nausea after knee surgery in older adults"]
    assert _values(found, "authors") == ["Maria SOLIS", "Tomas HERRERA", "Ana PUIG"]
    assert _values(found, "journal")[0] == "Journal of Perioperative Care"
    assert _values(found, "year")[0] == 2019
    assert _values(found, "doi") == ["10.5555/jx.2019.04.011"]
    assert _span(record, found["doi"][0]) == "10.5555/jx.2019.04.011"


def test_page_publication_list_names_and_journal_date_line() -> None:
    text = (
        "Dataset Information\n\n"
        "Zinc lozenges for the common cold in schoolchildren.\n\n"
        "ABSTRACT:\n\n" + ABSTRACT + "\n\n"
        "Publications\n\n"
        "Zinc lozenges for the common cold in schoolchildren.\n\n"
        "Okafor Chidi C Brandt Lena L Moreau Julien J\n\n"
        "Journal of pediatric infections 20170315 4\n"
    )
    record = _page(text)
    found = extract(record, {})
    assert _values(found, "title") == ["Zinc lozenges for the common cold in schoolchildren"]
    assert _values(found, "authors") == ["Okafor Chidi", "Brandt Lena", "Moreau Julien"]
    assert _values(found, "journal") == ["Journal of pediatric infections"]
    assert _values(found, "year") == [2017]


def test_trailing_citation_gives_journal_and_year() -> None:
    text = "Objectives:\nTo study X.\n\nConclusion:\nX works. Int J Rare Dis, 2016; Vol. 12(3): 45-50"
    found = extract(_page(text), {})
    assert _values(found, "journal")[0] == "Int J Rare Dis"
    assert _values(found, "year")[0] == 2016


def test_page_without_title_line_gets_none() -> None:
    # a page that opens with its abstract (one long paragraph) has no title line
    text = ABSTRACT.replace("Background: ", "") + " " * 2 + ABSTRACT + "\nGenerated Mar 3, 2024\n"
    found = extract(_page(text), {})
    assert "title" not in found
    assert "year" not in found  # "Generated ..." is the page's date, not the paper's


def test_name_lines_are_not_titles() -> None:
    text = "2015 ◽\nVol 3 (2) ◽\nAuthor(s):\nJane P. Doe ◽\nJohn Roe\n\nAbstract " + ABSTRACT
    found = extract(_page(text), {})
    assert "title" not in found


def test_summary_name_lines_are_not_authors() -> None:
    # "Surname, Given, Surname, Given et al." lines list related papers, not this one
    text = ABSTRACT + "\nSmith, Anna, Jones, Peter, Brown, Carl et al.\nNo citations found for this paper.\n"
    assert "authors" not in extract(_page(text), {})


# ---------------------------------------------------------------- DOIs


def test_doi_label_and_trailing_punctuation() -> None:
    [found] = dois("Published online. doi: 10.1001/jama.2020.1234.")
    assert found.value == "10.1001/jama.2020.1234"
    assert found.confidence >= 0.9


def test_doi_in_parentheses_loses_the_bracket() -> None:
    [found] = dois("(see https://doi.org/10.1186/s12887-021-02500-1)")
    assert found.value == "10.1186/s12887-021-02500-1"


def test_page_numbers_are_not_dois() -> None:
    assert dois("Lupus ◽ 2021 ◽ pp. 096120332110651") == []
    assert dois("Blood 2010;115(1):29-31") == []


def test_reference_list_dois_are_not_the_papers() -> None:
    text = "Some abstract text.\n\nReferences\n1. Doe J. Old paper. doi:10.1000/old.1\n"
    assert dois(text) == []


def test_several_unlabelled_dois_lower_confidence() -> None:
    found = dois("Compare 10.1000/a.1 with 10.1000/b.2 in the text.")
    assert [f.value for f in found] == ["10.1000/a.1", "10.1000/b.2"]
    assert all(f.confidence < 0.6 for f in found)


# ---------------------------------------------------------------- registry ids


def test_registry_ids_of_many_registries_canonical_form() -> None:
    text = (
        "Registered at ClinicalTrials.gov (NCT 01234567), ISRCTN12345678, ChiCTR-IOR-17013456, "
        "ACTRN12617000123456, DRKS00012345, EudraCT number 2010-012345-12, CTRI/2019/05/019123, "
        "UMIN000012345, IRCT20180101038181N1, PACTR201901234567890 and KCT0001234."
    )
    values = [f.value for f in registry_ids(text)]
    assert values == [
        "NCT01234567",
        "ISRCTN12345678",
        "ChiCTR-IOR-17013456",
        "ACTRN12617000123456",
        "DRKS00012345",
        "EudraCT 2010-012345-12",
        "CTRI/2019/05/019123",
        "UMIN000012345",
        "IRCT20180101038181N1",
        "PACTR201901234567890",
        "KCT0001234",
    ]


def test_prospero_counts_with_lower_confidence() -> None:
    [found] = registry_ids("Registration: PROSPERO CRD42020123456.")
    assert found.value == "CRD42020123456"
    [trial] = registry_ids("Registration: NCT01234567.")
    assert found.confidence < trial.confidence


def test_registry_near_misses() -> None:
    assert registry_ids("NCT0123456 has seven digits; NCT012345678 has nine.") == []
    assert registry_ids("A bare date 2010-012345-12 is no EudraCT id without its label.") == []
    assert registry_ids("NL12345 without the Dutch register named is not an id.") == []
    assert [f.value for f in registry_ids("Netherlands Trial Register NL7432.")] == ["NL7432"]


def test_registry_id_repeated_is_reported_once() -> None:
    text = "NCT01234567 ... as registered (NCT01234567)."
    assert [f.value for f in registry_ids(text)] == ["NCT01234567"]


def test_registry_page_year_from_first_posted_not_from_prose() -> None:
    text = (
        "Drink M for night cramps\n- Registration Number\n- NCT01234567\n- Brief Summary\n"
        "A study of drink M, following a pilot published in 2015.\n- First Posted\n- 2019-03-04\n"
        "- Study Start\n- 2018-11-01\n"
    )
    record = _page(text)
    found = extract(record, {})
    assert _values(found, "year") == [2019]
    assert _values(found, "registry_id") == ["NCT01234567"]
    assert _values(found, "title") == ["Drink M for night cramps"]


def test_article_registration_date_is_not_the_year() -> None:
    text = (
        "Drink M for night cramps in older adults\n\n" + ABSTRACT + " Registered on 4 May 2012 (NCT01234567)."
    )
    assert "year" not in extract(_page(text), {})


def test_surname_initials_author_line() -> None:
    text = "Drink M for night cramps in older adults\n\nDoe JA, van der Berg K, Okafor C\n\n" + ABSTRACT
    found = extract(_page(text), {})
    assert _values(found, "authors") == ["Doe JA", "van der Berg K", "Okafor C"]


def test_capitalised_phrase_list_is_not_an_author_line() -> None:
    text = "Drink M for night cramps in older adults\n\nSleep, Cramps, Older Adults\n\n" + ABSTRACT
    assert "authors" not in extract(_page(text), {})


def test_publisher_copyright_gives_year_but_site_footer_does_not() -> None:
    text = (
        "Drink M for night cramps in older adults\n\n"
        + ABSTRACT
        + " © 2017 Elsevier Inc. All rights reserved."
    )
    assert _values(extract(_page(text), {}), "year") == [2017]
    footer = "Drink M for night cramps in older adults\n\n" + ABSTRACT + "\n\n© 2024 Paper Finder\n"
    assert "year" not in extract(_page(footer), {})


def test_masthead_and_breadcrumb_lines_are_not_titles() -> None:
    text = (
        "Home > Journals > Sleep Care\n\nJournal of Sleep and Muscle Care\n\n"
        "Drink M for night cramps in older adults\n\n" + ABSTRACT
    )
    assert _values(extract(_page(text), {}), "title") == ["Drink M for night cramps in older adults"]


# ---------------------------------------------------------------- other publishers' layouts (held-out)


def test_citation_with_issue_date_between_year_and_volume() -> None:
    for line, journal in (
        ("Eur J Cancer. 2019 Nov;121:45-54. doi: 10.1016/j.ejca.2019.08.011.", "Eur J Cancer"),
        ("Clin Infect Dis. 2019 Jul 1;71(1):112-120.", "Clin Infect Dis"),
        ("Chin Med J (Engl). 2019;134(5):560-567.", "Chin Med J (Engl)"),
        ("Ann Surg. 2019 Mar-Apr;269(2):201-209.", "Ann Surg"),
    ):
        found = extract(_page("A trial of ginger tea for nausea\n\n" + line + "\n\n" + ABSTRACT), {})
        assert _values(found, "journal")[0] == journal, line
        assert _values(found, "year")[0] == 2019, line


def test_a_month_in_prose_is_not_a_citation() -> None:
    found = extract(_page("Recruitment closed in 2019 Nov; 121 of 450 patients had been enrolled.\n"), {})
    assert "journal" not in found


def test_springer_style_citation_line() -> None:
    for line, journal, year in (
        ("Ann Hematol (2018) 97:1433–1441", "Ann Hematol", 2018),
        ("Cardiovasc Diabetol (2020) 19:156", "Cardiovasc Diabetol", 2020),
    ):
        found = extract(_page("Ginger tea for nausea after surgery\n\n" + line + "\n\n" + ABSTRACT), {})
        assert _values(found, "journal") == [journal]
        assert _values(found, "year") == [year]
    prose = extract(_page("Ginger tea for nausea\n\nIn the first cohort (2018) 97:14 was the ratio.\n"), {})
    assert "journal" not in prose


def test_year_label_line() -> None:
    found = extract(_page("Title: Ginger tea for nausea\nJournal: Br J Nurs\nYear: 2023\n\n" + ABSTRACT), {})
    assert _values(found, "year") == [2023]
    assert _values(found, "journal") == ["Br J Nurs"]


BYLINE_TITLE = "Ginger tea for nausea after surgery\n\n"


def test_byline_of_full_names_initials_and_markers() -> None:
    for line, names in (
        ("Marta Ruiz-Lopez, Henrik Olsen, Thomas J. Whitfield", ["Marta Ruiz-Lopez", "Henrik Olsen",
                                                                  "Thomas J. Whitfield"]),
        ("T. Banda, R. M. Phiri and K. L. Hughes", ["T. Banda", "R. M. Phiri", "K. L. Hughes"]),
        ("Ji-Hoon Park1, Soo-Jin Kim2,*, Min-Young Lee1", ["Ji-Hoon Park", "Soo-Jin Kim", "Min-Young Lee"]),
        ("Luis García-Pérez, Francesca De Luca", ["Luis García-Pérez", "Francesca De Luca"]),
    ):
        found = extract(_page(BYLINE_TITLE + line + "\n\nAbstract\n" + ABSTRACT), {})
        assert _values(found, "authors") == names, line


def test_keyword_affiliation_and_single_name_lines_are_not_bylines() -> None:
    for line in (
        "Chronic Fatigue, Vitamin Q, Adults",
        "Department of Medicine, University Hospital, Oslo",
        "Henrik Olsen",
        "Fatigue Research, Nordic Society",
    ):
        found = extract(_page(BYLINE_TITLE + line + "\n\nAbstract\n" + ABSTRACT), {})
        assert "authors" not in found, line


def test_labelled_authors_separated_by_middle_dots() -> None:
    text = "Authors: Giulia Romano · Marco Bellini · Paolo Ferri\n\nAbstract\n" + ABSTRACT
    found = extract(_page(text), {})
    assert _values(found, "authors") == ["Giulia Romano", "Marco Bellini", "Paolo Ferri"]


def test_eudract_number_after_a_comma() -> None:
    assert [f.value for f in registry_ids("registered with EudraCT, 2014-001298-36.")] == [
        "EudraCT 2014-001298-36"
    ]


def test_isrctn_page_registration_date_gives_the_year() -> None:
    text = (
        "ISRCTN48107356\nColchicine after myocardial infarction\n\nSubmission date\n14/02/2021\n"
        "Registration date\n03/03/2021\nOverall study status\nOngoing\n\nPlain English summary of protocol\n"
        "This study aims to find out whether colchicine helps.\n\nTarget number of participants\n1800\n"
    )
    found = extract(_page(text), {})
    assert _values(found, "year") == [2021]


def test_a_journal_edition_with_a_space() -> None:
    page = "Sepsis in preterm infants\n\nJ Pediatr (Rio J). 2022;98(3):287-294\n\n" + ABSTRACT
    found = extract(_page(page), {})
    assert _values(found, "journal") == ["J Pediatr (Rio J)"]
    assert _values(found, "year") == [2022]
