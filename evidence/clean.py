"""Cleaning raw document text into what the reviewer reads, with a map back to the raw text.

Web pages and exports carry layout white space, HTML entities and tags, control
characters, terminal escape sequences and mojibake. The reviewer should see none
of it, but must still be able to find a value's origin in the file, so every
change keeps an anchor pair (clean offset, raw offset).

Mojibake is repaired with ftfy, restricted to the encoding fixes: its other
"fixes" (uncurling quotes, folding ligatures and full-width characters,
normalising line breaks) change text that is correct, which is worse than no fix.
"""

from __future__ import annotations

import html
import operator
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import accumulate, count

import ftfy
import ftfy.chardata
from ftfy.badness import BADNESS_RE as _BADNESS

_FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,  # done here, with offsets
    remove_terminal_escapes=True,
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=True,
    remove_control_chars=True,
    normalization="NFC",
    explain=False,
)

# Tags that only carry layout in exported abstracts. Only known names are
# removed: "count <20X109/L" is text, not a tag.
_BLOCK_TAGS = r"h[1-6]|p|br|div|li|ul|ol|tr|table|section|title|abstracttext"
_INLINE_TAGS = r"i|b|em|strong|sup|sub|u|span|a|font|small|big|tt|inf|sc|mml:[a-z]+|jats:[a-z]+"

_CTRL = r"\x00-\x08\x0b\x0e-\x1f\x7f\u200b\ufeff\u2028\u2029"
_SPACE_NOT_BLANK = r"\t\r\n\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000"

_TOKEN = re.compile(
    r"(?P<esc>\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|[PX^_][^\x1b]*(?:\x1b\\)?|[@-Z\\-_]|.)?|\x9b[0-?]*[ -/]*[@-~])"
    r"|(?P<ctrl>[" + _CTRL + r"])"
    r"|(?P<entity>&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});)"
    r"|(?P<block></?(?:" + _BLOCK_TAGS + r")(?:\s[^<>]{0,200})?/?>)"
    r"|(?P<inline></?(?:" + _INLINE_TAGS + r")(?:\s[^<>]{0,200})?/?>)"
    # A lone " " between words is not a token: it stays inside the text run around it
    # (`emit_run` gives each word its anchor as if it were), so plain prose costs no
    # Python per word.
    r"|(?P<space>[ " + _SPACE_NOT_BLANK + r"]{2,}|[" + _SPACE_NOT_BLANK + r"])",
    re.IGNORECASE,
)

# The characters a token can start at, lone spaces left out. `_TOKEN` opens with named
# groups, which keeps `re` from skipping ahead to such characters: searched on its own it
# tries all six alternatives at every character (measured: 200 µs of the 360 µs cleaning
# took per 1,500-character abstract). A pattern opening with a class lets it skip.
_TOKEN_START = re.compile(
    r"[\x1b\x9b&< " + _CTRL + _SPACE_NOT_BLANK + r"](?:(?<! )|(?=[ " + _SPACE_NOT_BLANK + r"]))"
)


# `_TOKEN_START` without its lone-space case: `_TOKEN_START` stops at every space to reject
# it with a look-behind (20 µs per 1,500-character abstract); a text with none of these
# characters and no "  " has no token start at all, which this and `in` tell in 2 µs.
_NON_SPACE_START = re.compile(r"[\x1b\x9b&<" + _CTRL + _SPACE_NOT_BLANK + r"]")


def _has_token_start(raw: str) -> bool:
    """`_TOKEN_START.search(raw) is not None`, found faster."""
    return "  " in raw or _NON_SPACE_START.search(raw) is not None


def _tokens(raw: str) -> Iterator[re.Match[str]]:
    """What `_TOKEN.finditer(raw)` yields, found by jumping from one possible start to the next."""
    pos = 0
    while start := _TOKEN_START.search(raw, pos):
        match = _TOKEN.match(raw, start.start())
        if match is None:  # "p<0.05", "AT&T": a start character, but no token
            pos = start.start() + 1
            continue
        yield match
        pos = match.end()


