"""Words that state a study's design, weighed by whether they describe this study.

An abstract names many designs: its own ("In this retrospective study"), those of
the literature it cites ("randomized trials have shown"), those a review
included or excluded ("we excluded case reports"), and those it calls for
("more randomized trials are needed"). A cue's weight therefore starts from how
specific the words are and is then moved by its sentence:

- the title, or an own-study marker before the cue ("this", "our", "we", "here",
  "were randomized") raise it;
- background wording ("previous", "have shown", "are needed", "such as"), a
  background section, or a plural noun ("randomized trials") lower it;
- a count before the noun ("9 randomized trials", "1 case report") or an
  inclusion/exclusion sentence mean the design is one the record *reviewed*:
  such a cue is turned into evidence for a review instead.

Speed: each pattern runs only where one of its trigger words occurs (a set test
on the text's words, then a regex pass over the stretches around them), on the
lower-cased text and without a leading word-boundary test, which keeps the regex engine's fast
first-character scan; overlapping hits are resolved as one alternation would.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from evidence.extract.name_trie import first_character_alternation
from evidence.extract.record_text import record_text

RCT = "rct"
NRT = "nonrandomized_trial"
PROSPECTIVE = "prospective_observational"
RETROSPECTIVE = "retrospective_observational"
CASE_REPORT = "case_report"
CASE_SERIES = "case_series"
SYSTEMATIC_REVIEW = "systematic_review"
META_ANALYSIS = "meta_analysis"
OTHER = "other"
# A pooled-estimate method: evidence for a meta-analysis only together with a review.
MA_METHOD = "ma_method"

_NUM_WORD = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    r"|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
)
_PHASE = r"phase[\s-]?(?:I{1,3}V?|IV|[1-4])[ab]?(?:\s?(?:/|-|and)\s?(?:I{1,3}|[1-4])[ab]?)?"

# group name -> (design, base weight)
_CUES: dict[str, tuple[str, float]] = {
    "ma": (META_ANALYSIS, 0.6),
    "ma_method": (MA_METHOD, 0.5),
    "sr": (SYSTEMATIC_REVIEW, 0.6),
    "sr_search": (SYSTEMATIC_REVIEW, 0.5),
    "nonrandom": (NRT, 0.7),
    "rct": (RCT, 0.55),
    "rct_assign": (RCT, 0.75),
    "single_arm": (NRT, 0.65),
    "phase": (NRT, 0.5),
    "trial": (NRT, 0.35),
    "case_series": (CASE_SERIES, 0.65),
    "patient_n": (CASE_SERIES, 0.6),
    "case_report": (CASE_REPORT, 0.6),
    "one_patient": (CASE_REPORT, 0.55),
    "retro_data": (RETROSPECTIVE, 0.45),
    "period": (RETROSPECTIVE, 0.35),
    "retro": (RETROSPECTIVE, 0.6),
    "case_control": (RETROSPECTIVE, 0.5),
    "prosp": (PROSPECTIVE, 0.55),
    "observational": (PROSPECTIVE, 0.3),
    "narrative": (OTHER, 0.45),
    "narrative_title": (OTHER, 0.45),
    "preclinical": (OTHER, 0.3),
}

_PATTERNS: dict[str, str] = {
    "ma": r"meta(?:-?\s?analy(?:sis|ses|tic|[sz]ed)|-regression)",
    "ma_method": (
        r"(?:fixed|random)[- ]effects?(?:\s+models?)?"
        r"|pooled\s+(?:odds|risk|hazard|rate|relative|mean|standardi[sz]ed|weighted|estimates?|effects?"
        r"|prevalence|proportions?|incidence|sensitivity|specificity|OR|RR|HR|analysis)"
        r"|summary\s+(?:effect\s+)?estimates?|forest\s+plots?|(?:standardi[sz]ed|weighted)\s+mean\s+differences?"
        r"|heterogeneity\s+(?:was|among|between|across|\(I)|I(?:2|²|\^2)\s*(?:=|statistic|of|was|<|>)"
    ),
    "sr": (
        r"systematic(?:ally)?\s+(?:literature\s+)?review(?:ed)?|scoping\s+review|umbrella\s+review"
        r"|cochrane\s+review|PRISMA\b|systematic(?:ally)?\s+(?:literature\s+)?search(?:ed)?"
        r"|systematic\s+search\s+of"
    ),
    "sr_search": (
        r"(?:comprehensive\s+)?literature\s+search|electronic\s+databases?|data\s+sources"
        r"|searched\s+(?:the\s+)?(?:[\w,]+\s+){0,4}?(?:PubMed|MEDLINE|Medline|Embase|EMBASE|Cochrane|Web\s+of\s+Science"
        r"|Scopus|CINAHL|PsycINFO|databases?)"
        r"|(?:PubMed|MEDLINE|Embase|EMBASE|Scopus)\s*,\s*(?:[\w ]+,\s*)*(?:and\s+)?"
        r"(?:Embase|EMBASE|Cochrane|Web\s+of\s+Science|Scopus|CINAHL)"
    ),
    "nonrandom": (
        r"non[-_]?\s?randomi[sz]ed|not\s+randomi[sz]ed|without\s+randomi[sz]ation"
        r"|quasi-?\s?(?:randomi[sz]ed|experimental)"
    ),
    "rct_assign": (
        r"randomly\s+(?:assigned|allocated|divided|distributed|selected)|were\s+randomi[sz]ed|was\s+randomi[sz]ed"
        r"|randomi[sz]ed\s+(?:in|into|to)\b|random\s+(?:allocation|assignment)|underwent\s+randomi[sz]ation"
    ),
    "rct": r"randomi[sz]ed|randomi[sz]ation|RCTs?\b",
    "single_arm": (
        r"single[- ]arm|open[- ]label|open\s+(?:study|trial)\b|single[- ]group|uncontrolled\s+(?:trial|study)"
        r"|dose[- ]escalation|dose[- ]finding|first[- ]in[- ]human|before[- ]and[- ]after\s+(?:study|design)"
        r"|pre-?\s?post\s+(?:study|design)"
    ),
    "phase": _PHASE + r"\b,?\s+(?:[\w-]+,?\s+){0,3}?(?:trial|study)\b",
    "trial": (
        r"(?:clinical|pilot|prospective|interventional|multicenter|multicentre|investigator-initiated)\s+trial\b"
        r"|(?:this|the\s+present|our)\s+trial\b"
    ),
    "case_series": r"case\s+series|series\s+of\s+(?:\d+|" + _NUM_WORD + r")\s+(?:patients|cases)",
    "patient_n": r"(?:patient|case)\s+(?:[2-9]|two|three|four|II|III)\b",
    "case_report": (
        r"case\s+(?:report|presentation|description)|(?:we|here(?:in)?,?\s+we)\s+(?:report|describe|present)"
        r"\s+(?:a|an|the)\s+(?:rare\s+|unusual\s+|unique\s+|novel\s+)?(?:case|patient)|(?:this|our|the\s+present)\s+case\b"
        r"|a\s+(?:rare\s+|unusual\s+)?case\s+of|(?:a|one)\s+patient\s+(?:[\w-]+\s+){0,8}?is\s+(?:described|reported|presented)"
    ),
    "one_patient": (
        r"(?:A|An|We\s+(?:report|describe|present)\s+an?)\s+(?:[\w-]+,?\s+){0,4}?"
        r"(?:man|woman|male|female|boy|girl|gentleman|lady|infant|neonate|newborn|child|patient)\b"
        r"(?=\s+(?:of|with|who|was|aged|presented|presenting|had|developed|underwent|received|from)\b)"
    ),
    "retro_data": (
        r"chart\s+review|(?:medical|clinical|hospital|health)\s+records?\s+(?:were|was)\s+(?:reviewed|analy[sz]ed|examined)"
        r"|review(?:ed)?\s+(?:of\s+)?(?:the\s+)?(?:medical|clinical|hospital)\s+(?:records|charts|data)"
        r"|(?:registry|database|claims)[- ]based"
        r"|prospectively\s+(?:maintained|collected|recorded)\s+(?:[\w-]+\s+){0,3}?(?:database|registry|registries|data)"
        r"|(?:data|records)\s+(?:from|of)\s+(?:the\s+)?(?:[\w-]+\s+){0,5}?(?:database|registry|registries|claims)"
        r"|(?:our|institutional|single[- ]cent(?:er|re)|single[- ]institution)\s+experience"
    ),
    # a past enrolment window with "included"/"reviewed" in its sentence (checked in `find_cues`)
    "period": (
        r"(?:between|from)\s+(?:[a-z]+\.?\s+)?(?:\d{1,2}\s+)?(?:19|20)\d\d\s*(?:and|to|until|-|–)\s*"
        r"(?:[a-z]+\.?\s+)?(?:\d{1,2},?\s+)?(?:19|20)\d\d"
    ),
    "retro": r"retrospective(?:ly)?",
    "case_control": r"case[- ]control",
    "prosp": r"prospective(?:ly)?",
    "observational": (
        r"observational|cohort\s+(?:study|analysis)|cross-sectional|longitudinal\s+(?:study|cohort)"
        r"|population-based\s+(?:study|cohort)|follow-up\s+study|registry\s+study"
    ),
    "narrative": (
        r"(?:this|the\s+present|our)\s+(?:narrative\s+)?review|we\s+review|(?:this|the)\s+(?:article|paper|chapter)\s+(?:reviews|summari[sz]es|discusses)"
        r"|narrative\s+review|(?:editorial|commentary|consensus\s+statement|practice\s+guideline|position\s+statement)\b"
        r"|review\s+of\s+the\s+literature|literature\s+review"
    ),
    # only looked for in the title: "Light therapy for acne: an update"
    "narrative_title": (
        r"(?:a|an)\s+(?:(?!systematic|scoping|umbrella|cochrane|retrospective|chart|records?|case)[\w-]+\s+){0,2}?"
        r"(?:review|overview|update)\b"
    ),
    "preclinical": (
        r"(?:mice|murine|rats?|in\s+vitro|cell\s+lines?|animal\s+models?|mouse\s+models?|zebrafish)\b"
    ),
}

# Patterns run case-sensitively on the lower-cased text (several times faster than
# IGNORECASE), so they are lower-cased here; they use no upper-case escapes.
assert not any(re.search(r"\\[A-Z]", p) for p in _PATTERNS.values())
# Each alternation is rewritten to open with one literal character per alternative, which lets the
# regex engine skip to candidate characters (`first_character_alternation`: same matches, the long
# alternations 2x to 3.5x faster).
_COMPILED = {
    name: re.compile(first_character_alternation(pattern.lower())) for name, pattern in _PATTERNS.items()
}
# A pattern runs only when one of its words is among the text's words: a set test
# costs far less than a regex pass, and most abstracts hold few cue families.
_TRIGGERS: dict[str, frozenset[bytes]] = {
    name: frozenset(word.encode() for word in words.split())
    for name, words in {
        "ma": "meta metaanalysis metaanalyses metaanalytic",
        "ma_method": "fixed random pooled summary forest heterogeneity i2 i² i^2 "
        "standardized standardised weighted",
        "sr": "systematic systematically scoping umbrella cochrane prisma",
        "sr_search": "literature electronic sources searched pubmed medline embase scopus",
        "nonrandom": "randomized randomised randomization randomisation nonrandomized nonrandomised quasi",
        "rct_assign": "randomly randomized randomised random randomization randomisation",
        "rct": "randomized randomised randomization randomisation rct rcts nonrandomized nonrandomised",
        "single_arm": "single open uncontrolled dose first before pre prepost post",
        "phase": "phase",
        "trial": "trial",
        "case_series": "series",
        "patient_n": "patient case",
        "case_report": "case report describe present described reported presented",
        "one_patient": "man woman male female boy girl gentleman lady infant neonate newborn child patient",
        "retro_data": "chart charts records record reviewed review based prospectively data experience",
        "period": "between from",
        "retro": "retrospective retrospectively",
        "case_control": "control",
        "prosp": "prospective prospectively",
        "observational": "observational cohort cross longitudinal population follow registry",
        "narrative": "review reviews narrative editorial commentary consensus guideline statement literature "
        "summarizes summarises discusses",
        "narrative_title": "review overview update",
        "preclinical": "mice murine rat rats vitro cell animal mouse zebrafish",
    }.items()
}
assert set(_TRIGGERS) == set(_PATTERNS)
_ALL_TRIGGERS: frozenset[bytes] = frozenset().union(*_TRIGGERS.values())
# Unicode hyphens ("meta‐analysis", "open‐label") read as "-"; one character each, so offsets hold.
_HYPHENS = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-"})
# The text's words, split at ASCII punctuation: UTF-8 bytes translate and split
# about twice as fast as str does (non-ASCII letters stay inside their words).
_BREAKS = b".,;:()[]{}\"'/!?%=<>+*&-_\n\t\r"
_WORD_BREAKS = bytes.maketrans(_BREAKS, b" " * len(_BREAKS))
_ORDER = {name: index for index, name in enumerate(_PATTERNS)}
# ASCII characters that split the regex's words but not ours (`#$@\^`|~` and controls), or ours but
# not the regex's ("_"): without them (and without non-ASCII) the two word sets are the same.
_UNSPLIT = re.compile(r"[_#$@\\^`|~\x00-\x08\x0e-\x1f\x7f]")


_SENTENCE_INITIAL = frozenset({"one_patient"})
# Every match of a pattern contains one of its trigger words and is shorter than
# this, so scanning this far around each trigger finds exactly what a full scan would.
_REACH = 160


def _windows(lower: str, present: frozenset[bytes], limit: int) -> list[tuple[int, int]]:
    """Merged stretches of the text around the trigger words' occurrences."""
    spans: list[tuple[int, int]] = []
    for word_bytes in present:
        word = word_bytes.decode()
        index = lower.find(word, 0, limit)
        while index >= 0:
            spans.append((max(0, index - _REACH), min(limit, index + len(word) + _REACH)))
            index = lower.find(word, index + len(word), limit)
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _starts_sentence(text: str, start: int) -> bool:
    before = text[max(0, start - 3) : start].rstrip(" ")
    return not before or before[-1] in ".:\n"


