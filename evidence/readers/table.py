"""CSV/TSV exports: any table with a title or an abstract column.

Every database and screening tool writes its own column names (Embase "Author
Names", Zotero "Abstract Note", OpenAlex "display_name", Scopus "Source title"),
its own delimiter (Excel in many locales saves with ";") and sometimes a preamble
(Embase writes the search query above the header). So nothing is assumed: each
candidate delimiter is tried, the header is the first row that names a known title
or abstract column, and columns are mapped through a synonym table built from the
real exports in tests/fixtures/corpus/csv. The same table maps JSON Lines keys.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator, Sequence
from urllib.parse import unquote

from evidence.model import InputError, Metadata, ParsedRecord
from evidence.source import SourceFile

# Canonical field -> column names (normalised by `column_key`), best first. A row
# takes the first non-empty cell among its columns, so OpenAlex's empty "title"
# falls back to "display_name", and a missing year to the publication date.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "title": (
        "title",
        "article title",
        "document title",
        "primary title",
        "study title",
        "item title",
        "ti",
        "t1",
        "display name",
    ),
    "abstract": (
        "abstract",
        "abstract note",
        "abstractnote",
        "abstract text",
        "ab",
        "n2",
        "brief summary",
        "summary",
    ),
    "authors": (
        "authors",
        "author",
        "author names",
        "author(s)",
        "au",
        "a1",
        "first authors",
        "authorships.author.display name",
        "authorships.raw author name",
        "author full names",
    ),
    # Full names before abbreviations; Embase/Cochrane "Source" last because in
    # Scopus it names the database and in Embase it is a whole citation.
    "journal": (
        "source title",
        "journal title",
        "journal name",
        "publication title",
        "journal",
        "secondary title",
        "journal/book",
        "publication name",
        "publication",
        "primary location.source.display name",
        "host venue.display name",
        "host venue",
        "jf",
        "t2",
        "jo",
        "so",
        "source",
    ),
    "year": ("year", "publication year", "published year", "year published", "pubyear", "py", "y1"),
    "date": (
        "date",
        "publication date",
        "date of publication",
        "published date",
        "pubdate",
        "dp",
    ),
    "doi": ("doi", "ids.doi", "di", "do", "doi link"),
    "links": ("full text link", "open url link", "link", "url", "ur", "l2", "doi url"),
    "pmid": ("pmid", "pubmed id", "medline pmid", "pubmedid", "pm", "ids.pmid"),
    "registry": (
        "clinical trial numbers",
        "ctgov id",
        "ictrp id",
        "nct number",
        "trial registration",
        "trial registration number",
        "registry id",
        "registry ids",
        "registration number",
    ),
    "native_id": (
        "record id",
        "ut",
        "id",
        "key",
        "covidence #",
        "central id",
        "accession number",
        "eid",
        "(internal) id",
        "an",
        "pui",
        "embase accession id",
        "ids.openalex",
        "unique id",
    ),
    "keywords": (
        "keywords",
        "author keywords",
        "kw",
        "de",
        "keywords.display name",
        "manual tags",
        "subjects",
        "index keywords",
    ),
}
# Fields read from every matching column rather than the first non-empty one.
_ALL_COLUMNS = frozenset({"links", "registry"})
_RANK: dict[str, tuple[str, int]] = {
    name: (field, rank) for field, names in SYNONYMS.items() for rank, name in enumerate(names)
}

_DELIMITERS = (",", ";", "\t", "|")
_MAX_PREAMBLE_ROWS = 30
_MAX_ROW_WARNINGS = 5
_SNIFF_CHARS = 2_000_000
_MISSING = frozenset({"", "nan", "none", "null"})

_SPACE = re.compile(r"\s+")
_EXCEL_FORMULA = re.compile(r'^="(.*)"$', re.DOTALL)
_YEAR = re.compile(r"(?<!\d)(1[5-9]\d\d|20\d\d)(?!\d)")
_CITATION_YEAR = re.compile(r"^(.+?)\s*\((1[5-9]\d\d|20\d\d)\)")
_DOI = re.compile(r"10\.\d{3,9}(?:\.\d+)*/[^\s|\"'<>]+")
_DOI_IN_LINK = re.compile(r"(?:doi\.org/|\bdoi[:=]\s*)(10\.\d{3,9}(?:\.\d+)*/[^\s&#?\"'<>]+)", re.I)
_NEXT_DOI = re.compile(r"[;,]\s*(?:doi:\s*)?10\.\d")
_PMID = re.compile(r"(?<!\d)(\d{1,9})(?!\d)")
_QUOTED_ITEM = re.compile(r"'((?:[^'\\]|\\.)*)'|\"((?:[^\"\\]|\\.)*)\"")
_COMMA_OUTSIDE_PARENS = re.compile(r",\s*(?![^()]*\))")
_REGISTRY = re.compile(
    r"(?<![A-Za-z0-9])("
    r"NCT\d{8}|ISRCTN\d{8}|ACTRN\d{14}|ChiCTR[-A-Za-z]*\d+|DRKS\d{8}|CTRI/\d{4}/\d+/\d+"
    r"|EUCTR\d{4}-\d{6}-\d{2}(?:-[A-Z]{2})?|\d{4}-\d{6}-\d{2}|IRCT\w*\d+|JPRN-\w+|UMIN\d{9}"
    r"|jRCT\w*\d+|KCT\d{7}|NTR\d{3,5}|NL-OMON\d+|NL\d{4,}|PACTR\d{15,}|TCTR\d{11}"
    r"|SLCTR/\d{4}/\d+|RBR-\w+|PER-\d{3}-\d{2}|CRD\d{11}|LBCTR\d+|ITMCTR\d+|RPCEC\d+"
    r"|[A-Z]{2,10}[-/]?\d[\d-]{4,}\d"
    r")(?![A-Za-z0-9])",
    re.IGNORECASE,
)


def column_key(name: str) -> str:
    """The form a column name is compared in: "Abstract_Note " and "abstract note" are one."""
    name = name.replace("\ufeff", "").strip().strip('"').casefold().replace("_", " ")
    return _SPACE.sub(" ", name).strip()


def map_columns(names: Sequence[str]) -> dict[str, list[int]]:
    """Canonical field -> indices of the columns that carry it, best synonym first."""
    found: dict[str, list[tuple[int, int]]] = {}
    for index, name in enumerate(names):
        hit = _RANK.get(column_key(name))
        if hit:
            found.setdefault(hit[0], []).append((hit[1], index))
    return {
        # Fields read from every column keep the file's column order.
        field: [i for _, i in sorted(hits, key=lambda h: h[1] if field in _ALL_COLUMNS else h)]
        for field, hits in found.items()
    }


def _text(value: object) -> str | None:
    """A cell as usable text: stripped, Excel's ="…" unwrapped, pandas' "nan" dropped."""
    if isinstance(value, bool) or value is None:
        return None
    text = str(value).strip() if isinstance(value, (str, int, float)) else None
    if text is None:
        return None
    formula = _EXCEL_FORMULA.match(text)
    if formula:
        text = formula.group(1).strip()
    return None if text.casefold() in _MISSING else text


def _one_line(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _quoted_list(text: str) -> list[str] | None:
    """Items of a Python/JSON list literal such as "['Marx, Karl', 'Lindgren, Astrid']"."""
    if not (text.startswith("[") and text.endswith("]")):
        return None
    items = (a or b for a, b in _QUOTED_ITEM.findall(text))
    items = (item.replace("\\'", "'").replace('\\"', '"').strip() for item in items)
    return [item for item in items if item]


def _is_initials(token: str) -> bool:
    letters = token.replace(".", "").replace("-", "")
    return 0 < len(letters) <= 4 and letters.isalpha() and letters.isupper()


def split_authors(text: str) -> list[str]:
    """Author names as written, whatever the export's separator.

    Separators differ by tool: ";" (Scopus, Covidence, Zotero), "|" (OpenAlex),
    " and " (Rayyan, abstrackr; BibTeX heritage), ", " between "Surname Initials"
    names (Embase, PubMed). A comma is only a separator when every part ends in
    initials, so "Curry Rogers, Kristina" stays one name.
    """
    listed = _quoted_list(text)
    if listed is not None:
        return listed
    text = _one_line(text)
    if ";" in text:
        parts = text.split(";")
    elif "|" in text:
        parts = text.split("|")
    elif " and " in text and all("," in p for p in text.split(" and ")):
        parts = text.split(" and ")
    else:
        parts = [p.strip() for p in text.split(",")]
        if len(parts) < 2 or not all(" " in p and _is_initials(p.rsplit(" ", 1)[1]) for p in parts):
            return [text] if text else []
        # PubMed ends its list with a period ("…, O'Connor RE."): not part of a name
        # when no other name has one.
        if parts[-1].endswith(".") and not any("." in p for p in parts[:-1]):
            parts[-1] = parts[-1][:-1]
    return [name for name in (p.strip() for p in parts) if name]


def split_keywords(text: str) -> list[str]:
    listed = _quoted_list(text)
    if listed is not None:
        return listed
    for separator in (";", "|", "\n"):
        if separator in text:
            parts = text.split(separator)
            break
    else:
        parts = _COMMA_OUTSIDE_PARENS.split(text)
    return [word for word in (p.strip() for p in parts) if word]


def normalize_doi(value: str) -> str | None:
    """The first DOI in a cell, lower case, without URL/"doi:" prefixes or trailing punctuation."""
    text = value.strip()
    if "%2f" in text.casefold():
        text = unquote(text)
    match = _DOI.search(text)
    if not match:
        return None
    doi = match.group(0)
    following = _NEXT_DOI.search(doi)
    if following:
        doi = doi[: following.start()]
    doi = doi.rstrip(".,;:")
    while doi[-1] in ")]" and doi.count(doi[-1]) > doi.count("(" if doi[-1] == ")" else "["):
        doi = doi[:-1].rstrip(".,;:")
    return doi.lower()


def doi_from_link(link: str) -> str | None:
    """A DOI inside a link (doi.org URL, OpenURL "id=doi:…", Scopus "doi=…"), if any."""
    match = _DOI_IN_LINK.search(unquote(link))
    return normalize_doi(match.group(1)) if match else None


def parse_pmid(value: object) -> str | None:
    text = _text(value)
    match = _PMID.search(text) if text else None
    if not match or int(match.group(1)) == 0:
        return None
    return str(int(match.group(1)))


def parse_year(value: object) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 1500 <= value <= 2099 else None
    text = _text(value)
    match = _YEAR.search(text) if text else None
    return int(match.group(1)) if match else None


def registry_ids(values: Sequence[object]) -> list[str]:
    """Registry ids from dedicated columns ("CTgov ID", "Clinical Trial Numbers"), upper case."""
    found: list[str] = []
    for value in values:
        items = value if isinstance(value, list) else [value]
        for item in items:
            text = _text(item)
            for match in _REGISTRY.finditer(text or ""):
                rid = match.group(1).upper()
                if rid not in found:
                    found.append(rid)
    return found


def _first_text(values: Sequence[object]) -> str | None:
    for value in values:
        if isinstance(value, list):
            value = next((v for v in value if _text(v)), None)
        text = _text(value)
        if text:
            return text
    return None


def _flat(values: Sequence[object]) -> list[object]:
    """Candidate values with JSON lists opened up: {"doi": ["10.1/x"]} reads like "10.1/x"."""
    flat: list[object] = []
    for value in values:
        flat.extend(value if isinstance(value, list) else [value])
    return flat


def _body(values: Sequence[object]) -> str:
    """The first non-empty abstract; a JSON list of paragraphs is joined as paragraphs."""
    for value in values:
        if isinstance(value, list):
            text = "\n\n".join(t for t in (_text(v) for v in value) if t)
        else:
            text = _text(value) or ""
        if text:
            return text
    return ""


def _names(values: Sequence[object], split: Callable[[str], list[str]]) -> list[str]:
    for value in values:
        if isinstance(value, list):
            names = [t for t in (_text(v) for v in value) if t]
        else:
            text = _text(value)
            names = split(text) if text else []
        if names:
            return names
    return []


def build_metadata(values: dict[str, list[object]], warn: Callable[[str], None]) -> tuple[Metadata, str]:
    """Metadata and body from canonical field -> candidate values (best first).

    Shared by the CSV and JSON Lines readers, so a column and a key with the same
    name mean the same thing in both.
    """
    meta = Metadata()
    title = _first_text(values.get("title", []))
    meta.title = _one_line(title) if title else None
    body = _body(values.get("abstract", []))
    meta.authors = _names(values.get("authors", []), split_authors)
    journal = _first_text(values.get("journal", []))
    citation = _CITATION_YEAR.match(journal) if journal else None
    if journal:
        meta.journal = _one_line(citation.group(1) if citation else journal)
    year_values = _flat(values.get("year", []) + values.get("date", []))
    for value in year_values:
        meta.year = parse_year(value)
        if meta.year is not None:
            break
    if meta.year is None:
        if citation:
            meta.year = int(citation.group(2))
        else:
            stated = _first_text(year_values)
            if stated:
                warn(f"year {stated[:40]!r} not understood")
    stated_doi = _first_text(values.get("doi", []))
    for value in _flat(values.get("doi", [])):
        text = _text(value)
        meta.doi = normalize_doi(text) if text else None
        if meta.doi:
            break
    else:
        if stated_doi:
            warn(f"DOI {stated_doi[:40]!r} not understood")
        for value in _flat(values.get("links", [])):
            text = _text(value)
            meta.doi = doi_from_link(text) if text else None
            if meta.doi:
                break
    for value in _flat(values.get("pmid", [])):
        meta.pmid = parse_pmid(value)
        if meta.pmid:
            break
    meta.registry_ids = registry_ids(values.get("registry", []))
    native_id = _first_text(values.get("native_id", []))
    if native_id:
        meta.extra["native_id"] = native_id
    keywords = _names(values.get("keywords", []), split_keywords)
    if keywords:
        meta.extra["keywords"] = keywords
    return meta, body


class _Lines:
    """Feeds csv.reader line by line and counts characters, so each row knows its offsets."""

    def __init__(self, text: str) -> None:
        self._lines = io.StringIO(text, newline="")
        self.pos = 0
        self.count = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = self._lines.readline()
        if not line:
            raise StopIteration
        self.pos += len(line)
        self.count += 1
        return line


def _rows(text: str, delimiter: str) -> tuple[_Lines, Iterator[list[str]]]:
    lines = _Lines(text)
    return lines, csv.reader(lines, delimiter=delimiter, quotechar='"', strict=False)


def _delimiter_order(text: str) -> list[str]:
    """Candidate delimiters, likeliest first: csv.Sniffer on the first line, then counts."""
    head_lines = [line for line in text[:65536].splitlines()[:8] if line.strip()]
    head = "\n".join(head_lines)
    order = sorted(_DELIMITERS, key=lambda d: -head.count(d))
    if head_lines:
        try:
            sniffed = csv.Sniffer().sniff(head_lines[0][:8192], delimiters="".join(_DELIMITERS))
            order.remove(sniffed.delimiter)
            order.insert(0, sniffed.delimiter)
        except (csv.Error, ValueError):
            pass
    return order


def _find_header(text: str, delimiter: str) -> tuple[int, list[str], int] | None:
    """(rows before the header, header, score) for the first row naming a title/abstract column."""
    _, rows = _rows(text, delimiter)
    try:
        for index, row in enumerate(rows):
            if index >= _MAX_PREAMBLE_ROWS:
                return None
            fields = map_columns(row)
            if "title" in fields or "abstract" in fields:
                return index, row, len(fields)
    except csv.Error:
        return None
    return None


def _first_row(text: str, delimiter: str) -> list[str]:
    _, rows = _rows(text, delimiter)
    try:
        return next((row for row in rows if any(c.strip() for c in row)), [])
    except csv.Error:
        return []


def _describe(columns: list[str]) -> str:
    shown = [_one_line(c)[:40] for c in columns[:12]]
    return ", ".join(shown) + (", …" if len(columns) > 12 else "")


def _raise_field_limit(size: int) -> None:
    """Let one cell be as large as the file: Scopus reference lists exceed the 128 KB default."""
    wanted = min(size + 16, 2**31 - 1)
    if csv.field_size_limit() < wanted:
        csv.field_size_limit(wanted)


def read(source: SourceFile) -> Iterator[ParsedRecord]:
    """Rows of a CSV/TSV export as records; see the module docstring for how columns are found."""
    text = source.text
    if not text.strip():
        raise InputError("empty file")
    _raise_field_limit(len(text))
    sample = text[:_SNIFF_CHARS]
    order = _delimiter_order(sample)
    best: tuple[int, int, str, int, list[str]] | None = None
    for rank, delimiter in enumerate(order):
        found = _find_header(sample, delimiter)
        if found and (best is None or (found[2], -rank) > (best[0], best[1])):
            best = (found[2], -rank, delimiter, found[0], found[1])
    if best is None:
        columns = _first_row(sample, order[0])
        raise InputError(f"no title or abstract column (columns: {_describe(columns)})")
    _, _, delimiter, skip, header = best
    yield from _records(source, delimiter, skip, header)


def _records(source: SourceFile, delimiter: str, skip: int, header: list[str]) -> Iterator[ParsedRecord]:
    text = source.text
    fields = map_columns(header)
    body_columns = set(fields.get("title", []) + fields.get("abstract", []))
    width = len(header)
    lines, rows = _rows(text, delimiter)
    count = longer = skipped = 0
    start = line = 0
    try:
        for index, row in enumerate(rows):
            end = lines.pos
            row_start, start = start, end
            line, row_line = lines.count, line + 1
            if index <= skip or not any(cell.strip() for cell in row):
                continue
            if row == header or (len(row) == 1 and width > 2 and 0 not in body_columns):
                # A repeated header (exports pasted together) or a one-cell note such as
                # abstrackr's "citations that are not yet labeled by anyone".
                skipped += 1
                if skipped <= _MAX_ROW_WARNINGS:
                    what = "the header again" if row == header else repr(_one_line(row[0])[:60])
                    source.warn(f"line {row_line}: skipped {what} (not a record)")
                continue
            longer += len(row) > width
            count += 1
            values = {field: [row[i] for i in cols if i < len(row)] for field, cols in fields.items()}

            def warn(message: str, number: int = count) -> None:
                source.warn(f"record {number}: {message}")

            meta, body = build_metadata(values, warn)
            while end > row_start and text[end - 1] in "\r\n":
                end -= 1
            yield ParsedRecord(meta=meta, body=body, raw_start=row_start, raw_end=end)
    except csv.Error as exc:
        if not count:
            raise InputError(f"not a readable table: {exc}") from None
        source.warn(f"stopped after record {count}: {exc}")
    if skipped > _MAX_ROW_WARNINGS:
        source.warn(f"{skipped - _MAX_ROW_WARNINGS} more rows skipped that were not records")
    if longer:
        source.warn(f"{longer} rows have more cells than the header; the extra cells were ignored")
    if not count:
        raise InputError("a header but no rows below it")
