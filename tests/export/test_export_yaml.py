"""The YAML writer: whatever JSON data a record holds, `yaml.safe_load` gives it back unchanged."""

from __future__ import annotations

from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from store.export.to_yaml import dumps

TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)))
SCALARS = (st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.floats(allow_nan=False)
           | TEXT | st.sampled_from(["yes", "No", "on", "~", "null", "1e3", "0x1F", "2024-05-01", "12:30",
                                     "- item", "key: value", "# comment", "&anchor", "*alias", "!tag",
                                     "'single'", '"double"', " leading", "trailing ", "\ufeffbom", "",
                                     "line\nbreak", "nel\x85", "ls\u2028", "\x7f\x9f"]))
DATA = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(TEXT | st.sampled_from(["id", "yes", "on", "1", "a b"]), inner,
                                      max_size=4),
                    max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(TEXT, DATA, max_size=5))
def test_any_record_reads_back_unchanged(doc: dict[str, Any]) -> None:
    assert yaml.safe_load(dumps(doc)) == [doc]


def test_a_record_reads_as_a_person_would_write_it() -> None:
    doc = {"id": "a.txt#1", "decision": None, "fields": {"year": [{"value": 2011, "status": "edited"}],
                                                          "doi": []}}
    assert dumps(doc) == ('- id: "a.txt#1"\n  decision: null\n  fields:\n    year:\n    - value: 2011\n'
                          '      status: "edited"\n    doi: []\n')
