"""Intervention: each drug, procedure or therapy given as the studied treatment.

Abstracts name many more treatments than they study: the ones patients had
failed before, the background standard, premedication, concomitant drugs.
So every name found (lexicon, a code name such as "ABT-199", a word with a
drug-class ending, an abbreviation the text defines) is judged by where it
stands and what the words before and after it say:

- where: a title or objective names the studied treatment; a background
  sentence or a generic statement ("X is the first-line treatment") does not;
- the nearest cue on its left in the same clause: "treated with", "received",
  "consisted of" make it given; "prior", "previously", "refractory to",
  "also given", "premedication", "with or without", "defined as" make it
  something else; a negative cue stays in force over the list that follows it;
- on its right: "(n=18)", a dose, "was given" confirm it; "-refractory",
  "but with no response", "transient response" mark a failed earlier treatment.

A name is kept when its best mention is strong enough. An umbrella therapy
("thrombopoietin analogs such as romiplostim and eltrombopag") is kept when a
member it introduces is kept. Registry records give their interventions in the
metadata, which wins.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from evidence.extract.abstract_zones import Layout, layout
from evidence.extract.candidate import Candidate
from evidence.extract.lexicon import Lexicon, load_lexicon
from evidence.extract.name_trie import trie_alternation
from evidence.extract.record_text import Folded, RecordText, plain_lower, record_text
from evidence.extract.spans import locate
from evidence.extract.treatment_cues import CUE, KIND
from evidence.model import Record

FIELD = "intervention"
KEEP = 0.5  # a name is proposed when its best mention scores at least this

# How much a mention counts by where it stands, before any cue.
_ZONE_BASE = {
    "title": 0.85,
    "objective": 0.55,
    "methods": 0.45,
    "results": 0.35,
    "body": 0.35,
    "conclusion": 0.4,
    "background": 0.0,
    "header": 0.0,
    "other": 0.1,
}
_CUE_BONUS = 0.3

_RIGHT_NEGATIVE = re.compile(
    r"^-?(?:refractory|resistant|naive|naïve|associated|induced|related|dependent|exposed|intolerant|failure)\b"
    r"|^[^.;]{0,80}?\b(?:but with no response|with no response|no response|(?:very )?transient response|"
    r"brief responses?|short-lived|did not (?:raise|respond|improve|work)|remaine"
    r"d low|without (?:any )?response|"
    r"was ineffective|were ineffective|failed|"
    r"(?:was|were) (?:avoided|withheld|not given|not used|contraindicated))\b",
    re.IGNORECASE,
)
_RIGHT_POSITIVE = re.compile(
    r"^\W{0,3}(?:\(n\s*=\s*\d+|\d+(?:\.\d+)?\s*(?:mg|g|µg|mcg|μg|iu|u|units?|ml)\b|"
    r"(?:was|were) (?:given|administered|injected|infused|started|used|added|initiated|effective|continued)|"
    r"(?:therapy|treatment|infusion|injection|dos(?:e|age|ing)|group|arm|regimen) (?:was|were|at|of|in)\b|"
    r"achieved|produced|improved|showed|resulted|induced (?:a )?(?:response|remission)|at a dose)",
    re.IGNORECASE,
)
# A generic statement about a treatment ("X is the first-line treatment", "Second-line therapies
# include ...", "ATG and CsA have been adopted for ...") speaks about the world, not the study.
_GENERIC = re.compile(
    r"\b(?:is|are|has been|have been|remains?|include|includes|can be|may be|represents?)\b", re.IGNORECASE
)
_GENERIC_ZONES = frozenset({"body", "results", "methods", "other"})
_STUDY_VERB = re.compile(
    r"\b(?:was|were|received|treated|underwent|had|achieved|we|our|enrolled|included|given|administered)\b",
    re.IGNORECASE,
)
# Tested around every name found: folded (see `record_text`).
_RIGHT_NEGATIVE_FOLDED, _RIGHT_POSITIVE_FOLDED, _GENERIC_FOLDED, _STUDY_VERB_FOLDED = (
    Folded(pattern) for pattern in (_RIGHT_NEGATIVE, _RIGHT_POSITIVE, _GENERIC, _STUDY_VERB)
)
_CLASS_INTRO = re.compile(
    r"\s*(?:,\s*)?(?:such as|including|i\.e\.,?|e\.g\.,?|like|\(|-|:)\s*", re.IGNORECASE
)
# A passive auxiliary right before a negative verb ("was discontinued", "were stopped").
_AFTER_SUBJECT = re.compile(r"\b(?:was|were|is|are|been|be)\s+(?:\w+ly\s+)?$")
_ORDINAL = re.compile(
    r"\b(first|second|third|repeat(?:ed)?|subsequent)[\s-]+(?:\w+[\s-]+){0,2}$", re.IGNORECASE
)
_ORDINAL_PREFIX = re.compile(r"^(?:first|second|third|subsequent|repeat(?:ed)?) ")
_ORDINAL_DIGIT = {"1": "first", "2": "second", "3": "third"}
_PROCEDURE_WORDS = ("transplant", "splenectomy")

# Names the lexicon cannot know.
_CODE_NAME = re.compile(r"(?P<prefix>[A-Z]{1,5})-?(?P<digits>\d{3,6})(?!\w)")
# The last capital of a code name's prefix (see `_code_names`).
_CODE_END = re.compile(r"[A-Z](?=-?\d)")
_NOT_CODE_PREFIX = frozenset(
    [
        "CD",
        "IL",
        "HLA",
        "NCT",
        "ISRCTN",
        "COVID",
        "SARS",
        "HIV",
        "ICD",
        "ECOG",
        "ATC",
        "WHO",
        "EQ",
        "SF",
        "NYHA",
        "CTCAE",
        "JAK",
        "FLT",
        "IDH",
        "NPM",
        "TP",
        "BCR",
        "ABL",
        "KIT",
        "DSM",
        "PMID",
        "DOI",
        "ISBN",
        "ISSN",
        "GSE",
        "EC",
        "ASA",
        "UICC",
        "AJCC",
        "PD",
        "PDL",
        "CTLA",
        "MCP",
        "EORTC",
        "GOG",
        "TNM",
        "CFU",
        "RPM",
        "ID",
    ]
)
_DRUG_ENDINGS = tuple(
    [
        "mab",
        "tinib",
        "ciclib",
        "zomib",
        "lisib",
        "rafenib",
        "limus",
        "grastim",
        "plostim",
        "trombopag",
        "platin",
        "parin",
        "rubicin",
        "glutide",
        "gliptin",
        "sartan",
        "statin",
        "navir",
        "previr",
        "buvir",
        "floxacin",
        "conazole",
        "dronate",
        "ercept",
        "kinra",
        "terol",
        "rsen",
        # more WHO/USAN stems, so that unseen specialties' drugs are named too
        "cillin",
        "cycline",
        "mycin",
        "micin",
        "penem",
        "bactam",
        "ciclovir",
        "tegravir",
        "fovir",
        "vudine",
        "fungin",
        "pril",
        "olol",
        "dipine",
        "xaban",
        "gatran",
        "gliflozin",
        "glitazone",
        "tidine",
        "prazole",
        "setron",
        "triptan",
        "lukast",
        "oxetine",
        "profen",
        "coxib",
        "citabine",
        "trexed",
        "taxel",
        "tecan",
        "lutamide",
        "relix",
        "leucel",
        "parvovec",
        "temcel",
        "siran",
    ]
)
_YEAR_DIGITS = re.compile(r"(?:19|20)\d\d")
# A drug class named after its target: "SGLT2 inhibitors", "JAK inhibitors", "PD-L1 inhibitor",
# "GLP-1 receptor agonists", "IL-6 receptor antagonists", "CDK4/6 inhibitors".
_DRUG_CLASS = re.compile(
    r"(?<![\w-])(?P<target>[A-Z][A-Za-z0-9]*(?:[-/][A-Za-z0-9]+)*(?:\s+receptor)?)\s+"
    r"(?P<kind>(?i:inhibitors?|antagonists?|agonists?|blockers?))(?![\w-])"
)
_CLASS_KIND = re.compile(r"(?:inhibitors?|antagonists?|agonists?|blockers?)$")
_ELIDED = re.compile(
    r"(?<![\w-])(?P<target>[A-Z][A-Za-z0-9]*(?:[-/][A-Za-z0-9]+)*)\s+(?:versus|vs\.?|or|and|/)\s+$"
)
DRUG_ENDINGS = _DRUG_ENDINGS  # shared with the condition family ("<drug>-induced X" is a harm)
_LONG_WORD = re.compile(r"[a-z]{6,}")
_TAILS = frozenset(ending[-3:] for ending in _DRUG_ENDINGS)
_TAILS_BYTES = frozenset(tail.encode() for tail in _TAILS)
_ENDINGS_BYTES = tuple(ending.encode() for ending in _DRUG_ENDINGS)
_NOT_DRUG_WORDS = frozenset({"amide", "imide", "peptide", "thalidomide"})
_ABBREVIATION = re.compile(r"\s*\(\s*(?P<abbr>[A-Za-z][A-Za-z0-9/+\-]{1,11})\s*\)")
_PLACEBO = re.compile(
    r"^(?:placebo|sham|no intervention|standard of care|usual care|control)\b", re.IGNORECASE
)


# A registry page's intervention field label on a line of its own, and the labels that end the field.
_REGISTRY_INTERVENTION_FIELD = re.compile(
    r"^[ \t]*-?[ \t]*(?:Interventions?(?:[ \t]*/[ \t]*Treatments?)?|Arms?[ \t]*(?:&+|and)[ \t]*Interventions?"
    r"|Intervention[ \t]+(?:names?|descriptions?|types?))[ \t]*:?[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
_REGISTRY_NEXT_FIELD = re.compile(
    r"^[ \t]*-?[ \t]*(?:Primary|Secondary|Outcome|Study|Eligibility|Enrol?lment|Sponsor|Conditions?|Phase|"
    r"Allocation|Masking|Official|Brief|Detailed|Participant|Target|Recruitment|Ages?|Sex|Inclusion|Exclusion)\b",
    re.IGNORECASE | re.MULTILINE,
)
_OBSERVATIONAL_REGISTRATION = re.compile(r"Study\s+Type\s*(?::|\n\s*-)\s*OBSERVATIONAL", re.IGNORECASE)
# ClinicalTrials.gov's typed intervention items: "Drug: Luspatercept", "Procedure: Splenectomy".
_TYPED_ITEM = re.compile(
    r"\b(?:Drug|Biological|Procedure|Device|Behavioral|Behavioural|Dietary[ \t]+Supplement|Radiation|Genetic"
    r"|Combination[ \t]+Product)[ \t]*:[ \t]*(?P<name>[^\n;,(]{2,80})"
)


@dataclass(slots=True)
class _Mention:
    key: str
    start: int
    end: int
    score: float
    positive: bool


@dataclass(frozen=True, slots=True)
class _Names:
    """The intervention lexicon compiled for a scan of lower-cased text (see `_lexicon_matches`)."""

    pattern: re.Pattern[str]
    # a name's first word (UTF-8; a one-word name also with an ordinal digit) -> the names it opens,
    # each with its words before the last, and its last word
    first_words: dict[bytes, tuple[tuple[str, tuple[bytes, ...], bytes], ...]]


_pattern_cache: dict[int, tuple[int, tuple[re.Pattern[str], _Names, frozenset[str]]]] = {}
_FIRST_RUN = re.compile(r"\w+")


def intervention_pattern(lexicon: Lexicon) -> re.Pattern[str]:
    """Every intervention name in one compiled, case-insensitive pattern."""
    return _patterns(lexicon)[0]


def _patterns(lexicon: Lexicon) -> tuple[re.Pattern[str], _Names, frozenset[str]]:
    """(case-insensitive pattern, the names for lower-cased text, canonical keys), built once per lexicon.

    Matching lower-cased text without IGNORECASE halves the scan time.
    """
    table = lexicon.terms.get("interventions", {})
    cached = _pattern_cache.get(id(lexicon))
    if cached and cached[0] == len(table):
        return cached[1]
    forms = sorted({form.lower() for form in table})
    body = trie_alternation(forms)
    any_case = re.compile(rf"(?<![\w])(?:{body})(?P<ord>[123])?(?![\w])", re.IGNORECASE)
    lower = re.compile(rf"(?<![\w])(?:{body})(?P<ord>[123])?(?![\w])")
    first_words: dict[bytes, list[tuple[str, tuple[bytes, ...], bytes]]] = {}
    for form in forms:
        runs = [run.encode() for run in _FIRST_RUN.findall(form)]
        if not _FIRST_RUN.match(form):  # a name that does not open with a word character: never found
            raise ValueError(f"intervention name {form!r} does not start with a letter or digit")
        entry = (form, tuple(runs[:-1]), runs[-1])
        first_words.setdefault(runs[0], []).append(entry)
        if len(runs) == 1 and runs[0].decode() == form:
            for digit in "123":
                first_words.setdefault(f"{form}{digit}".encode(), []).append(entry)
    names = _Names(lower, {first: tuple(found) for first, found in first_words.items()})
    built = (any_case, names, frozenset(v.lower() for v in table.values()))
    _pattern_cache[id(lexicon)] = (len(table), built)
    return built


def _lexicon_matches(text: RecordText, names: _Names) -> list[tuple[str, str | None, int, int]]:
    """(surface, ordinal digit, start, end) of each lexicon name in the lower-cased text, as
    `names.pattern.finditer(text.lower)` finds them.

    A name can only stand where the text holds each of the name's words (runs of word characters)
    as a whole word, the last one maybe with the ordinal digit. So the text's word set
    (`RecordText.words`) picks the few names worth looking for (by their first word, then
    their other words), plain string searches find where they stand at a word start, and the
    pattern is matched there only, in text order, each search going on after the last match
    as `finditer` does. One regex pass over the whole text cost 80 us per abstract; this costs
    about 12 (the word set is shared).
    """
    lowered = text.lower
    words = text.words()
    starts: set[int] = set()
    for first in names.first_words.keys() & words:
        for name, inner, last in names.first_words[first]:
            if not (last in words or last + b"1" in words or last + b"2" in words or last + b"3" in words):
                continue
            if inner and not all(run in words for run in inner):
                continue
            at = lowered.find(name)
            while at >= 0:
                if at == 0 or not _is_word(lowered[at - 1]):
                    starts.add(at)
                at = lowered.find(name, at + 1)
    out: list[tuple[str, str | None, int, int]] = []
    reached = 0
    match = names.pattern.match
    for at in sorted(starts):
        if at < reached:
            continue
        found = match(lowered, at)
        if found is not None:
            out.append((found.group(), found.group("ord"), at, found.end()))
            reached = found.end()
    return out


def _is_word(char: str) -> bool:
    """A regex word character (`\\w`)."""
    return char.isalnum() or char == "_"


def _cues(lowered: str, sent_start: int, sent_end: int) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every cue of a sentence; read once, used for all its names.

    A positive cue right after a negative one belongs to it ("previously received",
    "had not persistently responded to") and is dropped.
    """
    out: list[tuple[int, int, str]] = []
    for cue in CUE.finditer(lowered, sent_start, sent_end):
        kind = "stop" if cue.group() == ";" else KIND[cue.group()]
        if (
            kind in ("pos", "weak")
            and out
            and out[-1][2] in ("neg", "hard")
            and cue.start() - out[-1][1] <= 14
        ):
            continue
        if (
            kind in ("pos", "weak")
            and cue.group().startswith("respon")
            and "not " in lowered[cue.start() - 25 : cue.start()]
        ):
            kind = "neg"
        if kind == "neg" and _AFTER_SUBJECT.search(lowered, max(sent_start, cue.start() - 12), cue.start()):
            # "Pembrolizumab was discontinued and methylprednisolone was started": the verb speaks
            # of the name before it, and ends that clause; it says nothing of the names after it.
            kind = "stop"
        out.append((cue.start(), cue.end(), kind))
    return out


def _polarity(
    cues: list[tuple[int, int, str]], text: str, start: int, end: int, sent_end: int, shared: RecordText
) -> tuple[bool, bool]:
    """(positive, negative) for a mention from the cues around it in its sentence.

    The nearest cue on the left decides, except that a hard negative ("defined as",
    "also given", "premedication") holds to the end of the sentence and a weak positive
    ("including", "courses of") does not lift a negative.
    """
    state = ""
    for _, position, kind in cues:
        if position > start or state == "hard":
            break
        if kind == "stop":
            state = ""
        elif kind in ("hard", "neg", "pos"):
            state = kind
        elif state != "neg":
            state = "pos"
    if state in ("neg", "hard"):
        return False, True
    # both patterns hold only at the start of what follows the name (`^`): a match, folded
    right = text[end:sent_end]
    low = shared.low(end, sent_end)
    if _RIGHT_NEGATIVE_FOLDED.matches(right, low):
        return False, True
    return state == "pos" or _RIGHT_POSITIVE_FOLDED.matches(right, low), False


def _procedure_key(text: str, key: str, start: int, ordinal_digit: str | None) -> str:
    """A transplant's ordinal is part of what was given: the second transplant is not the first."""
    if not any(word in key for word in _PROCEDURE_WORDS):
        return key
    ordinal = _ORDINAL_DIGIT.get(ordinal_digit or "")
    if ordinal is None:
        match = _ORDINAL.search(text, max(0, start - 30), start)
        if match:
            ordinal = match.group(1).lower()
            ordinal = "second" if ordinal.startswith("repeat") else ordinal
    return f"{ordinal} {key}" if ordinal else key


def _find_names(record: Record, lexicon: Lexicon) -> list[tuple[str, int, int]]:
    """(key, start, end) of every treatment name in the text, abbreviations the text defines included."""
    text = record.text
    table = lexicon.terms.get("interventions", {})
    any_case, lower_names, _ = _patterns(lexicon)
    lowered = plain_lower(text)
    if len(lowered) == len(text):
        scan = _lexicon_matches(record_text(record), lower_names)
    else:
        scan = [(m.group(), m.group("ord"), m.start(), m.end()) for m in any_case.finditer(text)]
    names: list[tuple[str, int, int]] = []
    for matched, ordinal, start, end in scan:
        surface = matched[: len(matched) - (1 if ordinal else 0)]
        canonical = table.get(surface.lower())
        if canonical is None:
            continue
        names.append((_procedure_key(text, canonical.lower(), start, ordinal), start, end))
    for match in _code_names(text):
        if match.start() and (text[match.start() - 1].isalnum() or text[match.start() - 1] == "-"):
            continue
        if match.group("prefix") in _NOT_CODE_PREFIX or _inside(names, match.start()):
            continue
        if _YEAR_DIGITS.fullmatch(match.group("digits")):
            continue  # "HLH-2004", "WHO 2016": a criteria set or a classification, named after its year
        names.append((match.group(), match.start(), match.end()))
    has_class = any(kind in lowered for kind in ("inhibitor", "agonist", "antagonist", "blocker"))
    for match in _DRUG_CLASS.finditer(text) if has_class else ():
        if not _inside(names, match.start()) and re.search(r"[A-Z0-9]", match.group("target")):
            key = f"{match.group('target')} {match.group('kind')}".lower()
            names.append((table.get(key, key).lower(), match.start(), match.end()))
    for key, start, _end in list(names):
        kind = _CLASS_KIND.search(key)
        if kind:
            _elided_partner(text, start, kind.group(), names, table)
    shared = record_text(record) if len(lowered) == len(text) else None
    for word, start, end in _drug_endings(lowered, shared):
        if word not in _NOT_DRUG_WORDS and not _inside(names, start):
            names.append((word, start, end))
    # "non-heparin anticoagulants", "non-steroidal": the name is what was not given
    names = [n for n in names if lowered[max(0, n[1] - 4) : n[1]] not in ("non-", "non ")]
    names.sort(key=lambda n: n[1])
    aliases: dict[str, str] = {}
    for key, _, end in names:
        abbreviation = _ABBREVIATION.match(text, end)
        if abbreviation:
            aliases.setdefault(abbreviation.group("abbr"), key)
    for alias, key in aliases.items():
        position = text.find(alias)
        while position >= 0:
            after = position + len(alias)
            bounded = (
                position == 0 or not (text[position - 1].isalnum() or text[position - 1] in "-_")
            ) and (after >= len(text) or not (text[after].isalnum() or text[after] in "-_"))
            if bounded and not _inside(names, position):
                names.append((key, position, after))
            position = text.find(alias, after)
    names.sort(key=lambda n: n[1])
    return names


def _code_names(text: str) -> list[re.Match[str]]:
    """`list(_CODE_NAME.finditer(text))`, trying the pattern only where it can start.

    A code name's capitals end right before its digits (or hyphen), so a scan for that one
    capital (`_CODE_END`, which the regex engine runs as a fast first-character search) finds
    each place; the match can start at most four capitals earlier. Trying those few starts in
    text order finds what `finditer` finds (9 us per abstract instead of 35: the full pattern
    backtracks over the capitals run at every capital of the text).
    """
    out: list[re.Match[str]] = []
    reached = 0
    match = _CODE_NAME.match
    for end in _CODE_END.finditer(text):
        last = end.start()
        if last < reached:
            continue
        first = last
        while first > reached and first > last - 4 and "A" <= text[first - 1] <= "Z":
            first -= 1
        for start in range(first, last + 1):
            found = match(text, start)
            if found is not None:
                out.append(found)
                reached = found.end()
                break
    return out


def _elided_partner(
    text: str, start: int, kind: str, names: list[tuple[str, int, int]], table: dict[str, str]
) -> None:
    """ "PD-1 versus PD-L1 inhibitors", "JAK or BTK inhibitors": the first target shares the noun."""
    partner = _ELIDED.search(text, max(0, start - 40), start)
    if partner and not _inside(names, partner.start()):
        key = f"{partner.group('target')} {kind}".lower()
        names.append((table.get(key, key).lower(), *partner.span("target")))


