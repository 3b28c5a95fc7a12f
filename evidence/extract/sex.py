"""Sex of the participants as counts {"male": m, "female": f} covering the whole sample.

Read from, surest first:
- both counts stated: "11 males and 12 females", "12 women and 8 men", "M/F 10/13",
  "male/female: 10/13";
- one count or share with a known sample size (spec: a percent is converted to a count):
  "65% female", "14 (45%) were men", "male:female ratio 1.2:1";
- a one-sex population (gold rule 9): "pregnant women", "women with ITP were included"
  and no man in sight -> all female; a single patient described as "a 67-year-old
  woman" -> {"male": 0, "female": 1}.

Counts that do not add up to a well-established sample size describe a subgroup
("the MSC group had 5 boys and 4 girls"), so they are dropped.

The patterns run anchored at the sex words ("male", "women", "boys", "M/F"), which
most abstracts lack: those cost one literal search each.
"""

from __future__ import annotations

import re

from evidence.extract.candidate import Candidate
from evidence.extract.population_scan import Scan, count_before
from evidence.extract.quantities import COUNT, parse_count

FIELD = "sex"

_SEX_WORD = re.compile(
    r"(?P<word>males?|females?|men|women|boys?|girls?|man|woman|male\s+(?:patients|participants|subjects"
    r"|children|adults|infants)|female\s+(?:patients|participants|subjects|children|adults|infants))\b",
    re.IGNORECASE,
)
_FEMALE_WORDS = ("female", "women", "girl")
_PARTNER = re.compile(
    r"\s*(?:[(\[]\s*\d+(?:\.\d+)?\s*%\s*[)\]]\s*)?(?:,\s*|\s+)(?:and\s+|vs\.?\s+|versus\s+)?(?P<count>"
    + COUNT
    + r")"
    r"\s*(?:[(\[]\s*\d+(?:\.\d+)?\s*%\s*[)\]]\s*)?(?:were\s+|was\s+)?"
    r"(?P<word>males?|females?|men|women|boys?|girls?|man|woman)\b",
    re.IGNORECASE,
)
_SLASH = re.compile(
    r"(?P<order>m\s*/\s*f|f\s*/\s*m|m\s*:\s*f|f\s*:\s*m|males?\s*/\s*females?|females?\s*/\s*males?"
    r"|men\s*/\s*women|women\s*/\s*men|boys\s*/\s*girls|girls\s*/\s*boys"
    r"|(?:male|female)[- ](?:to[- ])?(?:female|male))(?P<ratio>\s+ratio)?\s*(?:=|:|,|was|of|were)?\s*"
    r"(?P<a>\d+(?:\.\d+)?)\s*(?:/|:|to)\s*(?P<b>\d+(?:\.\d+)?)\b",
)
_FEMALE_POPULATION = re.compile(
    r"\b(?:pregnan(?:t|cy|cies)|women|mothers|postmenopausal|premenopausal|parturients|puerper\w*|gravid\w*"
    r"|obstetric\w*|girls)\b",
    re.IGNORECASE,
)
_MALE_POPULATION = re.compile(r"\b(?:men|boys|males|male(?=\s+[a-z]+s\b))\b", re.IGNORECASE)
_FEMALE_WORDS_ANY = re.compile(
    r"\b(?:women|woman|females?|girls?|mothers?|pregnan\w*|maternal|ovar\w*|uter\w*|breast\s+cancer|she|her)\b",
    re.IGNORECASE,
)
_MALE_WORDS = re.compile(r"\b(?:men|males?|boys|fathers|paternal|man|prostat\w*|testicular)\b", re.IGNORECASE)
_NOT_BEFORE = re.compile(r"(?:\bnot|\bnon-?|\bno)\s*$", re.IGNORECASE)
_PERSON = re.compile(
    r"\b(?:a|an)\s+(?:[\w-]+\s+){0,4}?(?P<sex>woman|female|girl|lady|man|male|boy|gentleman)\b", re.IGNORECASE
)
_PERSON_WORDS = frozenset({"woman", "female", "girl", "lady"})
_SHE = re.compile(r"\b(?:she|her)\b", re.IGNORECASE)
_HE = re.compile(r"\b(?:he|his|him)\b", re.IGNORECASE)
_STUDY_ZONES = frozenset({"title", "objective", "methods", "results", "body", "conclusion"})
_POPULATION_ZONES = frozenset({"title", "objective", "methods", "body"})


def _from_share(share_male: float, total: int) -> dict[str, int]:
    male = round(share_male * total + 1e-9)
    return {"male": male, "female": total - male}


def _is_female(word: str) -> bool:
    return word.lower().startswith(_FEMALE_WORDS)


