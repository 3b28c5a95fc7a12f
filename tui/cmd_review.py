"""`triage review`: bring documents into a store (with a progress bar) and open the review screen."""

from __future__ import annotations

import argparse
import getpass
import os
from pathlib import Path

from rich.markup import escape

EXIT_OK, EXIT_ERROR = 0, 2


def read_terms(path: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Inclusion and exclusion terms, one per line: a leading '-' marks an exclusion term,
    a leading '+' (or nothing) an inclusion term; '#' starts a comment line."""
    include: list[str] = []
    exclude: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        term = line.strip()
        if not term or term.startswith("#"):
            continue
        if term.startswith("-"):
            exclude.append(term[1:].strip())
        else:
            include.append(term.removeprefix("+").strip())
    return tuple(t for t in include if t), tuple(t for t in exclude if t)


def _reviewer(given: str | None) -> str:
    if given:
        return given
    try:
        return os.environ.get("TRIAGE_REVIEWER") or getpass.getuser()
    except (KeyError, OSError):
        return "reviewer"


def cmd_review(args: argparse.Namespace) -> int:
    from store import ReviewStore, StoreError, StoreLocked, Terms
    from store.paths import DEFAULT_STORE
    from tui.app import make_app
    from tui.batch import load_batch
    from tui.cli import _print_problems, _progress, _stderr
    from tui.keymap import KeymapError, load_keymap

    err = _stderr()
    try:
        keymap = load_keymap(args.keymap)
    except KeymapError as exc:
        err.print(f"[red]error[/red] keymap {escape(str(exc))}")
        return EXIT_ERROR
    store_path = Path(args.store) if args.store else DEFAULT_STORE
    if not args.paths and not store_path.exists():
        err.print(f"[red]error[/red] {escape(str(store_path))} does not exist: name the documents to review, "
                  "e.g. triage review sample_docs")
        return EXIT_ERROR
    terms = None
    if args.terms:
        try:
            terms = read_terms(Path(args.terms))
        except (OSError, UnicodeDecodeError) as exc:
            err.print(f"[red]error[/red] {escape(args.terms)}: cannot read the terms: {escape(str(exc))}")
            return EXIT_ERROR
    try:
        store = ReviewStore.open(store_path, _reviewer(args.reviewer))
    except StoreLocked as exc:
        err.print(f"[red]error[/red] {escape(str(exc))} (triage export opens a locked store read-only)")
        return EXIT_ERROR
    except StoreError as exc:
        err.print(f"[red]error[/red] {escape(str(exc))}")
        return EXIT_ERROR
    try:
        for notice in store.notices:
            err.print(f"[yellow]notice[/yellow] {escape(notice)}")
        if args.paths:
            with _progress(err) as bar:
                task = bar.add_task("Reading", total=None, current="")

                def report(phase: str, done: int, total: int, name: str) -> None:
                    bar.update(task, description=phase, completed=done, total=total, current=name)

                batch = load_batch(store, args.paths, max_bytes=int(args.max_size * 1024 * 1024),
                                   progress=report)
            _print_problems(batch.ingest, err)
            for problem in batch.problems:
                err.print(f"[yellow]warning[/yellow] {escape(problem)}")
            sync = batch.sync
            err.print(f"{len(store)} records in {escape(str(store_path))}: {len(sync.added)} new, "
                      f"{len(sync.changed)} changed (flagged to recheck), "
                      f"{sync.unchanged + batch.cached} unchanged; {batch.extracted} extracted.",
                      soft_wrap=True)
            if not len(store):
                err.print("[red]error[/red] nothing could be read; no review to open.")
                return EXIT_ERROR
        if terms is not None:
            store.set_terms(Terms(*terms))
        for key, value in (("advance", args.advance), ("order", args.order), ("threshold", args.threshold)):
            if value is not None:
                store.set_setting(key, value)
        if args.no_screen:
            return EXIT_OK
        app = make_app(store, keymap, export_dir=store_path.absolute().parent)
        app.run()
        return EXIT_OK
    finally:
        store.close()


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    parser = sub.add_parser(
        "review", help="open the review screen on documents (or on a store made before)",
        description="Read PATH... into the review store (new and changed documents only; decisions "
        "are kept), then open the review screen. Without PATH, reopen the store where you left off. "
        "Every decision is saved as you make it.",
    )
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="files or folders to add (read recursively); the format is detected "
                        "from content")
    parser.add_argument("--store", metavar="FILE",
                        help="the review store (default: triage-review.json in this folder)")
    parser.add_argument("--keymap", metavar="NAME|FILE",
                        help="key bindings: a shipped keymap (default, vim) or a YAML file of your own "
                        "laid over the default")
    parser.add_argument("--reviewer", metavar="NAME",
                        help="name recorded with each decision (default: $TRIAGE_REVIEWER or your login)")
    parser.add_argument("--terms", metavar="FILE",
                        help="terms to highlight in every record, one per line; '-term' marks an "
                        "exclusion term (kept in the store)")
    parser.add_argument("--order", choices=("document", "confidence"), default=None,
                        help="the order next_pending visits a record's values: document order, or the "
                        "least confident first (kept in the store; default: document)")
    parser.add_argument("--no-advance", dest="advance", action="store_const", const=False, default=None,
                        help="accept stays on the value instead of moving to the next pending one "
                        "(kept in the store)")
    parser.add_argument("--advance", dest="advance", action="store_const", const=True,
                        help="accept moves to the next pending value (the default)")
    parser.add_argument("--threshold", type=float, default=None, metavar="P",
                        help="confidence from which accept_confident accepts a value (kept in the "
                        "store; default: 0.8)")
    parser.add_argument("--max-size", type=float, default=150, metavar="MB",
                        help="skip files larger than this, with an error line (default: 150)")
    parser.add_argument("--no-screen", action="store_true",
                        help="only bring the documents into the store; do not open the screen")
    parser.set_defaults(func=cmd_review)
