"""PubMed XML (efetch / "Send to: File, XML"): PubmedArticle and PubmedBookArticle records.

The XML carries inline markup (<i>, <sub>, MathML) inside titles and abstracts, and
exports are often pretty-printed, so a line break before an inline element may
stand for a space ("the\\n    <i>APOE</i> locus") or for nothing ("(\\n  <i>APOE</i>)",
"β\\n  <sub>2</sub>"). Markup is flattened to its text, and layout white space at
element boundaries is resolved from the characters around it.

Identifiers are read only from the record's own id lists: a PubmedArticle also
holds its reference list, whose ArticleIdLists name other papers.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator

from evidence.model import InputError, Metadata, ParsedRecord
from evidence.readers._structured import (
    dedupe,
    first_doi,
    first_year,
    local_name,
    parse_xml,
    registry_id,
    squash,
)
from evidence.readers._tagged import REGISTRY_BANKS
from evidence.source import SourceFile

_ROOTS = {"PubmedArticleSet", "PubmedBookArticleSet", "PubmedArticle", "PubmedBookArticle"}
_RECORDS = {"PubmedArticle", "PubmedBookArticle"}
_SCRIPTS = {"sub", "sup"}
_OPENERS = "([{/-"
_CLOSERS = ")]},.;:!?%"

# A flattened element is a sequence of text pieces and element boundaries.
_Token = tuple[str, str]  # ("text", s) | ("open", name) | ("close", name) | ("math", s)


def _tokens(elem: ET.Element) -> list[_Token]:
    """The element's content as tokens, walked without recursion (nesting depth is input)."""
    out: list[_Token] = [("text", elem.text)] if elem.text else []
    stack = [iter(elem)]
    closing: list[tuple[str, str | None]] = []  # (name, tail) of each open child
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            if closing:
                name, tail = closing.pop()
                out.append(("close", name))
                if tail:
                    out.append(("text", tail))
            continue
        name = local_name(child.tag)
        if name == "math":
            # MathML layout white space separates nothing: <mi>η</mi><mi>p</mi> reads "ηp".
            out.append(("math", "".join(part.strip() for part in child.itertext())))
        if name in ("math", ""):
            if child.tail:
                out.append(("text", child.tail))
            continue
        out.append(("open", name))
        if child.text:
            out.append(("text", child.text))
        stack.append(iter(child))
        closing.append((name, child.tail))
    return out


def _junction(before: str, prev: _Token | None, nxt: _Token | None, after: str) -> str:
    """What a layout line break between two pieces stands for: a space or nothing."""
    if prev is None or nxt is None or prev[0] == "open" or nxt[0] == "close":
        return ""
    if nxt[0] == "open" and nxt[1] in _SCRIPTS:
        return ""
    if before and before[-1] in _OPENERS:
        return ""
    if after and after[0] in _CLOSERS:
        return ""
    return " "


def flatten(elem: ET.Element | None) -> str:
    """An element's text with inline markup removed and layout white space resolved."""
    if elem is None:
        return ""
    tokens = _tokens(elem)
    out: list[str] = []
    last = ""  # the last character written, for _junction

    def emit(piece: str) -> None:
        nonlocal last
        if piece:
            out.append(piece)
            last = piece[-1]

    for index, (kind, value) in enumerate(tokens):
        if kind == "math":
            emit(value)
        if kind != "text":
            continue
        prev = tokens[index - 1] if index else None
        nxt = tokens[index + 1] if index + 1 < len(tokens) else None
        after_next = nxt[1] if nxt and nxt[0] == "math" else ""
        core = value.strip()
        lead = value[: len(value) - len(value.lstrip())]
        trail = value[len(value.rstrip()) :]
        if not core:
            if "\n" in value:
                emit(_junction(last, prev, nxt, after_next))
            elif prev is not None and nxt is not None:
                emit(value)
            continue
        if "\n" in core:  # a line break inside the text is layout too
            core = " ".join(line.strip() for line in core.split("\n") if line.strip())
        emit(_junction(last, prev, ("text", core), core) if "\n" in lead else lead)
        emit(core)
        emit(_junction(last, ("text", core), nxt, after_next) if "\n" in trail else trail)
    return "".join(out).strip()


