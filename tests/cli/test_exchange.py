"""``tafel export`` and ``tafel import``: the round trip, idempotence, and every kind of bad file."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tafel.settings import load
from tafel.storage.repository import Store

Run = Callable[..., Any]


def make_table(store: Store) -> str:
    table_id = store.create_table(
        title="Tafel Utrecht", canvas="sturingsfilosofie", date="2023-06-12", programme="Gesprekstafels",
        location="Utrecht", moderator="Mo",
    )
    anna = store.add_participant(table_id, name="Anna de Boer", sector="burger", consent=True)
    bert = store.add_participant(table_id, name="Bert Jansen", sector="ondernemer", consent=False)
    store.add_item(table_id, round="waarden", kind="value", value="vertrouwen", participant=anna.id,
                   text="Vertrouwen begint bij de menselijke maat.", refs=["menselijke maat"])
    store.add_item(table_id, round="waarden", kind="value", value="complexiteit", participant=bert.id,
                   text="Regels stapelen zich op.")
    store.save_direction(table_id, "richting", "Een overheid die dichtbij is.")
    store.add_item(table_id, round="gesprek", kind="tension", zone="spanningen", text="",
                   between=["rechtmatigheid", "menselijke maat"], tags=["maatwerk"])
    store.add_item(table_id, round="gesprek", kind="concept", zone="begrippen", text=("leefwereld " * 910)[:10_000])
    store.add_item(table_id, round="advies", kind="advice", text="Begin bij de mensen.")
    store.add_item(table_id, round="advies", kind="advice", text="Meet wat ertoe doet.")
    return table_id


@pytest.fixture
def db_store(tafel_home: Path) -> Store:
    return Store.open(load().db_url)


def exported(tmp_path: Path, cli: Run, ref: str) -> Path:
    result = cli("export", ref, "--out", str(tmp_path / "out"))
    assert result.code == 0, result.err
    return tmp_path / "out" / "table.json"


def without_time(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k != "exported_at"}


def test_export_writes_the_contract_and_no_names_without_consent(db_store: Store, cli: Run, tmp_path: Path) -> None:
    table_id = make_table(db_store)
    doc = json.loads(exported(tmp_path, cli, "Tafel Utrecht").read_text("utf-8"))
    assert doc["format"] == "tafel/table" and doc["version"] == 1
    assert doc["table"]["id"] == table_id
    assert [p["name"] for p in doc["participants"]] == ["Anna de Boer", None]
    assert [p["sector"] for p in doc["participants"]] == ["burger", "ondernemer"]
    assert "Bert" not in json.dumps(doc)
    kinds = [i["kind"] for i in doc["items"]]
    assert kinds == ["value", "value", "direction", "tension", "concept", "advice", "advice"]
    assert [i["rank"] for i in doc["items"] if i["kind"] == "advice"] == [1, 2]


def test_export_default_folder_is_date_and_title(db_store: Store, cli: Run, tmp_path: Path) -> None:
    make_table(db_store)
    result = cli("export", "Tafel Utrecht")
    assert result.code == 0
    assert (tmp_path / "exports" / "2023-06-12-tafel-utrecht" / "table.json").exists()
    assert "2023-06-12-tafel-utrecht" in result.out


def test_round_trip_through_an_empty_database(
    db_store: Store, cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    table_id = make_table(db_store)
    first = exported(tmp_path / "a", cli, table_id)
    monkeypatch.setenv("TAFEL_DB", f"sqlite:///{tmp_path / 'other.db'}")
    result = cli("import", str(first))
    assert result.code == 0, result.err
    assert "nieuw ingelezen" in result.out
    second = exported(tmp_path / "b", cli, table_id)
    assert without_time(json.loads(first.read_text())) == without_time(json.loads(second.read_text()))
    assert first.read_text().count("\n") == second.read_text().count("\n")


def test_import_is_idempotent(
    db_store: Store, cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    table_id = make_table(db_store)
    path = exported(tmp_path, cli, table_id)
    monkeypatch.setenv("TAFEL_DB", f"sqlite:///{tmp_path / 'other.db'}")
    assert "nieuw ingelezen" in cli("import", str(path)).out
    again = cli("import", str(path))
    assert again.code == 0 and "niets veranderd" in again.out
    other = Store.open(f"sqlite:///{tmp_path / 'other.db'}")
    assert len(other.list_tables()) == 1


def test_a_newer_file_updates_an_older_one_is_ignored(db_store: Store, cli: Run, tmp_path: Path) -> None:
    table_id = make_table(db_store)
    path = exported(tmp_path, cli, table_id)
    doc = json.loads(path.read_text())
    newer = dict(doc, exported_at="2099-01-01T00:00:00Z")
    newer["items"] = [*doc["items"], {"id": "7b0c3c2e-4d1a-4f5e-9a6b-1c2d3e4f5a6b", "round": "advies",
                                      "kind": "advice", "text": "Nieuw advies", "rank": 3}]
    older = dict(doc, exported_at="2000-01-01T00:00:00Z", items=doc["items"][:1])
    (tmp_path / "newer.json").write_text(json.dumps(newer))
    (tmp_path / "older.json").write_text(json.dumps(older))
    assert "bijgewerkt" in cli("import", str(tmp_path / "newer.json")).out
    assert "ouder" in cli("import", str(tmp_path / "older.json")).out
    texts = [i.text for i in db_store.get_table(table_id).advice()]
    assert texts[-1] == "Nieuw advies"


def test_unknown_fields_survive_import_and_export(cli: Run, tmp_path: Path, db_store: Store) -> None:
    table_id = make_table(db_store)
    doc = json.loads(exported(tmp_path, cli, table_id).read_text())
    db_store.purge_deleted()
    doc["x_future"] = {"a": 1}
    doc["table"]["x_room"] = "zaal 3"
    doc["items"][0]["x_colour"] = "geel"
    doc["exported_at"] = "2099-01-01T00:00:00Z"
    path = tmp_path / "future.json"
    path.write_text(json.dumps(doc))
    assert cli("import", str(path)).code == 0
    again = json.loads(exported(tmp_path / "again", cli, table_id).read_text())
    assert again["x_future"] == {"a": 1}
    assert again["table"]["x_room"] == "zaal 3"
    assert again["items"][0]["x_colour"] == "geel"


def _valid_doc() -> dict[str, Any]:
    return {
        "format": "tafel/table", "version": 1, "exported_at": "2023-06-12T12:00:00Z",
        "table": {"id": "8c1e0a4e-1111-4000-8000-000000000001", "title": "T", "date": "2023-06-12",
                  "canvas": "sturingsfilosofie"},
        "participants": [{"id": "8c1e0a4e-2222-4000-8000-000000000001", "name": None, "sector": "burger"}],
        "items": [{"id": "8c1e0a4e-3333-4000-8000-000000000001", "round": "advies", "kind": "advice",
                   "text": "Advies", "rank": 1}],
    }


def _bad(kind: str) -> bytes:
    doc = _valid_doc()
    if kind == "truncated":
        return json.dumps(doc).encode()[:-40]
    if kind == "format":
        doc["format"] = "andere/tool"
    elif kind == "version":
        doc["version"] = 2
    elif kind == "no_id":
        del doc["table"]["id"]
    elif kind == "latin1":
        doc["items"][0]["text"] = "café"
        return json.dumps(doc, ensure_ascii=False).encode("latin-1")
    elif kind == "kind":
        doc["items"][0]["kind"] = "mening"
    elif kind == "nul":
        doc["items"][0]["text"] = "voor\x00na"
    elif kind == "control":
        doc["items"][0]["text"] = "bel\x07"
    elif kind == "too_long":
        doc["items"][0]["text"] = "x" * 10_001
    elif kind == "bad_uuid":
        doc["items"][0]["id"] = "niet-een-uuid"
    elif kind == "bad_date":
        doc["table"]["date"] = "2023-02-30"
    elif kind == "empty":
        return b""
    elif kind == "array":
        return b"[]"
    return json.dumps(doc).encode()


BAD_FILES = {
    "truncated": "regel 1",
    "format": "geen tafelexport",
    "version": "versie 2",
    "no_id": "table.id",
    "latin1": "geen UTF-8",
    "kind": "items[0].kind",
    "nul": "items[0].text",
    "control": "U+0007",
    "too_long": "items[0].text",
    "bad_uuid": "items[0].id",
    "bad_date": "table.date",
    "empty": "leeg",
    "array": "JSON-object",
}


@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_bad_file_gets_one_line_exit_2_and_changes_nothing(
    kind: str, cli: Run, tmp_path: Path, db_store: Store
) -> None:
    good_doc = _valid_doc()
    good_doc["table"]["id"] = "8c1e0a4e-9999-4000-8000-000000000009"
    good = tmp_path / "good.json"
    good.write_text(json.dumps(good_doc))
    bad = tmp_path / f"{kind}.json"
    bad.write_bytes(_bad(kind))
    result = cli("import", str(good), str(bad))
    assert result.code == 2
    lines = result.err.strip().splitlines()
    assert lines[0].startswith(f"{bad}: ")
    assert BAD_FILES[kind] in lines[0]
    assert "Traceback" not in result.err
    assert db_store.list_tables() == []  # the good file was not imported either


def test_a_50_mb_file_is_refused_without_reading_it(cli: Run, tmp_path: Path, db_store: Store) -> None:
    big = tmp_path / "big.json"
    with big.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    result = cli("import", str(big))
    assert result.code == 2
    assert "te groot" in result.err and "50.0 MB" in result.err


def test_ten_thousand_characters_are_accepted(cli: Run, tmp_path: Path, db_store: Store) -> None:
    doc = _valid_doc()
    doc["items"][0]["text"] = "é" * 10_000
    path = tmp_path / "long.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    assert cli("import", str(path)).code == 0
    assert db_store.get_table(doc["table"]["id"]).items[0].text == "é" * 10_000


def test_missing_file_and_folder(cli: Run, tmp_path: Path) -> None:
    assert "niet gevonden" in cli("import", str(tmp_path / "nope.json")).err
    assert "map" in cli("import", str(tmp_path)).err


def test_export_of_unknown_table_is_one_line(cli: Run, db_store: Store) -> None:
    result = cli("export", "bestaat-niet")
    assert result.code == 2
    assert result.err.strip() == "Geen tafel gevonden voor 'bestaat-niet'. 'tafel list' toont de tafels."


def test_list_shows_tables_and_english_help(cli: Run, db_store: Store) -> None:
    make_table(db_store)
    listed = cli("list")
    assert listed.code == 0 and "Tafel Utrecht" in listed.out
    assert "Gebruik:" in cli("--help").out
    english = cli("--lang", "en", "--help").out
    assert "Usage:" in english and "Show the tables in the database" in english
