"""The small dialogs of the review screen: pick from a list (or type), type a line, fill an object.

Each returns its answer through `dismiss` (None when the reviewer pressed escape, so
cancelling never changes anything). Editors take a `check` callable that raises
ValueError with a sentence for the reviewer: the dialog shows it and stays open, so
bad input is corrected where it was typed instead of being lost.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

Check = Callable[[Any], Any]  # parse/validate: returns the value to use, raises ValueError


class _Dialog(ModalScreen[Any]):
    DEFAULT_CSS = """
    _Dialog, ChoiceDialog, LineDialog, ObjectDialog, HelpDialog { align: center middle; }
    .dialog { width: 76; max-width: 100%; height: auto; max-height: 90%;
              border: round $accent; padding: 0 1; background: $surface; }
    .dialog .title { text-style: bold; width: 100%; }
    .dialog .error { color: $error; text-style: bold; width: 100%; }
    .dialog .hint { color: $text-muted; width: 100%; }
    .dialog OptionList { height: auto; max-height: 14; }
    .dialog Input { margin: 0; }
    """
    BINDINGS: ClassVar[list[Any]] = [Binding("escape", "cancel", "Cancel", id="dialog.cancel")]

    def action_cancel(self) -> None:
        self.dismiss(None)

    def show_error(self, message: str) -> None:
        error = self.query_one(".error", Static)
        error.update(Text(message))
        error.display = bool(message)


class ChoiceDialog(_Dialog):
    """A list to pick from with arrows and enter; with `typed`, a line to type an answer instead."""

    def __init__(self, title: str, choices: Sequence[tuple[str, Any]], *, typed: str | None = None,
                 hint: str = "") -> None:
        super().__init__()
        self._title = title
        self._choices = list(choices)
        self._typed = typed
        self._hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self._title), classes="title")
            yield OptionList(*[Option(Text(label), id=str(i)) for i, (label, _) in enumerate(self._choices)],
                             id="choices")
            if self._typed is not None:
                yield Input(placeholder=self._typed, id="typed")
            yield Static("", classes="error")
            yield Label(Text(self._hint or ("enter picks · tab to type instead · escape cancels"
                                            if self._typed is not None else "enter picks · escape cancels")),
                        classes="hint")

    def on_mount(self) -> None:
        self.show_error("")
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        index = int(event.option.id or 0)
        self.dismiss(self._choices[index][1])

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        if not value:
            self.show_error("Type something, or pick from the list (escape cancels).")
            return
        self.dismiss(value)


class LineDialog(_Dialog):
    """One line of text, checked by `check` before the dialog closes."""

    def __init__(self, title: str, initial: str = "", *, check: Check | None = None,
                 hint: str = "enter saves · escape cancels", placeholder: str = "") -> None:
        super().__init__()
        self._title = title
        self._initial = initial
        self._check = check
        self._hint = hint
        self._placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self._title), classes="title")
            yield Input(value=self._initial, placeholder=self._placeholder, id="line")
            yield Static("", classes="error")
            yield Label(Text(self._hint), classes="hint")

    def on_mount(self) -> None:
        self.show_error("")
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            value = self._check(event.value) if self._check else event.value
        except ValueError as exc:
            self.show_error(str(exc))
            return
        self.dismiss(value)


class ObjectDialog(_Dialog):
    """One line per key of an object value (age, sex, outcome, follow-up); tab moves between them."""

    def __init__(self, title: str, keys: Sequence[str], initial: dict[str, Any] | None, *,
                 check: Check) -> None:
        super().__init__()
        self._title = title
        self._keys = list(keys)
        self._initial = initial or {}
        self._check = check

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self._title), classes="title")
            for key in self._keys:
                value = self._initial.get(key)
                yield Input(value="" if value is None else str(value), placeholder=key,
                            id=f"key-{key}", tooltip=key)
            yield Static("", classes="error")
            yield Label(Text("tab / shift+tab move · enter saves · an empty line leaves the key out · "
                             "escape cancels"), classes="hint")

    def on_mount(self) -> None:
        self.show_error("")
        self.query(Input).first().focus()

    def values(self) -> dict[str, str]:
        return {key: self.query_one(f"#key-{key}", Input).value for key in self._keys}

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            value = self._check(self.values())
        except ValueError as exc:
            self.show_error(str(exc))
            return
        self.dismiss(value)


class HelpDialog(_Dialog):
    """Every action with its keys, as the active keymap has them."""

    BINDINGS: ClassVar[list[Any]] = [
        Binding("escape", "cancel", "Close", id="dialog.cancel"),
        Binding("q", "cancel", "Close", show=False, id="dialog.close_q"),
    ]

    def __init__(self, rows: Sequence[tuple[str, str, str]], sources: str) -> None:
        super().__init__()
        self._rows = rows
        self._sources = sources

    def compose(self) -> ComposeResult:
        body = Text()
        for keys, name, help_text in self._rows:
            body.append(f"{keys:<18}", style="bold")
            body.append(f"{name:<17}")
            body.append(help_text + "\n", style="dim")
        with Vertical(classes="dialog"):
            yield Label(Text(f"Keys ({self._sources})"), classes="title")
            yield OptionList(*[Option(line) for line in body.split("\n") if line.plain], id="help")
            yield Static("", classes="error")
            yield Label(Text("escape closes · every decision is saved as you make it"), classes="hint")

    def on_mount(self) -> None:
        self.show_error("")
        self.query_one(OptionList).focus()
