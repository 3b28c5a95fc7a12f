"""Which reader a file needs, decided from its content first and its name second.

Exports lie about themselves: Web of Science plain text ships as `.ris`,
MEDLINE as `.txt` or `.ris`, RIS as `.txt`. Content decides; the extension only
breaks ties (a `.csv` whose header the sniffer cannot place is still a table).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from evidence.model import InputError

_RIS_TY = re.compile(r"^\s*TY  ?-", re.MULTILINE)
_RIS_TAG = re.compile(r"^[A-Z][A-Z0-9]  - ", re.MULTILINE)
_MEDLINE = re.compile(r"^(?:PMID- |PMC - |(?:FAU|OWN|STAT|DP|JT|TA|LID|AID) {0,2}- )", re.MULTILINE)
_WOS = re.compile(r"^(?:FN |VR |PT [A-Z]\s*$)", re.MULTILINE)
_WOS_TAG = re.compile(r"^(?:AU|AF|TI|SO|PY|DI|UT|AB) \S", re.MULTILINE)
_XML_ROOT = re.compile(r"<(?!\?|!)([A-Za-z_][\w.:-]*)")
_TABLE_HINT = re.compile(
    r"\b(title|abstract|primary_title|display_name|document title|article title)\b", re.IGNORECASE
)


def _strip_xml_prolog(head: str) -> str:
    head = re.sub(r"<\?.*?\?>", "", head, flags=re.DOTALL)
    head = re.sub(r"<!--.*?-->", "", head, flags=re.DOTALL)
    return re.sub(r"<!DOCTYPE[^>\[]*(\[.*?\])?\s*>", "", head, flags=re.DOTALL)


def _xml_kind(head: str) -> str:
    body = _strip_xml_prolog(head)
    match = _XML_ROOT.search(body)
    root = match.group(1).lower() if match else ""
    if root in {"pubmedarticleset", "pubmedarticle", "pubmedbookarticle", "pubmedbookarticleset"}:
        return "pubmed_xml"
    if root == "clinical_study" or "<clinical_study" in body[:4000]:
        return "ctgov_xml"
    if root in {"xml", "records"} and re.search(r"<record[\s>]", body):
        return "endnote_xml"
    raise InputError(f"XML of an unknown kind (root element <{root or '?'}>)")


def _json_kind(text: str) -> str:
    stripped = text.lstrip()
    first_line = stripped.split("\n", 1)[0].strip()
    if stripped.startswith("{") and first_line.endswith("}") and "\n" in stripped.strip():
        try:
            json.loads(first_line)
            return "jsonl"
        except ValueError:
            pass
    head = stripped[:20000]
    if any(key in head for key in ('"protocolSection"', '"FullStudiesResponse"', '"FullStudies"')):
        return "ctgov_json"
    if stripped.startswith("{") and first_line.endswith("}"):
        return "jsonl"
    raise InputError("JSON, but neither JSON Lines records nor a ClinicalTrials.gov study")


def _header_like(line: str) -> bool:
    """A table's header names short columns; "Title: Gene therapy in adults: 3-year results of an
    open-label, single-arm study" is a page's labelled title line that happens to hold a comma."""
    delimiter = max("\t,;", key=line.count)
    return all(len(cell.strip()) <= 60 for cell in line.split(delimiter))


def detect_format(text: str, path: Path | None = None) -> str:
    """Return a format name of `evidence.readers.FORMATS`, or raise `InputError`."""
    head = text[:65536]
    stripped = head.lstrip()
    suffix = path.suffix.lower() if path else ""
    if stripped.startswith("<"):
        return _xml_kind(head)
    if stripped.startswith(("{", "[")):
        return _json_kind(text)
    if _WOS.search(head) and len(_WOS_TAG.findall(head)) >= 2 and not _RIS_TY.search(head):
        return "wos"
    if _RIS_TY.search(head):
        return "ris"
    if _MEDLINE.search(head):
        return "medline"
    if len(_RIS_TAG.findall(head)) >= 3 and re.search(r"^ER  ?-", text, re.MULTILINE):
        return "ris"
    first_line = stripped.split("\n", 1)[0]
    if suffix in {".csv", ".tsv"} or (
        _TABLE_HINT.search(first_line) and re.search(r"[,;\t]", first_line) and _header_like(first_line)
    ):
        return "csv"
    if suffix in {".ris", ".nbib", ".xml", ".json", ".jsonl", ".enw"}:
        raise InputError(f"named {suffix} but its content is not in that format")
    return "text"
