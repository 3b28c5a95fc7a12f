"""`export_store`: one call from a store to a file (or a stream) in one of the export formats.

The command line (`triage export`) and the review screen's export action both call
it, so what a reviewer gets does not depend on where they asked for it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from store.export import nested, reading, to_csv, to_json, to_ris, to_yaml
from store.export.atomic import atomic_text, check_target, refuse_store_files
from store.export.options import FORMATS, NESTED, ExportError, Selection
from store.export.summary import Summary, summary

if TYPE_CHECKING:
    from store.api import ReviewStore

Progress = Callable[[int, int], None]
BOM = "\ufeff"
PROGRESS_EVERY = 500


@dataclass(frozen=True)
class ExportResult:
    """What an export wrote: the format, the file (None for a stream), how many records and
    values went out, and the summary of the whole store at the time of the export."""

    format: str
    path: Path | None
    records: int
    values: int
    summary: Summary


def export_store(store: ReviewStore, fmt: str, output: str | os.PathLike[str] | None = None, *,
                 stream: TextIO | None = None, statuses: Iterable[str] = (), included_only: bool = False,
                 history: bool = False, force: bool = False, bom: bool = False,
                 progress: Progress | None = None) -> ExportResult:
    """Write the reviewed records of `store` in format `fmt` (one of FORMATS) and say what went out.

    Where: to the file `output`, atomically (a hidden temporary file beside it, renamed
    into place only when complete, so a failure leaves no half file and an existing file
    untouched); an existing `output` is replaced only with `force`. With `output` None it
    writes to `stream` (default: standard output), which it does not close.

    What: by default the records not excluded (RIS: the included ones), each with its
    accepted and edited values; rejected values never. `statuses` words widen this:
    "pending" (values not yet decided, with their candidate value), "maybe", "undecided",
    "excluded" (records), "all" (all of these). `included_only` narrows the records to the
    included ones before `statuses` widen them. Records come in batch order, fields in spec
    order, values in index order, and nothing depends on the time of the export, so the
    same store gives byte-identical output.

    Options: `history` adds each record's audit trail (JSON, JSON Lines, YAML only);
    `bom` starts a CSV with a UTF-8 byte-order mark (for spreadsheet programs that need
    one to read UTF-8); `progress(done, total)` is called every few hundred records (from
    the calling thread; the store may be used by others meanwhile: each record is read
    under the store's lock). The "summary" format writes `summary(store).render()`.

    Raises ExportError (a StoreError, message ready for the reviewer) for an unknown
    format or status word, an option the format does not take, an output that is the
    store's own file, and any failure to write (the OSError is its cause); its subclass
    OutputExists (also a FileExistsError) when `output` exists and `force` is not set.
    Nothing is written when it raises before writing began.
    """
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    if history and fmt not in NESTED:
        raise ExportError(f"--history goes with json, jsonl or yaml, not {fmt}")
    if bom and fmt != "csv":
        raise ExportError(f"a byte-order mark is for CSV only (JSON, YAML and RIS readers reject one), "
                          f"not {fmt}")
    selection = Selection.of(fmt, statuses, included_only=included_only)
    target = Path(output) if output is not None else None
    if target is not None:
        refuse_store_files(target, store.path)
        check_target(target, force)
    facts = summary(store)
    counter = _Counter()
    # The record cache is read for RIS (the abstract), for the nested formats where a value
    # needs its evidence, and for pending values; a CSV of decided values needs none of it.
    records = _records(store, selection, counter, progress, text=fmt == "ris", spans=fmt in NESTED,
                       slotted=fmt in NESTED)

    def write(out: TextIO) -> None:
        if bom:
            out.write(BOM)
        if fmt == "summary":
            out.write(facts.render())
        elif fmt == "csv":
            to_csv.write(records, out)
        elif fmt == "ris":
            to_ris.write(records, out)
        else:
            docs = (nested.record_doc(r, store.history(r.id) if history else None) for r in records)
            {"json": to_json.write_json, "jsonl": to_json.write_jsonl, "yaml": to_yaml.write}[fmt](docs, out)

    if target is not None:
        with atomic_text(target, force=force) as out:
            write(out)
    else:
        out = stream if stream is not None else sys.stdout
        try:
            write(out)
            out.flush()
        except BrokenPipeError:  # `triage export | head`: the caller's to handle, not a write error
            raise
        except OSError as exc:
            raise ExportError(f"cannot write the export: {exc.strerror or exc}") from exc
    return ExportResult(fmt, target, counter.records, counter.values, facts)


class _Counter:
    def __init__(self) -> None:
        self.records = 0
        self.values = 0


def _records(store: ReviewStore, selection: Selection, counter: _Counter, progress: Progress | None,
             *, text: bool, spans: bool, slotted: bool) -> Iterator[reading.OutRecord]:
    """The chosen records, read one at a time (records left out are never read from the cache)."""
    ids = reading.record_ids(store)
    total = len(ids)
    for done, rid in enumerate(ids, 1):
        record = reading.read(store, rid, selection.records, selection.values, text=text, spans=spans,
                              slotted=slotted)
        if record is not None:
            counter.records += 1
            counter.values += record.count
            yield record
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
            progress(done, total)


__all__ = ["ExportResult", "export_store", "summary"]
