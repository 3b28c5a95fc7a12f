"""Citation fields: what the format states wins; the text is searched only for what it lacks.

Structured formats (RIS, MEDLINE, XML, registry JSON) hand over title, authors,
journal, year, DOI and registry ids as fields: those are the database's own
statement and near certain. A plain-text page carries them only as layout, so
`page_citation` reads the layouts pages use, and only for the fields the
metadata left empty. DOIs and registry ids have shapes of their own and are
looked for in any record's prose (`identifiers`).
"""

from __future__ import annotations

from evidence.extract import identifiers, page_citation
from evidence.extract.candidate import Candidate
from evidence.extract.spans import locate
from evidence.model import Record

# Metadata from a structured format is the database's own statement: near certain.
METADATA_CONFIDENCE = 0.97
# Formats whose text is the page as saved, not composed from metadata fields.
PAGE_FORMATS = frozenset({"text"})
# Registry formats: their metadata lists every id the registry holds for the study.
REGISTRY_FORMATS = frozenset({"ctgov_xml", "ctgov_json"})


def _from_metadata(record: Record, value: str | int, search: str | None = None) -> Candidate:
    start, end = locate(record.text, search if search is not None else str(value))
    return Candidate(value, start, end, METADATA_CONFIDENCE, "metadata")


def _metadata(record: Record) -> dict[str, list[Candidate]]:
    meta = record.meta
    out: dict[str, list[Candidate]] = {}
    if meta.title:
        out["title"] = [_from_metadata(record, meta.title)]
    if meta.authors:
        out["authors"] = [_from_metadata(record, a) for a in meta.authors]
    if meta.journal:
        out["journal"] = [_from_metadata(record, meta.journal)]
    if meta.year:
        out["year"] = [_from_metadata(record, meta.year)]
    if meta.doi:
        out["doi"] = [_from_metadata(record, meta.doi)]
    if meta.registry_ids:
        out["registry_id"] = [_from_metadata(record, r) for r in meta.registry_ids]
    return out


def _from_page(record: Record, out: dict[str, list[Candidate]]) -> None:
    """Fill the citation fields a plain-text page's metadata lacks from its layout."""
    head = page_citation.head_end(record)
    if "title" not in out and (found := page_citation.titles(record, head)):
        out["title"] = found
    if "authors" not in out:
        found = (
            page_citation.labelled_authors(record)
            or page_citation.listed_authors(record)
            or page_citation.initials_authors(record, head)
            or page_citation.byline_authors(record, head)
        )
        if found:
            out["authors"] = found
    if "journal" not in out or "year" not in out:
        journals, years = page_citation.journal_and_year(record)
        if journals and "journal" not in out:
            out["journal"] = journals
        if years and "year" not in out:
            out["year"] = years
    if "doi" not in out and (found_dois := identifiers.dois(record.text, head)):
        out["doi"] = [Candidate(d.value, d.start, d.end, d.confidence, "doi.text") for d in found_dois]


def _labelled_doi(record: Record) -> list[Candidate]:
    """In a composed record only a labelled DOI ("doi: 10...") is likely the paper's own."""
    return [
        Candidate(d.value, d.start, d.end, 0.6, "doi.text")
        for d in identifiers.dois(record.text)
        if d.confidence >= 0.9
    ]


def _registry_from_text(record: Record, out: dict[str, list[Candidate]]) -> None:
    if record.format in REGISTRY_FORMATS and out.get("registry_id"):
        return
    have = {c.value.upper().replace(" ", "") for c in out.get("registry_id", [])}
    for found in identifiers.registry_ids(record.text):
        key = found.value.upper().replace(" ", "")
        if key not in have:
            have.add(key)
            out.setdefault("registry_id", []).append(
                Candidate(found.value, found.start, found.end, found.confidence, "registry.text")
            )


def extract(record: Record, found: dict[str, list[Candidate]]) -> dict[str, list[Candidate]]:
    out = _metadata(record)
    if record.format in PAGE_FORMATS:
        _from_page(record, out)
    elif "doi" not in out and (labelled := _labelled_doi(record)):
        out["doi"] = labelled[:1]
    _registry_from_text(record, out)
    return out
