"""DOIs and trial-registration ids found in a record's prose.

Registration ids have registry-specific shapes (NCT + 8 digits, ISRCTN + 8
digits, ...), so one compiled alternation finds them all in a single pass and
each hit is rewritten to the registry's canonical spelling ("NCT 01234567" ->
"NCT01234567"). A review's PROSPERO id (CRD42...) is reported too: it is the
review's own prospective registration, which a reviewer looks up exactly as a
trial's, and it cannot be mistaken for anything else. It gets a lower
confidence than a trial registry id because the spec's examples are trial
registries only.

DOIs are "10.<registrant>/<suffix>". A page may also show DOIs of references,
related or citing papers; those follow a "References"/"Similar articles"-type
heading, and a DOI there is never taken for the record's own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# (name, pattern). Every pattern has one group "id<n>" or is used whole.
_REGISTRY_PATTERNS: list[tuple[str, str]] = [
    ("nct", r"\bNCT[\s-]?(?P<nct>\d{8})(?!\d)"),
    ("isrctn", r"\bISRCTN[\s:-]?(?P<isrctn>\d{8})(?!\d)"),
    ("chictr", r"\b(?P<chictr>ChiCTR(?:-[A-Z]{2,5}){0,2}-?\d{6,12})(?!\d)"),
    ("actrn", r"\bACTRN\s?(?P<actrn>\d{14})(?!\d)"),
    ("drks", r"\bDRKS[\s-]?(?P<drks>\d{8})(?!\d)"),
    (
        "eudract",
        r"\bEudra-?CT(?:\s*(?:number|no\.?|n[°o]\.?|#|identifier|registration|trial))?"
        r"\s*[:(,]?\s*(?P<eudract>(?:19|20)\d\d-\d{6}-\d{2})(?!\d)",
    ),
    ("euctr", r"\bEUCTR\s?(?P<euctr>(?:19|20)\d\d-\d{6}-\d{2}(?:-[A-Z]{2,3})?)"),
    ("ctri", r"\b(?P<ctri>CTRI/\d{4}/\d{2,3}/\d{6})(?!\d)"),
    ("jprn", r"\b(?P<jprn>JPRN-[A-Za-z]{3,9}\d{6,12})(?!\d)"),
    ("umin", r"\bUMIN(?:-CTR)?[\s:]?(?P<umin>\d{9})(?!\d)"),
    ("jrct", r"\b(?P<jrct>jRCT[a-z]?\d{10})(?!\d)"),
    ("kct", r"\b(?P<kct>KCT\d{7})(?!\d)"),
    ("irct", r"\b(?P<irct>IRCT\d{8,16}(?:N\d{1,3})?)(?![\dN])"),
    ("pactr", r"\b(?P<pactr>PACTR\d{15,16})(?!\d)"),
    ("ntr", r"\b(?P<ntr>NTR\s?\d{3,5})(?!\d)"),
    ("nl", r"\b(?P<nl>NL-OMON\d{4,6}|NL\d{4,5})(?!\d)"),
    ("rbr", r"\b(?P<rbr>RBR-[0-9a-z]{6,8})\b"),
    ("tctr", r"\b(?P<tctr>TCTR\d{11})(?!\d)"),
    ("slctr", r"\b(?P<slctr>SLCTR/\d{4}/\d{3})(?!\d)"),
    ("crd", r"\bCRD\s?(?P<crd>42\d{9})(?!\d)"),
]
# Each id contains its registry's prefix: a substring test per prefix decides cheaply
# which patterns need a regex pass at all (most abstracts hold no id).
_PREFIX = {
    "nct": "NCT",
    "isrctn": "ISRCTN",
    "chictr": "ChiCTR",
    "actrn": "ACTRN",
    "drks": "DRKS",
    "eudract": "Eudra",
    "euctr": "EUCTR",
    "ctri": "CTRI",
    "jprn": "JPRN",
    "umin": "UMIN",
    "jrct": "jRCT",
    "kct": "KCT",
    "irct": "IRCT",
    "pactr": "PACTR",
    "ntr": "NTR",
    "nl": "NL",
    "rbr": "RBR",
    "tctr": "TCTR",
    "slctr": "SLCTR",
    "crd": "CRD",
}
_PATTERNS = {name: (_PREFIX[name], re.compile(pattern)) for name, pattern in _REGISTRY_PATTERNS}
REGISTRY_PREFIXES: tuple[str, ...] = tuple(_PREFIX.values())
# Whether a text holds any of the prefixes: one scan instead of twenty substring tests.
ANY_REGISTRY_PREFIX = re.compile("|".join(re.escape(prefix) for prefix in REGISTRY_PREFIXES))
# A Dutch "NL1234" is only an id where the record names the Dutch register.
_DUTCH_REGISTER = re.compile(r"trialregister\.nl|Netherlands\s+Trial\s+Regist|\bNTR\b|\bLTR\b", re.I)
# Words that say the id is this study's registration, just before it.
_REGISTRATION_CONTEXT = re.compile(
    r"regist|clinicaltrials\.gov|controlled\s+trials|identifier|trial\s+(?:no|number)|\bid\b|protocol|prospero",
    re.IGNORECASE,
)

_DOI = re.compile(r"\b10\.\d{4,9}/[^\s\"<>{}|\\^`]+")
_DOI_LABEL = re.compile(r"(?:\bdoi\b\s*:?\s*|doi\.org/)$", re.IGNORECASE)
# Headings after which a page lists other papers: their DOIs are not the record's.
_OTHER_PAPERS = re.compile(
    r"^\s*(?:references?|bibliography|literature\s+cited|works\s+cited|cited\s+by|citations?"
    r"|similar\s+(?:articles|datasets|studies|papers)|related\s+(?:articles|papers|content)"
    r"|recommended\s+articles|see\s+also)\s*:?\s*$",
    re.IGNORECASE | re.MULTILINE,
)


@dataclass(frozen=True, slots=True)
class Found:
    """An identifier in the text: canonical value, span, and how sure the shape makes us."""

    value: str
    start: int
    end: int
    confidence: float


def _canonical(kind: str, raw: str) -> str:
    raw = re.sub(r"\s+", "", raw)
    prefixes = {
        "nct": "NCT",
        "isrctn": "ISRCTN",
        "actrn": "ACTRN",
        "drks": "DRKS",
        "crd": "CRD",
        "umin": "UMIN",
    }
    if kind in prefixes:
        return prefixes[kind] + raw
    if kind == "eudract":
        return "EudraCT " + raw
    if kind == "euctr":
        return "EUCTR" + raw.upper()
    if kind in ("chictr", "jrct", "rbr"):
        return raw
    return raw.upper()


def registry_ids(text: str) -> list[Found]:
    """Every registration id in `text`, first occurrence of each, in text order."""
    out: list[Found] = []
    if ANY_REGISTRY_PREFIX.search(text) is None:
        return out  # one scan for all prefixes: 1 text in 20 holds one, and 20 substring tests cost 10 us
    matches = [
        (match, kind)
        for kind, (prefix, pattern) in _PATTERNS.items()
        if prefix in text
        for match in pattern.finditer(text)
    ]
    matches.sort(key=lambda item: item[0].start())
    seen: set[str] = set()
    dutch: bool | None = None
    for match, kind in matches:
        if kind == "nl":
            if dutch is None:
                dutch = bool(_DUTCH_REGISTER.search(text))
            if not dutch:
                continue
        value = _canonical(kind, match.group(kind))
        if value.upper() in seen:
            continue
        seen.add(value.upper())
        before = text[max(0, match.start() - 80) : match.start()]
        confidence = 0.95 if _REGISTRATION_CONTEXT.search(before) else 0.85
        if kind == "crd":
            confidence = round(confidence - 0.15, 2)
        out.append(Found(value, match.start(), match.end(), confidence))
    return out


def _trim_doi(raw: str) -> str:
    """A DOI without the sentence punctuation or closing bracket that follows it in prose."""
    while raw and raw[-1] in ".,;:'\"”’":
        raw = raw[:-1]
    for opening, closing in (("(", ")"), ("[", "]")):
        while raw.endswith(closing) and raw.count(closing) > raw.count(opening):
            raw = raw[:-1]
            while raw and raw[-1] in ".,;:":
                raw = raw[:-1]
    return raw


def own_doi_region_end(text: str) -> int:
    """Where the list of other papers (references, similar or citing articles) begins."""
    match = _OTHER_PAPERS.search(text)
    return match.start() if match else len(text)


def dois(text: str, head_end: int | None = None) -> list[Found]:
    """DOIs that may be the record's own, best first.

    A labelled DOI ("doi:", "doi.org/") or one standing on a line of its own before
    the abstract (`head_end`) is the page's citation; a bare DOI in running text is
    less certain, and less so when the page shows several different ones.
    """
    limit = own_doi_region_end(text)
    found: list[Found] = []
    seen: set[str] = set()
    for match in _DOI.finditer(text, 0, limit):
        value = _trim_doi(match.group()).lower()
        if value in seen or "/" not in value[3:]:
            continue
        seen.add(value)
        start = match.start()
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", start)
        line_end = len(text) if line_end < 0 else line_end
        own_line = not text[line_start:start].strip(" -•*") and line_end - start <= len(value) + 2
        labelled = bool(_DOI_LABEL.search(text[max(0, start - 20) : start]))
        if labelled or (own_line and head_end is not None and start < head_end):
            confidence = 0.9
        elif own_line:
            confidence = 0.75
        else:
            confidence = 0.6
        found.append(Found(value, start, start + len(value), confidence))
    if len(found) > 1:
        found = [
            Found(f.value, f.start, f.end, f.confidence if f.confidence >= 0.9 else f.confidence - 0.2)
            for f in found
        ]
    found.sort(key=lambda f: (-f.confidence, f.start))
    return found
