"""``tafel merge`` as an organiser runs it: outputs, exit codes, and every kind of bad input."""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.merge.programme import GROUPS, export, install_canvases, programme_tables, write, write_programme

Run = Callable[..., Any]


@pytest.fixture(autouse=True)
def setup(tafel_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install_canvases(tafel_home)
    monkeypatch.chdir(tmp_path)


def _written(tmp_path: Path) -> set[str]:
    return {p.name for p in tmp_path.iterdir() if p.is_file()}


def test_default_outputs_and_summary(cli: Run, tmp_path: Path) -> None:
    write_programme(tmp_path / "exports")
    result = cli("merge", "exports")
    assert result.code == 0, result.err
    assert {"verslag.pdf", "report.json"} <= _written(tmp_path)
    assert "15 tafels, 75 deelnemers, 5 dagen (2023-06-12 – 2023-07-03)" in result.out
    assert "Meest genoemde waarden: vertrouwen (14)" in result.out
    assert "Rode draden:" in result.out
    data = json.loads((tmp_path / "report.json").read_text("utf-8"))
    assert {g["group"]: g["mentions"] for g in data["value_groups"][:4]} == GROUPS
    assert result.err == ""  # no progress bar when stderr is not a terminal


def test_only_the_outputs_asked_for(cli: Run, tmp_path: Path) -> None:
    write_programme(tmp_path / "exports")
    result = cli("merge", "exports", "--json", "out/r.json", "--programme", "Eigen naam")
    assert result.code == 0, result.err
    assert "verslag.pdf" not in _written(tmp_path)
    assert json.loads((tmp_path / "out" / "r.json").read_text("utf-8"))["programme"] == "Eigen naam"


def test_duplicate_table_counts_once(cli: Run, tmp_path: Path) -> None:
    tables = programme_tables()
    docs = [export(t) for t in tables]
    newer = export(tables[0], exported_at="2023-08-01T09:00:00Z")
    newer["table"]["title"] = "Tafel 01 (herzien)"
    paths = write(tmp_path / "a", docs) + write(tmp_path / "b", [newer])
    result = cli("merge", "a", "b", "--json", "r.json")
    assert result.code == 0, result.err
    data = json.loads((tmp_path / "r.json").read_text("utf-8"))
    assert data["tables"] == 15 and data["participants"] == 75
    statuses = {s["file"]: s["status"] for s in data["sources"]}
    assert statuses[str(paths[0].relative_to(tmp_path))] == "duplicate"
    assert statuses[str(paths[-1].relative_to(tmp_path))] == "ok"
    assert "Tafel 01 (herzien)" in {t["title"] for t in data["table_list"]}
    assert "Dubbel en niet meegeteld: 1" in result.out


def _bad_files() -> dict[str, Callable[[dict[str, Any]], bytes]]:
    def dump(doc: dict[str, Any]) -> bytes:
        return json.dumps(doc).encode()

    def without_id(doc: dict[str, Any]) -> bytes:
        del doc["table"]["id"]
        return dump(doc)

    def unknown_kind(doc: dict[str, Any]) -> bytes:
        doc["items"][0]["kind"] = "mening"
        return dump(doc)

    return {
        "truncated": lambda d: dump(d)[:200],
        "format": lambda d: dump({**d, "format": "tafel/canvas"}),
        "version": lambda d: dump({**d, "version": 2}),
        "not_utf8": lambda d: dump(d).replace(b"Tafel", b"Caf\xe9", 1),
        "too_large": lambda d: dump(d) + b" " * (21 * 1024 * 1024),
        "missing_id": without_id,
        "unknown_kind": unknown_kind,
    }


EXPECTED = {
    "truncated": "geen geldige JSON op regel 1",
    "format": "dit is geen tafelexport",
    "version": "versie 2 wordt niet ondersteund",
    "not_utf8": "geen UTF-8",
    "too_large": "te groot",
    "missing_id": "table.id ontbreekt",
    "unknown_kind": "items[0].kind",
}


@pytest.mark.parametrize("kind", list(EXPECTED))
def test_a_bad_file_stops_the_merge_and_writes_nothing(cli: Run, tmp_path: Path, kind: str) -> None:
    write_programme(tmp_path / "exports")
    bad = tmp_path / "exports" / "zz" / "kapot.json"
    bad.parent.mkdir()
    bad.write_bytes(_bad_files()[kind](export(programme_tables(seed=9)[0])))
    result = cli("merge", "exports", "--md", "v.md", "--csv", "csv")
    assert result.code == 2
    lines = result.err.strip().splitlines()
    assert lines[0].startswith(f"{Path('exports/zz/kapot.json')}: ")
    assert EXPECTED[kind] in lines[0]
    assert "niets geschreven" in lines[-1]
    assert _written(tmp_path) == set() and not (tmp_path / "csv").exists()
    assert "Traceback" not in result.err


def test_skip_invalid_lists_the_file_as_skipped(cli: Run, tmp_path: Path) -> None:
    write_programme(tmp_path / "exports")
    (tmp_path / "exports" / "kapot.json").write_text('{"format": "tafel/table", "version": 1, "tab', "utf-8")
    result = cli("merge", "exports", "--json", "r.json", "--skip-invalid")
    assert result.code == 0, result.err
    assert ("Overgeslagen: exports/kapot.json: geen geldige JSON op regel 1, kolom 41 (een tekst mist zijn "
            "afsluitende aanhalingsteken)") in result.err  # json's own words in Dutch too
    data = json.loads((tmp_path / "r.json").read_text("utf-8"))
    skipped = [s for s in data["sources"] if s["status"] != "ok"]
    assert len(skipped) == 1 and skipped[0]["file"] == "exports/kapot.json"
    assert skipped[0]["status"].startswith("skipped: geen geldige JSON")
    assert data["tables"] == 15


def test_zero_valid_tables_is_an_error(cli: Run, tmp_path: Path) -> None:
    (tmp_path / "leeg").mkdir()
    (tmp_path / "leeg" / "x.json").write_text("{}", "utf-8")
    result = cli("merge", "leeg", "--skip-invalid", "--json", "r.json")
    assert result.code == 2
    assert "geen geldige tafelexport" in result.err
    assert _written(tmp_path) == set()
    missing = cli("merge", "nergens")
    assert missing.code == 2 and "nergens: niet gevonden" in missing.err


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_a_zip_of_exports(cli: Run, tmp_path: Path) -> None:
    docs = {f"tafels/{n:02d}/table.json": json.dumps(export(t)).encode() for n, t in enumerate(programme_tables())}
    docs["__MACOSX/._x.json"] = b"\x00\x05"
    docs["tafels/lees-mij.txt"] = b"hallo"
    _zip(tmp_path / "tafels.zip", docs)
    result = cli("merge", "tafels.zip", "--json", "r.json")
    assert result.code == 0, result.err
    data = json.loads((tmp_path / "r.json").read_text("utf-8"))
    assert data["tables"] == 15
    assert data["sources"][0]["file"] == "tafels.zip:tafels/00/table.json"


def test_a_zip_climbing_out_is_refused(cli: Run, tmp_path: Path) -> None:
    _zip(tmp_path / "boos.zip", {"../../etc/table.json": json.dumps(export(programme_tables()[0])).encode()})
    result = cli("merge", "boos.zip", "--json", "r.json")
    assert result.code == 2
    assert result.err.strip() == "boos.zip: geweigerd — het archief bevat een pad dat buiten de map wijst " \
                                 "(../../etc/table.json)"
    assert _written(tmp_path) == {"boos.zip"}


def test_a_zip_bomb_is_refused(cli: Run, tmp_path: Path) -> None:
    _zip(tmp_path / "bom.zip", {"table.json": b" " * (8 * 1024 * 1024)})
    result = cli("merge", "bom.zip", "--json", "r.json")
    assert result.code == 2
    assert "zipbom" in result.err
    assert _written(tmp_path) == {"bom.zip"}


def test_mixed_canvases_in_one_merge(cli: Run, tmp_path: Path) -> None:
    tables = programme_tables()
    other = programme_tables(seed=7)[:2]
    for t in other:
        t.canvas = "vijf-stappen-test"
        for item in t.items:
            if item.kind == "value":
                item.value, item.refs = "ambitie", ["lef", "vertrouwen"]
    write(tmp_path / "exports", [export(t) for t in [*tables, *other]])
    result = cli("merge", "exports", "--json", "r.json")
    assert result.code == 0, result.err
    data = json.loads((tmp_path / "r.json").read_text("utf-8"))
    groups = {g["group"]: g["mentions"] for g in data["value_groups"]}
    # 10 cards on the second canvas: "ambitie" picked, "lef" and "vertrouwen" referred to.
    assert groups["Koers"] == 20
    assert groups["Vertrouwen, betrouwbaarheid en rechtvaardigheid"] == 33 + 10
    assert data["canvases"] == ["sturingsfilosofie", "vijf-stappen-test"]
    assert data["tables"] == 17


def test_groups_file(cli: Run, tmp_path: Path) -> None:
    write_programme(tmp_path / "exports")
    (tmp_path / "groepen.toml").write_text('"Rechtsstaat" = ["rechtmatigheid", "Integriteit"]\n', "utf-8")
    result = cli("merge", "exports", "--groups", "groepen.toml", "--json", "r.json")
    assert result.code == 0, result.err
    data = json.loads((tmp_path / "r.json").read_text("utf-8"))
    assert data["value_groups"] == [{"group": "Rechtsstaat", "values": ["rechtmatigheid", "integriteit"],
                                     "mentions": 8}]
    (tmp_path / "fout.toml").write_text('"Rechtsstaat" = "rechtmatigheid"\n', "utf-8")
    bad = cli("merge", "exports", "--groups", "fout.toml", "--json", "r2.json")
    assert bad.code == 2 and "groep 'Rechtsstaat' moet een lijst van waarden zijn" in bad.err
    assert not (tmp_path / "r2.json").exists()


def test_english_help_and_messages(cli: Run, tmp_path: Path) -> None:
    assert "Merge the exports" in cli("--lang", "en", "merge", "--help").out
    result = cli("--lang", "en", "merge", "nowhere")
    assert result.code == 2 and "nowhere: not found" in result.err


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages)


