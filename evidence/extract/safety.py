"""Adverse events: named harms attributed to the studied treatment in the study's own patients.

A harm word is an adverse event only where the text attributes it to the
treatment; the same "bleeding" or "thrombocytopenia" elsewhere is the disease
or a clinical outcome. So names are taken only from safety sentences of the
study's own prose (results, unstructured body, conclusion; never background,
methods or a registration's planned measures):

- a sentence that speaks of safety ("adverse", "side effects", "toxicity",
  "tolerated", "grade 3", "related to treatment", "associated with <drug>"),
- a sentence where patients "developed" something after the studied drug is
  named ("received eltrombopag and 2 weeks later developed ..."),
- the one or two sentences that go on from a safety sentence ("Three patients
  had an infection (one cholecystitis, ...)") until the abstract turns back to
  efficacy.

In those sentences a name is an adverse-event lexicon term, a medical noun
phrase (a head such as "syndrome", "reaction", "thrombosis", "-itis",
"-emia"), or an item of the list after "developed". Generic words ("adverse
events", "toxicity") are not names, negated ones ("without APS") and hedged
ones ("may be a possible complication") are not events. Where no name is found
but the text states a safety finding ("Severe adverse events did not occur"),
that finding is the item.
"""

from __future__ import annotations

import re

from evidence.extract.abstract_zones import Sentence, layout
from evidence.extract.candidate import Candidate
from evidence.extract.interventions import intervention_pattern, known_keys
from evidence.extract.lexicon import load_lexicon
from evidence.extract.name_trie import trie_alternation
from evidence.extract.record_text import Folded, RecordText, record_text
from evidence.extract.vocab import words
from evidence.model import Record

FIELD = "adverse_events"
_ZONES = {"results": 0.8, "body": 0.72, "conclusion": 0.65}

_SAFETY = re.compile(
    r"\b(?:adverse|side[- ]effects?|toxicit\w*|toxic|tolera\w*|safety|safely|complications?|serious|"
    r"(?:is|was|were|are|be|appears?|seems?|remained)\s+(?:\w+\s+)?safe|safe and (?:effective|well)|"
    r"related to (?:the )?(?:treatment|therapy|study|drug|medication|infusion|vac"
    r"cin\w*)|attributed to|attributable|"
    r"grade\s*(?:[1-5]|[≥>]\s*\d|I{1,3}V?|IV)|CTCAE)\b",
    re.IGNORECASE,
)
_DEVELOPED = re.compile(r"\b(?:developed|experienced|suffered)\b", re.IGNORECASE)
# A harm reported as a result in a treated population, with no safety word in the sentence:
# "Diarrhea was reported in 9.6%", "DILI occurred in 41 patients", "Hypoglycaemia was reported by 5",
# "Acute kidney injury was less frequent with cefazolin", "two patients died of hepatic failure".
_REPORTED = re.compile(
    r"\b(?:was|were)\s+(?:\w+ly\s+)?(?:reported|observed|seen|noted|diagnosed(?!\s+(?:with|as|by|according))"
    r"|(?:more|less)\s+(?:frequent|common)|increased)\b"
    r"|\b(?:occurred|developed|appeared)\s+in\s+(?:\d|one|two|three|four|five|six|seven|eight|nine|ten|a\b|an\b)"
    r"|\b(?P<cause>died\s+(?:of|from)|(?:deaths?|mortality)\b(?:[^.;]|\.(?=\d)){0,60}?\bdue\s+to)\s",
    re.IGNORECASE,
)
# Where a clause starts: the harm a "reported" sentence names must be the subject of one.
_CLAUSE_START = re.compile(
    r"^|[;:]\s*|,\s*(?:and|while|whereas|but)\s+|\s+and\s+(?=[a-z-]+\s+(?:in|was|were)\b)"
)
_SUBJECT_LEAD = re.compile(
    r"^(?:(?:the\s+)?(?:risk|incidence|rate|frequency|occurrence|proportion)\s+of\s+)?(?:[\w≥>-]+\s+|\(\s*){0,3}$",
    re.IGNORECASE,
)
# The object of a clause's "developed": "and one patient developed a catheter-related thrombosis".
_OBJECT_OF = re.compile(r"\b(?:developed|experienced|suffered|had)\s+(?:an?\s+|the\s+)?", re.IGNORECASE)
_REPORTED_HINTS = (
    "reported",
    "observed",
    "seen",
    "noted",
    "diagnosed",
    "frequent",
    "common",
    "increased",
    "occurred",
    "developed",
    "appeared",
    "died",
    "due to",
)
_ASSOCIATED = re.compile(
    r"\b(?:associated with|after|following|due to|caused by|induced by)\b", re.IGNORECASE
)
_EFFICACY = re.compile(
    r"\b(?:respon\w*|remission|survival|follow-up|died|death|efficacy|platelet counts?|relapse\w*)\b",
    re.IGNORECASE,
)
_CONTINUES = re.compile(
    r"\b(?:had|developed|experienced|occurred|including|presented with|suffered)\b", re.IGNORECASE
)
_PLAN = re.compile(
    r"\b(?:until|to avoid|to prevent|to assess|to evaluate|to determine|to monito"
    r"r|were assessed|was assessed|"
    r"was evaluated|were evaluated|were recorded|will be|monitored|defined as|measured)\b",
    re.IGNORECASE,
)
_HEDGE = re.compile(r"\b(?:may|might|possible|possibly|potential(?:ly)?|could|risk of)\b", re.IGNORECASE)
_NEGATED = re.compile(
    r"\b(?:no|not|without|absence of|free of|none|neither|nor|excluding)\s+(?:[\w-]+\s+){0,2}"
    r"(?:(?:or|nor)\s+(?:[\w-]+\s+){0,2})?$",
    re.I,
)
# "The risk of X was increased": a finding, not a hedge.
_RISK_FOUND = re.compile(
    r"\brisk\s+of\b[^.;]{0,60}?\b(?:was|were)\s+(?:\w+ly\s+)?(?:increased|higher|elevated|greater)\b", re.I
)

