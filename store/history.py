"""The history table as `Change`s, and the undo/redo stacks derived from it.

Undo never deletes history: undoing appends an "undo" entry that sets the slot back
to the target's `before`. The stacks are not stored; they are rebuilt from the history
at open (one pass), which is why undo survives a restart and a crash alike:
- an undoable change pushes on the undo stack and clears the redo branch;
- "undo" moves its target from the undo stack to the redo stack; "redo" moves it back;
- "sync" (a changed document re-indexed its values) clears both: undo does not cross it.
"""

from __future__ import annotations

from typing import Any

from store.model import REDO, SYNC, UNDO, UNDOABLE, Change


def to_change(seq: int, doc: dict[str, Any]) -> Change:
    """A history document as the API's Change."""
    return Change(
        seq=seq, who=doc.get("who", ""), when=doc.get("when", ""), kind=doc.get("kind", ""),
        record_id=doc.get("record"), field=doc.get("field"), index=doc.get("index"),
        before=doc.get("before"), after=doc.get("after"), target=doc.get("target"),
    )


class UndoStacks:
    """Seqs of the changes that undo and redo would act on next (last = next)."""

    def __init__(self) -> None:
        self.undo: list[int] = []
        self.redo: list[int] = []

    def record(self, seq: int, kind: str, target: int | None) -> None:
        """Follow one history entry (the same rule at open and while running)."""
        if kind in UNDOABLE:
            self.undo.append(seq)
            self.redo.clear()
        elif kind == UNDO and target is not None:
            if self.undo and self.undo[-1] == target:
                self.undo.pop()
            self.redo.append(target)
        elif kind == REDO and target is not None:
            if self.redo and self.redo[-1] == target:
                self.redo.pop()
            self.undo.append(target)
        elif kind == SYNC:
            self.undo.clear()
            self.redo.clear()
