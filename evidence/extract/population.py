"""Population family: who was studied — condition, disease status, sample size, age, sex.

The fields depend on each other, so they are read in one order: the sample size
first (a share of women becomes a count only with it, a single patient's age and
sex need to know the record describes one patient), then age and sex, then the
conditions and the statuses that modify them.

Each field lives in its own module (`sample_size`, `ages`, `sex`, `conditions`,
`disease_status`); this module only runs them in order over the look-ups they
share (`population_scan`: lower-cased text, sentence zones, population nouns).
"""

from __future__ import annotations

from evidence.extract.ages import age
from evidence.extract.candidate import Candidate
from evidence.extract.conditions import conditions
from evidence.extract.disease_status import disease_status
from evidence.extract.population_scan import scan
from evidence.extract.sample_size import sample_size
from evidence.extract.sex import sex
from evidence.model import Record


def extract(record: Record, found: dict[str, list[Candidate]]) -> dict[str, list[Candidate]]:
    """condition, disease_status, sample_size, age and sex of one record."""
    if not record.text.strip():
        return {}
    shared = scan(record)
    out: dict[str, list[Candidate]] = {}
    sizes = sample_size(shared, found)
    out["sample_size"] = sizes
    best_size = sizes[0].value if sizes else None
    out["age"] = age(shared, best_size)[:3]
    out["sex"] = sex(shared, {**found, "sample_size": sizes})[:3]
    names, mentions, kept = conditions(shared)
    out["condition"] = names
    out["disease_status"] = disease_status(shared, mentions, kept)
    return {name: candidates for name, candidates in out.items() if candidates}
