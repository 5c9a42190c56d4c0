"""The verslag's topics as a report writer would find them, on programmes typed as moderators type.

Run as the organiser runs it (``tafel merge`` in a real process, report.json and Markdown read
back); scored against the ground truth of ``tests.merge.realistic``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import simplemma

from tafel.domain.table import Item, Participant, Table
from tests.merge.programme import export, install_canvases, write
from tests.merge.realistic import Programme, english_tables, heldout_tables, realistic_tables, score

Run = Callable[..., Any]


@pytest.fixture(autouse=True)
def setup(tafel_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install_canvases(tafel_home)
    monkeypatch.chdir(tmp_path)


def _merge(cli: Run, tmp_path: Path, tables: list[Table], *args: str) -> tuple[dict[str, Any], str, Any]:
    write(tmp_path / "exports", [export(t) for t in tables])
    result = cli("merge", "exports", "--json", "r.json", "--md", "v.md", *args)
    assert result.code == 0, result.err
    return (json.loads((tmp_path / "r.json").read_text("utf-8")), (tmp_path / "v.md").read_text("utf-8"), result)


def _section(md: str, start: str, end: str) -> str:
    return md.split(start, 1)[1].split(end, 1)[0]


@pytest.mark.parametrize(("make", "themes"), [(realistic_tables, 10), (heldout_tables, 8)],
                         ids=["realistic", "heldout"])
def test_headline_topics_are_the_reports_themes(cli: Run, tmp_path: Path, make: Callable[[], Programme],
                                                themes: int) -> None:
    programme = make()
    data, _, _ = _merge(cli, tmp_path, programme.tables)
    topics = [(th["theme"], th["item_ids"]) for th in data["themes"]]
    scored = score(topics, programme)
    assert scored.recognisable >= 11, scored.verdicts
    assert len(scored.themes) >= themes, scored.verdicts
    names = " ".join(name for name, _ in topics[:12])
    for everyday in ("mensen", "overheid", "burger", "investeer", "ipv", "ovh"):
        assert everyday not in names.split()


def test_themes_keep_the_contract_and_are_recomputable(cli: Run, tmp_path: Path) -> None:
    programme = realistic_tables()
    data, md, _ = _merge(cli, tmp_path, programme.tables)
    table_of = {i.id: t.id for t in programme.tables for i in t.items}
    kind_of = {i.id: i.kind for t in programme.tables for i in t.items}
    assert data["themes"]
    for th in data["themes"]:
        assert {"theme", "words", "tables", "items", "item_ids", "curated"} <= set(th)
        assert th["curated"] is False and th["words"]
        assert th["items"] == len(th["item_ids"]) == len(set(th["item_ids"]))
        assert th["tables"] == len({table_of[i] for i in th["item_ids"]}) >= 2
        assert "value" not in {kind_of[i] for i in th["item_ids"]}  # round 1 is not section 2
    shown = [th["theme"] for th in data["themes"][:12]]
    assert [th["tables"] for th in data["themes"][:12]] == sorted([th["tables"] for th in data["themes"][:12]],
                                                                   reverse=True)
    section2 = _section(md, "## 2\\. Inhoud van de gesprekken", "### Spanningen")
    assert [line[4:] for line in section2.splitlines() if line.startswith("### ")] == shown
    # Quotes spread over the programme: not all from the first tables.
    quoted = {line.split("tafel ")[1].split(",")[0] for line in section2.splitlines() if line.startswith("> — tafel")}
    assert len(quoted) >= 10


def _table(n: int, notes: list[str], **kw: Any) -> Table:
    people = [Participant(f"00000000-0000-4000-8000-{n:06d}{i:06d}", sector="burger") for i in range(2)]
    items = [Item(f"10000000-0000-4000-8000-{n:06d}{i:06d}", "gesprek", "concept", text, zone="begrippen")
             for i, text in enumerate(notes)]
    return Table(f"20000000-0000-4000-8000-{n:012d}", f"Tafel {n}", f"2024-01-{n:02d}", "sturingsfilosofie",
                 participants=people, items=items, **kw)


def test_variants_come_together_and_typos_are_only_suggested(cli: Run, tmp_path: Path) -> None:
    tables = [
        _table(1, ["verkokering tussen ministeries", "energiecoöperatie in het dorp", "het burgerberaad werkt",
                   "mens. maat kwijt"]),
        _table(2, ["verkokerd denken", "Energiecooperatie loopt vast", "burgerberaden met loting",
                   "menselijke maat terug"]),
        _table(3, ["verkokkering ook lokaal", "een energiecoöp in de wijk", "meer burgerberaden",
                   "de menselijke maat", "energiecorporaties als voorbeeld"]),
    ]
    data, md, _ = _merge(cli, tmp_path, tables)
    words = {w: th for th in data["themes"] for w in th["words"]}
    koker = next(th for w, th in words.items() if w.startswith("verkoker"))
    assert koker["tables"] == 2  # verkokering + verkokerd; the typo at table 3 is not merged
    coop = next(th for w, th in words.items() if w.startswith("energieco"))
    assert coop["tables"] == 3  # coöperatie = cooperatie = coöp
    assert next(th for w, th in words.items() if w.startswith("burgerbera"))["tables"] == 3
    assert words["menselijke maat"]["tables"] == 3  # "mens. maat" written out
    assert "menselijke" not in words and "maat" not in words  # said by the phrase
    typo = next(s for s in data["spelling_suggestions"] if s["word"] == "verkokkering")
    assert typo["like"].startswith("verkoker") and len(typo["item_ids"]) == 1
    assert "verkokkering (lijkt op verko" in md
    corporatie = next(s for s in data["spelling_suggestions"] if s["word"] == "energiecorporaties")
    assert corporatie["like"].startswith("energieco")  # two typos in a long word: still only suggested


def test_tensions_are_counted_by_their_lemmatised_poles(cli: Run, tmp_path: Path) -> None:
    tables = []
    for n, poles in enumerate([["Rechtmatigheid", "Maatwerk"], ["maatwerk", "rechtmatigheden"],
                               ["rechtmatigheid", "maatwerk"]], start=1):
        table = _table(n, ["iets anders"])
        table.items.append(Item(f"30000000-0000-4000-8000-{n:012d}", "gesprek", "tension", "", zone="spanningen",
                                between=poles))
        table.items.append(Item(f"40000000-0000-4000-8000-{n:012d}", "gesprek", "tension",
                                "korte termijn vs lange termijn", zone="spanningen"))
        tables.append(table)
    data, md, _ = _merge(cli, tmp_path, tables)
    tensions = {tuple(te["poles"]): te for te in data["tensions"]}
    assert tensions[("maatwerk", "rechtmatigheid")]["tables"] == 3
    assert {te["tension"]: te["tables"] for te in data["tensions"]}["korte termijn ↔ lange termijn"] == 3
    assert "korte termijn ↔ lange termijn — aan 3 tafels" in md
    assert any("rechtmatigheid" in w for th in data["themes"] for w in th["words"])  # poles are read
    # a tension is a topic of its two poles together, named as the tables typed it most (either order)
    tension = next(th for th in data["themes"] if "↔" in th["theme"] and "maatwerk" in th["theme"])
    assert tension["theme"] == "rechtmatigheid ↔ maatwerk" and tension["words"] == ["rechtmatigheid", "maatwerk"]
    assert tension["tables"] == 3 and len(tension["item_ids"]) == 3


def test_opposite_poles_are_not_words_used_together(cli: Run, tmp_path: Path) -> None:
    """"controle ↔ vertrouwen" at three tables does not pull the tables' notes on vertrouwen into a
    topic with controle: the tension stays a topic of its own, the notes another."""
    tables = []
    for n in range(1, 4):
        table = _table(n, ["het vertrouwen is geschonden", "vertrouwen herstellen kost jaren"])
        table.items.append(Item(f"30000000-0000-4000-8000-{n:012d}", "gesprek", "tension", "", zone="spanningen",
                                between=["controle", "vertrouwen"]))
        tables.append(table)
    data, _, _ = _merge(cli, tmp_path, tables)
    tension_ids = {f"30000000-0000-4000-8000-{n:012d}" for n in range(1, 4)}
    by_name = {th["theme"]: th for th in data["themes"]}
    assert set(by_name["controle ↔ vertrouwen"]["item_ids"]) == tension_ids
    notes = next(th for th in data["themes"] if "↔" not in th["theme"] and "vertrouwen" in th["words"])
    assert len(notes["item_ids"]) == 6 and not tension_ids & set(notes["item_ids"])


def test_examples_of_several_initiatives_are_one_topic_and_derivations_by_prefix_join(cli: Run,
                                                                                      tmp_path: Path) -> None:
    """The canvas's examples ("energiecoöperatie in Drenthe", "burgerberaad klimaat") are the
    programme's examples and cases, one topic as a report gathers them; "koker" and "verkokering",
    "schotten" and "ontschotten" are one word each."""
    tables = []
    for n in range(1, 4):
        table = _table(n, ["iedereen zit in zijn eigen koker" if n < 3 else "verkokering tussen ministeries",
                           "schotten tussen departementen" if n < 3 else "ontschotten van budgetten"])
        for i, text in enumerate([["energiecoöperatie in het dorp", "een energiecoöperatie in Drenthe",
                                   "Energiecoöperatie liep vast"][n - 1],
                                  ["burgerberaad over klimaat", "het burgerberaad met loting",
                                   "burgerberaad in de stad"][n - 1]]):
            table.items.append(Item(f"50000000-0000-4000-8000-{n:06d}{i:06d}", "gesprek", "example", text,
                                    zone="voorbeelden"))
        tables.append(table)
    data, _, _ = _merge(cli, tmp_path, tables)
    examples = [th for th in data["themes"] if {"energiecoöperatie", "burgerberaad"} & set(th["words"])]
    assert len(examples) == 1 and set(examples[0]["theme"].split(" · ")) == {"energiecoöperatie", "burgerberaad"}
    assert len(examples[0]["item_ids"]) == 6 and examples[0]["tables"] == 3
    koker = next(th for th in data["themes"] if "koker" in th["words"] or "verkokering" in th["words"])
    assert koker["tables"] == 3 and len(koker["item_ids"]) == 3
    schotten = next(th for th in data["themes"] if "schotten" in th["words"] or "ontschotten" in th["words"])
    assert schotten["tables"] == 3 and len(schotten["item_ids"]) == 3


def test_an_english_programme_speaks_english_without_function_words(cli: Run, tmp_path: Path) -> None:
    tables = english_tables()
    for table in tables:
        table.language = "nl"  # as a table says when nobody chose: the notes say English
    data, md, _ = _merge(cli, tmp_path, tables)
    assert data["language"] == "en"
    assert "## 2\\. What the conversations were about" in md
    words = {term for th in data["themes"] for term in th["words"]}
    assert not words & {"the", "and", "with", "of", "to", "in", "invest"}
    assert not any(term.split()[0] in ("the", "and", "with") for term in words)
    assert {"trust", "red tape"} & {term for th in data["themes"] for term in th["words"]}


def test_lang_overrides_the_programmes_language(cli: Run, tmp_path: Path) -> None:
    write(tmp_path / "exports", [export(t) for t in realistic_tables().tables[:3]])
    result = cli("--lang", "en", "merge", "exports", "--md", "v.md", "--json", "r.json")
    assert result.code == 0, result.err
    md = (tmp_path / "v.md").read_text("utf-8")
    assert "## 2\\. What the conversations were about" in md and "Inhoud van de gesprekken" not in md
    assert "3 tables, 15 participants, 1 day" in result.out
    dutch = json.loads((tmp_path / "r.json").read_text("utf-8"))
    assert dutch["language"] == "en"  # the report's; the notes are still read as Dutch:
    assert not {"mensen", "tafel", "overheid"} & {w for th in dutch["themes"] for w in th["words"]}


def test_singulars_and_no_local_paths(cli: Run, tmp_path: Path) -> None:
    table = realistic_tables().tables[0]
    paths = write(tmp_path / "exports", [export(table)])
    result = cli("merge", str(paths[0].resolve()), "--md", "v.md")
    assert result.code == 0, result.err
    assert "1 tafel, 5 deelnemers, 1 dag (" in result.out
    md = (tmp_path / "v.md").read_text("utf-8")
    assert "**5 deelnemers aan 1 gesprekstafel, op 1 dag**" in md
    assert "1 tafel samengevoegd uit 1 bestand." in md
    account = md.split("## 4\\. Verantwoording", 1)[1]
    assert str(tmp_path) not in account and "01/table.json" in account


def test_advice_goes_under_the_topics_it_carries(cli: Run, tmp_path: Path) -> None:
    programme = realistic_tables()
    data, md, _ = _merge(cli, tmp_path, programme.tables)
    section3 = _section(md, "## 3\\. Richtingen en adviezen", "## 4\\. Verantwoording")
    said = [line for line in section3.splitlines() if line.startswith("- **")]
    other = _section(section3 + "\n## end", "### Overige", "## end") if "### Overige" in section3 else ""
    assert len(said) == len(data["directions"]) + len(data["advice"])
    assert sum(line.startswith("- **") for line in other.splitlines()) * 5 <= len(said)  # at most a fifth
    assert "### mensen" not in section3 and "### overheid" not in section3


def test_tables_of_different_canvases_are_said_once(cli: Run, tmp_path: Path) -> None:
    tables = realistic_tables().tables[:4]
    tables[3].canvas = "vijf-stappen-test"
    for item in tables[3].items:
        if item.kind == "value":
            item.value = "ambitie"
    _, md, _ = _merge(cli, tmp_path, tables)
    assert md.count("De tafels gebruikten verschillende canvassen") == 1
    assert "sturingsfilosofie (3 tafels), vijf-stappen-test (1 tafel)" in md


def test_canvas_abbreviations_are_written_out() -> None:
    from tafel.canvases import load_library
    from tafel.domain.canvas import parse_canvas
    from tafel.domain.merge import Loaded, build_report
    from tafel.services.wordfreq import frequencies

    shipped = load_library().get("sturingsfilosofie")
    assert shipped.abbreviations == ()  # existing canvases stay valid without the table
    import tomllib

    raw = tomllib.loads((Path(__file__).parents[2] / "canvases" / "sturingsfilosofie.toml").read_text("utf-8"))
    raw["abbreviations"] = {"rtc": "right to challenge"}
    canvas = parse_canvas(raw)
    tables = [_table(1, ["rtc in de wijk"]), _table(2, ["het right to challenge"]), _table(3, ["RTC werkt"])]
    report = build_report([Loaded(f"{n}.json", t, None) for n, t in enumerate(tables)],
                          canvases={canvas.id: canvas}, frequencies=frequencies,
                          lemmatize=simplemma.lemmatize)
    topic = next(th for th in report.themes if "right to challenge" in th.words)
    assert topic.tables == 3


CURATION = """
drop = ["uitvoering"]

