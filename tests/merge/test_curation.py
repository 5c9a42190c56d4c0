"""The curation file (``tafel merge --curate``): every key, a word that matches nothing, the
same report on a second run, and the issue's done-when with a short file on the realistic
programme (scored against ``tests.merge.realistic``'s ground truth)."""

from __future__ import annotations

import io
import json
import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.merge import heldout_data, realistic_data
from tests.merge.programme import export, install_canvases, write
from tests.merge.realistic import Programme, heldout_tables, realistic_tables, score

Run = Callable[..., Any]

# The done-when: the one report theme the automatic topics miss, and the 9 development
# directions of the 2023 report's section 3 by their words: 10 lines, in the short form (dotted
# keys: the same as a [themes] and a [directions] table, without their header lines).
DONE_WHEN = """\
themes."Publieke waarden" = ["publieke waarden", "inclusiviteit", "integriteit", "responsiviteit"]
directions."Verbinding en menselijke maat" = ["verbinding", "menselijke maat", "burger", "leefwereld"]
directions."Publieke waarden" = ["publieke waarden", "eerlijk", "herstel vertrouwen", "beloftes", "vangnet", "inclusiviteit", "dilemma", "betrouwbaar"]
directions."Lokale kracht benutten" = ["energiecoöperatie", "bewonersinitiatief", "burgerberaad", "right to challenge", "gemeenschap"]
directions."Signalen uit de uitvoering" = ["uitvoering", "signalen", "afstand", "uitvoerbaar", "partijen"]
directions."Opgavegericht en domeinoverstijgend" = ["domeinoverstijgend", "verkokering", "ontschot", "schotten", "maatschappelijke opgave"]
directions."Eenvoud en vertrouwen" = ["regels", "regelgeving", "ruimte", "complexiteit", "risicomijdend", "vereenvoudig", "toegankelijk", "maatwerk"]
directions."Andere sturing en verantwoording" = ["impact", "verantwoording", "afrekencultuur", "checklist", "aanbesteden"]
directions."Kennis, kunde en visie" = ["vakkennis", "inhuur", "lerend", "visie", "kennis"]
directions."Rechtsstaat en democratie" = ["behoorlijk bestuur", "rechtsstatelijk", "democratisch", "besef"]
"""  # noqa: E501


