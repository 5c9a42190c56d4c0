"""Writing a canvas from the README: the five-step change model with the mistakes people make.

Each mistake is named in words where it is (no regular expressions): a mistyped key with the key
meant, rounds longer than the canvas, a language that is no language, no sectors (a warning).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tafel.canvases import builtin_dir
from tafel.domain.canvas import canvas_warnings, nearest, parse_canvas, participants_below_minimum

FIVE_STEPS = '''
id = "mijn-vijf-stappen"
version = 1
name = "Vijf stappen (eigen)"
language = "{language}"
minutes = {minutes}
description = "Het veranderproces in vijf stappen."
{sectors}

[participants]
min = 4
mx = 8

[[rounds]]
id = "ambitie"
title = "Ambitie"
kind = "direction"
minutes = 30
promt = "Waar willen we naartoe?"

[[rounds]]
id = "status-quo"
title = "Status quo"
kind = "notes"
minutes = 30
prompt = "Waar staan we nu?"

  [[rounds.zones]]
  id = "werkt"
  title = "Wat werkt"
  kind = "example"
  hnt = "Plekken waar het goed gaat."

[[rounds]]
id = "acties"
title = "Acties"
kind = "advice"
minutes = 30
prompt = "Wat gaan we doen?"

[[rounds]]
id = "bijsturen"
title = "Uitvoeren en bijsturen"
kind = "notes"
minutes = 30
prompt = "Hoe houden we het bij?"
kleur = "blauw"

  [[rounds.zones]]
  id = "signalen"
  title = "Signalen"
  kind = "note"
'''


def write(tmp_path: Path, *, language: str = "Nederlands", minutes: int = 90, sectors: str = "") -> Path:
    path = tmp_path / "mijn-vijf-stappen.toml"
    path.write_text(FIVE_STEPS.format(language=language, minutes=minutes, sectors=sectors), "utf-8")
    return path


def test_every_mistake_is_named_in_words(cli: Any, tmp_path: Path) -> None:
    result = cli("--lang", "en", "canvas", "check", str(write(tmp_path)))
    assert result.code == 2
    err = result.err
    assert "rounds[0].promt: unknown key 'promt' (did you mean 'prompt'?)" in err
    assert "rounds[0].prompt: is missing" in err
    assert "rounds[1].zones[0].hnt: unknown key 'hnt' (did you mean 'hint'?)" in err
    assert "participants.mx: unknown key 'mx' (did you mean 'max'?)" in err
    assert "rounds[3].kleur: unknown key 'kleur'; known here: " in err
    assert "minutes: the rounds take 120 minutes together, 30 more than the canvas's minutes (90)" in err
    assert "language: language must be two letters, like nl or en (not 'Nederlands')" in err
    assert "^[a-z]" not in err and "{" not in err  # no patterns, no placeholders left


def test_in_dutch_too(cli: Any, tmp_path: Path) -> None:
    err = cli("canvas", "check", str(write(tmp_path))).err
    assert "onbekende sleutel 'promt' (bedoelt u 'prompt'?)" in err
    assert "de rondes duren samen 120 minuten, 30 meer dan de minuten van het canvas (90)" in err


def test_a_valid_canvas_without_sectors_is_warned_about(cli: Any, tmp_path: Path) -> None:
    text = write(tmp_path, language="nl", minutes=120).read_text("utf-8")
    text = text.replace("promt", "prompt").replace("hnt", "hint").replace("mx =", "max =")
    text = text.replace('kleur = "blauw"\n', "")
    path = tmp_path / "goed.toml"
    path.write_text(text, "utf-8")
    result = cli("--lang", "en", "canvas", "check", str(path))
    assert result.code == 0, result.err
    assert f"{path}: sectors: warning: no sectors" in result.out


def test_the_shipped_canvases_pass_without_warnings() -> None:
    import tomllib

    for path in sorted(builtin_dir().glob("*.toml")):
        canvas = parse_canvas(tomllib.loads(path.read_text("utf-8")))
        assert canvas_warnings(canvas) == [], path
        assert sum(r.minutes for r in canvas.rounds) <= canvas.minutes


def test_nearest_key_and_the_minimum_of_participants() -> None:
    assert nearest("promt", frozenset({"prompt", "title"})) == "prompt"
    assert nearest("xyz", frozenset({"prompt", "title"})) is None
    import tomllib

    canvas = parse_canvas(tomllib.loads((builtin_dir() / "vijf-stappen.toml").read_text("utf-8")))
    assert canvas.participants_min == 4
    assert participants_below_minimum(canvas, 3)
    assert not participants_below_minimum(canvas, 4)
    assert not participants_below_minimum(canvas, 0)  # nobody yet: nothing to say


def test_tafel_canvases_says_where_own_canvases_go(cli: Any, tafel_home: Path) -> None:
    result = cli("--lang", "en", "canvases")
    assert f"Your own canvases: TOML files in {tafel_home / 'canvases'}" in result.out
    assert "languages: nl, en" in result.out


def test_canvas_new_copies_a_canvas_into_the_user_folder(cli: Any, tafel_home: Path) -> None:
    result = cli("--lang", "en", "canvas", "new", "mijn-stappen", "--from", "vijf-stappen")
    assert result.code == 0, result.err
    target = tafel_home / "canvases" / "mijn-stappen.toml"
    assert f"{target}: a copy of vijf-stappen" in result.out
    assert cli("canvas", "check", str(target)).code == 0
    assert "mijn-stappen" in cli("canvases").out  # in the list at once
    assert cli("canvas", "new", "mijn-stappen").code == 2  # never over an existing file
    assert cli("canvas", "new", "Mijn Stappen").code == 2
    assert cli("canvas", "new", "x", "--from", "bestaat-niet").code == 2


VALUES_ROUND = '''
[[rounds]]
id = "waarden"
title = "Waarden"
kind = "values"
minutes = 10
prompt = "Welke waarde telt voor u?"
'''


def test_a_values_round_without_a_deck_is_a_warning_and_the_canvas_loads(cli: Any, tmp_path: Path) -> None:
    text = write(tmp_path, language="nl", minutes=130, sectors='sectors = ["Overheid", "Burger"]').read_text("utf-8")
    text = text.replace("promt", "prompt").replace("hnt", "hint").replace("mx =", "max =")
    text = text.replace('kleur = "blauw"\n', "") + VALUES_ROUND
    path = tmp_path / "zonder-kaarten.toml"
    path.write_text(text, "utf-8")
    result = cli("--lang", "en", "canvas", "check", str(path))
    assert result.code == 0, result.err
    assert (f"{path}: rounds[4]: warning: the values round 'Waarden' has no deck of value cards ([[deck]]); "
            "the canvas works, and every card is typed in as the participant's own") in result.out
    assert f"{path}: valid — Vijf stappen (eigen), 5 rounds, 0 value cards" in result.out
    dutch = cli("canvas", "check", str(path))
    assert dutch.code == 0 and "let op: de waardenronde 'Waarden' heeft geen kaartspel" in dutch.out
    import tomllib

    canvas = parse_canvas(tomllib.loads(text))
    assert [(w.path, w.code) for w in canvas_warnings(canvas)] == [("rounds[4]", "values_without_deck")]