def _drug_endings(lowered: str, text: RecordText | None = None) -> list[tuple[str, int, int]]:
    """Words with a drug-stem ending ("-tinib", "-mab"), standing alone (not inside a hyphenated word):
    a suffix test over the text's long words, then plain searches for the few that end like a drug
    (no regex is compiled per word).

    With the record's `RecordText` (whose `lower` is `lowered`) the long words are taken from its
    shared word set: a word that stands alone is a whole word of the set, so the same words come
    out (10 us per abstract instead of 35 for `findall`).
    """
    out = []
    # the last three letters first: a set look-up rules out almost every word before `endswith`
    if text is not None:
        drugs = {
            word.decode()
            for word in text.words()
            if word[-3:] in _TAILS_BYTES and len(word) >= 6 and word.isalpha()
            and word.endswith(_ENDINGS_BYTES)
        }
    else:
        drugs = {w for w in _LONG_WORD.findall(lowered) if w[-3:] in _TAILS and w.endswith(_DRUG_ENDINGS)}
    for word in drugs:
        at = lowered.find(word)
        while at >= 0:
            end = at + len(word)
            if (at == 0 or not (lowered[at - 1].isalnum() or lowered[at - 1] in "-_")) and (
                end == len(lowered) or not (lowered[end].isalnum() or lowered[end] in "-_")
            ):
                out.append((word, at, end))
            at = lowered.find(word, end)
    out.sort(key=lambda item: item[1])
    return out