def test_the_pdf_verslag_gives_the_reference_figures(cli: Run, tmp_path: Path) -> None:
    write_programme(tmp_path / "exports")
    assert cli("merge", "exports", "-o", "verslag.pdf").code == 0
    text = _pdf_text(tmp_path / "verslag.pdf")
    assert "75 deelnemers aan 15 gesprekstafels, verspreid over 5 dagen" in text
    assert text.count("12 juni 2023 tot en met 3 juli 2023") == 1  # under the title, said once
    for group, mentions in GROUPS.items():
        assert f"{group} {mentions} keer genoemd" in text
    section1 = text.split("1. Waarden en drijfveren")[-1].split("2. Inhoud van de gesprekken")[0]
    assert "rechtmatigheid: 4 keer gekozen, aan 3 tafels" in section1  # no "0 keer in een toelichting"
    assert "vertrouwen: 10 keer gekozen, 4 keer in een toelichting genoemd, aan 11 tafels" in section1
    assert " 0 keer" not in section1  # groups no one chose: one line at the end, not a heading each
    assert ("Niet gekozen of genoemd Geen deelnemer koos of noemde een waarde uit deze groepen: Dienstbaarheid en "
            "responsiviteit (responsiviteit, dienstbaarheid); Samenleving en samenwerking") in section1
    for heading in ("1. Waarden en drijfveren", "2. Inhoud van de gesprekken", "3. Richtingen en adviezen",
                    "4. Verantwoording"):
        assert heading in text
    section2 = text.split("2. Inhoud van de gesprekken")[1].split("3. Richtingen")[0]
    assert "digitale kloof Aan 4 van de 15 tafels, in 4 notities." in section2
    assert "“We spraken over de digitale kloof.” — tafel" in section2  # verbatim, with its table
    assert "burgerberaad Aan 2 van de 15 tafels" in section2
    assert "woningnood" not in section2
    assert "Dit raakt aan mijn werk" not in section2  # round 1's motivations are not the conversation
    assert "Richting (tafel 1)" in text and "Advies 2 (tafel 15)" in text
    # Every font the verslag uses is embedded (its bullets and page starts were base-14 Helvetica).
    from pypdf import PdfReader

    from tests.render.test_summary_pdf import _fonts

    fonts = _fonts(PdfReader(tmp_path / "verslag.pdf"))
    assert fonts and all(fonts.values()) and all("DejaVuSans" in name for name in fonts), fonts


