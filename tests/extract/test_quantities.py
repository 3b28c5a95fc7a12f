"""Numbers as abstracts write them."""

from __future__ import annotations

import re

from evidence.extract.quantities import COUNT, number, parse_count, unit_name


def test_parse_count_digits_and_words() -> None:
    assert parse_count("23") == 23
    assert parse_count("1,234") == 1234
    assert parse_count("Thirty-one") == 31
    assert parse_count("one hundred and twenty") == 120
    assert parse_count("two thousand five hundred") == 2500


def test_parse_count_rejects_other_words() -> None:
    assert parse_count("several") is None
    assert parse_count("") is None


def test_count_pattern_skips_decimals_fractions_and_ranges() -> None:
    pattern = re.compile(COUNT)
    assert pattern.search("2.5 mg") is None
    assert pattern.search("16/23") is None
    assert pattern.search("Fifty-seven patients").group() == "Fifty-seven"


def test_units_and_numbers() -> None:
    assert unit_name("yrs") == "years"
    assert unit_name("mo.") == "months"
    assert unit_name("wk") == "weeks"
    assert unit_name(None) is None
    assert number("21") == 21 and isinstance(number("21"), int)
    assert number("54.3") == 54.3
