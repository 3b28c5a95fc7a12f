"""The authors' concluding sentence(s).

Three ways an abstract states its conclusion, surest first:

1. a labelled Conclusion(s) section (`record.sections`), taken in full;
2. a lead-in sentence ("In conclusion, ...", "In summary, ...", "To conclude, ..."),
   taken from there to the end of the abstract;
3. neither: the closing take-home sentence(s). Abstracts report results in the
   past tense with numbers ("14 (73.7%) achieved a response") and conclude in the
   present tense or with a modal, without numbers ("X can produce ...", "Its
   potential should be explored further"). Walking back from the last sentence,
   up to two such sentences are taken; the first results-like sentence stops
   the walk.

In every case what follows the conclusion in the same paragraph is dropped: a
registration sentence ("This trial was registered at ...", "(ClinicalTrials.gov,
no. NCT...)"), disclosures, figure captions, copyright lines, keywords and a
trailing journal citation; so is the "In conclusion," lead-in (gold README
rule 13). A registry record states no conclusion, so none is proposed.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from evidence.extract.candidate import Candidate
from evidence.extract.identifiers import ANY_REGISTRY_PREFIX, REGISTRY_PREFIXES, registry_ids
from evidence.extract.page_citation import TRAILING_CITATION, find_citation, is_registry_page
from evidence.extract.record_text import Folded, record_text
from evidence.model import Record

_REGISTRY_FORMATS = frozenset({"ctgov_xml", "ctgov_json"})
_LEAD_IN = re.compile(
    r"(?:In\s+(?:conclusion|summary|sum|short|brief)|To\s+(?:conclude|summari[sz]e)|Taken\s+together|Conclusions?)"
    r"\s*[,:]\s*",
    re.IGNORECASE,
)
# An upper-case heading the section finder could not split off ("...1.5).CONCLUSIONSBGC use ...").
# The letter test before the label stands after its first letter, so the regex engine jumps from
# one "C" or "I" to the next in C instead of trying the look-behind at every character (3x faster).
_INLINE_LABEL = re.compile(
    r"(?:C(?<![A-Za-z]C)(?:ONCLUSIONS|ONCLUSION)|I(?<![A-Za-z]I)NTERPRETATION)"
    r"(?:\s+AND\s+RELEVANCE)?\s*[:.]?\s*(?=\S)"
)
_JUNK = re.compile(
    r"(?:(?:Supplementary\s+)?(?:Figure|Fig\.?|Table)\s+\d+\b|Disclosures?\b|Off-?label\s+disclosure|Conflicts?\s+of\s+interest"
    r"|Competing\s+interests?|Declaration\s+of|Funding\b|Financial\s+(?:support|disclosure)|Acknowledg|Copyright|©"
    r"|\(c\)\s*\d{4}|Keywords?\s*:|Key\s+words\s*:|Level\s+of\s+evidence|Trial\s+registration|Registration\s*:"
    r"|Clinical\s+trial\s+registration|PROSPERO\b|\(?\s*PsycINFO\s+Database|This\s+article\s+is\s+protected"
    r"|All\s+rights\s+reserved|Published\s+by\b|Electronic\s+supplementary|No\s+warranty|Users\s+(?:should|may)\s+refer"
    r"|\[?Author\s+Abstract\]|ABSTRACT\s+FROM\s+(?:AUTHOR|PUBLISHER)|This\s+is\s+an\s+open\s+access)",
    re.IGNORECASE,
)
# Publisher boilerplate anywhere in a sentence.
_BOILERPLATE = re.compile(
    r"©|\(c\)\s*\d{4}|all\s+rights\s+reserved|copyright\s+holder|may\s+be\s+abridged|guarantee\s+or\s+endorsement",
    re.IGNORECASE,
)
# "Lasers Surg." left over from a journal citation the sentence splitter cut up.
_CITATION_FRAGMENT = re.compile(r"^[A-Z][A-Za-z]*\.?(?:\s+[A-Z][A-Za-z]*\.?){0,5}$")
# Every junk sentence holds one of these (lower-cased) words; see `_is_junk`.
_JUNK_WORD_LIST = (
    "figure|fig|table|disclosure|off-label|offlabel|conflict|competing|declaration|funding|financial|acknowledg"
    "|copyright|©|(c)|keyword|key words|level of evidence|regist|prospero|psycinfo|protected|rights reserved"
    "|published by|supplementary|warranty|users|author abstract|abstract from|open access|clinicaltrials"
    "|identifier|abridged|endorsement"
)
_JUNK_WORDS = tuple(_JUNK_WORD_LIST.split("|"))
# The words no other one is a prefix of: the others start only where one of these does.
_JUNK_STARTS = tuple(w for w in _JUNK_WORDS if not any(v != w and w.startswith(v) for v in _JUNK_WORDS))
_REGISTRATION_SENTENCE = re.compile(
    r"\bregist(?:ered|ration|ry)\b|clinicaltrials\.gov|\bidentifier\b", re.IGNORECASE
)
# A registration statement (not a copyright or disclosure line).
_REGISTRATION_ONLY = re.compile(
    r"\bregist(?:ered|ration|ry)\b|clinicaltrials\.gov|\b(?:NCT|ISRCTN|ChiCTR|ACTRN|DRKS|EudraCT)",
    re.IGNORECASE,
)
# Words after which a full stop does not end the sentence ("et al.", "e.g.", "no.").
_ABBREVIATIONS = frozenset(
    {"al", "e.g", "i.e", "vs", "fig", "no", "nos", "approx", "dr", "st", "vol", "ca", "cf", "ref", "resp"}
)
_BOUNDARY = re.compile(r"[.!?](?=\s+[\"“(\[]?[A-Z0-9])")
_RESULT_LIKE = re.compile(
    r"\d\s*%|\bp\s*[<=>≤]|\b95\s*%|\bCI\b|\(n\s*=|\b(?:OR|HR|RR)\b\s*[:=(]?\s*\d|\b\d+\s*/\s*\d+\b|\b\d+\.\d+\b"
)
# Whether `_RESULT_LIKE` finds anything, written to open with one character set (each branch checks
# its first character and word boundary behind it; "95 %" is one of "digit %"): the regex engine
# then skips in C to the next digit, "p", "C", "(", "O", "H" or "R" (3x faster).
_RESULT_LIKE_ANY = re.compile(
    r"[\dpC(OHR](?:(?<=\d)\s*%|(?<=\bp)\s*[<=>≤]|(?<=\bC)I\b|(?<=\()n\s*=|(?<=\b[OHR])R\b\s*[:=(]?\s*\d"
    r"|(?<=\b\d)\d*\s*/\s*\d+\b|(?<=\b\d)\d*\.\d+\b)"
)
_PRESENT = re.compile(
    r"\b(?:is|are|can|cannot|may|might|could|should|must|would|will|seems?|appears?|suggests?|indicates?"
    r"|demonstrates?|shows?|remains?|confirms?|supports?|represents?|provides?|offers?|warrants?|needs?"
    r"|requires?|highlights?|underscores?|has|have|merits?|deserves?|emphasi[sz]es?|implies|constitutes?)\b",
    re.IGNORECASE,
)
_PAST = re.compile(
    r"\b(?:was|were|had|did|showed|achieved|occurred|developed|received|reported|noted|observed|found|remained"
    r"|responded|ranged|increased|decreased|improved|reduced|experienced|underwent|died|relapsed|required"
    r"|needed|enrolled|included|identified|compared|analy[sz]ed|measured|assessed)\b",
    re.IGNORECASE,
)


def _is_registry(record: Record) -> bool:
    if record.format in _REGISTRY_FORMATS or "study_type" in record.meta.extra:
        return True
    return is_registry_page(record.text)


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of text[start:end], not split after "et al.", "e.g.", "no.", initials."""
    spans: list[tuple[int, int]] = []
    begin = start
    for match in _BOUNDARY.finditer(text, start, end):
        dot = match.start()
        word = text[max(text.rfind(" ", begin, dot), text.rfind("(", begin, dot), begin - 1) + 1 : dot]
        if word.lower() in _ABBREVIATIONS or (len(word) == 1 and word.isupper()):
            continue
        spans.append((begin, match.end()))
        begin = match.end()
        while begin < end and text[begin].isspace():
            begin += 1
    if begin < end and text[begin:end].strip():
        spans.append((begin, end))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _is_junk(sentence: str) -> bool:
    """A sentence that closes the abstract but is not the authors' conclusion."""
    stripped = sentence.lstrip(" ([")
    if _JUNK.match(stripped) or TRAILING_CITATION.match(stripped):
        return True
    if registry_ids(sentence) and (_REGISTRATION_SENTENCE.search(sentence) or len(sentence.split()) <= 6):
        return True  # "(ClinicalTrials.gov, no. NCT...)"; an id inside a methods sentence is not a footer
    if (
        _REGISTRATION_SENTENCE.search(sentence)
        and re.search(r"\b(?:trial|study|protocol|review)\b", sentence, re.I)
        and re.search(r"\bregist", sentence, re.I)
    ):
        return True
    return bool(_BOILERPLATE.search(sentence))


