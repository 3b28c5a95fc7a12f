"""Shared paths and helpers for the suite."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
SAMPLE_DOCS = ROOT / "sample_docs"
GOLD = ROOT / "tests" / "fixtures" / "gold" / "seeds.jsonl"


def corpus_counts() -> list[tuple[str, int]]:
    """(file relative to the corpus, records a correct importer finds) from counts.tsv."""
    rows = []
    for line in (CORPUS / "counts.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        name, count = line.split("\t")
        rows.append((name, int(count)))
    return rows


def load_scorer() -> ModuleType:
    """The project's scorer (a byte-for-byte copy of shared/eval/score.py) as a module."""
    path = ROOT / "tests" / "fixtures" / "gold" / "score.py"
    spec = importlib.util.spec_from_file_location("gold_score", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(autouse=True)
def _in_tmp_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test runs in its own folder, so nothing it writes lands in the repository."""
    monkeypatch.chdir(tmp_path)
