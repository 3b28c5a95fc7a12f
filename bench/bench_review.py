"""The review screen on a large store: time to the first record, and per key for moving around.

Run by hand (not part of the test suite):

    .venv/bin/python bench/bench_review.py [--records 10000] [--keys 200]

It builds (once, under bench/out/, gitignored) a store of `--records` synthetic
records shaped like real ones (the builder of bench_store.py: 1,500-character
texts, 15 candidates each), then, in a fresh process pinned to one core:

- first record on screen: from opening the store to the app's first rendered
  frame with the record's header filled, through Textual's test harness
  (`App.run_test`, a headless terminal of 120x40);
- per key: `--keys` presses each of next_field, next_record and accept (which
  saves, fsync included, and moves to the next pending value), each timed two
  ways: from the press to the screen being idle again (`pilot.press` +
  `pilot.pause`, which include the harness's own idle-detection sleeps), and
  the same action run directly, with every message it causes processed and the
  screen repainted (`run_action` + `_wait_for_screen` + a forced screen update),
  which is the work a key costs; p50, p99 (and max) in milliseconds. A key bound
  to nothing is timed the first way too: the harness's floor.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_store import OUT, _pin, synthetic  # noqa: E402


def _store(n: int) -> Path:
    return OUT / f"review_{n}" / "review.json"


def build(n: int) -> None:
    from store import ReviewStore

    path = _store(n)
    if path.exists():
        return
    shutil.rmtree(path.parent, ignore_errors=True)
    path.parent.mkdir(parents=True)
    with ReviewStore.open(path, "bench") as store:
        store.sync(synthetic(n), {f"bench/export_{i:03d}.ris": "0" * 64 for i in range(n // 500 + 1)})


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def measure(n: int, keys: int) -> dict[str, Any]:
    _pin()
    work = OUT / f"review_{n}_run"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(_store(n).parent, work)
    result: dict[str, Any] = {}

    async def main() -> None:
        began = time.perf_counter()
        from store import ReviewStore
        from tui.app import make_app

        with ReviewStore.open(work / "review.json", "bench") as store:
            opened = time.perf_counter()
            app = make_app(store)
            async with app.run_test(size=(120, 40)) as pilot:
                await pilot.pause()
                assert app.screen.record is not None
                result["open_store_s"] = opened - began
                result["first_record_s"] = time.perf_counter() - began
                floor = []
                for _ in range(keys):  # a key bound to nothing: what the harness itself costs
                    t0 = time.perf_counter()
                    await pilot.press("f12")
                    await pilot.pause()
                    floor.append((time.perf_counter() - t0) * 1000)
                result["harness_floor"] = {"p50_ms": _pct(floor, 0.5), "p99_ms": _pct(floor, 0.99)}
                for action, key in (("next_field", "down"), ("next_record", "right"), ("accept", "a")):
                    harness, costs = [], []
                    for i in range(keys):
                        if action == "next_field" and i % 15 == 14:
                            await pilot.press("right")  # a new record before the list runs out
                            await pilot.pause()
                        t0 = time.perf_counter()
                        await pilot.press(key)
                        await pilot.pause()
                        harness.append((time.perf_counter() - t0) * 1000)
                        # The same action again, without the harness's idle sleeps: the action,
                        # every message it causes, and the repaint of the screen.
                        t0 = time.perf_counter()
                        await app.screen.run_action(action)
                        await pilot._wait_for_screen()
                        app.screen._on_timer_update()
                        costs.append((time.perf_counter() - t0) * 1000)
                    result[action] = {"p50_ms": _pct(harness, 0.5), "p99_ms": _pct(harness, 0.99),
                                      "max_ms": max(harness), "work_p50_ms": _pct(costs, 0.5),
                                      "work_p99_ms": _pct(costs, 0.99)}

    asyncio.run(main())
    shutil.rmtree(work, ignore_errors=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--keys", type=int, default=200)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(args.records, args.keys)))
        return
    build(args.records)
    out = subprocess.run([sys.executable, __file__, "--child", "--records", str(args.records),
                          "--keys", str(args.keys)], capture_output=True, text=True, check=True)
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    print(f"{args.records} records, Python {sys.version.split()[0]}")
    print(f"  store open           {figures['open_store_s'] * 1000:7.0f} ms")
    print(f"  first record on screen {figures['first_record_s'] * 1000:5.0f} ms   (target <= 1000)")
    floor = figures["harness_floor"]
    print(f"  unbound key  press+pause p50 {floor['p50_ms']:6.1f} ms  p99 {floor['p99_ms']:6.1f}   "
          "(the harness's own idle waits)")
    for action in ("next_field", "next_record", "accept"):
        f = figures[action]
        print(f"  {action:<12} press+pause p50 {f['p50_ms']:6.1f} ms  p99 {f['p99_ms']:6.1f}  max "
              f"{f['max_ms']:6.1f} | action+repaint p50 {f['work_p50_ms']:5.1f} ms  p99 "
              f"{f['work_p99_ms']:5.1f}   (target <= 50 per key)")


if __name__ == "__main__":
    main()