_HEAD = (
    r"[A-Za-z-]*(?:itis|osis|emia|aemia|algia|penia|pathy|rrhea|rrhoea|edema|oedema|uria|plegia|cytosis|"
    r"ectasia|toxicity)|syndrome|reactions?|infarcts?|infarctions?|thrombos[ie]s|embolism|embol[iu]s?|"
    r"abscess(?:es)?|endocarditis|failure|ha?emorrhages?|bleeding|rash(?:es)?|fever|pain|infections?|zoster|"
    r"insufficiency|injury|events?|ulcers?|fractures?|necrosis|thrombocytopenia|neutropenia|anemia|anaemia|"
    r"meningitis|hepatitis|pneumonia|sepsis|reactivation|elevations?|dysfunction|perforation|arrest|shock|"
    r"jaundice"
)
_HEAD_PHRASE = re.compile(
    rf"((?:\b(?![a-z]+ing\b)(?!(?:the|a|an|of|and|or|with|in|had|has|have|developed|was|were|one|two|three|four|five|"
    rf"patients?|including|which|who|that|no|not|without|both|all|at|least|to|by|for|from)\b)"
    rf"[A-Za-z][\w/-]*\s+){{0,3}})\b({_HEAD})\b",
    re.IGNORECASE,
)
_GENERIC = re.compile(
    r"^(?:(?:severe|serious|major|minor|mild|moderate|grave|significant|common|frequent|most common|other|"
    r"any|treatment[- ]related|drug[- ]related|related|unexpected|new|total|possible|potential|manageable|"
    r"acceptable|favou?rable|tolerable|low|limited|overall|reported|"
    r"grade\s*\S+)\s+)*(?:adverse (?:events?|effects?|reactions?|drug reactions?)|side[- ]effects?|"
    r"toxicit(?:y|ies)|complications?|events?|reactions?|ae|aes|saes?|teaes?|failure|pain|injury|"
    r"dysfunction|elevations?|reactivation|infarcts?)$",
    re.IGNORECASE,
)
_LIST_AFTER = re.compile(r"\b(?:developed|experienced|suffered)\s+(?P<items>[^.;]+)", re.IGNORECASE)
_LIST_END = re.compile(
    r"\s+(?:which|that|who|although|because|after|following|due to|associated|when|while|but|whereas)\b", re.I
)
_ITEM_CUT = re.compile(
    r"\s+(?:of|in|on|which|that|who|although|because|but|after|during|within|at|than|\d)\b.*$|\s*\d.*$",
    re.IGNORECASE,
)
_FINDING = re.compile(
    r"\b(?:no|not|without|none|never|neither)\b[^.;]{0,60}\b(?:safety\s+(?:signals?|concerns?)|adverse|"
    r"side[- ]ef"
    r"fects?|toxicit\w*|complications?)"
    r"|\b(?:adverse|side[- ]effects?|toxicit\w*|complications?)\b[^.;]{0,60}\b(?:did not|were not|was not|"
    r"occurred|were (?:mild|rare|minimal|similar|comparable|uncommon|infrequent|manageable|transient)|"
    r"was (?:mild|low|acceptable|minimal)|compared)"
    r"|\bwell[- ]tolerated\b|\btolerated (?:\w+ ){0,2}well\b"
    r"|\b(?:more|fewer|less) (?:\w+ ){0,6}?(?:adverse|side[- ]effects?|toxicit\w*)",
    re.IGNORECASE,
)
# Words that make a phrase a generic label or an efficacy result, not a named harm.
_NOT_EVENT = re.compile(
    r"\b(?:adverse|side|respon\w*|remission|relaps\w*|refractory|survival|efficacy|improvement|count|counts|"
    r"diagnosis|prognosis|analysis|hypothesis|emphasis|treatment failure|virolog\w* failure|graft failure|"
    r"symptoms? (?:improved|resolved|score))\b",
    re.IGNORECASE,
)
_NOT_ITEM = re.compile(
    r"^\w+ly\b|\b(?:as|being|rated|was|were|is|are|mild|moderate|well|no|any|treatment|therapy)\b",
    re.IGNORECASE,
)
# The sentence tests and the noun-phrase scan run on every safety sentence: folded (see `record_text`;
# the noun phrase 52 -> 21 us per abstract).
_SAFETY_FOLDED, _PLAN_FOLDED, _FINDING_FOLDED, _HEAD_PHRASE_FOLDED = (
    Folded(pattern) for pattern in (_SAFETY, _PLAN, _FINDING, _HEAD_PHRASE)
)
_STOP_ITEM = frozenset(
    ["the", "a", "an", "one", "two", "three", "patient", "patients", "it", "this", "that", "them"]
)