@pytest.fixture(autouse=True)
def setup(tafel_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install_canvases(tafel_home)
    monkeypatch.chdir(tmp_path)


@pytest.fixture(scope="module")
def programme() -> Programme:
    return realistic_tables()


def _merge(cli: Run, tmp_path: Path, programme: Programme, curation: str,
           *args: str) -> tuple[dict[str, Any], str, Any]:
    if not (tmp_path / "exports").exists():
        write(tmp_path / "exports", [export(t) for t in programme.tables])
    (tmp_path / "c.toml").write_text(curation, "utf-8")
    result = cli("merge", "exports", "--curate", "c.toml", "--json", "r.json", "--md", "v.md", *args)
    assert result.code == 0, result.err
    return json.loads((tmp_path / "r.json").read_text("utf-8")), (tmp_path / "v.md").read_text("utf-8"), result


def _ids(programme: Programme, *texts: str) -> list[str]:
    by_text = {i.text: i.id for t in programme.tables for i in t.items}
    return [by_text[text] for text in texts]


def test_done_when_all_eleven_themes_and_the_nine_directions(cli: Run, tmp_path: Path, programme: Programme) -> None:
    data, md, result = _merge(cli, tmp_path, programme, DONE_WHEN)
    assert len(DONE_WHEN.splitlines()) == 10
    assert result.err == ""  # every word of the file matches something
    scored = score([(th["theme"], th["item_ids"]) for th in data["themes"]], programme)
    assert scored.themes == set(realistic_data.THEMES), scored.verdicts
    texts = {i.id: i.text for t in programme.tables for i in t.items}
    directions = data["development_directions"]
    assert [d["title"] for d in directions] == realistic_data.DEVELOPMENT_DIRECTIONS
    for number, direction in enumerate(directions, start=1):
        advice = {texts[i] for i in direction["item_ids"]} & set(realistic_data.ADVICE_DIRECTIONS)
        assert advice == {a for a, n in realistic_data.ADVICE_DIRECTIONS.items() if n == number}, direction["title"]
    assert all(a["direction"] for a in data["advice"])  # every advice line has its direction
    section3 = md.split("## 3\\.", 1)[1]
    assert "### Rechtsstaat en democratie" in section3
    other = section3.split("## 4", 1)[0].split("### Overige", 1)[-1]
    assert "Advies" not in other  # (a table's own direction may stay under a topic or "Overige")


HOSTILE = '<b>vet</b> & <script>alert(1)</script> <font size="40">groot</font>'


def test_title_subtitle_introduction_and_summary_in_every_format(cli: Run, tmp_path: Path,
                                                                 programme: Programme) -> None:
    from docx import Document
    from pypdf import PdfReader

    curation = (f"title = 'Rode draden {HOSTILE}'\nsubtitle = 'Voor de opdrachtgever'\n"
                f"introduction = '''Eerste alinea\nloopt door.\n\n- punt een\n- punt **twee**'''\n"
                f"summary = '''Samengevat: {HOSTILE}'''\n")
    data, md, _ = _merge(cli, tmp_path, programme, curation, "-o", "v.pdf", "--html", "v.html", "--docx", "v.docx",
                         "--pdf-ua", "ua.pdf")
    assert data["curated_text"]["title"] == f"Rode draden {HOSTILE}"
    assert md.startswith("# Rode draden &lt;b&gt;vet&lt;/b&gt; &amp; &lt;script&gt;")
    assert "**Voor de opdrachtgever**" in md and "## Inleiding\n\nEerste alinea loopt door.\n\n- punt een" in md
    assert md.index("## Samenvatting") < md.index("## 1\\.")
    page = (tmp_path / "v.html").read_text("utf-8")
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Eerste alinea loopt door." in page and "punt **twee**" in page
    pdf = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(tmp_path / "v.pdf").pages)
    assert f"Rode draden {HOSTILE}" in pdf and f"Samengevat: {HOSTILE}" in pdf and "Voor de opdrachtgever" in pdf
    assert PdfReader(tmp_path / "v.pdf").metadata.title == f"Rode draden {HOSTILE}"
    tagged = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(tmp_path / "ua.pdf").pages)
    assert f"Rode draden {HOSTILE}" in tagged and "Eerste alinea loopt door." in tagged and "punt een" in tagged
    word = "\n".join(p.text for p in Document(io.BytesIO((tmp_path / "v.docx").read_bytes())).paragraphs)
    assert f"Rode draden {HOSTILE}" in word and "Inleiding" in word and "punt een" in word


def test_aliases_count_as_the_topics_words_and_chosen_quotes_are_shown_in_order(
        cli: Run, tmp_path: Path, programme: Programme) -> None:
    quotes = _ids(programme, "schotten tussen departementen", "iedereen zit in z'n eigen koker")
    curation = (f'[[theme]]\nname = "Verkokering"\nwords = ["verkokering"]\naliases = ["koker", "schotten"]\n'
                f'quotes = ["{quotes[0]}", "{quotes[1]}", "niet-een-id"]\n')
    data, md, result = _merge(cli, tmp_path, programme, curation)
    first = data["themes"][0]
    assert first["theme"] == "Verkokering" and first["words"] == ["verkokering"] and first["curated"]
    assert set(quotes) <= set(first["item_ids"]) and first["quote_ids"] == quotes
    section = md.split("### Verkokering\n", 1)[1].split("### ", 1)[0]
    assert section.index("schotten tussen departementen") < section.index("iedereen zit in z'n eigen koker")
    assert section.count("> —") == 2  # only the chosen quotes
    assert result.err.splitlines() == ["Curatiebestand: citaat 'niet-een-id' is geen notitie van zijn onderwerp; "
                                       "niet getoond"]


def test_merge_joins_found_topics(cli: Run, tmp_path: Path, programme: Programme) -> None:
    before, _, _ = _merge(cli, tmp_path, programme, "")
    # the topics holding either word: "maatwerk · geest van de wet", the tension "rechtmatigheid ↔
    # maatwerk" and "discretionaire ruimte · professionals"
    parts = [th for th in before["themes"] if {"maatwerk", "discretionaire ruimte"} & set(th["words"])]
    assert len(parts) == 3 and any("↔" in th["theme"] for th in parts)
    data, _, _ = _merge(cli, tmp_path, programme, 'merge = [["maatwerk", "discretionaire ruimte"]]\n')
    joined = next(th for th in data["themes"] if "maatwerk" in th["words"])
    assert "discretionaire ruimte" in joined["words"] and not joined["curated"]
    assert set(joined["item_ids"]) == set().union(*(th["item_ids"] for th in parts))
    # named by each one's first wording in the verslag's order; "maatwerk" is not said twice
    assert joined["theme"] == "discretionaire ruimte · rechtmatigheid ↔ maatwerk"
    assert len(data["themes"]) == len(before["themes"]) - 2