def _matches(text: str, title_end: int) -> tuple[str, list[tuple[str, re.Match[str]]]]:
    """The lower-cased text, and the cue matches in it as one alternation would give
    them: leftmost first, earlier pattern on ties, no overlaps."""
    shared = record_text(text)
    lower = shared.lower  # a few characters lower-case to two: those kept, offsets right
    if lower.isascii() and _UNSPLIT.search(lower) is None:
        # every non-word character is a break here, and every break a non-word one: the words are
        # the record's shared word set (`RecordText.words`, also read by the intervention family)
        words = _ALL_TRIGGERS & shared.words()
    else:
        if any(hyphen in lower for hyphen in "\u2010\u2011\u2012\u2013\u2014"):
            lower = lower.translate(_HYPHENS)
        # only the trigger words matter: intersecting the word list with them skips a set of all words
        words = _ALL_TRIGGERS.intersection(lower.encode().translate(_WORD_BREAKS).split())
    found: list[tuple[str, re.Match[str]]] = []
    for name, pattern in _COMPILED.items():
        triggers = _TRIGGERS[name]
        if triggers.isdisjoint(words):
            continue
        present = triggers & words
        limit = title_end if name == "narrative_title" else len(text)
        for start, end in _windows(lower, present, limit):
            found.extend((name, m) for m in pattern.finditer(lower, start, end))
    # Patterns carry no leading \b (it disables the regex engine's first-character
    # scan); a cue must still start a word, and some must start a sentence.
    found = [
        (name, m)
        for name, m in found
        if not (m.start() and (lower[m.start() - 1].isalnum() or lower[m.start() - 1] == "_"))
        and (name not in _SENTENCE_INITIAL or _starts_sentence(lower, m.start()))
    ]
    found.sort(key=lambda item: (item[1].start(), _ORDER[item[0]]))
    out: list[tuple[str, re.Match[str]]] = []
    reached = 0
    for name, match in found:
        if match.start() >= reached:
            out.append((name, match))
            reached = match.end()
    return lower, out


