"""The numbers a PRISMA flow diagram asks for, from the whole store.

Identified, duplicates (from the ingest's duplicate groups, which the batch loader
keeps in the store's "duplicates" setting), screened, excluded with reasons, maybe,
included, not yet screened; and how the extracted values fared. Counted over every
record whatever an export lets out, so the diagram and the export always agree on
the store they come from. Duplicates are reported, never dropped: a duplicate the
reviewer decided on counts among the screened records too.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from store.export.reading import review_docs
from store.model import ACCEPTED, EDITED, EXCLUDE, INCLUDE, MAYBE, PENDING, REJECTED

if TYPE_CHECKING:
    from store.api import ReviewStore

NO_REASON = "no reason given"


@dataclass(frozen=True)
class Summary:
    """Counts of one store. `exclusion_reasons` is (reason, records), most frequent first."""

    identified: int
    duplicate_groups: int
    duplicates: int
    screened: int
    excluded: int
    exclusion_reasons: tuple[tuple[str, int], ...]
    maybe: int
    included: int
    not_screened: int
    values_accepted: int
    values_edited: int
    values_rejected: int
    values_pending: int

    @property
    def after_duplicates(self) -> int:
        """Records left once duplicates are set aside: what PRISMA calls "records screened"
        when every one of them has been."""
        return self.identified - self.duplicates

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["exclusion_reasons"] = dict(self.exclusion_reasons)
        out["after_duplicates"] = self.after_duplicates
        return out

    def render(self) -> str:
        """The summary as aligned plain text, one count a line (what `triage export` prints)."""
        rows: list[tuple[str, int]] = [
            ("Records identified", self.identified),
            (f"Duplicates (in {self.duplicate_groups} group{'s' * (self.duplicate_groups != 1)})",
             self.duplicates),
            ("Records after duplicates", self.after_duplicates),
            ("Records screened", self.screened),
            ("  excluded", self.excluded),
            *((f"    {reason}", count) for reason, count in self.exclusion_reasons),
            ("  maybe", self.maybe),
            ("  included", self.included),
            ("Records not yet screened", self.not_screened),
            ("Values accepted", self.values_accepted),
            ("Values edited", self.values_edited),
            ("Values rejected", self.values_rejected),
            ("Values pending", self.values_pending),
        ]
        width = max(len(label) for label, _ in rows)
        digits = max(len(f"{count:,}") for _, count in rows)
        return "".join(f"{label:<{width}}  {count:>{digits},}\n" for label, count in rows)


def duplicate_counts(groups: Any, ids: set[str]) -> tuple[int, int]:
    """(groups, records beyond the first of each group), counting only ids in the store.

    Entries that are not {"ids": [...]} are skipped: the setting comes from outside the
    store's own code and a summary must not fail over it.
    """
    n_groups = extra = 0
    if not isinstance(groups, list):
        return 0, 0
    for group in groups:
        members = group.get("ids") if isinstance(group, dict) else None
        if not isinstance(members, list):
            continue
        present = {m for m in members if isinstance(m, str) and m in ids}
        if len(present) > 1:
            n_groups += 1
            extra += len(present) - 1
    return n_groups, extra


def summary(store: ReviewStore) -> Summary:
    """The PRISMA counts of `store` (one pass over the review documents; no record text is read)."""
    decisions: Counter[str | None] = Counter()
    reasons: Counter[str] = Counter()
    values: Counter[str] = Counter()
    identified = 0
    for review, total in review_docs(store):
        identified += 1
        if review is None:
            decisions[None] += 1
            values[PENDING] += total
            continue
        decided = review.get("decision")
        decision = decided.get("decision") if decided else None
        decisions[decision] += 1
        if decision == EXCLUDE:
            reasons[(decided.get("reason") or "").strip() or NO_REASON] += 1
        with_state = 0
        for states in review.get("values", {}).values():
            with_state += len(states)
            for state in states.values():
                values[state.get("status", PENDING)] += 1
        values[PENDING] += total - with_state  # candidates never decided have no state
    groups, duplicates = duplicate_counts(store.settings.get("duplicates", []), set(store.record_ids()))
    ordered = tuple(sorted(reasons.items(), key=lambda item: (-item[1], item[0])))
    screened = decisions[INCLUDE] + decisions[EXCLUDE] + decisions[MAYBE]
    return Summary(
        identified=identified, duplicate_groups=groups, duplicates=duplicates, screened=screened,
        excluded=decisions[EXCLUDE], exclusion_reasons=ordered, maybe=decisions[MAYBE],
        included=decisions[INCLUDE], not_screened=identified - screened,
        values_accepted=values[ACCEPTED], values_edited=values[EDITED], values_rejected=values[REJECTED],
        values_pending=values[PENDING],
    )
