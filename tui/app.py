"""The Textual app around the review screen, built by one factory the CLI and the tests share."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from store import ReviewStore
from tui.actions import ACTIONS
from tui.keymap import Keymap, load_keymap
from tui.navigation import DOCUMENT_ORDER
from tui.screen import DEFAULT_THRESHOLD, ReviewScreen


class ReviewApp(App[None], inherit_bindings=False):
    """Textual's own bindings are left out (inherit_bindings=False): they have no ids, so a
    keymap could not move them, and ctrl+q / ctrl+c would bypass the reviewer's keys."""

    TITLE = "evidence-triage"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS: ClassVar[list[Any]] = [
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="app.command_palette")
    ]

    def __init__(self, store: ReviewStore, keymap: Keymap, *, advance: bool = True,
                 order: str = DOCUMENT_ORDER, threshold: float = DEFAULT_THRESHOLD,
                 export_dir: Path | None = None) -> None:
        super().__init__()
        self.store = store
        self.keymap = keymap
        self.review = ReviewScreen(store, keymap, advance=advance, order=order, threshold=threshold,
                                   export_dir=export_dir)

    def on_mount(self) -> None:
        self.set_keymap(self.keymap.textual_keymap())
        self.push_screen(self.review)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every review action in the command palette, under its name and with its keys."""
        for action in ACTIONS:
            keys = ", ".join(self.keymap.keys.get(action.name, ()))
            yield SystemCommand(f"{action.name.replace('_', ' ')} ({keys})", action.help,
                                partial(self.review.run_action, action.name))


def make_app(store: ReviewStore, keymap: Keymap | None = None, *, advance: bool | None = None,
             order: str | None = None, threshold: float | None = None,
             export_dir: Path | None = None) -> ReviewApp:
    """The app for `store`; settings not given come from the store (what the reviewer chose
    last time), then the defaults."""
    settings = store.settings
    return ReviewApp(
        store,
        keymap or load_keymap(),
        advance=settings.get("advance", True) if advance is None else advance,
        order=settings.get("order", DOCUMENT_ORDER) if order is None else order,
        threshold=settings.get("threshold", DEFAULT_THRESHOLD) if threshold is None else threshold,
        export_dir=export_dir,
    )
