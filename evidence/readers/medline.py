"""PubMed MEDLINE text (.nbib, "Send to: Citation manager", PMC's MEDLARS display).

Tags are up to four letters padded to four columns and followed by "- "; long values
wrap onto lines indented by six spaces; a blank line ends a record. PubMed starts each
record with PMID, PMC's export with "PMC -" before it, and hand-written test files bend
the padding ("PMID-123", "TI-"), so a record starts after a blank line, or at a second
PMID of the same block when an export left the blank line out.

Records are found from the blank lines (one regex pass that jumps between line
breaks); inside each, one compiled pattern picks out the tags metadata comes from,
with their wrapped lines. Other tags (AD, GR, PHST, ...) are never copied out of the
text and no Python loop runs over every line, which keeps a 50,000-record export to
a few seconds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from itertools import pairwise

from evidence.model import InputError, Metadata, ParsedRecord
from evidence.readers._tagged import (
    REGISTRY_BANKS,
    STRIP,
    content_end,
    doi_if_only,
    first_doi,
    first_value,
    line_number,
    record_numbers,
    short,
    values,
    year_of,
)
from evidence.source import SourceFile

# "TI  - ", "FAU - ", "PMID- ": a tag padded to four columns, a hyphen, then a space or
# the line's end. Also "PMC -123", "PMID-123" and a bare "TI-" with nothing after it,
# which real files do not write but hand-made ones do; "SARS-CoV-2" is not a tag.
_HYPHEN = r"-(?:(?=[ \t\r\n]|$)|(?<= -)|(?<=PMID-)(?=\d))"
_ANY_TAG = re.compile(
    r"^(?:[A-Z][A-Z0-9]{3}|[A-Z][A-Z0-9]{2} |[A-Z][A-Z0-9] {2}|[A-Z]{2,3}(?=-[ \t\r]*$))" + _HYPHEN,
    re.MULTILINE,
)
# The tags metadata is read from, each with its wrapped lines (indented by six spaces).
# Matching from the line break before the tag lets the regex engine jump from line to
# line; other tags (AD, GR, PHST, ...) are never matched, so never copied.
_WANTED = r"PMID|PMC|TI|BTI|CTI|FAU|AU|CN|JT|TA|DP|DEP|LID|AID|SI|PT|MH|OT|AB"
_VALUE = r"([^\n]*(?:\n[ \t][^\n]*)*)"
_FIELD = re.compile(r"\n(" + _WANTED + r") {0,3}" + _HYPHEN + _VALUE, re.MULTILINE)
_FIELD_AT_START = re.compile(r"(" + _WANTED + r") {0,3}" + _HYPHEN + _VALUE, re.MULTILINE)
_BLANK = re.compile(r"\n[ \t\r\f\v\ufeff]*\n")
_PMID_LINE = re.compile(r"\nPMID-")

_ACCESSION = re.compile(r"[A-Z0-9][A-Z0-9./-]*[A-Z0-9]|[A-Z0-9]")

Fields = dict[str, list[str]]


def read(source: SourceFile) -> Iterator[ParsedRecord]:
    """Every record of a MEDLINE file; `InputError` when the file holds none."""
    text = source.text
    if "\n" not in text and "\r" in text:
        text = text.replace("\r", "\n")  # same length: offsets into source.text still hold
    stray: list[int] = []
    count = 0
    unnamed: list[int] = []
    for fields, start, end in _scan(text, stray):
        count += 1
        meta, body = _metadata(fields, lambda message, n=count: source.warn(f"record {n}: {message}"))
        if not meta.title and not body:
            unnamed.append(count)
        yield ParsedRecord(meta=meta, body=body, raw_start=start, raw_end=end)
    for offset in stray[:5]:
        source.warn(f"line {line_number(text, offset)}: text outside a record skipped")
    if len(stray) > 5:
        source.warn(f"{len(stray) - 5} more passages outside records skipped")
    if count == 0:
        raise InputError("no MEDLINE records (no 'PMID- ' or other tag lines)")
    if unnamed:
        source.warn(f"{record_numbers(unnamed, count)}: no title or abstract")


def _scan(text: str, stray: list[int]) -> Iterator[tuple[Fields, int, int]]:
    """(fields, start, end) per record; `stray` collects offsets of untagged text between records."""
    block_start = 0
    for blank in _BLANK.finditer(text):
        yield from _block(text, block_start, blank.start(), stray)
        block_start = blank.end() - 1  # the line break that ends the blank line
    yield from _block(text, block_start, len(text), stray)


def _block(text: str, start: int, end: int, stray: list[int]) -> Iterator[tuple[Fields, int, int]]:
    """The record in text[start:end] (a run of lines between blank lines), if it is one."""
    first = start
    while first < end and text[first] in STRIP:
        first += 1
    if first >= end:
        return
    fields = _fields(text, start, end)
    if not fields and _ANY_TAG.search(text, first, end) is None:
        stray.append(first)
        return
    if len(fields.get("PMID", ())) > 1:
        # Records with no blank line between them: cut before every PMID line but the first.
        cuts = [m.start() + 1 for m in _PMID_LINE.finditer(text, first, end)]
        for a, b in pairwise([start, *cuts, end]):
            begin = first if a == start else a
            yield _fields(text, a, b), begin, content_end(text, b, begin)
        return
    yield fields, first, content_end(text, end, first)


def _fields(text: str, start: int, end: int) -> Fields:
    """The wanted tags of text[start:end], each with its wrapped lines joined by spaces."""
    fields: Fields = {}
    pairs = _FIELD.findall(text, start - 1, end) if start else _first_fields(text, end)
    for tag, raw in pairs:
        if "\n" in raw:
            value = " ".join([line for line in (part.strip(STRIP) for part in raw.split("\n")) if line])
        else:
            value = raw.strip(STRIP)
        found = fields.get(tag)
        if found is None:
            fields[tag] = [value]
        else:
            found.append(value)
    return fields


def _first_fields(text: str, end: int) -> list[tuple[str, str]]:
    """As `_FIELD.findall`, for a block at the very start of the text (no line break before it)."""
    head = _FIELD_AT_START.match(text, 0, end)
    if head is None:
        return _FIELD.findall(text, 0, end)
    return [(head.group(1), head.group(2)), *_FIELD.findall(text, head.end(), end)]


def _metadata(fields: Fields, warn: Callable[[str], None]) -> tuple[Metadata, str]:
    """Map one record's tags to metadata and its abstract."""
    pmid = _pmid(fields, warn)
    extra: dict[str, object] = {}
    native = pmid or first_value(fields, ("PMC",))
    if native:
        extra["native_id"] = native
    publication_types = values(fields, ("PT",))
    if publication_types:
        extra["publication_types"] = publication_types
    keywords = values(fields, ("MH", "OT"))
    if keywords:
        extra["keywords"] = keywords
    titles = [v for v in fields.get("TI", ()) if v]
    meta = Metadata(
        title=" ".join(titles) if titles else first_value(fields, ("BTI", "CTI")),
        authors=_authors(fields),
        journal=first_value(fields, ("JT", "TA")),
        year=_year(fields, warn),
        doi=_doi(fields),
        pmid=pmid,
        registry_ids=_registry_ids(fields),
        extra=extra,
    )
    body = "\n\n".join(values(fields, ("AB",)))
    return meta, body


