"""The accuracy bar of the extraction issue, checked by the project's own scorer.

The scorer (a byte-for-byte copy of shared/eval/score.py) runs on what the real
`triage extract --jsonl` writes for sample_docs/, so a regression in any reader,
the record splitting or any extractor shows here as a score, not as a diff.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import GOLD, ROOT, SAMPLE_DOCS, load_scorer

MACRO_F1_FLOOR = 0.90
FIELD_F1_FLOOR = 0.75



def test_sample_docs_meet_the_accuracy_bar(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    subprocess.run(
        [sys.executable, "-m", "tui.cli", "extract", str(SAMPLE_DOCS), "--jsonl", "-o", str(out)],
        check=True,
        cwd=ROOT,
        capture_output=True,
    )
    scorer = load_scorer()
    gold = scorer.read_jsonl(str(GOLD))
    pred = scorer.read_jsonl(str(out))
    summary, table, errors = scorer.score(gold, pred, scorer.FIELDS)
    assert summary["records_found"] == len(gold) == 15
    assert summary["predicted_records"] == 15
    low = {row["field"]: row["f1"] for row in table if row["gold"] and row["f1"] < FIELD_F1_FLOOR}
    assert not low, f"fields below {FIELD_F1_FLOOR}: {low}\n{json.dumps(errors, default=str)[:3000]}"
    assert summary["macro_f1"] >= MACRO_F1_FLOOR


def test_every_span_is_inside_its_record_and_every_confidence_in_range(tmp_path: Path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "tui.cli", "extract", str(SAMPLE_DOCS), "--jsonl"],
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
    ).stdout
    for line in out.splitlines():
        record = json.loads(line)
        for name, candidates in record["fields"].items():
            for c in candidates:
                assert 0.0 <= c["confidence"] <= 1.0, (record["id"], name, c)
                if c["start"] is not None:
                    assert 0 <= c["start"] < c["end"] <= len(record["text"]), (record["id"], name, c)
