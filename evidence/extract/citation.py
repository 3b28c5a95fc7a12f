"""Citation fields: what the format states wins; the text is searched only for what it lacks."""

from __future__ import annotations

from evidence.extract.candidate import Candidate
from evidence.extract.spans import locate
from evidence.model import Record

# Metadata from a structured format is the database's own statement: near certain.
METADATA_CONFIDENCE = 0.97


def _from_metadata(record: Record, value: str | int, search: str | None = None) -> Candidate:
    start, end = locate(record.text, search if search is not None else str(value))
    return Candidate(value, start, end, METADATA_CONFIDENCE, "metadata")


def extract(record: Record, found: dict[str, list[Candidate]]) -> dict[str, list[Candidate]]:
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