_MARKER_REACH = 2  # how far into a match of BADNESS_RE its marker character can be


def _mojibake_markers() -> re.Pattern[str] | None:
    """A class of characters every match of ftfy's `BADNESS_RE` has within its first three.

    ftfy decides whether a line is mojibake with `badness.is_bad`, one search of a 37-way
    alternation that opens with no literal, so `re` tries every branch at every character:
    250 µs of the 380 µs ftfy took per non-ASCII abstract. Each branch has, at offset 0, 1
    or 2, a node that accepts only non-ASCII characters; the union of those nodes is read
    from the parsed pattern itself, so a new ftfy cannot silently break the shortcut:
    `None` (always run ftfy) when the pattern is not shaped that way.
    """
    try:
        from re import _constants as sre_constants  # type: ignore[attr-defined]
        from re import _parser as sre_parser  # type: ignore[attr-defined]

        ((op, branches),) = sre_parser.parse(_BADNESS.pattern, _BADNESS.flags).data
        if op is not sre_constants.BRANCH:
            return None
        single = (sre_constants.LITERAL, sre_constants.IN, sre_constants.ANY, sre_constants.CATEGORY)
        chars: set[int] = set()
        for branch in branches[1]:
            # the smallest all-non-ASCII node among the first three characters of a match
            best: set[int] | None = None
            offset = 0
            for node_op, node_av in branch.data:
                accepted: set[int] | None = None
                if node_op is sre_constants.LITERAL:
                    accepted = {node_av}
                elif node_op is sre_constants.IN:
                    accepted = set()
                    for item_op, item_av in node_av:
                        if item_op is sre_constants.LITERAL:
                            accepted.add(item_av)
                        elif item_op is sre_constants.RANGE:
                            accepted.update(range(item_av[0], item_av[1] + 1))
                        else:
                            accepted = None
                            break
                if accepted and min(accepted) >= 0x80 and (best is None or len(accepted) < len(best)):
                    best = accepted
                if node_op is sre_constants.AT:
                    continue
                optional = node_op is sre_constants.MAX_REPEAT and node_av[:2] == (0, 1)
                offset += 1
                if not (node_op in single or optional) or offset > _MARKER_REACH:
                    break
            if best is None:
                return None
            chars |= best
        return re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(chars)) + "]")
    except Exception:  # any surprise in ftfy's or re's internals: no shortcut
        return None


_MOJIBAKE_MARKER = _mojibake_markers()
# What ftfy's other enabled fixes act on: surrogates, terminal escapes, its control characters.
_FTFY_OTHER = re.compile(
    "[\ud800-\udfff\x1b" + "".join(re.escape(chr(c)) for c in sorted(ftfy.chardata.CONTROL_CHARS)) + "]"
)


def _ftfy_is_identity(part: str) -> bool:
    """Whether `ftfy.fix_text(part, config=_FTFY_CONFIG)` would return `part` unchanged.

    True only when none of the enabled fixes can act: no line of it `is_bad` (checked
    exactly, `BADNESS_RE` tried from up to two characters before each marker, on the line
    as ftfy cuts it), no C1 control (a marker too), surrogate, terminal escape or control
    character ftfy removes, and already NFC. A clinical abstract with "–", "±" or "é" is
    then passed in a few µs instead of ftfy's 380.
    """
    if _MOJIBAKE_MARKER is None or len(part) > _FTFY_CONFIG.max_decode_length:
        return False  # (ftfy cuts lines longer than that: leave those to it)
    if _FTFY_OTHER.search(part) or not unicodedata.is_normalized("NFC", part):
        return False
    tried = -1
    for marker in _MOJIBAKE_MARKER.finditer(part):
        at = marker.start()
        line_start = part.rfind("\n", 0, at) + 1
        line_end = part.find("\n", at) + 1 or len(part)
        line = part[line_start:line_end]  # ftfy fixes line by line, "\n" included
        for pos in range(max(line_start, at - _MARKER_REACH, tried + 1), at + 1):
            if _BADNESS.match(line, pos - line_start):
                return False
        tried = at
    return True


