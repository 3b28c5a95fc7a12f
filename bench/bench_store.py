"""Decision latency, open time and memory of the review store, beside plain TinyDB, at three sizes.

Run by hand (not part of the test suite):

    .venv/bin/python bench/bench_store.py [--sizes 100,10000,50000] [--decisions 500]

For each size it builds, under bench/out/ (gitignored), a store of synthetic records
shaped like real ones (~1,500-character texts, 15 candidates across the spec's fields)
through `ReviewStore.sync`, and a plain TinyDB file (default JSONStorage) holding the
same records with their candidates and decision slots inline, as a store written
straight on TinyDB would. Then, each in a fresh process pinned to one core:

- `decide()` latency, fsync included, over `--decisions` random decisions on random
  records (accept / reject with a reason / edit), p50, p99 and max;
- the same decisions on plain TinyDB, `Table.update(..., doc_ids=[id])` (which fsyncs
  too); fewer at large sizes where one costs seconds (the count is printed);
- open time (to the first progress count) and peak memory (ru_maxrss, which includes
  the interpreter) of both, and the time of the compaction `close()` does.

Between building and measuring, everything written is flushed (`os.sync()`), so the
~420 MB the 50,000-record build writes is not written back during the measurement.
Right before each of our store's measurements, a bare 512-byte append + fsync loop on
the same disk gives the disk's own latency at that moment (the "bare fsync" column):
on a shared machine other processes' synchronous writes can set a floor under every
fsync (seen here: bare p50 0.10 ms on a quiet disk, 4.00 ms while others' tests ran),
and a row is only comparable with the others when its bare figure is.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import hashlib
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

VOCABULARY = (
    "patients randomized trial placebo outcome adverse events median age years follow-up months "
    "response rate significant treatment group cohort baseline hazard ratio confidence interval "
    "primary secondary endpoint mortality remission relapse refractory disease therapy dose"
)
WORDS = VOCABULARY.split()
DESIGNS = ("rct", "prospective_observational", "retrospective_observational", "case_series")


def _pin() -> None:
    """One core, so the numbers do not depend on how busy the others are."""
    if hasattr(os, "sched_setaffinity"):
        with contextlib.suppress(OSError):
            os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def _text(rng: random.Random, chars: int) -> str:
    out: list[str] = []
    length = 0
    while length < chars:
        word = rng.choice(WORDS)
        out.append(word)
        length += len(word) + 1
    return " ".join(out)


def synthetic(n: int) -> list[Any]:
    """`n` Extractions shaped like real ones: 1,500-character text, 15 candidates."""
    from evidence.extract import Extraction
    from evidence.extract.candidate import Candidate
    from evidence.model import Metadata, Record

    rng = random.Random(n)
    out = []
    for i in range(n):
        title = f"Study {i}: " + _text(rng, 90)
        text = title + "\n\n" + _text(rng, 1400)
        meta = Metadata(title=title, authors=[f"Author{i % 97} A", "Second B", "Third C", "Fourth D"],
                        journal="Journal of Bench", year=2000 + i % 25, doi=f"10.5555/bench.{i}")
        source = f"bench/export_{i // 500:03d}.ris"
        record = Record(id=f"{source}#{i % 500 + 1}", source=source, format="ris", index=i % 500 + 1,
                        text=text, meta=meta,
                        fingerprint=hashlib.sha256(text.encode()).hexdigest()[:16])

        def cand(value: Any, conf: float = 0.8, rule: str = "bench", at: int = 0) -> Candidate:
            return Candidate(value, at, at + 20, conf, rule)

        fields = {
            "title": [cand(title, 0.97, "metadata")],
            "authors": [cand(a, 0.97, "metadata") for a in meta.authors],
            "journal": [cand("Journal of Bench", 0.97, "metadata")],
            "year": [cand(meta.year, 0.97, "metadata")],
            "doi": [cand(meta.doi, 0.97, "metadata")],
            "study_design": [cand(rng.choice(DESIGNS), 0.7, "design.cue", 200)],
            "condition": [cand("severe aplastic anemia", 0.8, "condition.lexicon", 300)],
            "sample_size": [cand(rng.randint(10, 900), 0.8, "n.patients", 400)],
            "age": [cand({"stat": "median", "value": rng.randint(20, 70), "unit": "years"}, 0.7,
                         "age.median", 500)],
            "sex": [cand({"male": rng.randint(1, 50), "female": rng.randint(1, 50)}, 0.6, "sex.count", 600)],
            "intervention": [cand("cyclosporine", 0.7, "intervention.lexicon", 700),
                             cand("antithymocyte globulin", 0.7, "intervention.lexicon", 720)],
        }
        out.append(Extraction(record, fields=fields))
    return out


def _store_path(n: int, reviewed: bool = False) -> Path:
    return OUT / (f"store_{n}_reviewed" if reviewed else f"store_{n}") / "review.json"


def _tinydb_path(n: int) -> Path:
    return OUT / f"tinydb_{n}.json"


def build(n: int) -> dict[str, Any]:
    """Both stores of `n` records, from scratch."""
    from tinydb import TinyDB

    from store import ReviewStore

    extractions = synthetic(n)
    folder = _store_path(n).parent
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    began = time.perf_counter()
    with ReviewStore.open(_store_path(n), "bench") as review:
        review.sync(extractions, {f"bench/export_{i:03d}.ris": "0" * 64 for i in range(n // 500 + 1)})
    sync_s = time.perf_counter() - began
    plain = _tinydb_path(n)
    plain.unlink(missing_ok=True)
    docs = []
    for e in extractions:
        doc = json.loads(json.dumps(e.as_json()))
        for candidates in doc["fields"].values():
            for c in candidates:
                c.update(status="pending", final=None, reason=None, reviewer=None, time=None)
        doc.update(fingerprint=e.record.fingerprint, decision=None)
        docs.append(doc)
    with TinyDB(plain) as db:
        db.table("records").insert_multiple(docs)
    return {"sync_s": sync_s, "store_mb": _store_path(n).stat().st_size / 1e6,
            "cache_mb": (folder / "review.json.records").stat().st_size / 1e6,
            "tinydb_mb": plain.stat().st_size / 1e6}


def review(n: int, changes: int) -> dict[str, Any]:
    """A copy of the `n`-record store after a review: every record included or excluded, then
    value decisions, `changes` history entries in all. Made through the API with the per-line
    fsync switched off (this builds the state; it is not what is measured)."""
    import store.journal
    from store import ReviewStore

    source, target = _store_path(n).parent, _store_path(n, reviewed=True).parent
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target)
    store.journal._sync = lambda fd: None  # type: ignore[assignment]
    began = time.perf_counter()
    with ReviewStore.open(_store_path(n, reviewed=True), "bench") as review:
        ids = review.record_ids()
        for k in range(changes):
            rid = ids[k % n]
            if k < n:
                review.decide_record(rid, "exclude" if k % 10 else "include")
            else:
                review.decide(rid, "authors", (k // n) % 4, "accepted")
    return {"review_s": time.perf_counter() - began}


def _plan(n: int, count: int, seed: int) -> list[tuple[int, str, int, str]]:
    """The same random decisions for both stores: (record number, field, index, status)."""
    rng = random.Random(seed)
    fields = [("title", 1), ("authors", 4), ("year", 1), ("study_design", 1), ("sample_size", 1),
              ("intervention", 2), ("condition", 1)]
    out = []
    for _ in range(count):
        field, k = rng.choice(fields)
        status = rng.choice(("accepted", "rejected", "edited"))
        out.append((rng.randrange(n), field, rng.randrange(k), status))
    return out


def _edit(field: str, number: int) -> Any:
    edits = {"year": 1999, "sample_size": number % 500 + 1, "study_design": "rct"}
    return edits.get(field, f"edited {number}")


def measure_store(n: int, decisions: int, reviewed: bool = False) -> dict[str, Any]:
    """Open (time, peak), `decisions` timed decide() calls, then close (compaction) time."""
    from store import ReviewStore

    _pin()
    idle = _peak_mb()
    began = time.perf_counter()
    review = ReviewStore.open(_store_path(n, reviewed), "bench")
    review.progress()
    open_s = time.perf_counter() - began
    open_peak = _peak_mb()
    history = len(review.history())
    main_mb = _store_path(n, reviewed).stat().st_size / 1e6
    ids = review.record_ids()
    latencies = []
    for k, (number, field, index, status) in enumerate(_plan(n, decisions, seed=7)):
        rid = ids[number]
        began = time.perf_counter()
        if status == "edited":
            review.decide(rid, field, index, status, value=_edit(field, k))
        elif status == "rejected":
            review.decide(rid, field, index, status, reason="not in the text")
        else:
            review.decide(rid, field, index, status)
        latencies.append(time.perf_counter() - began)
    began = time.perf_counter()
    review.close()
    close_s = time.perf_counter() - began
    return {"latencies": latencies, "open_s": open_s, "open_peak_mb": open_peak, "idle_mb": idle,
            "close_s": close_s, "peak_mb": _peak_mb(), "history": history, "main_mb": main_mb}


def measure_disk(count: int) -> dict[str, Any]:
    """`count` bare appends of a 512-byte line, each fsynced: what the disk alone costs right now."""
    _pin()
    probe = OUT / "fsync_probe"
    fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    latencies = []
    try:
        for _ in range(count):
            began = time.perf_counter()
            os.write(fd, b"x" * 511 + b"\n")
            os.fsync(fd)
            latencies.append(time.perf_counter() - began)
    finally:
        os.close(fd)
        probe.unlink()
    return {"latencies": latencies}


def measure_tinydb(n: int, decisions: int) -> dict[str, Any]:
    """The same decisions on plain TinyDB with its default JSONStorage (whole file per write)."""
    from tinydb import TinyDB

    _pin()
    idle = _peak_mb()
    began = time.perf_counter()
    db = TinyDB(_tinydb_path(n))
    table = db.table("records")
    count = len(table)
    open_s = time.perf_counter() - began
    open_peak = _peak_mb()
    latencies = []
    for k, (number, field, index, status) in enumerate(_plan(n, decisions, seed=7)):
        final = _edit(field, k) if status == "edited" else None
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S")

        def update(doc: dict[str, Any], field: str = field, index: int = index, status: str = status,
                   final: Any = final, stamp: str = stamp) -> None:
            slot = doc["fields"][field][index]
            slot.update(status=status, final=final if status == "edited" else None, reviewer="bench",
                        time=stamp, reason="not in the text" if status == "rejected" else None)

        began = time.perf_counter()
        table.update(update, doc_ids=[number + 1])
        latencies.append(time.perf_counter() - began)
    db.close()
    return {"latencies": latencies, "open_s": open_s, "open_peak_mb": open_peak, "idle_mb": idle,
            "records": count, "peak_mb": _peak_mb()}


def _child(*args: str) -> dict[str, Any]:
    """Run this script in a fresh process, so each peak is its own."""
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000


def _tinydb_count(n: int, decisions: int) -> int:
    """Plain TinyDB rewrites the whole file per decision: keep its runs to about a minute."""
    if n >= 50_000:
        return min(decisions, 10)
    if n >= 10_000:
        return min(decisions, 50)
    return decisions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,10000,50000")
    parser.add_argument("--decisions", type=int, default=500)
    parser.add_argument("--reviewed", type=int, default=100_000,
                        help="history entries of the reviewed copy of the largest store (0: skip)")
    parser.add_argument("--child", nargs=3, metavar=("WHAT", "N", "COUNT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        what, n, count = args.child[0], int(args.child[1]), int(args.child[2])
        gc.collect()
        if what == "build":
            result = build(n)
        elif what == "review":
            result = review(n, count)
        elif what == "store":
            result = measure_store(n, count)
        elif what == "store-reviewed":
            result = measure_store(n, count, reviewed=True)
        elif what == "disk":
            result = measure_disk(count)
        else:
            result = measure_tinydb(n, count)
        print(json.dumps(result))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    rows = []
    for n in sizes:
        print(f"building {n:,} records...", file=sys.stderr)
        built = _child("--child", "build", str(n), "0")
        os.sync()  # the build's writes are not the decisions' to wait for
        disk = _child("--child", "disk", "0", "200")
        ours = _child("--child", "store", str(n), str(args.decisions))
        plain = _child("--child", "tinydb", str(n), str(_tinydb_count(n, args.decisions)))
        rows.append((f"{n:,}", built, ours, plain, disk))
        print(f"  {n:,}: bare fsync p50 {_pct(disk['latencies'], 0.5):.2f} ms, ours p99 "
              f"{_pct(ours['latencies'], 0.99):.2f} ms, tinydb p50 {_pct(plain['latencies'], 0.5):.1f} ms",
              file=sys.stderr)
    if args.reviewed:
        n = sizes[-1]
        print(f"reviewing {n:,} records ({args.reviewed:,} changes)...", file=sys.stderr)
        _child("--child", "review", str(n), str(args.reviewed))
        os.sync()
        disk = _child("--child", "disk", "0", "200")
        ours = _child("--child", "store-reviewed", str(n), str(args.decisions))
        rows.append((f"{n:,} reviewed", rows[-1][1], ours, None, disk))
    _report(rows, args.decisions)


Row = tuple[str, dict[str, Any], dict[str, Any], dict[str, Any] | None, dict[str, Any]]


def _report(rows: list[Row], decisions: int) -> None:
    print(f"\nDecision latency (fsync included), {decisions} random decisions per size on our store; "
          "plain TinyDB (default JSONStorage, which also fsyncs) on the same decisions, fewer where each "
          "costs seconds. One core; each column from a fresh process. \"reviewed\": the largest store "
          "after every record was included/excluded and values decided (history entries shown).\n")
    print("| records | history entries at open | bare fsync p50 ms | store p50 ms | store p99 ms "
          "| store max ms | TinyDB decisions | TinyDB p50 ms | TinyDB p99 ms |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for label, _built, ours, plain, disk in rows:
        lat = ours["latencies"]
        tiny = (f"{len(plain['latencies'])} | {_pct(plain['latencies'], 0.5):.1f} "
                f"| {_pct(plain['latencies'], 0.99):.1f}") if plain else "– | – | –"
        print(f"| {label} | {ours['history']:,} | {_pct(disk['latencies'], 0.5):.2f} | {_pct(lat, 0.5):.2f} "
              f"| {_pct(lat, 0.99):.2f} | {max(lat) * 1000:.2f} | {tiny} |")
    first, last = rows[0], [r for r in rows if r[3] is not None][-1]
    ratio = _pct(last[2]["latencies"], 0.99) / _pct(first[2]["latencies"], 0.99)
    print(f"\np99({last[0]}) / p99({first[0]}) = {ratio:.2f}\n")
    print("| records | store open s | store peak MB | close (compaction) s | main file MB | record cache MB "
          "| sync s | TinyDB open s | TinyDB peak MB | TinyDB file MB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for label, built, ours, plain, _disk in rows:
        tiny = (f"{plain['open_s']:.2f} | {plain['open_peak_mb']:.0f} | {built['tinydb_mb']:.1f}"
                if plain else "– | – | –")
        print(f"| {label} | {ours['open_s']:.2f} | {ours['open_peak_mb']:.0f} | {ours['close_s']:.2f} "
              f"| {ours['main_mb']:.1f} | {built['cache_mb']:.1f} | {built['sync_s']:.1f} | {tiny} |")
    print(f"\nPeaks are ru_maxrss and include the idle interpreter with its imports "
          f"({rows[-1][2]['idle_mb']:.0f} MB).")


if __name__ == "__main__":
    main()
