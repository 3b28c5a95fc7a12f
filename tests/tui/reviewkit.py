"""A small review store for the screen tests: made-up documents, fixed candidates.

The documents go through the real ingest (so cleaning and ids are real), but the
candidates are made here from phrases of the text, not by the extractors, so the
screen tests and snapshots change only when the screen does. Not a conftest (a
second `conftest` would shadow the suite's own for `from conftest import ...`).
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from evidence.extract import Extraction
from evidence.extract.candidate import Candidate
from evidence.ingest import ingest_paths
from store import ReviewStore

TRIAL = """Cyclosporine versus placebo in adults with severe aplastic anemia

Objective: To compare cyclosporine with placebo in adults with severe aplastic anemia.

Methods: In this randomised trial, 120 patients (median age 54 years) were assigned to cyclosporine
or placebo.

Results: The overall response rate was 45% (27/60) with cyclosporine. Headache was the most common
adverse event.

Conclusion: Cyclosporine improves response in severe aplastic anemia.
"""

HOSTILE = (
    "Markup inside a document is text: [bold]not bold[/bold] and [link=http://example.org]no link[/link]\n\n"
    "Abstract: This case report of one patient with [/foo] immune thrombocytopenia shows "
    "\x1b[31mred\x1b[0m text only as text. The patient received rituximab.\n"
)

SERIES = """Eltrombopag in chronic immune thrombocytopenia: a case series

We describe 8 children with chronic immune thrombocytopenia treated with eltrombopag. Six of 8 (75%)
responded. The median follow-up was 14 months.
"""

DOCS = {"01_trial.txt": TRIAL, "02_hostile.txt": HOSTILE, "03_series.txt": SERIES}

# file -> (field, value, phrase of the text that supports it, confidence)
PROPOSALS: dict[str, list[tuple[str, object, str, float]]] = {
    "01_trial.txt": [
        ("title", "Cyclosporine versus placebo in adults with severe aplastic anemia",
         "Cyclosporine versus placebo in adults with severe aplastic anemia", 0.95),
        ("study_design", "rct", "randomised trial", 0.9),
        ("condition", "severe aplastic anemia", "severe aplastic anemia", 0.85),
        ("sample_size", 120, "120 patients", 0.9),
        ("age", {"stat": "median", "value": 54, "unit": "years"}, "median age 54 years", 0.7),
        ("intervention", "cyclosporine", "cyclosporine", 0.88),
        ("intervention", "placebo", "placebo", 0.4),
        ("outcome", {"name": "overall response rate", "value": 45, "unit": "%", "n": 27, "total": 60},
         "overall response rate was 45% (27/60)", 0.75),
        ("adverse_events", "headache", "Headache", 0.6),
        ("conclusion", "Cyclosporine improves response in severe aplastic anemia.",
         "Cyclosporine improves response in severe aplastic anemia.", 0.8),
    ],
    "02_hostile.txt": [
        ("study_design", "case_report", "case report", 0.9),
        ("condition", "[/foo] immune thrombocytopenia", "[/foo] immune thrombocytopenia", 0.5),
        ("intervention", "rituximab", "rituximab", 0.85),
    ],
    "03_series.txt": [
        ("study_design", "case_series", "case series", 0.9),
        ("sample_size", 8, "8 children", 0.9),
        ("intervention", "eltrombopag", "eltrombopag", 0.9),
        ("follow_up", {"stat": "median", "value": 14, "unit": "months"}, "median follow-up was 14 months",
         0.8),
    ],
}


def write_docs(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in DOCS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def extractions(folder: Path) -> list[Extraction]:
    out = []
    for record in ingest_paths([folder]).records:
        name = Path(record.source).name
        fields: dict[str, list[Candidate]] = {}
        for field, value, phrase, confidence in PROPOSALS[name]:
            start = record.text.find(phrase)
            assert start >= 0, (name, phrase)
            fields.setdefault(field, []).append(
                Candidate(value, start, start + len(phrase), confidence, f"test.{field}"))
        out.append(Extraction(record, fields=fields))
    return out


def make_store(root: Path, reviewer: str = "ana") -> Path:
    """A store at root/review.json holding the three documents (records in file order)."""
    docs = write_docs(root / "docs")
    path = root / "review.json"
    batch = extractions(docs)
    with ReviewStore.open(path, reviewer) as store:
        store.sync(batch, {e.record.source: hashlib.sha256(e.record.text.encode()).hexdigest()
                           for e in batch})
    return path


# -- driving the app -------------------------------------------------------------------------


def drive(path: Path, scenario: Callable[[Any, Any], Awaitable[None]], *, size: tuple[int, int] = (120, 40),
          keymap: str | None = None, **options: Any) -> None:
    """Open the real app on the store at `path` and run `scenario(app, pilot)` in it."""
    from store import ReviewStore
    from tui.app import make_app
    from tui.keymap import load_keymap

    async def main() -> None:
        with ReviewStore.open(path, "ana") as store:
            app = make_app(store, load_keymap(keymap), export_dir=path.parent, **options)
            async with app.run_test(size=size) as pilot:
                await pilot.pause()
                await scenario(app, pilot)

    asyncio.run(main())
