"""A participant's name inside a text leaves the laptop only with their consent (issue 10, item 5):
in the export, in the participant summary, and so in the verslag; the local table keeps the text
as typed, also after its own export is imported back."""

from __future__ import annotations

import json
from pathlib import Path

from tafel.canvases import Library
from tafel.render.content import build_summary
from tafel.render.pdf_table import QrBlock, summary_pdf
from tafel.render.qr import matrix
from tafel.services import exchange
from tafel.services.wordfreq import common_words
from tafel.storage.repository import Store
from tests.render.helpers import flat, pdf_text

NOTE = "zoals Bram zei: de menselijke maat, en Sanne Jansen was het eens"
POLE = "wat bram wil"


def _table(store: Store, library: Library) -> str:
    canvas = library.get("sturingsfilosofie")
    table_id = store.create_table(title="Tafel Zwolle", canvas=canvas.id, canvas_version=canvas.version,
                                  date="2024-03-07", programme="Proef")
    store.add_participant(table_id, name="Bram", sector="burger")
    store.add_participant(table_id, name="Sanne Jansen", sector="ondernemer", consent=True)
    store.add_participant(table_id, name="Eva", sector="bestuurder")
    notes = next(r for r in canvas.rounds if r.kind == "notes")
    store.add_item(table_id, round=notes.id, kind="concept", zone="begrippen", text=NOTE, tags=["Bram"])
    store.add_item(table_id, round=notes.id, kind="tension", zone="spanningen", text="",
                   between=[POLE, "Eva's regels"])
    store.add_item(table_id, round="advies", kind="advice", text="Doe wat Eva vroeg.")
    return table_id


def _texts(doc: dict[str, object]) -> str:
    return json.dumps(doc["items"], ensure_ascii=False)


def test_the_export_names_nobody_without_consent_and_the_local_table_keeps_its_text(
        store: Store, library: Library, tmp_path: Path) -> None:
    table_id = _table(store, library)
    done = exchange.export_table(store, library, table_id, tmp_path / "exports")
    document = json.loads(done.json_path.read_text("utf-8"))  # as written
    texts = _texts(document)
    assert "zoals [burger] zei: de menselijke maat, en Sanne Jansen was het eens" in texts  # Sanne consented
    assert "wat [burger] wil" in texts and "[bestuurder]'s regels" in texts and "Doe wat [bestuurder] vroeg." in texts
    assert "Bram" not in texts and "bram" not in texts and "Eva" not in texts
    assert [p["name"] for p in document["participants"]] == [None, "Sanne Jansen", None]
    # imported back on the same laptop: the local texts stay as typed (equal change times: ours stays)
    result = exchange.import_file(store, done.json_path)
    assert result.status == "unchanged", result
    local = {i.kind: i for i in store.get_table(table_id).items}
    assert local["concept"].text == NOTE and local["concept"].tags == ["Bram"]
    assert local["tension"].between == [POLE, "Eva's regels"]
    # imported into an empty database: what arrives is the redacted text
    other = Store.open("sqlite://")
    try:
        exchange.import_file(other, done.json_path)
        arrived = {i.kind: i for i in other.get_table(table_id).items}
        assert arrived["concept"].text.startswith("zoals [burger] zei") and arrived["concept"].tags == ["[burger]"]
    finally:
        other.close()


def test_the_participant_summary_pdf_names_nobody_without_consent(store: Store, library: Library) -> None:
    table_id = _table(store, library)
    table = store.get_table(table_id)
    summary = build_summary(table, library.find(table.canvas), common_words("nl"))
    text = flat(pdf_text(summary_pdf(summary, QrBlock(matrix("tekst"), None))))
    assert "zoals [burger] zei" in text and "Sanne Jansen" in text and "[bestuurder]" in text
    assert "Bram" not in text and "bram" not in text and "Eva " not in text


def test_the_verslag_quotes_the_redacted_text(store: Store, library: Library, tmp_path: Path) -> None:
    from tafel.render.markdown_report import render_markdown
    from tafel.render.report_json import report_json
    from tafel.services.merge import merge

    for _ in range(2):  # two tables: the note is a topic of the verslag, quoted
        exchange.export_table(store, library, _table(store, library), tmp_path / "exports")
    report = merge([tmp_path / "exports"], library).report
    md, data = render_markdown(report), report_json(report)
    # In the Markdown "[" is escaped: user text never opens a link there.
    assert "Doe wat \\[bestuurder] vroeg." in md and "Doe wat [bestuurder] vroeg." in data
    assert "wat \\[burger] wil" in md  # the tension's pole, counted in section 2
    assert sum("zoals [burger] zei" in e.item.text for e in report.entries) == 2
    assert not any(name in md or name in data for name in ("Bram", "bram", "Eva"))
