"""Conclusion family: the authors' take-home sentences, without what trails them."""

from __future__ import annotations

from evidence.extract.conclusion import extract, sentences
from evidence.model import Metadata, ParsedRecord, Record
from evidence.records import build_record


def _record(body: str, fmt: str = "pubmed_xml", **extra: object) -> Record:
    return build_record(ParsedRecord(meta=Metadata(extra=dict(extra)), body=body), "t.xml", fmt, 1)


def _page(text: str) -> Record:
    parsed = ParsedRecord(meta=Metadata(), body=text, raw_start=0, raw_end=len(text), body_is_page=True)
    return build_record(parsed, "p.txt", "text", 1)


def _conclusion(record: Record) -> str | None:
    found = extract(record, {})
    if "conclusion" not in found:
        return None
    [candidate] = found["conclusion"]
    assert candidate.start is not None and candidate.end is not None
    # the span is the evidence: the same words as the value
    assert " ".join(record.text[candidate.start : candidate.end].split()) == candidate.value
    return candidate.value


STRUCTURED = (
    "Background: Night cramps are common in older adults. Methods: We gave 50 adults drink M for a month. "
    "Results: Cramps fell from 5 to 2 a week (p < 0.01). "
)


def test_labelled_section_taken_whole_without_lead_in() -> None:
    record = _record(
        STRUCTURED + "Conclusions: In summary, drink M reduces night cramps. It is cheap and safe."
    )
    assert _conclusion(record) == "drink M reduces night cramps. It is cheap and safe."


def test_labelled_section_drops_registration_and_disclosures() -> None:
    record = _record(
        STRUCTURED
        + "Conclusion: Drink M may ease night cramps. This trial was registered at ClinicalTrials.gov "
        "(NCT01234567). Disclosures Doe: Acme Corp: Honoraria."
    )
    assert _conclusion(record) == "Drink M may ease night cramps."


def test_labelled_section_drops_trailing_journal_citation() -> None:
    record = _record(
        STRUCTURED
        + "Conclusion: Drink M eases cramps in most adults. Int J Geriatr Care, 2018; Vol. 7(2): 11-15"
    )
    assert _conclusion(record) == "Drink M eases cramps in most adults."


def test_labelled_section_drops_figure_caption_and_copyright() -> None:
    record = _record(
        STRUCTURED + "Conclusion: Drink M eases cramps. Figure 1 Figure 1. © 2020 Some Publisher."
    )
    assert _conclusion(record) == "Drink M eases cramps."


def test_page_conclusion_stops_at_paragraph_end() -> None:
    text = (
        "Drink M for night cramps\n\nMethods:\nWe gave 50 adults drink M.\n\n"
        "Results:\nCramps fell by half.\n\nConclusions:\nDrink M halves night cramps.\n\n"
        "SUBMITTER: Doe J\n\nPROVIDER: S-EPMC123 | repository | 2020 Jan\n"
    )
    assert _conclusion(_page(text)) == "Drink M halves night cramps."


def test_unlabelled_lead_in() -> None:
    record = _record(
        "We gave 50 adults drink M for a month. Cramps fell from 5 to 2 a week. In conclusion, drink M is a "
        "simple remedy for night cramps. (ClinicalTrials.gov, no. NCT01234567)."
    )
    assert _conclusion(record) == "drink M is a simple remedy for night cramps."


def test_unlabelled_closing_present_tense_sentences() -> None:
    record = _record(
        "Night cramps disturb sleep. We gave 50 adults drink M for a month. Cramps fell from 5 to 2 a week "
        "(p < 0.01) and no adverse events occurred. Drink M is a safe option for night cramps. "
        "Larger trials should confirm the effect."
    )
    assert _conclusion(record) == (
        "Drink M is a safe option for night cramps. Larger trials should confirm the effect."
    )


def test_unlabelled_closing_stops_at_past_tense_result() -> None:
    record = _record(
        "We gave 50 adults drink M. Fewer adults had cramps in the second week than in the first. "
        "Drink M can reduce cramps."
    )
    assert _conclusion(record) == "Drink M can reduce cramps."


def test_unlabelled_results_only_abstract_falls_back_with_low_confidence() -> None:
    record = _record("We gave 50 adults drink M. Cramps fell from 5 to 2 a week (p < 0.01).")
    [candidate] = extract(record, {})["conclusion"]
    assert candidate.confidence < 0.5


def test_registry_record_has_no_conclusion() -> None:
    record = _record("Brief Summary: A study of drink M. The drink may reduce cramps.", fmt="ctgov_json")
    assert _conclusion(record) is None
    page = _page(
        "Drink M study\n- Registration Number\n- NCT01234567\n- Brief Summary\nA study of drink M. "
        "It may reduce cramps.\n- Study Type\n- INTERVENTIONAL\n"
    )
    assert _conclusion(page) is None


def test_empty_record_has_no_conclusion() -> None:
    assert _conclusion(_record("")) is None


def test_sentences_keep_abbreviations_and_initials_together() -> None:
    text = "As Smith et al. showed, drug K (e.g. 5 mg) helps. Trial no. 7 ended early. J. Doe agreed."
    spans = sentences(text, 0, len(text))
    assert [text[a:b] for a, b in spans] == [
        "As Smith et al. showed, drug K (e.g. 5 mg) helps.",
        "Trial no. 7 ended early.",
        "J. Doe agreed.",
    ]


def test_conclusions_heading_preferred_over_summary_heading() -> None:
    record = _record(
        "Summary: Night cramps are common. Methods: We gave 50 adults drink M. Results: Cramps fell by half. "
        "Conclusions: Drink M halves night cramps."
    )
    assert _conclusion(record) == "Drink M halves night cramps."


def test_a_registry_id_inside_a_methods_sentence_does_not_end_the_abstract() -> None:
    record = _page(
        "Drug K in older adults with leukaemia\n\nAbstract\n"
        "Older adults with leukaemia do poorly. In this single-arm phase II study (ChiCTR1900024456), we "
        "enrolled sixty patients. The response rate was 45% (27/60). Drug K is active and tolerable in "
        "older, unfit patients.\n"
    )
    assert _conclusion(record) == "Drug K is active and tolerable in older, unfit patients."


def test_a_registration_sentence_mid_abstract_is_skipped_not_a_stop() -> None:
    record = _page(
        "Drug K for gout\n\nAbstract\n"
        "We randomised 120 adults with gout to drug K or placebo for 12 weeks in four centres. "
        "The trial was registered at ClinicalTrials.gov (NCT01234567). Flares fell from 40% to 20% "
        "in the drug K group over the twelve weeks. Pain scores also fell by 30% compared with placebo "
        "during the trial. Drug K reduces gout flares and should be considered for adults with gout.\n"
    )
    assert _conclusion(record) == "Drug K reduces gout flares and should be considered for adults with gout."
    trailing = _page(
        "Drug K for gout\n\nAbstract\nWe randomised 120 adults with gout to drug K or placebo for 12 "
        "weeks. Flares fell from 40% to 20%. Drug K reduces gout flares. "
        "The trial was registered at ClinicalTrials.gov (NCT01234567).\n"
    )
    assert _conclusion(trailing) == "Drug K reduces gout flares."
