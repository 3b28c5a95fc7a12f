"""The domain's nouns: what a reader hands over, and the record everything after it works on.

Readers know their format and nothing else; they return `ParsedRecord`s with the
metadata their format carries and the raw prose of the study. `evidence.records`
turns those into `Record`s: cleaned text the reviewer reads, sections, a stable id.
Keeping the two apart means no reader has to know about cleaning, ids or spans.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class InputError(Exception):
    """A file (or one record of it) cannot be read; the message is shown to the user as is.

    It says what is wrong in words a reviewer understands ("not valid XML: line 3 ..."),
    without the file name: the caller adds that, so every error line names its file.
    """


@dataclass(slots=True)
class Metadata:
    """What the format itself states about a study, before any text extraction.

    `extra` carries format-specific facts that extraction can trust more than prose;
    the keys readers use are:
      - ``study_type`` (e.g. "INTERVENTIONAL"), ``allocation`` ("RANDOMIZED", "NA"),
        ``design_model`` ("SINGLE_GROUP"), ``phases`` (list[str]) – registry records;
      - ``enrollment`` (int) and ``enrollment_type`` ("ACTUAL"/"ESTIMATED");
      - ``conditions`` (list[str]), ``interventions`` (list[str]) – registry records;
      - ``publication_types`` (list[str]) – PubMed;
      - ``keywords`` (list[str]); ``native_id`` (the database's own record id).
    """

    title: str | None = None
    authors: list[str] = field(default_factory=list)
    journal: str | None = None
    year: int | None = None
    doi: str | None = None
    pmid: str | None = None
    registry_ids: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "authors": list(self.authors),
            "journal": self.journal,
            "year": self.year,
            "doi": self.doi,
            "pmid": self.pmid,
            "registry_ids": list(self.registry_ids),
            "extra": dict(self.extra),
        }


@dataclass(slots=True)
class ParsedRecord:
    """One study as a reader found it.

    `body` is the study's prose as it stands in the file (an abstract, a registry
    summary, or for plain-text pages the whole page segment). `raw_start`/`raw_end`
    locate the record in the decoded file text when the format allows it, so a
    reviewer can be sent back to the original.
    `body_is_page` marks bodies that already contain the title and citation block
    (plain-text pages): those are shown as they are, not composed from metadata.
    """

    meta: Metadata
    body: str = ""
    raw_start: int | None = None
    raw_end: int | None = None
    body_is_page: bool = False


@dataclass(slots=True, frozen=True)
class Section:
    """A labelled part of a record's text, e.g. ("results", 812, 1440)."""

    label: str
    start: int
    end: int


@dataclass(slots=True)
class Record:
    """One study, ready for extraction and review.

    `text` is exactly what the reviewer sees and what every evidence span indexes.
    `raw_map` maps text offsets back to offsets of the decoded source file
    (pairs of (text_offset, raw_offset), ascending) where the format allows it.
    `fingerprint` identifies the content independently of the id, so the store can
    tell "same record, text changed" from "new record".
    """

    id: str
    source: str
    format: str
    index: int
    text: str
    meta: Metadata
    sections: list[Section] = field(default_factory=list)
    fingerprint: str = ""
    raw_map: list[tuple[int, int]] = field(default_factory=list)

    def raw_offset(self, text_offset: int) -> int | None:
        """The source-file offset of a text offset, or None when the format keeps no map."""
        if not self.raw_map:
            return None
        best = self.raw_map[0]
        for pair in self.raw_map:
            if pair[0] > text_offset:
                break
            best = pair
        return best[1] + (text_offset - best[0])


@dataclass(slots=True)
class FileReport:
    """What happened to one input file: the user reads these as the ingest table."""

    path: Path
    source: str
    format: str | None = None
    records: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    duplicates: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors
