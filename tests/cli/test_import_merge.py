"""``tafel import`` of a table already here merges it (issue 9): item by item, participant by
participant, never by throwing the local table away. Two laptops are two databases: A (the
default one of the test) and B (``--db``)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tafel.settings import load
from tafel.storage.repository import Store
from tests.cli.test_exchange import make_table

Run = Callable[..., Any]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def a(tafel_home: Path) -> Store:
    return Store.open(load().db_url)


@pytest.fixture(params=["sqlite", "postgresql"])
def b_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Laptop B: a SQLite file, or (the same tests) a PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'b.db'}"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def b(b_url: str) -> Store:
    return Store.open(b_url)


class Laptops:
    """Export from one database, import into another, through the real command line."""

    def __init__(self, cli: Run, tmp_path: Path, b_url: str) -> None:
        self.cli, self.tmp, self.b_url, self.n = cli, tmp_path, b_url, 0

    def export(self, table_id: str, on_b: bool = False) -> Path:
        self.n += 1
        out = self.tmp / f"export{self.n}"
        result = self.cli(*self.db(on_b), "export", table_id, "--out", str(out))
        assert result.code == 0, result.err
        return out / "table.json"

    def import_(self, path: Path, on_b: bool = True) -> Any:
        result = self.cli(*self.db(on_b), "import", str(path))
        assert "Traceback" not in result.err
        return result

    def db(self, on_b: bool) -> tuple[str, ...]:
        return ("--db", self.b_url) if on_b else ()


@pytest.fixture
def laptops(cli: Run, tmp_path: Path, b_url: str) -> Laptops:
    return Laptops(cli, tmp_path, b_url)


def texts(store: Store, table_id: str) -> list[str]:
    return [i.text for i in store.get_table(table_id).items]


def test_a_note_typed_locally_after_the_export_survives_a_newer_file(a: Store, b: Store, laptops: Laptops) -> None:
    table_id = make_table(a)
    assert laptops.import_(laptops.export(table_id)).code == 0
    b.add_item(table_id, round="gesprek", kind="note", text="alleen op B getypt", zone="begrippen")
    a.add_item(table_id, round="advies", kind="advice", text="Nieuw advies van A")
    result = laptops.import_(laptops.export(table_id))
    assert result.code == 0
    assert result.out.strip().endswith("bijgewerkt — 1 notitie nieuw, 0 gewijzigd, 0 verwijderd")
    on_b = texts(b, table_id)
    assert "alleen op B getypt" in on_b and "Nieuw advies van A" in on_b
    assert len(on_b) == len(a.get_table(table_id).items) + 1


def test_a_name_kept_locally_is_not_cleared_by_the_files_null(a: Store, b: Store, laptops: Laptops) -> None:
    table_id = make_table(a)
    laptops.import_(laptops.export(table_id))
    bert = next(p for p in b.get_table(table_id).participants if p.sector == "ondernemer")
    assert bert.name is None  # the file carried null: Bert did not consent on A
    b.update_participant(bert.id, name="Bert J.", consent=True)
    a.update_participant(bert.id, sector="wetenschapper")  # later, on A: the file's version is newer
    result = laptops.import_(laptops.export(table_id))
    assert "0 deelnemers nieuw, 1 gewijzigd, 0 verwijderd" in result.out
    after = next(p for p in b.get_table(table_id).participants if p.id == bert.id)
    assert (after.name, after.consent, after.sector) == ("Bert J.", True, "wetenschapper")


def test_direction_history_is_kept_and_extended(a: Store, b: Store, laptops: Laptops) -> None:
    table_id = make_table(a)
    laptops.import_(laptops.export(table_id))
    b.save_direction(table_id, "richting", "Op B aangescherpt.")
    a.save_direction(table_id, "richting", "Op A later herschreven.")
    result = laptops.import_(laptops.export(table_id))
    assert "1 gewijzigd" in result.out
    history = [v.text for v in b.direction_versions(table_id, "richting")]
    assert history == ["Een overheid die dichtbij is.", "Op B aangescherpt.", "Op A later herschreven."]
    assert b.get_table(table_id).direction("richting").text == "Op A later herschreven."  # type: ignore[union-attr]


def test_a_deletion_in_the_file_deletes_locally_unless_changed_here_since(
    a: Store, b: Store, laptops: Laptops
) -> None:
    table_id = make_table(a)
    laptops.import_(laptops.export(table_id))
    first, second = [i for i in a.get_table(table_id).items if i.kind == "advice"]
    a.delete_item(first.id)
    a.delete_item(second.id)
    b.update_item(second.id, text="op B veranderd na de verwijdering op A")
    path = laptops.export(table_id)
    deletions = json.loads(path.read_text())["deletions"]
    assert {(d["id"], d["kind"]) for d in deletions} == {(first.id, "item"), (second.id, "item")}
    result = laptops.import_(path)
    assert result.code == 0 and "0 notities nieuw, 0 gewijzigd, 1 verwijderd" in result.out
    left = {i.id: i.text for i in b.get_table(table_id).items}
    assert first.id not in left
    assert left[second.id] == "op B veranderd na de verwijdering op A"


def test_a_local_deletion_is_not_undone_by_an_older_file(a: Store, b: Store, laptops: Laptops) -> None:
    table_id = make_table(a)
    old = laptops.export(table_id)
    laptops.import_(old)
    gone = next(i for i in b.get_table(table_id).items if i.kind == "concept")
    b.delete_item(gone.id)
    again = laptops.import_(old)
    assert again.code == 0 and "bijgewerkt" not in again.out
    assert gone.id not in {i.id for i in b.get_table(table_id).items}
    # B's export carries the deletion; A, which did not touch the item since, deletes it too.
    back = laptops.import_(laptops.export(table_id, on_b=True), on_b=False)
    assert "1 verwijderd" in back.out
    assert gone.id not in {i.id for i in a.get_table(table_id).items}


def test_the_newer_change_of_an_item_wins_on_either_side(a: Store, b: Store, laptops: Laptops) -> None:
    table_id = make_table(a)
    laptops.import_(laptops.export(table_id))
    x, y = [i for i in a.get_table(table_id).items if i.kind == "value"]
    b.update_item(x.id, text="x: eerst op B")
    a.update_item(x.id, text="x: later op A")  # newer in the file: wins
    a.update_item(y.id, text="y: eerst op A")
    b.update_item(y.id, text="y: later op B")  # newer here: stays
    result = laptops.import_(laptops.export(table_id))
    assert "0 notities nieuw, 1 gewijzigd, 0 verwijderd" in result.out
    on_b = {i.id: i.text for i in b.get_table(table_id).items}
    assert on_b[x.id] == "x: later op A" and on_b[y.id] == "y: later op B"


def _upper(doc: dict[str, Any]) -> dict[str, Any]:
    doc["table"]["id"] = doc["table"]["id"].upper()
    for p in doc["participants"]:
        p["id"] = p["id"].upper()
    for i in doc["items"]:
        i["id"] = i["id"].upper()
        if i.get("participant"):
            i["participant"] = i["participant"].upper()
    return doc


def test_ids_are_compared_as_uuids(a: Store, laptops: Laptops, cli: Run, tmp_path: Path) -> None:
    table_id = make_table(a)
    doc = _upper(json.loads(laptops.export(table_id).read_text()))
    doc["exported_at"] = "2099-01-01T00:00:00Z"
    doc["items"].append({"id": "7B0C3C2E-4D1A-4F5E-9A6B-1C2D3E4F5A6B", "round": "advies", "kind": "advice",
                         "text": "Met hoofdletters", "rank": 3, "participant": doc["participants"][0]["id"]})
    path = tmp_path / "upper.json"
    path.write_text(json.dumps(doc))
    result = laptops.import_(path, on_b=False)
    assert result.code == 0 and "1 notitie nieuw, 0 gewijzigd" in result.out
    assert len(a.list_tables()) == 1
    table = a.get_table(table_id)
    added = next(i for i in table.items if i.text == "Met hoofdletters")
    assert added.id == "7b0c3c2e-4d1a-4f5e-9a6b-1c2d3e4f5a6b"
    assert added.participant == table.participants[0].id  # the reference found its participant
    assert all(i.id == i.id.lower() for i in table.items)
    # Braces are no id in the contract (format uuid): refused in one line, no second table.
    doc["table"]["id"] = "{" + table_id.upper() + "}"
    path.write_text(json.dumps(doc))
    braced = cli("import", str(path))
    assert braced.code == 2 and "table.id" in braced.err and "Traceback" not in braced.err
    assert len(a.list_tables()) == 1
    assert cli("export", "{" + table_id.upper() + "}", "--out", str(tmp_path / "b")).code == 0
    # One id twice in two spellings in one file is one id twice.
    twice = json.loads(laptops.export(table_id).read_text())
    twice["items"][1]["id"] = twice["items"][0]["id"].upper()
    path.write_text(json.dumps(twice))
    dup = cli("import", str(path))
    assert dup.code == 2 and "komt twee keer voor" in dup.err and len(dup.err.strip().splitlines()) == 1


def _db_rows(url: str) -> list[Any]:
    db = sqlite3.connect(url.removeprefix("sqlite:///"))
    try:
        return [db.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
                for t in ("tafel_table", "participant", "item", "direction_version", "tombstone")]
    finally:
        db.close()


@pytest.mark.parametrize("kind", ["item", "participant"])
def test_an_id_of_another_table_is_one_line_and_nothing_is_imported(
    kind: str, a: Store, laptops: Laptops, cli: Run, tmp_path: Path
) -> None:
    table_id = make_table(a)
    theirs = a.get_table(table_id)
    doc = json.loads(laptops.export(table_id).read_text())
    good = json.loads(json.dumps(doc))
    good["table"]["id"] = "8c1e0a4e-9999-4000-8000-000000000009"
    good["participants"], good["items"] = [], []
    doc["table"]["id"] = "8c1e0a4e-1111-4000-8000-000000000001"
    doc["table"]["title"] = "Een andere tafel"
    stolen = theirs.items[0].id if kind == "item" else theirs.participants[0].id
    for section in ("participants", "items"):
        doc[section] = [x for x in doc[section] if x["id"] == stolen and section.startswith(kind)]
    (tmp_path / "good.json").write_text(json.dumps(good))
    (tmp_path / "bad.json").write_text(json.dumps(doc))
    before = _db_rows(load().db_url)
    result = cli("import", str(tmp_path / "good.json"), str(tmp_path / "bad.json"))
    assert result.code == 2
    assert result.err.strip().splitlines() == [result.err.strip()]
    assert result.err.startswith(f"{tmp_path / 'bad.json'}: ") and stolen in result.err
    assert "andere tafel" in result.err and "Traceback" not in result.err
    assert _db_rows(load().db_url) == before  # good.json, named first, was not committed either
    assert result.out == ""


def test_two_imports_of_one_file_at_once_make_one_table(a: Store, laptops: Laptops, tmp_path: Path) -> None:
    path = laptops.export(make_table(a))
    env = {**os.environ, "TAFEL_LANG": "nl"}
    for n in range(2):
        url = f"sqlite:///{tmp_path / f'race{n}.db'}"  # a new file: both also create the schema at once
        procs = [
            subprocess.Popen([sys.executable, "-m", "tafel", "--db", url, "import", str(path)], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)
        ]
        outs = [p.communicate(timeout=60) for p in procs]
        assert [p.returncode for p in procs] == [0, 0], outs
        said = sorted(out for out, _ in outs)
        assert any("nieuw ingelezen" in s for s in said) and all("Traceback" not in e for _, e in outs)
        assert any("niets veranderd" in s for s in said) or all("nieuw ingelezen" in s for s in said)
        assert len(Store.open(url).list_tables()) == 1


def test_values_sqlite_cannot_hold_give_one_line(cli: Run, tmp_path: Path, a: Store) -> None:
    from tests.cli.test_exchange import _valid_doc

    huge = _valid_doc()
    huge["items"][0]["rank"] = 2**70
    odd = _valid_doc()
    odd["table"]["id"] = "8c1e0a4e-1111-4000-8000-0000000000aa"
    odd["items"][0]["id"] = "8c1e0a4e-3333-4000-8000-0000000000aa"
    odd["participants"] = []
    odd["items"][0]["zone"] = {"x": 1, "y": [2, 3]}
    lone = _valid_doc()
    lone["items"][0]["text"] = "voor\ud800na"
    for name, doc in (("huge", huge), ("zone", odd), ("lone", lone)):
        (tmp_path / f"{name}.json").write_text(json.dumps(doc))  # ensure_ascii: "\ud800" as an escape
    # Refused when read, before the database is touched: the file's line, then "nothing imported".
    result = cli("import", str(tmp_path / "huge.json"))
    lines = result.err.strip().splitlines()
    assert result.code == 2 and len(lines) == 2 and "Traceback" not in result.err
    assert lines[0].startswith(f"{tmp_path / 'huge.json'}: items[0].rank") and "te groot" in lines[0]
    assert "niets ingelezen" in lines[1]
    result = cli("import", str(tmp_path / "lone.json"))
    lines = result.err.strip().splitlines()
    assert result.code == 2 and len(lines) == 2
    assert "items[0].text" in lines[0] and "surrogaat" in lines[0]
    assert a.list_tables() == []
    # A zone the columns cannot hold (an object) is kept as an unknown field and exported again.
    assert cli("import", str(tmp_path / "zone.json")).code == 0
    out = cli("export", odd["table"]["id"], "--out", str(tmp_path / "zone-out"))
    assert out.code == 0, out.err
    again = json.loads((tmp_path / "zone-out" / "table.json").read_text())
    assert again["items"][0]["zone"] == {"x": 1, "y": [2, 3]}


def _stable(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k not in ("exported_at", "generator")}


def test_round_trip_with_deletions_through_two_empty_databases(
    a: Store, laptops: Laptops, cli: Run, tmp_path: Path
) -> None:
    table_id = make_table(a)
    a.delete_item(a.get_table(table_id).items[-1].id)
    a.remove_participant(a.get_table(table_id).participants[1].id)
    first = laptops.export(table_id)
    laptops.import_(first)
    second = laptops.export(table_id, on_b=True)
    c = ("--db", f"sqlite:///{tmp_path / 'c.db'}")
    assert cli(*c, "import", str(second)).code == 0
    assert cli(*c, "export", table_id, "--out", str(tmp_path / "c-out")).code == 0
    third = tmp_path / "c-out" / "table.json"
    docs = [_stable(json.loads(p.read_text())) for p in (first, second, third)]
    assert docs[0] == docs[1] == docs[2]
    assert len(docs[0]["deletions"]) == 2


def test_an_import_that_changes_something_moves_the_tables_last_change(
    a: Store, b: Store, laptops: Laptops
) -> None:
    """An open TUI reads a table again when its updated_at moved; an import must move it."""
    table_id = make_table(a)
    path = laptops.export(table_id)
    laptops.import_(path)
    before = b.list_tables()[0].updated_at
    laptops.import_(path)
    assert b.list_tables()[0].updated_at == before  # nothing changed: nothing to read again
    a.add_item(table_id, round="gesprek", kind="note", text="nieuw", zone="begrippen")
    laptops.import_(laptops.export(table_id))
    assert b.list_tables()[0].updated_at > before


def _old_style(doc: dict[str, Any]) -> dict[str, Any]:
    """As tafel wrote it before issue 9: no change times, no deletions."""
    doc.pop("deletions", None)
    for section in ("participants", "items"):
        for entry in doc[section]:
            entry.pop("updated_at", None)
    return doc


def test_a_file_without_change_times_uses_its_exported_at(
    a: Store, b: Store, laptops: Laptops, cli: Run, tmp_path: Path
) -> None:
    table_id = make_table(a)
    laptops.import_(laptops.export(table_id))
    advice = [i for i in b.get_table(table_id).items if i.kind == "advice"]
    b.update_item(advice[0].id, text="op B veranderd")
    doc = _old_style(json.loads(laptops.export(table_id).read_text()))
    for item in doc["items"]:
        if item["id"] in (advice[0].id, advice[1].id):
            item["text"] += " (oud bestand)"
    path = tmp_path / "old-style.json"
    for exported_at, expected in (("2000-01-01T00:00:00Z", "op B veranderd"), ("2099-01-01T00:00:00Z", None)):
        doc["exported_at"] = exported_at
        path.write_text(json.dumps(doc))
        assert cli("--db", laptops.b_url, "import", str(path)).code == 0
        on_b = {i.id: i.text for i in b.get_table(table_id).items}
        assert on_b[advice[0].id] == (expected or "Begin bij de mensen. (oud bestand)")
        assert on_b[advice[1].id] == ("Meet wat ertoe doet." if expected else "Meet wat ertoe doet. (oud bestand)")


def test_two_files_of_one_table_in_one_command_and_the_english_line(
    a: Store, b: Store, laptops: Laptops, cli: Run
) -> None:
    table_id = make_table(a)
    first = laptops.export(table_id)
    a.add_item(table_id, round="gesprek", kind="note", text="erbij", zone="begrippen")
    a.remove_participant(a.get_table(table_id).participants[1].id)
    second = laptops.export(table_id)
    result = cli("--lang", "en", "--db", laptops.b_url, "import", str(second), str(first))
    assert result.code == 0, result.err
    lines = result.out.strip().splitlines()
    assert lines[0].endswith(f"imported — Tafel Utrecht ({table_id[:8]})")
    assert lines[1].startswith(f"{first}: ") and "nothing changed" in lines[1]  # the older file adds nothing
    assert len(b.get_table(table_id).participants) == 1  # and does not bring Bert back
    b.add_participant(table_id, sector="burger")
    laptops.import_(laptops.export(table_id, on_b=True), on_b=False)
    a.update_item(a.get_table(table_id).items[-1].id, text="erbij, langer")
    a.add_item(table_id, round="gesprek", kind="note", text="nog een", zone="begrippen")
    english = cli("--lang", "en", "--db", laptops.b_url, "import", str(laptops.export(table_id)))
    assert english.out.strip().endswith("updated — 1 new note, 1 changed, 0 deleted")


def test_merge_counts_an_upper_case_copy_of_a_table_once(a: Store, laptops: Laptops, cli: Run, tmp_path: Path) -> None:
    table_id = make_table(a)
    doc = json.loads(laptops.export(table_id).read_text())
    for n, copy in enumerate((doc, _upper(json.loads(json.dumps(doc))))):
        (tmp_path / "m" / str(n)).mkdir(parents=True)
        (tmp_path / "m" / str(n) / "table.json").write_text(json.dumps(copy))
    result = cli("merge", str(tmp_path / "m"), "--json", str(tmp_path / "r.json"))
    assert result.code == 0, result.err
    report = json.loads((tmp_path / "r.json").read_text())
    assert report["tables"] == 1 and report["participants"] == 2
    assert sorted(s["status"] for s in report["sources"]) == ["duplicate", "ok"]
