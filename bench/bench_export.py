"""Export speed and memory: a reviewed 50,000-record store to CSV, JSON Lines and the other formats.

Run by hand (not part of the test suite):

    .venv/bin/python bench/bench_export.py [--records 50000] [--formats csv,jsonl,json,yaml,ris,summary]

It builds, under bench/out/ (gitignored), a store of synthetic records shaped like
real ones (`bench_store.synthetic`: ~1,500-character texts, authors, design, size,
age, sex, interventions; here also two outcomes, a follow-up, a registry id, an
adverse event and a conclusion, ~19 candidates a record) and reviews it through the
API with the per-line fsync switched off (building the state is not what is
measured): 25% of the records included, 45% excluded with one of five reasons, 10%
maybe, 20% undecided; on included and maybe records 70% of the values accepted, 15%
edited, 10% rejected, 5% left pending; 1% of the records in duplicate groups.

Then each export runs in a fresh process pinned to one core, as `triage export`
would: open the store read-only, write the file atomically, print the summary.
Three selections: the default (records not excluded, their accepted and edited values),
`--status excluded` (all 50,000 records, their accepted and edited values) and
`--status all` (every record with every value not rejected, pending ones included: the
largest output, a million values).
Times are the export's CPU time (the summary included; steadier than wall clock on a
shared machine, and what the wall clock is on an idle core, the export being single-
threaded) and its wall clock; "added peak" is how far the export raised ru_maxrss
above what the open store already took.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

REASONS = ("wrong population", "wrong intervention", "not a clinical study", "review article",
           "conference abstract only")


def _pin() -> None:
    """One core, so the numbers do not depend on how busy the others are."""
    if hasattr(os, "sched_setaffinity"):
        with contextlib.suppress(OSError):
            os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _store_path(n: int) -> Path:
    return OUT / f"export_{n}" / "review.json"


def _more_fields(extraction: Any, rng: random.Random) -> Any:
    """The fields bench_store leaves out, so every column of the CSV has something to do."""
    from evidence.extract.candidate import Candidate

    def cand(value: Any, at: int, conf: float = 0.7, rule: str = "bench") -> Candidate:
        return Candidate(value, at, at + 30, conf, rule)

    fields = dict(extraction.fields)
    fields["registry_id"] = [cand(f"NCT{rng.randint(10**7, 10**8 - 1):08d}", 100, 0.95, "registry.id")]
    fields["disease_status"] = [cand("refractory", 250)]
    fields["outcome"] = [
        cand({"name": "overall response rate", "value": round(rng.uniform(10, 90), 1), "unit": "%",
              "n": rng.randint(5, 40), "total": 40, "timepoint": "6 months"}, 800),
        cand({"name": "overall survival", "value": round(rng.uniform(10, 90), 1), "unit": "%",
              "timepoint": "2 years"}, 850),
    ]
    fields["follow_up"] = [cand({"stat": "median", "value": rng.randint(6, 60), "unit": "months"}, 900)]
    fields["adverse_events"] = [cand("neutropenia", 1000)]
    fields["conclusion"] = [cand("Treatment was effective and well tolerated in this cohort.", 1300, 0.6)]
    return dataclasses.replace(extraction, fields=fields)


def _edit(value: Any, field: str, k: int) -> Any:
    """A valid edited value for the field (the reviewer's correction)."""
    if isinstance(value, bool) or field == "study_design" or field == "disease_status":
        return value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, dict):
        key = "male" if field == "sex" else "value"
        return {**value, key: (value.get(key) or 0) + 1}
    return f"{value} (corrected {k})"