def test_directions_by_advice_ids_and_the_rest_under_topics(cli: Run, tmp_path: Path, programme: Programme) -> None:
    chosen = _ids(programme, "Organiseer burgerberaden.", "Schrap overbodige regels.")
    curation = (f'[[direction]]\ntitle = "Burgers doen mee"\ntext = """Waar de tafels op uitkwamen.\n\nTweede '
                f'alinea."""\nadvice = ["{chosen[0]}", "{chosen[1]}", "onbekend-id"]\n')
    data, md, result = _merge(cli, tmp_path, programme, curation, "--csv", "csv")
    (direction,) = data["development_directions"]
    rows = (tmp_path / "csv" / "items.csv").read_text("utf-8-sig").splitlines()
    assert ",ontwikkelrichting," in rows[0]
    assert sum(",Burgers doen mee," in row for row in rows) == 2
    assert sorted(direction["item_ids"]) == sorted(chosen)
    gathered = [a for a in data["advice"] if a.get("direction")]
    assert sorted(a["item"] for a in gathered) == sorted(chosen)
    section3 = md.split("## 3\\.", 1)[1].split("## 4\\.", 1)[0]
    head = section3.split("### ", 2)[1]
    assert head.startswith("Burgers doen mee\n\nWaar de tafels op uitkwamen.\n\nTweede alinea.")
    assert section3.count("Organiseer burgerberaden.") == 1  # not again under a topic
    assert "'onbekend-id' in advice" in result.err
    assert "eerst bij de ontwikkelrichtingen van de organisator" in section3
    assert "De ontwikkelrichtingen in hoofdstuk 3 zijn door de organisator geformuleerd" in md


def test_groups_from_the_curation_file_leave_empty_groups_out(cli: Run, tmp_path: Path, programme: Programme) -> None:
    data, md, _ = _merge(cli, tmp_path, programme,
                         '[groups]\n"Betrouwbaar" = ["vertrouwen", "integriteit"]\n"Leeg" = ["bestaat niet"]\n')
    assert [g["group"] for g in data["value_groups"]] == ["Betrouwbaar"]
    assert data["groups_from"] == "file" and "### Betrouwbaar" in md and "### Leeg" not in md


def test_a_word_or_id_matching_nothing_is_one_warning_line_and_the_merge_goes_on(
        cli: Run, tmp_path: Path, programme: Programme) -> None:
    curation = ('drop = ["drophier"]\nmerge = [["mergehier", "maatwerk"]]\n'
                '[[theme]]\nname = "X"\nwords = ["verkokering", "woordhier"]\naliases = ["aliashier"]\n'
                '[[direction]]\ntitle = "R"\nwords = ["richtinghier", "verbinding"]\n'
                '[same]\nverkokkering = "verkokering"\nsamehier = "verkokering"\n')
    data, _, result = _merge(cli, tmp_path, programme, curation)
    assert data["themes"][0]["theme"] == "X"
    lines = result.err.splitlines()
    assert len(lines) == 6
    for word in ("drophier", "mergehier", "woordhier", "aliashier", "richtinghier", "samehier"):
        assert sum(f"'{word}'" in line for line in lines) == 1, lines
    with_en = cli("--lang", "en", "merge", "exports", "--curate", "c.toml", "--json", "r.json")
    assert "Curation file: the word 'woordhier' of a [[theme]] occurs in no note" in with_en.err


