"""Venue mode's plain rules: which version is a conflict, and the back-off."""

from __future__ import annotations

from tafel.domain.sync import BACKOFF, backoff, conflicts
from tafel.domain.table import Item, Table

T0, T1, T2 = "2026-11-27T10:00:00+00:00", "2026-11-27T10:05:00+00:00", "2026-11-27T10:06:00+00:00"


def _table(text: str, at: str) -> Table:
    return Table(id="t", title="T", date="2026-11-27", canvas="c",
                 items=[Item(id="i", round="r", kind="advice", text=text, updated_at=at)])


def test_a_newer_change_from_another_laptop_keeps_the_held_version_aside() -> None:
    found = conflicts(_table("A", T1), _table("B", T2), None, {"i": "moderator"}, "assistent", set())
    assert [(c.lost_laptop, c.lost["text"], c.kept_laptop) for c in found] == [("moderator", "A", "assistent")]


def test_an_older_change_from_another_laptop_is_the_one_kept_aside() -> None:
    found = conflicts(_table("B", T2), _table("A", T1), None, {"i": "assistent"}, "moderator", set())
    assert [(c.lost_laptop, c.lost["text"], c.kept_laptop) for c in found] == [("moderator", "A", "assistent")]


def test_no_conflict_for_ones_own_version_a_version_built_on_or_a_stale_copy() -> None:
    assert conflicts(_table("A", T1), _table("B", T2), None, {"i": "moderator"}, "moderator", set()) == []
    # The assistant had sent the moderator's version before changing it: built on it.
    assert conflicts(_table("A", T1), _table("B", T2), None, {"i": "moderator"}, "assistent",
                     {("i", "assistent", T1)}) == []
    # The assistant's copy is a version the database already had: stale, not a change.
    assert conflicts(_table("B", T2), _table("A", T0), None, {"i": "assistent"}, "moderator",
                     {("i", "moderator", T0)}) == []
    # The same content is no conflict, whenever it was typed.
    assert conflicts(_table("A", T1), _table("A", T2), None, {"i": "moderator"}, "assistent", set()) == []


def test_backoff_grows_then_stays() -> None:
    assert backoff(0) == 0
    assert [backoff(n) for n in range(1, len(BACKOFF) + 3)] == [*BACKOFF, BACKOFF[-1], BACKOFF[-1]]
