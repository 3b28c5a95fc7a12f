"""Plain-text pages: a citation-export page splits at each citation block; other pages are one record."""

from __future__ import annotations

from pathlib import Path

from evidence.model import ParsedRecord
from evidence.readers.textpage import read
from evidence.source import SourceFile


def parse(text: str) -> list[ParsedRecord]:
    source = SourceFile(
        path=Path("page.txt"), name="page.txt", data=text.encode(), text=text, encoding="utf-8"
    )
    return list(read(source))


EXPORT_PAGE = """A made-up first title about drug A in disease B

Journal of Things ◽
2015 ◽
Vol 3 (2) ◽
pp. 10-20 ◽
Author(s):
Ann Example ◽
Bob Sample ◽
...

Abstract We gave drug A to 30 patients.


2016 ◽
Vol 4 (1) ◽
pp. 1-9
Author(s):
Carl Person ◽
Dana Human

Objectives: To test drug C. Results: It worked.


Other Journal ◽
2017 ◽
pp. 0123456789
Author(s):
Eve Writer

Background Something. Conclusion Something else.
"""


def test_export_page_splits_at_each_citation_block() -> None:
    records = parse(EXPORT_PAGE)
    assert len(records) == 3
    first, second, third = records
    assert first.meta.title == "A made-up first title about drug A in disease B"
    assert first.meta.journal == "Journal of Things" and first.meta.year == 2015
    assert first.meta.authors == ["Ann Example", "Bob Sample"]
    assert second.meta.journal is None and second.meta.year == 2016  # journal line may be missing
    assert second.meta.authors == ["Carl Person", "Dana Human"]
    assert third.meta.journal == "Other Journal" and third.meta.authors == ["Eve Writer"]
    assert "30 patients" in first.body and "drug C" in second.body and "Something else" in third.body
    # raw offsets point back into the page
    assert EXPORT_PAGE[second.raw_start : second.raw_end] == second.body


def test_a_page_without_citation_blocks_is_one_record() -> None:
    page = "Some Trial Title\n- Registration Number\n- NCT00000000\n- Brief Summary\nWe will test X.\n"
    [record] = parse(page)
    assert record.body == page and record.body_is_page


def test_the_word_authors_alone_does_not_split_a_page() -> None:
    page = "Title\n\nAuthors:\nA. Person\n\nAbstract text.\n\nMore text.\nAuthors:\nB. Person\n"
    assert len(parse(page)) == 1
