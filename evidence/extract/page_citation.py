"""Title, authors, journal and year written into a saved web page's text.

A page saved as plain text keeps its citation as layout, not fields: a title line
above the abstract, an "Author:" list, a "From: Journal / 2020;41(8):661-665"
block, a "Publications" list of "Surname Given X" names followed by a
"Journal yyyymmdd" line, or a reference-style citation closing the abstract
("... therapy. Bangladesh J Obstet Gynaecol, 2019; Vol. 34(1): 15-21"). Each
rule here reads one of those layouts; each returns candidates with spans, and
the caller uses them only for what the format's metadata lacks.
"""

from __future__ import annotations

import re

from evidence.extract.candidate import Candidate
from evidence.extract.record_text import plain_lower
from evidence.extract.vocab import words
from evidence.model import Record

_YEAR = r"(?:19|20)\d\d"
_LABEL_LINE = re.compile(r"^\s*[-•*]?\s*[A-Z][\w ()/&-]{1,40}:\s*$")
_ABSTRACT_START = re.compile(r"^\s*[-•*]?\s*(?:abstract|summary)\b", re.IGNORECASE | re.MULTILINE)
_TITLE_LABEL = re.compile(r"^\s*[-•*]?\s*(?:Article\s+)?Title\s*:[ \t]*(?P<t>\S[^\n]{8,300})$", re.I | re.M)
# Lines a page header shows that are never a title.
_BOILERPLATE = re.compile(
    r"^(?:sign\s+in|log\s*in|sign\s+up|register|download|export|share|cite|view|full\s+text|pdf"
    r"|open\s+access|dataset\s+information|article\s+information|unknown|skip\s+to)\b",
    re.IGNORECASE,
)
# Sentences that open an abstract, not a title.
_SENTENCE_START = re.compile(
    r"^(?:we|our|this|these|here|in\s+this|in\s+the\s+present|the\s+aim|the\s+purpose|it\s+is)\b",
    re.IGNORECASE,
)
_JOURNAL_NAME = re.compile(
    r"^(?:The\s+)?(?:(?:International|American|British|European|Asian|Chinese|Japanese|Indian|Canadian"
    r"|Australian)\s+)?(?:Journal|Annals|Archives|Proceedings|Bulletin|Acta|Transactions)\b"
)
_FINITE_VERB = re.compile(r"\s(?:is|are|was|were|has|have|had|we|our)\s")
_NAME_TOKEN = re.compile(
    r"^(?:[A-Z][\w'’-]*\.?|[A-Z]\.(?:[A-Z]\.)*|(?:van|von|de|der|den|da|di|du|le|la|del|dos)|[A-Z]{1,3})$"
)

_AUTHOR_LABEL = re.compile(r"^\s*[-•*]?\s*(?:Authors?|Author\(s\)|By)\s*:[ \t]*", re.I | re.M)
_AUTHOR_STOP = re.compile(
    r"^\s*[-•*]?\s*(?:author\s+information|affiliations?|keywords?|abstract|from|source|correspond)",
    re.IGNORECASE,
)
_MARKERS = re.compile(r"(?:\d+(?:\s*,\s*\d+)*|[*†‡§¶#]+)\s*$")
_NAME = re.compile(r"^[^\W\d_][\w'’.-]*(?:\s+[^\W\d_][\w'’.-]*){0,4}$")

# "Surname Given GI" repeated: Europe PMC / BioStudies publication lists.
_LISTED_NAME = re.compile(r"(?P<name>[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+){1,3})\s(?P<init>[A-Z]{1,3})(?=\s|$)")

