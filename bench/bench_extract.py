"""Extraction speed: every field of `--records` abstracts, one record at a time, on one core.

Run by hand (not part of the test suite):

    .venv/bin/python bench/bench_extract.py [--records 50000] [--profile 2000]

The inputs are real abstracts: every record of the RIS, MEDLINE, PubMed XML and CSV
exports under tests/fixtures/corpus and of the pages in sample_docs/, as our readers
parse them, that has at least 300 characters of prose. The benchmark writes
`--records` variants of them to bench/out/extract_<N>.jsonl (gitignored), cycling
through the fixtures: in every line of prose (200 characters or more) the sentences
between two headings are shuffled and the numbers changed by up to ±30 % (years,
identifiers, fractions, numbers glued to letters and the 95 of "95% CI" left alone,
percentages kept at 100 or below); a variant that still comes out as an earlier one is
made again with a sentence left out, then with sentences of other abstracts taken in, so
the texts differ (the distinct count is printed). Short lines - titles, bylines,
citation blocks - stay as they are.

In a fresh process pinned to one core, each variant is made into a `Record` by
`evidence.records.build_record` (what `evidence.ingest.ingest_paths` does to each
record a reader parses: cleaning, layout, sections), and then
`evidence.extract.extract(record)` runs on every record, timed one by one. Reported:
records/s (records / sum of the per-record times), p50, p99 and max per record, the
first call apart (it loads the lexicons, and is not in the percentiles), the peak
memory (ru_maxrss, which includes the interpreter and the records held as input, both
shown apart), and the extractor problems (a family that raised would make the run look
faster than it is). `--profile K` instead runs cProfile over the first K records and
prints each extractor family's share, the extractor functions by cumulative time, and
the functions by own time.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import random
import re
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
CORPUS = ROOT / "tests" / "fixtures" / "corpus"
sys.path.insert(0, str(ROOT))

SOURCES = [CORPUS / "ris", CORPUS / "nbib", CORPUS / "pubmed_xml", CORPUS / "csv", ROOT / "sample_docs"]
MIN_PROSE = 300  # characters of body a fixture record needs to count as an abstract
MIN_LINE = 200  # a line this long is prose, and is varied

# A sentence ends at . ! ? before white space and a capital (or an opening bracket).
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\[])")
# "RESULTS:", "Methods:" - a heading opens the sentence, so the sentence stays where it is.
_HEADING = re.compile(r"^(?:Abstract\s+)?[A-Z][A-Za-z ]{2,40}:")
# A free-standing number: not part of an identifier, a DOI, a fraction or a date.
_NUMBER = re.compile(r"(?<![\w.,/:\-])\d+(?:\.\d+)?(?![\w/\-]|[.,]\d)(?P<percent>\s?%)?")


def _pin() -> None:
    """One core, so the numbers do not depend on how busy the others are."""
    if hasattr(os, "sched_setaffinity"):
        with contextlib.suppress(OSError):
            os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def fixture_records() -> list[dict[str, Any]]:
    """Every fixture record with an abstract, as a reader parsed it (JSON-ready)."""
    from evidence.detect import detect_format
    from evidence.ingest import iter_input_files
    from evidence.model import InputError
    from evidence.readers import reader_for
    from evidence.source import load

    out: list[dict[str, Any]] = []
    for path, name in iter_input_files(SOURCES):
        if isinstance(name, InputError):
            continue
        try:
            source = load(path, name)
            fmt = detect_format(source.text, path)
            parsed = list(reader_for(fmt)(source))
        except InputError:  # the corpus holds deliberately broken files
            continue
        for record in parsed:
            if len(record.body.strip()) < MIN_PROSE:
                continue
            out.append({"source": name, "format": fmt, "meta": record.meta.as_dict(), "body": record.body,
                        "raw_start": record.raw_start, "raw_end": record.raw_end,
                        "body_is_page": record.body_is_page})
    return out


def _vary_number(match: re.Match[str], rng: random.Random) -> str:
    digits = match.group(0)[: len(match.group(0)) - len(match.group("percent") or "")]
    value = float(digits)
    decimals = len(digits.partition(".")[2])
    if not decimals and 1900 <= value <= 2035:  # a year
        return match.group(0)
    if match.group("percent") and match.string.startswith((" CI", " confidence"), match.end()):
        return match.group(0)  # "95% CI" is a convention, not a finding
    new = value * rng.uniform(0.7, 1.3)
    if match.group("percent"):
        new = min(new, 100.0)
    text = f"{new:.{decimals}f}" if decimals else str(max(round(new), 1 if value >= 1 else 0))
    return text + (match.group("percent") or "")


def _vary_line(line: str, rng: random.Random, drop: int) -> str:
    """Shuffle the sentences between headings, leave `drop` of them out, change the numbers."""
    out: list[str] = []
    run: list[str] = []
    for sentence in _SENTENCE_END.split(line):
        if _HEADING.match(sentence):  # a heading's sentence stays where it is
            rng.shuffle(run)
            out.extend(run)
            out.append(sentence)
            run = []
        else:
            run.append(sentence)
    rng.shuffle(run)
    out.extend(run)
    prose = [i for i, sentence in enumerate(out) if not _HEADING.match(sentence)]
    if drop and len(prose) > 1:
        for i in sorted(rng.sample(prose, min(drop, len(prose) - 1)), reverse=True):
            del out[i]
    return _NUMBER.sub(lambda m: _vary_number(m, rng), " ".join(out))


def vary(base: dict[str, Any], n: int, attempt: int = 0, donors: list[str] | None = None) -> dict[str, Any]:
    """Variant `n` of a fixture record: its prose lines varied, the rest as it was.

    Retries (`attempt`, when a variant came out as an earlier one) leave a sentence out
    from the 4th, and from the 8th also take in sentences of other abstracts (`donors`):
    "BACKGROUND: ... RESULTS: ... CONCLUSIONS: ..." with one sentence each and no
    numbers has no other way to differ.
    """
    rng = random.Random(f"{n}/{attempt}")
    lines = base["body"].split("\n")
    drop = 1 if attempt >= 4 else 0
    lines = [_vary_line(line, rng, drop) if len(line) >= MIN_LINE else line for line in lines]
    if attempt >= 8 and donors:
        longest = max(range(len(lines)), key=lambda i: len(lines[i]))
        sentences = _SENTENCE_END.split(lines[longest])
        for _ in range(attempt - 7):
            sentences.insert(rng.randrange(1, len(sentences) + 1), rng.choice(donors))
        lines[longest] = " ".join(sentences)
    body = "\n".join(lines)
    raw_end = None if base["raw_end"] is None else base["raw_start"] + len(body)
    return {**base, "body": body, "raw_end": raw_end}


def build(records: int) -> Path:
    """Write (or reuse) the variants file."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"extract_{records}.jsonl"
    if not path.exists():
        bases = fixture_records()
        donors = [sentence for base in bases for line in base["body"].split("\n") if len(line) >= MIN_LINE
                  for sentence in _SENTENCE_END.split(line) if not _HEADING.match(sentence)]
        seen: set[bytes] = set()
        tmp = path.with_name(path.name + ".tmp")
        with tmp.open("w", encoding="utf-8") as handle:
            for n in range(records):
                base = bases[n % len(bases)]
                for attempt in range(12):
                    variant = vary(base, n, attempt, donors)
                    key = hashlib.sha1(f"{variant['meta']['title']}\n{variant['body']}".encode()).digest()
                    if key not in seen:
                        break
                seen.add(key)
                handle.write(json.dumps(variant, ensure_ascii=False) + "\n")
        tmp.replace(path)
    return path


