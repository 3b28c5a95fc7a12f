"""RIS ("TY  - JOUR" ... "ER  - "), as written by EndNote, Zotero, Scopus, Embase, Ovid and others.

Every exporter bends the format: EndNote puts keywords and affiliations one per
untagged line, Scopus and Web of Science continue notes and abstracts over untagged
lines, Ovid and Cochrane write record numbers and provider banners between records,
and files arrive with byte-order marks, CRLF and missing end-of-record lines.

The reader therefore goes by tag lines only. Only `TY` opens a record and only
`ER` closes it, so a line such as "ER then ..." inside a note is text, banners
between records are skipped, and tags without a TY line before them are not taken
for a record. Inside a record, one compiled pattern picks out the tags metadata
comes from together with their untagged continuation lines; everything else is never
copied out of the text. Not looping over every line in Python is what lets a
50,000-record export be read in a couple of seconds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from evidence.model import InputError, Metadata, ParsedRecord
from evidence.readers._tagged import (
    STRIP,
    content_end,
    doi_if_only,
    first_doi,
    first_value,
    line_number,
    record_numbers,
    short,
    stated_pmid,
    year_of,
)
from evidence.source import SourceFile

# Record boundaries: a TY or ER tag at a line start (a stray byte-order mark may sit
# before the tag when exports were concatenated). Searching for "\n" + tag lets the
# regex engine skip from line end to line end instead of trying every character.
_BOUND = re.compile(r"\n\ufeff?(TY|ER)  -(?=[ \t\r\n]|\Z)")
_FIRST = re.compile(r"\ufeff?(TY|ER)  -(?=[ \t\r\n]|\Z)")
# Any tag line: two-character tag, two spaces, a hyphen, then a space or the line's end.
_ANY_TAG = r"\ufeff?[A-Z][A-Z0-9]  -(?:[ \t\r\n]|$)"
# The tags metadata is read from, each with its untagged continuation lines. Other
# tags are never matched, so their (sometimes huge) values are never copied. Tags only
# needed when the usual ones are missing (a short title, a DOI inside a note) are read
# by a second pass over the record, and only then.
_MAIN = "TI|T1|AU|A1|JF|T2|JO|PY|Y1|DO|L2|UR|AN|ID|C[1-8]|DP|DB|KW|AB|N2"
_SPARE = "CT|BT|ST|JA|J2|DA|Y2|M3|N1|L3"


def _field_pattern(tags: str) -> re.Pattern[str]:
    # Each match starts at the line break before the tag (a record's first line is its
    # TY line, which is not wanted), so the engine can jump from line break to line break.
    value = r"([^\n]*(?:\n(?!" + _ANY_TAG + r")[^\n]*)*)"
    return re.compile(r"\n\ufeff?(" + tags + r")  -(?=[ \t\r\n]|$)" + value, re.MULTILINE)


_FIELD = _field_pattern(_MAIN)
_SPARE_FIELD = _field_pattern(_SPARE)

_TITLE = ("TI", "T1")
_SPARE_TITLE = ("CT", "BT", "ST")  # a short title only when there is no other
_JOURNAL = ("JF", "T2", "JO")  # full names before abbreviations
_SPARE_JOURNAL = ("JA", "J2")
_DATES = ("PY", "Y1")
_SPARE_DATES = ("DA", "Y2")
_DOI_ELSEWHERE = ("L2", "UR")
_SPARE_DOI_ELSEWHERE = ("M3", "N1", "L3")
_PMID_FIELDS = frozenset({"AN", "C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "UR", "L2"})
# Tags whose untagged continuation lines are further values (EndNote writes one keyword
# per line); any other tag's continuation lines extend its last value.
_LIST_TAGS = frozenset({"KW", "AU", "A1"})
# Tags that make a run of tag lines without TY look like a lost record, worth a warning;
# odd tags after ER (Ovid writes "NL  - " there) are skipped silently.
_RECORD_LIKE = re.compile(r"^\ufeff?(?:TI|T1|AU|A1|AB|N2|PY|Y1|DO|JF|T2|JO)  -(?=[ \t\r\n]|$)", re.MULTILINE)


def read(source: SourceFile) -> Iterator[ParsedRecord]:
    """Every record of an RIS file; `InputError` when the file holds none."""
    text = source.text
    if "\n" not in text and "\r" in text:
        # Classic-Mac line ends: same length, so offsets into source.text still hold.
        text = text.replace("\r", "\n")
    unnamed: list[int] = []
    count = 0
    orphans: list[int] = []
    for start, stop, end, problem in _scan(text, orphans):
        count += 1
        if problem:
            source.warn(f"record {count}: {problem}")
        meta, body = _metadata(
            _fields(text, start, stop, _FIELD),
            lambda a=start, b=stop: _fields(text, a, b, _SPARE_FIELD),
            lambda message, n=count: source.warn(f"record {n}: {message}"),
        )
        if not meta.title and not body:
            unnamed.append(count)
        yield ParsedRecord(meta=meta, body=body, raw_start=start, raw_end=end)
    for offset in orphans:
        source.warn(
            f"line {line_number(text, offset)}: tags without a 'TY  - ' line before them "
            "skipped (not a record)"
        )
    if count == 0:
        if orphans:
            raise InputError("no RIS records: the tags found have no 'TY  - ' line to start a record")
        raise InputError("no RIS records (no 'TY  - ' line)")
    if unnamed:
        source.warn(f"{record_numbers(unnamed, count)}: no title or abstract")


Fields = dict[str, list[str]]


def _bounds(text: str) -> Iterator[tuple[str, int]]:
    """("TY" or "ER", offset of the line) for every record boundary line, in order."""
    first = _FIRST.match(text)
    if first:
        yield first.group(1), 0
    for match in _BOUND.finditer(text):
        yield match.group(1), match.start() + 1


def _scan(text: str, orphans: list[int]) -> Iterator[tuple[int, int, int, str | None]]:
    """(start, stop, end, problem) per record, in file order.

    A record runs from its TY line to its ER line (or, when that is missing, to the next
    TY line or the end of the file): its tags lie in text[start:stop], and text[start:end]
    is the record as the reviewer would find it in the file. `orphans` collects the
    offsets of record-like tags found outside any record.
    """
    start = -1  # offset of the open record's TY line
    outside = 0  # where the text outside records began
    for kind, at in _bounds(text):
        if kind == "TY":
            if start >= 0:
                end = content_end(text, at, start)
                yield start, at, end, "no ER line before the next TY line"
            else:
                _find_orphan(text, outside, at, orphans)
            start = at
            continue
        line_end = text.find("\n", at)
        if line_end < 0:
            line_end = len(text)
        if start >= 0:
            yield start, at, content_end(text, line_end, start), None
            start = -1
        else:
            _find_orphan(text, outside, at, orphans)
        outside = line_end
    if start >= 0:
        end = content_end(text, len(text), start)
        yield start, len(text), end, "no ER line at end of file"
    else:
        _find_orphan(text, outside, len(text), orphans)


def _find_orphan(text: str, begin: int, end: int, orphans: list[int]) -> None:
    """Note tags that look like a record's but have no TY line (odd tags after ER are normal)."""
    if end > begin:
        match = _RECORD_LIKE.search(text, begin, end)
        if match:
            orphans.append(match.start())


