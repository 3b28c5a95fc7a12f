"""Recognising the labelled parts of structured abstracts (Objective, Methods, Results, ...).

Abstracts come with their headings on a line of their own, followed by a colon
("Methods:The ..."), or run into the prose ("Abstract Background Intravenous ...").
A heading without a colon counts only where a sentence could not go on: at the
start of a paragraph or after a full stop, and followed by a capitalised word,
so "Results were encouraging" in a sentence is never taken for a heading.
"""

from __future__ import annotations

import re
from itertools import chain

from evidence.model import Section

# heading text (regex) -> label
_HEADINGS: list[tuple[str, str]] = [
    (r"background(?:\s*(?:and|&|/)\s*(?:aims?|objectives?|purpose))?", "background"),
    (r"introduction", "background"),
    (r"importance", "background"),
    (r"context", "background"),
    (r"rationale", "background"),
    (r"objectives?|aims?(?:\s+of\s+the\s+study)?|purpose|goals?", "objective"),
    (r"(?:materials?|patients?|subjects?|participants?)\s*(?:and|&|/)\s*methods?", "methods"),
    (r"methods?(?:\s*(?:and|&)\s*(?:materials?|findings|patients?))?|methodology", "methods"),
    (r"study\s+design|design(?:,\s*setting,?\s*and\s*participants)?|setting|participants", "methods"),
    (r"interventions?|main\s+outcome\s+measures?|measurements?", "methods"),
    (r"case\s+(?:report|presentation|description|summary)s?", "case"),
    (r"data\s+sources?|study\s+selection|data\s+extraction|evidence\s+acquisition", "methods"),
    # European Society of Cardiology journals run design and results under one heading
    (r"methods\s+and\s+results|results?|findings|data\s+synthesis|evidence\s+synthesis", "results"),
    (r"conclusions?(?:\s+and\s+(?:relevance|implications))?|interpretation|summary", "conclusion"),
    (r"discussion", "discussion"),
    (r"trial\s+registration|registration|clinical\s+trial\s+registration", "registration"),
]

_ALTERNATION = "|".join(f"(?:{pattern})" for pattern, _ in _HEADINGS)

# What `(?i)` lets an ASCII letter match besides its two cases, in CPython's `re`
# (simple lower-case mappings and `re._compiler._equivalences`; checked over every code
# point by tests/test_sections.py).
_FOLD_EXTRA = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}


def _caseless(pattern: str) -> str:
    """`pattern` (no classes, only backslash escapes) matching as `(?i:pattern)` does, case-sensitively.

    Each letter becomes a class of what `(?i)` matches for it. Under `(?i)` every branch of
    the heading alternation starts with a case-folding literal, which `re` must enter to
    reject; a branch starting with a class is rejected by `re`'s branch look-ahead without
    entering it. Measured: the heading scan 28 -> 9 µs per 1,650-character record.
    """
    if "[" in pattern:
        raise ValueError("classes are not rewritten")
    out: list[str] = []
    chars = iter(pattern)
    for char in chars:
        if char == "\\":
            out.append(char + next(chars))
        elif char.isascii() and char.isalpha():
            low = char.lower()
            out.append(f"[{low.upper()}{low}{_FOLD_EXTRA.get(low, '')}]")
        else:
            out.append(char)
    return "".join(out)


_CASELESS_ALTERNATION = "(?:" + _caseless(_ALTERNATION) + ")"


def _first_letters(pattern: str) -> str:
    """The letters a match of `pattern` can start with (lower case), or "" when unsure.

    Read from the parsed pattern, so a heading added to `_HEADINGS` is never filtered out.
    """
    from re import _constants as sre_constants  # type: ignore[attr-defined]
    from re import _parser as sre_parser  # type: ignore[attr-defined]

    def first(items: list[tuple[object, object]]) -> set[int] | None:
        if not items:
            return None
        op, av = items[0]
        if op is sre_constants.LITERAL:
            return {av}  # type: ignore[arg-type]
        if op is sre_constants.SUBPATTERN:
            return first(list(av[3]))  # type: ignore[index]
        if op is sre_constants.BRANCH:
            found: set[int] = set()
            for branch in av[1]:  # type: ignore[index]
                part = first(list(branch))
                if part is None:
                    return None
                found |= part
            return found
        return None

    try:
        letters = first(list(sre_parser.parse(pattern).data))
    except Exception:  # re's internals changed: no pre-filter
        return ""
    if not letters or not all(chr(c).isascii() and chr(c).isalpha() for c in letters):
        return ""
    return "".join(sorted({chr(c).lower() for c in letters}))


