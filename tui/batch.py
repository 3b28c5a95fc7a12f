"""Bringing documents into a review store: ingest, extract what changed, sync.

Extraction is the slow step, so a file whose bytes are unchanged since the last
sync (same sha256, `ReviewStore.cached_sources`) is not extracted again: reopening
a batch costs a read of the files and a digest, not a re-extraction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from evidence.extract import Extraction, extract
from evidence.ingest import IngestResult, ingest_paths
from evidence.source import DEFAULT_MAX_BYTES
from store import ReviewStore, SyncReport, file_digest

# (phase, done, total, current item): the CLI draws it as a progress bar.
ProgressCallback = Callable[[str, int, int, str], None]


@dataclass
class BatchReport:
    ingest: IngestResult
    sync: SyncReport
    extracted: int = 0  # records extracted this time
    cached: int = 0  # records of files unchanged since the last sync: not extracted again
    problems: list[str] = field(default_factory=list)  # extractor failures, one line each


def load_batch(store: ReviewStore, paths: Sequence[Path], *, max_bytes: int = DEFAULT_MAX_BYTES,
               progress: ProgressCallback | None = None) -> BatchReport:
    """Read `paths` into `store`: new records added, changed ones refreshed keeping decisions."""

    def read_progress(done: int, total: int, _done_bytes: int, _total_bytes: int, name: str) -> None:
        if progress:
            progress("Reading", done, total, name)

    result = ingest_paths(paths, max_bytes=max_bytes, progress=read_progress)
    cached = store.cached_sources()
    digests: dict[str, str] = {}
    for report in result.files:
        if report.ok:
            try:
                digests[report.source] = file_digest(report.path)
            except OSError as exc:
                report.errors.append(f"cannot read: {exc}")
    todo = [r for r in result.records
            if r.source in digests and cached.get(r.source) != digests[r.source]]
    extractions: list[Extraction] = []
    problems: list[str] = []
    for done, record in enumerate(todo, start=1):
        extraction = extract(record)
        problems.extend(f"{record.id}: {p}" for p in extraction.problems)
        extractions.append(extraction)
        if progress:
            progress("Extracting", done, len(todo), record.id)
    changed_sources = {r.source for r in todo}
    sync = store.sync(extractions, {s: d for s, d in digests.items() if s in changed_sources})
    if changed_sources:
        # Duplicates are found across the whole batch, so they are stored whole each time.
        store.set_setting("duplicates", [{"ids": list(g.ids), "reason": g.reason} for g in result.duplicates])
    cached = sum(1 for r in result.records if r.source in digests) - len(todo)
    return BatchReport(ingest=result, sync=sync, extracted=len(todo), cached=cached, problems=problems)
