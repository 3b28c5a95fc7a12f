"""Cleaning: what the reviewer reads is free of layout noise, and offsets lead back to the file."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from evidence.clean import clean_text


def test_layout_white_space_collapses_but_paragraphs_stay() -> None:
    cleaned = clean_text("First   line\t here\n\t   \n\n   Second paragraph\nnext line")
    assert cleaned.text == "First line here\n\nSecond paragraph\nnext line"


def test_html_entities_are_decoded_once() -> None:
    assert clean_text("count &gt;50 &amp;lt; x&nbsp;y").text == "count >50 &lt; x y"


def test_decoded_markup_is_text_not_a_tag() -> None:
    # "&lt;i&gt;" is a document talking about a tag; it must stay visible.
    assert clean_text("the &lt;i&gt; tag").text == "the <i> tag"


def test_layout_tags_removed_but_comparisons_kept() -> None:
    text = clean_text("<h4>Background</h4>Defects <i>in</i> count <20X109/L and p<0.05").text
    assert text == "Background\n\nDefects in count <20X109/L and p<0.05"


def test_terminal_escapes_and_controls_are_removed() -> None:
    raw = "a\x1b[31mred\x1b[0m b\x1b]0;title\x07c\x00d\x08e\x7f"
    assert clean_text(raw).text == "ared bcde"


def test_mojibake_is_repaired() -> None:
    assert clean_text("The cafÃ© is â€œniceâ€\x9d").text == "The café is “nice”"


def test_correct_text_is_left_alone() -> None:
    # What a blunt fixer would damage: curly quotes, ligatures, full-width, symbols, CJK.
    good = "naïve “quoted” ﬁne ＡＢ ≥18 years, 10⁹/L, 难治 ± 1.5 µg, Ångström, Łódź"
    assert clean_text(good).text == good


def test_offsets_map_back_to_the_raw_text() -> None:
    raw = "Title\n\n\t\t  Results: 69.5% (16/23) &gt; all"
    cleaned = clean_text(raw, raw_base=100)
    start = cleaned.text.index("69.5%")
    assert raw[cleaned.raw_offset(start) - 100 :].startswith("69.5%")


def test_every_word_keeps_its_anchor_across_tags_entities_and_escapes() -> None:
    # Lone spaces are not tokens (speed): each word must still get the anchor it had when they were.
    raw = " The <i>drug</i> cut <b> pain </b>by half &amp; p<0.05 \x1b[1m in  two\ngroups "
    cleaned = clean_text(raw, raw_base=10)
    assert cleaned.text == "The drug cut pain by half & p<0.05 in two\ngroups"
    assert cleaned.anchors == [(0, 11), (4, 18), (9, 27), (13, 35), (18, 44), (21, 47), (26, 52),
                               (28, 58), (35, 70), (38, 74), (42, 78)]


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_cleaning_any_text_gives_printable_text(raw: str) -> None:
    text = clean_text(raw).text
    assert "\x1b" not in text
    assert all(ch in "\n" or ord(ch) >= 32 for ch in text)
    assert text == text.strip()


def test_a_stray_c1_control_leaves_no_space_behind() -> None:
    assert clean_text("0 \x8d").text == "0"
    assert clean_text("a \x8d b").text == "a b"
    assert clean_text("end \x8d\n\nnext").text == "end\n\nnext"
    assert clean_text("\x8d\n\nabc").text == "abc"


def test_clean_plain_is_clean_text_without_anchors() -> None:
    """The text-only path used for structured records gives exactly `clean_text(...).text`."""
    import random

    from evidence.clean import clean_plain

    alphabet = [*"ab c  \t\n\n\r&;<>/#x1", "&amp;", "&nbsp;", "&#10;", "&lt;i&gt;", "<i>", "</p>", "<br/>",
                "\x1b[31m", "\x9b1m", "\x85", "\u00a0", "Ã©", "â€\x9d", "é", "e\u0301", "\u200b", "\ufeff",
                "–", "’", "&#x1b;", "\n \n", "<div class='x'>", "<sup>", "µ", "±"]
    rng = random.Random(7)
    samples = ["", " ", "  ", " a ", "p<0.05", "AT&T", "caf\u00c3\u00a9 au lait"]
    samples += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 25))) for _ in range(3000)]
    for sample in samples:
        assert clean_plain(sample) == clean_text(sample).text, repr(sample)


def test_ftfy_skipped_only_where_it_changes_nothing() -> None:
    """`_ftfy_is_identity` agrees with ftfy's own `is_bad`, line by line, and never skips a fix."""
    import random
    import unicodedata

    import ftfy
    from ftfy.badness import is_bad

    from evidence import clean

    assert clean._MOJIBAKE_MARKER is not None  # the shortcut is on with this ftfy
    marks = "".join(chr(c) for c in range(0xA0, 0x180)) + "–—’“”…€™•‰≤≥±µ°×ÂÃÎÐØÙ\x85\x9d√≈‚ΒΓВГРСЂe\u0301"
    alphabet = [*"abcXYZ .,?!\n ", *marks]
    rng = random.Random(11)
    samples = ["Ã©tude", "caf\u00e9 – 5 ± 2 µg", "â€œquotedâ€\x9d", "Ã ", "x\nÃ  y", "p≤0.05; 95% CI –0.3"]
    samples += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 12))) for _ in range(20000)]
    for sample in samples:
        skip = clean._ftfy_is_identity(sample)
        if skip:
            assert ftfy.fix_text(sample, config=clean._FTFY_CONFIG) == sample, repr(sample)
        if not clean._FTFY_OTHER.search(sample) and unicodedata.is_normalized("NFC", sample):
            lines = [line + "\n" for line in sample.split("\n")]
            lines[-1] = lines[-1][:-1]
            assert skip == (not any(is_bad(line) for line in lines if line)), repr(sample)
