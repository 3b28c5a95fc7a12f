"""A candidate value for a field, with the words that support it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(slots=True)
class Candidate:
    """One proposed value. `start`/`end` index `Record.text`; both None when no span supports it.

    `rule` names what produced the value ("metadata", "age.median", ...) so a reviewer
    or a developer can see why the tool proposed it.
    """

    value: Any
    start: int | None
    end: int | None
    confidence: float
    rule: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "value": self.value,
            "start": self.start,
            "end": self.end,
            "confidence": round(self.confidence, 3),
        }
