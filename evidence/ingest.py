"""Files and folders in, records and a per-file report out.

One bad file never stops a batch: each failure becomes an error line on that
file's report and the next file is read. Source names are made independent of
the machine (relative to the working directory, or to the argument's parent),
so the same batch gives the same record ids anywhere.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from evidence.dedupe import DuplicateGroup, find_duplicates
from evidence.detect import detect_format
from evidence.model import FileReport, InputError, Record
from evidence.readers import reader_for
from evidence.records import build_record
from evidence.source import DEFAULT_MAX_BYTES, load

# Called after each file with (files done, files in all, bytes done, bytes in all, file name).
Progress = Callable[[int, int, int, int, str], None]


@dataclass
class IngestResult:
    records: list[Record] = field(default_factory=list)
    files: list[FileReport] = field(default_factory=list)
    duplicates: list[DuplicateGroup] = field(default_factory=list)

    @property
    def errors(self) -> list[str]:
        """Every problem as one line naming its file."""
        return [f"{f.source}: {e}" for f in self.files for e in f.errors]

    @property
    def warnings(self) -> list[str]:
        return [f"{f.source}: {w}" for f in self.files for w in f.warnings]


def source_name(path: Path, argument: Path) -> str:
    """A name for `path` that does not depend on where the batch sits on this machine."""
    absolute = path.absolute()
    try:
        return absolute.relative_to(Path.cwd().absolute()).as_posix()
    except ValueError:
        base = argument.absolute().parent
        try:
            return absolute.relative_to(base).as_posix()
        except ValueError:
            return absolute.name


def iter_input_files(paths: Iterable[Path]) -> Iterator[tuple[Path, str] | tuple[Path, InputError]]:
    """Each regular file under the arguments, in a stable order, hidden files skipped.

    A missing argument yields an `InputError` in place of a name, so it is reported like any
    other bad input instead of ending the run.
    """
    seen: set[Path] = set()
    for argument in paths:
        if argument.is_dir():
            found: list[Path] = []
            for root, dirs, files in os.walk(argument, followlinks=False):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found.extend(Path(root) / f for f in files if not f.startswith("."))
            candidates = sorted(found)
        elif argument.exists():
            candidates = [argument]
        else:
            yield argument, InputError("no such file or folder")
            continue
        for path in candidates:
            resolved = path.resolve()
            if resolved in seen or not path.is_file():
                continue
            seen.add(resolved)
            yield path, source_name(path, argument)


def read_file(path: Path, name: str, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[list[Record], FileReport]:
    """All records of one file, and what happened reading it."""
    report = FileReport(path=path, source=name)
    records: list[Record] = []
    try:
        source = load(path, name, max_bytes)
        fmt = detect_format(source.text, path)
        report.format = fmt
        for index, parsed in enumerate(reader_for(fmt)(source), start=1):
            records.append(build_record(parsed, name, fmt, index))
        report.warnings.extend(source.warnings)
        if not records:
            report.errors.append("no records found")
    except InputError as exc:
        report.errors.append(str(exc))
    except (MemoryError, RecursionError) as exc:
        report.errors.append(f"could not be read ({type(exc).__name__})")
    report.records = len(records)
    return records, report


def ingest_paths(
    paths: Sequence[Path],
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Progress | None = None,
) -> IngestResult:
    """Read every file under `paths`; report duplicates across all of them."""
    result = IngestResult()
    inputs = list(iter_input_files(paths))
    sizes = [p.stat().st_size if isinstance(n, str) else 0 for p, n in inputs]
    total_bytes = sum(sizes)
    done_bytes = 0
    for number, ((path, name), size) in enumerate(zip(inputs, sizes, strict=True), start=1):
        if isinstance(name, InputError):
            report = FileReport(path=path, source=path.as_posix(), errors=[str(name)])
            result.files.append(report)
        else:
            records, report = read_file(path, name, max_bytes)
            result.records.extend(records)
            result.files.append(report)
        done_bytes += size
        if progress:
            progress(number, len(inputs), done_bytes, total_bytes, report.source)
    result.duplicates = find_duplicates(result.records)
    by_source = {f.source: f for f in result.files}
    for group in result.duplicates:
        for record_id in group.ids:
            report = by_source.get(record_id.rsplit("#", 1)[0])
            if report:
                report.duplicates += 1
    return result
