"""The store keeps every edit as it is made, in one committed transaction each."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tafel.domain.errors import TafelError
from tafel.domain.timer import RoundTimer
from tafel.storage.repository import Store


def test_pragmas_on_a_file(file_store: Store, tmp_path: Path) -> None:
    with file_store.engine.connect() as conn:
        raw = conn.connection.dbapi_connection
        assert raw is not None
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert raw.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert raw.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert raw.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000


def test_an_edit_is_visible_to_another_connection_at_once(file_store: Store, tmp_path: Path) -> None:
    table_id = file_store.create_table(title="Tafel", canvas="sturingsfilosofie")
    item = file_store.add_item(table_id, round="gesprek", kind="concept", text="leefwereld", zone="begrippen")
    file_store.update_item(item.id, text="leefwereld en systeemwereld")
    other = sqlite3.connect(tmp_path / "tafel.db")
    assert other.execute("SELECT text FROM item WHERE id = ?", (item.id,)).fetchone() == (
        "leefwereld en systeemwereld",
    )


def test_table_list_most_recent_first(store: Store) -> None:
    first = store.create_table(title="Eerste", canvas="sturingsfilosofie", date="2023-06-12")
    second = store.create_table(title="Tweede", canvas="sturingsfilosofie", date="2023-06-13")
    store.add_participant(first, sector="burger")
    listed = store.list_tables()
    assert [t.title for t in listed] == ["Eerste", "Tweede"]
    assert listed[0].participants == 1
    store.set_current_round(second, "richting")
    assert store.current_round(second) == "richting"


def test_resolve_by_id_prefix_and_title(store: Store) -> None:
    a = store.create_table(title="Tafel Utrecht", canvas="sturingsfilosofie")
    store.create_table(title="Tafel Zwolle", canvas="sturingsfilosofie")
    assert store.resolve(a) == a
    assert store.resolve(a[:8]) == a
    assert store.resolve("Tafel Utrecht") == a
    with pytest.raises(TafelError) as missing:
        store.resolve("Tafel Nergens")
    assert missing.value.key == "table.not_found"


def test_resolve_refuses_an_ambiguous_title(store: Store) -> None:
    store.create_table(title="Dubbel", canvas="sturingsfilosofie")
    store.create_table(title="Dubbel", canvas="sturingsfilosofie")
    with pytest.raises(TafelError) as caught:
        store.resolve("Dubbel")
    assert caught.value.key == "table.ambiguous"


def test_direction_keeps_every_version(store: Store) -> None:
    table_id = store.create_table(title="T", canvas="sturingsfilosofie")
    for text in ("eerste", "tweede", "derde"):
        store.save_direction(table_id, "richting", text)
    assert [v.text for v in store.direction_versions(table_id, "richting")] == ["eerste", "tweede", "derde"]
    directions = store.get_table(table_id).items_of("richting", "direction")
    assert [d.text for d in directions] == ["derde"]


def test_delete_and_restore_item_keeps_its_place(store: Store) -> None:
    table_id = store.create_table(title="T", canvas="sturingsfilosofie")
    texts = ["a", "b", "c"]
    items = [store.add_item(table_id, round="gesprek", kind="example", text=t, zone="voorbeelden") for t in texts]
    removed, position = store.delete_item(items[1].id)
    assert [i.text for i in store.get_table(table_id).items] == ["a", "c"]
    store.restore_item(table_id, removed, position)
    assert [i.text for i in store.get_table(table_id).items] == texts


def test_advice_is_ranked_in_order_written_and_reordered(store: Store) -> None:
    table_id = store.create_table(title="T", canvas="sturingsfilosofie")
    a, b, c = (store.add_item(table_id, round="advies", kind="advice", text=t) for t in "abc")
    assert [i.rank for i in store.get_table(table_id).advice()] == [1, 2, 3]
    store.rank_items(table_id, [c.id, a.id, b.id])
    assert [i.text for i in store.get_table(table_id).advice()] == ["c", "a", "b"]


def test_deleted_table_hidden_until_restored_then_purged(store: Store) -> None:
    table_id = store.create_table(title="Weg", canvas="sturingsfilosofie")
    store.add_item(table_id, round="advies", kind="advice", text="x")
    store.delete_table(table_id)
    assert store.list_tables() == []
    store.restore_table(table_id)
    assert [t.title for t in store.list_tables()] == ["Weg"]
    store.delete_table(table_id)
    assert store.purge_deleted() == 1
    with pytest.raises(TafelError):
        store.get_table(table_id)


def test_removing_a_participant_keeps_their_notes(store: Store) -> None:
    table_id = store.create_table(title="T", canvas="sturingsfilosofie")
    p = store.add_participant(table_id, name="Anna", sector="burger", consent=True)
    item = store.add_item(table_id, round="waarden", kind="value", value="vertrouwen", text="m", participant=p.id)
    removed, position = store.remove_participant(p.id)
    assert store.get_item(item.id).participant is None
    store.restore_participant(table_id, removed, position)
    assert store.get_table(table_id).participants[0].name == "Anna"


def test_timer_survives_reopening(tmp_path: Path) -> None:
    import datetime as dt

    url = f"sqlite:///{tmp_path / 't.db'}"
    store = Store.open(url)
    table_id = store.create_table(title="T", canvas="sturingsfilosofie")
    start = dt.datetime(2024, 3, 5, 10, 0, tzinfo=dt.UTC)
    store.save_timer(table_id, "waarden", RoundTimer().start(start))
    store.close()
    again = Store.open(url)
    timer = again.timer(table_id, "waarden")
    assert timer.running
    assert timer.seconds(start + dt.timedelta(minutes=3)) == 180


def test_share_token_is_made_once_and_long(store: Store) -> None:
    table_id = store.create_table(title="T", canvas="sturingsfilosofie")
    token = store.share_token(table_id)
    assert token == store.share_token(table_id)
    assert len(token) >= 22  # at least 128 random bits in URL-safe base64
    assert store.table_by_token(token) == table_id


def test_text_longer_than_the_format_allows_is_refused_and_nothing_saved(store: Store) -> None:
    table_id = store.create_table(title="T", canvas="sturingsfilosofie")
    store.add_item(table_id, round="gesprek", kind="note", text="x" * 10_000, zone="z")
    with pytest.raises(TafelError) as caught:
        store.add_item(table_id, round="gesprek", kind="note", text="x" * 10_001, zone="z")
    assert caught.value.key == "text.too_long"
    with pytest.raises(TafelError):
        store.add_participant(table_id, sector="s" * 101)
    table = store.get_table(table_id)
    assert len(table.items) == 1 and table.participants == []


def test_a_note_for_a_table_that_is_gone_is_one_clear_error(store: Store) -> None:
    with pytest.raises(TafelError) as caught:
        store.add_item("00000000-0000-4000-8000-000000000000", round="r", kind="note", text="x")
    assert caught.value.key == "table.not_found"
