"""The `triage` command.

Subcommands import what they need when they run, so `triage --help` and the
batch commands start fast and never load the screen.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

if TYPE_CHECKING:
    from evidence.ingest import IngestResult

# Subcommands that live in modules of their own: each has `register(subparsers)`, which
# adds its parser and sets `func`. Their heavy imports (the screen, the store) happen
# inside `func`, so `triage --help` stays fast.
COMMAND_MODULES: tuple[str, ...] = ("tui.cmd_review", "tui.cmd_export")

EXIT_OK = 0
EXIT_NOTHING_READ = 1
EXIT_USAGE = 2


def _stderr() -> Console:
    return Console(stderr=True, highlight=False)


def _progress(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("{task.fields[current]}", markup=False),
        console=console,
        transient=True,
        disable=not console.is_terminal,
    )


def run_ingest(paths: Sequence[Path], max_mb: float, console: Console) -> IngestResult:
    """Ingest with a progress bar on a terminal; the same call serves every subcommand."""
    from evidence.ingest import ingest_paths

    with _progress(console) as progress:
        task = progress.add_task("Reading", total=None, current="")

        def report(done: int, total: int, done_bytes: int, total_bytes: int, name: str) -> None:
            progress.update(task, completed=done, total=total, current=name)

        return ingest_paths(paths, max_bytes=int(max_mb * 1024 * 1024), progress=report)


def _print_problems(result: IngestResult, console: Console) -> None:
    for line in result.errors:
        console.print(f"[red]error[/red] {escape(line)}")
    for line in result.warnings:
        console.print(f"[yellow]warning[/yellow] {escape(line)}")


def cmd_ingest(args: argparse.Namespace) -> int:
    from evidence.readers import label

    err = _stderr()
    result = run_ingest(args.paths, args.max_size, err)
    table = Table(title=None, show_edge=False)
    for column, justify in (("file", "left"), ("format", "left"), ("records", "right"),
                            ("duplicates", "right"), ("errors", "right"), ("warnings", "right")):
        table.add_column(column, justify=justify)  # type: ignore[arg-type]
    for report in result.files:
        table.add_row(
            escape(report.source),
            label(report.format) if report.format else "-",
            str(report.records),
            str(report.duplicates),
            str(len(report.errors)),
            str(len(report.warnings)),
        )
    out = Console(highlight=False)
    out.print(table)
    readable = sum(1 for f in result.files if f.ok)
    out.print(
        f"{len(result.records)} records from {readable} of {len(result.files)} files; "
        f"{len(result.duplicates)} duplicate groups; {len(result.errors)} errors."
    )
    for group in result.duplicates:
        out.print(f"duplicate ({escape(group.reason)}): {escape(', '.join(group.ids))}")
    _print_problems(result, err)
    return EXIT_OK if result.records else EXIT_NOTHING_READ


@contextmanager
def _output(path: str | None, force: bool) -> Iterator[TextIO]:
    """stdout, or a file written atomically: a failed run never leaves half a file."""
    if path in (None, "-"):
        yield sys.stdout
        return
    target = Path(path)
    if target.exists() and not force:
        raise FileExistsError(f"{target} exists; use --force to overwrite it")
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, then renamed into place
        "w", encoding="utf-8", dir=target.parent or ".", prefix=f".{target.name}.", delete=False
    )
    try:
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(handle.name, target)
    except BaseException:
        Path(handle.name).unlink(missing_ok=True)
        raise


def _format_value(value: object) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}={v}" for k, v in value.items() if v is not None)
    return str(value)


def cmd_extract(args: argparse.Namespace) -> int:
    from evidence.extract import extract

    err = _stderr()
    result = run_ingest(args.paths, args.max_size, err)
    try:
        with _output(args.output, args.force) as out, _progress(err) as progress:
            task = progress.add_task("Extracting", total=len(result.records), current="")
            for record in result.records:
                extraction = extract(record)
                for problem in extraction.problems:
                    err.print(f"[yellow]warning[/yellow] {escape(record.id)}: {escape(problem)}")
                if args.jsonl:
                    out.write(json.dumps(extraction.as_json(), ensure_ascii=False) + "\n")
                else:
                    out.write(f"== {record.id}\n")
                    for name, candidates in extraction.fields.items():
                        if candidates:
                            best = candidates[0]
                            values = "; ".join(_format_value(c.value) for c in candidates)
                            out.write(f"  {name}: {values}  ({best.confidence:.2f})\n")
                    out.write("\n")
                progress.advance(task)
    except (FileExistsError, OSError) as exc:
        err.print(f"[red]error[/red] {escape(str(exc))}")
        return EXIT_USAGE
    _print_problems(result, err)
    return EXIT_OK if result.records else EXIT_NOTHING_READ


def _add_paths(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH",
                        help="files or folders (read recursively); the format is detected from content")
    parser.add_argument("--max-size", type=float, default=150, metavar="MB",
                        help="skip files larger than this, with an error line (default: 150)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="triage",
        description="Read clinical study documents, extract the evidence fields, and review them.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    ingest = sub.add_parser(
        "ingest", help="read files and folders and report records, duplicates and errors per file",
        description="Read every file under PATH... and print, per file, its format, record count, "
        "duplicates and errors. Exits 1 only when no record could be read.",
    )
    _add_paths(ingest)
    ingest.set_defaults(func=cmd_ingest)

    extract = sub.add_parser(
        "extract", help="extract the evidence fields of every record",
        description="Extract the fields of shared/spec/fields.md from every record under PATH...",
    )
    _add_paths(extract)
    extract.add_argument("--jsonl", action="store_true",
                         help="one JSON object per record (the spec's contract) instead of a readable list")
    extract.add_argument("-o", "--output", metavar="FILE", help="write to FILE instead of standard output")
    extract.add_argument("--force", action="store_true", help="overwrite an existing output FILE")
    extract.set_defaults(func=cmd_extract)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        _stderr().print("interrupted")
        return 130
    except BrokenPipeError:
        # `triage extract ... | head` closes the pipe early: not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