def test_merging_again_with_the_file_gives_the_same_report(tafel_home: Path, tmp_path: Path,
                                                            programme: Programme) -> None:
    """Two real processes (each with its own string hashing, so a set's order cannot leak in):
    report.json, the CSV files and the Markdown are the same byte for byte, apart from the date line."""
    from tests.process import run_tafel

    quote = _ids(programme, "schotten tussen departementen")[0]
    curation = (DONE_WHEN + 'title = "T"\nintroduction = "I"\ndrop = ["uitvoering"]\n'
                'merge = [["maatwerk", "discretionaire ruimte"]]\n'
                f'[[theme]]\nname = "Koker"\nwords = ["koker"]\naliases = ["schotten"]\nquotes = ["{quote}"]\n'
                '[groups]\nA = ["vertrouwen"]\n')
    tomllib.loads(curation)
    write(tmp_path / "exports", [export(t) for t in programme.tables])
    (tmp_path / "c.toml").write_text(curation, "utf-8")
    outputs = []
    for seed in ("1", "2"):
        ran = run_tafel("merge", "exports", "--curate", "c.toml", "--json", f"r{seed}.json", "--md", f"v{seed}.md",
                        "--csv", f"csv{seed}", cwd=tmp_path, home=tafel_home, timeout=60, PYTHONHASHSEED=seed)
        assert ran.code == 0 and ran.err == "", ran.err
        outputs.append(ran)
    assert (tmp_path / "r1.json").read_bytes() == (tmp_path / "r2.json").read_bytes()
    assert "Koker" in (tmp_path / "r1.json").read_text("utf-8")
    drafted = re.compile(r"^\*Eerste opzet, .*$", re.MULTILINE)  # the date line
    md1, md2 = ((tmp_path / f"v{s}.md").read_text("utf-8") for s in "12")
    assert drafted.sub("", md1) == drafted.sub("", md2)
    for name in ("values.csv", "themes.csv", "items.csv"):
        assert (tmp_path / "csv1" / name).read_bytes() == (tmp_path / "csv2" / name).read_bytes()
    assert outputs[0].out.splitlines()[:-1] == outputs[1].out.splitlines()[:-1]  # (but "Geschreven: r1.json…")


def test_themes_write_gives_a_starter_with_every_key(cli: Run, tmp_path: Path, programme: Programme) -> None:
    write(tmp_path / "exports", [export(t) for t in programme.tables])
    result = cli("themes", "exports", "--write", "verslag.toml")
    assert result.code == 0, result.err
    text = (tmp_path / "verslag.toml").read_text("utf-8")
    assert ("Misschien één onderwerp: rechtmatigheid ↔ maatwerk + maatwerk · geest van de wet · letter"
            in result.out)
    assert '# merge = [["vertrouwen", "waargemaakt"], ["vertrouwen", "controle"]' in text
    for key in ("# title = ", "# subtitle = ", "# introduction = ", "# summary = ", "# merge = [[", "drop = []",
                "# aliases = []", "# quotes = [", "# [[direction]]", "# words = []", "# advice = []", "[same]",
                "# [groups]"):
        assert key in text, key
    parsed = tomllib.loads(text)
    assert len(parsed["theme"]) == 12
    # every key uncommented still parses, and the merge takes it
    uncommented = re.sub(r"^# (title|subtitle|summary) = (\"[^\"]*\").*$", r"\1 = \2", text, flags=re.MULTILINE)
    assert tomllib.loads(uncommented)["title"]
    merged = cli("merge", "exports", "--curate", "verslag.toml", "--json", "r.json")
    assert merged.code == 0 and merged.err == "", merged.err


def test_themes_write_with_a_curation_carries_its_keys_over(cli: Run, tmp_path: Path, programme: Programme) -> None:
    quote = _ids(programme, "schotten tussen departementen")[0]
    curation = ("title = 'T \"1\"'\nintroduction = '''Een\n\n- twee'''\ndrop = [\"uitvoering\"]\n"
                "merge = [['maatwerk', 'discretionaire ruimte']]\n"
                f"[[theme]]\nname = 'Koker'\nwords = ['koker']\naliases = ['schotten']\nquotes = ['{quote}']\n"
                "[[theme]]\nname = 'Nergens'\nwords = ['woordnergens']\n"
                "[[direction]]\ntitle = 'R'\ntext = 'Tekst'\nwords = ['verbinding']\n"
                "[same]\nverkokkering = 'verkokering'\n[groups]\nA = ['vertrouwen']\n")
    first, _, _ = _merge(cli, tmp_path, programme, curation)
    result = cli("themes", "exports", "--curate", "c.toml", "--write", "w.toml")
    assert result.code == 0, result.err
    written = tomllib.loads((tmp_path / "w.toml").read_text("utf-8"))
    assert written["title"] == 'T "1"' and written["introduction"] == "Een\n\n- twee"
    assert written["drop"] == ["uitvoering"] and written["merge"] == [["maatwerk", "discretionaire ruimte"]]
    assert written["theme"][0] == {"name": "Koker", "words": ["koker"], "aliases": ["schotten"], "quotes": [quote]}
    assert {"name": "Nergens", "words": ["woordnergens"]} in written["theme"]
    assert written["direction"] == [{"title": "R", "text": "Tekst", "words": ["verbinding"], "advice": []}]
    assert written["same"] == {"verkokkering": "verkokering"} and written["groups"] == {"A": ["vertrouwen"]}
    second = cli("merge", "exports", "--curate", "w.toml", "--json", "r2.json")
    assert second.code == 0, second.err
    again = json.loads((tmp_path / "r2.json").read_text("utf-8"))
    for key in ("curated_text", "development_directions", "value_groups"):
        assert again[key] == first[key], key
    assert again["themes"][0] == first["themes"][0]


