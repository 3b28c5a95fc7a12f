"""Exports of the reviewed records: CSV, JSON, JSON Lines, YAML, RIS, and the PRISMA summary.

The one entry point is `export_store(store, fmt, output, ...)` (see its docstring for the
contract); `summary(store)` gives the counts alone. One module per format, each turning
the rows of `reading` into text; `options` decides what goes out, `atomic` how a file is
written. Knows nothing of the screen or the command line.
"""

from store.export.options import FORMATS, STATUS_WORDS, ExportError, OutputExists, Selection, format_of
from store.export.run import ExportResult, export_store
from store.export.summary import Summary, summary

__all__ = [
    "FORMATS",
    "STATUS_WORDS",
    "ExportError",
    "ExportResult",
    "OutputExists",
    "Selection",
    "Summary",
    "export_store",
    "format_of",
    "summary",
]