def test_markup_in_notes_prints_literally(cli: Run, tmp_path: Path) -> None:
    tables = programme_tables()
    evil = '<b>vet</b> & <img src="/etc/passwd"/> <font size=40>groot</font>'
    for table in tables[:2]:
        next(i for i in table.items if i.kind == "direction").text = evil
        table.title = "Tafel <i>schuin</i> & co"
    write(tmp_path / "exports", [export(t) for t in tables])
    result = cli("merge", "exports", "-o", "v.pdf", "--md", "v.md")
    assert result.code == 0, result.err
    text = _pdf_text(tmp_path / "v.pdf")
    assert "<b>vet</b> & <img src=\"/etc/passwd\"/> <font size=40>groot</font>" in text
    assert "Tafel <i>schuin</i> & co" in text
    md = (tmp_path / "v.md").read_text("utf-8")
    assert "&lt;b&gt;vet&lt;/b&gt; &amp; &lt;img" in md and "<img" not in md


def test_markdown_and_csv(cli: Run, tmp_path: Path) -> None:
    import csv

    write_programme(tmp_path / "exports")
    assert cli("merge", "exports", "--md", "v.md", "--csv", "csv").code == 0
    md = (tmp_path / "v.md").read_text("utf-8")
    assert "# Verslag Gesprekstafels sturingsfilosofie" in md
    assert "**75 deelnemers aan 15 gesprekstafels, verspreid over 5 dagen**" in md
    assert "### Menselijke maat en betrokkenheid\n\n**18 keer genoemd**" in md
    with (tmp_path / "csv" / "items.csv").open(encoding="utf-8-sig") as fh:
        items = list(csv.DictReader(fh))
    assert len(items) == sum(len(t.items) for t in programme_tables())
    kloof = [row for row in items if "digitale kloof" in row["thema's"].split("; ")]
    assert len({row["tafel_id"] for row in kloof}) == 4
    with (tmp_path / "csv" / "values.csv").open(encoding="utf-8-sig") as fh:
        values = {row["waarde"]: row for row in csv.DictReader(fh)}
    assert values["vertrouwen"]["genoemd"] == "14"
    with (tmp_path / "csv" / "themes.csv").open(encoding="utf-8-sig") as fh:
        themes = {row["thema"]: row for row in csv.DictReader(fh)}
    assert themes["burgerberaad"]["tafels"] == "2"


def test_merging_the_same_folder_again_ignores_its_own_report(cli: Run, tmp_path: Path) -> None:
    write_programme(tmp_path / "exports")
    assert cli("merge", "exports", "--json", "exports/report.json").code == 0
    again = cli("merge", "exports", "--json", "exports/report.json")
    assert again.code == 0, again.err
    assert json.loads((tmp_path / "exports" / "report.json").read_text("utf-8"))["tables"] == 15
    named = cli("merge", "exports/report.json", "--json", "r.json")  # named on purpose: not an export
    assert named.code == 2 and "dit is geen tafelexport" in named.err
