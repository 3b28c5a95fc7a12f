"""Where a record names a disease: lexicon names, the text's own abbreviations, and
disease-like phrases in population contexts ("patients with X", "X patients").

Three sources, merged so that one stretch of text is one mention:

1. the conditions lexicon (shipped `data/conditions.yaml` plus the user's file),
   found by the shared scan (`population_scan`); British spellings and plurals of
   the head noun are derived here, so the YAML lists each name once;
2. abbreviations the text defines ("severe aplastic anemia (SAA)"): their uses
   count as mentions of the long form, and the definition beats the lexicon's
   reading of the same letters;
3. for diseases no lexicon lists, a noun phrase ending in a disease word right
   after "patients with", "diagnosed with", "suffering from", or right before
   "patients" (`disease_phrases`).

A short abbreviation from the lexicon counts only where the text writes it in
capitals and not inside an all-capitals stretch: "ALL" is a leukaemia, "all" and a
shouted title are not.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from evidence.extract.abbreviations import Definition, definitions
from evidence.extract.disease_phrases import HEAD_WORD, phrase_spans
from evidence.extract.lexicon import Lexicon
from evidence.extract.vocab import words

_BRITISH = [
    (re.compile(r"(?<=[^a])emia"), "aemia"),
    (re.compile(r"\bhem(?=[aoi])"), "haem"),
    (re.compile(r"tumor"), "tumour"),
    (re.compile(r"\besophag"), "oesophag"),
    (re.compile(r"\bedema"), "oedema"),
    (re.compile(r"pediatric"), "paediatric"),
    (re.compile(r"ischemi"), "ischaemi"),
    (re.compile(r"diarrhea"), "diarrhoea"),
    (re.compile(r"\bceliac"), "coeliac"),
    (re.compile(r"\bfetal"), "foetal"),
    (re.compile(r"apnea"), "apnoea"),
]
_PLURAL_HEADS = words(
    "cancer tumor tumour infection disease disorder syndrome ulcer carcinoma lymphoma sarcoma "
    "neoplasm fracture injury"
)
STATUS_PREFIX = re.compile(
    r"^(?:(?:refractory|relapsed|relapsing|recurrent|newly[\s-]diagnosed|persistent|multi-?refractory"
    r"|(?:treatment|therapy)-resistant)"
    r"(?:\s*(?:/|or|and|,)\s*|\s+))+",
    re.IGNORECASE,
)


@dataclass(slots=True)
class Mention:
    """One naming of a disease: `key` groups mentions of the same disease."""

    key: str
    surface: str
    start: int
    end: int
    abbreviation: bool
    source: str  # "lexicon", "defined", "phrase"


@dataclass(slots=True)
class Patterns:
    """The lexicon's condition names with their derived spellings (form -> canonical name); the shared
    scan (`population_scan`) compiles them into its prefix tree."""

    size: int
    forms: dict[str, str]
    canonical_case: dict[str, str]
    lookup: dict[str, str]
    abbreviations: frozenset[str] = frozenset()


_cache: dict[int, Patterns] = {}


def _variants(form: str) -> set[str]:
    out = {form}
    for pattern, replacement in _BRITISH:
        out |= {pattern.sub(replacement, v) for v in list(out)}
    for variant in list(out):
        if variant.endswith(_PLURAL_HEADS):
            out.add(variant[:-1] + "ies" if variant.endswith("injury") else variant + "s")
    return out


def patterns(lexicon: Lexicon) -> Patterns:
    """The lexicon's condition names as one compiled alternation, built once per lexicon."""
    table = lexicon.terms.get("conditions", {})
    cached = _cache.get(id(lexicon))
    if cached and cached.size == len(table):
        return cached
    forms: dict[str, str] = {}
    canonical_case: dict[str, str] = {}
    for surface, canonical in table.items():
        for variant in _variants(surface):
            forms.setdefault(variant, canonical)
        for word in canonical.split():
            if word[:1].isupper() and not word.isupper():
                canonical_case[word.lower()] = word
    built = Patterns(
        len(table),
        forms,
        canonical_case,
        {canonical.lower(): canonical for canonical in forms.values()},
        frozenset(lexicon.abbreviations.get("conditions", set())),
    )
    _cache[id(lexicon)] = built
    return built


def _is_abbreviation_form(form: str, canonical: str, abbreviations: frozenset[str]) -> bool:
    """A form the lexicon writes in capitals ("ITP"), not a short word or spelling ("anaemia", "gout")."""
    return form in abbreviations and form != canonical.lower() and "-" not in form[1:-1]


