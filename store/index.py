"""The in-memory indexes that keep every call O(1) in the number of records.

Built in one pass at open (records, reviews, history), then kept current by the
store after each change: record id -> doc id, batch order, per-record summaries and
their sums (progress), history seqs per record, undo/redo stacks, source -> doc id,
and the sources whose cached text is lost.
"""

from __future__ import annotations

from typing import Any

from store.history import UndoStacks
from store.model import EXCLUDE, FILTERS, INCLUDE, MAYBE
from store.tally import Summary, Tally, summarize

Tables = dict[str, dict[str, Any]]

_FILTERS = {
    "pending": lambda s: not s.done,
    "included": lambda s: s.decision == INCLUDE,
    "excluded": lambda s: s.decision == EXCLUDE,
    "maybe": lambda s: s.decision == MAYBE,
    "rejections": lambda s: s.rejected,
    "recheck": lambda s: s.recheck,
}


class StoreIndex:
    """Indexes over the live tables (`records`, `reviews`, `history`, `sources`)."""

    def __init__(self, tables: Tables, cache_size: int) -> None:
        self._tables = tables
        self.doc: dict[str, str] = {}
        self.order: list[str] = []
        self.summary: dict[str, Summary] = {}
        self.tally = Tally()
        self.missing_sources: set[str] = set()
        reviews = tables["reviews"]
        for doc_id, doc in tables["records"].items():
            self.add_record(doc["id"], doc_id)
            summary = summarize(doc, reviews.get(doc_id))
            self.summary[doc_id] = summary
            self.tally.replace(None, summary)
            offset, length = doc["at"]
            if offset + length > cache_size:
                self.missing_sources.add(doc["source"])
        self.by_record: dict[str, list[int]] = {}
        self.stacks = UndoStacks()
        for key, entry in tables["history"].items():
            self.add_history(int(key), entry.get("record"), entry.get("kind", ""), entry.get("target"))
        self.source_doc = {doc["source"]: k for k, doc in tables["sources"].items()}

    def add_record(self, record_id: str, doc_id: str) -> None:
        if record_id not in self.doc:
            self.doc[record_id] = doc_id
            self.order.append(record_id)

    def add_history(self, seq: int, record_id: str | None, kind: str, target: int | None) -> None:
        if record_id is not None:
            seqs = self.by_record.get(record_id)
            if seqs is None:
                self.by_record[record_id] = [seq]
            else:
                seqs.append(seq)
        self.stacks.record(seq, kind, target)

    def refresh(self, doc_id: str) -> None:
        """Recompute one record's summary (O(its values)) and move the sums by the difference."""
        summary = summarize(self._tables["records"][doc_id], self._tables["reviews"].get(doc_id))
        self.tally.replace(self.summary.get(doc_id), summary)
        self.summary[doc_id] = summary

    def record_ids(self, filter: str) -> list[str]:
        if filter not in FILTERS:
            raise ValueError(f"unknown filter {filter!r}; one of {', '.join(FILTERS)}")
        if filter == "all":
            return list(self.order)
        test = _FILTERS[filter]
        return [rid for rid in self.order if test(self.summary[self.doc[rid]])]
