"""Hostile input never crashes a batch: whatever the bytes, a file gives records or error lines."""

from __future__ import annotations

import contextlib
from pathlib import Path

from conftest import CORPUS
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidence.ingest import read_file
from evidence.readers import FORMATS, reader_for
from evidence.source import SourceFile

SEEDS = sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.stat().st_size < 40_000
               and p.suffix not in {".md", ".tsv"})


def _check(path: Path) -> None:
    records, report = read_file(path, path.name)
    assert report.records == len(records)
    assert records or report.errors
    for line in report.errors + report.warnings:
        assert "\n" not in line and line.strip()
    for record in records:
        assert "\x1b" not in record.text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000))
def test_random_bytes(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "random.dat"
    path.write_bytes(data)
    _check(path)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    seed=st.sampled_from(SEEDS),
    cut=st.floats(min_value=0, max_value=1),
    junk=st.binary(max_size=64),
    where=st.floats(min_value=0, max_value=1),
)
def test_mutated_real_exports(tmp_path: Path, seed: Path, cut: float, junk: bytes, where: float) -> None:
    """Truncated and corrupted copies of the corpus: the shapes real damage takes."""
    data = seed.read_bytes()
    data = data[: max(1, int(len(data) * (0.3 + 0.7 * cut)))]
    at = int(len(data) * where)
    path = tmp_path / seed.name
    path.write_bytes(data[:at] + junk + data[at:])
    _check(path)


@settings(max_examples=40, deadline=None)
@given(text=st.text(max_size=800), fmt=st.sampled_from(sorted(FORMATS)))
def test_every_reader_on_random_text(text: str, fmt: str) -> None:
    """Readers called directly, whatever detection would say: only InputError may escape."""
    from evidence.model import InputError

    source = SourceFile(path=Path("x"), name="x", data=text.encode("utf-8", "surrogatepass"),
                        text=text, encoding="utf-8")
    with contextlib.suppress(InputError):
        list(reader_for(fmt)(source))
