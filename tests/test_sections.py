"""Structured abstracts: headings are recognised and laid out, prose is not split."""

from __future__ import annotations

from evidence.sections import find_headings, layout_sections, shift_offset


def labels(text: str) -> list[str]:
    return [label for _, _, label in find_headings(text)]


def test_headings_with_colons_glued_to_the_text() -> None:
    text = "Objective:We ask.Methods:We did.Results:It worked.Conclusion:Good."
    assert labels(text) == ["objective", "methods", "results", "conclusion"]


def test_headings_without_colons_after_a_full_stop() -> None:
    text = ("Abstract Background Drug X is new. Patients and Methods Fifty patients took it. "
            "Results The rate was 50%. Conclusions It works.")
    assert labels(text) == ["background", "methods", "results", "conclusion"]


def test_heading_words_inside_sentences_are_not_headings() -> None:
    text = "Background: X. Methods: Y. Our results were good and the methods sound. Conclusion: Z."
    assert labels(text) == ["background", "methods", "conclusion"]


def test_a_lone_heading_word_in_prose_is_not_structure() -> None:
    assert labels("We treated 20 patients. Results were encouraging in most.") == []


def test_layout_puts_each_heading_on_its_own_paragraph() -> None:
    text = "Objective:We ask. Methods:We did. Results:It worked."
    new, sections, _ = layout_sections(text)
    assert new == "Objective:\nWe ask.\n\nMethods:\nWe did.\n\nResults:\nIt worked."
    assert [(s.label, new[s.start : s.end].split(":")[0]) for s in sections] == [
        ("objective", "Objective"), ("methods", "Methods"), ("results", "Results")]


def test_offsets_follow_the_layout() -> None:
    text = "Objective:We ask. Methods:We did 23 things."
    new, _, edits = layout_sections(text)
    old = text.index("23")
    assert new[shift_offset(old, edits):].startswith("23 things")


def test_journal_specific_headings_of_other_specialties() -> None:
    esc = "Background and aims: X is new. Methods and results: We randomised 120 adults; 40% improved."
    assert labels(esc) == ["background", "results"]
    korean = "Background/Aims: X is rare. Methods: We reviewed records. Results: 59 were included."
    assert labels(korean) == ["background", "methods", "results"]
    jama_review = "Importance: X matters. Data Sources: MEDLINE. Data Synthesis: 12 trials. Conclusions: Y."
    assert labels(jama_review) == ["background", "methods", "results", "conclusion"]


def test_heading_scan_matches_the_plain_finditer() -> None:
    """`_heading_matches` tries `_HEADING` only where its lookbehinds can hold: same matches."""
    import random

    from evidence.sections import _HEADING, _heading_matches

    words = ["Background", "BACKGROUND", "Methods", "methods", "Results", "Conclusions", "Abstract",
             "Aims of the study", "Trial registration", ":", ".", ". ", "\n", "\n\n", "\n\n\n", " ",
             "The", "we", "(1)", ")", "]", "!", "?", "\t", "\u00a0", "Foo:\n"]
    rng = random.Random(5)
    for _ in range(2000):
        text = "".join(rng.choice(words) + rng.choice(["", " "]) for _ in range(rng.randint(0, 30)))
        expected = [(m.start(), m.end()) for m in _HEADING.finditer(text)]
        assert [(m.start(), m.end()) for m in _heading_matches(text)] == expected, repr(text)


def test_caseless_letters_match_what_ignorecase_matches() -> None:
    """`_caseless` spells out `(?i)` for ASCII letters: checked against `re` over every code point."""
    import re

    from evidence.sections import _caseless

    everything = "".join(map(chr, range(0x110000))).encode("utf-8", "surrogatepass").decode(
        "utf-8", "surrogatepass"
    )
    for letter in "abcdefghijklmnopqrstuvwxyz":
        assert set(re.findall("(?i)" + letter, everything)) == set(re.findall(_caseless(letter), everything))


def test_headings_with_unusual_case_folds() -> None:
    """"ſ", "ı", "İ" and the Kelvin sign match as `(?i)` lets them, as before the rewrite."""
    text = "Intro text.\n\nReſults:\nWe found.\n\nConclusıons:\nIt works."
    assert labels(text) == ["results", "conclusion"]
