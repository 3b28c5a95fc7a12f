"""The record's text as the families read it: lower-cased once, and case-insensitive patterns run fast.

Python's regex engine is several times slower with IGNORECASE: a literal then compares
case-folded characters one by one, and an alternation can no longer rule out its branches
by their first character. Most of the families' patterns are IGNORECASE, and together they
were about a fifth of the extraction time. `Folded` runs such a pattern as a case-sensitive
one with lower-cased literals over the lower-cased text (measured on the benchmark's
abstracts: 2 to 2.5 times faster for the costly ones, e.g. the adverse-event noun phrase 52
-> 21 us per record), and then matches the original pattern once where that found a match,
so callers get the very match object (spans, groups in the original case) the original
pattern would have given.

The two agree on every text whose characters lower-case one to one and that holds none of the
few characters IGNORECASE equates with a letter of a different lower case ("ı" and "ſ" match
"i" and "s", "µ" matches "μ"): `RecordText.foldable` says so, computed once per record;
elsewhere (a few records in a hundred) `Folded` simply runs the original pattern.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass

from evidence.model import Record

# Characters IGNORECASE equates with a character of another lower case: "İ", "ı", "ſ" with ASCII
# letters, the micro sign with Greek mu, "β" with its curled form (brute force over all code points).
_UNFOLDABLE = re.compile("[\u0130\u0131\u017f\u00b5\u03bc\u039c\u03b2\u03d0]")
# Cased non-ASCII characters a folded pattern may hold (besides case-less ones such as "≥" or "◽"):
# those of `_UNFOLDABLE`, and letters with no other case equivalent than their upper case.
_FOLDABLE_LITERALS = frozenset("µμβïéèäöüç")


# ASCII characters that are not regex word characters, read as spaces to split the text into words.
_NON_WORD = bytes(c for c in range(128) if not (chr(c).isalnum() or chr(c) == "_"))
_NON_WORD_TO_SPACE = bytes.maketrans(_NON_WORD, b" " * len(_NON_WORD))
_WORD_RUN = re.compile(r"\w+")


@dataclass(slots=True)
class RecordText:
    """`text`, its lower-cased form `lower` (same length, so offsets hold), and whether it is foldable.

    `plain` says that `text.lower()` itself keeps the length (a few characters lower-case into
    two; `lower` keeps those as they are).
    """

    text: str
    lower: str
    plain: bool
    foldable: bool
    _words: frozenset[bytes] | None = None

    def low(self, start: int, end: int) -> str | None:
        """The lower-cased slice for a `Folded` pattern, or None where folding may differ."""
        return self.lower[start:end] if self.foldable else None

    @property
    def folded(self) -> str | None:
        """The whole lower-cased text for a `Folded` pattern, or None where folding may differ."""
        return self.lower if self.foldable else None

    def words(self) -> frozenset[bytes]:
        """Every word of `lower` (a maximal run of regex word characters, `\\w+`), UTF-8 encoded.

        A set test then tells whether a vocabulary can occur at all, for the cost of one set
        intersection. Built by translating ASCII punctuation to spaces in the UTF-8 bytes and
        splitting (about 30 us per abstract, half of `re.findall(r"\\w+")`); the rare piece
        holding a non-ASCII character (a dash, "±") is split by the regex.
        """
        if self._words is None:
            found = set(self.lower.encode().translate(_NON_WORD_TO_SPACE).split())
            if not self.lower.isascii():
                for piece in [piece for piece in found if not piece.isascii()]:
                    found.discard(piece)
                    found.update(run.encode() for run in _WORD_RUN.findall(piece.decode()))
            self._words = frozenset(found)
        return self._words


_cache: list[RecordText] = []


def record_text(record: Record | str) -> RecordText:
    """The record's lower-cased text, computed once per text for all families.

    One entry, for the record being extracted; it is read once, so a caller never gets another
    text's entry even if a second thread replaced it meanwhile."""
    text = record if isinstance(record, str) else record.text
    cached = _cache[0] if _cache else None
    if cached is not None and cached.text is text:
        return cached
    lower = text.lower()
    plain = len(lower) == len(text)
    if not plain:
        lower = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    result = RecordText(text, lower, plain, plain and (text.isascii() or _UNFOLDABLE.search(text) is None))
    _cache[:] = [result]
    return result


