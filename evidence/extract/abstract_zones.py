"""Where a sentence stands in an abstract: title, background, methods, results, conclusion.

The treatment, outcome and safety families all need to know whether a sentence
speaks about the study's own patients (methods, results, a case) or about the
world (background, cited literature). Structured abstracts say so with their
headings (`Record.sections`); unstructured ones are read the way a reviewer
reads them: the prose before the first sentence that speaks of "we", "this
study" or a patient count is background, an opening "To determine ..." is the
objective, and a closing "In conclusion ..." is the conclusion.

The result is computed once per record and shared by the three families.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from evidence.extract.record_text import Folded, plain_lower, record_text
from evidence.model import Record

# Section labels of evidence.sections folded into the zones the families use.
_ZONE_OF_LABEL = {
    "background": "background",
    "objective": "objective",
    "methods": "methods",
    "results": "results",
    "case": "results",
    "conclusion": "conclusion",
    "discussion": "conclusion",
    "registration": "other",
}

# Abbreviations after which a full stop does not end a sentence.
_NO_BREAK = re.compile(
    r"(?:\bet al|\bvs|\be\.g|\bi\.e|\bFig|\bNo|\bapprox|\bDr|\bca|\bcf|\bincl|\bresp|(?<![^\s(])[A-Z])\.$"
)
# `_NO_BREAK`'s words by their last letter, tested by `_no_break` with plain string tests (a regex
# search per full stop cost more than the rest of the sentence split).
_NO_BREAK_WORDS: dict[str, tuple[str, ...]] = {}
for _word in ("et al", "vs", "e.g", "i.e", "Fig", "No", "approx", "Dr", "ca", "cf", "incl", "resp"):
    _NO_BREAK_WORDS[_word[-1]] = (*_NO_BREAK_WORDS.get(_word[-1], ()), _word)
# A sentence ends at . ! ? before white space and a capital or digit, and at a line break. Written
# with its first character as a set, so the regex engine skips to the next candidate character in C
# (2x faster than `[.!?](?=...)|\n`, whose alternation is tried at every character).
_BREAK = re.compile(r"[.!?\n](?:(?<=\n)|(?<=[.!?])(?=\s+[\"'(\[]?[A-Z0-9]))")

# A sentence that speaks of the study itself: after it, the abstract is about its own patients.
_STUDY_SENTENCE = re.compile(
    r"\b(?:we|our|here(?:in)?|this (?:study|trial|report|analysis|review|case|series|cohort)|"
    r"the (?:present|current) (?:study|report|analysis|trial)|in this (?:study|trial|series|report)|"
    r"(?:patients|subjects|participants|children|adults|women|men|cases) (?:were|was) "
    r"(?:enrolled|included|analy[sz]ed|treated|randomi[sz]ed|recruited|entered|studied|reviewed)|"
    r"(?:a|an) \d+[- ](?:year|month)[- ]old|retrospectively|prospectively)\b",
    re.IGNORECASE,
)
_COUNT_OPENING = re.compile(
    r"^(?:[A-Z][a-z]+(?:-[a-z]+)?|\d+) (?:consecutive |adult |pediatric |paediatric )?"
    r"(?:patients|subjects|participants|adults|children|women|men|infants)\b"
)
_OBJECTIVE = re.compile(
    r"^(?:To (?:determine|evaluate|assess|investigate|compare|examine|explore|describe|study|test|"
    r"analy[sz]e|identify|estimate|characteri[sz]e)\b|(?:The )?(?:aim|objective|purpose|goal)s? of\b)"
    r"|\b(?:we aimed|we sought|our aim|the aim of (?:this|the present) study)\b",
    re.IGNORECASE,
)
_CONCLUDING = re.compile(
    r"^(?:In conclusion|In summary|To conclude|Overall, (?:these|our)|Taken together|"
    r"(?:These|Our) (?:data|results|findings|observations) (?:suggest|show|indica"
    r"te|demonstrate|confirm|support)"
    r"|We conclude)\b",
    re.IGNORECASE,
)
_OWN_AIM = re.compile(
    r"^(?:Here,? )?(?:we|this (?:study|trial)|the (?:present|current) study) "
    r"(?:aim(?:s|ed)?|sought|analy[sz]ed|evaluated|assessed|investigated|report|describe|present|compared|"
    r"studied|examined|explored|was designed|is designed)\b"
    r"|^(?:The )?(?:aim|objective|purpose|goal)s? of (?:this|the present|the curr"
    r"ent|our) (?:study|trial|work)\b"
    r"|^To (?:determine|evaluate|assess|investigate|compare|examine|explore)\b",
    re.IGNORECASE,
)
_ABSTRACT_LABEL = re.compile(r"^Abstract\s*")
_HEADER_LINE = re.compile(
    r"◽|^\s*(?:Author\(s\)|Author Information|Keywords?|From|Vol\b|pp\.)", re.IGNORECASE
)
_REGISTRY_LABELS = re.compile(
    r"^\W*(?:Brief Summary|Detailed Description|Primary Outcome Measures?|Secondary Outcome Measures?|"
    r"Study Type|Registration Number|Target Recruitment|Recruitment (?:&|and) Eligibility|"
    r"Arms? (?:&|and)+ Interventions|Eligibility Criteria|Enrollment|Plain English summary|"
    r"Overall study status|Target number of participants|Participant (?:in|ex)clusion criteria|"
    r"Primary study design|Recruitment status)\b",
    re.IGNORECASE | re.MULTILINE,
)

# The zone tests run on each sentence of every unstructured abstract: folded (see `record_text`).
_OBJECTIVE_FOLDED, _STUDY_SENTENCE_FOLDED, _CONCLUDING_FOLDED = (
    Folded(p) for p in (_OBJECTIVE, _STUDY_SENTENCE, _CONCLUDING)
)
# The parts of `_HEADER_LINE` and `_OBJECTIVE` that hold at the sentence start, for the folded text;
# and the phrases that all their other matches contain (see `_header_line`, `_objective`).
_HEADER_OPENING = re.compile(r"\s*(?:author\(s\)|author information|keywords?|from|vol\b|pp\.)")
_OBJECTIVE_OPENING = re.compile(
    r"to (?:determine|evaluate|assess|investigate|compare|examine|explore|describe|study|test|"
    r"analy[sz]e|identify|estimate|characteri[sz]e)\b|(?:the )?(?:aim|objective|purpose|goal)s? of\b"
)
_OBJECTIVE_PHRASES = ("we aimed", "we sought", "our aim", "the aim of ")


def _header_line(piece: str, low: str | None) -> bool:
    """Whether `_HEADER_LINE` finds something in the sentence: its "◽" anywhere, or a label opening it
    (one anchored match instead of a search through the sentence)."""
    if low is None:
        return _HEADER_LINE.search(piece) is not None
    return "◽" in piece or _HEADER_OPENING.match(low) is not None


def _objective(piece: str, low: str | None) -> bool:
    """Whether `_OBJECTIVE` finds something in the sentence: an opening "To determine", "The aim of"
    (an anchored match), or "we aimed", "our aim", ... within it, searched only when a plain
    substring test finds that phrase (most sentences hold none)."""
    if low is None:
        return _OBJECTIVE.search(piece) is not None
    if _OBJECTIVE_OPENING.match(low):
        return True
    if not any(phrase in low for phrase in _OBJECTIVE_PHRASES):
        return False
    return _OBJECTIVE_FOLDED.found(piece, low)


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of `Record.text` with the zone it stands in.

    zone is one of: title, header, background, objective, methods, results,
    conclusion, body (unstructured prose about the study), other.
    """

    start: int
    end: int
    zone: str


