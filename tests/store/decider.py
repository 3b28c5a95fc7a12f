"""Child process of the kill -9 test: makes decisions in a loop, printing each one only after
the store returned from the call (i.e. reported it saved).

    python decider.py STORE SEED COMPACT_BYTES

A tiny compaction threshold makes compactions frequent, so kills land inside them too.
"""

from __future__ import annotations

import json
import random
import sys

from store import ReviewStore
from store.model import ACCEPTED, EDITED, PENDING, REJECTED


def main() -> None:
    path, seed, compact = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    rng = random.Random(seed)
    store = ReviewStore.open(path, f"killer-{seed}", compact_bytes=compact)
    ids = store.record_ids()
    print("ready", flush=True)
    n = 0
    while True:
        n += 1
        rid = rng.choice(ids)
        roll = rng.random()
        if roll < 0.08:
            change = store.undo() or store.decide_record(rid, "maybe")
        elif roll < 0.12:
            change = store.redo() or store.decide_record(rid, "include")
        elif roll < 0.2:
            change = store.add_value(rid, "condition", f"condition {n}")
        elif roll < 0.3:
            change = store.decide_record(rid, rng.choice(["include", "exclude", "maybe", None]), f"r{n}")
        else:
            value = rng.choice(store.values(rid))
            status = rng.choice([ACCEPTED, REJECTED, EDITED, PENDING])
            if status == EDITED:
                edit = 1000 + n if value.field in ("year", "sample_size") else f"edit {n}"
                if value.field in ("study_design", "age"):
                    status = ACCEPTED
                    edit = None
                change = store.decide(rid, value.field, value.index, status, value=edit)
            else:
                change = store.decide(rid, value.field, value.index, status,
                                      reason=f"r{n}" if status == REJECTED else None)
        if rng.random() < 0.1:
            store.set_position(rid, None)
        line = {"seq": change.seq, "kind": change.kind, "record": change.record_id,
                "field": change.field, "index": change.index, "after": change.after}
        print(json.dumps(line), flush=True)


if __name__ == "__main__":
    main()
