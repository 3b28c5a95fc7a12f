"""The PRISMA counts: what a flow diagram needs, from the whole store, whatever an export lets out."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from exportkit import REASON_EXCLUDED, open_ro, reviewed

from store import ReviewStore
from store.export import export_store, summary
from store.export.summary import duplicate_counts


def test_counts_of_a_store_with_every_status(tmp_path: Path) -> None:
    r = reviewed(tmp_path / "review.json")
    with open_ro(r.path) as store:
        counts = summary(store)
        statuses = Counter(v.status for record in store.iter_records() for v in record.values)
        progress = store.progress()
    assert counts.identified == 15
    assert (counts.duplicate_groups, counts.duplicates, counts.after_duplicates) == (1, 1, 14)
    assert counts.screened == 7 and counts.not_screened == 8
    assert (counts.included, counts.excluded, counts.maybe) == (3, 3, 1)
    assert counts.exclusion_reasons == (("=not a formula", 1), ("no reason given", 1), (REASON_EXCLUDED, 1))
    assert (counts.values_accepted, counts.values_edited, counts.values_rejected, counts.values_pending) == (
        statuses["accepted"], statuses["edited"], statuses["rejected"], statuses["pending"])
    assert counts.values_accepted + counts.values_edited + counts.values_rejected == progress.values_decided
    assert sum(statuses.values()) == progress.values_total
    assert counts.values_edited == 5 and counts.values_rejected == 2


def test_the_rendering_is_one_count_a_line(tmp_path: Path) -> None:
    r = reviewed(tmp_path / "review.json")
    with open_ro(r.path) as store:
        text = summary(store).render()
        export_store(store, "summary", Path("prisma.txt"))
    assert Path("prisma.txt").read_text(encoding="utf-8") == text
    lines = text.splitlines()
    assert lines[0].split() == ["Records", "identified", "15"]
    assert lines[1].split() == ["Duplicates", "(in", "1", "group)", "1"]
    assert "    wrong population" in text and lines[lines.index(next(
        line for line in lines if line.startswith("  excluded")))].split()[-1] == "3"
    assert len({len(line) for line in lines}) == 1  # aligned columns


def test_duplicates_count_only_records_in_the_store_and_survive_odd_settings() -> None:
    ids = {"a", "b", "c", "d"}
    groups = [{"ids": ["a", "b", "c"], "reason": "same DOI"}, {"ids": ["d", "zz"]}, {"ids": "a,b"}, "junk",
              {"reason": "no ids"}]
    assert duplicate_counts(groups, ids) == (1, 2)
    assert duplicate_counts(None, ids) == (0, 0)
    assert duplicate_counts({"ids": ["a", "b"]}, ids) == (0, 0)


def test_an_empty_store_counts_zero_everywhere(tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    ReviewStore.open(path, "ana").close()
    with open_ro(path) as store:
        counts = summary(store)
    assert counts.identified == counts.screened == counts.values_pending == counts.duplicates == 0
    assert counts.exclusion_reasons == ()
    assert "Records identified" in counts.render()
