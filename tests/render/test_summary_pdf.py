"""The summary PDF as a reader sees it: text extracted with pypdf, metadata, the QR code scanned."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from tafel.canvases import Library, load_library
from tafel.render.content import build_summary
from tafel.render.pdf_table import QrBlock, summary_pdf
from tafel.render.qr import matrix
from tafel.storage.repository import Store
from tests.factories import fill_table
from tests.render.helpers import body_text, flat, in_order, pdf_text, write_table

URL = "http://192.168.1.20:8470/abcdefghijklmnopqrstuvwx/"
SHIPPED = [c.id for c in load_library().all()]


def render(store: Store, library: Library, table_id: str, url: str | None = URL) -> bytes:
    table = store.get_table(table_id)
    summary = build_summary(table, library.find(table.canvas))
    return summary_pdf(summary, QrBlock(matrix(url or "tekst"), url))


def test_every_value_motivation_note_pole_and_advice_in_order(store: Store, summary_library: Library) -> None:
    w = write_table(store, summary_library)
    text = flat(pdf_text(render(store, summary_library, w.table_id)))
    for label in ("Gesprekstafels proef", "Tafel Zwolle", "7 maart 2024", "Zwolle", "Proeftafel voor de samenvatting"):
        assert label in text
    assert in_order(text, w.sequence) == []
    # values (card, motivation, ref), direction, notes, poles, advice
    assert len(w.sequence) == 4 * 3 + 1 + 6 + 2 * 2 + 3
    assert "Pagina 1 van" in text


def test_names_only_of_those_who_consented(store: Store, summary_library: Library) -> None:
    w = write_table(store, summary_library)
    text = flat(pdf_text(render(store, summary_library, w.table_id)))
    for name in w.named:
        assert name in text
    for name in w.unnamed:
        assert name not in text
    # Sectors are counted for everybody, named or not.
    for sector in ("burger: 1", "ondernemer: 1", "wetenschapper: 1", "ambtenaar (beleid): 1"):
        assert sector in text


def test_metadata_title_author_language(store: Store, summary_library: Library) -> None:
    w = write_table(store, summary_library)
    reader = PdfReader(io.BytesIO(render(store, summary_library, w.table_id)))
    assert reader.metadata.title == "Samenvatting: Tafel Zwolle"
    assert reader.metadata.author == "Gesprekstafels proef"
    assert reader.trailer["/Root"]["/Lang"] == "nl"


def test_english_table_gets_english_labels(store: Store, summary_library: Library) -> None:
    w = write_table(store, summary_library, language="en")
    pdf = render(store, summary_library, w.table_id)
    text = flat(pdf_text(pdf))
    assert "Who took part" in text and "Page 1 of" in text and "7 March 2024" in text
    assert "Wie deden er mee" not in text
    assert PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Lang"] == "en"


@pytest.mark.parametrize("canvas", SHIPPED)
def test_every_shipped_canvas_renders(store: Store, library: Library, canvas: str) -> None:
    table_id = fill_table(store, library, canvas=canvas, participants=6, notes=20)
    table = store.get_table(table_id)
    text = flat(pdf_text(render(store, library, table_id)))
    c = library.get(canvas)
    for rnd in c.rounds:
        assert rnd.title in text
    for item in table.items:
        assert flat(item.text) in text


def test_unknown_canvas_groups_items_by_round_and_kind(store: Store) -> None:
    table_id = store.create_table(title="Tafel zonder canvas", canvas="verdwenen-canvas", date="2024-01-02")
    store.add_item(table_id, round="open", kind="concept", text="Begrip zonder canvas")
    store.add_item(table_id, round="open", kind="tension", text="Spanning zonder canvas", between=["links", "rechts"])
    store.add_item(table_id, round="slot", kind="advice", text="Tweede advies", rank=2)
    store.add_item(table_id, round="slot", kind="advice", text="Eerste advies", rank=1)
    text = flat(pdf_text(render(store, Library(), table_id)))
    assert in_order(text, ["Ronde open", "Begrippen", "Begrip zonder canvas", "Spanningen",
                           "Spanning tussen links en rechts", "Spanning zonder canvas", "Ronde slot", "Eerste advies",
                           "Tweede advies"]) == []
    assert "verdwenen-canvas" in text


HOSTILE = [
    "<b>vet?</b>",
    "Jansen & Zn. &amp; &lt;",
    "<font size=100>groot</font>",
    '<img src="/etc/passwd"/>',
    "<para>kop</para> ]]> <![CDATA[ x",
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_markup_in_user_text_prints_literally(store: Store, summary_library: Library, hostile: str) -> None:
    w = write_table(store, summary_library, extra_note=hostile, title=f"Titel {hostile}")
    pdf = render(store, summary_library, w.table_id)
    text = flat(pdf_text(pdf))
    assert hostile in text
    assert f"Titel {hostile}" in text
    assert b"/Subtype /Image" not in pdf  # the <img> tag embedded nothing


def test_ten_thousand_characters_flow_over_pages(store: Store, summary_library: Library) -> None:
    words = ("participatie vraagt geduld en vertrouwen " * 300)[:10_000]
    w = write_table(store, summary_library, extra_note=words)
    pdf = render(store, summary_library, w.table_id)
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 3
    assert flat(words) in flat(body_text(pdf))


def test_long_word_wraps_within_the_page(store: Store, summary_library: Library) -> None:
    word = "Rijksoverheidsparticipatie" * 120  # 3,120 letters without a space
    w = write_table(store, summary_library, extra_note=word)
    text = body_text(render(store, summary_library, w.table_id))
    assert word in "".join(text.split())
    pieces = [line for line in text.splitlines() if "Rijksoverheids" in line or "participatie" in line]
    assert len(pieces) > 20  # wrapped over many lines…
    assert max(len(line) for line in pieces) < 110  # …each within the text column


def test_note_of_only_newlines(store: Store, summary_library: Library) -> None:
    w = write_table(store, summary_library, extra_note="\n" * 5000)
    text = flat(pdf_text(render(store, summary_library, w.table_id)))
    assert "(leeg)" in text
    assert in_order(text, [*w.notes[:1], *w.advice]) == []


def test_dutch_typography_prints_and_missing_glyphs_become_a_placeholder(
    store: Store, summary_library: Library,
) -> None:
    note = "Café één ‘enkel’ “dubbel” € 12,50 – kort — lang ĳs"
    w = write_table(store, summary_library, extra_note=f"{note} 🫠 漢字")
    text = flat(pdf_text(render(store, summary_library, w.table_id)))
    assert note in text
    assert "□ □□" in text


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
def test_qr_code_in_the_pdf_scans_to_the_url(store: Store, summary_library: Library, tmp_path: Path) -> None:
    import zxingcpp
    from PIL import Image

    w = write_table(store, summary_library)
    pdf = tmp_path / "summary.pdf"
    pdf.write_bytes(render(store, summary_library, w.table_id))
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
                   check=True)
    page = Image.open(next(tmp_path.glob("page*.png")))
    assert [r.text for r in zxingcpp.read_barcodes(page)] == [URL]
    assert URL in flat(pdf_text(pdf.read_bytes())).replace(" ", "")


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
def test_large_text_code_gets_its_own_block_and_scans(store: Store, summary_library: Library, tmp_path: Path) -> None:
    import zxingcpp
    from PIL import Image

    from tafel.render.qr import text_payload

    w = write_table(store, summary_library)
    store.save_direction(w.table_id, "richting", "Samen en dichtbij, met ruimte voor maatwerk. " * 30)
    table = store.get_table(w.table_id)
    summary = build_summary(table, summary_library.find(table.canvas))
    payload = text_payload(summary)
    assert len(payload.encode("utf-8")) > 1300
    pdf = tmp_path / "summary.pdf"
    pdf.write_bytes(summary_pdf(summary, QrBlock(matrix(payload, level="L"), None)))
    pages = len(PdfReader(io.BytesIO(pdf.read_bytes())).pages)
    subprocess.run(["pdftoppm", "-png", "-r", "200", "-f", str(pages), "-l", str(pages), str(pdf),
                    str(tmp_path / "last")], check=True)
    assert [r.text for r in zxingcpp.read_barcodes(Image.open(next(tmp_path.glob("last*.png"))))] == [payload]
    assert "QR-code" in pdf_text(pdf.read_bytes())


def test_empty_table_renders(store: Store, summary_library: Library) -> None:
    table_id = store.create_table(title="Lege tafel", canvas="proeftafel", date="2024-05-01")
    text = flat(pdf_text(render(store, summary_library, table_id)))
    assert "Er zijn geen deelnemers opgeschreven." in text
    assert text.count("Hier is niets over opgeschreven.") == 4  # one per round of the canvas


def _outline(reader: PdfReader) -> list[tuple[int, str, int]]:
    """The bookmarks as (depth, title, page number from 1), in order."""
    out: list[tuple[int, str, int]] = []

    def walk(entries: list[Any], depth: int) -> None:
        for entry in entries:
            if isinstance(entry, list):
                walk(entry, depth + 1)
            else:
                out.append((depth, entry.title, reader.get_destination_page_number(entry) + 1))

    walk(reader.outline, 0)
    return out


def test_bookmarks_name_every_section_on_its_page(store: Store, summary_library: Library) -> None:
    w = write_table(store, summary_library, extra_note="lang " * 1500)  # pushes later sections to page 2+
    pdf = render(store, summary_library, w.table_id)
    reader = PdfReader(io.BytesIO(pdf))
    outline = _outline(reader)
    rounds = [r.title for r in summary_library.get("proeftafel").rounds]
    assert [title for depth, title, _ in outline if depth == 1] == [
        "Wie deden er mee", *rounds, "Het canvas in één beeld"]
    assert outline[0][:2] == (0, "Tafel Zwolle")
    assert {title for depth, title, _ in outline if depth == 2} >= {"Begrippen", "Spanningen"}
    # Each bookmark leads to the page where its heading is printed.
    pages = [page.extract_text() for page in reader.pages]
    for _, title, page in outline:
        assert title in pages[page - 1], title
    assert outline[-1][2] > 1
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"


def test_url_under_the_code_is_a_link(store: Store, summary_library: Library) -> None:
    w = write_table(store, summary_library)
    reader = PdfReader(io.BytesIO(render(store, summary_library, w.table_id)))
    links = [a.get_object() for p in reader.pages for a in (p.get("/Annots") or [])]
    assert links  # one per line the URL wraps over, all to the same address
    assert {(a["/Subtype"], a["/A"]["/URI"]) for a in links} == {("/Link", URL)}


def _fonts(reader: PdfReader) -> dict[str, bool]:
    """Every font the pages use (also inside forms), and whether its file is embedded."""
    found: dict[str, bool] = {}

    def visit(resources: Any) -> None:
        resources = resources.get_object() if resources is not None else {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            inner = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = inner.get("/FontDescriptor")
            embedded = descriptor is not None and any(
                k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font["/BaseFont"])] = embedded
        for xobject in (resources.get("/XObject") or {}).values():
            visit(xobject.get_object().get("/Resources"))

    for page in reader.pages:
        visit(page.get("/Resources"))
    return found


@pytest.mark.parametrize("qr", ["url", "text"])
def test_only_embedded_dejavu_fonts(store: Store, summary_library: Library, qr: str) -> None:
    w = write_table(store, summary_library)
    pdf = render(store, summary_library, w.table_id, url=URL if qr == "url" else None)
    fonts = _fonts(PdfReader(io.BytesIO(pdf)))
    assert fonts and all(fonts.values()), fonts
    assert all("DejaVuSans" in name for name in fonts), fonts
    assert b"Helvetica" not in pdf


def test_poles_before_the_tension_note(store: Store, summary_library: Library) -> None:
    w = write_table(store, summary_library)
    text = flat(pdf_text(render(store, summary_library, w.table_id)))
    note = w.sequence[w.sequence.index(w.poles[1]) + 1]  # the tension's own note
    assert in_order(text, [f"Spanning tussen {w.poles[0]} en {w.poles[1]}", note]) == []
