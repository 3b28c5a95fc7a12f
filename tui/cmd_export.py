"""`triage export`: the reviewed records of a store as CSV, JSON, JSON Lines, YAML or RIS, or the
PRISMA counts; the counts go to standard error after every export.

Thin on purpose: what goes out and how is `store.export.export_store`, which the review
screen's export action calls too. This module turns arguments into that call and
errors into one line each. The store is opened read-only, so an export works while the
review screen has the store open, and never changes, compacts or creates a store.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path
from typing import TextIO

from rich.markup import escape

EXIT_OK, EXIT_USAGE = 0, 2

# Kept here as literals so `triage --help` does not import the store; tests/export checks
# they match store.export.FORMATS / STATUS_WORDS and store.paths.DEFAULT_STORE.
FORMATS = ("csv", "json", "jsonl", "yaml", "ris", "summary")
STATUS_WORDS = ("pending", "maybe", "undecided", "excluded", "all")
DEFAULT_STORE_NAME = "triage-review.json"


def _statuses(given: list[str] | None) -> list[str]:
    return [word.strip() for item in given or () for word in item.split(",") if word.strip()]


def _utf8_stdout() -> tuple[TextIO, io.TextIOWrapper | None]:
    """Standard output as UTF-8 without newline translation, whatever the locale says
    (a CSV or RIS file must not depend on the terminal it was piped from)."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:
        return sys.stdout, None
    sys.stdout.flush()
    wrapper = io.TextIOWrapper(buffer, encoding="utf-8", newline="", write_through=True)
    return wrapper, wrapper


def cmd_export(args: argparse.Namespace) -> int:
    from store import ReviewStore, StoreError
    from store.export import export_store, format_of
    from store.paths import DEFAULT_STORE
    from tui.cli import _progress, _stderr

    err = _stderr()

    def fail(message: str) -> int:
        err.print(f"[red]error[/red] {escape(message)}", soft_wrap=True)
        return EXIT_USAGE

    store_path = Path(args.store) if args.store else DEFAULT_STORE
    if not store_path.is_file():
        return fail(f"{store_path}: no review store there; make one with `triage review PATH...`"
                    + ("" if args.store else ", or name one with --store"))
    to_file = args.output not in (None, "-")
    fmt = args.format or (format_of(args.output) if to_file else None)
    if fmt is None:
        return fail(f"give --format ({', '.join(FORMATS)})"
                    + (f": the name {args.output} does not say which" if to_file else ""))
    try:
        store = ReviewStore.open(store_path, "export", read_only=True)
    except StoreError as exc:
        return fail(str(exc))
    stream, wrapper = (None, None) if to_file else _utf8_stdout()
    try:
        for notice in store.notices:
            err.print(f"[yellow]notice[/yellow] {escape(notice)}", soft_wrap=True)
        with _progress(err) as bar:
            task = bar.add_task("Exporting", total=None, current="")

            def report(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            result = export_store(store, fmt, Path(args.output) if to_file else None, stream=stream,
                                  statuses=_statuses(args.status), included_only=args.included_only,
                                  history=args.history, force=args.force, bom=args.bom, progress=report)
    except StoreError as exc:
        return fail(str(exc))
    finally:
        if wrapper is not None:
            wrapper.flush()
            wrapper.detach()
        store.close()
    if not args.quiet and fmt != "summary":
        where = str(result.path) if result.path else "standard output"
        err.print(escape(result.summary.render()), end="", soft_wrap=True)
        err.print(f"{result.records:,} records, {result.values:,} values written to {escape(where)}.",
                  soft_wrap=True)
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "export",
        help="write the reviewed records as CSV, JSON, JSON Lines, YAML or RIS, or the PRISMA counts",
        description="Write the records of a review store with the values the reviewer accepted or edited "
        "(rejected values never). By default: every record not excluded; for RIS, the included records. "
        "The same store always gives the same bytes. The PRISMA counts (identified, duplicates, screened, "
        "excluded with reasons, included; values accepted, edited, rejected, pending) go to standard "
        "error. Exits 2 on a usage or file error.",
    )
    parser.add_argument("--store", metavar="FILE",
                        help=f"the review store to read (default: {DEFAULT_STORE_NAME} in this folder); "
                        "opened read-only, so it may be open in the review screen meanwhile")
    parser.add_argument("-f", "--format", choices=FORMATS,
                        help="csv: one row per record, a column per field; json, jsonl, yaml: nested records "
                        "with each value's evidence (text and offsets), reviewer and time; ris: references "
                        "for a reference manager; summary: the PRISMA counts alone "
                        "(default: from the -o file's extension)")
    parser.add_argument("-o", "--output", metavar="FILE", default="-",
                        help="write to FILE, atomically (no half-written file if it fails); "
                        "'-' or nothing: standard output")
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")
    parser.add_argument("--status", action="append", metavar="WORD[,WORD]",
                        help="let more out: pending (values not decided yet, as proposed), maybe, undecided, "
                        "excluded (records), all (all of these); repeatable")
    parser.add_argument("--included-only", action="store_true",
                        help="only the included records (what RIS does by default); --status words add to it")
    parser.add_argument("--history", action="store_true",
                        help="add each record's audit trail: every change, who made it and when "
                        "(json, jsonl, yaml)")
    parser.add_argument("--bom", action="store_true",
                        help="start the CSV with a UTF-8 byte-order mark, for spreadsheet programs that need "
                        "one to read accents and other non-ASCII letters right")
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="do not print the counts to standard error")
    parser.set_defaults(func=cmd_export)