# "Arnold DM" / "van der Berg A": a surname (possibly with particles) and 1-3 initials.
_SURNAME_INITIALS = re.compile(
    r"(?:(?:van|von|de|der|den|da|di|du|le|la|del)\s+)*[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+)?\s[A-Z]{1,3}"
)
_FROM_LABEL = re.compile(
    r"^\s*[-•*]?\s*(?:From|Source|Journal|Published\s+in)\s*:[ \t]*(?P<rest>[^\n]*)$", re.I | re.M
)
_CITE_TAIL = re.compile(rf"^(?P<year>{_YEAR})\s*(?:[;:,.]|\s[A-Z][a-z]{{2}}\b|$)")
_JOURNAL_WORD = r"(?:[A-Z][\w'’&.-]*|of|and|the|de|la|du|für|for|in|&)"
# PubMed and most publishers put the issue date between year and volume: "2019 Nov;",
# "2020 Jul 1;", "2018 Mar-Apr;", "2021 Spring;".
_ISSUE_DATE = (
    r"(?:\s+(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Spring|Summer|Autumn|Fall|Winter)[a-z]*\.?"
    r"(?:\s*[-/]\s*[A-Z][a-z]{2,8}\.?)?(?:\s+\d{1,2}(?:\s*[-–]\s*\d{1,2})?)?)?"
)
# A journal abbreviation may carry an edition in brackets: "Chin Med J (Engl)".
_JOURNAL_EDITION = r"(?:\s\([A-Z][A-Za-z. ]{1,15}\))?"
# "Journal Abbrev, 2019; Vol. 34(1): 15-21" / "Blood. 2010;115(1):29-31" / "Eur J Cancer. 2019 Nov;121:45-54"
TRAILING_CITATION = re.compile(
    r"(?:(?<=^)|(?<=\n)|(?<=[.!?]\s))"
    rf"(?P<journal>[A-Z][\w'’&.-]*(?:\s{_JOURNAL_WORD}){{0,9}}?{_JOURNAL_EDITION})[.,]?\s+"
    rf"(?P<year>{_YEAR}){_ISSUE_DATE}\s*[;:,.]\s*(?:Vol(?:ume)?\.?\s*)?\d+\s*(?:\([^)\n]{{1,20}}\))?\s*:\s*"
    r"[A-Za-z]?\d+(?:\s*[-–]\s*[A-Za-z]?\d+)?",
    re.MULTILINE,
)
# The year-volume-pages tail of such a citation: it starts with a digit, so the regex
# engine can skip quickly to candidates before the journal name is looked for.
_CITATION_NUMBERS = re.compile(
    rf"{_YEAR}{_ISSUE_DATE}\s*[;:,.]\s*(?:Vol(?:ume)?\.?\s*)?\d+\s*(?:\([^)\n]{{1,20}}\))?"
    r"\s*:\s*[A-Za-z]?\d+"
)
# Springer/BMC style, on a line of its own: "Ann Hematol (2018) 97:1433–1441",
# "Cardiovasc Diabetol (2020) 19:156".
_PAREN_YEAR_CITATION = re.compile(
    rf"^[ \t]*(?P<journal>[A-Z][\w'’&.-]*(?:[ \t]{_JOURNAL_WORD}){{0,9}}?{_JOURNAL_EDITION})"
    r"[ \t]+"
    rf"\((?P<year>{_YEAR})\)[ \t]*(?:Vol(?:ume)?\.?[ \t]*)?\d+[ \t]*(?:\([^)\n]{{1,20}}\))?[ \t]*[:,][ \t]*"
    r"[A-Za-z]?\d+(?:[ \t]*[-–][ \t]*[A-Za-z]?\d+)?[ \t]*$",
    re.MULTILINE,
)
# "Year: 2023" / "Publication date: 12 March 2021" standing as a labelled line of the header.
_YEAR_LABEL = re.compile(
    r"^[ \t]*[-•*]?[ \t]*(?:Year|Publication[ \t]+(?:year|date)|Date[ \t]+of[ \t]+publication|Pub[ \t]+date)"
    rf"[ \t]*:[ \t]*(?:[^\n\d]{{0,12}}\d{{0,2}}[ \t,/.-]*){{0,2}}(?P<year>{_YEAR})\b",
    re.IGNORECASE | re.MULTILINE,
)


def find_citation(text: str, start: int = 0, end: int | None = None) -> re.Match[str] | None:
    """The first reference-style citation ("Blood. 2010;115(1):29-31") in text[start:end]."""
    end = len(text) if end is None else end
    for numbers in _CITATION_NUMBERS.finditer(text, start, end):
        window_start = max(start, numbers.start() - 160)
        match = TRAILING_CITATION.search(text, window_start, min(end, numbers.end() + 12))
        if match and match.start("year") == numbers.start():
            return match
    return None