def _suspects(text: str, start: int, end: int) -> list[int]:
    """Offsets of words that a junk sentence must contain; sentences without one are clean.

    Searched in the record's lower-cased text where it lower-cases one to one (the same offsets as
    lower-casing the stretch; no copy), for the words no shorter one opens ("figure" starts where
    "fig" does)."""
    found: list[int] = []
    shared = record_text(text)
    if shared.plain:
        lower = shared.lower
        for word in _JUNK_STARTS:
            index = lower.find(word, start, end)
            while index >= 0:
                found.append(index)
                index = lower.find(word, index + 1, end)
    else:
        lower = text[start:end].lower()
        for word in _JUNK_WORDS:
            index = lower.find(word)
            while index >= 0:
                found.append(start + index)
                index = lower.find(word, index + 1)
    # case matters: "nl" is in "only", "NL" is not; one scan tells whether any prefix is there at all
    for prefix in REGISTRY_PREFIXES if ANY_REGISTRY_PREFIX.search(text, start, end) else ():
        index = text.find(prefix, start, end)
        while index >= 0:
            found.append(index)
            index = text.find(prefix, index + 1, end)
    return sorted(found)


def _holds(ordered: list[int], start: int, end: int) -> bool:
    """Whether a number of the sorted list lies in [start, end)."""
    index = bisect_left(ordered, start)
    return index < len(ordered) and ordered[index] < end