@dataclass(frozen=True, slots=True)
class Layout:
    """The sentences of a record and facts about the record as a whole."""

    sentences: tuple[Sentence, ...]
    structured: bool
    registry: bool
    title: tuple[int, int] | None


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of each sentence of text[start:end], stripped of surrounding white space."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    begin = start
    for match in _BREAK.finditer(text, start, end):
        mark = match.group()
        cut = match.end() if mark != "\n" else match.start()
        if mark == "." and _no_break(text, max(begin, cut - 8), cut):
            continue
        _push(text, begin, cut, spans)
        begin = match.end()
    _push(text, begin, end, spans)
    return spans


def _no_break(text: str, floor: int, cut: int) -> bool:
    """`_NO_BREAK.search(text, floor, cut)` for a full stop at cut - 1: an abbreviation ("et al.",
    "Fig.", at a word start) or an initial ("J.", after a space or "(") ends there, at or after `floor`."""
    dot = cut - 1
    for word in _NO_BREAK_WORDS.get(text[dot - 1], ()) if dot > floor else ():
        at = dot - len(word)
        if at >= floor and text.startswith(word, at) and (at == 0 or not _is_word(text[at - 1])):
            return True
    at = dot - 1
    if at < floor or not "A" <= text[at] <= "Z":
        return False
    return at == 0 or text[at - 1].isspace() or text[at - 1] == "("