def plain_lower(text: str) -> str:
    """`text.lower()`, from the shared `RecordText` when `text` is the record's text (computed once;
    each of the families lower-cased the whole text again)."""
    shared = record_text(text)
    return shared.lower if shared.plain else text.lower()


def _lower_source(source: str) -> str:
    """A pattern's source with its literals lower-cased: escapes ("\\S", "\\W", "\\B") and group names
    stay as written."""
    out: list[str] = []
    index = 0
    while index < len(source):
        char = source[index]
        if char == "\\":
            follower = source[index + 1]
            if follower in "xuU":
                width = {"x": 2, "u": 4, "U": 8}[follower]
                coded = chr(int(source[index + 2 : index + 2 + width], 16))
                if not coded.lower() == coded == coded.upper():
                    raise ValueError(f"cannot fold a cased character escape: {source[index : index + 10]}")
                out.append(source[index : index + 2 + width])
                index += 2 + width
                continue
            if follower == "N":
                raise ValueError("cannot fold a named character escape")
            out.append(source[index : index + 2])
            index += 2
            continue
        if source.startswith(("(?P<", "(?P="), index):
            close = source.index(">" if source[index + 3] == "<" else ")", index)
            out.append(source[index : close + 1])
            index = close + 1
            continue
        if source.startswith("(?-i", index):
            raise ValueError("cannot fold a case-sensitive part")
        if not char.isascii() and char not in _FOLDABLE_LITERALS and not char.lower() == char == char.upper():
            raise ValueError(f"cannot fold the character {char!r}")
        out.append(char.lower())
        index += 1
    return "".join(out)


class Folded:
    """An IGNORECASE pattern, run case-sensitively over lower-cased text where that gives the same matches.

    Each method takes the string the original pattern would search and its lower-cased form
    (`RecordText.low`), or None for that form to run the original pattern as it is.
    """

    __slots__ = ("folded", "pattern")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        if not pattern.flags & re.IGNORECASE:
            raise ValueError("only an IGNORECASE pattern needs folding")
        self.pattern = pattern
        self.folded = re.compile(_lower_source(pattern.pattern), pattern.flags & ~re.IGNORECASE)

    def search(
        self, string: str, low: str | None, pos: int = 0, endpos: int = sys.maxsize
    ) -> re.Match[str] | None:
        if low is None:
            return self.pattern.search(string, pos, endpos)
        found = self.folded.search(low, pos, endpos)
        return None if found is None else self.pattern.match(string, found.start(), endpos)

    def match(
        self, string: str, low: str | None, pos: int = 0, endpos: int = sys.maxsize
    ) -> re.Match[str] | None:
        if low is None:
            return self.pattern.match(string, pos, endpos)
        if self.folded.match(low, pos, endpos) is None:
            return None
        return self.pattern.match(string, pos, endpos)

    def found(self, string: str, low: str | None, pos: int = 0, endpos: int = sys.maxsize) -> bool:
        """Whether `search` finds a match (no second match on the original for the match object)."""
        if low is None:
            return self.pattern.search(string, pos, endpos) is not None
        return self.folded.search(low, pos, endpos) is not None

    def matches(self, string: str, low: str | None, pos: int = 0, endpos: int = sys.maxsize) -> bool:
        """Whether `match` matches."""
        if low is None:
            return self.pattern.match(string, pos, endpos) is not None
        return self.folded.match(low, pos, endpos) is not None

    def finditer(
        self, string: str, low: str | None, pos: int = 0, endpos: int = sys.maxsize
    ) -> Iterator[re.Match[str]]:
        if low is None:
            yield from self.pattern.finditer(string, pos, endpos)
            return
        match = self.pattern.match
        for found in self.folded.finditer(low, pos, endpos):
            confirmed = match(string, found.start(), endpos)
            if confirmed is not None:
                yield confirmed

    def count(self, string: str, low: str | None) -> int:
        """len(pattern.findall(string))."""
        if low is None:
            return len(self.pattern.findall(string))
        return len(self.folded.findall(low))
