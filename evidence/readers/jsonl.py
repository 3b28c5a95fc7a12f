"""JSON Lines: one study per line, as scripts and our own `triage extract --jsonl` write them.

Two shapes are read. A flat object whose keys are the column names of the CSV
reader ("title", "abstract", "authors" as a list or a string, "doi", ...), so a
table converted by a one-line script imports the same way as the table. And our
own extract output, {"id", "source", "text", "fields": {name: [candidates]}}
(shared/spec/fields.md): its `text` is the record text a reviewer already saw,
so it is kept as a page, and the metadata comes from the fields' candidates.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from evidence.model import InputError, ParsedRecord
from evidence.readers.table import build_metadata, column_key, map_columns
from evidence.source import SourceFile
from evidence.spec import BY_NAME

# Keys that only JSON writers use for the study's prose.
_BODY_KEYS = frozenset({"abstract", "text", "body"})
# In our own output "source" is the input file's name, not a journal.
_NOT_METADATA = frozenset({"source"})


def _candidate_value(candidate: object) -> object:
    if isinstance(candidate, dict) and "value" in candidate:
        return candidate["value"]
    return candidate


def _field_value(name: str, candidates: object) -> object:
    """A field's value from its candidates: the best one, or all of them for a "many" field.

    `authors` and `registry_id` are "many" fields: each candidate is one author or
    one id, and all of them together are the record's value.
    """
    if not isinstance(candidates, list):
        return _candidate_value(candidates)
    values = [_candidate_value(c) for c in candidates]
    values = [v for v in values if v is not None]
    spec = BY_NAME.get(name)
    if spec is not None and spec.kind == "many":
        flat: list[object] = []
        for value in values:
            flat.extend(value if isinstance(value, list) else [value])
        return flat
    return values[0] if values else None


def _canonical(obj: dict[str, Any]) -> dict[str, list[object]]:
    """Canonical field -> candidate values, keys mapped like CSV columns."""
    keys = [k for k in obj if isinstance(k, str) and column_key(k) not in _NOT_METADATA]
    return {field: [obj[keys[i]] for i in cols] for field, cols in map_columns(keys).items()}


def _record(obj: dict[str, Any], warn: Callable[[str], None]) -> ParsedRecord | None:
    fields = obj.get("fields")
    text = obj.get("text")
    if isinstance(fields, dict):
        values = _canonical({k: _field_value(str(k), v) for k, v in fields.items()})
        native_id = obj.get("id")
        if isinstance(text, str):
            values.pop("abstract", None)
            meta, _ = build_metadata(values, warn)
            body, page = text, True
        else:
            meta, body = build_metadata(values, warn)
            page = False
        if isinstance(native_id, (str, int)) and not isinstance(native_id, bool):
            meta.extra["native_id"] = str(native_id)
        return ParsedRecord(meta=meta, body=body, body_is_page=page)
    values = _canonical(obj)
    if "abstract" not in values:
        prose = [obj[k] for k in obj if isinstance(k, str) and column_key(k) in _BODY_KEYS]
        if prose:
            values["abstract"] = prose
    if not values:
        return None
    meta, body = build_metadata(values, warn)
    return ParsedRecord(meta=meta, body=body)


def read(source: SourceFile) -> Iterator[ParsedRecord]:
    """Each line one record; a broken line is reported and skipped, not fatal."""
    count = 0
    first_problem = ""
    pos = 0
    # Split on "\n" only: U+2028 and friends may stand unescaped inside JSON strings.
    for number, line in enumerate(source.text.split("\n"), start=1):
        start, pos = pos, pos + len(line) + 1
        content = line.strip()
        if not content:
            continue
        problem = ""
        record = None
        try:
            obj = json.loads(content)
        except (ValueError, RecursionError) as exc:
            problem = f"not valid JSON: {str(exc)[:80]}"
        else:
            if not isinstance(obj, dict):
                problem = "not a JSON object"
            else:

                def warn(message: str, number: int = number) -> None:
                    source.warn(f"line {number}: {message}")

                record = _record(obj, warn)
                if record is None:
                    keys = ", ".join(" ".join(str(k).split())[:30] for k in list(obj)[:8])
                    problem = f"no title, abstract or other known key (keys: {keys})"
        if record is None:
            source.warn(f"line {number}: {problem}")
            first_problem = first_problem or f"line {number}: {problem}"
            continue
        if not record.body_is_page:
            # A page's text is JSON-escaped in the line, so offsets inside it would not map;
            # a flat record is pointed at as a whole, like a CSV row.
            record.raw_start, record.raw_end = start, start + len(line.rstrip("\r"))
        count += 1
        yield record
    if not count:
        raise InputError(f"no JSON Lines records ({first_problem or 'no lines with content'})")