def build(n: int) -> dict[str, Any]:
    """The reviewed store of `n` records, from scratch."""
    from bench_store import synthetic

    import store.journal
    from store import ReviewStore

    rng = random.Random(6)
    extractions = [_more_fields(e, rng) for e in synthetic(n)]
    folder = _store_path(n).parent
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    store.journal._sync = lambda fd: None  # type: ignore[assignment]
    began = time.perf_counter()
    decisions = 0
    with ReviewStore.open(_store_path(n), "bench", compact_bytes=1 << 40) as review:
        review.sync(extractions, {f"bench/export_{i:03d}.ris": "0" * 64 for i in range(n // 500 + 1)})
        ids = review.record_ids()
        for k, rid in enumerate(ids):
            roll = rng.random()
            if roll < 0.45:
                review.decide_record(rid, "exclude", rng.choice(REASONS))
                continue
            if roll >= 0.8:
                continue
            review.decide_record(rid, "include" if roll < 0.7 else "maybe")
            for value in review.values(rid):
                pick = rng.random()
                if pick < 0.7:
                    review.decide(rid, value.field, value.index, "accepted")
                elif pick < 0.85:
                    review.decide(rid, value.field, value.index, "edited",
                                  value=_edit(value.value, value.field, k))
                elif pick < 0.95:
                    review.decide(rid, value.field, value.index, "rejected", reason="not in the text")
                else:
                    continue
                decisions += 1
        groups = [{"ids": [ids[i], ids[i + 1]], "reason": "same DOI"} for i in range(0, n // 100 * 2, 2)]
        review.set_setting("duplicates", groups)
    return {"build_s": time.perf_counter() - began, "decisions": decisions,
            "store_mb": _store_path(n).stat().st_size / 1e6}


def measure(n: int, fmt: str, statuses: str) -> dict[str, Any]:
    """One export as `triage export` runs it: read-only open, atomic write, summary."""
    from store import ReviewStore
    from store.export import export_store

    _pin()
    began = time.perf_counter()
    review = ReviewStore.open(_store_path(n), "bench", read_only=True)
    open_s = time.perf_counter() - began
    open_peak = _peak_mb()
    target = _store_path(n).parent / f"out_{statuses or 'default'}.{fmt}"
    began, cpu = time.perf_counter(), time.process_time()
    result = export_store(review, fmt, target, statuses=statuses.split(",") if statuses else (),
                          force=True)
    export_s, cpu_s = time.perf_counter() - began, time.process_time() - cpu
    review.close()
    size_mb = target.stat().st_size / 1e6
    target.unlink()  # up to 400 MB each; the sizes are what the table needs
    return {"open_s": open_s, "export_s": export_s, "cpu_s": cpu_s, "open_peak_mb": open_peak,
            "peak_mb": _peak_mb(),
            "records": result.records,
            "values": result.values, "mb": size_mb}


def _child(*args: str) -> dict[str, Any]:
    """Run this script in a fresh process, so each peak is its own."""
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--formats", default="csv,jsonl,json,yaml,ris,summary")
    parser.add_argument("--rebuild", action="store_true", help="build the store even if it exists")
    parser.add_argument("--child", nargs=3, metavar=("WHAT", "N", "ARG"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        what, n, arg = args.child[0], int(args.child[1]), args.child[2]
        if what == "build":
            result = build(n)
        else:
            fmt, _, statuses = arg.partition(":")
            result = measure(n, fmt, statuses)
        print(json.dumps(result))
        return
    n = args.records
    if args.rebuild or not _store_path(n).exists():
        print(f"building and reviewing {n:,} records...", file=sys.stderr)
        built = _child("--child", "build", str(n), "-")
        print(f"  {built['decisions']:,} value decisions in {built['build_s']:.0f} s", file=sys.stderr)
    rows = []
    for fmt in args.formats.split(","):
        for statuses in ("", "excluded", "all"):
            print(f"  {fmt} {statuses or 'default'}...", file=sys.stderr)
            measured = _child("--child", "measure", str(n), f"{fmt}:{statuses}")
            rows.append((fmt, statuses or "default", measured))
    print(f"\nExport of a reviewed {n:,}-record store, one core, each row a fresh process.\n")
    print("| format | selection | records out | values out | file MB | export CPU s | export wall s "
          "| added peak MB |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for fmt, selection, r in rows:
        print(f"| {fmt} | {selection} | {r['records']:,} | {r['values']:,} | {r['mb']:.1f} "
              f"| {r['cpu_s']:.2f} | {r['export_s']:.2f} | {r['peak_mb'] - r['open_peak_mb']:.0f} |")
    opens = [r["open_s"] for _, _, r in rows]
    print(f"\nStore open (read-only, before each export): {min(opens):.2f}-{max(opens):.2f} s, peak "
          f"{rows[0][2]['open_peak_mb']:.0f} MB (ru_maxrss, interpreter included). \"added peak\": what the "
          "export added to it.")


if __name__ == "__main__":
    main()
