"""The participant page: parses, is self-contained, escapes everything, says what the PDF says."""

from __future__ import annotations

import html
from html.parser import HTMLParser

import pytest

from tafel.canvases import Library
from tafel.render.content import build_summary
from tafel.render.html import summary_html
from tafel.storage.repository import Store
from tests.render.helpers import flat, in_order, write_table


class Page(HTMLParser):
    """Collects what matters: tags, attributes with addresses, headings, and the visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.refs: list[tuple[str, str]] = []
        self.headings: list[str] = []
        self.lang: str | None = None
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag in ("style", "title"):
            self._skip += 1
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.headings.append(tag)
        for name, value in attrs:
            if name in ("src", "href", "srcset", "action", "data", "poster", "background") and value is not None:
                self.refs.append((tag, value))
            if tag == "html" and name == "lang":
                self.lang = value

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "title"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.text.append(data)

    @property
    def visible(self) -> str:
        return flat(" ".join(self.text))


def parse(doc: str) -> Page:
    page = Page()
    page.feed(doc)
    page.close()
    return page


def page_for(store: Store, library: Library, **kw: object) -> tuple[str, object]:
    w = write_table(store, library, **kw)
    table = store.get_table(w.table_id)
    return summary_html(build_summary(table, library.find(table.canvas))), w


def test_page_is_self_contained_with_a_link_to_the_pdf(store: Store, summary_library: Library) -> None:
    doc, _ = page_for(store, summary_library)
    page = parse(doc)
    assert page.refs == [("a", "summary.pdf")]
    assert "script" not in page.tags and "link" not in page.tags and "img" not in page.tags
    assert "http://" not in doc and "https://" not in doc and "url(" not in doc and "@import" not in doc
    assert page.lang == "nl"
    assert page.headings[0] == "h1" and page.headings.count("h1") == 1
    assert '<meta name="viewport"' in doc


def test_page_says_what_the_pdf_says_in_order(store: Store, summary_library: Library) -> None:
    doc, w = page_for(store, summary_library)
    text = parse(doc).visible
    assert in_order(text, w.sequence) == []
    for name in w.named:
        assert name in text
    for name in w.unnamed:
        assert name not in doc


def test_english_table_gives_an_english_page(store: Store, summary_library: Library) -> None:
    doc, _ = page_for(store, summary_library, language="en")
    page = parse(doc)
    assert page.lang == "en"
    assert "Who took part" in page.visible and "Download the summary as PDF" in page.visible


@pytest.mark.parametrize("hostile", [
    "<script>alert(1)</script>", '<img src="https://evil.example/x.png">', "&amp; & <b>", "\"'><a href=x>",
])
def test_user_text_is_text(store: Store, summary_library: Library, hostile: str) -> None:
    doc, _ = page_for(store, summary_library, extra_note=hostile, title=f"T {hostile}")
    page = parse(doc)
    assert hostile in page.visible
    assert page.refs == [("a", "summary.pdf")]
    assert "script" not in page.tags and "img" not in page.tags
    assert html.escape(hostile) in doc


def test_line_breaks_kept_and_blank_runs_folded(store: Store, summary_library: Library) -> None:
    doc, _ = page_for(store, summary_library, extra_note="eerste regel\ntweede regel\n\n\n\n\n\nderde")
    assert "eerste regel<br>tweede regel<br><br>derde" in doc
    only_newlines, _ = page_for(store, summary_library, extra_note="\n" * 5000)
    assert only_newlines.count("<br>") < 10


@pytest.mark.parametrize("language", ["EN", "en-GB", "en_US"])
def test_english_in_any_spelling_gives_an_english_page(store: Store, summary_library: Library, language: str) -> None:
    import dataclasses

    w = write_table(store, summary_library)
    table = dataclasses.replace(store.get_table(w.table_id), language=language)
    page = parse(summary_html(build_summary(table, summary_library.find(table.canvas))))
    assert page.lang == "en" and "Who took part" in page.visible and "Wie deden er mee" not in page.visible
