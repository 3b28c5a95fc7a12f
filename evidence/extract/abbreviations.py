"""Abbreviations a text defines for itself: "immune thrombocytopenic purpura (ITP)".

Abstracts define a short form once and then use only it, so "23 patients with
SAA" is only readable with the definition "severe aplastic anemia (SAA)" in hand.
A definition written in the text also overrides what a lexicon would guess the
letters mean ("RT" is radiotherapy in one abstract and "refractory
thrombocytopenia" in another).

The long form is read from the words before the parenthesis: first as words
whose initials spell the short form's capitals ("dissociative identity disorder
(DID)", skipping "of", "and", "the"), else by the Schwartz & Hearst (2003) rule:
the shortest stretch whose letters contain the short form's letters in order,
the first of them starting a word ("Immune thrombocytopenic purpura (ITP)"). A
plural short form ("DDs") is read without its "s".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# "(ABBR)", "( ABBR )", "(ABBR; 95% CI ...)": a short token with a capital letter somewhere.
_DEFINITION = re.compile(
    r"\(\s*(?P<abbr>(?=[A-Za-z0-9'/+-]{0,10}[A-Z])[A-Za-z][A-Za-z0-9'/+-]{0,9}?[A-Za-z0-9]?)\s*(?:[;,][^()]{0,40})?\)"
)


@dataclass(frozen=True, slots=True)
class Definition:
    """`abbr` stands for `long`; `long_start`/`long_end` locate the long form in the text."""

    abbr: str
    long: str
    long_start: int
    long_end: int
    abbr_start: int


def _long_form(abbr: str, window: str) -> int | None:
    """Offset in `window` (lower-cased) where the long form for `abbr` starts (Schwartz & Hearst), or None.

    Each letter of the short form is looked up from the right with `str.rfind` (the first letter must
    start a word), which keeps this cheap enough to run on every parenthesis.
    """
    letters = [c for c in abbr.lower() if c.isalnum()]
    end = len(window)
    for index in range(len(letters) - 1, -1, -1):
        char = letters[index]
        at = window.rfind(char, 0, end)
        if index == 0:
            while at > 0 and window[at - 1].isalnum():
                at = window.rfind(char, 0, at)
        if at < 0:
            return None
        end = at
    return end


_PART = re.compile(r"[a-z0-9&]+")
_SKIPPABLE = frozenset({"of", "and", "the", "in", "with", "to", "for", "on", "&"})


def _initials(abbr: str, window: str) -> int | None:
    """Offset in `window` where words whose initials spell the capitals of `abbr` start, or None."""
    capitals = [c.lower() for c in abbr if c.isupper()]
    if len(capitals) < 2 or len(capitals) != sum(c.isalpha() for c in abbr if not c.islower()):
        return None
    index = len(capitals) - 1
    for part in reversed(list(_PART.finditer(window))):
        word = part.group()
        if word[0] == capitals[index]:
            index -= 1
            if index < 0:
                return part.start()
        elif word not in _SKIPPABLE:
            return None
    return None


def _plausible_abbr(abbr: str) -> bool:
    letters = [c for c in abbr if c.isalpha()]
    if len(abbr) < 2 or not letters:
        return False
    capitals = sum(c.isupper() for c in abbr)
    if capitals == 0:
        return False  # "(range)", "(years)", "(mild)"
    if capitals == 1 and abbr[0].isupper() and abbr[1:].islower():
        return False  # "(Privigen)", "(Boston)": a capitalised word, not an abbreviation
    return not abbr.isdigit()


def definitions(text: str) -> list[Definition]:
    """Every "long form (ABBR)" definition in `text`, in order."""
    found: list[Definition] = []
    at = text.find("(")
    while at >= 0:
        here = at
        at = text.find("(", at + 1)
        match = _DEFINITION.match(text, here)
        if match is None:
            continue
        abbr = match.group("abbr")
        if not _plausible_abbr(abbr):
            continue
        begin = match.start()
        floor = max(0, begin - 160)
        before = text[floor:begin]
        words = before.split()[-min(len(abbr) + 5, len(abbr) * 2) :]
        if not words:
            continue
        position = len(before)
        for word in reversed(words):
            position = before.rfind(word, 0, position)
        start = floor + position
        window = text[start:begin].rstrip()
        if "." in window[:-1] or ";" in window:
            cut = max(window.rfind(". "), window.rfind(";"))
            if cut >= 0:
                start += cut + 1
                window = text[start:begin].rstrip()
        letters = abbr[:-1] if abbr.endswith("s") and abbr[:-1].isupper() else abbr
        offset = _initials(letters, window.lower())
        if offset is None:
            offset = _long_form(letters, window.lower())
        if offset is None:
            continue
        long_start = start + offset
        long = text[long_start : start + len(window)].strip()
        if len(long) <= len(abbr) or long.lower() == abbr.lower():
            continue
        if len(long.split()) > len(abbr) + 4:
            continue
        found.append(Definition(abbr, long, long_start, long_start + len(long), match.start("abbr")))
    return found
