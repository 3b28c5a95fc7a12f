"""What the XML and JSON readers share: safe parsing, years, DOIs and registry numbers.

Structured exports are parsed whole, so the one place that touches an XML parser
is here, and it is defusedxml: an export is untrusted input, and an entity bomb or
an external entity must be refused before it is expanded or fetched.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from typing import Any

import defusedxml
import defusedxml.ElementTree as DET

from evidence.model import InputError
from evidence.records import normalise_doi
from evidence.source import SourceFile

# Encodings whose bytes expat reads itself (with or without a declaration); any
# other encoding was guessed by `evidence.source`, and its decoded text is parsed.
_EXPAT_ENCODINGS = {"utf-8", "utf-8-sig", "utf-16", "utf-32"}
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
_DOI = re.compile(r"10\.\d{4,9}/[^\s\"<>]+")

# Trial-registry numbers, as the WHO primary registries (and PROSPERO, EudraCT/CTIS,
# the French ID-RCB) write them. Grant and sponsor numbers (P60DK020579, 81-M-0126,
# CDR0000068850) match none of these, which is the point: a registry number
# identifies the same study in another source, a grant number does not.
_REGISTRY = re.compile(
    r"(?<![A-Z0-9])("
    r"NCT\d{8}"
    r"|ISRCTN\d{8}"
    r"|ACTRN\d{14}"
    r"|CHICTR(?:-[A-Z]{2,4}-)?\d{6,}"
    r"|DRKS\d{8}"
    r"|EUCTR\d{4}-\d{6}-\d{2}(?:-[A-Z]{2})?"
    r"|\d{4}-\d{6}-\d{2}(?:-\d{2})?"
    r"|\d{4}-A\d{5}-\d{2}"
    r"|CTRI/\d{4}/\d{2,3}/\d{6}"
    r"|UMIN\d{9}"
    r"|JPRN-[A-Z]+\d{6,}"
    r"|JRCT[A-Z]?\d{9,10}"
    r"|IRCT\d{6,}N\d+"
    r"|KCT\d{7}"
    r"|PACTR\d{15,16}"
    r"|RBR-[0-9A-Z]{6,8}"
    r"|TCTR\d{11}"
    r"|SLCTR/\d{4}/\d{3}"
    r"|RPCEC\d{8}"
    r"|NTR\d{3,5}"
    r"|NL-OMON\d+"
    r"|PER-\d{3}-\d{2}"
    r"|LBCTR\d{10}"
    r"|ITMCTR\d{6,}"
    r"|CRD42\d{6,}"
    r")(?![A-Z0-9])"
)


def parse_xml(source: SourceFile) -> ET.Element:
    """The document's root element, or `InputError` saying why there is none."""
    data: bytes | str = source.data if source.encoding in _EXPAT_ENCODINGS else source.text
    try:
        return DET.fromstring(data)
    except defusedxml.DefusedXmlException:
        raise InputError("refused: XML entity declarations are not allowed") from None
    except ET.ParseError as exc:
        raise InputError(f"not valid XML: {exc}") from None
    except LookupError as exc:  # <?xml encoding="..."?> names no known encoding
        raise InputError(f"not valid XML: {exc}") from None
    except (ValueError, RecursionError) as exc:
        raise InputError(f"not valid XML: {exc}") from None


def parse_json(source: SourceFile) -> Any:
    """The decoded JSON value, or `InputError` saying why there is none."""
    try:
        return json.loads(source.text)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON: {exc}") from None
    except RecursionError:
        raise InputError("not valid JSON: nested too deeply") from None


def local_name(tag: object) -> str:
    """An element's name without its namespace ("{...MathML}math" -> "math")."""
    if not isinstance(tag, str):  # comments and processing instructions
        return ""
    return tag.rsplit("}", 1)[-1]


def squash(text: str | None) -> str:
    """One line, single spaces: for titles, names and other one-line values."""
    return " ".join(text.split()) if text else ""


def first_year(text: str | None) -> int | None:
    """The first plausible four-digit year in a date field ("1998 Dec-1999 Jan" -> 1998)."""
    if not text:
        return None
    match = _YEAR.search(text)
    return int(match.group(1)) if match else None


def first_doi(text: str | None) -> str | None:
    """The first DOI in a field that may hold a resolver URL, a prefix or several values."""
    if not text:
        return None
    match = _DOI.search(text)
    return normalise_doi(match.group(0)) if match else None


def registry_id(value: str | None) -> str | None:
    """The trial-registry number in an identifier field, upper case, or None."""
    if not value:
        return None
    match = _REGISTRY.search(value.upper())
    return match.group(1) if match else None


def dedupe(values: list[str]) -> list[str]:
    """Non-empty values in first-seen order, each once."""
    seen: set[str] = set()
    out: list[str] = []
    for value in values:
        if value and value not in seen:
            seen.add(value)
            out.append(value)
    return out