def _kept(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sentences before the first junk sentence (registration, disclosures, citation, ...)."""
    kept: list[tuple[int, int]] = []
    if not spans:
        return kept
    if citation := find_citation(text, spans[0][0], spans[-1][1]):
        spans = [(a, min(b, citation.start())) for a, b in spans if a < citation.start()]
    suspects = _suspects(text, spans[0][0], spans[-1][1]) if spans else []
    junk = [_holds(suspects, a, b) and _is_junk(text[a:b]) for a, b in spans]
    for index, (a, b) in enumerate(spans):
        if junk[index]:
            later = [
                (x, y) for (x, y), j in zip(spans[index + 1 :], junk[index + 1 :], strict=True) if not j
            ]
            if (
                kept
                and _REGISTRATION_ONLY.search(text, a, b)
                and not _BOILERPLATE.search(text, a, spans[-1][1])
                and any(len(text[x:y].split()) >= 6 for x, y in later)
            ):
                continue  # a registration sentence inside the methods: the abstract goes on after it
            if kept:
                # a journal abbreviation cut off before the junk ("Lasers Surg. Med. © 2019")
                while len(kept) > 1 and _is_fragment(text[kept[-1][0] : kept[-1][1]]):
                    kept.pop()
                break
            continue
        kept.append((a, b))
    return kept


def _is_fragment(sentence: str) -> bool:
    sentence = sentence.strip()
    return len(sentence) <= 40 and bool(_CITATION_FRAGMENT.match(sentence))


def _candidate(text: str, start: int, end: int, confidence: float, rule: str) -> Candidate | None:
    if lead := _LEAD_IN.match(text, start, end):
        start = lead.end()
    while end > start and text[end - 1].isspace():
        end -= 1
    value = " ".join(text[start:end].split())
    if len(value) < 15:
        return None
    return Candidate(value, start, end, confidence, rule)


def _paragraph_end(text: str, start: int, limit: int) -> int:
    index = text.find("\n\n", start, limit)
    return limit if index < 0 else index


def _from_section(record: Record) -> Candidate | None:
    """A labelled Conclusion(s)/Interpretation section; "Summary" only where nothing better is labelled."""
    text = record.text
    for label, confidence in (("conclusion", 0.9), ("discussion", 0.7)):
        sections = [s for s in record.sections if s.label == label]
        # "Summary" also heads whole abstracts and page blurbs: rank it after "Conclusions"
        sections.sort(key=lambda s: "summary" in text[s.start : s.start + 20].lower())
        for section in sections:
            colon = text.find(":\n", section.start, section.start + 80)
            body = colon + 2 if colon >= 0 else section.start
            end = _paragraph_end(text, body, section.end)
            kept = _kept(text, sentences(text, body, end))
            if kept and (
                found := _candidate(text, kept[0][0], kept[-1][1], confidence, f"conclusion.{label}")
            ):
                return found
    return None


def _abstract_paragraph(record: Record) -> tuple[int, int] | None:
    """The paragraph holding the abstract: the longest unwrapped line, else the longest block."""
    text = record.text
    best: tuple[int, int] | None = None
    offset = 0
    for line in text.split("\n"):
        if len(line) >= 300 and (best is None or len(line) > best[1] - best[0]):
            best = (offset, offset + len(line))
        offset += len(line) + 1
    if best is not None:
        return best
    offset = 0
    last: tuple[int, int] | None = None
    for block in text.split("\n\n"):
        if len(block) >= 150 and (best is None or len(block) > best[1] - best[0]):
            best = (offset, offset + len(block))
        if len(block) >= 40 and block.rstrip()[-1:] in ".!?" and block.strip() != record.meta.title:
            last = (offset, offset + len(block))
        offset += len(block) + 2
    # a short abstract: the last prose block (a composed record's body comes last)
    return best or last


_PRESENT_FOLDED = Folded(_PRESENT)
_PAST_FOLDED = Folded(_PAST)


def _conclusion_like(text: str, start: int, end: int) -> bool:
    """The sentence text[start:end] reads as a conclusion: no result numbers, and at least as many
    present-tense or modal verbs as past-tense ones (counted on the lower-cased text: `Folded`)."""
    sentence = text[start:end]
    if _RESULT_LIKE_ANY.search(sentence):
        return False
    low = record_text(text).low(start, end)
    return _PRESENT_FOLDED.count(sentence, low) >= max(1, _PAST_FOLDED.count(sentence, low))


def _from_prose(record: Record) -> Candidate | None:
    text = record.text
    paragraph = _abstract_paragraph(record)
    if paragraph is None:
        return None
    if label := _INLINE_LABEL.search(text, *paragraph):
        kept = _kept(text, sentences(text, label.end(), paragraph[1]))
        if kept and (found := _candidate(text, kept[0][0], kept[-1][1], 0.8, "conclusion.inline_label")):
            return found
    kept = _kept(text, sentences(text, *paragraph))
    if not kept:
        return None
    for index in range(len(kept) - 1, -1, -1):
        a, b = kept[index]
        if _LEAD_IN.match(text, a, b) and index >= len(kept) - 4:
            return _candidate(text, a, kept[-1][1], 0.85, "conclusion.lead_in")
    tail: list[tuple[int, int]] = []
    for a, b in reversed(kept[1:] if len(kept) > 1 else kept):
        if len(tail) == 2 or not _conclusion_like(text, a, b):
            break
        tail.insert(0, (a, b))
    if tail:
        return _candidate(
            text, tail[0][0], tail[-1][1], 0.6 if len(tail) == 2 else 0.55, "conclusion.closing"
        )
    a, b = kept[-1]
    return _candidate(text, a, b, 0.3, "conclusion.last_sentence")


def extract(record: Record, found: dict[str, list[Candidate]]) -> dict[str, list[Candidate]]:
    if _is_registry(record):
        return {}
    candidate = _from_section(record) or _from_prose(record)
    return {"conclusion": [candidate]} if candidate else {}