def _authors(fields: Fields) -> list[str]:
    """Full names (FAU) when the record has them, else the initials form (AU); then groups (CN)."""
    people = [a for a in fields.get("FAU", ()) if a] or [a for a in fields.get("AU", ()) if a]
    return people + [g for g in fields.get("CN", ()) if g]


def _pmid(fields: Fields, warn: Callable[[str], None]) -> str | None:
    value = first_value(fields, ("PMID",))
    if not value:
        return None
    if value.isdigit():
        return value.lstrip("0") or None
    warn(f"PMID {short(value)} is not a number")
    return None


def _year(fields: Fields, warn: Callable[[str], None]) -> int | None:
    stated = ""
    for tag in ("DP", "DEP"):
        for value in fields.get(tag, ()):
            if value:
                year = year_of(value)
                if year is not None:
                    return year
                stated = stated or value
    if stated:
        warn(f"year {short(stated)} not understood")
    return None


def _doi(fields: Fields) -> str | None:
    """The DOI that LID/AID label "[doi]"; an unlabelled value only when it is plainly a DOI."""
    ids = [v for tag in ("LID", "AID") for v in fields.get(tag, ()) if v]
    for value in ids:
        if value.endswith("[doi]"):
            doi = first_doi(value)
            if doi:
                return doi
    for value in ids:
        if "[" not in value:
            doi = doi_if_only(value)
            if doi:
                return doi
    return None


def _registry_ids(fields: Fields) -> list[str]:
    """Trial registrations from SI ("ClinicalTrials.gov/NCT02239640"), upper case, in order."""
    found: list[str] = []
    for value in fields.get("SI", ()):
        bank, slash, accession = value.partition("/")
        if not slash or bank.strip().lower() not in REGISTRY_BANKS:
            continue
        match = _ACCESSION.search(accession.strip().upper())
        if match and match.group(0) not in found:
            found.append(match.group(0))
    return found