def extract(record: Record, found: dict[str, list[Candidate]]) -> dict[str, list[Candidate]]:
    lay = layout(record)
    if lay.registry:
        return {FIELD: []}
    text = record.text
    drug_spans = [(c.start, c.end) for c in found.get("intervention", []) if c.start is not None]
    design = found.get("study_design")
    treated = bool(drug_spans) or bool(design and design[0].value in ("rct", "nonrandomized_trial"))
    drug_words = _drug_words(found)
    named: dict[str, Candidate] = {}
    previous_safety = 0
    lowered = record_text(record)
    hinted: dict[int, bool] = {}  # sentence start -> _hinted, read again by `_finding`
    for sentence in lay.sentences:
        if sentence.zone not in _ZONES:
            previous_safety = 0
            continue
        piece = text[sentence.start : sentence.end]
        low = lowered.low(sentence.start, sentence.end)
        lowered_piece = piece.lower()
        hinted[sentence.start] = hint = _hinted(lowered_piece)
        kind = _safety_kind(piece, low, lowered_piece, hint, sentence, drug_spans, drug_words)
        if kind is None and previous_safety and _CONTINUES.search(piece) and not _EFFICACY.search(piece):
            kind = "continued"
        if kind is None and treated and _reported(piece, lowered_piece):
            kind = "reported"  # only where a treatment was studied: otherwise harms are the outcomes
        if kind is None:
            previous_safety = max(0, previous_safety - 1)
            continue
        previous_safety = 2 if kind != "continued" else previous_safety - 1
        if _PLAN_FOLDED.found(piece, low):
            continue
        confidence = _ZONES[sentence.zone] - {"continued": 0.1, "reported": 0.08}.get(kind, 0.0)
        names = _names_in(text, low, sentence, confidence, kind)
        if kind == "reported":
            names = _subjects(text, sentence, names)
        for candidate in names:
            key = re.sub(r"[^a-z0-9]+", " ", candidate.value).strip()
            if key and key not in named:
                named[key] = candidate
    for candidate in _caused_by_the_drug(record, lay.sentences, drug_words):
        key = re.sub(r"[^a-z0-9]+", " ", candidate.value).strip()
        if key and key not in named:
            named[key] = candidate
    if named:
        return {FIELD: sorted(named.values(), key=lambda c: (-c.confidence, c.start or 0))}
    finding = _finding(text, lowered, lay.sentences, hinted)
    return {FIELD: [finding] if finding else []}


