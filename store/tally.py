"""Progress counts kept up to date per change, so the status bar never scans 50,000 records.

Each record has a `Summary` computed from its own documents (O(its values)); the
store-wide `Tally` adds and removes summaries as records change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from store.model import EXCLUDE, INCLUDE, MAYBE, PENDING, REJECTED, Progress


@dataclass(frozen=True)
class Summary:
    """What filters and progress need to know about one record."""

    total: int
    decided: int
    rejected: bool
    decision: str | None
    recheck: bool

    @property
    def done(self) -> bool:
        """Excluded studies need no data; included ones are done when no value is pending."""
        return self.decision == EXCLUDE or (self.decision == INCLUDE and self.decided >= self.total)


def summarize(record: dict[str, Any], review: dict[str, Any] | None) -> Summary:
    """The summary of one record from its record document and its review document."""
    counts: dict[str, int] = record.get("counts", {})
    total = sum(counts.values())
    decided = 0
    rejected = False
    decision = None
    recheck = False
    if review:
        for name, states in review.get("values", {}).items():
            n = counts.get(name, 0)
            for key, state in states.items():
                if int(key) >= n:
                    total += 1
                status = state.get("status")
                if status != PENDING:
                    decided += 1
                if status == REJECTED:
                    rejected = True
        decided_record = review.get("decision")
        decision = decided_record.get("decision") if decided_record else None
        recheck = bool(review.get("recheck"))
    return Summary(total, decided, rejected, decision, recheck)


class Tally:
    """Store-wide sums of the record summaries."""

    def __init__(self) -> None:
        self.records = self.done = self.values = self.decided = 0
        self.included = self.excluded = self.maybe = self.recheck = 0

    def _add(self, s: Summary, sign: int) -> None:
        self.records += sign
        self.done += sign * s.done
        self.values += sign * s.total
        self.decided += sign * s.decided
        self.included += sign * (s.decision == INCLUDE)
        self.excluded += sign * (s.decision == EXCLUDE)
        self.maybe += sign * (s.decision == MAYBE)
        self.recheck += sign * s.recheck

    def replace(self, old: Summary | None, new: Summary) -> None:
        if old is not None:
            self._add(old, -1)
        self._add(new, 1)

    def progress(self) -> Progress:
        return Progress(self.records, self.done, self.values, self.decided,
                        self.included, self.excluded, self.maybe, self.recheck)