def _text(parent: ET.Element | None, path: str) -> str:
    """One-line text of the first element at `path`, markup flattened."""
    if parent is None:
        return ""
    return squash(flatten(parent.find(path)))


def _author(author: ET.Element) -> str:
    collective = _text(author, "CollectiveName")
    if collective:
        return collective
    first = _text(author, "ForeName") or _text(author, "Initials")
    parts = [first, _text(author, "LastName"), _text(author, "Suffix")]
    return " ".join(part for part in parts if part)


def _authors(lists: list[ET.Element]) -> list[str]:
    """Names from the first author list that is not an editors list."""
    for author_list in lists:
        if author_list.get("Type", "authors").lower() != "authors":
            continue
        names = [_author(a) for a in author_list.findall("Author")]
        names = [n for n in names if n]
        if names:
            return names
    return []


def _abstract(abstract: ET.Element | None) -> str:
    """Abstract parts as paragraphs, labelled parts as "LABEL: text"."""
    if abstract is None:
        return ""
    paragraphs: list[str] = []
    for part in abstract.findall("AbstractText"):
        text = flatten(part)
        label = squash(part.get("Label"))
        if not text:
            continue
        if label and label.upper() != "UNLABELLED":
            text = f"{label}: {text}"
        paragraphs.append(text)
    return "\n\n".join(paragraphs)


def _doi(elocations: list[ET.Element], id_lists: list[ET.Element | None]) -> str | None:
    for eloc in elocations:
        if eloc.get("EIdType", "").lower() == "doi" and (doi := first_doi(eloc.text)):
            return doi
    for id_list in id_lists:
        if id_list is None:
            continue
        for article_id in id_list.findall("ArticleId"):
            if article_id.get("IdType", "").lower() == "doi" and (doi := first_doi(article_id.text)):
                return doi
    return None


def _pmid(pmid_elem: ET.Element | None, id_lists: list[ET.Element | None]) -> str | None:
    value = squash(pmid_elem.text if pmid_elem is not None else "")
    if not value:
        for id_list in id_lists:
            for article_id in [] if id_list is None else id_list.findall("ArticleId"):
                if article_id.get("IdType", "").lower() == "pubmed":
                    value = squash(article_id.text)
                    break
            if value:
                break
    return value if value.isdigit() else None


def _registry_ids(article: ET.Element | None) -> list[str]:
    ids: list[str] = []
    if article is None:
        return ids
    for bank in article.findall("DataBankList/DataBank"):
        name = _text(bank, "DataBankName").lower()
        for accession in bank.findall("AccessionNumberList/AccessionNumber"):
            value = squash(accession.text)
            found = registry_id(value)
            if found:
                ids.append(found)
            elif value and name in REGISTRY_BANKS:
                ids.append(value.upper())
    return dedupe(ids)


def _keywords(holder: ET.Element | None) -> list[str]:
    if holder is None:
        return []
    words = [squash(flatten(k)) for k in holder.findall("KeywordList/Keyword")]
    words += [squash(flatten(d)) for d in holder.findall("MeshHeadingList/MeshHeading/DescriptorName")]
    return dedupe(words)


def _year(
    pub_date: ET.Element | None, article_dates: list[ET.Element], note: Callable[[str], None]
) -> int | None:
    """PubDate year, else the MedlineDate's first year, else the electronic ArticleDate's."""
    raw = ""
    if pub_date is not None:
        raw = _text(pub_date, "Year") or _text(pub_date, "MedlineDate")
        if year := first_year(raw):
            return year
    for article_date in article_dates:
        if year := first_year(_text(article_date, "Year")):
            return year
    if raw:
        note(f"no year in publication date {raw!r}")
    return None


