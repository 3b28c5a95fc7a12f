"""How records and values look on screen: pure functions from store snapshots to Rich Text.

Document text is data: it only ever enters a `Text` as plain characters (never as
markup), so "[bold]" or "[link=…]" inside an abstract is shown as written. Every
state is told apart by a word or symbol as well as colour, so a 16-colour terminal
or NO_COLOR loses nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from store import StoredRecord, StoredValue

# Styles carry an attribute besides the colour (reverse, underline, bold), which
# survives where colours do not.
EVIDENCE = Style(reverse=True, bold=True)
TERM_INCLUDE = Style(underline=True, color="green")
TERM_EXCLUDE = Style(underline=True, color="red")
MATCH = Style(bold=True, italic=True, underline=True, color="yellow")
HEADING = Style(bold=True)

STATUS_LABEL: dict[str, tuple[str, str]] = {
    # status -> (label, style): "suggested" is what nobody has looked at yet.
    "pending": ("? suggested", "dim italic"),
    "accepted": ("✓ accepted", "bold green"),
    "edited": ("✎ edited", "bold cyan"),
    "rejected": ("✗ rejected", "bold red"),
}
DECISION_LABEL: dict[str | None, str] = {
    None: "undecided",
    "include": "✓ included",
    "exclude": "✗ excluded",
    "maybe": "~ maybe",
}


def format_value(value: Any) -> str:
    """A value as a reviewer reads it: objects as 'key value' pairs, nothing empty shown."""
    if value is None:
        return "—"
    if isinstance(value, dict):
        if "name" in value:  # an outcome reads best as a sentence
            part = str(value.get("name") or "?")
            number, unit = value.get("value"), value.get("unit") or ""
            if number is not None:
                part += f": {number}{'' if unit == '%' else ' '}{unit}".rstrip()
            n, total = value.get("n"), value.get("total")
            if n is not None or total is not None:
                part += f" ({'?' if n is None else n}/{'?' if total is None else total})"
            if value.get("timepoint"):
                part += f" at {value['timepoint']}"
            return part
        return ", ".join(f"{k} {v}" for k, v in value.items() if v is not None)
    if isinstance(value, list):
        return "; ".join(format_value(v) for v in value)
    return str(value)


def status_cell(value: StoredValue) -> Text:
    label, style = STATUS_LABEL.get(value.status, (value.status, ""))
    if value.added_by_hand:
        label = "+ added"
    if value.stale:
        label += " (old)"
    return Text(label, style=style)


def value_cell(value: StoredValue) -> Text:
    """The value the review stands at: the edit when edited, the proposal otherwise."""
    shown = value.final if value.status == "edited" else value.value
    style = "dim italic" if value.status == "pending" else ("strike" if value.status == "rejected" else "")
    return Text(display_text(format_value(shown)), style=style, no_wrap=True, overflow="ellipsis")


def confidence_cell(value: StoredValue) -> Text:
    if value.confidence is None:
        return Text("  — ", style="dim")
    return Text(f"{value.confidence:.2f}", style="dim" if value.confidence < 0.5 else "")


def _term_pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    words = sorted({t.strip() for t in terms if t.strip()}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE)


def find_all(text: str, query: str) -> list[tuple[int, int]]:
    """Case-insensitive, literal occurrences of `query` in `text`."""
    if not query:
        return []
    return [(m.start(), m.end()) for m in re.finditer(re.escape(query), text, re.IGNORECASE)]


# Symbols of these blocks became wide (emoji presentation) in Unicode 9; terminals and
# multiplexers with older width tables (tmux among them) still draw them one cell wide,
# so every line holding one ("Blood ◽ 2010 ◽") shifts the pane's border. On screen only,
# each is shown as a narrow middle dot: one code point for one, so spans still line up.
_UNSURE_WIDTH = re.compile("[\u2300-\u2bff]")


def _narrow(match: re.Match[str]) -> str:
    return "·" if cell_len(match.group(0)) != 1 else match.group(0)


def display_text(text: str) -> str:
    """`text` as drawn: the same length, symbols of disputed width replaced (see above)."""
    return _UNSURE_WIDTH.sub(_narrow, text)


def document_text(record: StoredRecord, *, evidence: tuple[int, int] | None = None,
                  include_terms: Sequence[str] = (), exclude_terms: Sequence[str] = (),
                  matches: Sequence[tuple[int, int]] = (), current_match: tuple[int, int] | None = None,
                  ) -> Text:
    """The record's text with its section headings, terms, search matches and evidence marked."""
    if not record.available:
        return Text(f"The text of {record.id} is not in the store's record cache.\n"
                    f"Open {record.source} again (triage review {record.source} --store …) to restore it; "
                    "the decisions shown on the right are kept.", style="italic")
    text = Text(display_text(record.text), no_wrap=False)
    for _name, start, end in record.sections:
        # A section starts with its heading; bold it up to the heading's end of line or colon.
        head = record.text[start:end]
        cut = min((i for i in (head.find("\n"), head.find(":")) if i >= 0), default=-1)
        if 0 < cut <= 60:
            text.stylize(HEADING, start, start + cut + 1)
    for terms, style in ((include_terms, TERM_INCLUDE), (exclude_terms, TERM_EXCLUDE)):
        pattern = _term_pattern(terms)
        if pattern is not None:
            for m in pattern.finditer(record.text):
                text.stylize(style, m.start(), m.end())
    for start, end in matches:
        text.stylize(MATCH, start, end)
    if current_match is not None:
        text.stylize(Style(reverse=True, color="yellow"), *current_match)
    if evidence is not None and evidence[0] < evidence[1]:
        text.stylize(EVIDENCE, *evidence)
    return text


def line_of_offset(text: str, offset: int, width: int) -> int:
    """The wrapped line (0-based) holding `offset` when `text` is shown `width` cells wide.

    Word wrap moves whole words, so this follows Rich's own wrapping of each paragraph
    closely enough to scroll the evidence into view; it is never used to place a cell.
    """
    width = max(width, 10)
    line = 0
    position = 0
    for paragraph in text.split("\n"):
        end = position + len(paragraph)
        if offset <= end:
            wrapped = Text(paragraph[: max(0, offset - position)]).wrap(_measure_console(), width)
            return line + max(0, len(wrapped) - 1)
        line += max(1, len(Text(paragraph).wrap(_measure_console(), width)))
        position = end + 1
    return line


_console = None


def _measure_console() -> Any:
    global _console
    if _console is None:
        from rich.console import Console

        _console = Console(width=400, color_system=None, force_terminal=False)
    return _console
