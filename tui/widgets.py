"""The review screen's parts: the header line, the document pane, the field table, the status line.

None of them can take focus: every key goes to the screen's bindings, so the keymap
alone decides what a key does (a focused DataTable would swallow arrows and enter
with bindings no keymap can change). Widgets redrawn on every key are updated
without a layout pass when their size cannot change.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.style import Style
from rich.text import Text
from textual.containers import VerticalScroll
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import ProgressBar, Static

from store import Progress, StoredRecord
from tui.navigation import Row
from tui.render import (
    DECISION_LABEL,
    confidence_cell,
    display_text,
    format_value,
    line_of_offset,
    status_cell,
    value_cell,
)


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
        line.append(display_text(record.title or "(no title)"))
        self.update(line, layout=False)


class BatchProgress(Static):
    """Values decided and records done, as words: the bar beside it is only a picture of the same."""

    def show(self, progress: Progress) -> None:
        self.update(Text(
            f"values {progress.values_decided}/{progress.values_total} decided · records "
            f"{progress.records_done}/{progress.records_total} done · {progress.included} in, "
            f"{progress.excluded} out, {progress.maybe} maybe", no_wrap=True, overflow="ellipsis"),
            layout=False)


class ProgressLine(ProgressBar):
    def show(self, progress: Progress) -> None:
        self.update(total=max(progress.records_total, 1), progress=progress.records_done)


class DocumentView(VerticalScroll, can_focus=False):
    """The record's text, scrolled so the evidence of the current value is in view."""

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static(id="doc-text", markup=False)

    shown: Text = Text()

    def show(self, text: Text, plain: str, focus_offset: int | None) -> None:
        # Moving between the values of one record only restyles the same characters, so the
        # text's size is unchanged and the screen needs no new layout (the costly part of a key).
        same_size = self.shown.plain == text.plain
        self.shown = text
        self.query_one("#doc-text", Static).update(text, layout=not same_size)
        if focus_offset is None:
            self.scroll_home(animate=False)
            return
        width = max(self.scrollable_content_region.width, 20)
        line = line_of_offset(plain, focus_offset, width)
        height = max(self.scrollable_content_region.height, 1)
        if not self.scroll_y <= line < self.scroll_y + height - 1:
            self.scroll_to(y=max(0, line - height // 3), animate=False)


_FIELD_W, _STATUS_W, _CONF_W = 16, 11, 4
FIELD_COLUMNS = Text(f" {'field':<{_FIELD_W}} {'status':<{_STATUS_W}} {'conf':>{_CONF_W}}  value",
                     style="bold", no_wrap=True)


class FieldList(ScrollView, can_focus=False):
    """Field · status · confidence · value, a line per value; the cursor line is the current value.

    A line-API widget: each line is rendered once into a Strip and cached, and moving the
    cursor repaints two lines. (Textual's DataTable re-rendered every visible cell through
    Rich on each key: 45 ms a frame measured at 30 rows, most of a key's budget.)
    """

    DEFAULT_CSS = "FieldList { overflow-x: hidden; }"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.lines: list[tuple[Text, Text, Text, Text]] = []
        self.cursor = 0
        self._cache: dict[tuple[int, int, bool], Strip] = {}

    def fill(self, rows: Sequence[Row]) -> None:
        previous = None
        self.lines = []
        for row in rows:
            # A field's later values repeat its name dimmed, so a scrolled list still says
            # which field each value belongs to.
            name = Text(row.field, style="bold" if row.field != previous else "dim")
            previous = row.field
            if row.value is None:
                self.lines.append((name, Text("· none", style="dim"), Text(""), Text("—", style="dim")))
            else:
                self.lines.append((name, status_cell(row.value), confidence_cell(row.value),
                                   value_cell(row.value)))
        self._cache.clear()
        self.virtual_size = Size(self.size.width, len(self.lines))
        self.refresh()

    def redraw_value(self, number: int, row: Row) -> None:
        if row.value is None or not 0 <= number < len(self.lines):
            return
        name = self.lines[number][0]
        self.lines[number] = (name, status_cell(row.value), confidence_cell(row.value), value_cell(row.value))
        self._forget(number)

    def move_cursor(self, number: int) -> None:
        previous, self.cursor = self.cursor, number
        self._forget(previous)
        self._forget(number)
        height = max(self.scrollable_content_region.height, 1)
        if number < self.scroll_y:
            self.scroll_to(y=number, animate=False)
        elif number >= self.scroll_y + height:
            self.scroll_to(y=number - height + 1, animate=False)

    def line_text(self, number: int) -> str:
        """The line as the reviewer reads it (for tests and screen readers of the store)."""
        return " ".join(cell.plain for cell in self.lines[number])

    def _forget(self, number: int) -> None:
        for key in [k for k in self._cache if k[0] == number]:
            del self._cache[key]
        self.refresh_line(number)

    def refresh_line(self, number: int) -> None:
        y = number - int(self.scroll_y)
        if 0 <= y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    def render_line(self, y: int) -> Strip:
        number = int(self.scroll_y) + y
        width = self.size.width
        if number >= len(self.lines):
            return Strip.blank(width, self.rich_style)
        current = number == self.cursor
        key = (number, width, current)
        strip = self._cache.get(key)
        if strip is None:
            name, status, conf, value = self.lines[number]
            line = Text(no_wrap=True, overflow="ellipsis", end="")
            line.append("▶" if current else " ", style="bold")
            line.append_text(_fit(name, _FIELD_W))
            line.append(" ")
            line.append_text(_fit(status, _STATUS_W))
            line.append(" ")
            line.append_text(_fit(conf, _CONF_W, right=True))
            line.append("  ")
            line.append_text(value)
            line.truncate(width, overflow="ellipsis", pad=True)
            if current:
                line.stylize(Style(reverse=True))
            strip = Strip(line.render(self.app.console), width).simplify()
            self._cache[key] = strip
        return strip.apply_style(self.rich_style)


def _fit(cell: Text, width: int, right: bool = False) -> Text:
    cell = cell.copy()
    cell.truncate(width, overflow="ellipsis")
    padding = " " * (width - cell.cell_len)
    return Text(padding).append_text(cell) if right else cell.append(padding)


class ValueDetail(Static):
    """The whole current value (the table cuts long ones) and the words that support it."""

    def show(self, row: Row | None, text: str) -> None:
        if row is None or row.value is None:
            field = row.field if row else ""
            self.update(Text(f"{field}: no value proposed · add one with the add_value key", style="dim"),
                        layout=False)
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
            quote = display_text(" ".join(text[value.start:value.end].split()))
            line.append(f"\n“{quote[:200]}{'…' if len(quote) > 200 else ''}”", style="dim")
        self.update(line, layout=False)


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
        self.update(line, layout=False)
