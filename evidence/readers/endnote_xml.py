"""EndNote XML (File > Export > XML), also written by Bookends and other managers.

Every value sits in one or more ``<style>`` runs, and a value whose formatting
changes mid-way (a bold word in an abstract) is split over several runs that
must be joined without adding anything. Exports are either one long line or
pretty-printed; in the latter, white space between runs and the indentation of
wrapped lines inside a run are layout, not text.

Journal names come from several fields (secondary-title, periodical/full-title,
periodical/abbr-1...) whose roles EndNote term lists swap freely ("full-title"
holding "Am J Clin Dermatol" and "abbr-1" the full name), so the longest of them
is taken as the full name.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

from evidence.model import InputError, Metadata, ParsedRecord
from evidence.readers._structured import (
    dedupe,
    first_doi,
    first_year,
    local_name,
    parse_xml,
    squash,
)
from evidence.source import SourceFile

_JOURNAL_PATHS = (
    "titles/secondary-title",
    "periodical/full-title",
    "periodical/abbr-1",
    "periodical/abbr-2",
    "periodical/abbr-3",
    "alt-periodical/full-title",
)
_PUBMED_SOURCE = re.compile(r"\b(?:NLM|PubMed|MEDLINE)\b|ncbi\.nlm\.nih\.gov", re.IGNORECASE)


def _value(elem: ET.Element | None) -> str:
    """A field's text: its <style> runs joined as they are, else its plain text."""
    if elem is None:
        return ""
    runs = [child for child in elem if local_name(child.tag) == "style"]
    if runs:
        return "".join("".join(run.itertext()) for run in runs)
    return "".join(elem.itertext())


def _line(record: ET.Element, path: str) -> str:
    return squash(_value(record.find(path)))


def _journal(record: ET.Element) -> str:
    names = [_line(record, path) for path in _JOURNAL_PATHS]
    names = [name for name in names if name]
    return max(names, key=len) if names else ""


def _year(record: ET.Element) -> tuple[int | None, str]:
    raw = _line(record, "dates/year")
    year = first_year(raw)
    if year is None:
        dates = [_line(record, "dates/pub-dates/date")]
        year = next((y for y in map(first_year, dates) if y), None)
    return year, raw


def _pmid(record: ET.Element) -> str | None:
    """The accession number, when the record says it came from PubMed/MEDLINE."""
    accession = _line(record, "accession-num")
    if not accession.isdigit() or len(accession) > 8:
        return None
    origin = " ".join(_line(record, path) for path in ("remote-database-provider", "remote-database-name"))
    urls = " ".join(squash(_value(url)) for url in record.findall("urls/related-urls/url"))
    return accession if _PUBMED_SOURCE.search(origin.strip() or urls) else None


def _keywords(record: ET.Element) -> list[str]:
    """Keywords; one <keyword> may hold several, separated by "; " or line breaks."""
    words: list[str] = []
    for keyword in record.findall("keywords/keyword"):
        for line in _value(keyword).replace("\r", "\n").split("\n"):
            words.extend(squash(part) for part in line.split("; "))
    return dedupe(words)


def _abstract(record: ET.Element) -> str:
    """The abstract with pretty-printing indentation folded; real line breaks stay.

    A line break followed by indentation is the pretty-printer's wrapping inside a
    <style> run; a line break at the start of a line is EndNote's own.
    """
    lines = _value(record.find("abstract")).split("\n")
    out = lines[0]
    for line in lines[1:]:
        if line[:1] in (" ", "\t"):
            out = out.rstrip(" \t") + " " + line.lstrip(" \t")
        else:
            out += "\n" + line
    return out.strip()


def _record(record: ET.Element, number: int, source: SourceFile) -> ParsedRecord:
    authors = [squash(_value(a)) for a in record.findall("contributors/authors/author")]
    year, raw_year = _year(record)
    if year is None and raw_year:
        source.warn(f"record {number}: no year in {raw_year!r}")
    extra: dict[str, object] = {}
    if keywords := _keywords(record):
        extra["keywords"] = keywords
    if native_id := _line(record, "rec-number"):
        extra["native_id"] = native_id
    title = _line(record, "titles/title") or _line(record, "titles/short-title")
    meta = Metadata(
        title=title or None,
        authors=[a for a in authors if a],
        journal=_journal(record) or None,
        year=year,
        doi=first_doi(_value(record.find("electronic-resource-num"))),
        pmid=_pmid(record),
        extra=extra,
    )
    return ParsedRecord(meta=meta, body=_abstract(record))


def _records(root: ET.Element) -> list[ET.Element]:
    name = local_name(root.tag)
    if name == "xml":
        return [r for holder in root.findall("records") for r in holder.findall("record")]
    if name == "records":
        return root.findall("record")
    raise InputError(f"not EndNote XML: root element <{name}>")


def read(source: SourceFile) -> Iterator[ParsedRecord]:
    records = _records(parse_xml(source))
    if not records:
        raise InputError("no EndNote <record> elements")
    for number, record in enumerate(records, start=1):
        parsed = _record(record, number, source)
        if not parsed.meta.title and not parsed.body:
            source.warn(f"record {number}: no title or abstract")
        yield parsed
