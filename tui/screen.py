"""The review screen: a record's text beside its fields, every decision one key and one fsync.

The screen holds only the cursor (which record of the filter, which row) and what it
shows; every decision goes straight to the `ReviewStore`, whose call returns after the
change is on disk, so the status line's "saved" is true when it is drawn.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Static

from evidence.spec import BY_NAME as FIELD_SPECS
from evidence.spec import FIELD_NAMES
from store import ReviewStore, StoredRecord, StoreError
from store.model import FILTERS
from tui.actions import ACTIONS
from tui.editors import editor_for
from tui.keymap import Keymap, load_keymap
from tui.modals import ChoiceDialog, HelpDialog, LineDialog
from tui.navigation import CONFIDENCE_ORDER, DOCUMENT_ORDER, Row, find_next_pending, next_pending_row, rows_of
from tui.render import document_text, find_all, format_value
from tui.widgets import (
    FIELD_COLUMNS,
    BatchProgress,
    DocumentView,
    FieldList,
    ProgressLine,
    RecordHeader,
    StatusLine,
    ValueDetail,
)

REJECT_REASONS = (
    "wrong value",
    "not about this study's own patients",
    "belongs to another field",
    "not stated in the text",
    "repeats another value",
)
EXCLUDE_REASONS = (
    "wrong population",
    "wrong intervention",
    "wrong comparator",
    "wrong outcomes",
    "wrong study design",
    "not a primary study",
    "duplicate",
    "not in English / no full text",
)
EXPORT_FORMATS = (("CSV (one row per record)", "csv"), ("JSON", "json"), ("JSON Lines", "jsonl"),
                  ("YAML", "yaml"), ("RIS (included records)", "ris"))
DEFAULT_THRESHOLD = 0.8


def _bindings() -> list[Binding]:
    # Keys here are the defaults; the app's keymap (default.yaml + the user's) is applied
    # over them by binding id, so these ids are what a keymap file names.
    defaults = load_keymap()
    return [Binding(",".join(defaults.keys[a.name]), a.name, a.description, show=a.footer, id=a.binding_id)
            for a in ACTIONS]


class ReviewScreen(Screen[None], inherit_bindings=False):
    BINDINGS: ClassVar[list[Any]] = _bindings()
    HORIZONTAL_BREAKPOINTS: ClassVar[list[Any]] = [(0, "-narrow"), (110, "-wide")]
    DEFAULT_CSS = """
    ReviewScreen { layout: vertical; }
    #header { height: 1; background: $panel; }
    #progress-row { height: 1; }
    #progress-bar { width: 24; }
    #progress-bar Bar { width: 14; }
    #progress-text { width: 1fr; }
    #body { height: 1fr; }
    ReviewScreen.-wide #body { layout: horizontal; }
    ReviewScreen.-narrow #body { layout: vertical; }
    #document { border: round $primary-darken-2; padding: 0 1; }
    ReviewScreen.-wide #document { width: 45%; height: 1fr; }
    ReviewScreen.-wide #side { width: 55%; height: 1fr; }
    ReviewScreen.-narrow #document { height: 1fr; }
    ReviewScreen.-narrow #side { height: 1fr; }
    #columns { height: 1; }
    #fields { height: 1fr; }
    #detail { height: 3; padding: 0 1; background: $panel; }
    #status { height: 1; background: $panel; }
    """

    def __init__(self, store: ReviewStore, keymap: Keymap, *, advance: bool = True,
                 order: str = DOCUMENT_ORDER, threshold: float = DEFAULT_THRESHOLD,
                 export_dir: Path | None = None) -> None:
        super().__init__()
        self.store = store
        self.keymap = keymap
        self.advance = advance
        self.order = order
        self.threshold = threshold
        self.export_dir = export_dir or Path.cwd()
        self.filter_name = "all"
        self.ids: list[str] = []
        self.current = 0
        self.record: StoredRecord | None = None
        self.rows: list[Row] = []
        self.row = 0
        self.query_text = ""
        self.matches: list[tuple[str, int, int]] = []
        self.match_at: int | None = None

    # -- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield RecordHeader(id="header")
        with Horizontal(id="progress-row"):
            yield ProgressLine(id="progress-bar", show_eta=False, show_percentage=True)
            yield BatchProgress(id="progress-text")
        with Horizontal(id="body"):
            yield DocumentView(id="document")
            with Vertical(id="side"):
                yield Static(FIELD_COLUMNS, id="columns")
                yield FieldList(id="fields")
                yield ValueDetail(id="detail")
        yield StatusLine(id="status")
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.ids = self.store.record_ids(self.filter_name)
        status = self.query_one(StatusLine)
        if not self.ids:
            status.say("This store holds no records yet: run triage review PATH... to add documents.")
            self._show_progress()
            return
        where = self.store.position()
        if where.record_id in self.ids:
            self.current = self.ids.index(where.record_id)
        self._load_record(field=where.field)
        notices = self.store.notices
        status.say(" · ".join(notices) if notices else
                   f"{len(self.ids)} records · every decision is saved as you make it · "
                   f"{self._key('help')} for keys")

    # -- showing -----------------------------------------------------------------------

    @property
    def current_row(self) -> Row | None:
        return self.rows[self.row] if 0 <= self.row < len(self.rows) else None

    def _load_record(self, *, field: str | None = None, row: int | None = None) -> None:
        self.record = self.store.record(self.ids[self.current])
        self.rows = rows_of(self.record.values)
        if row is None:
            row = next((i for i, r in enumerate(self.rows) if r.field == field), None) if field else None
        if row is None:
            row = next_pending_row(self.rows, None, self.order)
        self.row = min(row or 0, len(self.rows) - 1)
        table = self.query_one(FieldList)
        table.fill(self.rows)
        self.query_one(RecordHeader).show(self.record, self.current, len(self.ids), self.filter_name)
        self._show_row()
        self._show_progress()

    def _show_row(self) -> None:
        assert self.record is not None
        table = self.query_one(FieldList)
        if self.rows:
            table.move_cursor(self.row)
        row = self.current_row
        evidence = None
        if row and row.value and row.value.start is not None and row.value.end is not None:
            evidence = (row.value.start, row.value.end)
        here = [(s, e) for rid, s, e in self.matches if rid == self.record.id]
        current_match = None
        if self.match_at is not None and self.matches[self.match_at][0] == self.record.id:
            current_match = self.matches[self.match_at][1:]
        terms = self.store.terms
        text = document_text(self.record, evidence=evidence, include_terms=terms.include,
                             exclude_terms=terms.exclude, matches=here, current_match=current_match)
        focus = evidence[0] if evidence else (current_match[0] if current_match else None)
        self.query_one(DocumentView).show(text, self.record.text, focus)
        self.query_one(ValueDetail).show(row, self.record.text)
        if row is not None:
            self.store.set_position(self.record.id, row.field)

    def _show_progress(self) -> None:
        progress = self.store.progress()
        self.query_one(ProgressLine).show(progress)
        self.query_one(BatchProgress).show(progress)

    def _key(self, action: str) -> str:
        """The first key of `action` as the footer shows it ("?" rather than "question_mark")."""
        key = self.keymap.first_key(action)
        return self.app.get_key_display(Binding(key, action)) if key else action

    def _say(self, message: str, **kwargs: Any) -> None:
        self.query_one(StatusLine).say(message, **kwargs)

    def _after_change(self, message: str, *, reload: bool = False) -> None:
        """Redraw what a saved change touched and say so."""
        assert self.record is not None
        if reload:
            self._load_record(row=self.row)
        else:
            self.record = self.store.record(self.record.id)
            self.rows = rows_of(self.record.values)
            row = self.current_row
            if row is not None:
                self.query_one(FieldList).redraw_value(self.row, row)
            self.query_one(RecordHeader).show(self.record, self.current, len(self.ids), self.filter_name)
            self.query_one(ValueDetail).show(row, self.record.text)
            self._show_progress()
        self._say(message, saved=True)

    def _guard(self, work: Callable[[], None]) -> None:
        """Run a store call; a refusal or a disk problem is shown, never a crash or a lost key."""
        try:
            work()
        except ValueError as exc:
            self._say(str(exc), error=True)
        except (StoreError, OSError) as exc:
            self._say(f"{exc}", saved=False, error=True)

    def _has_records(self) -> bool:
        if not self.ids or self.record is None:
            self._say("No records here (change the filter, or add documents).", error=True)
            return False
        return True

    def _value_row(self) -> Row | None:
        row = self.current_row
        if row is None or row.value is None:
            self._say(f"No value here: {row.field if row else 'this field'} has none proposed "
                      f"({self._key('add_value')} adds one)", error=True)
            return None
        return row

    # -- moving ------------------------------------------------------------------------

    def action_next_field(self) -> None:
        if self._has_records() and self.row < len(self.rows) - 1:
            self.row += 1
            self._show_row()

    def action_prev_field(self) -> None:
        if self._has_records() and self.row > 0:
            self.row -= 1
            self._show_row()

    def _go_record(self, position: int, **where: Any) -> None:
        self.current = position
        self._load_record(**where)

    def action_next_record(self) -> None:
        if self._has_records():
            if self.current < len(self.ids) - 1:
                self._go_record(self.current + 1)
            else:
                self._say("This is the last record of the filter.")

    def action_prev_record(self) -> None:
        if self._has_records():
            if self.current > 0:
                self._go_record(self.current - 1)
            else:
                self._say("This is the first record of the filter.")

    def _to_next_pending(self, skip_current: bool = True) -> bool:
        found = find_next_pending(self.ids, self.current, self.rows, self.row if skip_current else None,
                                  self.store.values, self.order)
        if found is None:
            return False
        position, row = found
        if position != self.current:
            self._go_record(position, row=row)
        else:
            self.row = row
            self._show_row()
        return True

    def action_next_pending(self) -> None:
        if self._has_records() and not self._to_next_pending():
            self._say("No pending value left in this filter.")

    def action_skip(self) -> None:
        if self._has_records():
            if not self._to_next_pending():
                self._say("Nothing else is pending; this value stays pending.")
            else:
                self._say("Skipped: left pending.")

    def _advance(self) -> None:
        if self.advance and not self._to_next_pending():
            self._say("Every value in this filter is decided.", saved=True)

    # -- deciding ----------------------------------------------------------------------

    def action_accept(self) -> None:
        if not self._has_records() or (row := self._value_row()) is None:
            return
        assert self.record is not None and row.value is not None
        record_id, index = self.record.id, row.value.index

        def work() -> None:
            self.store.decide(record_id, row.field, index, "accepted")
            self._after_change(f"Accepted {row.field} = {format_value(row.value.value if row.value else '')}")
            self._advance()

        self._guard(work)

    def action_reject(self) -> None:
        if not self._has_records() or (row := self._value_row()) is None:
            return
        assert self.record is not None and row.value is not None
        record_id, field, index = self.record.id, row.field, row.value.index
        choices = [("(no reason)", ""), *[(r, r) for r in REJECT_REASONS]]

        def done(reason: str | None) -> None:
            if reason is None:
                self._say("Reject cancelled.")
                return

            def work() -> None:
                self.store.decide(record_id, field, index, "rejected", reason=reason or None)
                self._after_change(f"Rejected {field}" + (f" ({reason})" if reason else ""))
                self._advance()

            self._guard(work)

        self.app.push_screen(ChoiceDialog(f"Reject {field}: why?", choices, typed="or type a reason"),
                             done)

    def action_edit(self) -> None:
        if not self._has_records():
            return
        empty = self.current_row
        if empty is not None and empty.value is None:  # nothing proposed: editing it adds a value
            self._add_to_field(empty.field, self._search_selection())
            return
        if (row := self._value_row()) is None:
            return
        assert self.record is not None and row.value is not None
        record_id, field, index = self.record.id, row.field, row.value.index
        current = row.value.final if row.value.status == "edited" else row.value.value

        def done(value: Any) -> None:
            if value is None:
                self._say("Edit cancelled; nothing changed.")
                return

            def work() -> None:
                self.store.decide(record_id, field, index, "edited", value=value)
                self._after_change(f"Edited {field} = {format_value(value)}")
                self._advance()

            self._guard(work)

        self.app.push_screen(editor_for(field, current, f"Edit {field}"), done)

    def _search_selection(self) -> tuple[int, int] | None:
        """The current search match in this record: the keyboard's stand-in for selected text."""
        if self.record is None or self.match_at is None:
            return None
        record_id, start, end = self.matches[self.match_at]
        return (start, end) if record_id == self.record.id else None

    def _add_to_field(self, field: str, span: tuple[int, int] | None) -> None:
        """Open the editor of `field` for a new value, prefilled from `span` where its type allows."""
        assert self.record is not None
        record_id = self.record.id
        initial = self.record.text[span[0]:span[1]] if span else None
        spec = FIELD_SPECS[field]
        not_a_number = spec.type == "int" and initial is not None and not initial.strip().isdigit()
        prefill: Any = None if spec.type == "object" or not_a_number else initial

        def done(value: Any) -> None:
            if value is None:
                self._say("Add cancelled.")
                return

            def work() -> None:
                start, end = span if span else (None, None)
                self.store.add_value(record_id, field, value, start, end)
                self._after_change(f"Added {field} = {format_value(value)}", reload=True)
                self.row = max(i for i, r in enumerate(self.rows) if r.field == field)
                self._show_row()

            self._guard(work)

        self.app.push_screen(editor_for(field, prefill, f"Add a value to {field}"), done)

    def action_add_value(self) -> None:
        if not self._has_records():
            return
        span = self._search_selection()

        def picked(field: str | None) -> None:
            if field is None:
                self._say("Add cancelled.")
            else:
                self._add_to_field(field, span)

        row = self.current_row
        choices = [(name.replace("_", " "), name) for name in FIELD_NAMES]
        if row is not None:
            choices.sort(key=lambda c: c[1] != row.field)
        hint = "the value is prefilled from the current search match" if span else (
            "tip: search for the words first, and the value is prefilled from the match")
        self.app.push_screen(ChoiceDialog("Add a value to which field?", choices, hint=hint), picked)

    def action_accept_confident(self) -> None:
        if not self._has_records():
            return
        assert self.record is not None
        targets = [r for r in self.rows if r.pending and r.value is not None
                   and (r.value.confidence or 0.0) >= self.threshold]
        if not targets:
            self._say(f"No pending value of this record is at or above {self.threshold:.2f}.")
            return
        record_id = self.record.id

        def work() -> None:
            for target in targets:
                assert target.value is not None
                self.store.decide(record_id, target.field, target.value.index, "accepted")
            self._after_change(f"Accepted {len(targets)} values at or above {self.threshold:.2f}",
                               reload=True)
            self._advance()

        self._guard(work)

    def _show_change(self, change: Any, verb: str) -> None:
        if change is None:
            self._say(f"Nothing to {verb}.")
            return
        record_id = change.record_id
        if record_id not in self.ids:
            self.filter_name = "all"
            self.ids = self.store.record_ids("all")
        self.current = self.ids.index(record_id)
        self._load_record(field=change.field)
        if change.field is not None and change.index is not None:
            self.row = next((i for i, r in enumerate(self.rows)
                             if r.field == change.field and r.index == change.index), self.row)
            self._show_row()
        what = change.field or "the record decision"
        self._say(f"{verb.capitalize()}: {what} of {record_id}", saved=True)

    def action_undo(self) -> None:
        self._guard(lambda: self._show_change(self.store.undo(), "undo"))

    def action_redo(self) -> None:
        self._guard(lambda: self._show_change(self.store.redo(), "redo"))

    def _decide_record(self, decision: str, reason: str | None) -> None:
        assert self.record is not None
        record_id = self.record.id

        recheck = self.record.needs_recheck

        def work() -> None:
            self.store.decide_record(record_id, decision, reason or None)
            if recheck:  # deciding a record whose text changed is the second look it asked for
                self.store.mark_rechecked(record_id)
            word = {"include": "Included", "exclude": "Excluded", "maybe": "Marked maybe"}[decision]
            message = f"{word} {record_id}" + (f" ({reason})" if reason else "")
            # As in screening tools, a decided record gives way to the next one.
            if self.advance and self.current < len(self.ids) - 1:
                self._go_record(self.current + 1)
                self._say(message, saved=True)
            else:
                self._after_change(message)

        self._guard(work)

    def action_include(self) -> None:
        if self._has_records():
            self._decide_record("include", None)

    def _ask_reason(self, decision: str, reasons: tuple[str, ...]) -> None:
        if not self._has_records():
            return
        choices = [("(no reason)", ""), *[(r, r) for r in reasons]]

        def done(reason: str | None) -> None:
            if reason is None:
                self._say("Cancelled; the record decision is unchanged.")
            else:
                self._decide_record(decision, reason)

        title = {"exclude": "Exclude this record: why?", "maybe": "Maybe: what is unclear?"}[decision]
        self.app.push_screen(ChoiceDialog(title, choices, typed="or type a reason"), done)

    def action_exclude(self) -> None:
        self._ask_reason("exclude", EXCLUDE_REASONS)

    def action_maybe(self) -> None:
        self._ask_reason("maybe", ())

    # -- finding -----------------------------------------------------------------------

    def action_filter(self) -> None:
        labels = {"all": "all records", "pending": "not done yet", "included": "included",
                  "excluded": "excluded", "maybe": "maybe", "rejections": "with a rejected value",
                  "recheck": "text changed: to recheck"}
        choices = [(labels.get(f, f), f) for f in FILTERS]
        choices.sort(key=lambda c: c[1] != self.filter_name)

        def done(name: str | None) -> None:
            if name is None:
                return
            ids = self.store.record_ids(name)
            if not ids:
                self._say(f"No record is {labels.get(name, name)}; the filter stays {self.filter_name}.")
                return
            keep = self.record.id if self.record else None
            self.filter_name, self.ids = name, ids
            self.current = ids.index(keep) if keep in ids else 0
            self._load_record(row=self.row if keep in ids else None)
            self._say(f"Filter: {labels.get(name, name)} ({len(ids)} records)")

        self.app.push_screen(ChoiceDialog("Show which records?", choices), done)

    def action_search(self) -> None:
        if not self._has_records():
            return

        def done(query: str | None) -> None:
            if query is None or not query.strip():
                return
            self.query_text = query.strip()
            self.matches = [(rid, s, e) for rid in self.ids
                            for s, e in find_all(self.store.record(rid).text, self.query_text)]
            if not self.matches:
                self.match_at = None
                self._show_row()
                self._say(f"No record of this filter contains {self.query_text!r}.")
                return
            order = {rid: i for i, rid in enumerate(self.ids)}
            self.match_at = next((i for i, m in enumerate(self.matches) if order[m[0]] >= self.current), 0)
            self._jump_to_match()

        self.app.push_screen(LineDialog("Search every record of this filter for:", self.query_text,
                                        hint="not case-sensitive · enter searches · escape cancels"), done)

    def _jump_to_match(self) -> None:
        assert self.match_at is not None
        record_id = self.matches[self.match_at][0]
        if self.record is None or record_id != self.record.id:
            self._go_record(self.ids.index(record_id), row=self.row)
        else:
            self._show_row()
        records = len({m[0] for m in self.matches})
        self._say(f"Match {self.match_at + 1} of {len(self.matches)} for {self.query_text!r} "
                  f"in {records} records ({self._key('next_match')} next)")

    def _step_match(self, step: int) -> None:
        if not self.matches or self.match_at is None:
            self._say(f"No search yet ({self._key('search')} searches).")
            return
        self.match_at = (self.match_at + step) % len(self.matches)
        self._jump_to_match()

    def action_next_match(self) -> None:
        self._step_match(1)

    def action_prev_match(self) -> None:
        self._step_match(-1)

    def action_goto(self) -> None:
        if not self._has_records():
            return

        def check(typed: str) -> str:
            typed = typed.strip()
            if typed.isdigit() and 1 <= int(typed) <= len(self.ids):
                return self.ids[int(typed) - 1]
            if typed in self.store:
                return typed
            raise ValueError(f"{typed!r} is neither a number from 1 to {len(self.ids)} nor a record id")

        def done(record_id: str | None) -> None:
            if record_id is None:
                return
            if record_id not in self.ids:
                self.filter_name, self.ids = "all", self.store.record_ids("all")
            self._go_record(self.ids.index(record_id))
            self._say(f"Record {self.current + 1} of {len(self.ids)}: {record_id}")

        self.app.push_screen(LineDialog(f"Go to record (1-{len(self.ids)}) or id:", check=check), done)

    # -- the rest ----------------------------------------------------------------------

    def action_export(self) -> None:
        def done(fmt: str | None) -> None:
            if fmt is None:
                return
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            target = self.export_dir / f"{Path(self.store.path).stem}-export-{stamp}.{fmt}"
            self._say(f"Exporting to {target}…")
            # A big batch takes seconds (measured: 1.5-2 s at 50,000 records); in a thread, the
            # reviewer keeps deciding meanwhile (the store serialises its readers and writers).
            self.run_worker(partial(self._export, fmt, target), thread=True, exclusive=True, group="export")

        self.app.push_screen(ChoiceDialog("Export the reviewed records as:", EXPORT_FORMATS), done)

    def _export(self, fmt: str, target: Path) -> None:
        from store.export import export_store

        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(self._say, f"Exporting to {target}… {done:,} of {total:,} records")

        try:
            result = export_store(self.store, fmt, target, progress=progress)
        except (OSError, ValueError, StoreError) as exc:
            self.app.call_from_thread(self._say, f"Export failed: {exc}", error=True)
            return
        message = f"Exported {result.records:,} records ({result.values:,} values) to {target}"
        self.app.call_from_thread(self._say, message)

    def action_help(self) -> None:
        rows = [(", ".join(self.app.get_key_display(Binding(k, a.name)) for k in self.keymap.keys[a.name]),
                 a.name, a.help)
                for a in ACTIONS]
        settings = (f"accept moves on: {'yes' if self.advance else 'no'} · queue order: {self.order} · "
                    f"accept_confident threshold: {self.threshold:.2f}")
        rows.append(("", "", settings))
        self.app.push_screen(HelpDialog(rows, " + ".join(self.keymap.sources)))

    def action_quit(self) -> None:
        if any(w.group == "export" and w.is_running for w in self.workers):
            # Closing the store under a running export would cost the file it is writing.
            self._say("An export is still being written; quit again when it says Exported.")
            return
        self.app.exit()


__all__ = ["CONFIDENCE_ORDER", "DOCUMENT_ORDER", "ReviewScreen"]