def _shouted(text: str, start: int, end: int) -> bool:
    """Inside a stretch written all in capitals (a title in capitals): abbreviations can't be told apart."""
    around = text[max(0, start - 25) : start] + text[end : end + 25]
    letters = [c for c in around if c.isalpha()]
    return len(letters) >= 10 and sum(c.isupper() for c in letters) / len(letters) > 0.7


_NAME_ENDERS = frozenset(
    words(
        "registry registries scale score network consortium database questionnaire index foundation "
        "society association alliance initiative collaborative"
    )
)


_NEXT_WORD = re.compile(r"[\s]+([A-Za-z]+)")
_LAST_WORD = re.compile(r"([A-Za-z]+)[\s]+$")


def _inside_a_name(text: str, start: int, end: int, surface: str) -> bool:
    """Part of a proper name, not a disease: "the Stroke Scale", "Northern Lakes Acute Stroke Registry"."""
    following = _NEXT_WORD.match(text, end)
    if following is None:
        return False
    word = following.group(1)
    if word.lower() in _NAME_ENDERS:
        return True
    if not surface[:1].isupper() or not word[:1].isupper():
        return False
    previous = _LAST_WORD.search(text, max(0, start - 24), start)
    return previous is not None and previous.group(1)[:1].isupper()


def lexicon_mentions(
    text: str, hits: list[tuple[int, int, str]], pats: Patterns, defined: set[str]
) -> list[Mention]:
    """Lexicon names found by the shared scan (`population_scan`); short abbreviations only where
    written in capitals (see the module doc), and never one the text defines otherwise."""
    found: list[Mention] = []
    for start, end, form in hits:
        canonical = pats.forms.get(form)
        if canonical is None:
            continue
        surface = text[start:end]
        if _inside_a_name(text, start, end, surface):
            continue
        if _is_abbreviation_form(form, canonical, pats.abbreviations):
            if surface in defined or sum(c.isupper() for c in surface) < 2 or _shouted(text, start, end):
                continue
            found.append(Mention(canonical.lower(), surface, start, end, True, "lexicon"))
        else:
            found.append(Mention(canonical.lower(), surface, start, end, False, "lexicon"))
    return found


def _disease_like(long: str, pats: Patterns) -> str | None:
    """The grouping key of a defined long form when it names a disease, else None."""
    stripped = STATUS_PREFIX.sub("", long).strip()
    lowered = stripped.lower()
    if lowered in pats.forms and not _is_abbreviation_form(lowered, pats.forms[lowered], pats.abbreviations):
        if stripped == long.strip():
            return pats.forms[lowered].lower()
        return long.lower()  # "refractory thrombocytopenia (RT)": the authors named it as a unit
    words = stripped.split()
    # "North American Solitaire Acute Stroke (NASA)": a registry or trial named after a disease has
    # several capitalised words; one eponym ("classical Hodgkin lymphoma") or a cell letter
    # ("large B-cell lymphoma") does not make a name
    capitalised = [
        w for w in words[1:] if w[:1].isupper() and not w.isupper() and not _LETTER_PREFIX.match(w)
    ]
    if len(capitalised) >= 2 and _names_inside(lowered, pats):
        return None
    last = HEAD_WORD.match(words[-1].lower()) if words else None
    if last or words[-1].lower().rstrip("s") in _PLURAL_HEADS:
        return long.lower()
    return None


def _names_inside(lowered: str, pats: Patterns) -> bool:
    """Whether a lexicon name ends the phrase but does not start it ("... solitaire acute stroke")."""
    words = lowered.split()
    return any(" ".join(words[i:]) in pats.forms for i in range(1, len(words)))


_LETTER_PREFIX = re.compile(r"^[A-Z]-")
_IN_POPULATION = re.compile(
    r"\s+in\s+(?:children|adults|infants|neonates|newborns|pregnancy|the\s+elderly)$", re.IGNORECASE
)
_definition_cache: list[tuple[str, list[Definition]]] = []


def _definitions(text: str) -> list[Definition]:
    if _definition_cache and _definition_cache[0][0] is text:
        return _definition_cache[0][1]
    found = definitions(text)
    _definition_cache[:] = [(text, found)]
    return found


def defined_abbreviations(text: str) -> set[str]:
    """Every abbreviation the text defines, disease or not: the lexicon's reading of them does not apply."""
    return {d.abbr for d in _definitions(text)}


