"""From what a reader parsed to the `Record` the reviewer sees: cleaned, laid out, identified.

Structured formats give metadata and an abstract; the record's text is composed
from them (title, authors, citation line, abstract) so the reviewer reads the
same shape whatever the format, and metadata values can be pointed at in it.
Plain-text pages are already a record's text and are only cleaned.
"""

from __future__ import annotations

import hashlib
import re

from evidence.clean import clean_plain, clean_text
from evidence.model import Metadata, ParsedRecord, Record
from evidence.sections import layout_sections, shift_offset

_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)


def normalise_doi(doi: str | None) -> str | None:
    """Lower case, no resolver prefix, no trailing punctuation: the spec's DOI form."""
    if not doi:
        return None
    value = _DOI_PREFIX.sub("", doi.strip()).strip().rstrip(".,;)]").lower()
    return value if value.startswith("10.") and "/" in value else None


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    cleaned = clean_plain(value).replace("\n", " ").strip()
    return cleaned or None


def clean_metadata(meta: Metadata) -> Metadata:
    """Metadata as the reviewer sees it: cleaned strings, normalised ids, no empty items."""
    authors = [a for a in (_clean(a) for a in meta.authors) if a]
    registry_ids: list[str] = []
    for rid in meta.registry_ids:
        value = (_clean(rid) or "").upper()
        if value and value not in registry_ids:
            registry_ids.append(value)
    return Metadata(
        title=_clean(meta.title),
        authors=authors,
        journal=_clean(meta.journal),
        year=meta.year,
        doi=normalise_doi(meta.doi),
        pmid=(meta.pmid or "").strip() or None,
        registry_ids=registry_ids,
        extra=meta.extra,
    )


def citation_line(meta: Metadata) -> str:
    """"Journal. 2020. doi:10.x/y. PMID: 123. NCT01234567": what a reference list would show."""
    parts = [p for p in (meta.journal, str(meta.year) if meta.year else None) if p]
    if meta.doi:
        parts.append(f"doi:{meta.doi}")
    if meta.pmid:
        parts.append(f"PMID: {meta.pmid}")
    parts.extend(meta.registry_ids)
    return ". ".join(parts)


def compose_text(meta: Metadata, body: str) -> str:
    """The text of a structured record: title, authors, citation line, then the abstract."""
    blocks = [meta.title or ""]
    byline = "; ".join(meta.authors)
    cite = citation_line(meta)
    blocks.append("\n".join(line for line in (byline, cite) if line))
    blocks.append(body)
    return "\n\n".join(block for block in blocks if block)


def build_record(parsed: ParsedRecord, source: str, fmt: str, index: int) -> Record:
    """Clean and lay out one parsed record; `index` is its 1-based position in the file."""
    meta = clean_metadata(parsed.meta)
    if parsed.body_is_page:
        cleaned = clean_text(parsed.body, parsed.raw_start or 0)
        text, anchors = cleaned.text, cleaned.anchors
    else:
        body = clean_plain(parsed.body) if parsed.body else ""
        text = compose_text(meta, body)
        anchors = [(0, parsed.raw_start)] if parsed.raw_start is not None else []
    text, sections, edits = layout_sections(text)
    if edits and anchors:
        anchors = sorted({(shift_offset(c, edits), r) for c, r in anchors})
    return Record(
        id=f"{source}#{index}",
        source=source,
        format=fmt,
        index=index,
        text=text,
        meta=meta,
        sections=sections,
        fingerprint=hashlib.sha256(text.encode("utf-8")).hexdigest()[:16],
        raw_map=anchors,
    )