[[theme]]
name = "Verkokering en schotten"
words = ["verkokering", "schotten", "koker", "domeinoverstijgend"]

[[theme]]
name = "Eenmalig"
words = ["woordnergens"]

[same]
verkokkering = "verkokering"
"""


def test_curation_names_topics_first_drops_words_and_joins_spellings(cli: Run, tmp_path: Path) -> None:
    (tmp_path / "curate.toml").write_text(CURATION, "utf-8")
    programme = realistic_tables()
    data, md, result = _merge(cli, tmp_path, programme.tables, "--curate", "curate.toml")
    first = data["themes"][0]
    assert first["theme"] == "Verkokering en schotten" and first["curated"] is True
    assert first["words"] == ["verkokering", "schotten", "koker", "domeinoverstijgend"]
    texts = {i.id: i.text for t in programme.tables for i in t.items}
    carried = [texts[i] for i in first["item_ids"]]
    assert "verkokkering ook binnen gemeenten" in carried  # joined by [same], not only suggested
    assert "iedereen zit in z'n eigen koker" in carried and "schotten tussen departementen" in carried
    assert not any(s["word"] == "verkokkering" for s in data["spelling_suggestions"])
    assert all(not th["curated"] for th in data["themes"][1:])
    assert not any("uitvoering" in th["words"] for th in data["themes"][1:])  # (a phrase holding it may stay)
    assert "Eenmalig" not in {th["theme"] for th in data["themes"]}
    assert "weggelaten: Eenmalig (0 tafels)" in result.out
    assert "### Verkokering en schotten" in md.split("## 2\\.", 1)[1]


def test_a_bad_curation_file_stops_the_merge(cli: Run, tmp_path: Path) -> None:
    write(tmp_path / "exports", [export(t) for t in realistic_tables().tables[:2]])
    (tmp_path / "curate.toml").write_text('[[theme]]\nname = "X"\nwords = "verkokering"\n', "utf-8")
    result = cli("merge", "exports", "--curate", "curate.toml", "--json", "r.json")
    assert result.code == 2 and "Curatiebestand curate.toml klopt niet: 'words' moet een lijst" in result.err
    assert not (tmp_path / "r.json").exists()
    # A typing slip in the TOML itself: where, and what, in the organiser's language.
    (tmp_path / "curate.toml").write_text('[[theme]]\nname "X"\n', "utf-8")
    slipped = cli("merge", "exports", "--curate", "curate.toml", "--json", "r.json")
    assert slipped.code == 2
    assert "Curatiebestand curate.toml klopt niet: na een sleutel hoort '=' (regel 2, kolom 6)" in slipped.err
    assert not (tmp_path / "r.json").exists()


def test_themes_command_lists_topics_and_writes_a_starting_curation(cli: Run, tmp_path: Path) -> None:
    import tomllib

    write(tmp_path / "exports", [export(t) for t in realistic_tables().tables])
    result = cli("themes", "exports", "--starter", "curate.toml")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0].startswith(" 1. ") and "tafels" in lines[0] and lines[1].startswith("    woorden: ")
    assert "Mogelijke tikfout, niet samengevoegd: verkokkering" in result.out
    curation = tomllib.loads((tmp_path / "curate.toml").read_text("utf-8"))
    assert len(curation["theme"]) == 12 and curation["drop"] == []
    merged = cli("merge", "exports", "--curate", "curate.toml", "--json", "r.json")
    assert merged.code == 0, merged.err
    data = json.loads((tmp_path / "r.json").read_text("utf-8"))
    assert [th["theme"] for th in data["themes"][:12]] == [th["name"] for th in curation["theme"]]
    assert all(th["curated"] for th in data["themes"][:12])


def test_the_pdf_shows_topics_and_prints_markup_in_them_literally(cli: Run, tmp_path: Path) -> None:
    from pypdf import PdfReader

    tables = realistic_tables().tables
    for table in tables[:2]:  # a moderator's tag with markup in it, at two tables: a topic of its own
        next(i for i in table.items if i.kind == "concept").tags.append('<font size="40">groot</font> & co')
    paths = write(tmp_path / "exports", [export(t) for t in tables])
    result = cli("merge", "exports", "-o", "v.pdf", "--json", "r.json")
    assert result.code == 0, result.err
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(tmp_path / "v.pdf").pages)
    data = json.loads((tmp_path / "r.json").read_text("utf-8"))
    section2 = text.split("2. Inhoud van de gesprekken")[1].split("3. Richtingen en adviezen")[0]
    first = data["themes"][0]
    assert f"{first['theme']} Aan {first['tables']} van de 15 tafels, in {first['items']} notities." in section2
    assert '<font size="40">groot</font> & co' in text
    assert "Mogelijke tikfouten, niet samengevoegd" in text and "verkokkering" in text
    assert str(paths[0].parent.parent) not in text


@pytest.mark.parametrize(("spread", "bunch"), [(1, 0), (3, 3), (7, 3)])
def test_topics_hold_when_the_same_notes_sit_at_other_tables(spread: int, bunch: int) -> None:
    """The same programmes with their notes dealt out over the tables differently (a theme spread
    over all tables, or a few notes of it at neighbouring ones): the headline stays recognisable."""
    from tafel.canvases import load_library
    from tafel.domain.merge import Loaded, build_report
    from tafel.services.wordfreq import frequencies

    canvas = load_library().get("sturingsfilosofie")
    for make in (realistic_tables, heldout_tables):
        programme = make(spread, bunch)
        report = build_report([Loaded(f"{n}.json", t, None) for n, t in enumerate(programme.tables)],
                              canvases={canvas.id: canvas}, frequencies=frequencies,
                              lemmatize=simplemma.lemmatize)
        scored = score([(th.theme, [e.item.id for e in th.entries]) for th in report.themes], programme)
        assert scored.recognisable >= 10 and len(scored.themes) >= 8, scored.verdicts


def test_a_canvas_abbreviation_must_be_text() -> None:
    import tomllib

    from tafel.domain.canvas import CanvasError, parse_canvas

    raw = tomllib.loads((Path(__file__).parents[2] / "canvases" / "sturingsfilosofie.toml").read_text("utf-8"))
    raw["abbreviations"] = {"ovh": "overheid", "x": 3}
    with pytest.raises(CanvasError) as caught:
        parse_canvas(raw)
    assert [(p.path, p.code) for p in caught.value.problems] == [("abbreviations.x", "expected_text")]


def test_meaning_near_variants_on_the_realistic_programme() -> None:
    """"koker" is said under "verkokering" (a derivation by prefix) and every "ontschot…" under
    "schotten"; the two stay apart: "ontschotten" is said of what worked in a crisis."""
    from tafel.canvases import load_library
    from tafel.domain.merge import Loaded, build_report
    from tafel.services.wordfreq import frequencies

    programme = realistic_tables()
    report = build_report([Loaded(f"{n}.json", t, None) for n, t in enumerate(programme.tables)],
                          canvases={"sturingsfilosofie": load_library().get("sturingsfilosofie")},
                          frequencies=frequencies)
    said = {th.theme: {e.item.text for e in th.entries} for th in report.themes}
    koker = next(texts for name, texts in said.items() if "verkokering" in name)
    assert {"iedereen zit in z'n eigen koker", "verkokering tussen ministeries"} <= koker
    schotten = next(texts for name, texts in said.items() if "schotten" in name.split(" · "))
    assert {"schotten tussen departementen", "ontschotten kan als het moet (crisis)", "ontschotting van budgetten",
            "energietoeslag snel geregeld, financieel ontschot"} <= schotten