class _DrugWords:
    """Any treatment name: the intervention lexicon's pattern, plus the names the intervention family
    guessed for this record ("R406", "-mab" words). The guessed names are looked up as plain words:
    compiling them into the lexicon's pattern cost a whole lexicon compile per record."""

    def __init__(self, lexicon_pattern: re.Pattern[str], extra: frozenset[str]) -> None:
        self._pattern = lexicon_pattern
        self._extra = tuple(sorted(extra, key=len, reverse=True))

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> bool:
        endpos = len(text) if endpos is None else endpos
        if self._pattern.search(text, pos, endpos):
            return True
        lowered = text[pos:endpos].lower()
        return any(_has_word(lowered, name) for name in self._extra)

    def fullmatch(self, word: str) -> bool:
        return bool(self._pattern.fullmatch(word)) or word.lower() in self._extra


def _has_word(lowered: str, name: str) -> bool:
    at = lowered.find(name)
    while at >= 0:
        end = at + len(name)
        if (at == 0 or not lowered[at - 1].isalnum()) and (end == len(lowered) or not lowered[end].isalnum()):
            return True
        at = lowered.find(name, at + 1)
    return False


def _drug_words(found: dict[str, list[Candidate]]) -> _DrugWords:
    """Any treatment name: the intervention lexicon, plus names the intervention family guessed ("R406")."""
    lexicon_pattern = intervention_pattern(load_lexicon())
    names = frozenset(
        str(c.value).lower() for c in found.get("intervention", []) if c.rule != "intervention.registry"
    )
    return _DrugWords(lexicon_pattern, names - known_keys(load_lexicon()))


_AE_TERMS: list[tuple[int, re.Pattern[str], dict[str, str]]] = []


def _ae_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    """The adverse-event lexicon as one prefix-tree pattern over lower-cased text."""
    table = load_lexicon().terms.get("adverse_events", {})
    if not _AE_TERMS or _AE_TERMS[0][0] != len(table) or _AE_TERMS[0][2] is not table:
        body = trie_alternation(sorted({form.lower() for form in table}))
        _AE_TERMS[:] = [(len(table), re.compile(rf"(?<![\w-])(?:{body})(?![\w-])"), table)]
    return _AE_TERMS[0][1], _AE_TERMS[0][2]


_SAFETY_HINTS = (
    "advers",
    "side",
    "toxic",
    "tolera",
    "safe",
    "complica",
    "serious",
    "related to",
    "attribut",
    "grade",
    "ctcae",
)


def _subjects(text: str, sentence: Sentence, names: list[Candidate]) -> list[Candidate]:
    """The names a "reported" sentence gives as the subject of a clause ("Diarrhea was reported in 9.6%,
    and rash in 3.8%"), or as a cause of death; not harms inside another subject ("A rise in platelet
    counts to a level where severe bleeding becomes unlikely was seen in most")."""
    piece = text[sentence.start : sentence.end]
    starts = [m.end() for m in _CLAUSE_START.finditer(piece)]
    causes = [m.end() for m in _REPORTED.finditer(piece) if m.group("cause")]
    causes += [m.end() for m in _OBJECT_OF.finditer(piece)]
    kept = []
    for candidate in names:
        at = (candidate.start or 0) - sentence.start
        lead = max((x for x in starts if x <= at), default=0)
        if _SUBJECT_LEAD.match(piece[lead:at]) or any(0 <= at - c <= 25 for c in causes):
            kept.append(candidate)
    return kept


def _reported(piece: str, lowered: str) -> bool:
    """A harm reported as a result (`_REPORTED`); `lowered` is `piece.lower()`."""
    return any(hint in lowered for hint in _REPORTED_HINTS) and bool(_REPORTED.search(piece))


# "pembrolizumab-induced myocarditis", "rituximab-associated neutropenia": a harm named for its cause.
_CAUSED = re.compile(r"\b(?P<cause>[A-Za-z][\w]*)-(?:induced|associated|related)\s+", re.IGNORECASE)


def _caused_by_the_drug(
    record: Record, sentences: tuple[Sentence, ...], drug_words: _DrugWords
) -> list[Candidate]:
    """Harms the text names after a studied or known drug, in the title or a study sentence."""
    text = record.text
    if "-induced" not in text and "-associated" not in text and "-related" not in text:
        return []
    out: list[Candidate] = []
    for sentence in sentences:
        if sentence.zone not in (*_ZONES, "title"):
            continue
        for cause in _CAUSED.finditer(text, sentence.start, sentence.end):
            if not drug_words.fullmatch(cause.group("cause")):
                continue
            phrase = _HEAD_PHRASE.match(text, cause.end(), sentence.end)
            if phrase is None or phrase.start(2) - cause.end() > 30 or _GENERIC.match(phrase.group()):
                continue
            value = re.sub(r"\s+", " ", phrase.group()).strip().lower()
            out.append(Candidate(value, phrase.start(), phrase.end(), 0.7, "adverse_events.caused"))
    return out


