"""The population and follow-up fields' vocabularies, and `words` to write a list as one string.

`TRIGGERS` are the words the shared scan (`population_scan`) finds at word
starts, by the kind of field that reads them; `WORD_NUMBERS` and `COUNT_STOP`
let a count be read before a population noun ("Thirty-one refractory ITP
patients"). Keeping the lists here keeps the modules that use them short.
"""

from __future__ import annotations


def words(text: str) -> tuple[str, ...]:
    """ "a b  c" -> ("a", "b", "c")."""
    return tuple(text.split())


# Trigger words by kind. Population nouns are stems, completed by `_NOUN_TAIL`; other words must end
# at a word end, except the stems listed in `_STEMS`.
TRIGGERS: dict[str, tuple[str, ...]] = {
    "noun": tuple(
        words(
            "patient subject participant adult child infant neonate newborn adolescent teenager toddler "
            "youth women men girls boys cases volunteer individual people person pregnan mother recipient "
            "survivor resident student worker athlete veteran smoker respondent donor nurses employees "
            "elderly eyes couples families population cohort controls man woman boy girl gentleman lady"
        )
    ),
    "status": (
        "refractory",
        "multirefractory",
        "multi-refractory",
        "treatment-resistant",
        "therapy-resistant",
        "relapsed",
        "relapsing",
        "relapse",
        "relapses",
        "newly",
        "recently diagnosed",
        "new-onset",
        "new onset",
        "chronic",
        "persistent",
        "acute",
    ),
    "age": ("age", "aged", "ages"),
    "old": ("old",),
    "sex": words("male males female females men women boys girls man woman boy girl"),
    "follow": ("follow", "followed", "observation", "surveillance"),
    "sexratio": ("m/f", "f/m", "m:f", "f:m", "m / f", "f / m"),
    "review": (
        "systematic review",
        "systematically review",
        "meta-analys",
        "meta analys",
        "prisma",
        "literature search",
        "systematic search",
        "pooled analysis",
    ),
    # cues the condition field reads around a disease name (see `conditions`)
    "neg": (
        "history of",
        "complicat",
        "develop",
        "risk of",
        "secondary to",
        "exclu",
        "without",
        "no evidence of",
        "free of",
        "absence of",
        "rule out",
        "side effect",
        "side-effect",
        "adverse event",
        "adverse effect",
        "adverse reaction",
        "toxicit",
        "occurred",
        "experienced",
        "except",
        "other than",
        "revealed",
        "showed no",
    ),
    "pop": (
        "with",
        "having",
        "suffering from",
        "affected by",
        "diagnosed with",
        "diagnosed as",
        "diagnosis of",
        "treatment of",
        "management of",
        "therapy for",
        "therapy of",
        "therapy in",
        "treating",
        "treated for",
        "treatment for",
        "drug for",
        "agent for",
        "csa for",
        "managed for",
        "studies in",
        "trial in",
        "trials in",
    ),
}

WORD_NUMBERS = frozenset(
    words(
        "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
        "sixteen seventeen eighteen nineteen twenty thirty forty fourty fifty sixty seventy eighty "
        "ninety hundred thousand"
    )
)
# Words that may stand between a count and its noun ("19 refractory ITP patients") are any
# others: these may not.
COUNT_STOP = frozenset(
    words(
        "of and or to in into with from than per at for by on vs versus were was had have has who "
        "whom which that the a an these those this all are is be been being received developed "
        "achieved showed did not no only after before during within over under more less day days "
        "week weeks month months year years hour hours times mg ml dose doses course courses cycle "
        "cycles studies trials trial articles article reports report records groups group arms arm "
        "enrolled enroled included recruited underwent centers centres hospitals sites institutions "
        "countries cities regions practices clinics wards units studied treated analyzed analysed"
    )
)
