"""Plain-text pages saved from the web: article pages, summaries, registry records, and
citation-export pages that hold many abstracts one after another.

A citation-export page repeats one block per study, e.g.

    Blood ◽
    2010 ◽
    Vol 115 (1) ◽
    pp. 29-31 ◽
    Author(s):
    Donald M. Arnold ◽
    ...

followed by the abstract. Each such block starts a record; the journal line may
be missing. Whatever precedes the first block (typically the first study's
title) belongs to the first record. A page without blocks is one record.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from evidence.model import Metadata, ParsedRecord
from evidence.source import SourceFile

_SEP = "◽"
_AUTHORS_LINE = re.compile(r"^\s*Authors?(?:\(s\))?\s*:\s*$", re.IGNORECASE)
_YEAR_LINE = re.compile(r"^\s*((?:19|20)\d\d)\s*(?:" + _SEP + r")?\s*$")
_VOL_LINE = re.compile(r"^\s*(?:Vol\.?|Volume)\s+\S+.*$", re.IGNORECASE)
_PAGES_LINE = re.compile(r"^\s*(?:pp?\.|pages?)\s*\S+.*$", re.IGNORECASE)
_ELLIPSIS = re.compile(r"^\s*(?:\.\.\.|…)\s*$")


@dataclass
class _Block:
    start_line: int  # first line of the citation block
    end_line: int  # line after the last author line
    meta: Metadata


def _strip_sep(line: str) -> str:
    return line.strip().removesuffix(_SEP).strip()


def _is_block_line(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and (
        stripped.endswith(_SEP)
        or bool(_YEAR_LINE.match(stripped) or _VOL_LINE.match(stripped) or _PAGES_LINE.match(stripped))
    )


def _find_blocks(lines: list[str]) -> list[_Block]:
    blocks: list[_Block] = []
    for index, line in enumerate(lines):
        if not _AUTHORS_LINE.match(line):
            continue
        start = index
        while start > 0 and _is_block_line(lines[start - 1]) and index - start < 8:
            start -= 1
        header = [_strip_sep(x) for x in lines[start:index]]
        # A citation block states a year; without one "Authors:" is just a word on a page.
        years = [int(m.group(1)) for x in header if (m := _YEAR_LINE.match(x))]
        if not years or (blocks and start < blocks[-1].end_line):
            continue
        journal = None
        if header and not (
            _YEAR_LINE.match(header[0]) or _VOL_LINE.match(header[0]) or _PAGES_LINE.match(header[0])
        ):
            journal = header[0] or None
        authors: list[str] = []
        end = index + 1
        while end < len(lines) and lines[end].strip() and len(authors) < 200:
            if _ELLIPSIS.match(lines[end]):
                end += 1
                break
            name = _strip_sep(lines[end])
            if len(name) > 80 or not name:
                break
            authors.append(name)
            end += 1
        meta = Metadata(journal=journal, year=years[0], authors=authors)
        blocks.append(_Block(start, end, meta))
    return blocks


def _title_before(lines: list[str], first_block_line: int) -> str | None:
    """The first record's title: the text above its citation block, if short enough to be one."""
    preface = [x.strip() for x in lines[:first_block_line] if x.strip()]
    if len(preface) == 1 and len(preface[0]) <= 300:
        return preface[0]
    return None


def read(source: SourceFile) -> Iterator[ParsedRecord]:
    text = source.text
    lines = text.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    blocks = _find_blocks(lines)
    if not blocks:
        yield ParsedRecord(meta=Metadata(), body=text, raw_start=0, raw_end=len(text), body_is_page=True)
        return
    starts = [0] + [b.start_line for b in blocks[1:]]
    ends = [b.start_line for b in blocks[1:]] + [len(lines)]
    for position, block in enumerate(blocks):
        first, last = starts[position], ends[position]
        if position == 0:
            block.meta.title = _title_before(lines, block.start_line)
        raw_start, raw_end = offsets[first], offsets[last]
        body = text[raw_start:raw_end]
        if not body.strip():
            continue
        yield ParsedRecord(
            meta=block.meta, body=body, raw_start=raw_start, raw_end=raw_end, body_is_page=True
        )