def _extra(pmid: str | None, pub_types: list[ET.Element], keywords: list[str]) -> dict[str, object]:
    extra: dict[str, object] = {}
    types = dedupe([squash(flatten(t)) for t in pub_types])
    if types:
        extra["publication_types"] = types
    if keywords:
        extra["keywords"] = keywords
    if pmid:
        extra["native_id"] = pmid
    return extra


def _article(record: ET.Element, note: Callable[[str], None]) -> ParsedRecord:
    citation = record.find("MedlineCitation")
    article = citation.find("Article") if citation is not None else None
    id_lists = [record.find("PubmedData/ArticleIdList")]
    pmid = _pmid(citation.find("PMID") if citation is not None else None, id_lists)
    title = _text(article, "ArticleTitle") or _text(article, "VernacularTitle")
    journal = _text(article, "Journal/Title") or _text(article, "Journal/ISOAbbreviation")
    journal = journal or _text(citation, "MedlineJournalInfo/MedlineTA")
    year = _year(
        article.find("Journal/JournalIssue/PubDate") if article is not None else None,
        article.findall("ArticleDate") if article is not None else [],
        note,
    )
    meta = Metadata(
        title=title or None,
        authors=_authors(article.findall("AuthorList") if article is not None else []),
        journal=journal or None,
        year=year,
        doi=_doi(article.findall("ELocationID") if article is not None else [], id_lists),
        pmid=pmid,
        registry_ids=_registry_ids(article),
        extra=_extra(
            pmid,
            article.findall("PublicationTypeList/PublicationType") if article is not None else [],
            _keywords(citation),
        ),
    )
    body = _abstract(article.find("Abstract") if article is not None else None)
    return ParsedRecord(meta=meta, body=body)


def _book_article(record: ET.Element, note: Callable[[str], None]) -> ParsedRecord:
    document = record.find("BookDocument")
    book = document.find("Book") if document is not None else None
    id_lists = [
        document.find("ArticleIdList") if document is not None else None,
        record.find("PubmedBookData/ArticleIdList"),
    ]
    pmid = _pmid(document.find("PMID") if document is not None else None, id_lists)
    chapter_title = _text(document, "ArticleTitle")
    book_title = _text(book, "BookTitle")
    # A chapter is published "in" its book; a whole book by its publisher.
    if chapter_title:
        title, journal = chapter_title, book_title or _text(book, "Publisher/PublisherName")
    else:
        title, journal = book_title, _text(book, "Publisher/PublisherName")
    author_lists = (document.findall("AuthorList") if document is not None else []) + (
        book.findall("AuthorList") if book is not None else []
    )
    elocations = (document.findall("ELocationID") if document is not None else []) + (
        book.findall("ELocationID") if book is not None else []
    )
    year = _year(book.find("PubDate") if book is not None else None, [], note)
    meta = Metadata(
        title=title or None,
        authors=_authors(author_lists),
        journal=journal or None,
        year=year,
        doi=_doi(elocations, id_lists),
        pmid=pmid,
        extra=_extra(
            pmid,
            document.findall("PublicationType") if document is not None else [],
            _keywords(document),
        ),
    )
    body = _abstract(document.find("Abstract") if document is not None else None)
    return ParsedRecord(meta=meta, body=body)


def _records(root: ET.Element) -> list[ET.Element]:
    name = local_name(root.tag)
    if name not in _ROOTS:
        raise InputError(f"not PubMed XML: root element <{name}>")
    if name in _RECORDS:
        return [root]
    return [child for child in root if local_name(child.tag) in _RECORDS]


def read(source: SourceFile) -> Iterator[ParsedRecord]:
    root = parse_xml(source)
    records = _records(root)
    if not records:
        raise InputError("no PubmedArticle or PubmedBookArticle records")
    for number, record in enumerate(records, start=1):
        build = _article if local_name(record.tag) == "PubmedArticle" else _book_article
        parsed = build(record, lambda message, n=number: source.warn(f"record {n}: {message}"))
        if not parsed.meta.title and not parsed.body:
            source.warn(f"record {number}: no title or abstract")
        yield parsed
