"""An organiser's pile of exports from USB sticks and e-mail, merged with the real ``tafel merge``:
nothing in it is passed over without a word, and nothing typed at a table becomes markup."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from tests.merge.programme import export, install_canvases, programme_tables, write

Run = Callable[..., Any]


@pytest.fixture(autouse=True)
def setup(tafel_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install_canvases(tafel_home)
    monkeypatch.chdir(tmp_path)


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return out.getvalue()


def _report(tmp_path: Path) -> dict[str, Any]:
    return json.loads((tmp_path / "r.json").read_text("utf-8"))


def test_zips_and_upper_case_names_in_a_folder_are_read(cli: Run, tmp_path: Path) -> None:
    docs = [json.dumps(export(t)).encode() for t in programme_tables()[:4]]
    pile = tmp_path / "pile"
    pile.mkdir()
    (pile / "tafel1.json").write_bytes(docs[0])
    (pile / "TAFEL2.JSON").write_bytes(docs[1])  # a Windows laptop's name for it
    (pile / "mail.ZIP").write_bytes(_zip({"t3.json": docs[2], "t4.json": docs[3]}))
    result = cli("merge", "pile", "--json", "r.json")
    assert result.code == 0, result.err
    data = _report(tmp_path)
    assert data["tables"] == 4
    files = sorted(s["file"] for s in data["sources"])
    assert files == ["pile/TAFEL2.JSON", "pile/mail.ZIP:t3.json", "pile/mail.ZIP:t4.json", "pile/tafel1.json"]


def test_a_broken_zip_in_a_folder_is_skipped_with_the_others(cli: Run, tmp_path: Path) -> None:
    write(tmp_path / "pile", [export(t) for t in programme_tables()[:2]])
    (tmp_path / "pile" / "kapot.zip").write_bytes(b"PK\x03\x04 not a zip at all")
    refused = cli("merge", "pile", "--json", "r.json")
    assert refused.code == 2
    assert "pile/kapot.zip" in refused.err and "Traceback" not in refused.err
    assert not (tmp_path / "r.json").exists()
    result = cli("merge", "pile", "--json", "r.json", "--skip-invalid")
    assert result.code == 0, result.err
    data = _report(tmp_path)
    assert data["tables"] == 2
    assert [s["file"] for s in data["sources"] if s["status"].startswith("skipped: ")] == ["pile/kapot.zip"]


def test_a_zip_inside_a_zip_is_named_not_passed_over(cli: Run, tmp_path: Path) -> None:
    docs = [json.dumps(export(t)).encode() for t in programme_tables()[:2]]
    (tmp_path / "usb.zip").write_bytes(_zip({"t1.json": docs[0], "week2.zip": _zip({"t2.json": docs[1]})}))
    refused = cli("merge", "usb.zip", "--json", "r.json")
    assert refused.code == 2
    line = next(line for line in refused.err.splitlines() if "usb.zip:week2.zip" in line)
    assert "zip" in line.split(":", 2)[2]  # says what it is: an archive to unpack first
    assert not (tmp_path / "r.json").exists()
    result = cli("merge", "usb.zip", "--json", "r.json", "--skip-invalid")
    assert result.code == 0, result.err
    assert {s["file"]: s["status"][:9] for s in _report(tmp_path)["sources"]} == {
        "usb.zip:t1.json": "ok", "usb.zip:week2.zip": "skipped: "}


def test_a_file_saved_with_a_byte_order_mark_counts(cli: Run, tmp_path: Path) -> None:
    # Notepad on Windows saves UTF-8 with a BOM; RFC 8259 lets a reader ignore it.
    docs = [export(t) for t in programme_tables()[:2]]
    write(tmp_path / "pile", docs)
    bommed = tmp_path / "pile" / "02" / "table.json"
    bommed.write_bytes(b"\xef\xbb\xbf" + bommed.read_bytes().replace(b"\n", b"\r\n"))
    result = cli("merge", "pile", "--json", "r.json")
    assert result.code == 0, result.err
    assert _report(tmp_path)["tables"] == 2
    assert cli("import", str(bommed)).code == 0


def test_a_file_saved_as_utf16_by_powershell_counts(cli: Run, tmp_path: Path) -> None:
    docs = [export(t) for t in programme_tables()[:3]]
    write(tmp_path / "pile", docs)
    (tmp_path / "pile" / "02" / "table.json").write_bytes(json.dumps(docs[1], ensure_ascii=False).encode("utf-16"))
    (tmp_path / "pile" / "03" / "table.json").write_bytes(
        b"\xfe\xff" + json.dumps(docs[2], ensure_ascii=False).encode("utf-16-be"))
    (tmp_path / "pile" / "kapot.json").write_bytes(b"\xff\xfe{\x00\x00\xd8")  # a lone surrogate: no UTF-16
    result = cli("merge", "pile", "--json", "r.json", "--skip-invalid")
    assert result.code == 0, result.err
    data = _report(tmp_path)
    assert data["tables"] == 3 and data["participants"] == 15
    assert [line for line in result.err.splitlines() if "kapot.json" in line] == [
        "Overgeslagen: pile/kapot.json: bestand is geen UTF-8-tekst (regel 1, kolom 1)"]


def test_a_skipped_file_is_listed_in_the_verslags_own_language(cli: Run, tmp_path: Path) -> None:
    write(tmp_path / "pile", [export(t) for t in programme_tables()[:2]])
    (tmp_path / "pile" / "afgebroken.json").write_text('{"format": "tafel/table", "vers', "utf-8")
    result = cli("merge", "pile", "--json", "r.json", "--md", "v.md", "--skip-invalid")
    assert result.code == 0, result.err
    line = next(line for line in (tmp_path / "v.md").read_text("utf-8").splitlines() if "afgebroken.json" in line)
    assert "skipped" not in line and "overgeslagen" in line
    # report.json keeps its contract's status word.
    assert any(s["status"].startswith("skipped: ") for s in _report(tmp_path)["sources"])


EVIL = ("*nadruk* __vet__ _schuin_ `code` ~~weg~~ [klik](https://evil.example) ![](https://evil.example/p.png) "
        "<https://evil.example/auto> pad\\*met\\*sterren <b>vet</b> &amp;")


def test_markdown_inline_markup_in_user_text_stays_text(cli: Run, tmp_path: Path) -> None:
    tables = programme_tables()[:2]
    tables[0].title = "Tafel " + EVIL
    for item in tables[0].items:
        if item.kind in ("direction", "advice"):
            item.text = EVIL
    write(tmp_path / "pile", [export(t) for t in tables])
    result = cli("merge", "pile", "--md", "v.md")
    assert result.code == 0, result.err
    viewer = MarkdownIt("commonmark").enable(["strikethrough", "table"])
    page = viewer.render((tmp_path / "v.md").read_text("utf-8"))
    for markup in ("<em>nadruk", "<strong>vet", "<em>schuin", "<code>", "<s>weg", "<del>weg", '<a href="https://evil',
                   "<img", "<b>"):
        assert markup not in page
    # What a reader sees is what was typed, backslashes and all (as HTML escapes it).
    typed = EVIL.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert page.count(typed) >= 3  # the direction, the advice, the table's title


@pytest.mark.parametrize("how", ["--groups", "--curate"])
def test_a_value_misspelt_in_a_group_is_named(cli: Run, tmp_path: Path, how: str) -> None:
    # "vertruwen" counts nothing: without a word, Betrouwbaarheid would lose vertrouwen's 14 mentions.
    write(tmp_path / "pile", [export(t) for t in programme_tables()])
    groups = 'Betrouwbaarheid = ["vertruwen", "Integriteit"]\nGebak = ["appeltaart", "fietsbel"]\n'
    (tmp_path / "g.toml").write_text(groups if how == "--groups" else "[groups]\n" + groups, "utf-8")
    result = cli("merge", "pile", "--json", "r.json", how, "g.toml")
    assert result.code == 0, result.err
    assert [g["group"] for g in _report(tmp_path)["value_groups"]] == ["Betrouwbaarheid"]
    lines = result.err.splitlines()
    assert len([line for line in lines if "'vertruwen'" in line]) == 1
    assert len([line for line in lines if "'Gebak'" in line]) == 1
    assert not any("integriteit" in line.casefold() for line in lines)  # picked at some tables


@pytest.mark.parametrize(("text", "named"), [
    ('[[theme]]\nname = "Kloof"\nwords = ["digitale kloof"]\n[[theme]]\nname = "kloof "\nwords = ["burgerberaad"]\n',
     "kloof"),
    ('[[theme]]\nname = "Kloof"\nwords = ["digitale kloof"]\n[themes]\n"Kloof" = ["burgerberaad"]\n', "Kloof"),
    ('[[direction]]\ntitle = "Samen"\n[directions]\n"Samen" = ["burgerberaad"]\n', "Samen"),
    ('[groups]\n" " = ["vertrouwen"]\n', "[groups]"),
])
def test_a_curation_file_naming_one_section_twice_is_one_line(cli: Run, tmp_path: Path, text: str, named: str) -> None:
    # Two sections of one name in the verslag, each with half the notes, would read as one topic.
    write(tmp_path / "pile", [export(t) for t in programme_tables()])
    (tmp_path / "cur.toml").write_text(text, "utf-8")
    result = cli("merge", "pile", "--json", "r.json", "--curate", "cur.toml")
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1 and "cur.toml" in result.err and named in result.err
    assert not (tmp_path / "r.json").exists()


def test_a_groups_file_with_a_nameless_group_is_one_line(cli: Run, tmp_path: Path) -> None:
    write(tmp_path / "pile", [export(t) for t in programme_tables()[:2]])
    (tmp_path / "g.toml").write_text('"" = ["vertrouwen"]\n', "utf-8")
    result = cli("merge", "pile", "--json", "r.json", "--groups", "g.toml")
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1 and "g.toml" in result.err


def test_importing_a_zip_or_a_pdf_says_what_it_is(cli: Run, tmp_path: Path) -> None:
    doc = json.dumps(export(programme_tables()[0])).encode()
    (tmp_path / "mail.zip").write_bytes(_zip({"table.json": doc}))
    (tmp_path / "samenvatting.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    (tmp_path / "verslag.docx").write_bytes(_zip({"word/document.xml": b"<w:document/>"}))
    for name, kind in (("mail.zip", "zip"), ("samenvatting.pdf", "PDF"), ("verslag.docx", "zip")):
        result = cli("import", name)
        assert result.code == 2
        assert result.err.splitlines()[0] == (f"{name}: dit is een {kind}-bestand, geen tafelexport; "
                                              "lees de table.json (tafel merge pakt een zip zelf uit)")


def test_indented_lines_in_user_text_are_no_code_block(cli: Run, tmp_path: Path) -> None:
    tables = programme_tables()[:2]
    for item in tables[0].items:
        if item.kind == "advice":
            item.text = "Stappen:\n\n    1. eerst dit\n\tdan dat"
    write(tmp_path / "pile", [export(t) for t in tables])
    result = cli("merge", "pile", "--md", "v.md")
    assert result.code == 0, result.err
    page = MarkdownIt("commonmark").render((tmp_path / "v.md").read_text("utf-8"))
    assert "<pre>" not in page and "<code>" not in page and "<ol" not in page
    assert page.count("1. eerst dit") == 2 and page.count("dan dat") == 2  # both advice lines


def test_two_different_files_of_one_table_and_one_time_are_named(cli: Run, tmp_path: Path) -> None:
    # Someone corrected a copy by hand: same table, same exported_at, other words. The file name
    # decides which counts; the organiser is told which, and the copy that is merely a copy is quiet.
    tables = programme_tables()[:2]
    docs = [export(t) for t in tables]
    write(tmp_path / "pile", docs)
    fixed = json.loads(json.dumps(docs[0]))
    next(i for i in fixed["items"] if i["kind"] == "advice")["text"] = "Advies 1, verbeterd."
    (tmp_path / "pile" / "01-verbeterd.json").write_text(json.dumps(fixed), "utf-8")
    (tmp_path / "pile" / "02-kopie.json").write_text(json.dumps(docs[1]), "utf-8")
    result = cli("merge", "pile", "--json", "r.json")
    assert result.code == 0, result.err
    named = [line for line in result.err.splitlines() if "01-verbeterd.json" in line]
    assert len(named) == 1 and "pile/01/table.json" in named[0]
    assert "02-kopie" not in result.err
    assert _report(tmp_path)["tables"] == 2


def test_a_copy_is_listed_with_the_file_that_counts(cli: Run, tmp_path: Path) -> None:
    # A plain copy is no "newer export": the verslag names the file that counts instead.
    docs = [export(t) for t in programme_tables()[:2]]
    write(tmp_path / "pile", docs)
    (tmp_path / "pile" / "tafel-1-kopie.json").write_text(json.dumps(docs[0]), "utf-8")
    result = cli("merge", "pile", "--md", "v.md")
    assert result.code == 0, result.err
    line = next(line for line in (tmp_path / "v.md").read_text("utf-8").splitlines() if "kopie" in line)
    assert line == "- pile/tafel-1-kopie.json: dubbel, dezelfde tafel als pile/01/table.json, dat meetelt"
    assert "nieuwere" not in result.out


def test_a_file_named_twice_is_read_once(cli: Run, tmp_path: Path) -> None:
    docs = [json.dumps(export(t)).encode() for t in programme_tables()[:3]]
    write(tmp_path / "pile", [json.loads(d) for d in docs[:2]])
    (tmp_path / "pile" / "mail.zip").write_bytes(_zip({"t3.json": docs[2]}))
    result = cli("merge", "pile", "pile/01/table.json", "./pile", "pile/mail.zip", "--json", "r.json")
    assert result.code == 0, result.err
    data = _report(tmp_path)
    assert data["tables"] == 3
    assert sorted(s["file"] for s in data["sources"]) == ["pile/01/table.json", "pile/02/table.json",
                                                         "pile/mail.zip:t3.json"]
    assert "Dubbel" not in result.out


def test_themes_write_never_replaces_an_organisers_file(cli: Run, tmp_path: Path) -> None:
    # The command comes back from the shell's history after an hour of editing verslag.toml.
    write(tmp_path / "pile", [export(t) for t in programme_tables()])
    assert cli("themes", "pile", "--write", "verslag.toml").code == 0
    edited = 'title = "Verslag 2023, met de hand"\n' + (tmp_path / "verslag.toml").read_text("utf-8")
    (tmp_path / "verslag.toml").write_text(edited, "utf-8")
    again = cli("themes", "pile", "--write", "verslag.toml")
    assert again.code == 2
    assert len(again.err.strip().splitlines()) == 1 and "verslag.toml" in again.err
    assert (tmp_path / "verslag.toml").read_text("utf-8") == edited


def test_tables_of_another_programme_in_the_pile_are_named(cli: Run, tmp_path: Path) -> None:
    # A USB stick also held two tables of the climate programme: counted, but never without a word.
    tables = programme_tables()
    for table in tables[12:14]:
        table.programme = "Klimaattafels Utrecht"
    tables[14].programme = None  # an old export that does not say: no warning for it
    write(tmp_path / "pile", [export(t) for t in tables])
    result = cli("merge", "pile", "--json", "r.json", "--programme", "Eigen naam")
    assert result.code == 0, result.err
    named = [line for line in result.err.splitlines() if "Klimaattafels Utrecht" in line]
    assert len(named) == 1 and "pile/13/table.json" in named[0] and "pile/14/table.json" in named[0]
    assert "pile/15/" not in result.err and "pile/01/" not in result.err
    assert _report(tmp_path)["tables"] == 15


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_a_curation_file_saved_by_notepad_is_read(cli: Run, tmp_path: Path, encoding: str) -> None:
    # Notepad writes UTF-8 with a byte order mark; PowerShell's "> file" UTF-16: tomllib reads neither.
    write(tmp_path / "pile", [export(t) for t in programme_tables()])
    (tmp_path / "c.toml").write_bytes('title = "Verslag met de hand"\r\n'.encode(encoding))
    (tmp_path / "g.toml").write_bytes('Betrouwbaarheid = ["vertrouwen"]\r\n'.encode(encoding))
    result = cli("merge", "pile", "--md", "v.md", "--curate", "c.toml", "--groups", "g.toml")
    assert result.code == 0, result.err
    md = (tmp_path / "v.md").read_text("utf-8")
    assert md.startswith("# Verslag met de hand\n") and "\n### Betrouwbaarheid\n" in md


@pytest.mark.parametrize("args", [["--md", "v.out", "--html", "./v.out", "--json", "r.json"],
                                  ["--csv", "out", "--json", "out/values.csv"]])
def test_two_outputs_at_one_path_are_one_line(cli: Run, tmp_path: Path, args: list[str]) -> None:
    # Before: the last rendering replaced the others and the command still said it had written it.
    write(tmp_path / "pile", [export(t) for t in programme_tables()[:2]])
    result = cli("merge", "pile", *args)
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1 and ("v.out" in result.err or "values.csv" in result.err)
    assert not any((tmp_path / name).exists() for name in ("v.out", "r.json", "out"))


def test_the_word_document_says_when_it_was_made(cli: Run, tmp_path: Path) -> None:
    # python-docx's template says 2013-12-23; Word's "Created" showed that for every verslag.
    import datetime as dt

    from docx import Document

    write(tmp_path / "pile", [export(t) for t in programme_tables()[:2]])
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    result = cli("merge", "pile", "--docx", "v.docx")
    after = dt.datetime.now(dt.UTC)
    assert result.code == 0, result.err
    props = Document(str(tmp_path / "v.docx")).core_properties
    for stamp in (props.created, props.modified):
        assert stamp is not None and before <= stamp.replace(tzinfo=dt.UTC) <= after


def test_a_formula_behind_spaces_in_a_csv_cell_is_neutralised(cli: Run, tmp_path: Path) -> None:
    import csv

    tables = programme_tables()[:2]
    advice = [i for i in tables[0].items if i.kind == "advice"]
    advice[0].text = '  =HYPERLINK("https://evil.example","klik")'
    advice[1].text = "\n@SUM(1+1)"
    write(tmp_path / "pile", [export(t) for t in tables])
    assert cli("merge", "pile", "--csv", "out").code == 0
    with (tmp_path / "out" / "items.csv").open(encoding="utf-8-sig", newline="") as fh:
        cells = [cell for row in csv.reader(fh) for cell in row]
    assert "'" + advice[0].text in cells and "'" + advice[1].text in cells
    assert not any(cell.lstrip()[:1] in ("=", "+", "-", "@") for cell in cells)


def test_one_table_begun_twice_is_pointed_out(cli: Run, tmp_path: Path) -> None:
    # A moderator's laptop restarted and the table was begun again as a new one: two ids, one
    # table, its people counted twice. Counted as two (it may be two), but the organiser is asked.
    tables = programme_tables()[:3]
    again = export(tables[0])
    again["table"]["id"] = "0f0f0f0f-0000-4000-8000-000000000001"
    write(tmp_path / "pile", [export(t) for t in tables] + [again])
    result = cli("merge", "pile", "--json", "r.json")
    assert result.code == 0, result.err
    assert _report(tmp_path)["tables"] == 4
    named = [line for line in result.err.splitlines() if "pile/01/table.json" in line]
    assert len(named) == 1 and "pile/04/table.json" in named[0] and "Tafel 01" in named[0]
    assert "pile/02/" not in result.err


def test_an_earlier_report_saved_again_in_the_folder_is_passed_over(cli: Run, tmp_path: Path) -> None:
    # report.json opened in an editor and saved (a byte order mark, other spacing) is still no export.
    write(tmp_path / "pile", [export(t) for t in programme_tables()[:2]])
    assert cli("merge", "pile", "--json", "pile/report.json").code == 0
    saved = json.loads((tmp_path / "pile" / "report.json").read_text("utf-8"))
    (tmp_path / "pile" / "report.json").write_bytes(b"\xef\xbb\xbf" + json.dumps(saved, separators=(",", ":")).encode())
    result = cli("merge", "pile", "--json", "r.json")
    assert result.code == 0, result.err
    assert _report(tmp_path)["tables"] == 2