def _hinted(lowered: str) -> bool:
    return any(hint in lowered for hint in _SAFETY_HINTS)


def _safety_kind(
    piece: str,
    low: str | None,
    lowered: str,
    hinted: bool,
    sentence: Sentence,
    drug_spans: list[tuple[int, int]],
    drug_words: _DrugWords,
) -> str | None:
    """Why a sentence may name adverse events: it speaks of safety, or of harm after the drug.

    `low` is the sentence lower-cased for `Folded` patterns (`RecordText.low`), `lowered` is
    `piece.lower()` and `hinted` is `_hinted(lowered)` (both computed once per sentence)."""
    if hinted and _SAFETY_FOLDED.found(piece, low):
        return "safety"
    if "develop" not in lowered and "experienc" not in lowered and "suffer" not in lowered:
        return None
    developed = _DEVELOPED.search(piece)
    if developed:
        at = sentence.start + developed.start()
        if any(sentence.start <= start < at for start, _ in drug_spans):
            return "after_drug"
        if drug_words.search(piece, 0, developed.start()):
            return "after_drug"
        associated = _ASSOCIATED.search(piece, developed.end())
        if associated and drug_words.search(piece, associated.end()):
            return "after_drug"
    return None


def _names_in(
    text: str, low: str | None, sentence: Sentence, confidence: float, kind: str
) -> list[Candidate]:
    piece = text[sentence.start : sentence.end]
    out: list[Candidate] = []
    spans: list[tuple[int, int]] = []

    def add(start: int, end: int, conf: float, rule: str) -> None:
        start, end = _trim(piece, start, end)
        phrase = piece[start:end]
        if not phrase or _GENERIC.match(phrase) or phrase.lower() in _STOP_ITEM or _NOT_EVENT.search(phrase):
            return
        if _NEGATED.search(piece[max(0, start - 40) : start]) or _hedged(piece, start):
            return
        if any(a <= start < b or start <= a < end for a, b in spans):
            return
        spans.append((start, end))
        value = re.sub(r"\s+", " ", phrase).strip().lower()
        out.append(Candidate(value, sentence.start + start, sentence.start + end, round(conf, 3), rule))

    pattern, _ = _ae_pattern()
    lowered = piece.lower()
    for match in pattern.finditer(lowered) if len(lowered) == len(piece) else ():
        start, end = _modifiers(piece, match.start()), match.end()
        add(start, end, confidence, "adverse_events.lexicon")
    for match in _head_phrases(piece, low):
        add(match.start(), match.end(), confidence - 0.1, "adverse_events.phrase")
    if kind in ("after_drug", "safety"):
        for match in _LIST_AFTER.finditer(piece):
            items_end = match.end("items")
            tail = _LIST_END.search(piece, match.start("items"), items_end)
            for item_start, item_end in _list_items(
                piece, match.start("items"), tail.start() if tail else items_end
            ):
                add(item_start, item_end, confidence - 0.12, "adverse_events.list")
    return out


# Every `_HEAD` match holds one of these (lower-cased): "itis" of "hepatitis", "emia" of "anaemia",
# "penia" of "thrombocytopenia", ...
_HEAD_LITERALS = re.compile(
    trie_alternation(
        sorted(
            words(
                "itis osis emia algia penia pathy rrhea rrhoea edema uria plegia ectasia toxicity "
                "syndrome reaction infarct thrombos embol abscess failure emorrhage bleeding rash fever "
                "pain infection zoster insufficiency injury event ulcer fracture pneumonia sepsis "
                "reactivation elevation dysfunction perforation arrest shock jaundice"
            )
        )
    )
)
_SPACE_RUN = re.compile(r"\s+")


