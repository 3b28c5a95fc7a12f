"""Sex as counts covering the whole sample: stated counts, shares with a known sample, one-sex populations."""

from __future__ import annotations

from evidence.extract.population import extract
from evidence.model import Metadata, ParsedRecord
from evidence.records import build_record


def _sex(body: str, fmt: str = "pubmed_xml") -> dict | None:
    record = build_record(ParsedRecord(meta=Metadata(), body=body), "t.xml", fmt, 1)
    candidates = extract(record, {}).get("sex")
    return candidates[0].value if candidates else None


def test_counts_stated() -> None:
    assert _sex("Results: A total of 30 patients were included, 13 males and 17 females.") == {
        "male": 13,
        "female": 17,
    }


def test_counts_stated_women_first() -> None:
    body = "Results: A total of 25 adults were included (15 women and 10 men)."
    assert _sex(body) == {"male": 10, "female": 15}


def test_percent_converted_with_sample() -> None:
    body = "Results: Forty patients (55% female, median age 50 years) were included."
    assert _sex(body) == {"male": 18, "female": 22}


def test_count_with_percent_converted() -> None:
    body = "Methods: A total of 50 patients were enrolled; 20 (40%) were men."
    assert _sex(body) == {"male": 20, "female": 30}


def test_slash_counts() -> None:
    assert _sex("Results: A total of 23 patients (M/F 10/13) were analysed.") == {"male": 10, "female": 13}


def test_pregnant_women_are_all_female() -> None:
    body = "Methods: Pregnant women with lupus were included. Results: A total of 18 cases were analysed."
    assert _sex(body) == {"male": 0, "female": 18}


def test_single_patient_sex() -> None:
    assert _sex("Case: A 35-year-old woman presented with fever. She improved.") == {"male": 0, "female": 1}


# ---------------------------------------------------------------- near-misses


def test_subgroup_counts_that_do_not_cover_the_sample_are_dropped() -> None:
    body = "Results: A total of 40 patients were enrolled. The drug K group had 6 boys and 5 girls."
    assert _sex(body) is None


def test_percent_without_a_sample_is_not_converted() -> None:
    assert _sex("Results: Of those treated, 60% were female and most improved.") is None


def test_not_pregnant_is_an_exclusion_not_a_population() -> None:
    body = "Methods: A total of 40 adults were enrolled. Women who were not pregnant and men were eligible."
    assert _sex(body) is None


# ---------------------------------------------------------------- held-out weaknesses


def test_singular_sex_word_after_one() -> None:
    body = "Results: We describe four patients (three women and one man, aged 24 to 58 years) with TTP."
    assert _sex(body) == {"male": 1, "female": 3}


def test_percent_in_square_brackets() -> None:
    body = "Results: We studied 4,732 participants (mean age 73.9 years; 2,745 [58.0%] women)."
    assert _sex(body) == {"male": 1987, "female": 2745}


def test_count_with_noun_and_percent_before_the_verb() -> None:
    body = "Results: Fifty-nine patients were included, and 35 patients (59.3%) were male."
    assert _sex(body) == {"male": 35, "female": 24}


def test_predicative_count_with_a_sure_sample() -> None:
    body = "Results: Thirty-eight patients were treated. The mean age was 61 years and 21 were female."
    assert _sex(body) == {"male": 17, "female": 21}


def test_a_bare_count_of_one_sex_is_not_converted() -> None:
    body = "Methods: Thirty-eight patients were treated. Results: Toxicity was seen in 5 women."
    assert _sex(body) is None
