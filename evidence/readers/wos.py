"""Web of Science "plain text" export (FN/VR header, two-letter tags, ER per record, EF at the end).

Unlike RIS, a tag is followed by a single space, and a field's further values or
wrapped text sit on lines indented by three spaces. For the author fields (AU, AF)
each such line is one more name; for prose (TI, AB, SO, keywords) it is the same
value wrapped, and is joined with a space.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from evidence.model import InputError, Metadata, ParsedRecord
from evidence.readers._tagged import (
    STRIP,
    content_end,
    first_doi,
    first_value,
    record_numbers,
    short,
    values,
    year_of,
)
from evidence.source import SourceFile

# A record ends with a line "ER"; the file with "EF". Searching from the line break lets
# the regex engine jump between line breaks instead of trying every character.
_ER = re.compile(r"\nER[ \t\r]*(?=\n|\Z)")
# The header lines before the first record, and blank lines.
_LEAD = re.compile(r"(?:\ufeff?(?:FN|VR)(?: [^\n]*)?(?:\n|\Z)|[ \t\r\n\ufeff]+)*")
# A tag, one space, the value, then the value's indented continuation lines. RIS lines
# ("TY  - JOUR") have two spaces after the tag and so are not taken for tags. Only the
# tags metadata is read from are matched: cited references (CR) and the like, often
# most of a record, are never copied out of the text.
_WANTED = "AU|AF|TI|SO|J9|JI|PY|EA|PD|DI|D2|PM|UT|DE|ID|AB|DT"
_VALUE = r"(?: ([^ \n][^\n]*)|[ \t\r]*(?=\n|$))((?:\n[ \t][^\n]*)*)"
_FIELD = re.compile(r"\n\ufeff?(" + _WANTED + r")" + _VALUE, re.MULTILINE)
_FIELD_AT_START = re.compile(r"\ufeff?(" + _WANTED + r")" + _VALUE, re.MULTILINE)
_ANY_TAG = re.compile(r"^\ufeff?[A-Z][A-Z0-9](?: [^ \n]|[ \t\r]*$)", re.MULTILINE)
_LIST_TAGS = frozenset({"AU", "AF"})


def read(source: SourceFile) -> Iterator[ParsedRecord]:
    """Every record of a Web of Science plain-text file; `InputError` when it holds none."""
    text = source.text
    if "\n" not in text and "\r" in text:
        text = text.replace("\r", "\n")  # same length: offsets into source.text still hold
    count = 0
    unnamed: list[int] = []
    for fields, start, end, problem in _scan(text):
        count += 1
        if problem:
            source.warn(f"record {count}: {problem}")
        meta, body = _metadata(fields, lambda message, n=count: source.warn(f"record {n}: {message}"))
        if not meta.title and not body:
            unnamed.append(count)
        yield ParsedRecord(meta=meta, body=body, raw_start=start, raw_end=end)
    if count == 0:
        raise InputError("no Web of Science records (no tagged lines ending in 'ER')")
    if unnamed:
        source.warn(f"{record_numbers(unnamed, count)}: no title or abstract")


Fields = dict[str, list[str]]


def _scan(text: str) -> Iterator[tuple[Fields, int, int, str | None]]:
    """(fields, start, end, problem) per record: the text up to each ER line is one record."""
    start = 0
    for match in _ER.finditer(text):
        record = _record(text, start, match.start())
        if record is not None:
            fields, first = record
            yield fields, first, content_end(text, match.end(), first), None
        start = match.end()
    record = _record(text, start, len(text))
    if record is not None:
        fields, first = record
        yield fields, first, content_end(text, len(text), first), "no ER line at end of file"


def _record(text: str, start: int, end: int) -> tuple[Fields, int] | None:
    """The fields and first offset of the record in text[start:end], or None when there is none."""
    lead = _LEAD.match(text, start, end)
    first = lead.end() if lead else start
    if first >= end or _ANY_TAG.search(text, first, end) is None:
        return None
    if text.startswith("EF", first) and not text[first + 2 : end].strip(STRIP):
        return None  # the end-of-file line
    fields: Fields = {}
    if first == 0 or text[first - 1] != "\n":
        head = _FIELD_AT_START.match(text, first, end)
        pairs = _FIELD.findall(text, head.end() if head else first, end)
        if head:
            pairs.insert(0, head.groups(""))
    else:
        pairs = _FIELD.findall(text, first - 1, end)
    for tag, value, more in pairs:
        if more:
            lines = [line for line in (part.strip(STRIP) for part in more.split("\n")) if line]
            if tag in _LIST_TAGS:
                _add(fields, tag, value.strip(STRIP))
                fields[tag].extend(lines)
                continue
            value = " ".join([value.strip(STRIP), *lines]).strip()
        _add(fields, tag, value.strip(STRIP))
    return fields, first


def _add(fields: Fields, tag: str, value: str) -> None:
    found = fields.get(tag)
    if found is None:
        fields[tag] = [value]
    else:
        found.append(value)


def _metadata(fields: Fields, warn: Callable[[str], None]) -> tuple[Metadata, str]:
    extra: dict[str, object] = {}
    native = first_value(fields, ("UT",))
    if native:
        extra["native_id"] = native
    document_types = values(fields, ("DT",))
    if document_types:
        extra["publication_types"] = document_types
    keywords = _keywords(fields)
    if keywords:
        extra["keywords"] = keywords
    pmid = first_value(fields, ("PM",)) or ""
    meta = Metadata(
        title=first_value(fields, ("TI",)),
        authors=[a for a in fields.get("AF", ()) if a] or [a for a in fields.get("AU", ()) if a],
        journal=first_value(fields, ("SO", "J9", "JI")),
        year=_year(fields, warn),
        doi=first_doi(first_value(fields, ("DI", "D2"))),
        pmid=(pmid.lstrip("0") or None) if pmid.isdigit() else None,
        extra=extra,
    )
    body = "\n\n".join(values(fields, ("AB",)))
    return meta, body


def _keywords(fields: Fields) -> list[str]:
    """Author keywords (DE) then Keywords Plus (ID), each "; "-separated in the file."""
    seen: set[str] = set()
    out: list[str] = []
    for value in values(fields, ("DE", "ID")):
        for keyword in value.split(";"):
            keyword = keyword.strip()
            if keyword and keyword not in seen:
                seen.add(keyword)
                out.append(keyword)
    return out


def _year(fields: Fields, warn: Callable[[str], None]) -> int | None:
    stated = ""
    for tag in ("PY", "EA", "PD"):
        for value in fields.get(tag, ()):
            if value:
                year = year_of(value)
                if year is not None:
                    return year
                if tag == "PY":
                    stated = stated or value
    if stated:
        warn(f"year {short(stated)} not understood")
    return None