def test_the_short_form_tables_and_the_long_form_together(cli: Run, tmp_path: Path, programme: Programme) -> None:
    """``[themes]`` and ``[directions]``: one line each (a name on its words, or an inline table with
    the long form's keys), after the ``[[theme]]`` and ``[[direction]]`` of the same file."""
    chosen = _ids(programme, "Organiseer burgerberaden.")[0]
    curation = ('[[theme]]\nname = "Lang"\nwords = ["verkokering"]\n'
                '[[direction]]\ntitle = "Eerst"\nwords = ["vakkennis"]\n'
                '[themes]\n"Kort" = ["publieke waarden", "integriteit"]\n'
                '"Met sleutels" = {words = ["rechtsstaat"], aliases = ["democratie"]}\n'
                '[directions]\n"Lokaal" = ["energiecoöperatie", "woordnergens"]\n'
                f'"Beraden" = {{text = "Tekst", advice = ["{chosen}"]}}\n')
    data, md, result = _merge(cli, tmp_path, programme, curation)
    assert [th["theme"] for th in data["themes"][:3]] == ["Lang", "Kort", "Met sleutels"]
    assert all(th["curated"] for th in data["themes"][:3])
    kort = data["themes"][1]
    texts = {i.id: i.text for t in programme.tables for i in t.items}
    assert "publieke waarden worden vaak niet waargemaakt" in {texts[i] for i in kort["item_ids"]}
    assert any("democratie" in texts[i] for i in data["themes"][2]["item_ids"])
    directions = data["development_directions"]
    assert [d["title"] for d in directions] == ["Eerst", "Lokaal", "Beraden"]
    assert "### Lokaal" in md.split("## 3\\.", 1)[1] and "### Kort" in md.split("## 3\\.", 1)[0]
    assert directions[2]["text"] == "Tekst" and directions[2]["item_ids"] == [chosen]
    assert "Geef energiecoöperaties een vaste plek." in {texts[i] for i in directions[1]["item_ids"]}
    (warning,) = result.err.splitlines()  # the one word that matches nothing
    assert "'woordnergens'" in warning
    (tmp_path / "bad.toml").write_text('[directions]\n"X" = 3\n', "utf-8")
    bad = cli("merge", "exports", "--curate", "bad.toml", "--json", "r.json")
    assert bad.code != 0 and "[directions]" in bad.err and "Traceback" not in bad.err


# The held-out programme: the three report themes its found topics miss, and the three found
# topics on "ruimte" as one (4 lines; its advice has no development directions to score).
HELDOUT = """\
merge = [["maatwerk", "afwegingsruimte", "hardheidsclausule"]]
themes."Complexiteit" = ["bureaucratie", "formulieren", "ingewikkeld", "doolhof"]
themes."Publieke waarden" = ["publieke waarden", "integriteit", "integer", "inclusieve", "respect"]
themes."Signalen uit de praktijk" = ["werkvloer", "frontlijn", "praktijk", "ketenpartners"]
"""


def test_the_held_out_programme_has_all_eleven_themes_with_four_lines(cli: Run, tmp_path: Path) -> None:
    programme = heldout_tables()
    data, _, result = _merge(cli, tmp_path, programme, HELDOUT)
    assert result.err == ""
    scored = score([(th["theme"], th["item_ids"]) for th in data["themes"]], programme)
    assert scored.themes == set(heldout_data.THEMES), scored.verdicts
