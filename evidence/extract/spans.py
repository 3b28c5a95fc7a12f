"""Finding where a known value stands in a record's text."""

from __future__ import annotations

from evidence.extract.record_text import record_text


def locate(text: str, value: str, start: int = 0) -> tuple[int, int] | tuple[None, None]:
    """The span of `value` in `text`, matched case-insensitively and across any white space.

    Plain string searches only: a metadata value (a title, an author) is located once per record,
    and compiling a pattern for each such value cost more than the search itself.
    """
    value = value.strip()
    if not value:
        return None, None
    index = text.find(value, start)
    if index >= 0:
        return index, index + len(value)
    words = value.lower().split()
    if not words:
        return None, None
    lowered = record_text(text).lower  # a few characters lower-case to two: those kept, offsets right
    first = words[0]
    at = lowered.find(first, start)
    while at >= 0:
        end = _rest_follows(lowered, at + len(first), words[1:])
        if end is not None:
            return at, end
        at = lowered.find(first, at + 1)
    return None, None


def _rest_follows(lowered: str, position: int, rest: list[str]) -> int | None:
    """Where the words of `rest` end when they follow `position`, each after some white space."""
    for word in rest:
        skipped = position
        while skipped < len(lowered) and lowered[skipped].isspace():
            skipped += 1
        if skipped == position or not lowered.startswith(word, skipped):
            return None
        position = skipped + len(word)
    return position
