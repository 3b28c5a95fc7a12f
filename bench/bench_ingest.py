"""Ingest speed on large exports: our RIS and MEDLINE readers, rispy, and the full ingest.

Run by hand (not part of the test suite):

    .venv/bin/python bench/bench_ingest.py [--records 50000]

It writes a RIS file and a MEDLINE file of `--records` records each into bench/out/
(gitignored), built by repeating fixture records with their titles, ids and DOIs
varied so every record is distinct, then times each reader on them. Every
measurement runs in a fresh subprocess pinned to one core, so the peak memory one
reports (ru_maxrss, which includes the interpreter itself) is not inflated by an
earlier one. The same files are read by rispy in the same run, so the comparison
does not depend on the machine.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
sys.path.insert(0, str(ROOT))

# Real exports of several flavours (EndNote, Zotero, Embase, Scopus, WoS RIS; PubMed nbib).
RIS_SOURCES = [
    "ris/blue-light.ris",
    "ris/pubmed_zotero.ris",
    "ris/embase.ris",
    "ris/_baseline_scopus.ris",
    "ris/_baseline_webofscience.ris",
    "ris/_baseline_endnote.ris",
]
MEDLINE_SOURCES = [
    "nbib/blue-light.nbib",
    "nbib/pubmed-balloongui-set.nbib",
    "nbib/_baseline_pubmed.ris",
    "nbib/cancer.nbib",
]


def _pin() -> None:
    """One core, so the numbers do not depend on how busy the others are."""
    if hasattr(os, "sched_setaffinity"):
        with contextlib.suppress(OSError):
            os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def _fixture_records(names: list[str], fmt: str) -> list[str]:
    """The raw text of every fixture record, cut out with our reader's offsets, LF line ends."""
    from evidence.readers import medline, ris
    from evidence.source import load

    reader = ris.read if fmt == "ris" else medline.read
    out: list[str] = []
    for name in names:
        source = load(CORPUS / name, Path(name).name)
        for parsed in reader(source):
            raw = source.text[parsed.raw_start : parsed.raw_end]
            out.append(raw.replace("\r\n", "\n").replace("\ufeff", ""))
    return out


def _vary_ris(record: str, n: int) -> str:
    record = re.sub(r"^((?:TI|T1)  - .*)$", rf"\1 (variant {n})", record, count=1, flags=re.M)
    record = re.sub(r"^(AN|ID)  - .*$", rf"\1  - bench-{n}", record, flags=re.M)
    record = re.sub(r"^(DO  - .*)$", rf"\1.b{n}", record, flags=re.M)
    if not record.rstrip().endswith("ER  -"):
        record = record.rstrip() + "\nER  - "
    return record


def _vary_medline(record: str, n: int) -> str:
    record = re.sub(r"^PMID- \d+", f"PMID- {90000000 + n}", record, count=1, flags=re.M)
    record = re.sub(r"^(TI  - .*)$", rf"\1 (variant {n})", record, count=1, flags=re.M)
    return re.sub(r"^((?:LID|AID) - \S+)( \[doi\])", rf"\1.b{n}\2", record, flags=re.M)


def build(records: int) -> tuple[Path, Path]:
    """Write (or reuse) the two benchmark files."""
    OUT.mkdir(parents=True, exist_ok=True)
    ris_path = OUT / f"bench_{records}.ris"
    medline_path = OUT / f"bench_{records}.nbib"
    if not ris_path.exists():
        base = _fixture_records(RIS_SOURCES, "ris")
        parts = [_vary_ris(base[n % len(base)], n) for n in range(records)]
        ris_path.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    if not medline_path.exists():
        base = _fixture_records(MEDLINE_SOURCES, "medline")
        parts = [_vary_medline(base[n % len(base)], n) for n in range(records)]
        medline_path.write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    return ris_path, medline_path


def _runner(kind: str, path: Path) -> Callable[[], int]:
    """A call that reads `path` one way and returns the record count; imports done up front."""
    if kind == "rispy":
        import rispy

        def run_rispy() -> int:
            with path.open(encoding="utf-8") as handle:
                return len(rispy.load(handle))

        return run_rispy
    if kind == "ingest":
        from evidence.ingest import ingest_paths

        def run_ingest() -> int:
            result = ingest_paths([path], max_bytes=1 << 40)
            if result.errors:
                raise SystemExit("; ".join(result.errors))
            return len(result.records)

        return run_ingest
    from evidence.readers import medline, ris
    from evidence.source import load

    reader = ris.read if kind == "ours-ris" else medline.read

    def run_ours() -> int:
        source = load(path, path.name, max_bytes=1 << 40)
        return sum(1 for _ in reader(source))

    return run_ours


def measure(kind: str, path: Path) -> dict[str, float]:
    """Run in the child: time one way of reading `path`; report records, seconds, peak RSS."""
    _pin()
    run = _runner(kind, path)
    before_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    began = time.perf_counter()
    count = run()
    seconds = time.perf_counter() - began
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return {"records": count, "seconds": seconds, "peak_mb": peak_kb / 1024, "base_mb": before_kb / 1024}


def _child(*args: str) -> dict[str, Any]:
    """Run this script in a fresh process, so each peak is its own (and the parent stays small:
    on Linux a child's ru_maxrss starts from its parent's size at fork)."""
    done = subprocess.run(
        [sys.executable, __file__, *args],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--no-ingest", action="store_true", help="skip the full-ingest column")
    parser.add_argument("--measure", nargs=2, metavar=("KIND", "PATH"), help=argparse.SUPPRESS)
    parser.add_argument("--build", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure[0], Path(args.measure[1]))))
        return
    if args.build:
        ris_path, medline_path = build(args.records)
        print(json.dumps({"ris": str(ris_path), "medline": str(medline_path)}))
        return
    built = _child("--build", "--records", str(args.records))
    ris_path, medline_path = Path(built["ris"]), Path(built["medline"])
    has_ingest = (ROOT / "evidence" / "ingest.py").exists() and not args.no_ingest
    plan = [
        ("RIS", ris_path, "ours-ris", "our reader"),
        ("RIS", ris_path, "rispy", "rispy.load"),
        ("MEDLINE", medline_path, "ours-medline", "our reader"),
    ]
    if has_ingest:
        plan += [
            ("RIS", ris_path, "ingest", "evidence.ingest"),
            ("MEDLINE", medline_path, "ingest", "evidence.ingest"),
        ]
    rows = []
    for fmt, path, kind, label in plan:
        result = _child("--measure", kind, str(path))
        rows.append((fmt, label, path, result))
        print(f"  {fmt:8} {label:16} {result['seconds']:.2f} s", file=sys.stderr)
    print(
        f"\n{args.records:,} records per file; one core; seconds from file to records (imports"
        " excluded); peak = max RSS of the measuring process (idle interpreter shown apart)\n"
    )
    print("| format | file size | what | records | seconds | records/s | peak MB | idle MB |")
    print("|---|---|---|---|---|---|---|---|")
    for fmt, label, path, r in rows:
        size = path.stat().st_size / 1e6
        rate = r["records"] / r["seconds"] if r["seconds"] else float("inf")
        print(
            f"| {fmt} | {size:.0f} MB | {label} | {int(r['records']):,} | {r['seconds']:.2f} "
            f"| {rate:,.0f} | {r['peak_mb']:.0f} | {r['base_mb']:.0f} |"
        )


if __name__ == "__main__":
    main()
