"""Issue 13: the closing screen, the canvas overview, the PDF and the participant page show one summary
(``tafel.domain.summary``). A note in a zone the canvas no longer has, and one sector typed three
ways, used to come out differently on screen and on paper."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from tafel import settings as settings_mod
from tafel.canvases import Library
from tafel.services.summary import export_summary
from tafel.storage.repository import Store
from tests.render.helpers import body_text, flat, in_order
from tests.ui.helpers import make_app, ready
from tests.ui.screen_image import screen_text

NOTE = "Een notitie uit een zone die het canvas niet meer heeft"
SECTORS = {"Burger": 3, "Ambtenaar": 1}


class Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip += tag in ("style", "title", "script")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("style", "title", "script")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)


def a_table(store: Store, library: Library) -> tuple[str, str, str]:
    """A table whose note lies in a vanished zone and whose sector is spelled three ways."""
    canvas = library.get("sturingsfilosofie")
    notes = next(r for r in canvas.rounds if r.kind == "notes")
    advice = next(r for r in canvas.rounds if r.kind == "advice")
    table_id = store.create_table(title="Tafel Amersfoort", canvas=canvas.id, canvas_version=canvas.version,
                                  date="2023-06-12", language="nl")
    for sector in ("Burger", "burger ", "BURGER", "Ambtenaar"):
        store.add_participant(table_id, sector=sector)
    store.add_item(table_id, round=notes.id, kind="note", text=NOTE, zone="verdwenen-zone")
    store.add_item(table_id, round=advice.id, kind="advice", text="Begin klein.")
    return table_id, notes.title, advice.title


def sectors_on_screen(shown: str) -> dict[str, int]:
    line = re.search(r"(\d+) deelnemers: ([^\n│]*)", shown)  # the summary's column only
    assert line, shown
    found = {}
    for part in line.group(2).strip().split(", "):
        name, _, count = part.partition(" (")
        found[name] = int(count.rstrip(")")) if count else 1
    assert sum(found.values()) == int(line.group(1))
    return found


def sectors_on_paper(text: str) -> dict[str, int]:
    return {m.group(1): int(m.group(2)) for m in re.finditer(r"(\w+): (\d+)", text) if m.group(1) in
            {"Burger", "burger", "BURGER", "Ambtenaar"}}


def column_below(shown: str, heading: str) -> str:
    """The text of the line under ``heading``, from the heading's column on (the overview's zones)."""
    lines = shown.splitlines()
    for n, line in enumerate(lines):
        at = line.find(f" {heading} ")
        if at >= 0 and n + 1 < len(lines):
            return lines[n + 1][at:].strip()
    raise AssertionError(f"{heading!r} not on screen:\n{shown}")


async def test_closing_overview_pdf_and_page_agree(store: Store, library: Library) -> None:
    table_id, notes_title, advice_title = a_table(store, library)
    app = make_app(store, library)
    async with app.run_test(size=(160, 60)) as pilot:
        await ready(app, pilot)
        app.open_table(table_id, "closing")
        await pilot.pause()
        closing = screen_text(app)
        await pilot.press("f2")
        await pilot.pause()
        overview = screen_text(app)

    exported = export_summary(store, library, settings_mod.load(), table_id)
    pdf = flat(body_text(exported.pdf_path.read_bytes()))
    page = Visible()
    page.feed(exported.html_path.read_text("utf-8"))
    html = flat(" ".join(page.text))

    # One count: three spellings of one sector are one sector, shown as most of them wrote it.
    assert sectors_on_screen(closing) == SECTORS
    assert sectors_on_paper(pdf) == SECTORS
    assert sectors_on_paper(html) == SECTORS

    # One place: the note lies in the notes round, under "Notities" (its kind), before the advice.
    for text in (flat(closing), pdf, html):
        assert in_order(text, [notes_title, "Notities", NOTE[:30], advice_title]) == [], text
    assert "Begrippen Notities" not in flat(closing)  # not shown in the first zone of another kind
    assert column_below(overview, "Notities").startswith("• " + NOTE[:20])
    assert not column_below(overview, "Begrippen").startswith("• Een")