def load_records(path: Path) -> list[Any]:
    """The variants as `Record`s, built the way ingest builds each parsed record."""
    from evidence.model import Metadata, ParsedRecord
    from evidence.records import build_record

    records = []
    with path.open(encoding="utf-8") as handle:
        for index, line in enumerate(handle, start=1):
            item = json.loads(line)
            parsed = ParsedRecord(meta=Metadata(**item["meta"]), body=item["body"],
                                  raw_start=item["raw_start"], raw_end=item["raw_end"],
                                  body_is_page=item["body_is_page"])
            records.append(build_record(parsed, f"bench/{item['source']}", item["format"], index))
    return records


def measure(path: Path) -> dict[str, Any]:
    """Run in the child: extract every record, each call timed."""
    _pin()
    from evidence.extract import extract

    idle = _peak_mb()
    records = load_records(path)
    input_mb = _peak_mb()
    began = time.perf_counter()
    extract(records[0])
    first_s = time.perf_counter() - began
    latencies: list[float] = []
    problems = 0
    filled = 0
    clock = time.perf_counter
    wall = clock()
    for record in records:
        began = clock()
        extraction = extract(record)
        latencies.append(clock() - began)
        problems += len(extraction.problems)
        filled += sum(1 for candidates in extraction.fields.values() if candidates)
    wall = clock() - wall
    formats: dict[str, int] = {}
    for record in records:
        formats[record.format] = formats.get(record.format, 0) + 1
    return {"latencies": latencies, "wall_s": wall, "first_s": first_s, "idle_mb": idle,
            "input_mb": input_mb, "peak_mb": _peak_mb(), "problems": problems,
            "fields_per_record": filled / len(records), "distinct": len({r.fingerprint for r in records}),
            "chars": sum(len(r.text) for r in records) / len(records), "formats": formats}


