"""YAML: the nested records of `nested` as one block sequence, for reading and for R or Python.

Each record is dumped as a one-item list and the pieces are written one after the
other: concatenated block-sequence items are one sequence, so memory stays flat. The
C dumper (libyaml) is used when present; the safe dumpers quote strings that would
otherwise read back as another type ("yes", "2024-05-01", "1e3").
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TextIO

import yaml

_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def write(docs: Iterable[dict[str, Any]], out: TextIO) -> None:
    empty = True
    for doc in docs:
        out.write(yaml.dump([doc], Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                            default_flow_style=False, width=100))
        empty = False
    if empty:
        out.write("[]\n")