def known_keys(lexicon: Lexicon) -> frozenset[str]:
    return _patterns(lexicon)[2]


def _inside(names: list[tuple[str, int, int]], position: int) -> bool:
    return any(start <= position < end for _, start, end in names)


def _score_mentions(
    record: Record, lay: Layout, names: list[tuple[str, int, int]], known: frozenset[str] = frozenset()
) -> list[_Mention]:
    """Each name's mention scored by its zone and cues; a name the lexicon lacks needs a cue."""
    text = record.text
    starts = [s.start for s in lay.sentences]
    mentions: list[_Mention] = []
    per_sentence: dict[int, tuple[float, list[tuple[int, int, str]]]] = {}
    shared = record_text(record)
    lowered = shared.lower if shared.plain else text
    for key, start, end in names:
        index = bisect_right(starts, start) - 1
        if index < 0 or start >= lay.sentences[index].end:
            continue
        sentence = lay.sentences[index]
        if index not in per_sentence:
            base = _ZONE_BASE.get(sentence.zone, 0.1)
            if sentence.zone in _GENERIC_ZONES:
                piece = text[sentence.start : sentence.end]
                low = shared.low(sentence.start, sentence.end)
                if _GENERIC_FOLDED.found(piece, low) and not _STUDY_VERB_FOLDED.found(piece, low):
                    base = min(base, 0.1)
            per_sentence[index] = (base, _cues(lowered, sentence.start, sentence.end) if base > 0 else [])
        base, cues = per_sentence[index]
        if base <= 0:
            mentions.append(_Mention(key, start, end, 0.0, False))
            continue
        positive, negative = _polarity(cues, text, start, end, sentence.end, shared)
        if negative:
            score = 0.0
        else:
            score = base + (_CUE_BONUS if positive and base > 0.1 else 0.0)
            if known and not positive and _ORDINAL_PREFIX.sub("", key) not in known:
                score = min(score, KEEP - 0.1)  # a guessed name ("R406", "-mab") must be shown given
        mentions.append(_Mention(key, start, end, score, positive))
    return mentions


def _umbrellas(text: str, mentions: list[_Mention], kept: set[str]) -> None:
    """Raise a class name that introduces kept members ("TPO-RAs such as romiplostim and eltrombopag")."""
    by_start = {m.start: m for m in mentions}
    ordered = sorted(by_start)
    for mention in mentions:
        if mention.key in kept or mention.score <= 0.0:
            continue
        intro = _CLASS_INTRO.match(text, mention.end)
        if not intro:
            continue
        following = [by_start[s] for s in ordered if intro.end() <= s <= intro.end() + 3]
        if following and following[0].key in kept and following[0].key != mention.key:
            mention.score = max(mention.score, KEEP + 0.05)