# "BMC pediatrics 20210227 1": journal then a yyyymmdd publication date.
_JOURNAL_DATE_LINE = re.compile(
    r"^(?P<journal>[A-Z][A-Za-z&'’. -]{2,80}?)\s+"
    rf"(?P<date>(?P<year>{_YEAR})(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))(?:\s+\S+){{0,3}}\s*$",
    re.MULTILINE,
)
_PUBLISHED = re.compile(
    r"\b(?:published(?:\s+online)?|publication\s+date|epub(?:\s+ahead\s+of\s+print)?|first\s+published)"
    rf"\s*:?\s*(?:on\s+)?(?:\d{{1,2}}\s+)?(?:[A-Z][a-z]{{2,8}}\.?\s+)?(?:\d{{1,2}},?\s+)?(?P<year>{_YEAR})\b",
    re.IGNORECASE,
)
# A registry page's own dates: first posted / registered first, else the study start (spec).
_REGISTRY_DATES: list[tuple[re.Pattern[str], float]] = [
    (
        re.compile(
            r"(?:First\s+(?:Posted|Submitted|Received)|Registration\s+Date|Date\s+(?:of\s+)?Registration"
            r"|Date\s+Registered|Registered\s+on)\s*(?::|\n\s*-)?\s*(?:[A-Za-z]+\.?\s+)?(?:\d{1,2}[,/.-]?\s*)?"
            rf"(?:\d{{1,2}}[/.-])?(?P<year>{_YEAR})\b",
            re.IGNORECASE,
        ),
        0.75,
    ),
    (
        re.compile(
            r"(?:Study\s+Start(?:\s+Date)?|Start\s+Date)\s*(?::|\n\s*-)?\s*(?:[A-Za-z]+\.?\s+)?"
            rf"(?:\d{{1,2}}[,/.-]?\s*)?(?:\d{{1,2}}[/.-])?(?P<year>{_YEAR})\b",
            re.IGNORECASE,
        ),
        0.65,
    ),
]
# A publisher's copyright line in the abstract ("© 2019 Elsevier Inc."), not a web site's footer
# ("© 2024 <site name>"): the holder must read as a publisher or the authors.
_COPYRIGHT = re.compile(
    rf"(?:©|\(c\)|copyright)\s*(?:©\s*)?(?P<year>{_YEAR})\b(?=[^\n]{{0,60}}?\b(?:the\s+authors?|author\(s\)"
    r"|elsevier|wiley|springer|karger|thieme|taylor|sage|lippincott|wolters|oxford|cambridge|bmj|licensee"
    r"|published\s+by|inc\b|ltd\b|llc\b|b\.\s?v\b|gmbh|society|association|college|all\s+rights\s+reserved))",
    re.IGNORECASE,
)


# Field labels of registry records as saved pages show them (ClinicalTrials.gov, ISRCTN, ChiCTR, EU CTR).
_REGISTRY_FIELDS = (
    "registration number",
    "study type",
    "outcome measure",
    "brief summary",
    "lead sponsor",
    "overall study status",
    "target number of participants",
    "plain english summary",
    "participant inclusion criteria",
    "primary study design",
    "recruitment status",
)
_REGISTRY_FIELD_LINE = re.compile(
    r"^\s*-?\s*(?:Registration\s+Number|Study\s+Type|(?:Primary|Secondary)\s+Outcome\s+Measures?"
    r"|Brief\s+Summary|Lead\s+Sponsor|Overall\s+study\s+status|Target\s+number\s+of\s+participants"
    r"|Plain\s+English\s+summary|Participant\s+inclusion\s+criteria|Primary\s+study\s+design"
    r"|Recruitment\s+status)\b",
    re.IGNORECASE | re.MULTILINE,
)


def is_registry_page(text: str) -> bool:
    """A saved registry record: at least two registry field labels standing on their own lines."""
    lower = plain_lower(text)
    if sum(field in lower for field in _REGISTRY_FIELDS) < 2:
        return False
    return len(_REGISTRY_FIELD_LINE.findall(text)) >= 2


def head_end(record: Record) -> int:
    """Where the abstract starts: the first section, an "Abstract" line, or the first long line."""
    text = record.text
    ends = [len(text)]
    if record.sections:
        ends.append(record.sections[0].start)
    if match := _ABSTRACT_START.search(text):
        ends.append(match.start())
    offset = 0
    for line in text.split("\n"):
        if len(line) > 400:
            ends.append(offset)
            break
        offset += len(line) + 1
    return min(ends)