def defined_diseases(text: str, pats: Patterns) -> list[tuple[str, str, str, int, int]]:
    """(abbreviation, long form, key, long start, long end) of every disease the text abbreviates."""
    out: list[tuple[str, str, str, int, int]] = []
    for definition in _definitions(text):
        long, start = definition.long, definition.long_start
        cut = long.lower().rfind(" with ")
        if cut >= 0:  # "people with epilepsy (PWE)": the disease is what follows "with"
            long, start = long[cut + 6 :], start + cut + 6
        key = _disease_like(long, pats)
        population = _IN_POPULATION.search(long)
        if key is None and population and _disease_like(long[: population.start()], pats):
            key = long.lower()  # "multisystem inflammatory syndrome in children (MIS-C)": one name
        if key:
            out.append((definition.abbr, long, key, start, definition.long_end))
    return out


def defined_mentions(text: str, lower: str, defined: list[tuple[str, str, str, int, int]]) -> list[Mention]:
    """Uses of each defined abbreviation, and the long forms the lexicon does not know as written."""
    found: list[Mention] = []
    seen: set[str] = set()
    for abbr, long, key, long_start, long_end in defined:
        found.append(Mention(key, long, long_start, long_end, False, "defined"))
        if abbr in seen:
            continue
        seen.add(abbr)
        at = text.find(abbr)
        while at >= 0:
            end = at + len(abbr)
            left_ok = at == 0 or not (text[at - 1].isalnum() or text[at - 1] == "-")
            right_ok = end >= len(text) or not (
                text[end].isalnum() or (text[end] == "-" and text[end + 1 : end + 2].isalnum())
            )
            if left_ok and right_ok:
                found.append(Mention(key, abbr, at, end, True, "defined"))
            at = text.find(abbr, at + 1)
        population = _IN_POPULATION.search(long)
        if population and key == long.lower():
            # "multisystem inflammatory syndrome in children (MIS-C)" is also written without its population
            stem = long[: population.start()].lower()
            index = lower.find(stem)
            while index >= 0:
                if index != long_start:
                    surface = text[index : index + len(stem)]
                    found.append(Mention(key, surface, index, index + len(stem), False, "defined"))
                index = lower.find(stem, index + 1)
        wanted = long.lower()
        index = lower.find(wanted)
        while index >= 0:
            if index != long_start:
                found.append(
                    Mention(key, text[index : index + len(long)], index, index + len(long), False, "defined")
                )
            index = lower.find(wanted, index + 1)
    return found


def phrase_mentions(
    text: str, lower: str, nouns: list[tuple[int, int, str]], study: list[tuple[int, int]]
) -> list[Mention]:
    """Disease-like noun phrases in population contexts (`disease_phrases`), as mentions."""
    return [
        Mention(text[a:b].lower(), text[a:b], a, b, False, "phrase")
        for a, b in phrase_spans(text, lower, nouns, study)
    ]


def merge(mentions: list[Mention]) -> list[Mention]:
    """One mention per stretch of text: the longest wins, a text definition beats the lexicon, and a
    guessed phrase never swallows a known name ("acute immune thrombocytopenic purpura" is the known
    disease with a status word in front)."""
    rank = {"defined": 0, "lexicon": 1, "phrase": 2}
    known = [m for m in mentions if m.source != "phrase"]
    spans = sorted((m.start, m.end) for m in known)
    phrases = [m for m in mentions if m.source == "phrase" and not _overlaps(spans, m.start, m.end)]
    ordered = sorted(known + phrases, key=lambda m: (m.start, -(m.end - m.start), rank[m.source]))
    kept: list[Mention] = []
    for mention in ordered:
        if kept and mention.start < kept[-1].end:
            last = kept[-1]
            if (mention.end - mention.start, -rank[mention.source]) > (
                last.end - last.start,
                -rank[last.source],
            ):
                kept[-1] = mention
            continue
        kept.append(mention)
    return kept


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    index = bisect_right(spans, (end, end))
    return any(a < end and start < b for a, b in spans[max(0, index - 8) : index])


def display(surface: str, canonical_case: dict[str, str]) -> str:
    """A mention as the reviewer should read it: sentence-case words lowered, acronyms and proper
    names kept."""
    words = []
    for word in surface.split():
        lowered = word.lower()
        if lowered in canonical_case:
            words.append(canonical_case[lowered])
        elif sum(c.isupper() for c in word) >= 2 or any(c.isdigit() for c in word):
            words.append(word)
        else:
            words.append(lowered)
    return " ".join(words)
