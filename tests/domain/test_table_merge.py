"""The merge plan of an import, in plain Python: which participants and items come in, stay, go."""

from __future__ import annotations

from collections.abc import Sequence

from tafel.domain.table import Item, Participant, Table, Tombstone
from tafel.domain.table_merge import LocalTable, plan_merge

T1, T2, T3 = "2024-01-01T10:00:00Z", "2024-01-02T10:00:00Z", "2024-01-03T10:00:00Z"
ANNA, BERT = "00000000-0000-4000-8000-0000000000a1", "00000000-0000-4000-8000-0000000000b1"
X, Y, Z = (f"00000000-0000-4000-8000-00000000000{n}" for n in (1, 2, 3))


def table(
    items: list[Item], people: Sequence[Participant] = (), stones: Sequence[Tombstone] = (), **head: object
) -> Table:
    return Table("00000000-0000-4000-8000-000000000001", head.pop("title", "T"), "2024-01-01",  # type: ignore[arg-type]
                 "sturingsfilosofie", participants=list(people), items=items, tombstones=list(stones), **head)


def note(ident: str, text: str, when: str | None, **more: object) -> Item:
    return Item(ident, "gesprek", "note", text, updated_at=when, **more)  # type: ignore[arg-type]


def local(t: Table, updated_at: str = T2, source: str | None = T1) -> LocalTable:
    return LocalTable(t, updated_at, source)


def test_a_new_table_comes_in_whole_and_its_deletions_with_it() -> None:
    incoming = table([note(X, "x", None)], stones=[Tombstone(Y, "item", T1), Tombstone(X, "item", T1)])
    plan = plan_merge(None, incoming, T2)
    assert plan.status == "created"
    assert [(i.id, i.updated_at) for i in plan.insert_items] == [(X, T2)]  # the file's time stands in
    assert [t.id for t in plan.put_tombstones] == [Y]  # never a tombstone of something it holds


def test_newest_change_wins_per_item_and_local_only_items_stay() -> None:
    ours = table([note(X, "x ours", T3), note(Y, "y ours", T1), note(Z, "only here", T1)])
    theirs = table([note(X, "x theirs", T2), note(Y, "y theirs", T2)])
    plan = plan_merge(local(ours), theirs, T2)
    assert [i.text for i in plan.update_items] == ["y theirs"]
    assert plan.insert_items == [] and plan.delete_items == []
    assert (plan.counts.items_changed, plan.status) == (1, "updated")


def test_a_file_without_change_times_lends_its_exported_at_to_its_items() -> None:
    ours = table([note(X, "x ours", T2)])
    assert plan_merge(local(ours), table([note(X, "x old file", None)]), T1).update_items == []
    assert [i.text for i in plan_merge(local(ours), table([note(X, "x new file", None)]), T3).update_items] == [
        "x new file"
    ]


def test_a_name_kept_here_is_never_cleared_by_null_and_consent_stays() -> None:
    ours = table([], [Participant(BERT, "Bert", "burger", consent=True, updated_at=T1)])
    theirs = table([], [Participant(BERT, None, "ondernemer", updated_at=T2)])
    [updated] = plan_merge(local(ours), theirs, T2).update_participants
    assert (updated.name, updated.consent, updated.sector) == ("Bert", True, "ondernemer")
    only_null = table([], [Participant(BERT, None, "burger", updated_at=T3)])
    assert plan_merge(local(ours), only_null, T3).status == "unchanged"


def test_deletions_travel_but_do_not_win_over_a_later_change() -> None:
    ours = table([note(X, "x", T1), note(Y, "y changed after", T3)])
    theirs = table([], stones=[Tombstone(X, "item", T2), Tombstone(Y, "item", T2)])
    plan = plan_merge(local(ours), theirs, T2)
    assert plan.delete_items == [X]
    assert [t.id for t in plan.put_tombstones] == [X]
    assert plan.counts.items_deleted == 1


def test_a_local_deletion_holds_against_an_older_file_not_a_newer_change() -> None:
    ours = table([], stones=[Tombstone(X, "item", T2)])
    assert plan_merge(local(ours), table([note(X, "x", T1)]), T1).insert_items == []
    newer = plan_merge(local(ours), table([note(X, "x again", T3)]), T3)
    assert [i.text for i in newer.insert_items] == ["x again"] and newer.drop_tombstones == [X]


def test_table_fields_newest_wins_without_clearing() -> None:
    ours = table([], location="Utrecht", moderator="Mo", title="Oud")
    theirs = table([], location=None, moderator="Kim", title="Nieuw")
    assert plan_merge(local(ours), theirs, T3).head == {"title": "Nieuw", "moderator": "Kim"}
    assert plan_merge(local(ours), theirs, T1).head == {}


def test_a_reference_to_no_participant_of_the_table_is_kept_in_extras() -> None:
    ours = table([], [Participant(ANNA, updated_at=T1)])
    theirs = table([note(X, "x", T2, participant=ANNA), note(Y, "y", T2, participant=BERT)])
    plan = plan_merge(local(ours), theirs, T2)
    assert [(i.participant, i.extra) for i in plan.insert_items] == [(ANNA, {}), (None, {"participant": BERT})]


def test_nothing_new_from_an_older_file_is_older_else_unchanged() -> None:
    ours = table([note(X, "x", T2)])
    assert plan_merge(local(ours, source=T2), table([note(X, "x", T1)]), T1).status == "older"
    assert plan_merge(local(ours, source=T1), table([note(X, "x", T1)]), T1).status == "unchanged"