def _sex_words(scan: Scan) -> list[re.Match[str]]:
    """Every sex word in a study sentence, from the shared scan's hits."""
    found: list[re.Match[str]] = []
    for begin, end, _word in scan.hits["sex"]:
        if scan.lower[end : end + 1].isalpha() and scan.lower[end : end + 1] != "s":
            continue
        match = _SEX_WORD.match(scan.text, begin)
        if match and scan.zone(begin) in _STUDY_ZONES:
            found.append(match)
    return found


_TRAILING = (
    "were",
    "was",
    "of the patients were",
    "of patients were",
    "of the participants were",
    "of participants were",
    "of the patients",
    "of patients",
    "of the subjects",
    "of the cases",
)
_PCT_NUMBER = re.compile(r"(\d{1,3}(?:\.\d+)?)\s*%$")


# The population noun a count may carry before its sex: "35 patients (59.3%) were male".
_COUNTED_NOUN = re.compile(r"\s(?:patients|participants|subjects|children|adults|cases|infants|individuals)$")


def _strip_trailing(window: str) -> str:
    window = window.rstrip()
    for tail in _TRAILING:
        if window.endswith(" " + tail):
            return window[: -len(tail)].rstrip()
    return window


def _count_right_before(scan: Scan, position: int, floor: int) -> tuple[int, int, bool, bool] | None:
    """(count, start, with a percent, predicative) written right before a sex word: "11 males",
    "14 (45%) were men", "58 [55.8%] girls", "35 patients (59.3%) were male", "21 were female"."""
    base = max(floor, position - 60)
    raw = scan.lower[base:position].rstrip()
    window = _strip_trailing(raw)
    predicative = window != raw and raw.endswith(("were", "was"))
    with_percent = window.endswith(("%)", "%]"))
    if with_percent:
        window = window[: max(window.rfind("("), window.rfind("["))].rstrip()
    window = _COUNTED_NOUN.sub("", window)
    if not window or not (window[-1].isdigit() or window[-1].isalpha()):
        return None
    counted = count_before(scan.text, scan.lower, base + len(window), base, max_mods=0)
    if counted is None:
        return None
    return counted[0], counted[1], with_percent, predicative


def _percent_right_before(scan: Scan, position: int, floor: int) -> tuple[float, int] | None:
    """(percent, start) written right before a sex word: "65% female", "45% were women"."""
    base = max(floor, position - 40)
    window = _strip_trailing(scan.lower[base:position])
    if window.endswith("%)") or not window.endswith("%"):
        return None
    match = _PCT_NUMBER.search(window, max(0, len(window) - 12))
    if not match:
        return None
    return float(match.group(1)), base + match.start()


def _explicit(scan: Scan, sample: int | None, sample_sure: bool) -> list[Candidate]:
    text = scan.text
    found: list[Candidate] = []
    for word in _sex_words(scan):
        s_start, _ = scan.bounds(word.start())
        before = _count_right_before(scan, word.start(), s_start)
        partner = _PARTNER.match(text, word.end()) if before else None
        if before and partner and _is_female(word.group("word")) != _is_female(partner.group("word")):
            first, second = before[0], parse_count(partner.group("count"))
            if second is not None:
                male, female = (second, first) if _is_female(word.group("word")) else (first, second)
                if sample and male + female != sample:
                    if sample_sure:
                        continue  # a subgroup's counts
                    confidence = 0.45
                else:
                    confidence = 0.9 if sample else 0.7
                found.append(
                    Candidate(
                        {"male": male, "female": female}, before[1], partner.end(), confidence, "sex.counts"
                    )
                )
                continue
        if not sample:
            continue
        # "14 (45%) were men"; "21 were female" when the sample is known for sure
        if before and (before[2] or (before[3] and sample_sure)):
            count = before[0]
            if count <= sample:
                value = (
                    {"male": sample - count, "female": count}
                    if _is_female(word.group("word"))
                    else {"male": count, "female": sample - count}
                )
                found.append(Candidate(value, before[1], word.end(), 0.8, "sex.count_share"))
                continue
        percent = _percent_right_before(scan, word.start(), s_start)
        if percent:
            fraction = percent[0] / 100
            if fraction <= 1:
                value = _from_share(1 - fraction if _is_female(word.group("word")) else fraction, sample)
                found.append(Candidate(value, percent[1], word.end(), 0.78, "sex.percent"))
    found.extend(_slashes(scan, sample))
    return found


