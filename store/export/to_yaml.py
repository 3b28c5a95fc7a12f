"""YAML: the nested records of `nested` as one block sequence, for reading and for R or Python.

Written here rather than by PyYAML's dumper: its representer runs in Python even with
libyaml, and took 37 s for the 27,000 reviewed records of the benchmark store, where
this takes about as long as the JSON export. The records are plain JSON data (dicts,
lists, strings, numbers, booleans, null), which keeps the emitter small:

- every string is double-quoted with JSON's escapes, which YAML's double-quoted style
  shares, plus \\uXXXX for the characters YAML does not allow raw or reads as line
  breaks (NEL, LS, PS, C1 controls), so no string can turn into another type ("yes",
  "2024-05-01", "1e3"), a comment or a key;
- keys that are identifiers stay plain, unless YAML 1.1 would read them as a boolean
  or null; other keys are quoted like strings;
- floats keep Python's shortest round-trip form, with the ".0" YAML 1.1 needs before
  an exponent.

tests/export checks that `yaml.safe_load` gives back exactly the JSON export's
records, and arbitrary strings and numbers unchanged.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from json.encoder import encode_basestring
from typing import Any, TextIO

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_YAML11_WORDS = frozenset({"y", "yes", "n", "no", "true", "false", "on", "off", "null"})
# Allowed by JSON raw, but not by YAML raw (C1 controls, surrogates, non-characters) or
# read by it as a line break inside a quoted scalar (NEL, LS, PS).
_NOT_RAW = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def _string(text: str) -> str:
    quoted: str = encode_basestring(text)  # json.dumps(text, ensure_ascii=False), minus its overhead
    return _NOT_RAW.sub(_escape, quoted) if _NOT_RAW.search(quoted) else quoted


def _float(value: float) -> str:
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value)
    mantissa, e, exponent = text.partition("e")
    if e and "." not in mantissa:
        text = f"{mantissa}.0e{exponent}"
    return text


def scalar(value: Any) -> str:
    """One value on one line: a scalar, or an empty list or mapping."""
    kind = type(value)
    if kind is str:
        return _string(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is int:
        return str(value)
    if kind is float:
        return _float(value)
    if isinstance(value, dict) and not value:
        return "{}"
    if isinstance(value, list) and not value:
        return "[]"
    raise TypeError(f"cannot write {kind.__name__} as YAML")


_KEYS: dict[str, str] = {}


def key(name: str) -> str:
    """A mapping key as written; remembered, since every record repeats the same few dozen."""
    written = _KEYS.get(name)
    if written is None:
        if _IDENTIFIER.fullmatch(name) and name.lower() not in _YAML11_WORDS:
            written = name
        else:
            written = _string(str(name))
        if len(_KEYS) < 10_000:
            _KEYS[name] = written
    return written


def _mapping(doc: dict[str, Any], pad: str, out: list[str], first: str) -> None:
    """`doc`'s keys at indent `pad`, the first one after `first` (a list's "- ")."""
    lead = first
    for name, value in doc.items():
        if isinstance(value, dict) and value:
            out.append(f"{lead}{key(name)}:")
            _mapping(value, pad + "  ", out, pad + "  ")
        elif isinstance(value, list) and value:
            out.append(f"{lead}{key(name)}:")
            _sequence(value, pad, out)
        else:
            out.append(f"{lead}{key(name)}: {scalar(value)}")
        lead = pad


def _sequence(items: list[Any], pad: str, out: list[str]) -> None:
    """Items as "- " lines at indent `pad` (under a key, at the key's own indent, as YAML allows)."""
    for item in items:
        if isinstance(item, dict) and item:
            _mapping(item, pad + "  ", out, pad + "- ")
        elif isinstance(item, list) and item:
            out.append(f"{pad}-")
            _sequence(item, pad + "  ", out)
        else:
            out.append(f"{pad}- {scalar(item)}")


def dumps(doc: dict[str, Any]) -> str:
    """One record as an item of the top-level sequence."""
    out: list[str] = []
    _sequence([doc], "", out)
    out.append("")
    return "\n".join(out)


def write(docs: Iterable[dict[str, Any]], out: TextIO) -> None:
    empty = True
    for doc in docs:
        out.write(dumps(doc))
        empty = False
    if empty:
        out.write("[]\n")