def _fields(text: str, start: int, end: int, pattern: re.Pattern[str]) -> Fields:
    """The tags `pattern` wants in text[start:end] with their values, continuation lines attached.

    Untagged lines after a keyword or author tag are further values, as EndNote writes
    them; after any other tag they continue its value and are joined with spaces.
    """
    fields: Fields = {}
    for tag, raw in pattern.findall(text, start, end - 1 if end > start else end):
        if "\n" in raw:
            lines = [line for line in (part.strip(STRIP) for part in raw.split("\n")) if line]
            if tag in _LIST_TAGS:
                found = fields.get(tag)
                if found is None:
                    fields[tag] = lines or [""]
                else:
                    found.extend(lines)
                continue
            value = " ".join(lines)
        else:
            value = raw.strip(STRIP)
        found = fields.get(tag)
        if found is None:
            fields[tag] = [value]
        else:
            found.append(value)
    return fields


def _metadata(
    fields: Fields, spare_fields: Callable[[], Fields], warn: Callable[[str], None]
) -> tuple[Metadata, str]:
    """Map one record's tags to metadata and its abstract.

    `spare_fields` reads the record's rarely needed tags; it is called only when a
    value the usual tags should give is missing.
    """
    spare: list[Fields] = []

    def more() -> Fields:
        if not spare:
            spare.append(spare_fields())
        return spare[0]

    get = fields.get
    extra: dict[str, object] = {}
    native = first_value(fields, ("AN", "ID"))
    if native:
        extra["native_id"] = native
    keywords = get("KW")
    if keywords:
        keywords = _distinct(keywords)
        if keywords:
            extra["keywords"] = keywords
    # AU and A1 are the authors; A2/A3/ED are editors and series editors.
    authors = get("AU") or []
    if "A1" in fields:
        authors = authors + fields["A1"]
    meta = Metadata(
        title=first_value(fields, _TITLE) or first_value(more(), _SPARE_TITLE),
        authors=[a for a in authors if a],
        journal=first_value(fields, _JOURNAL) or first_value(more(), _SPARE_JOURNAL),
        year=_year(fields, more, warn),
        doi=_doi(fields, more, warn),
        pmid=_pmid(fields),
        extra=extra,
    )
    body = "\n\n".join(_distinct(get("AB") or ()) or _distinct(get("N2") or ()))
    return meta, body


