"""Canvases are data: the shipped ones load; a broken one names every problem with its key path."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from tafel.canvases import builtin_dir, load_file, load_library
from tafel.domain.canvas import CanvasError, parse_canvas

SHIPPED = ["sturingsfilosofie", "vijf-stappen", "publiek-civiel", "dag-van-de-dialoog"]

MINIMAL: dict[str, Any] = {
    "id": "proef", "version": 1, "name": "Proef", "language": "nl", "minutes": 30,
    "description": "Een proef.", "sectors": ["burger"],
    "rounds": [
        {"id": "waarden", "title": "Waarden", "kind": "values", "minutes": 10, "prompt": "Kies een kaart."},
        {"id": "gesprek", "title": "Gesprek", "kind": "notes", "minutes": 20, "prompt": "Praat.",
         "zones": [{"id": "begrippen", "title": "Begrippen", "kind": "concept"}]},
    ],
    "deck": [{"value": "vertrouwen", "group": "G", "description": "d", "aliases": ["vertrouwd"]}],
}


def problems(data: dict[str, Any]) -> list[str]:
    with pytest.raises(CanvasError) as caught:
        parse_canvas(data)
    return [f"{p.path}: {p.code}" for p in caught.value.problems]


@pytest.mark.parametrize("canvas_id", SHIPPED)
def test_shipped_canvas_loads_and_adds_up(canvas_id: str) -> None:
    canvas = load_file(builtin_dir() / f"{canvas_id}.toml")
    assert canvas.id == canvas_id
    assert canvas.language == "nl"
    assert sum(r.minutes for r in canvas.rounds) == canvas.minutes
    assert all(r.prompt for r in canvas.rounds)


def test_default_canvas_has_the_2023_deck_and_groups() -> None:
    canvas = load_library().get("sturingsfilosofie")
    values = {c.value for c in canvas.deck}
    assert {
        "vertrouwen", "betrouwbaarheid", "rechtvaardigheid", "menselijke maat", "betrokkenheid", "complexiteit",
        "systeemwereld", "maatschappelijke opgave", "rechtmatigheid", "verantwoordelijkheid", "deskundigheid",
        "inclusiviteit", "eerlijkheid", "integriteit", "responsiviteit", "toegankelijkheid", "respect",
    } <= values
    groups = canvas.groups()
    trust = ["vertrouwen", "betrouwbaarheid", "rechtvaardigheid"]
    assert groups["Vertrouwen, betrouwbaarheid en rechtvaardigheid"] == trust
    assert groups["Menselijke maat en betrokkenheid"] == ["menselijke maat", "betrokkenheid"]
    assert groups["Complexiteit en systeemwereld"] == ["complexiteit", "systeemwereld"]
    assert groups["Maatschappelijke opgave"] == ["maatschappelijke opgave"]
    assert [r.kind for r in canvas.rounds] == ["values", "direction", "notes", "advice"]
    assert [z.kind for z in canvas.rounds[2].zones] == ["concept", "example", "tension"]
    assert "ambtenaar (uitvoering)" in canvas.sectors


def test_library_lists_default_first() -> None:
    assert load_library().all()[0].id == "sturingsfilosofie"
    assert {c.id for c in load_library().all()} >= set(SHIPPED)


def test_minimal_canvas_parses() -> None:
    canvas = parse_canvas(MINIMAL)
    assert canvas.round("gesprek") is not None
    assert canvas.rounds[1].item_kinds() == ("concept",)


def test_every_problem_is_named_with_its_key_path() -> None:
    data = copy.deepcopy(MINIMAL)
    data["rounds"][1]["zones"][0]["kind"] = "mening"
    data["rounds"][0]["minutes"] = "tien"
    data["rounds"].append({"id": "waarden", "title": "", "kind": "advies", "minutes": 0, "prompt": "x"})
    data["deck"].append({"value": "Vertrouwen"})
    data["kleur"] = "blauw"
    found = problems(data)
    assert "rounds[1].zones[0].kind: expected_one_of" in found
    assert "rounds[0].minutes: expected_integer" in found
    assert "rounds[2].kind: expected_one_of" in found
    assert "rounds[2].title: empty" in found
    assert "rounds[2].minutes: too_small" in found
    assert "rounds[2].id: duplicate_id" in found
    assert "deck[1].value: duplicate_value" in found
    assert any(f.startswith("kleur: unknown_key") for f in found)


def test_notes_round_without_zones_and_values_without_deck() -> None:
    data = copy.deepcopy(MINIMAL)
    del data["rounds"][1]["zones"]
    data["deck"] = []
    found = problems(data)
    assert "rounds[1].zones: notes_need_zones" in found
    # No deck is a warning, never a refusal: the canvas loads and cards are typed freely.
    assert not any(f.startswith("deck") for f in found)


def test_canvas_check_cli(cli: Any, tmp_path: Path) -> None:
    broken = tmp_path / "kapot.toml"
    broken.write_text('id = "kapot"\nrounds = [ { id = "a", kind = "praten" } ]\n', "utf-8")
    result = cli("canvas", "check", str(broken))
    assert result.code == 2
    assert f"{broken}: rounds[0].kind: verwacht een van: values, direction, notes, advice" in result.err
    syntax = tmp_path / "syntax.toml"
    syntax.write_text('id = "x\n', "utf-8")
    said = cli("canvas", "check", str(syntax)).err  # tomllib's own sentence in Dutch too
    assert "geen geldige TOML: een tekst mist zijn afsluitende aanhalingsteken (regel 1, kolom 8)" in said
    assert "not valid TOML: Illegal character '\\n' (at line 1, column 8)" in cli(
        "--lang", "en", "canvas", "check", str(syntax)).err
    ok = cli("canvas", "check", str(builtin_dir() / "sturingsfilosofie.toml"))
    assert ok.code == 0 and "in orde" in ok.out


def test_canvases_cli_lists_rounds(cli: Any) -> None:
    result = cli("canvases")
    assert result.code == 0
    assert "sturingsfilosofie" in result.out and "Waarden en drijfveren" in result.out


def test_user_canvas_folder_and_broken_user_canvas(cli: Any, tafel_home: Path) -> None:
    folder = tafel_home / "canvases"
    folder.mkdir(parents=True)
    shipped = (builtin_dir() / "sturingsfilosofie.toml").read_text("utf-8")
    (folder / "eigen.toml").write_text(shipped.replace('id = "sturingsfilosofie"', 'id = "eigen"', 1), "utf-8")
    (folder / "stuk.toml").write_text("niet = [", "utf-8")
    result = cli("canvases")
    assert "eigen" in result.out
    assert "stuk.toml" in result.err


@pytest.mark.parametrize("reserved", ["participants", "closing", "overview"])
def test_round_ids_the_app_uses_for_its_own_screens_are_refused(reserved: str) -> None:
    data = copy.deepcopy(MINIMAL)
    data["rounds"][1]["id"] = reserved
    assert problems(data) == ["rounds[1].id: reserved_id"]


def test_more_zones_than_fit_on_200_columns_are_refused() -> None:
    from tafel.domain.canvas import MAX_ZONES

    assert MAX_ZONES == 10
    data = copy.deepcopy(MINIMAL)
    zone = data["rounds"][1]["zones"][0]
    data["rounds"][1]["zones"] = [{**zone, "id": f"z{i}"} for i in range(MAX_ZONES)]
    parse_canvas(data)
    data["rounds"][1]["zones"].append({**zone, "id": "nog-een"})
    assert problems(data) == ["rounds[1].zones: too_many_zones"]


def test_minimum_above_maximum_participants_is_refused() -> None:
    data = copy.deepcopy(MINIMAL)
    data["participants"] = {"min": 8, "max": 5}
    assert problems(data) == ["participants.min: min_above_max"]
    data["participants"] = {"min": 5, "max": 5}
    parse_canvas(data)


def test_canvas_check_says_why_in_one_line_each(tafel_home: Path, tmp_path: Path) -> None:
    from tests.process import run_tafel

    zones = "".join(f'[[rounds.zones]]\nid = "z{i}"\ntitle = "Zone {i}"\nkind = "note"\n' for i in range(11))
    path = tmp_path / "te-veel.toml"
    path.write_text(
        'id = "te-veel"\nversion = 1\nname = "Te veel"\nlanguage = "nl"\nminutes = 20\n'
        'description = "Proef."\nsectors = ["burger"]\n[participants]\nmin = 9\nmax = 4\n'
        '[[rounds]]\nid = "closing"\ntitle = "Gesprek"\nkind = "notes"\nminutes = 20\nprompt = "Praat."\n'
        + zones, "utf-8")
    ran = run_tafel("canvas", "check", path, cwd=tmp_path, home=tafel_home)
    assert ran.code == 2 and "Traceback" not in ran.err
    assert ran.lines == [
        f"{path}: rounds[0].zones: 11 zones passen niet naast elkaar op het scherm: een zone heeft zo'n 20 "
        "kolommen nodig, dus hooguit 10 zones (op 200 kolommen); verdeel ze over twee rondes",
        f"{path}: rounds[0].id: 'closing' is de naam van een eigen scherm van tafel (participants, closing, "
        "overview); kies een ander id voor deze ronde",
        f"{path}: participants.min: het minimum (9) is groter dan het maximum (4) aantal deelnemers",
    ]


def test_a_deeply_nested_canvas_is_one_line(cli: Any, tmp_path: Path) -> None:
    deep = tmp_path / "diep.toml"
    deep.write_text("a = " + "[" * 5000 + "]" * 5000 + "\n", "utf-8")
    result = cli("canvas", "check", str(deep))
    assert result.code == 2 and "Traceback" not in result.err
    assert result.err.strip() == f"{deep}: (toml): te diep genest: veel te veel haakjes of tabellen in elkaar"