_HEAD_FIRST = _first_letters(_ALTERNATION)
# One class for the first letter, tried before the alternation (whose 16 nested branches
# `re` must enter one by one): the candidate scan 21 -> 13 µs per record.
_HEAD_FIRST_CLASS = _caseless(_HEAD_FIRST).replace("][", "")
_HEAD_FIRST_CHECK = r"(?=(?:Abstract\s*)?" + _HEAD_FIRST_CLASS + ")" if _HEAD_FIRST else ""

# A heading: at paragraph/line start or after sentence-ending punctuation,
# then either a colon, or a line end, or a capitalised word (no colon).
_HEADING = re.compile(
    r"(?:(?<=^)|(?<=\n)|(?<=[.!?)\]]\s)|(?<=[.!?)\]]))"
    r"(?P<abstract>Abstract\s*)?"
    r"(?P<head>" + _CASELESS_ALTERNATION + r")"
    r"(?P<tail>\s*[:.]\s*|\s*\n\s*|\s+(?=[A-Z0-9])|(?=[A-Z][a-z]))",
    re.MULTILINE,
)


# Where a heading can start after the text's start: one of [\n.!?)\]], maybe one white-space
# character, then the heading words (the lookbehinds of `_HEADING`, turned into a prefix).
# `_HEADING` opens with those lookbehinds, so `finditer` tried it at every character (110
# of the 120 µs `find_headings` took per record); this opens with a class, so `re` skips
# ahead to the few places worth trying and checks the heading words there in C.
_HEADING_AFTER = re.compile(
    r"[\n.!?)\]]\s?" + _HEAD_FIRST_CHECK + r"(?=(?:Abstract\s*)?" + _CASELESS_ALTERNATION + r")"
)
_SENTENCE_END = re.compile(r"[.!?)\]]\s?$")

# The patterns of `_HEADINGS` as one alternation tried in order, so one `fullmatch` finds
# the first that fits, as the loop over them did (16 `re.fullmatch` calls through the
# module cache cost 19 µs per heading).
_LABEL_OF = re.compile(
    "|".join(f"(?P<h{n}>{pattern})" for n, (pattern, _) in enumerate(_HEADINGS)), re.IGNORECASE
)
_LABELS = {f"h{n}": label for n, (_, label) in enumerate(_HEADINGS)}
_LABEL_CACHE: dict[str, str] = {}

_LAID_OUT_HEADING = re.compile(r"((?:Abstract\s*)?[^\n:]{2,60}):\n")
_BEFORE_NEWLINE = re.compile(r"\n(?=\n)")


def _label(head: str) -> str:
    label = _LABEL_CACHE.get(head)
    if label is None:
        match = _LABEL_OF.fullmatch(head)
        label = _LABELS[match.lastgroup] if match and match.lastgroup else "other"
        if len(_LABEL_CACHE) < 4096:  # headings repeat; odd "Xyz:" lines must not grow it forever
            _LABEL_CACHE[head] = label
    return label


def _heading_matches(text: str) -> list[re.Match[str]]:
    """What `_HEADING.finditer(text)` yields, trying `_HEADING` only where a heading can start.

    A match of `_HEADING` not at 0 starts where `_HEADING_AFTER` ends (heading words never
    start with white space, so its optional space is taken only before them).
    """
    found: list[re.Match[str]] = []
    end = 0  # finditer goes on from the end of the last match
    match = _HEADING.match(text)
    if match is not None:
        found.append(match)
        end = match.end()
    for mark in _HEADING_AFTER.finditer(text):
        pos = mark.end()
        if pos >= end and (match := _HEADING.match(text, pos)):
            found.append(match)
            end = match.end()
    return found