def _head_phrases(piece: str, low: str | None) -> list[re.Match[str]]:
    """`list(_HEAD_PHRASE.finditer(piece))`, the pattern tried only near a head word.

    A match is up to three modifier words, each followed by white space, then a head; the head
    holds one of `_HEAD_LITERALS`. So the next match starts after at most three runs of white
    space before the next such literal: the (folded) pattern is searched from there, which
    finds what `finditer` finds without trying the modifier words at every word of the
    sentence (40 us per safety sentence before; a few now).
    """
    if low is None:
        return list(_HEAD_PHRASE.finditer(piece))
    out: list[re.Match[str]] = []
    reached = 0
    folded, original = _HEAD_PHRASE_FOLDED.folded, _HEAD_PHRASE.match
    while True:
        literal = _HEAD_LITERALS.search(low, reached)
        if literal is None:
            return out
        runs = [space.end() for space in _SPACE_RUN.finditer(low, reached, literal.start())]
        found = folded.search(low, runs[-4] if len(runs) >= 4 else reached)
        if found is None:
            return out
        confirmed = original(piece, found.start())
        if confirmed is None:  # cannot happen where folding holds; the plain scan decides then
            return list(_HEAD_PHRASE.finditer(piece))
        out.append(confirmed)
        reached = confirmed.end()


_MODIFIERS = re.compile(
    r"((?:\b(?:(?i:clinically significant|severe|serious|major|minor|fatal|life-threatening|catastrophic|"
    r"aseptic|early|late|acute|chronic|recurrent|multiple)|[A-Z][a-z]+-[A-Z][\w-]*|[a-z]+(?:al|ic|ous|ive|ary)"
    r"|[a-z]+-(?:related|associated|site))\s+)"
    r"{1,3})$"
)


def _modifiers(piece: str, start: int) -> int:
    """Extend a lexicon term over the words that qualify it ("clinically significant bleeding")."""
    match = _MODIFIERS.search(piece, max(0, start - 50), start)
    return start - len(match.group(1)) if match else start


def _list_items(piece: str, start: int, end: int) -> list[tuple[int, int]]:
    """The items of "developed A with B of the mitral and aortic valves, C and D": cut before complements."""
    items = []
    position = start
    for chunk in re.split(r"(,\s*|\s+with\s+)", piece[start:end]):
        if re.fullmatch(r",\s*|\s+with\s+", chunk):
            position += len(chunk)
            continue
        kept = _ITEM_CUT.sub("", chunk)
        offset = position
        for part in re.split(r"(\s+and\s+|\s+or\s+)", kept):
            if re.fullmatch(r"\s+and\s+|\s+or\s+", part):
                offset += len(part)
                continue
            words = part.split()
            if 1 <= len(words) <= 5 and not words[0][0].isdigit() and not _NOT_ITEM.search(part):
                items.append((offset, offset + len(part)))
            offset += len(part)
        position += len(chunk)
    return items


def _trim(piece: str, start: int, end: int) -> tuple[int, int]:
    while start < end and not piece[start].isalnum():
        start += 1
    while end > start and not piece[end - 1].isalnum():
        end -= 1
    words = piece[start:end].split()
    while words and words[0].lower() in ("the", "a", "an", "one", "two", "three", "some", "other", "any"):
        start += len(words[0]) + 1
        while start < end and piece[start].isspace():
            start += 1
        words.pop(0)
    return start, end


def _hedged(piece: str, start: int) -> bool:
    clause_start = max(
        piece.rfind(";", 0, start), piece.rfind(". ", 0, start), piece.rfind(", and ", 0, start), 0
    )
    ends = [e for e in (piece.find(";", start), piece.find(", and ", start)) if e >= 0]
    clause = piece[clause_start : min(ends) if ends else len(piece)]
    if _RISK_FOUND.search(clause):
        clause = _RISK_FOUND.sub(" ", clause)
    return bool(_HEDGE.search(clause))


def _finding(
    text: str, lowered: RecordText, sentences: tuple[Sentence, ...], hinted: dict[int, bool]
) -> Candidate | None:
    """The stated safety finding when no event is named ("Severe adverse events did not occur").

    `hinted` holds `_hinted` of each safety-zone sentence, by its start (from `extract`)."""
    for sentence in sentences:
        if sentence.zone not in _ZONES:
            continue
        if not hinted[sentence.start]:
            continue
        piece = text[sentence.start : sentence.end]
        low = lowered.low(sentence.start, sentence.end)
        if _PLAN_FOLDED.found(piece, low) or not _FINDING_FOLDED.found(piece, low):
            continue
        end = sentence.end - (1 if piece.endswith(".") else 0)
        confidence = 0.6 if sentence.zone != "conclusion" else 0.5
        value = re.sub(r"\s+", " ", text[sentence.start : end]).strip()
        return Candidate(value, sentence.start, end, confidence, "adverse_events.finding")
    return None
