"""What the line-tagged readers (RIS, MEDLINE, Web of Science) share.

These formats state years, DOIs and PubMed ids in free-text fields written by many
different exporters ("2020//", "2019 Mar 5", "http://dx.doi.org/10.x/y", "PUBMED 123").
The helpers here read them the same way in every tagged format, and stay free of
XML and JSON imports so a run over RIS files loads nothing it does not use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
_DOI = re.compile(r"10\.\d{4,9}/[^\s\"<>]+")
# NLM's data bank names of trial registries, lower case: MEDLINE's SI field (the part
# before the slash) and PubMed XML's DataBankName both use them; other banks (GenBank,
# PDB, figshare, Dryad, ...) hold data-set accessions, not study registrations.
REGISTRY_BANKS = frozenset(
    {
        "clinicaltrials.gov",
        "isrctn",
        "anzctr",
        "chictr",
        "cris",
        "ctri",
        "drks",
        "eudract",
        "irct",
        "jprn",
        "ntr",
        "pactr",
        "rebec",
        "rpcec",
        "slctr",
        "tctr",
        "umin ctr",
        "umin-ctr",
        "jrct",
    }
)

# A value that is nothing but a DOI, possibly as a resolver link or with a "doi:" prefix.
_DOI_ONLY = re.compile(
    r"(?:https?://(?:dx\.)?doi\.org/|doi:\s*|DOI\s+)?(10\.\d{4,9}/[^\s\"<>]+)", re.IGNORECASE
)
# Where a PubMed id may be stated: "PMID", "PubMed" in any case (found fast, without
# case folding the whole value), then one of the forms below matched right there.
_PMID_HINT = re.compile(r"[Pp](?:[Mm][Ii][Dd]|[Uu][Bb][Mm][Ee][Dd])")
_PMID_AT_HINT = re.compile(
    r"(?:PMID|PUBMED(?:\s*ID)?)\s*[:=]?\s*(\d{1,9})\b"  # "PMID: 123", "PUBMED 123"
    r"|PUBMED\.NCBI\.NLM\.NIH\.GOV/(\d{1,9})\b"  # https://pubmed.ncbi.nlm.nih.gov/123
    r"|PUBMED/(\d{1,9})\b",  # https://www.ncbi.nlm.nih.gov/pubmed/123 (host checked apart)
    re.IGNORECASE,
)
_NCBI_HOST = "ncbi.nlm.nih.gov/"
# White space that may pad a value or a blank line, including stray byte-order marks.
STRIP = " \t\r\n\f\v\ufeff"


def _doi_form(doi: str) -> str | None:
    """Lower case, no trailing punctuation: the form `evidence.records.normalise_doi` gives.

    Kept here so the tagged readers do not import the cleaning stack just to read a file.
    """
    value = doi.rstrip(".,;)]").lower()
    return value if "/" in value else None


def year_of(text: str | None) -> int | None:
    """The first plausible four-digit year in a date field ("2019 Mar 5" -> 2019; "10 15" -> None)."""
    if not text:
        return None
    match = _YEAR.search(text)
    return int(match.group(1)) if match else None


def first_doi(text: str | None) -> str | None:
    """The first DOI anywhere in a field meant for DOIs (it may hold a URL or several DOIs)."""
    if not text:
        return None
    match = _DOI.search(text)
    return _doi_form(match.group(0)) if match else None


def doi_if_only(text: str | None) -> str | None:
    """The DOI when the whole value is one DOI or DOI link; None for prose that mentions one.

    Notes and link fields hold all sorts of things; only a value that is plainly a DOI
    is trusted, so a cited reference's DOI in a note never becomes the record's DOI.
    """
    if not text:
        return None
    match = _DOI_ONLY.fullmatch(text.strip())
    return _doi_form(match.group(1)) if match else None


def stated_pmid(text: str | None) -> str | None:
    """A PubMed id that a field states as one ("PMID: 123", "PUBMED 123", a PubMed link)."""
    if not text:
        return None
    for hint in _PMID_HINT.finditer(text):
        at = hint.start()
        if at and text[at - 1].isalnum():
            continue
        match = _PMID_AT_HINT.match(text, at)
        if match is None:
            continue
        digits = match.group(1) or match.group(2)
        if digits is None:
            if text[max(0, at - len(_NCBI_HOST)) : at].lower() != _NCBI_HOST:
                continue
            digits = match.group(3)
        return digits.lstrip("0") or None
    return None


def first_value(fields: dict[str, list[str]], tags: Iterable[str]) -> str | None:
    """The first non-empty value of the first tag (in priority order) that has one."""
    for tag in tags:
        for value in fields.get(tag, ()):
            if value:
                return value
    return None


def values(fields: dict[str, list[str]], tags: Iterable[str]) -> list[str]:
    """All non-empty values of `tags`, tag by tag, each value once."""
    seen: set[str] = set()
    out: list[str] = []
    for tag in tags:
        for value in fields.get(tag, ()):
            if value and value not in seen:
                seen.add(value)
                out.append(value)
    return out


def content_end(text: str, limit: int, floor: int) -> int:
    """The offset just after the last non-blank character in text[floor:limit].

    Walks back over the white space only, so finding a record's end costs the length of
    the gap after it, never a copy of the text before it.
    """
    while limit > floor and text[limit - 1] in STRIP:
        limit -= 1
    return limit


def record_numbers(numbers: list[int], total: int) -> str:
    """ "record 3" or "records 1, 2, 5, … (61 of 61)": one warning for many alike records."""
    if len(numbers) == 1:
        return f"record {numbers[0]}"
    shown = ", ".join(str(n) for n in numbers[:8])
    more = ", …" if len(numbers) > 8 else ""
    return f"records {shown}{more} ({len(numbers)} of {total})"


def line_number(text: str, offset: int) -> int:
    """1-based line number of `offset`, for warnings (only computed on the rare warning path)."""
    return text.count("\n", 0, offset) + 1


def short(value: str, limit: int = 40) -> str:
    """A value quoted in a warning, cut so one odd field cannot flood the report."""
    return repr(value if len(value) <= limit else value[:limit] + "…")
