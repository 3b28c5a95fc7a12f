"""The review screen's parts: the header line, the document pane, the field table, the status line.

None of them can take focus: every key goes to the screen's bindings, so the keymap
alone decides what a key does (a focused DataTable would swallow arrows and enter
with bindings no keymap can change).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import DataTable, ProgressBar, Static

from store import Progress, StoredRecord
from tui.navigation import Row
from tui.render import DECISION_LABEL, confidence_cell, format_value, line_of_offset, status_cell, value_cell


class RecordHeader(Static):
    """Record n of N · decision · source · title, on one line (ellipsised when narrow)."""

    def show(self, record: StoredRecord, position: int, count: int, filter_name: str) -> None:
        line = Text(no_wrap=True, overflow="ellipsis")
        line.append(f" {position + 1} of {count}", style="bold")
        if filter_name != "all":
            line.append(f" ({filter_name})", style="italic")
        label = DECISION_LABEL.get(record.decision.decision if record.decision else None, "")
        line.append(f" · {label}", style="bold")
        if record.needs_recheck:
            line.append(" · ! text changed: recheck", style="bold reverse")
        line.append(f" · {record.id} · ", style="dim")
        line.append(record.title or "(no title)")
        self.update(line)


class BatchProgress(Static):
    """Values decided and records done, as words: the bar beside it is only a picture of the same."""

    def show(self, progress: Progress) -> None:
        self.update(Text(
            f"values {progress.values_decided}/{progress.values_total} decided · records "
            f"{progress.records_done}/{progress.records_total} done · {progress.included} in, "
            f"{progress.excluded} out, {progress.maybe} maybe", no_wrap=True, overflow="ellipsis"))


class ProgressLine(ProgressBar):
    def show(self, progress: Progress) -> None:
        self.update(total=max(progress.records_total, 1), progress=progress.records_done)


class DocumentView(VerticalScroll, can_focus=False):
    """The record's text, scrolled so the evidence of the current value is in view."""

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(id="doc-text", markup=False)

    shown: Text = Text()

    def show(self, text: Text, plain: str, focus_offset: int | None) -> None:
        self.shown = text
        self.query_one("#doc-text", Static).update(text)
        if focus_offset is None:
            self.scroll_home(animate=False)
            return
        width = max(self.scrollable_content_region.width, 20)
        line = line_of_offset(plain, focus_offset, width)
        height = max(self.scrollable_content_region.height, 1)
        if not self.scroll_y <= line < self.scroll_y + height - 1:
            self.scroll_to(y=max(0, line - height // 3), animate=False)


class FieldTable(DataTable[Text], can_focus=False):
    """Field · value · status · confidence, a row per value; the cursor row is the current value."""

    def on_mount(self) -> None:
        # The value goes last: it is the only column that may be cut, and it is cut at its end.
        self.add_column("field", key="field", width=16)
        self.add_column("status", key="status", width=11)
        self.add_column("conf", key="conf", width=4)
        self.add_column("value", key="value")

    def fill(self, rows: Sequence[Row]) -> None:
        self.clear()
        previous = None
        for number, row in enumerate(rows):
            name = Text(row.field if row.field != previous else "", style="bold", no_wrap=True,
                        overflow="ellipsis")
            previous = row.field
            if row.value is None:
                self.add_row(name, Text("· none", style="dim"), Text(""), Text("—", style="dim"),
                             key=str(number))
            else:
                self.add_row(name, status_cell(row.value), confidence_cell(row.value),
                             value_cell(row.value), key=str(number))

    def redraw_value(self, number: int, row: Row) -> None:
        if row.value is None:
            return
        self.update_cell(str(number), "value", value_cell(row.value))
        self.update_cell(str(number), "status", status_cell(row.value))


class ValueDetail(Static):
    """The whole current value (the table cuts long ones) and the words that support it."""

    def show(self, row: Row | None, text: str) -> None:
        if row is None or row.value is None:
            field = row.field if row else ""
            self.update(Text(f"{field}: no value proposed · add one with the add_value key", style="dim"))
            return
        value = row.value
        line = Text(no_wrap=False)
        line.append(f"{row.field}: ", style="bold")
        line.append(format_value(value.final if value.status == "edited" else value.value))
        if value.status == "edited":
            line.append(f"  (proposed: {format_value(value.value)})", style="dim")
        if value.reason:
            line.append(f"  reason: {value.reason}", style="italic")
        if value.start is not None and value.end is not None and value.end <= len(text):
            quote = " ".join(text[value.start:value.end].split())
            line.append(f"\n“{quote[:200]}{'…' if len(quote) > 200 else ''}”", style="dim")
        self.update(line)


class StatusLine(Static):
    """The last action and whether it is on disk."""

    def say(self, message: str, *, saved: bool | None = None, error: bool = False) -> None:
        line = Text(no_wrap=True, overflow="ellipsis")
        if error:
            line.append("! ", style="bold red")
        line.append(message)
        if saved is True:
            line.append("  · saved", style="bold green")
        elif saved is False:
            line.append("  · NOT saved", style="bold red")
        self.update(line)
