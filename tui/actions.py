"""The review screen's actions: one name each, the unit keymaps, the palette and the help share.

The names are a public contract (keymap files, scripts and tests use them), so they
live in one table; the screen's bindings, the command palette entries and the help
screen are all generated from it, which keeps them from drifting apart.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Action:
    name: str
    description: str  # short: the footer's label
    help: str  # one sentence: the palette's and the help screen's
    footer: bool = False  # shown in the footer (space is short at 80 columns)

    @property
    def binding_id(self) -> str:
        """Textual binding id: the keymap applies to bindings by id."""
        return f"review.{self.name}"


ACTIONS: tuple[Action, ...] = (
    Action("next_field", "Next field", "Move to the next value in the field list."),
    Action("prev_field", "Prev field", "Move to the previous value in the field list."),
    Action("next_record", "Next record", "Show the next record of the current filter."),
    Action("prev_record", "Prev record", "Show the previous record of the current filter."),
    Action("next_pending", "Next pending", "Jump to the next value no one has decided yet."),
    Action("accept", "Accept", "Accept the value under the cursor (and move to the next pending one).",
           footer=True),
    Action("reject", "Reject", "Reject the value under the cursor, with an optional reason.", footer=True),
    Action("skip", "Skip", "Leave the value pending and move to the next pending one.", footer=True),
    Action("edit", "Edit", "Correct the value under the cursor in an editor fitting its type.",
           footer=True),
    Action("add_value", "Add value",
           "Add a value the extractor missed (prefilled from the current search match)."),
    Action("accept_confident", "Accept confident",
           "Accept every pending value of this record at or above the confidence threshold."),
    Action("undo", "Undo", "Undo the last decision (also after a restart).", footer=True),
    Action("redo", "Redo", "Redo the last undone decision."),
    Action("include", "Include", "Include the record.", footer=True),
    Action("exclude", "Exclude", "Exclude the record, with a reason.", footer=True),
    Action("maybe", "Maybe", "Mark the record as maybe, with a reason."),
    Action("filter", "Filter", "Show all records, or only pending, included, excluded, maybe, "
           "with rejections, or to recheck."),
    Action("search", "Search", "Search the text of every record and jump to the first match."),
    Action("next_match", "Next match", "Jump to the next match of the last search."),
    Action("prev_match", "Prev match", "Jump to the previous match of the last search."),
    Action("goto", "Go to", "Go to a record by its number or its id."),
    Action("export", "Export", "Export the reviewed records to a file (CSV, JSON, JSON Lines, YAML, RIS)."),
    Action("help", "Help", "Show every action and its keys.", footer=True),
    Action("quit", "Quit", "Leave the review; every decision is already saved.", footer=True),
)
BY_NAME: dict[str, Action] = {a.name: a for a in ACTIONS}
ACTION_NAMES: tuple[str, ...] = tuple(a.name for a in ACTIONS)