def _lower_pattern(pattern: str) -> re.Pattern[str]:
    """A context pattern for the lower-cased text (no upper-case escapes in these patterns)."""
    assert not re.search(r"\\[A-Z]", pattern)
    return re.compile(pattern.lower())


_OWN = _lower_pattern(
    r"\b(?:this|the\s+present|the\s+current|our|we|here(?:in)?|in\s+an?)\b|\bwas\s+(?:a|an)\b|\bis\s+(?:a|an)\b",
)
_BACKGROUND = _lower_pattern(
    r"\b(?:previous(?:ly)?(?!\s+(?:healthy|well|fit|unremarkable))|prior\s+(?:studies|trials|reports)|earlier\s+(?:studies|trials)|have\s+(?:been\s+)?(?:shown|reported|demonstrated|suggested|found|described)"
    r"|has\s+(?:been\s+)?(?:shown|reported|demonstrated|suggested|described)|in\s+the\s+literature|et\s+al\b|(?:are|is|were)\s+(?:still\s+)?(?:needed|required|warranted|lacking)"
    r"|future|further\s+(?:studies|trials|research|investigation|work)|should\s+be|such\s+as|e\.g\.|lack\s+of|no\s+(?:randomi[sz]ed|prospective|controlled)"
    r"|few\s+(?:randomi[sz]ed|prospective|controlled|studies|trials)|most\s+(?:studies|trials)|many\s+(?:studies|trials|small)|recent(?:ly)?"
    r"|other\s+(?:studies|trials)|(?:studies|trials)\s+(?:have|has|show|suggest)|in\s+contrast\s+to|unlike)\b",
)
# A sentence about which studies a review took in or left out.
_STUDY_NOUNS = r"(?:studies|trials|articles|reports|RCTs|publications|papers|series|analyses|reviews)"
_SELECTION = _lower_pattern(
    r"\b(?:exclud\w*|includ\w*|eligib\w*|selection\s+criteria|inclusion)\b[^.]{0,80}?\b"
    + _STUDY_NOUNS
    + r"\b"
    r"|\b" + _STUDY_NOUNS + r"\b[^.]{0,60}?\b(?:exclud\w*|includ\w*|eligib\w*)",
)
_COUNT_BEFORE = _lower_pattern(r"(?:\b\d+|\b(?:" + _NUM_WORD + r"))\s+(?:[\w-]+[\s,]+){0,3}$")
# The first study noun after a design adjective: "randomized controlled trials".
_NOUN_AFTER = _lower_pattern(
    r"^[\w\s,/-]{0,40}?\b(trials?|stud(?:y|ies)|reports?|RCTs?|analys[ie]s|reviews?|designs?)\b"
)
# Cues that are nouns themselves ("a case report", "a meta-analysis").
_NOUN_CUES = frozenset({"ma", "sr", "case_series", "case_report", "case_control"})
# From a design adjective on to its noun ("retrospective, observational study") or verb
# ("retrospectively analyzed"), so the evidence shown is the phrase, not one word.
_EXTEND = _lower_pattern(
    r"(?:,?\s+(?!(?:was|were|is|are|to|of|in|with|by|for|that|which|who|had|has|on|at|from|we|and\s+the)\b)[\w-]+){0,6}"
    r",?\s+(?:study|trial|analysis|review|design|cohort|series|report|investigation)\b|\s+\w+ed\b",
)
_PERIOD_VERB = re.compile(
    r"\b(?:included|reviewed|analy[sz]ed|identified|underwent|diagnosed|treated|collected)\b"
)
_PERIOD_BLOCK = re.compile(r"\b(?:enrolled|recruited|randomi[sz]ed|prospective(?:ly)?|will)\b")
_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z(\[])|\n")