def _from_metadata(record: Record, lexicon: Lexicon) -> list[Candidate]:
    table = lexicon.terms.get("interventions", {})
    out: list[Candidate] = []
    seen: set[str] = set()
    for name in record.meta.extra.get("interventions") or []:
        name = str(name).strip()
        if not name or _PLACEBO.match(name):
            continue
        value = table.get(name.lower(), name).lower()
        if value in seen:
            continue
        seen.add(value)
        start, end = locate(record.text, name)
        out.append(Candidate(value, start, end, 0.95, "intervention.registry"))
    return out


def _registry_fields(record: Record, names: list[tuple[str, int, int]]) -> list[Candidate]:
    """A saved registry page's own Intervention field ("Intervention / Treatment", "Arms and
    Interventions", ISRCTN's "Intervention"): the registration's statement of what is given,
    surer than its prose, which also names eligibility and background treatments."""
    text = record.text
    out: dict[str, Candidate] = {}
    for label in _REGISTRY_INTERVENTION_FIELD.finditer(text):
        end = min(len(text), label.end() + 600)
        stop = _REGISTRY_NEXT_FIELD.search(text, label.end() + 1, end)
        blank = text.find("\n\n", label.end() + 1, end)
        end = min(x for x in (end, stop.start() if stop else end, blank if blank >= 0 else end))
        for key, start, stop_at in names:
            if label.end() <= start < end and not _PLACEBO.match(key):
                out.setdefault(key, Candidate(key, start, stop_at, 0.85, "intervention.registry_field"))
        for item in _TYPED_ITEM.finditer(text, label.end(), end):
            name = item.group("name").strip().rstrip(".")
            key = name.lower()
            if _PLACEBO.match(key) or any(key in k or k in key for k in out):
                continue
            start = item.start("name")
            out[key] = Candidate(key, start, start + len(name), 0.8, "intervention.registry_field")
    return list(out.values())


def extract(record: Record, found: dict[str, list[Candidate]]) -> dict[str, list[Candidate]]:
    lexicon = load_lexicon()
    registered = _from_metadata(record, lexicon)
    if registered:
        return {FIELD: registered}
    lay = layout(record)
    names = _find_names(record, lexicon)
    if lay.registry and (fielded := _registry_fields(record, names)):
        return {FIELD: fielded}
    if lay.registry and _OBSERVATIONAL_REGISTRATION.search(record.text):
        return {FIELD: []}  # an observational registration gives no treatment; its prose names others
    mentions = _score_mentions(record, lay, names, known_keys(lexicon))
    best: dict[str, _Mention] = {}
    for mention in mentions:
        if mention.key not in best or mention.score > best[mention.key].score:
            best[mention.key] = mention
    kept = {key for key, m in best.items() if m.score >= KEEP}
    _umbrellas(record.text, mentions, kept)
    candidates: list[Candidate] = []
    for key in {m.key for m in mentions}:
        keyed = [m for m in mentions if m.key == key]
        top = max(keyed, key=lambda m: m.score)
        if top.score < KEEP:
            continue
        support = sum(1 for m in keyed if m.score >= KEEP)
        confidence = min(0.95, top.score + 0.03 * (support - 1))
        candidates.append(Candidate(key, top.start, top.end, round(confidence, 3), "intervention.context"))
    candidates = _drop_contained(candidates)
    candidates.sort(key=lambda c: (-c.confidence, c.start or 0))
    return {FIELD: candidates}


def _drop_contained(candidates: list[Candidate]) -> list[Candidate]:
    """One name per treatment: "mesenchymal stem cells" goes into "umbilical cord mesenchymal stem cells"."""
    words = {c.value: set(re.findall(r"[a-z0-9]+", c.value)) for c in candidates}
    out = []
    for candidate in candidates:
        wider = [
            other
            for other in candidates
            if other.value != candidate.value and words[candidate.value] < words[other.value]
        ]
        if wider:
            best = max(wider, key=lambda c: c.confidence)
            best.confidence = max(best.confidence, candidate.confidence)
        else:
            out.append(candidate)
    return out
