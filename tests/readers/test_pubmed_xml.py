"""PubMed XML reader: record counts, fields a reviewer sees, markup flattening, hostile XML."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidence.model import InputError, ParsedRecord
from evidence.readers import pubmed_xml
from evidence.source import SourceFile, load

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
FOLDER = "pubmed_xml"


def _counts(folder: str) -> list[tuple[str, int]]:
    rows = []
    for line in (CORPUS / "counts.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        name, count = line.split("\t")
        if name.startswith(folder + "/"):
            rows.append((name, int(count)))
    return rows


def _fixture(name: str) -> SourceFile:
    path = CORPUS / FOLDER / name
    return load(path, path.name)


def _read(name: str) -> list[ParsedRecord]:
    return list(pubmed_xml.read(_fixture(name)))


def _snippet(text: str) -> SourceFile:
    data = text.encode("utf-8")
    return SourceFile(path=Path("x.xml"), name="x.xml", data=data, text=text, encoding="utf-8")


def _article(inner: str) -> str:
    """A minimal PubmedArticle around `inner` (placed inside <Article>)."""
    return (
        "<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID>"
        f"<Article>{inner}</Article></MedlineCitation></PubmedArticle></PubmedArticleSet>"
    )


@pytest.mark.parametrize(("name", "count"), _counts(FOLDER))
def test_record_count_matches_counts_tsv(name: str, count: int) -> None:
    source = load(CORPUS / name, Path(name).name)
    assert len(list(pubmed_xml.read(source))) == count


def test_every_fixture_is_in_counts_tsv() -> None:
    listed = {Path(n).name for n, _ in _counts(FOLDER)}
    assert {p.name for p in (CORPUS / FOLDER).glob("*.xml")} <= listed


def test_nejm_trial_fields() -> None:
    [rec] = _read("pubmed-29768149.xml")
    meta = rec.meta
    assert meta.title == "Inhaled Combined Budesonide-Formoterol as Needed in Mild Asthma."
    assert meta.authors[:2] == ["Paul M O'Byrne", "J Mark FitzGerald"]
    assert len(meta.authors) == 10
    assert meta.journal == "The New England journal of medicine"
    assert meta.year == 2018
    assert meta.doi == "10.1056/nejmoa1715274"
    assert meta.pmid == "29768149"
    assert meta.registry_ids == ["NCT02149199"]
    assert "Randomized Controlled Trial" in meta.extra["publication_types"]
    assert "Asthma" in meta.extra["keywords"]
    assert meta.extra["native_id"] == "29768149"
    assert rec.raw_start is None and rec.raw_end is None


def test_structured_abstract_is_labelled_paragraphs() -> None:
    [rec] = _read("pubmed-29768149.xml")
    paragraphs = rec.body.split("\n\n")
    assert [p.split(":", 1)[0] for p in paragraphs] == ["BACKGROUND", "METHODS", "RESULTS", "CONCLUSIONS"]
    assert paragraphs[0].startswith("BACKGROUND: In patients with mild asthma, as-needed use")
    # <sub>2</sub> after a line break joins the word it belongs to.
    assert "fast-acting β2-agonist may be" in paragraphs[0]
    assert paragraphs[3].endswith("NCT02149199 .).")


def test_unlabelled_and_labelled_parts_mix() -> None:
    article, book = _read("MedlineImporterTestNbib.xml")
    assert article.body == "BACKGROUND: Just a dummy text.\n\nAnd another dummy"
    # Label="UNLABELLED" is NLM's marker for "no label", not a heading.
    assert book.body == "just a dummy."


def test_italics_in_pretty_printed_title_and_abstract() -> None:
    [rec] = _read("MedlineImporterTestArticleItalics.xml")
    assert rec.meta.title == "Genome-wide significant risk factors on chromosome 19 and the APOE locus."
    assert rec.body.startswith("The apolipoprotein E (APOE) gene on chromosome 19q13.32")
    assert "including ABCA7 (19p13.3) and CD33 (19q13.41). The ABCA7 gene" in rec.body
    assert "P = 1.60 x 10-19). CD33 rs3865444:C>A" in rec.body
    assert "(OR=0.98, 95% CI=0.93-1.04; P=0.48)" in rec.body
    assert "\n" not in rec.body and "  " not in rec.body
    assert len(rec.meta.authors) == 24


def test_ids_come_from_the_article_not_its_reference_list() -> None:
    [rec] = _read("MedlineImporterTestArticleItalics.xml")
    assert rec.meta.pmid == "29872490"
    assert rec.meta.doi == "10.18632/oncotarget.25083"


def test_title_with_entities_and_overlapping_italics() -> None:
    [rec] = _read("pubmed6.xml")
    assert rec.meta.title == (
        'A "Blood Relationship" Between the Overlooked Minimum Lactate Equivalent and '
        "Maximal Lactate Steady State in Trained Runners. Back to the Old Days?"
    )
    assert "(LEmin)" in rec.body


def test_mathml_becomes_its_text() -> None:
    [rec] = _read("MedlineImporterTestMathML.xml")
    assert rec.body.startswith("Following are examples of MathML elements: ηp2")
    assert "mml" not in rec.body and "<" not in rec.body
    assert rec.meta.title == "CellML 2.0."


def test_book_article_set() -> None:
    chapter, bare = _read("MedlineImporterTestBookArticleSet.xml")
    assert chapter.meta.title == "Title for some article"
    assert chapter.meta.journal == (
        "Rheumatoid Arthritis: National Clinical Guideline for Management and Treatment in Adults"
    )
    assert chapter.meta.authors == ["National Collaborating Centre for Chronic Conditions (UK)"]
    assert chapter.meta.year == 2009
    assert chapter.meta.doi == "10.3275/8949"
    assert chapter.meta.extra["publication_types"] == ["Review", "Practice Guideline"]
    assert bare.meta.title is None and bare.body == ""
    assert bare.meta.pmid == "21413195"


def test_bare_book_article_root() -> None:
    [rec] = _read("MedlineImporterTestPubmedBook.xml")
    assert rec.meta.title.startswith("Rheumatoid Arthritis: National Clinical Guideline")
    assert rec.meta.journal == "Royal College of Physicians (UK)"
    assert rec.meta.authors == [
        "National Collaborating Centre for Chronic Conditions (UK)",
        "Darlisha A Williams",
    ]
    assert rec.body == "just a dummy."


def test_bare_pubmed_article_root() -> None:
    text = (CORPUS / FOLDER / "pubmed-29768149.xml").read_text(encoding="utf-8")
    article = re.search(r"<PubmedArticle>.*</PubmedArticle>", text, re.DOTALL).group(0)
    [rec] = pubmed_xml.read(_snippet(article))
    assert rec.meta.pmid == "29768149"


def test_author_forms() -> None:
    article, _book = _read("MedlineImporterTestNbib.xml")
    assert article.meta.authors == ["F W Gibb Jr", "NaN Zamm itt", "G Beckett", "M W J Strachan"]
    [rec] = _read("MedlineImporterTestArticleID.xml")
    assert rec.meta.authors[0] == "Joshua Rhein"
    assert rec.meta.authors[-1] == "ASTRO-CM Team"


def test_season_only_pub_date_and_no_xml_declaration() -> None:
    article, _book = _read("MedlineImporterTestNbib.xml")
    assert article.meta.year == 2013
    [rec] = _read("MedlineImporterTestArticleID.xml")  # no declaration, no DOCTYPE
    assert rec.meta.year == 2015
    assert rec.meta.journal == "Diagnostic microbiology and infectious disease"
    assert rec.meta.extra["keywords"][:2] == ["Cryptococcal meningitis", "Diagnostics"]


def test_doi_from_article_id_list_and_missing_abstract() -> None:
    first, second = _read("pubmed1.xml")
    assert first.body == "" and first.meta.doi is None
    assert second.meta.doi == "10.1016/0005-2795(76)90109-4"
    assert second.meta.year == 1976


def test_medline_date_gives_its_first_year() -> None:
    xml = _article(
        "<Journal><JournalIssue><PubDate><MedlineDate>1998 Dec-1999 Jan</MedlineDate>"
        "</PubDate></JournalIssue><ISOAbbreviation>J Abbr</ISOAbbreviation></Journal>"
        "<ArticleTitle>T</ArticleTitle>"
    )
    [rec] = pubmed_xml.read(_snippet(xml))
    assert rec.meta.year == 1998
    assert rec.meta.journal == "J Abbr"


def test_article_date_when_pub_date_has_no_year() -> None:
    xml = _article(
        "<Journal><JournalIssue><PubDate><Season>Spring</Season></PubDate></JournalIssue></Journal>"
        "<ArticleTitle>T</ArticleTitle>"
        "<ArticleDate DateType='Electronic'><Year>2021</Year></ArticleDate>"
    )
    [rec] = pubmed_xml.read(_snippet(xml))
    assert rec.meta.year == 2021


def test_unparsable_date_warns() -> None:
    source = _snippet(
        _article(
            "<Journal><JournalIssue><PubDate><MedlineDate>10 15</MedlineDate></PubDate>"
            "</JournalIssue></Journal><ArticleTitle>T</ArticleTitle>"
        )
    )
    [rec] = pubmed_xml.read(source)
    assert rec.meta.year is None
    assert source.warnings == ["record 1: no year in publication date '10 15'"]


def test_only_trial_registries_count_as_registry_ids() -> None:
    xml = _article(
        "<ArticleTitle>T</ArticleTitle><DataBankList>"
        "<DataBank><DataBankName>GENBANK</DataBankName><AccessionNumberList>"
        "<AccessionNumber>AY123456</AccessionNumber></AccessionNumberList></DataBank>"
        "<DataBank><DataBankName>ISRCTN</DataBankName><AccessionNumberList>"
        "<AccessionNumber>ISRCTN12345678</AccessionNumber></AccessionNumberList></DataBank>"
        "<DataBank><DataBankName>ClinicalTrials.gov</DataBankName><AccessionNumberList>"
        "<AccessionNumber>nct01234567</AccessionNumber><AccessionNumber>NCT07654321</AccessionNumber>"
        "</AccessionNumberList></DataBank></DataBankList>"
    )
    [rec] = pubmed_xml.read(_snippet(xml))
    assert rec.meta.registry_ids == ["ISRCTN12345678", "NCT01234567", "NCT07654321"]


def test_doi_prefix_and_case_are_normalised() -> None:
    xml = _article(
        "<ArticleTitle>T</ArticleTitle>"
        "<ELocationID EIdType='doi'>https://doi.org/10.1000/ABC.1.</ELocationID>"
    )
    [rec] = pubmed_xml.read(_snippet(xml))
    assert rec.meta.doi == "10.1000/abc.1"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("<PubmedArticleSet><PubmedArticle>", "not valid XML"),
        ("<PubmedArticleSet></PubmedArticleSet>", "no PubmedArticle"),
        ("<html><body>PubMed</body></html>", "not PubMed XML"),
        ("just text", "not valid XML"),
    ],
)
def test_unusable_files_raise_input_error(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        list(pubmed_xml.read(_snippet(text)))


def test_truncated_fixture_is_not_valid_xml() -> None:
    text = (CORPUS / FOLDER / "pubmed2.xml").read_text(encoding="utf-8")
    with pytest.raises(InputError, match="not valid XML"):
        list(pubmed_xml.read(_snippet(text[: len(text) // 2])))


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    "<PubmedArticleSet><PubmedArticle><MedlineCitation><Article>"
    "<ArticleTitle>&lol3;</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>"
)
EXTERNAL_ENTITY = (
    '<?xml version="1.0"?><!DOCTYPE PubmedArticleSet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    "<PubmedArticleSet><PubmedArticle><MedlineCitation><Article>"
    "<ArticleTitle>&xxe;</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>"
)


@pytest.mark.parametrize("text", [BILLION_LAUGHS, EXTERNAL_ENTITY])
def test_entity_declarations_are_refused(text: str) -> None:
    with pytest.raises(InputError, match="refused"):
        list(pubmed_xml.read(_snippet(text)))


def _check(source: SourceFile) -> None:
    try:
        records = list(pubmed_xml.read(source))
    except InputError:
        return
    for rec in records:
        assert rec.meta.title is None or isinstance(rec.meta.title, str)
        assert isinstance(rec.body, str)
        assert all(isinstance(a, str) and a for a in rec.meta.authors)


@settings(max_examples=150, deadline=None)
@given(st.text())
def test_random_text_gives_records_or_input_error(text: str) -> None:
    _check(_snippet(text))


_SEEDS = [
    "pubmed-29768149.xml",
    "MedlineImporterTestArticleItalics.xml",
    "MedlineImporterTestBookArticleSet.xml",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(_SEEDS),
    st.lists(st.tuples(st.floats(0, 1), st.integers(0, 40), st.text(max_size=12)), max_size=4),
)
def test_mutated_fixtures_give_records_or_input_error(name: str, edits: list[tuple[float, int, str]]) -> None:
    text = (CORPUS / FOLDER / name).read_text(encoding="utf-8")
    for where, cut, insert in edits:
        at = int(where * len(text))
        text = text[:at] + insert + text[at + cut :]
    _check(_snippet(text))


def test_deeply_nested_markup_is_read() -> None:
    deep = "<i>" * 5000 + "x" + "</i>" * 5000
    [rec] = pubmed_xml.read(_snippet(_article(f"<ArticleTitle>a {deep} b</ArticleTitle>")))
    assert rec.meta.title == "a x b"


def test_unknown_declared_encoding_is_input_error() -> None:
    with pytest.raises(InputError, match="not valid XML"):
        list(pubmed_xml.read(_snippet('<?xml version="1.0" encoding="UT-8"?><PubmedArticleSet/>')))