@dataclass(frozen=True, slots=True)
class Cue:
    """A design cue found in the text, its weight after context, and its span."""

    design: str
    weight: float
    start: int
    end: int
    rule: str
    sentence_start: int


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    left = max(
        text.rfind("\n", 0, start),
        max((m.end() for m in _SENTENCE_END.finditer(text, max(0, start - 400), start)), default=-1),
    )
    right_match = _SENTENCE_END.search(text, end)
    right = right_match.start() + 1 if right_match else len(text)
    return max(left, 0), right


@dataclass(slots=True)
class _Sentence:
    """What a sentence says about the designs it names (computed once per sentence)."""

    selection: bool
    background: bool


def _sentence_facts(sentence: str) -> _Sentence:
    return _Sentence(bool(_SELECTION.search(sentence)), bool(_BACKGROUND.search(sentence)))


def find_cues(text: str, title_end: int, background: list[tuple[int, int]]) -> list[Cue]:
    """Every design cue in `text` with its context-adjusted weight.

    `title_end` is where the title ends (0 when unknown): cues in the title are the
    authors' own label for their study. `background` lists spans of background
    sections, whose design words are about other studies.
    """
    cues: list[Cue] = []
    facts: dict[int, _Sentence] = {}
    lower, matches = _matches(text, title_end)
    for name, match in matches:
        design, weight = _CUES[name]
        start, end = match.start(), match.end()
        s_start, s_end = _sentence_bounds(text, start, end)
        # context is read from the lower-cased text: same offsets, and the patterns
        # below run case-sensitively, which is several times faster than IGNORECASE
        before = lower[s_start:start]
        after = lower[end : min(s_end, end + 60)]
        sentence = lower[s_start:s_end]
        in_title = start < title_end
        if name in _NOUN_CUES:
            word = match.group() + ("s" if lower[end : end + 1] == "s" else "")
        else:
            noun = _NOUN_AFTER.match(after)
            word = noun.group(1) if noun else match.group()
        plural = word.endswith(("ies", "ses", "trials", "reports", "rcts", "reviews", "designs", "series"))
        if name == "case_series":
            plural = bool(re.search(r"(?:many|several|some|few|other|and|/)\s*$", before))
        counted = bool(_COUNT_BEFORE.search(before[-40:])) and (plural or name in _NOUN_CUES)
        if name == "period" and (not _PERIOD_VERB.search(sentence) or _PERIOD_BLOCK.search(sentence)):
            continue  # "were enrolled between ..." can be any design; "were reviewed between ..." cannot
        if s_start not in facts:
            facts[s_start] = _sentence_facts(sentence)
        selection = facts[s_start].selection
        own = (bool(_OWN.search(before)) or name == "rct_assign") and name != "period"
        if in_title:
            weight = min(0.95, weight + 0.3)
        elif plural and design in (SYSTEMATIC_REVIEW, META_ANALYSIS):
            weight *= 0.3  # "meta-analyses", "systematic reviews": other reviews, never this one
        elif counted or (selection and design not in (SYSTEMATIC_REVIEW, META_ANALYSIS, MA_METHOD, OTHER)):
            # designs of studies a review counted, included or excluded
            if design not in (SYSTEMATIC_REVIEW, META_ANALYSIS):
                cues.append(Cue(SYSTEMATIC_REVIEW, 0.4, start, end, "review.counted", s_start))
            weight *= 0.2
        else:
            background_part = any(a <= start < b for a, b in background)
            if facts[s_start].background:
                weight *= 0.35
            elif plural and not own:
                weight *= 0.4
            elif own:
                weight = min(0.92, weight + 0.25)
            if background_part:
                weight *= 0.5
        if extension := _EXTEND.match(lower, end, min(s_end, end + 80)):
            end = extension.end()
        cues.append(Cue(design, round(weight, 3), start, end, f"design.{name}", s_start))
    return cues
