"""Issue 9, settings.toml: a wrong type or a broken file is one line naming the file and the key.

A command stops (exit 2) rather than quietly using a default; ``settings.load`` never raises, so the
TUI can carry on with the defaults and show ``Settings.problems``. An unknown key only warns.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tafel import settings as settings_mod
from tests.process import run_tafel

BAD = {
    "exports_number": ("exports = 5\n", "exports moet de naam van een map zijn", "niet 5"),
    "exports_empty": ('exports = ""\n', "exports moet de naam van een map zijn", "niet ''"),
    "language_number": ("language = 5\n", "language moet een van nl, en zijn", "niet 5"),
    "language_unknown": ('language = "fr"\n', "language moet een van nl, en zijn", "niet 'fr'"),
    "base_url_number": ("[share]\nbase_url = 5\n", "share.base_url moet een webadres zijn", "niet 5"),
    "base_url_no_scheme": ('[share]\nbase_url = "tafel.example"\n', "share.base_url moet een webadres", "tafel"),
    "share_text": ('share = "x"\n', "share moet een tabel zijn", "niet 'x'"),
    "exports_nul": ('exports = "uit\\u0000map"\n', "exports moet de naam van een map zijn", "niet 'uit\\x00map'"),
    "base_url_space": ('[share]\nbase_url = "https://a b.example"\n', "share.base_url moet een webadres", "a b"),
    "malformed": ('language = "nl"\nexports = [\n', "is geen geldige TOML (hier hoort een waarde",
                  "(aan het eind van het bestand)); verbeter of verwijder"),
    "not_utf8": (b'exports = "\xe9"\n', "is geen UTF-8-tekst", ""),
    "deep": ("a = " + "[" * 3000 + "]" * 3000 + "\n", "is te diep genest", ""),
}


def _write(home: Path, content: str | bytes) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    path = home / "settings.toml"
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


@pytest.mark.parametrize("name", list(BAD))
def test_load_never_raises_and_names_the_problem(tafel_home: Path, name: str) -> None:
    content, words, found = BAD[name]
    path = _write(tafel_home, content)
    loaded = settings_mod.load()
    assert loaded.lang == "nl" and loaded.base_url is None
    assert loaded.exports == Path(os.environ["TAFEL_EXPORTS"])  # the default, not the bad value
    [problem] = loaded.problems
    line = problem.line()
    assert problem.fatal and line.startswith(str(path)) and words in line and found in line


@pytest.mark.parametrize("name", ["exports_number", "language_number", "base_url_number", "share_text", "malformed"])
def test_a_command_stops_with_one_line(tafel_home: Path, tmp_path: Path, name: str) -> None:
    content, words, _ = BAD[name]
    path = _write(tafel_home, content)
    ran = run_tafel("list", cwd=tmp_path, home=tafel_home)
    assert ran.code == 2 and "Traceback" not in ran.err
    assert len(ran.lines) == 1 and ran.lines[0].startswith(str(path)) and words in ran.lines[0]


def test_a_fifo_as_settings_file_does_not_hang(tafel_home: Path, tmp_path: Path) -> None:
    tafel_home.mkdir(parents=True)
    os.mkfifo(tafel_home / "settings.toml")
    ran = run_tafel("list", cwd=tmp_path, home=tafel_home, timeout=20)
    assert ran.code == 2
    assert ran.lines == [f"{tafel_home / 'settings.toml'} kan niet worden gelezen: geen gewoon bestand maar "
                         "een named pipe (FIFO)"]


def test_an_unknown_key_warns_and_the_rest_is_used(tafel_home: Path, tmp_path: Path) -> None:
    path = _write(tafel_home, 'taal = "en"\nexports = "uit"\n[share]\nbase-url = "https://x.example"\n')
    loaded = settings_mod.load()
    assert loaded.exports == Path(os.environ["TAFEL_EXPORTS"])  # the environment still wins
    assert [p.line() for p in loaded.problems] == [
        f"{path}: onbekende instelling 'taal' (wordt overgeslagen)",
        f"{path}: onbekende instelling 'share.base-url' (wordt overgeslagen)",
    ]
    assert not any(p.fatal for p in loaded.problems)
    ran = run_tafel("list", cwd=tmp_path, home=tafel_home)
    assert ran.code == 0 and len(ran.lines) == 2 and "onbekende instelling 'taal'" in ran.lines[0]


def test_good_settings_are_used(tafel_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TAFEL_EXPORTS")
    _write(tafel_home, 'exports = "uit"\nlanguage = "en"\n[share]\nbase_url = "https://tafel.example/"\n')
    loaded = settings_mod.load()
    assert (loaded.exports, loaded.lang, loaded.base_url, loaded.problems) == (
        Path("uit"), "en", "https://tafel.example", ())


def test_help_and_canvas_check_still_work_with_broken_settings(tafel_home: Path, tmp_path: Path) -> None:
    _write(tafel_home, "exports = 5\n")
    helped = run_tafel("merge", "--help", cwd=tmp_path, home=tafel_home)
    assert helped.code == 0 and helped.out.startswith("Gebruik: tafel merge")
    from tafel.canvases import builtin_dir

    checked = run_tafel("canvas", "check", builtin_dir() / "vijf-stappen.toml", cwd=tmp_path, home=tafel_home)
    assert checked.code == 0 and "in orde" in checked.out
