"""Finding where a known value stands in a record's text."""

from __future__ import annotations

import re


def locate(text: str, value: str, start: int = 0) -> tuple[int, int] | tuple[None, None]:
    """The span of `value` in `text`, matched case-insensitively and across any white space."""
    value = value.strip()
    if not value:
        return None, None
    index = text.find(value, start)
    if index >= 0:
        return index, index + len(value)
    words = [re.escape(w) for w in value.split()]
    if not words:
        return None, None
    match = re.compile(r"\s+".join(words), re.IGNORECASE).search(text, start)
    if match:
        return match.start(), match.end()
    return None, None
