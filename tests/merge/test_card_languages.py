"""A value card is one card in every language its canvas comes in: a Dutch table's "vertrouwen" and
an English table's "trust" on the same canvas are counted together, named as the report speaks."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tafel.domain.table import Item, Participant, Table
from tests.merge.programme import export, install_canvases, write

Run = Callable[..., Any]


@pytest.fixture(autouse=True)
def setup(tafel_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install_canvases(tafel_home)
    monkeypatch.chdir(tmp_path)


def _table(n: int, language: str, picks: list[tuple[str, list[str]]]) -> Table:
    people = [Participant(f"00000000-0000-4000-8000-{n:06d}{i:06d}", sector="burger") for i in range(len(picks))]
    items = [Item(f"10000000-0000-4000-8000-{n:06d}{i:06d}", "waarden", "value", "motivatie", value=value,
                  refs=refs, participant=person.id)
             for i, ((value, refs), person) in enumerate(zip(picks, people, strict=True))]
    return Table(f"20000000-0000-4000-8000-{n:012d}", f"Tafel {n}", f"2024-01-{n:02d}", "sturingsfilosofie",
                 language=language, participants=people, items=items)


TABLES = [
    _table(1, "nl", [("vertrouwen", []), ("Menselijke maat", ["betrouwbaar"])]),
    _table(2, "nl", [("vertrouwen", ["menselijke maat"])]),
    _table(3, "en", [("trust", ["reliability"]), ("human scale", []), ("Reliability", ["Trust"])]),
]


def _values(tmp_path: Path) -> dict[str, dict[str, Any]]:
    return {v["value"]: v for v in json.loads((tmp_path / "r.json").read_text("utf-8"))["values"]}


def test_a_dutch_and_an_english_table_count_the_same_cards_together(cli: Run, tmp_path: Path) -> None:
    write(tmp_path / "exports", [export(t) for t in TABLES])
    result = cli("merge", "exports", "--json", "r.json", "--md", "v.md")
    assert result.code == 0, result.err
    values = _values(tmp_path)
    assert set(values) == {"vertrouwen", "menselijke maat", "betrouwbaarheid"}  # two Dutch tables: Dutch names
    assert (values["vertrouwen"]["picked"], values["vertrouwen"]["referenced"], values["vertrouwen"]["tables"]) \
        == (3, 1, 3)
    assert (values["menselijke maat"]["picked"], values["menselijke maat"]["referenced"],
            values["menselijke maat"]["tables"]) == (2, 1, 3)
    assert (values["betrouwbaarheid"]["picked"], values["betrouwbaarheid"]["referenced"]) == (1, 2)
    groups = json.loads((tmp_path / "r.json").read_text("utf-8"))["value_groups"]
    assert groups[0]["group"] == "Vertrouwen, betrouwbaarheid en rechtvaardigheid" and groups[0]["mentions"] == 7
    md = (tmp_path / "v.md").read_text("utf-8")
    assert "trust" not in md.casefold().split("## 2")[0]


def test_the_english_report_names_the_same_cards_in_english(cli: Run, tmp_path: Path) -> None:
    write(tmp_path / "exports", [export(t) for t in TABLES])
    result = cli("--lang", "en", "merge", "exports", "--json", "r.json")
    assert result.code == 0, result.err
    values = _values(tmp_path)
    assert set(values) == {"trust", "human scale", "reliability"}
    assert (values["trust"]["picked"], values["trust"]["referenced"], values["trust"]["tables"]) == (3, 1, 3)
    groups = json.loads((tmp_path / "r.json").read_text("utf-8"))["value_groups"]
    assert groups[0]["group"] == "Trust, reliability and justice" and groups[0]["mentions"] == 7


def test_the_domain_counts_by_the_card_not_by_the_library_aliases() -> None:
    """Canvases read straight from their files (no aliases across languages added) and their
    translations: still one card."""
    from tafel.canvases import builtin_dir, load_file
    from tafel.domain.merge import Loaded, build_report

    dutch = load_file(builtin_dir() / "sturingsfilosofie.toml")
    english = load_file(builtin_dir() / "sturingsfilosofie.en.toml")
    assert "trust" not in dutch.deck[0].aliases
    report = build_report([Loaded(f"{t.id}.json", t, None) for t in TABLES], canvases={dutch.id: dutch},
                          translations={(english.id, "en"): english})
    assert {v.value: v.mentions for v in report.values} == {"vertrouwen": 4, "menselijke maat": 3,
                                                             "betrouwbaarheid": 3}
    alone = build_report([Loaded(f"{t.id}.json", t, None) for t in TABLES], canvases={dutch.id: dutch})
    assert "trust" in {v.value for v in alone.values}  # without its English deck, "trust" is another word
