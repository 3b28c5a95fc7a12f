"""The speed rewrites give exactly what the plain patterns they replace give.

Each fast path (a folded IGNORECASE pattern, a first-character alternation, a scan that tries a
pattern only where it can start, the shared word set) is checked against its reference on the
sample pages and held-out abstracts (whole texts, sentences and windows of them) and on
generated strings built from the characters where the two could part: both cases, the letters
IGNORECASE equates with others ("ı", "ſ", "µ", "İ"), digits, brackets, dashes and white space.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from conftest import SAMPLE_DOCS
from hypothesis import given, settings
from hypothesis import strategies as st

from evidence.extract import (
    abstract_zones,
    conclusion,
    design_cues,
    interventions,
    outcome_names,
    outcome_numbers,
    outcomes,
    safety,
)
from evidence.extract.lexicon import load_lexicon
from evidence.extract.name_trie import first_character_alternation, trie_alternation
from evidence.extract.record_text import Folded, RecordText, record_text

HELDOUT = Path(__file__).resolve().parents[1] / "fixtures" / "heldout"
ALPHABET = "aAbcCdeEfFgiIklLmnNoOprRsStTuUvwxyzıſµμİé0123456789 \n\t\u00a0.,;:()[]-–/%±≥'\""


def _texts() -> list[str]:
    paths = sorted(SAMPLE_DOCS.glob("*.txt")) + sorted(HELDOUT.rglob("*.txt"))
    return [path.read_text(encoding="utf-8") for path in paths]


TEXTS = _texts()


def _pieces() -> list[str]:
    """Whole texts, their sentences, and windows cut anywhere (mid-word included)."""
    rng = random.Random(7)
    out = list(TEXTS)
    for text in TEXTS:
        out += [text[a:b] for a, b in abstract_zones.split_sentences(text)]
        for _ in range(20):
            start = rng.randrange(len(text))
            out.append(text[start : start + rng.randint(1, 300)])
    return out


PIECES = _pieces()
FUZZ = st.text(alphabet=ALPHABET, max_size=160)
_WORDS = (
    "5 twenty one out of OF the 1,000 patients and x ( [ ) , ; CR OS response RESPONSE severe acute "
    "kidney injury grade neutropenia Hepatitis events pain ABT-199 R406 HLH-2004 NCT01234567 et al. "
    "e.g. Fig. No. Dr. J. approx. vs. A. rituximab Rituximab2 -mab tinib ı ſ µg"
)
WORDY = st.lists(st.sampled_from([*_WORDS.split(" "), " ", "  ", "\n", "-", "."]), max_size=30).map(" ".join)


def _spans(matches: object) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    return [(m.span(), m.groups()) for m in matches]  # type: ignore[attr-defined]


def _same_folded(folded: Folded, piece: str) -> None:
    low = record_text(piece).low(0, len(piece))
    original = folded.pattern
    found = original.search(piece)
    mine = folded.search(piece, low)
    assert (found and (found.span(), found.groups())) == (mine and (mine.span(), mine.groups()))
    assert folded.found(piece, low) == (found is not None)
    assert folded.matches(piece, low) == (original.match(piece) is not None)
    assert _spans(folded.finditer(piece, low)) == _spans(original.finditer(piece))
    assert folded.count(piece, low) == len(original.findall(piece))


FOLDED = [
    abstract_zones._STUDY_SENTENCE_FOLDED,
    abstract_zones._OBJECTIVE_FOLDED,
    conclusion._PRESENT_FOLDED,
    safety._HEAD_PHRASE_FOLDED,
    safety._FINDING_FOLDED,
    outcomes._BASELINE_FOLDED,
    outcomes._STRONG_WORDS_FOLDED,
    interventions._RIGHT_NEGATIVE_FOLDED,
]


def test_folded_patterns_match_as_the_ignorecase_ones_on_the_fixtures() -> None:
    for piece in PIECES:
        for folded in FOLDED:
            _same_folded(folded, piece)


@settings(max_examples=300, deadline=None)
@given(FUZZ)
def test_folded_patterns_match_as_the_ignorecase_ones_on_any_string(piece: str) -> None:
    for folded in FOLDED:
        _same_folded(folded, piece)


def test_texts_with_characters_ignorecase_equates_are_not_folded() -> None:
    for char in "ıſµμΜİβϐ":
        assert not record_text(f"x{char}y").foldable
    assert record_text("Plain text, ≥ 5 mg – “quoted”").foldable


@settings(max_examples=300, deadline=None)
@given(FUZZ)
def test_the_word_set_is_the_regex_words(piece: str) -> None:
    lower = piece.lower()
    shared = RecordText(piece, lower, True, True)
    assert shared.words() == {word.encode() for word in re.findall(r"\w+", lower)}


def test_first_character_alternations_find_what_the_design_patterns_find() -> None:
    sources = [pattern.lower() for pattern in design_cues._PATTERNS.values()]
    rewritten = [(re.compile(source), re.compile(first_character_alternation(source))) for source in sources]
    for piece in PIECES:
        lower = piece.lower()
        for original, fast in rewritten:
            assert _spans(fast.finditer(lower)) == _spans(original.finditer(lower))


def test_first_character_alternation_leaves_what_it_cannot_rewrite() -> None:
    assert first_character_alternation(r"\bab|cd") == r"\bab|cd"
    assert first_character_alternation(r"(x)y|z") == r"(x)y|z"
    assert first_character_alternation(r"(?:ab|ac)x|b") == r"a(?:bx|cx)|b"
    assert first_character_alternation(r"(?:a)?b|c") == r"ab|b|c"


def _split_with_regex(text: str) -> list[tuple[int, int]]:
    """split_sentences as it was: a regex search for the abbreviation before each full stop."""
    spans: list[tuple[int, int]] = []
    begin = 0
    for match in re.finditer(r"[.!?](?=\s+[\"'(\[]?[A-Z0-9])|\n", text):
        cut = match.end() if match.group() != "\n" else match.start()
        if match.group() == "." and abstract_zones._NO_BREAK.search(text, max(begin, cut - 8), cut):
            continue
        abstract_zones._push(text, begin, cut, spans)
        begin = match.end()
    abstract_zones._push(text, begin, len(text), spans)
    return spans


@settings(max_examples=300, deadline=None)
@given(WORDY)
def test_sentence_split_keeps_abbreviations_as_the_regex_did(text: str) -> None:
    assert abstract_zones.split_sentences(text) == _split_with_regex(text)


def test_sentence_split_on_the_fixtures() -> None:
    for text in TEXTS:
        assert abstract_zones.split_sentences(text) == _split_with_regex(text)


@pytest.mark.parametrize(
    ("fast", "reference"),
    [
        (lambda s: interventions._code_names(s), lambda s: interventions._CODE_NAME.finditer(s)),
        (
            lambda s: outcome_numbers._n_of_n(s, 0, len(s)),
            lambda s: outcome_numbers._N_OF_N.finditer(s, 0, len(s)),
        ),
        (
            lambda s: outcome_numbers._n_of_n(s, len(s) // 3, len(s) - 2),
            lambda s: outcome_numbers._N_OF_N.finditer(s, len(s) // 3, len(s) - 2),
        ),
        (
            lambda s: safety._head_phrases(s, s.lower() if record_text(s).foldable else None),
            lambda s: safety._HEAD_PHRASE.finditer(s),
        ),
    ],
)
def test_scans_that_try_patterns_only_where_they_can_start(fast, reference) -> None:  # type: ignore[no-untyped-def]
    for piece in PIECES:
        assert _spans(fast(piece)) == _spans(reference(piece))

    @settings(max_examples=300, deadline=None)
    @given(WORDY)
    def fuzz(piece: str) -> None:
        assert _spans(fast(piece)) == _spans(reference(piece))

    fuzz()


@settings(max_examples=300, deadline=None)
@given(WORDY)
def test_names_before_a_bracket_and_result_words(piece: str) -> None:
    for left in (piece + " (", piece + "[ ", piece):
        expected = outcome_names._NAME_BEFORE_PARENS.search(left)
        found = outcome_names._before_parens(left)
        assert (expected and (expected.span(), expected.groups())) == (
            found and (found.span(), found.groups())
        )
    record_text(piece)
    for start, end in ((0, len(piece)), (len(piece) // 2, len(piece))):
        expected = outcomes._STRONG.search(piece, start, end)
        found = outcomes._strong(piece, start, end)
        assert (expected and expected.span()) == (found and found.span())
        assert outcomes._has_strong(piece, start, end) == (expected is not None)


def test_conclusion_shortcuts() -> None:
    inline = re.compile(
        r"(?<![A-Za-z])(?:CONCLUSIONS|CONCLUSION|INTERPRETATION)(?:\s+AND\s+RELEVANCE)?\s*[:.]?\s*(?=\S)"
    )
    extra = ["95 %", "p<0.05", "xp<1", "aCI 1", "(n =", "xOR 2", "HR: 3", "a1/2", "CCONCLUSIONS y"]
    extra += ["ICONCLUSION x", "INTERPRETATION AND RELEVANCE: y", "CONCLUSIONSBGC use"]
    for piece in PIECES + extra:
        assert bool(conclusion._RESULT_LIKE_ANY.search(piece)) == bool(conclusion._RESULT_LIKE.search(piece))
        expected, found = inline.search(piece), conclusion._INLINE_LABEL.search(piece)
        assert (expected and expected.span()) == (found and found.span())


def test_lexicon_names_are_found_where_the_whole_pattern_finds_them() -> None:
    lexicon = load_lexicon()
    _, names, _ = interventions._patterns(lexicon)
    body = trie_alternation(sorted({form.lower() for form in lexicon.terms["interventions"]}))
    reference = re.compile(rf"(?<![\w])(?:{body})(?P<ord>[123])?(?![\w])")
    extra = ["(pci)(pci) x", "a percutaneous coronary intervention (pci)rituximab", "rituximab2 rituximab1x"]
    for piece in PIECES + extra:
        lower = piece.lower()
        shared = RecordText(piece, lower, True, True)
        expected = [(m.group(), m.group("ord"), m.start(), m.end()) for m in reference.finditer(lower)]
        assert interventions._lexicon_matches(shared, names) == expected


def test_design_words_come_from_the_shared_set_only_where_the_splits_agree() -> None:
    breaks = set(design_cues._BREAKS) | set(b" \t\n\r\x0b\x0c")
    for code in range(128):
        char = chr(code)
        non_word = not (char.isalnum() or char == "_")
        assert (non_word != (code in breaks)) == bool(design_cues._UNSPLIT.match(char)), repr(char)