def profile(path: Path, count: int) -> None:
    """Run in the child: cProfile over the first `count` records; family shares, then hot functions."""
    import cProfile
    import pstats

    _pin()
    from evidence.extract import FAMILIES, extract

    records = load_records(path)[:count]
    extract(records[0])  # lexicons loaded outside the profile
    profiler = cProfile.Profile()
    profiler.enable()
    for record in records:
        extract(record)
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = sum(tt for _cc, _nc, tt, _ct, _callers in stats.stats.values())  # type: ignore[attr-defined]
    print(f"\ncProfile, {len(records):,} records, {total:.2f} s profiled (the profiler slows calls down; "
          "shares are what counts)\n\n| family | cumulative s | share |\n|---|---:|---:|")
    for family in FAMILIES:
        cumulative = sum(ct for (file, _line, func), (_cc, _nc, _tt, ct, _callers)
                         in stats.stats.items()  # type: ignore[attr-defined]
                         if func == "extract" and file.endswith(f"evidence/extract/{family}.py"))
        print(f"| {family} | {cumulative:.2f} | {cumulative / total:.0%} |")
    print("\n| function (cumulative, evidence/extract) | s | share |\n|---|---:|---:|")
    rows = sorted(((ct, f"{file.rsplit('evidence/extract/', 1)[1]}:{func}")
                   for (file, _line, func), (_cc, _nc, _tt, ct, _callers)
                   in stats.stats.items()  # type: ignore[attr-defined]
                   if "evidence/extract/" in file and not file.endswith("__init__.py")), reverse=True)
    for cumulative, name in rows[:25]:
        print(f"| {name} | {cumulative:.2f} | {cumulative / total:.0%} |")
    print()
    stats.sort_stats("tottime").print_stats(25)


def _child(*args: str) -> dict[str, Any]:
    """Run this script in a fresh process, so its peak is its own."""
    done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=50_000)
    parser.add_argument("--profile", type=int, metavar="K", default=0,
                        help="profile the first K records instead of timing them all")
    parser.add_argument("--measure", metavar="PATH", help=argparse.SUPPRESS)
    parser.add_argument("--profile-child", nargs=2, metavar=("PATH", "K"), help=argparse.SUPPRESS)
    parser.add_argument("--build", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(Path(args.measure))))
        return
    if args.profile_child:
        profile(Path(args.profile_child[0]), int(args.profile_child[1]))
        return
    if args.build:
        print(json.dumps({"path": str(build(args.records))}))
        return
    path = Path(_child("--build", "--records", str(args.records))["path"])
    if args.profile:
        # cProfile prints tables, not JSON: pass them through
        subprocess.run([sys.executable, __file__, "--profile-child", str(path), str(args.profile)],
                       check=True)
        return
    r = _child("--measure", str(path))
    lat = r["latencies"]
    busy = sum(lat)
    formats = ", ".join(f"{k} {v:,}" for k, v in sorted(r["formats"].items()))
    print(f"\n{len(lat):,} records ({r['distinct']:,} distinct texts, {r['chars']:,.0f} characters on "
          f"average; {formats}); one core; "
          "every field, one extract() call per record\n")
    print("| records/s | p50 ms | p99 ms | max ms | first call s | total s | peak MB | input held MB "
          "| idle MB | fields found per record | problems |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    print(f"| {len(lat) / busy:,.0f} | {_pct(lat, 0.5):.2f} | {_pct(lat, 0.99):.2f} | {max(lat) * 1000:.1f} "
          f"| {r['first_s']:.2f} | {r['wall_s']:.1f} | {r['peak_mb']:.0f} "
          f"| {r['input_mb'] - r['idle_mb']:.0f} "
          f"| {r['idle_mb']:.0f} | {r['fields_per_record']:.1f} | {r['problems']} |")


if __name__ == "__main__":
    main()