def _is_word(char: str) -> bool:
    """A regex word character (what `\\b` looks at)."""
    return char.isalnum() or char == "_"


def _push(text: str, begin: int, cut: int, spans: list[tuple[int, int]]) -> None:
    while begin < cut and text[begin].isspace():
        begin += 1
    while cut > begin and text[cut - 1].isspace():
        cut -= 1
    if cut > begin:
        spans.append((begin, cut))


def _title_span(record: Record) -> tuple[int, int] | None:
    """The title's span: the format's title if it stands in the text, else a title-like first line."""
    text = record.text
    if record.meta.title:
        index = text.find(record.meta.title[:60])
        if index >= 0:
            return index, index + len(record.meta.title)
    if record.format != "text" or "\n" not in text.strip():
        return None  # structured formats carry their title in the metadata
    first_section = record.sections[0].start if record.sections else len(text)
    offset = 0
    for line in text[: min(first_section, 600)].split("\n"):
        stripped = line.strip()
        words = stripped.split()
        if (
            len(words) >= 5
            and len(words) <= 40
            and not _HEADER_LINE.search(stripped)
            and not stripped.endswith(":")
            and ". " not in stripped.rstrip(".")
            and not stripped.lower().startswith("abstract")
        ):
            begin = offset + line.index(stripped)
            return begin, begin + len(stripped)
        if len(words) >= 5 and ". " in stripped:
            return None  # prose comes first: there is no title line
        offset += len(line) + 1
    return None


def is_registry(record: Record) -> bool:
    """A trial registration (planned study): its numbers are plans and cited results, not findings."""
    if record.format.startswith("ctgov"):
        return True
    lowered = plain_lower(record.text)
    if "summary" not in lowered and "outcome measure" not in lowered and "recruitment" not in lowered:
        return False
    return len(set(m.group().strip(" -").lower() for m in _REGISTRY_LABELS.finditer(record.text))) >= 2


def _zone_of(record: Record, position: int) -> str | None:
    for section in record.sections:
        if section.start <= position < section.end:
            return _ZONE_OF_LABEL.get(section.label, "other")
    return None


def _build(record: Record) -> Layout:
    text = record.text
    title = _title_span(record)
    structured = bool(record.sections)
    sentences: list[Sentence] = []
    if structured:
        first = record.sections[0].start
        for begin, end in split_sentences(text):
            if title and begin < title[1] and end > title[0]:
                zone = "title"
            else:
                zone = _zone_of(record, begin) or ("header" if begin < first else "other")
                if zone == "background" and _OWN_AIM.search(_ABSTRACT_LABEL.sub("", text[begin:end])):
                    zone = "objective"  # "We analyzed the efficacy of ..." closing an Introduction
            sentences.append(Sentence(begin, end, zone))
        return Layout(tuple(sentences), True, is_registry(record), title)
    seen_study = False
    spans = split_sentences(text)
    lowered = record_text(record)
    for begin, end in spans:
        piece = text[begin:end]
        if piece.startswith("Abstract"):
            piece = _ABSTRACT_LABEL.sub("", piece)
        low = lowered.low(end - len(piece), end)
        if title and begin < title[1] and end > title[0]:
            zone = "title"
        elif not seen_study and (
            _header_line(piece, low) or (len(piece.split()) < 4 and not piece.endswith("."))
        ):
            zone = "header"
        elif not seen_study and _objective(piece, low):
            zone, seen_study = "objective", True
        elif seen_study or _STUDY_SENTENCE_FOLDED.found(piece, low) or _COUNT_OPENING.match(piece):
            seen_study = True
            zone = "conclusion" if _CONCLUDING_FOLDED.found(piece, low) else "body"
        else:
            zone = "background"
        sentences.append(Sentence(begin, end, zone))
    if not seen_study:  # no sentence spoke of the study: do not throw the whole abstract away
        sentences = [Sentence(s.start, s.end, "body") if s.zone == "background" else s for s in sentences]
    return Layout(tuple(sentences), False, is_registry(record), title)


_cache: list[tuple[Record, str, Layout]] = []


def layout(record: Record) -> Layout:
    """The record's sentences and zones, computed once per record for all families."""
    if _cache and _cache[0][0] is record and _cache[0][1] is record.text:
        return _cache[0][2]
    result = _build(record)
    _cache[:] = [(record, record.text, result)]
    return result


STUDY_ZONES = frozenset({"methods", "results", "conclusion", "body", "title", "objective"})
