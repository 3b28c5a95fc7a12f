"""One reader per input format, looked up by the format name `evidence.detect` returns.

Each reader module exposes ``read(source: SourceFile) -> Iterator[ParsedRecord]``.
A reader raises `InputError` when the file as a whole cannot be used, and calls
``source.warn(...)`` for a problem it could read past (one bad record of many).
Modules are imported on first use so a run over RIS files never pays for XML.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from evidence.model import ParsedRecord
    from evidence.source import SourceFile

Reader = Callable[["SourceFile"], Iterable["ParsedRecord"]]

# format name -> (module, what the user sees in the ingest table)
FORMATS: dict[str, tuple[str, str]] = {
    "ris": ("evidence.readers.ris", "RIS"),
    "medline": ("evidence.readers.medline", "MEDLINE/nbib"),
    "wos": ("evidence.readers.wos", "Web of Science"),
    "pubmed_xml": ("evidence.readers.pubmed_xml", "PubMed XML"),
    "endnote_xml": ("evidence.readers.endnote_xml", "EndNote XML"),
    "ctgov_xml": ("evidence.readers.ctgov", "ClinicalTrials.gov XML"),
    "ctgov_json": ("evidence.readers.ctgov", "ClinicalTrials.gov JSON"),
    "csv": ("evidence.readers.table", "CSV/TSV"),
    "jsonl": ("evidence.readers.jsonl", "JSON Lines"),
    "text": ("evidence.readers.textpage", "text page"),
}


def reader_for(fmt: str) -> Reader:
    module_name, _label = FORMATS[fmt]
    module = importlib.import_module(module_name)
    if fmt == "ctgov_xml":
        return module.read_xml
    if fmt == "ctgov_json":
        return module.read_json
    return module.read


def label(fmt: str) -> str:
    return FORMATS[fmt][1]