def find_headings(text: str) -> list[tuple[int, int, str]]:
    """(heading start, body start, label) for each heading found, in order."""
    found: list[tuple[int, int, str]] = []
    for match in _heading_matches(text):
        head = match.group("head")
        tail = match.group("tail")
        at_line_start = match.start() == 0 or text[match.start() - 1] == "\n"
        has_colon = ":" in tail
        # Without a colon a heading must be capitalised and not glued to the
        # previous word, or "results" inside a sentence would split it.
        if not has_colon and not head[0].isupper():
            continue
        if not has_colon and not at_line_start and "\n" not in tail:
            before = text[max(0, match.start() - 2) : match.start()]
            if not _SENTENCE_END.search(before):
                continue
        if "." in tail and not has_colon and not at_line_start:
            continue
        found.append((match.start(), match.end(), _label(head)))
    # A single heading-like word in unstructured prose is more likely a sentence
    # ("Summary. We ..." is rare, "Results" alone after a full stop is common):
    # keep headings only when at least two distinct labels occur.
    if len({label for _, _, label in found}) < 2:
        return []
    return found


def layout_sections(text: str) -> tuple[str, list[Section], list[tuple[int, int, int]]]:
    """Put each heading at the start of its own paragraph.

    Returns the new text, its sections, and the edits made as
    (old_start, old_end, new_length) so callers can move offsets they hold.
    """
    headings = find_headings(text)
    if not headings:
        return text, [], []
    edits: list[tuple[int, int, str]] = []
    for start, body_start, _label_name in headings:
        # paragraph break before the heading, replacing the white space there
        ws_start = start
        while ws_start > 0 and text[ws_start - 1] in " \n":
            ws_start -= 1
        if ws_start > 0:
            edits.append((ws_start, start, "\n\n"))
        # heading on its own line: "Methods:" then a newline
        head_end = body_start
        while head_end > start and text[head_end - 1] in " \n":
            head_end -= 1
        heading = text[start:head_end].rstrip(" .:")
        edits.append((start, body_start, heading + ":\n"))
    new_parts: list[str] = []
    moved: list[tuple[int, int, int]] = []
    pos = 0
    for old_start, old_end, replacement in edits:
        new_parts.append(text[pos:old_start])
        new_parts.append(replacement)
        moved.append((old_start, old_end, len(replacement)))
        pos = old_end
    new_parts.append(text[pos:])
    new_text = "".join(new_parts)
    sections = _sections_of(new_text)
    return new_text, sections, moved


def _sections_of(text: str) -> list[Section]:
    """Sections of an already laid-out text: each "Heading:\\n" paragraph up to the next."""
    starts: list[tuple[int, str]] = []
    # `(?:^|(?<=\n\n))` + `_LAID_OUT_HEADING`, tried only at the text's start and after each
    # "\n\n" (overlapping ones too), going on from a match's end as `finditer` does: the
    # lookbehind-first pattern was tried at every character.
    end = 0
    for pos in chain((0,), (mark.end() + 1 for mark in _BEFORE_NEWLINE.finditer(text))):
        if pos >= end and (match := _LAID_OUT_HEADING.match(text, pos)):
            end = match.end()
            label = _label(match.group(1).removeprefix("Abstract").strip())
            if label != "other":
                starts.append((match.start(), label))
    sections = []
    for index, (start, label) in enumerate(starts):
        end = starts[index + 1][0] if index + 1 < len(starts) else len(text)
        # len(text[:end].rstrip()), without copying the text before each section end
        while end > 0 and text[end - 1].isspace():
            end -= 1
        sections.append(Section(label, start, end))
    return sections


def shift_offset(offset: int, edits: list[tuple[int, int, int]]) -> int:
    """Where an offset of the text before `layout_sections` lands after it."""
    delta = 0
    for old_start, old_end, new_length in edits:
        if offset >= old_end:
            delta += new_length - (old_end - old_start)
        elif offset > old_start:
            return old_start + delta
        else:
            break
    return offset + delta