def _lines(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """(offset, line) for the non-blank lines of text[start:end]."""
    out = []
    offset = start
    for line in text[start:end].split("\n"):
        if line.strip():
            lead = len(line) - len(line.lstrip())
            out.append((offset + lead, line.strip()))
        offset += len(line) + 1
    return out


def _looks_like_names(line: str) -> bool:
    tokens = line.replace(",", " ").replace(";", " ").split()
    return len(tokens) <= 8 and all(_NAME_TOKEN.match(t) for t in tokens)


def title_like(line: str) -> bool:
    words = line.split()
    if not 3 <= len(words) <= 60 or len(line) > 350:
        return False
    if not (line[0].isupper() or line[0].isdigit() or line[0] in "[\"'“"):
        return False
    if line.endswith(":") or any(mark in line for mark in ("◽", "|", "http", "@", " > ", "»")):
        return False  # labels, citation blocks, menus, links, breadcrumbs
    if len(words) <= 8 and _JOURNAL_NAME.match(line):
        return False  # a masthead ("Journal of Clinical Oncology") above the title
    if _BOILERPLATE.match(line) or _SENTENCE_START.match(line) or _LABEL_LINE.match(line):
        return False
    if re.match(r"^(?:doi\b|10\.\d{4,9}/)", line, re.IGNORECASE):
        return False
    if re.search(r"[.!?]\s+[A-Z][a-z]", line.rstrip(".")):  # two sentences: prose, not a title
        return False
    if line.endswith(".") and _FINITE_VERB.search(line):  # a sentence of prose, full stop and all
        return False
    if sum(c.isdigit() for c in line) > len(line) / 4:
        return False
    if not any(len(w) >= 4 and w.isalpha() and w.islower() for w in words):
        return _looks_like_title_case(words)
    return not _looks_like_names(line)


def _looks_like_title_case(words: list[str]) -> bool:
    """A Title In Title Case has small lower-case words; a list of names has none."""
    return any(w in {"of", "in", "for", "and", "with", "the", "on", "to", "a", "an"} for w in words)


def titles(record: Record, head: int) -> list[Candidate]:
    """A "Title:" line, else the first title-like line above the abstract."""
    text = record.text
    if match := _TITLE_LABEL.search(text, 0, max(head, 1)):
        value = match.group("t").strip().rstrip(".")
        return [Candidate(value, match.start("t"), match.start("t") + len(value), 0.9, "title.label")]
    after_author_label = False
    for offset, line in _lines(text, 0, head):
        if _AUTHOR_LABEL.match(line):
            after_author_label = True
            continue
        if after_author_label and (_looks_like_names(line.strip(" ◽;,")) or len(line) < 4):
            continue
        after_author_label = False
        if not title_like(line):
            continue
        value = line.rstrip(".").strip()
        repeated = text.count(value) > 1
        return [Candidate(value, offset, offset + len(value), 0.8 if repeated else 0.65, "title.line")]
    return []


def _split_names(block: str) -> list[str]:
    separator = ";" if ";" in block else "·" if "·" in block else "•" if "•" in block else ","
    parts = re.split(rf"\s*(?:{separator}|\n|\band\b|&)\s*", block)
    names = []
    for part in parts:
        name = _MARKERS.sub("", part.strip(" ◽.")).strip()
        if name and _NAME.match(name) and not name.isdigit() and not name.lower().startswith("et al"):
            names.append(name)
    return names


def labelled_authors(record: Record) -> list[Candidate]:
    """Names after an "Author:"/"Authors:" label, one a line or separated by ";" or ","."""
    text = record.text
    match = _AUTHOR_LABEL.search(text)
    if not match:
        return []
    collected: list[str] = []
    position = match.end()
    rest = text[position:]
    for raw_line in rest.split("\n"):
        line = raw_line.strip()
        if line and (_AUTHOR_STOP.match(line) or len(line) > 300 or _LABEL_LINE.match(line)):
            break
        if line and not collected and not line.strip(";,"):
            continue
        collected.append(line)
        if len(collected) > 200:
            break
    names = _split_names("\n".join(collected))
    out = []
    cursor = position
    for name in names:
        start = text.find(name, cursor)
        if start < 0:
            continue
        cursor = start + len(name)
        out.append(Candidate(name, start, start + len(name), 0.85, "authors.label"))
    return out


def initials_authors(record: Record, head: int) -> list[Candidate]:
    """A line above the abstract listing "Surname AB, Surname C, ..." (PubMed style), at least two names."""
    text = record.text
    for offset, line in _lines(text, 0, head):
        items = [item.strip() for item in line.rstrip(".").split(",")]
        names = [item for item in items if item not in ("et al", "et al.")]
        if len(names) < 2 or not all(_SURNAME_INITIALS.fullmatch(item) for item in names):
            continue
        out = []
        cursor = offset
        for name in names:
            start = text.find(name, cursor)
            cursor = start + len(name)
            out.append(Candidate(name, start, start + len(name), 0.8, "authors.initials"))
        return out
    return []


# One person's name in a by-line: given names or initials and a surname, each capitalised
# ("Thomas J. Whitfield", "R. M. Phiri", "Luis García-Pérez", "Francesca De Luca", "Ji-Hoon Park").
_BYLINE_TOKEN = re.compile(
    r"^(?:[^\W\d_][^\W\d_'’.-]*(?:['’-][^\W\d_]+)*\.?|(?:[A-Z]\.){1,3}|[A-Z]{1,3}"
    r"|van|von|de|der|den|da|di|du|le|la|del|dos|das|bin|ben|al|el|ter|ten)$"
)
# Affiliation markers a by-line hangs on names: "Park1", "Kim*", "Lee¹²", "Choi†,‡".
_BYLINE_MARKERS = re.compile(r"(?:[\d¹²³⁴⁵⁶⁷⁸⁹⁰,*†‡§¶#]|\s(?=[\d¹²³⁴⁵⁶⁷⁸⁹⁰*†‡§¶#]))+$")
# Words that make a comma-separated line an affiliation, a keyword list or a masthead, not people.
_NOT_NAME_WORDS = frozenset(
    words(
        "university hospital department institute center centre college school clinic medical medicine "
        "health research foundation group society journal vol volume issue abstract keywords published "
        "online received accepted disease syndrome therapy treatment cancer study trial patients review "
        "anemia anaemia leukemia leukaemia lymphoma children adults china usa india japan germany france "
        "italy spain"
    )
)


def _byline_name(item: str) -> str | None:
    """`item` as a person's name when it reads as one, without affiliation markers, else None."""
    name = _BYLINE_MARKERS.sub("", item.strip()).strip(" ;")
    tokens = name.split()
    if not 2 <= len(tokens) <= 5:
        return None
    if not all(_BYLINE_TOKEN.match(t) for t in tokens) or not any(t[:1].isupper() for t in tokens):
        return None
    full = [t for t in tokens if len(t.rstrip(".")) >= 2 and any(c.islower() for c in t)]
    if not full or any(t.lower().strip(".") in _NOT_NAME_WORDS for t in tokens):
        return None
    if tokens[0][:1].islower():
        return None  # a particle never opens a by-line name
    return name


def byline_authors(record: Record, head: int) -> list[Candidate]:
    """A line above the abstract listing at least two people ("Marta Ruiz-Lopez, Henrik Olsen",
    "T. Banda, R. M. Phiri", "Giulia Romano · Marco Bellini", "Ji-Hoon Park1, Soo-Jin Kim2").

    The line must be nothing but names: a title, an affiliation or a keyword list has words
    a name never has (lower-case words, "University", "Disease") and is left alone.
    """
    text = record.text
    for offset, line in _lines(text, 0, head):
        if ":" in line or len(line) > 600 or (title_like(line) and not _looks_like_names(line)):
            continue
        separator = ";" if ";" in line else "·" if "·" in line else "•" if "•" in line else ","
        items = re.split(rf"\s*{re.escape(separator)}\s*|\s+(?:and|&)\s+", line.strip().rstrip("."))
        # "Kim2,*," leaves a bare marker between commas; "et al." closes a truncated list
        items = [i for i in items if re.search(r"[^\W\d_]", i) and i.lower().rstrip(".") != "et al"]
        if len(items) < 2:
            continue
        names = [_byline_name(item) for item in items]
        if not all(names):
            continue
        out = []
        cursor = offset
        for name in names:
            assert name is not None
            start = text.find(name, cursor)
            if start < 0:
                out = []
                break
            cursor = start + len(name)
            out.append(Candidate(name, start, start + len(name), 0.78, "authors.byline"))
        if out:
            return out
    return []


def listed_authors(record: Record) -> list[Candidate]:
    """A line made only of "Surname Given GI" names (at least two), as publication lists show them."""
    text = record.text
    for offset, line in _lines(text, 0, len(text)):
        matches = list(_LISTED_NAME.finditer(line))
        if len(matches) < 2 or "".join(m.group() for m in matches).replace(" ", "") != line.replace(" ", ""):
            continue
        out = []
        for m in matches:
            given = m.group("name").split()[-1]
            if given[0] != m.group("init")[0]:  # the initials repeat the given name's
                out = []
                break
            out.append(
                Candidate(m.group("name"), offset + m.start(), offset + m.end("name"), 0.75, "authors.list")
            )
        if out:
            return out
    return []


def journal_and_year(record: Record) -> tuple[list[Candidate], list[Candidate]]:
    """Journal and year candidates from citation layouts, best first within each list."""
    text = record.text
    journals: list[Candidate] = []
    years: list[Candidate] = []
    for match in _FROM_LABEL.finditer(text):
        lines = [(match.start("rest"), match.group("rest").strip())] if match.group("rest").strip() else []
        lines += _lines(text, match.end(), min(len(text), match.end() + 300))[:2]
        if not lines:
            continue
        offset, line = lines[0]
        inline = re.search(rf"[,.]?\s+({_YEAR})\s*[;:(]", line)
        name = line[: inline.start()].strip() if inline else line
        if name and not _CITE_TAIL.match(name) and len(name) <= 150:
            journals.append(Candidate(name, offset, offset + len(name), 0.85, "journal.from"))
        if inline:
            years.append(
                Candidate(
                    int(inline.group(1)), offset + inline.start(1), offset + inline.end(1), 0.85, "year.from"
                )
            )
        elif len(lines) > 1 and (cite := _CITE_TAIL.match(lines[1][1])):
            start = lines[1][0]
            years.append(Candidate(int(cite.group("year")), start, start + 4, 0.85, "year.from"))
        break
    for match in _JOURNAL_DATE_LINE.finditer(text):
        name = match.group("journal").strip()
        if len(name.split()) > 12:
            continue
        journals.append(
            Candidate(
                name, match.start("journal"), match.start("journal") + len(name), 0.75, "journal.dateline"
            )
        )
        years.append(
            Candidate(int(match.group("year")), match.start("date"), match.end("date"), 0.75, "year.dateline")
        )
        break
    if match := _PAREN_YEAR_CITATION.search(text):
        name = match.group("journal").strip()
        journals.append(
            Candidate(
                name, match.start("journal"), match.start("journal") + len(name), 0.8, "journal.citation"
            )
        )
        years.append(
            Candidate(int(match.group("year")), match.start("year"), match.end("year"), 0.8, "year.citation")
        )
    if (match := find_citation(text)) and len(name := match.group("journal").strip().rstrip(".")) >= 2:
        tail = text[match.end() : match.end() + 3]
        at_end = not tail.strip(" .;") or tail.lstrip(" .;").startswith("\n")
        confidence = 0.8 if at_end else 0.6
        journals.append(
            Candidate(
                name,
                match.start("journal"),
                match.start("journal") + len(name),
                confidence,
                "journal.citation",
            )
        )
        years.append(
            Candidate(
                int(match.group("year")), match.start("year"), match.end("year"), confidence, "year.citation"
            )
        )
    if not years and (match := _YEAR_LABEL.search(text)):
        start = match.start("year")
        years.append(Candidate(int(match.group("year")), start, start + 4, 0.8, "year.label"))
    if not years and is_registry_page(text):
        for date_pattern, date_confidence in _REGISTRY_DATES:
            if match := date_pattern.search(text):
                start = match.start("year")
                years.append(
                    Candidate(int(match.group("year")), start, start + 4, date_confidence, "year.registry")
                )
                break
    if not years:
        for pattern, confidence, rule in (
            (_PUBLISHED, 0.6, "year.published"),
            (_COPYRIGHT, 0.5, "year.copyright"),
        ):
            if match := pattern.search(text):
                years.append(
                    Candidate(
                        int(match.group("year")), match.start("year"), match.end("year"), confidence, rule
                    )
                )
                break
    return journals, years
