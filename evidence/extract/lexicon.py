"""Name lexicons: canonical names and their synonyms, shipped as YAML and extendable by the user.

A review team always meets names the shipped dictionaries lack (a local brand,
a trial acronym). They add them in a YAML file of the same shape as the shipped
ones, without touching code:

    interventions:
      cyclosporine: [ciclosporin, cyclosporin A, CsA]
      antithymocyte globulin: [ATG, anti-thymocyte globulin]
    conditions:
      immune thrombocytopenia: [ITP, immune thrombocytopenic purpura]

Keys are canonical names; each synonym maps to its key. The user's file is read
after the shipped ones, so it can also re-point a synonym.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from evidence.model import InputError

SECTIONS = ("interventions", "conditions", "adverse_events")
USER_LEXICON_ENV = "TRIAGE_LEXICON"


@dataclass
class Lexicon:
    """section -> {lower-cased surface form -> canonical name}."""

    terms: dict[str, dict[str, str]] = field(default_factory=lambda: {s: {} for s in SECTIONS})
    # Lower-cased forms the file writes as abbreviations ("ITP", "wAIHA", "HbSS"): the text must write
    # them in capitals too, while a short word ("lupus", "anaemia") counts in any case.
    abbreviations: dict[str, set[str]] = field(default_factory=lambda: {s: set() for s in SECTIONS})
    _patterns: dict[str, re.Pattern[str]] = field(default_factory=dict, repr=False)

    def add(self, section: str, canonical: str, synonyms: list[str]) -> None:
        table = self.terms.setdefault(section, {})
        short = self.abbreviations.setdefault(section, set())
        for surface in [canonical, *synonyms]:
            if surface and surface.strip():
                form = surface.strip()
                table[form.lower()] = canonical.strip()
                if " " not in form and sum(c.isupper() for c in form) >= 2:
                    short.add(form.lower())
        self._patterns.pop(section, None)

    def pattern(self, section: str) -> re.Pattern[str]:
        """One alternation of every surface form, longest first, on word boundaries."""
        if section not in self._patterns:
            forms = sorted(self.terms.get(section, {}), key=len, reverse=True)
            body = "|".join(re.escape(f) for f in forms) or r"(?!x)x"
            self._patterns[section] = re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)
        return self._patterns[section]

    def find(self, section: str, text: str) -> list[tuple[str, int, int]]:
        """(canonical name, start, end) of every lexicon term in `text`."""
        table = self.terms.get(section, {})
        return [
            (table[m.group().lower()], m.start(), m.end())
            for m in self.pattern(section).finditer(text)
            if m.group().lower() in table
        ]


def _merge_file(lexicon: Lexicon, text: str, origin: str) -> None:
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        raise InputError(f"{origin}{where}: not valid YAML") from None
    if not isinstance(data, dict):
        raise InputError(f"{origin}: expected sections {', '.join(SECTIONS)}")
    for section, entries in data.items():
        if section not in SECTIONS:
            raise InputError(f"{origin}: unknown section '{section}' (known: {', '.join(SECTIONS)})")
        if not isinstance(entries, dict):
            raise InputError(f"{origin}: section '{section}' must map names to lists of synonyms")
        for canonical, synonyms in entries.items():
            if synonyms is None:
                synonyms = []
            if isinstance(synonyms, str):
                synonyms = [synonyms]
            if not isinstance(synonyms, list) or not all(isinstance(s, str) for s in synonyms):
                raise InputError(f"{origin}: '{canonical}' in '{section}' needs a list of synonyms")
            lexicon.add(section, str(canonical), synonyms)


@lru_cache(maxsize=8)
def load_lexicon(user_file: str | None = None) -> Lexicon:
    """The shipped lexicons plus the user's file (argument, else $TRIAGE_LEXICON)."""
    lexicon = Lexicon()
    data_dir = resources.files("evidence.extract") / "data"
    for section in SECTIONS:
        resource = data_dir / f"{section}.yaml"
        if resource.is_file():
            _merge_file(lexicon, resource.read_text(encoding="utf-8"), f"{section}.yaml")
    user = user_file or os.environ.get(USER_LEXICON_ENV)
    if user:
        path = Path(user)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{path}: cannot read lexicon ({exc})") from None
        _merge_file(lexicon, text, str(path))
    return lexicon