def _slashes(scan: Scan, sample: int | None) -> list[Candidate]:
    """ "M/F 10/13", "male:female ratio 1.2:1"."""
    lower = scan.lower
    if not scan.hits["sexratio"] and not scan.hits["sex"]:
        return []
    found: list[Candidate] = []
    for match in _SLASH.finditer(lower):
        if (match.start() > 0 and lower[match.start() - 1].isalpha()) or scan.zone(
            match.start()
        ) not in _STUDY_ZONES:
            continue
        a, b = float(match.group("a")), float(match.group("b"))
        male_first = match.group("order").startswith(("m", "boy"))
        male, female = (a, b) if male_first else (b, a)
        counts_add_up = male.is_integer() and female.is_integer() and (not sample or male + female == sample)
        if counts_add_up and not match.group("ratio"):
            value = {"male": int(male), "female": int(female)}
            confidence = 0.85 if sample else 0.65
        elif sample and male + female > 0:
            value = _from_share(male / (male + female), sample)
            confidence = 0.7
        else:
            continue
        found.append(Candidate(value, match.start(), match.end(), confidence, "sex.slash"))
    return found


def _one_sex_population(scan: Scan, sample: int) -> Candidate | None:
    """Every participant of one sex, the other never mentioned: pregnancy, "women with X were
    included" -> all female; "679 men enrolled in ..." -> all male."""
    nouns = {n.word for n in scan.nouns}
    if (
        not scan.hits["sex"]
        and not nouns & {"pregnant women", "pregnancies", "mothers"}
        and "menopaus" not in scan.lower
        and "obstetric" not in scan.lower
    ):
        return None
    text = scan.text
    cue: dict[str, tuple[int, int]] = {}
    seen = {"female": False, "male": False}
    for sentence in scan.lay.sentences:
        if sentence.zone not in _STUDY_ZONES:
            continue
        seen["male"] = seen["male"] or bool(_MALE_WORDS.search(text, sentence.start, sentence.end))
        seen["female"] = seen["female"] or bool(_FEMALE_WORDS_ANY.search(text, sentence.start, sentence.end))
        if sentence.zone not in _POPULATION_ZONES:
            continue
        for sex_name, pattern in (("female", _FEMALE_POPULATION), ("male", _MALE_POPULATION)):
            if sex_name in cue:
                continue
            for match in pattern.finditer(text, sentence.start, sentence.end):
                if _NOT_BEFORE.search(text, max(sentence.start, match.start() - 8), match.start()):
                    continue  # "not pregnant", "non-pregnant": an exclusion
                cue[sex_name] = (match.start(), match.end())
                break
    if "female" in cue and not seen["male"]:
        start, end = cue["female"]
        return Candidate({"male": 0, "female": sample}, start, end, 0.62, "sex.female_population")
    if "male" in cue and not seen["female"]:
        start, end = cue["male"]
        return Candidate({"male": sample, "female": 0}, start, end, 0.6, "sex.male_population")
    return None


def _single_person(scan: Scan) -> Candidate | None:
    """The one patient's sex, from the words that introduce the case ("A 67-year-old woman")."""
    text = scan.text
    she = he = 0
    for sentence in scan.lay.sentences:
        if sentence.zone not in _STUDY_ZONES or sentence.zone == "title":
            continue
        match = _PERSON.search(text, sentence.start, sentence.end)
        if match:
            female = match.group("sex").lower() in _PERSON_WORDS
            value = {"male": 0, "female": 1} if female else {"male": 1, "female": 0}
            return Candidate(value, match.start("sex"), match.end("sex"), 0.8, "sex.case")
        she += len(_SHE.findall(text, sentence.start, sentence.end))
        he += len(_HE.findall(text, sentence.start, sentence.end))
    if she >= 2 and not he:
        return Candidate({"male": 0, "female": 1}, None, None, 0.6, "sex.case_pronoun")
    if he >= 2 and not she:
        return Candidate({"male": 1, "female": 0}, None, None, 0.6, "sex.case_pronoun")
    return None


def sex(scan: Scan, found: dict[str, list[Candidate]]) -> list[Candidate]:
    """Sex candidates, best first."""
    sample_candidates = found.get("sample_size") or []
    sample = sample_candidates[0].value if sample_candidates else None
    sample_sure = bool(sample_candidates) and sample_candidates[0].confidence >= 0.6
    if sample == 1:
        single = _single_person(scan)
        return [single] if single else []
    candidates = _explicit(scan, sample, sample_sure)
    if not candidates and sample and sample_candidates[0].confidence >= 0.4 and not scan.lay.registry:
        one_sex = _one_sex_population(scan, sample)
        if one_sex:
            candidates.append(one_sex)
    candidates.sort(key=lambda c: (-c.confidence, c.start or 0))
    return candidates
