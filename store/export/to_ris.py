"""RIS: the included records as references, for EndNote, Zotero, Mendeley and the like.

The citation comes from the reviewed values (TI, AU per author, T2 journal, PY, DO;
TI falls back to the record's list title when no title was decided, never over a
rejection),
the abstract from the record's text (the citation lines it begins with left out),
the record id as ID and a PubMed id as AN. Two notes (N1) carry the review: the
decision with its reason, and the other accepted values in words. Every tag is one
line (white space inside a value folded), so no value can end a record early or
start a tag; lines end with CRLF, as the format's specification has them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TextIO

from evidence.model import Metadata
from evidence.records import compose_text
from store.export import cells
from store.export.reading import OutRecord

CITATION_FIELDS = ("title", "authors", "journal", "year", "doi")
REGISTRY_FORMATS = frozenset({"ctgov_json", "ctgov_xml"})
EOL = "\r\n"


def _line(tag: str, value: Any) -> str:
    text = " ".join(str(value).split())
    return f"{tag}  - {text}{EOL}" if text else ""


def abstract(record: OutRecord) -> str:
    """The record's text after the title and citation block it was composed with, if it was."""
    text = record.text
    try:
        header = compose_text(Metadata(**record.meta), "")
    except TypeError:  # a payload from another version: use the whole text
        return text
    if header and text.startswith(header + "\n\n"):
        return text[len(header) + 2:]
    return text


def entry(record: OutRecord) -> str:
    by_field = record.by_field
    kind = "DBASE" if record.format in REGISTRY_FORMATS else "JOUR"
    lines = [_line("TY", kind)]
    # A reference needs a title: without a decided one, the record's own (the name the screen
    # lists it by), unless the reviewer rejected the title proposed, which that name usually is.
    titles = by_field.get("title") or ([] if "title" in record.rejected else [record.title])
    if titles:
        lines.append(_line("TI", titles[0]))
    lines += [_line("AU", author) for author in by_field.get("authors", [])]
    for tag, field in (("T2", "journal"), ("PY", "year"), ("DO", "doi")):
        if by_field.get(field):
            lines.append(_line(tag, by_field[field][0]))
    if by_field.get("doi"):
        lines.append(_line("UR", f"https://doi.org/{by_field['doi'][0]}"))
    if record.available:
        lines.append(_line("AB", abstract(record)))
    lines.append(_line("ID", record.id))
    pmid = record.meta.get("pmid")
    if pmid:
        lines.append(_line("AN", pmid))
    decision = record.decision
    if decision:
        reason = decision.get("reason")
        lines.append(_line("N1", f"Screening decision: {decision.get('decision')}"
                                 + (f" ({reason})" if reason else "")))
    extracted = [f"{field}: {cells.JOIN.join(cells.readable(field, v) for v in values)}"
                 for field, values in by_field.items() if field not in CITATION_FIELDS]
    if extracted:
        lines.append(_line("N1", "Extracted: " + " | ".join(extracted)))
    lines.append(f"ER  - {EOL}{EOL}")
    return "".join(lines)


def write(records: Iterable[OutRecord], out: TextIO) -> None:
    for record in records:
        out.write(entry(record))