_C1 = re.compile(r"[\x80-\x9f]")
_DOUBLE_SPACE = re.compile(r" {2,}")
_EDGE_SPACE = re.compile(r" *(\n+) *")
_RANK = {"": 0, " ": 1, "\n": 2, "\n\n": 3}


@dataclass
class Cleaned:
    """Clean text plus ascending (clean_offset, raw_offset) anchors."""

    text: str
    anchors: list[tuple[int, int]] = field(default_factory=list)

    def raw_offset(self, clean_offset: int) -> int:
        best = (0, 0)
        for pair in self.anchors:
            if pair[0] > clean_offset:
                break
            best = pair
        return best[1] + (clean_offset - best[0])


def _space(run: str) -> str:
    newlines = run.count("\n") + (run.count("\r") if "\n" not in run else 0)
    if newlines >= 2:
        return "\n\n"
    if newlines == 1:
        return "\n"
    return " "


def _fix_paragraphs(text: str, anchors: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """Run ftfy on each non-ASCII paragraph; anchors inside a changed paragraph collapse to its start."""
    if text.isascii():
        return text, anchors
    parts = text.split("\n\n")
    out: list[str] = []
    new_anchors: list[tuple[int, int]] = []
    raw_at = Cleaned(text, anchors).raw_offset
    pos = 0
    start = 0
    for index, part in enumerate(parts):
        if index:
            out.append("\n\n")
            start += 2
        fixed = part
        if not part.isascii() and not _ftfy_is_identity(part):
            fixed = ftfy.fix_text(part, config=_FTFY_CONFIG)
            if fixed != part and unicodedata.normalize("NFC", part) == fixed:
                fixed = unicodedata.normalize("NFC", part)
        if fixed == part:
            # anchors ascend by clean offset: those of this paragraph are one slice
            inside = anchors[bisect_left(anchors, (pos,)) : bisect_left(anchors, (pos + len(part),))]
            new_anchors.extend((start + c - pos, r) for c, r in inside)
            if not inside:
                new_anchors.append((start, raw_at(pos)))
        else:
            new_anchors.append((start, raw_at(pos)))
        out.append(fixed)
        start += len(fixed)
        pos += len(part) + 2
    new_anchors.sort()
    return "".join(out), new_anchors


def _fix_paragraph_text(text: str) -> str:
    """The text `_fix_paragraphs` returns, without the anchor bookkeeping."""
    if text.isascii():
        return text
    parts = text.split("\n\n")
    for index, part in enumerate(parts):
        if not part.isascii() and not _ftfy_is_identity(part):
            fixed = ftfy.fix_text(part, config=_FTFY_CONFIG)
            if fixed != part and unicodedata.normalize("NFC", part) == fixed:
                fixed = unicodedata.normalize("NFC", part)
            parts[index] = fixed
    return "\n\n".join(parts)


def _drop_c1(text: str) -> str:
    """C1 controls ftfy could not place, and the doubled or edge spaces dropping them leaves."""
    return _EDGE_SPACE.sub(r"\1", _DOUBLE_SPACE.sub(" ", _C1.sub("", text))).strip()


def clean_plain(raw: str) -> str:
    """`clean_text(raw).text`, without computing anchors.

    Structured records (RIS, MEDLINE, XML...) keep one anchor per record, not per word, so
    their abstracts and metadata values need only the text. Skipping the per-word anchors
    and the closures that keep them takes cleaning from about 36 to 14 µs per 1,500-character
    abstract (measured on bench_5000.ris); a value with no possible token start at all
    (most titles, names, journals) is only stripped of its edge spaces.
    """
    if not _has_token_start(raw):
        # One text run: `emit_run` drops one edge space on each side, and there are no
        # two spaces in a row (they would be a token).
        text = raw.strip(" ")
    else:
        pieces: list[str] = []
        pending_space = ""
        last = 0
        rank = _RANK

        def run(start: int, end: int) -> None:
            nonlocal pending_space
            if raw[start] == " ":
                if rank[" "] > rank[pending_space]:
                    pending_space = " "
                start += 1
            trailing = end > start and raw[end - 1] == " "
            if trailing:
                end -= 1
            if end > start:
                if pending_space and pieces:
                    pieces.append(pending_space)
                pending_space = ""
                pieces.append(raw[start:end])
            if trailing and rank[" "] > rank[pending_space]:
                pending_space = " "

        for match in _tokens(raw):
            if match.start() > last:
                run(last, match.start())
            kind = match.lastgroup
            space = ""
            piece = ""
            if kind == "space":
                space = _space(match.group())
            elif kind == "entity":
                token = match.group()
                decoded = html.unescape(token)
                if decoded.isspace():
                    space = " "
                else:
                    piece = _TOKEN.sub("", decoded) if decoded != token else token
            elif kind == "block":
                space = "\n\n"
            if space and rank[space] > rank[pending_space]:
                pending_space = space
            elif piece:
                if pending_space and pieces:
                    pieces.append(pending_space)
                pending_space = ""
                pieces.append(piece)
            last = match.end()
        if last < len(raw):
            run(last, len(raw))
        text = "".join(pieces)
    if text.isascii():  # nothing for ftfy, no C1 control (a 5 µs search per abstract)
        return text
    text = _fix_paragraph_text(text)
    if _C1.search(text):
        text = _drop_c1(text)
    return text


def clean_text(raw: str, raw_base: int = 0) -> Cleaned:
    """Clean `raw`; anchors are offsets into the file when `raw` starts at `raw_base` there."""
    pieces: list[str] = []
    anchors: list[tuple[int, int]] = []
    length = 0
    last = 0
    pending_space = ""

    def emit(piece: str, raw_pos: int) -> None:
        nonlocal length, pending_space
        if not piece:
            return
        if pending_space and length:
            pieces.append(pending_space)
            length += len(pending_space)
        pending_space = ""
        anchors.append((length, raw_base + raw_pos))
        pieces.append(piece)
        length += len(piece)

    def add_space(kind: str) -> None:
        nonlocal pending_space
        if _RANK[kind] > _RANK[pending_space]:
            pending_space = kind

    def emit_run(start: int, end: int) -> None:
        """A text run with lone spaces in it, cleaned as if each word were emitted on its own."""
        if raw[start] == " ":
            add_space(" ")
            start += 1
        trailing = end > start and raw[end - 1] == " "
        if trailing:
            end -= 1
        if end > start:
            run = raw[start:end]
            emit(run, start)
            if " " in run:
                # Each word after a space starts where it starts in `run`: its anchor, in C.
                words = run.split(" ")[:-1]
                starts = list(map(operator.add, accumulate(map(len, words)), count(1)))
                clean_at, raw_at = length - len(run), raw_base + start
                anchors.extend(zip(map(clean_at.__add__, starts), map(raw_at.__add__, starts), strict=True))
        if trailing:
            add_space(" ")

    for match in _tokens(raw):
        if match.start() > last:
            emit_run(last, match.start())
        kind = match.lastgroup
        token = match.group()
        if kind == "space":
            add_space(_space(token))
        elif kind == "entity":
            decoded = html.unescape(token)
            if decoded.isspace():
                add_space(" ")
            else:
                # A decoded entity is text ("&lt;" becomes "<"), never re-parsed as markup.
                emit(_TOKEN.sub("", decoded) if decoded != token else token, match.start())
        elif kind == "block":
            add_space("\n\n")
        # esc, ctrl and inline tags vanish without a trace
        last = match.end()
    if last < len(raw):
        emit_run(last, len(raw))
    text = "".join(pieces)
    # C1 controls are left for ftfy, which needs them to undo mojibake ("â€\x9d" is "”");
    # any it cannot place are then dropped.
    text, anchors = _fix_paragraphs(text, anchors)
    if _C1.search(text):
        # Dropping them can leave the spaces around them doubled or at a line's edge.
        text = _drop_c1(text)
        anchors = [(0, anchors[0][1] if anchors else raw_base)]
    return Cleaned(text, anchors)
