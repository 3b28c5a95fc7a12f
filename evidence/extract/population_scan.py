"""One pass of cheap look-ups over a record, shared by the population and follow-up fields.

Speed matters (the pipeline reads over 1,000 records a second), and Python's regex
engine is slow at scanning a whole abstract once per pattern. So one scan finds,
at word starts of the lower-cased text, every trigger word any of these fields
needs: the conditions lexicon's names, population nouns ("patients", "women"),
status words ("refractory", "chronic"), "age", "old", sex words and "follow".
The words form one prefix tree, so the scan tries each word start once, and a
longer name wins over its first word ("chronic lymphocytic leukemia" is a name,
not the status "chronic"). Each field then runs its full pattern anchored at its
own few hits. Also shared: the lower-cased text, the sentences with their zones,
and the population nouns with the count written before each of them.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from evidence.extract.abstract_zones import Layout, layout
from evidence.extract.condition_mentions import patterns
from evidence.extract.lexicon import Lexicon, load_lexicon
from evidence.extract.name_trie import trie_alternation
from evidence.extract.quantities import parse_count
from evidence.extract.record_text import record_text
from evidence.extract.vocab import COUNT_STOP, TRIGGERS, WORD_NUMBERS
from evidence.model import Record

_NOUN_TAIL = re.compile(
    r"(?:patients?|subjects?|participants?|adults?|children|child|infants?|neonates?|newborns?|adolescents?"
    r"|teenagers?|toddlers?|youths?|women|men|girls|boys|cases|volunteers?|individuals?|people|persons?"
    r"|pregnant\s+women|pregnancies|mothers|recipients?|survivors?|residents?|students?|workers?|athletes?"
    r"|veterans?|smokers?|respondents?|donors?|nurses|employees|elderly|eyes|couples|families|population"
    r"|cohort|controls|man|woman|boy|girl|gentleman|lady)\b"
)
NON_COUNT_NOUNS = frozenset({"population", "cohort", "elderly"})

_MOD_WORD = re.compile(r"[a-z][a-z0-9'/+-]*")
_DIGITS = re.compile(r"\d{1,3}(?:,\d{3})+|\d{1,6}")


@dataclass(slots=True)
class Noun:
    """A population noun, with the count written before it when there is one."""

    start: int
    end: int
    word: str
    count: int | None = None
    count_start: int | None = None


@dataclass
class Scan:
    """Shared look-ups over one record (see the module docstring).

    `hits[kind]` lists (start, end, word) of the trigger words of that kind; "name" holds the
    conditions lexicon's names (end checked: the name stops at a word end).
    """

    record: Record
    text: str
    lower: str
    lay: Layout
    starts: list[int]
    nouns: list[Noun]
    hits: dict[str, list[tuple[int, int, str]]]
    _zones: dict[int, str] = field(default_factory=dict)

    def sentence(self, position: int) -> int | None:
        """Index of the sentence holding `position`, or None between sentences."""
        index = bisect_right(self.starts, position) - 1
        if index >= 0 and position < self.lay.sentences[index].end:
            return index
        return None

    def zone(self, position: int) -> str:
        index = self.sentence(position)
        return self.lay.sentences[index].zone if index is not None else "other"

    def bounds(self, position: int) -> tuple[int, int]:
        index = self.sentence(position)
        if index is None:
            return position, position
        sentence = self.lay.sentences[index]
        return sentence.start, sentence.end

    def fine_zone(self, index: int, aim: re.Pattern[str]) -> str:
        """The sentence's zone, with "case" for a case description and "aim" for an objective that
        states one."""
        cached = self._zones.get(index)
        if cached is not None:
            return cached
        sentence = self.lay.sentences[index]
        zone = sentence.zone
        if any(s.label == "case" and s.start <= sentence.start < s.end for s in self.record.sections):
            zone = "case"
        elif zone == "objective" and aim.search(self.text, sentence.start, sentence.end):
            zone = "aim"
        self._zones[index] = zone
        return zone


def _is_word_number(word: str) -> bool:
    return word.split("-", 1)[0] in WORD_NUMBERS


def count_before(text: str, lower: str, start: int, floor: int, max_mods: int = 4) -> tuple[int, int] | None:
    """(count, where it starts) when a count stands before `start`, at most `max_mods` modifier words
    away ("23 patients", "Thirty-one refractory ITP patients", "one hundred and twenty adults")."""
    window_start = max(floor, start - 70)
    window = lower[window_start:start]
    tokens = window.split()
    end = len(window)
    for index in range(len(tokens) - 1, -1, -1):
        token = tokens[index]
        at = window.rfind(token, 0, end)
        end = at
        word = token.lstrip("([")
        at += len(token) - len(word)
        if _DIGITS.fullmatch(word):
            if at > 0 and window[at - 1] in "/.":
                return None
            value = parse_count(word)
            return (value, window_start + at) if value else None
        if _is_word_number(word):
            begin = index
            while begin > 0 and (
                _is_word_number(tokens[begin - 1])
                or (tokens[begin - 1] == "and" and begin > 1 and tokens[begin - 2] in ("hundred", "thousand"))
            ):
                begin -= 1
            first = at
            for back in range(index - 1, begin - 1, -1):
                first = window.rfind(tokens[back], 0, first)
            value = parse_count(text[window_start + first : window_start + at + len(word)])
            return (value, window_start + first) if value else None
        modifiers_after = len(tokens) - 1 - index  # every word passed so far modifies the noun
        if modifiers_after >= max_mods or word in COUNT_STOP or not _MOD_WORD.fullmatch(word):
            return None
    return None


@dataclass(slots=True)
class _Trigger:
    size: int
    lexicon_id: int
    pattern: re.Pattern[str]
    bare: re.Pattern[str]
    kinds: dict[str, tuple[str, ...]]
    original: dict[str, str]  # the scanned spelling (hyphens, apostrophes as spaces) -> the word as listed


_trigger: list[_Trigger] = []


def _triggers(lexicon: Lexicon) -> _Trigger:
    """The one prefix-tree pattern of every trigger word and lexicon name, built once per lexicon."""
    pats = patterns(lexicon)
    if _trigger and _trigger[0].lexicon_id == id(lexicon) and _trigger[0].size == len(pats.forms):
        return _trigger[0]
    kinds: dict[str, set[str]] = {}
    for kind, words in TRIGGERS.items():
        for word in words:
            kinds.setdefault(word, set()).add(kind)
    for form in pats.forms:
        kinds.setdefault(form, set()).add("name")
    original: dict[str, str] = {}
    for word in list(kinds):
        spaced = _spaced(word)
        if spaced != word:
            original[spaced] = word
            kinds.setdefault(spaced, set()).update(kinds[word])
    words = sorted(w for w in kinds if w not in _STEMS and _spaced(w) not in _STEMS)
    built = _Trigger(
        len(pats.forms),
        id(lexicon),
        # one prefix tree: the longest listed word wins; word ends are checked after the match
        re.compile(r" (" + trie_alternation(sorted(kinds, key=len, reverse=True)) + r")"),
        # whole words only, for a word cut short by a failed word end ("diagnosed as" in "diagnosed asthma")
        re.compile(r"(?:" + trie_alternation(words) + r")(?![a-z0-9])"),
        {word: tuple(sorted(k)) for word, k in kinds.items()},
        original,
    )
    _trigger[:] = [built]
    return built


# A case report's one person ("man", "boy") is a whole word, not a stem: as stems they would fire on
# every "many", "management", "boycott" of a text.
_WHOLE_NOUNS = frozenset({"man", "woman", "boy", "girl", "gentleman", "lady"})
_STEMS = frozenset(
    {
        *(word for word in TRIGGERS["noun"] if word not in _WHOLE_NOUNS),
        "complicat",
        "develop",
        "exclu",
        "toxicit",
        "meta-analys",
        "meta analys",
        "follow",
        "side effect",
        "adverse effect",
        "adverse event",
        "adverse reaction",
    }
)
_WORD_MARKS = ("\n", "(", "[", "/", "-", '"', "'", "\t")


def _spaced(word: str) -> str:
    for mark in _WORD_MARKS:
        word = word.replace(mark, " ")
    return word


def _name_ends(lower: str, end: int) -> bool:
    """A lexicon name ends at a word end ("lymphoma" in "lymphoma,", not in "lymphomatous")."""
    if end >= len(lower):
        return True
    char = lower[end]
    if char.isalnum() or char == "_":
        return False
    return not (char == "-" and lower[end + 1 : end + 2].isalnum())


def _scan_hits(lower: str, trigger: _Trigger) -> dict[str, list[tuple[int, int, str]]]:
    hits: dict[str, list[tuple[int, int, str]]] = {kind: [] for kind in (*TRIGGERS, "name")}
    # Word starts follow a space once brackets, slashes, hyphens, quotes and line breaks read as spaces
    # (same length, so offsets hold); a scan led by one literal space is the cheapest the engine does.
    padded = " " + lower
    for mark in _WORD_MARKS:
        if mark in padded:
            padded = padded.replace(mark, " ")
    kinds_of, original, stems = trigger.kinds, trigger.original, _STEMS
    names = hits["name"]
    for match in trigger.pattern.finditer(padded):
        matched = match.group(1)
        at = match.start(1)
        after = at + len(matched)
        # the common case inline: a listed word that ends at a word end (or a stem), spelled as listed
        if matched not in original and (matched in stems or not padded[after : after + 1].isalnum()):
            kinds = kinds_of[matched]
            if kinds[0] == "name" and len(kinds) == 1:
                if lower[after - 1 : after] != "-" or not lower[after : after + 1].isalnum():
                    names.append((at - 1, after - 1, matched))
                    continue
            elif "name" not in kinds:
                item = (at - 1, after - 1, matched)
                for kind in kinds:
                    hits[kind].append(item)
                continue
        elif " " not in matched and matched not in original:
            continue  # a listed word ending inside a longer word ("mi" in "minutes"): nothing shorter fits
        _record(lower, padded, trigger, at, matched, hits)
    return hits


def _record(
    lower: str,
    padded: str,
    trigger: _Trigger,
    at: int,
    matched: str,
    hits: dict[str, list[tuple[int, int, str]]],
) -> None:
    """File one match of the prefix tree (`at` indexes `padded`, one ahead of `lower`) under its kinds."""
    start, end = at - 1, at - 1 + len(matched)
    word = trigger.original.get(matched, matched)
    if word != matched and lower[start:end] != word:
        word = lower[start:end]  # "non small cell" written with spaces: not a listed spelling
        if word not in trigger.kinds:
            return
    kinds = trigger.kinds.get(word, ())
    stem = word in _STEMS or matched in _STEMS
    if stem or (
        padded[at + len(matched) : at + len(matched) + 1].isalnum() is False
        and ("name" not in kinds or _name_ends(lower, end))
    ):
        for kind in kinds:
            hits[kind].append((start, end, word))
        return
    # The longest listed word does not end at a word end: a shorter listed word may, and a word may
    # start inside the stretch the tree consumed ("diagnosed as|thma" holds "asthma").
    shorter = trigger.bare.match(padded, at)
    if shorter and shorter.end() < at + len(matched) and shorter.group() in trigger.kinds:
        _record(lower, padded, trigger, at, shorter.group(), hits)
    inner = padded.find(" ", at, at + len(matched))
    while inner >= 0:
        again = trigger.pattern.match(padded, inner)
        if again:
            _record(lower, padded, trigger, again.start(1), again.group(1), hits)
            break
        inner = padded.find(" ", inner + 1, at + len(matched))


def _nouns(text: str, lower: str, stems: list[tuple[int, int, str]]) -> list[Noun]:
    found: list[Noun] = []
    last_end = -1
    for begin, _, _ in stems:
        if begin < last_end:
            continue
        tail = _NOUN_TAIL.match(lower, begin)
        if not tail:
            continue
        last_end = tail.end()
        word = tail.group()
        noun = Noun(begin, tail.end(), word)
        if word not in NON_COUNT_NOUNS:
            counted = count_before(text, lower, begin, max(0, begin - 70))
            if counted:
                noun.count, noun.count_start = counted
        found.append(noun)
    return found


_cache: list[tuple[Record, str, Scan]] = []


def scan(record: Record) -> Scan:
    """The record's shared look-ups, computed once per record."""
    if _cache and _cache[0][0] is record and _cache[0][1] is record.text:
        return _cache[0][2]
    text = record.text
    lower = record_text(record).lower  # a few characters lower-case into two: those kept, offsets aligned
    lay = layout(record)
    hits = _scan_hits(lower, _triggers(load_lexicon()))
    result = Scan(
        record, text, lower, lay, [s.start for s in lay.sentences], _nouns(text, lower, hits["noun"]), hits
    )
    _cache[:] = [(record, record.text, result)]
    return result
