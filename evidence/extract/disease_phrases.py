"""Disease names no lexicon lists, read from how abstracts introduce a population.

A phrase counts as a disease when it ends in a disease word (-emia, -itis, -oma,
-osis, -pathy, syndrome, disease, disorder, cancer, infection, ...) and stands
right after "patients with", "diagnosed with", "suffering from", or right before
"patients" ("Kimura disease patients"). The phrase has at most four words before
the disease word and never crosses a function word, a status word or a comma, so
"patients with newly diagnosed gout" yields "gout", not the status.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from evidence.extract.vocab import words

# A disease word a phrase may end with, for names no lexicon lists.
HEAD = (
    r"(?!(?:diagnos|prognos|hypothes|analys|synthes|thes)[ie]s\b)"
    r"(?:[a-z]+(?:aemia|emia|itis|omas?|osis|oses|pathy|pathies|plasia|trophy|penia|cytosis|philia)"
    r"|diseases?|disorders?|syndromes?|cancers?|carcinomas?|leuka?emias?|lymphomas?|tumou?rs?|infections?|failure"
    r"|insufficiency|injury|injuries|deficiency|purpura|an(?:a)?emia|fever|palsy|sclerosis|dystrophy|fibrosis"
    r"|hypertension|diabetes(?:\s+mellitus)?|asthma|stroke|obesity|depression|dementia|epilepsy|sepsis|ulcers?"
    r"|thrombosis|embolism|aneurysm|stenosis|arrhythmias?|fibrillation|malignancy|malignancies|neoplasms?"
    r"|dysfunction|defects?|hernia|hemorrhage|haemorrhage|pain)"
)
HEAD_WORD = re.compile(HEAD + r"$")
_NP_STOP = frozenset(
    words(
        "with and or of the a an in on for to from by who were was had have has is are after before "
        "patients children adults refractory relapsed relapsing newly diagnosed recurrent persistent "
        "mild moderate severe their its this these those all any no both other known suspected "
        "confirmed underlying active due associated treated untreated at as than that which such "
        "histological clinical differential"
    )
)
_NP_WORD = re.compile(r"[a-z][a-z0-9'-]*")
_EDGE = ",.;:()[]\"'"


def _np_word(word: str) -> bool:
    return (
        bool(_NP_WORD.fullmatch(word))
        and word not in _NP_STOP
        and "diagnos" not in word
        and "prognos" not in word
    )


def np_after(text: str, lower: str, position: int) -> tuple[int, int] | None:
    """(start, end) of a disease-like phrase starting at `position`: up to four words, then a disease word."""
    window = lower[position : position + 90]
    offset = 0
    for index, token in enumerate(window.split()[:6]):
        at = window.find(token, offset)
        offset = at + len(token)
        word = token.rstrip(_EDGE)
        if HEAD_WORD.match(word):
            end = position + at + len(word)
            if word == "diabetes" and lower.startswith(" mellitus", end):
                end += len(" mellitus")
            return position, end
        if index >= 4 or word != token or not _np_word(word):
            return None
    return None


def np_before(lower: str, position: int) -> tuple[int, int] | None:
    """(start, end) of a disease-like phrase ending right before `position` ("acute leukemia patients")."""
    floor = max(0, position - 60)
    window = lower[floor:position]
    tokens = window.split()
    if not tokens or not HEAD_WORD.match(tokens[-1]):
        return None
    end = window.rfind(tokens[-1]) + len(tokens[-1])
    start = window.rfind(tokens[-1])
    for token in reversed(tokens[-4:-1]):
        if not _np_word(token):
            break
        start = window.rfind(token, 0, start)
    return floor + start, floor + end


_WITH_NP = re.compile(
    r"\s+(?:[\w-]+\s+){0,3}?(?:with|having|suffering\s+from|affected\s+by|diagnosed\s+(?:with|as)"
    r"|presenting\s+with)\s+",
    re.IGNORECASE,
)
# A case report's one person: only "a man with X" (what a patient presented with is a symptom).
_PERSON_WITH = re.compile(r"\s+(?:with|having|diagnosed\s+with)\s+", re.IGNORECASE)
_PERSON_NOUNS = frozenset({"man", "woman", "boy", "girl"})
_DIAGNOSED = re.compile(r"(?:diagnosed\s+(?:with|as)|suffering\s+from)\s+", re.IGNORECASE)
_PHRASE_NOUNS = frozenset(
    {
        "patients",
        "patient",
        "subjects",
        "participants",
        "adults",
        "children",
        "women",
        "men",
        "individuals",
        "people",
        "infants",
        "neonates",
        "cases",
        "persons",
        # a case report's one patient: "a 68-year-old man with metastatic melanoma"
        "man",
        "woman",
        "boy",
        "girl",
    }
)
_HEAD_NOUNS = frozenset({"patients", "subjects", "cases"})


def phrase_spans(
    text: str, lower: str, nouns: list[tuple[int, int, str]], study: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    """(start, end) of disease-like noun phrases in population contexts, for names the lexicon lacks.

    `nouns` are the population nouns (start, end, word) of the record, `study` the spans of its
    study sentences; only phrases inside those count.
    """
    found: list[tuple[int, int]] = []
    study_starts = [a for a, _ in study]

    def inside(position: int) -> bool:
        index = bisect_right(study_starts, position) - 1
        return index >= 0 and position < study[index][1]

    def add(span: tuple[int, int] | None) -> None:
        if span:
            found.append(span)

    for start, end, word in nouns:
        if word not in _PHRASE_NOUNS or not inside(start):
            continue
        cue = (_PERSON_WITH if word in _PERSON_NOUNS else _WITH_NP).match(lower, end)
        if cue:
            add(np_after(text, lower, cue.end()))
        if word in _HEAD_NOUNS:
            add(np_before(lower, start))
    for key in ("diagnosed", "suffering"):
        at = lower.find(key)
        while at >= 0:
            cue = _DIAGNOSED.match(lower, at)
            if cue and inside(at):
                add(np_after(text, lower, cue.end()))
            at = lower.find(key, at + 1)
    return found