def _distinct(found: list[str] | tuple[()]) -> list[str]:
    """Non-empty values, each once, in file order."""
    return [v for v in dict.fromkeys(found) if v]


def _first_year(fields: Fields, tags: tuple[str, ...]) -> tuple[int | None, str]:
    """(the first year the tags give, the first date value that gave none)."""
    stated = ""
    for tag in tags:
        for value in fields.get(tag, ()):
            if value:
                year = year_of(value)
                if year is not None:
                    return year, stated
                stated = stated or value
    return None, stated


def _year(fields: Fields, more: Callable[[], Fields], warn: Callable[[str], None]) -> int | None:
    year, stated = _first_year(fields, _DATES)
    if year is None:
        year, also = _first_year(more(), _SPARE_DATES)
        stated = stated or also
        if year is None and stated:
            warn(f"year {short(stated)} not understood")
    return year


def _doi(fields: Fields, more: Callable[[], Fields], warn: Callable[[str], None]) -> str | None:
    stated = [v for v in fields.get("DO", ()) if v]
    for value in stated:
        doi = first_doi(value)
        if doi:
            return doi
    if stated:
        warn(f"DOI {short(stated[0])} not understood")
        return None
    return _plain_doi(fields, _DOI_ELSEWHERE) or _plain_doi(more(), _SPARE_DOI_ELSEWHERE)


def _plain_doi(fields: Fields, tags: tuple[str, ...]) -> str | None:
    """A DOI from link and note fields, only where a value is nothing but a DOI."""
    for tag in tags:
        for value in fields.get(tag, ()):
            doi = doi_if_only(value)
            if doi:
                return doi
    return None


def _pmid(fields: Fields) -> str | None:
    """A PubMed id, only where the file says it is one.

    EndNote's PubMed imports keep the PMID as a bare accession number (AN) with the
    database provider NLM; elsewhere a bare number in AN is some other database's id.
    """
    candidates = fields.keys() & _PMID_FIELDS
    if candidates:
        stated = stated_pmid("\n".join([v for tag in sorted(candidates) for v in fields[tag]]))
        if stated:
            return stated
    if "AN" not in fields or not ("DP" in fields or "DB" in fields):
        return None
    provider = {v.lower() for tag in ("DP", "DB") for v in fields.get(tag, ())}
    if provider & {"nlm", "pubmed"}:
        accession = first_value(fields, ("AN",))
        if accession and accession.isdigit() and len(accession) <= 9:
            return accession.lstrip("0") or None
    return None
