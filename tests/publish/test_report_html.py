"""``tafel merge --html``: one self-contained, accessible page that says what the verslag says."""

from __future__ import annotations

import itertools
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tafel.domain.report import Report
from tafel.render.report_content import report_blocks
from tafel.render.report_html import render_html
from tests.axe import needs_axe, needs_chromium
from tests.publish.reports import HOSTILE, build


class Parsed(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.refs: list[str] = []
        self.attrs: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.skip = 0
        self.lang: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.append((tag, dict(attrs)))
        if tag in ("style", "title", "desc"):
            self.skip += 1
        self.refs += [v or "" for k, v in attrs if k in ("src", "href", "srcset", "action", "data", "xlink:href")]
        if tag == "html":
            self.lang = dict(attrs).get("lang")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "title", "desc"):
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.text.append(data)

    @property
    def visible(self) -> str:
        return " ".join(" ".join(self.text).split())


def parse(doc: str) -> Parsed:
    page = Parsed()
    page.feed(doc)
    page.close()
    return page


def test_self_contained_and_semantic(report: Report) -> None:
    doc = render_html(report)
    page = parse(doc)
    assert page.refs == []
    assert not {"script", "link", "img", "iframe", "object"} & set(page.tags)
    assert "http://" not in doc and "https://" not in doc and "url(" not in doc and "@import" not in doc
    assert page.lang == report.language
    headings = [int(tag[1]) for tag in page.tags if re.fullmatch(r"h[1-6]", tag)]
    assert headings.count(1) == 1 and headings[0] == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(headings))  # no level skipped
    assert "ul" in page.tags and "li" in page.tags
    assert "@media print" in doc and "prefers-color-scheme:dark" in doc


def test_chart_is_an_svg_with_its_figures_in_words_and_a_table(report: Report) -> None:
    doc = render_html(report)
    charts = [b for b in report_blocks(report) if b.kind == "chart"]
    assert charts and doc.count('<svg role="img"') == len(charts)
    for block in charts:
        title = re.search(r'<title id="chart-\d+-title">([^<]*)</title>', doc)
        assert title is not None
        for value, count in block.bars:
            assert f"{value}: {count}" in doc  # in the SVG's title and desc
            assert re.search(rf'<tr><th scope="row">{re.escape(value)}</th><td class="n">{count}</td></tr>', doc)
    assert '<th scope="col"' in doc


def test_user_text_prints_literally(tmp_path: Path, tafel_home: Path) -> None:
    report, _ = build(tmp_path / "exports", tafel_home, "english")
    doc = render_html(report)
    page = parse(doc)
    assert HOSTILE in page.visible
    assert "script" not in page.tags and "b" not in page.tags
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in doc
    assert page.lang == "en" and "Report Conversation tables pilot" in page.visible


def test_cli_writes_only_the_page_asked_for(cli, tmp_path: Path, tafel_home: Path,  # type: ignore[no-untyped-def]
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    build(tmp_path / "exports", tafel_home, "programme")
    monkeypatch.chdir(tmp_path)
    result = cli("merge", "exports", "--html", "out/verslag.html")
    assert result.code == 0, result.err
    assert (tmp_path / "out" / "verslag.html").read_text("utf-8").startswith("<!doctype html>")
    assert not (tmp_path / "verslag.pdf").exists() and not (tmp_path / "report.json").exists()
    assert "verslag.html" in result.out


@pytest.mark.browser
@needs_chromium
@needs_axe
@pytest.mark.parametrize("which", ["programme", "english"])
def test_axe_finds_no_wcag_21_aa_violation(tmp_path: Path, tafel_home: Path, which: str) -> None:
    from tests.axe import check_views, chromium

    report, _ = build(tmp_path / "exports", tafel_home, which)
    page_file = tmp_path / "verslag.html"
    page_file.write_text(render_html(report), "utf-8")
    with chromium() as browser:
        found = check_views(browser, page_file)
        page = browser.new_page(viewport={"width": 320, "height": 800})
        page.goto(page_file.as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= 320  # no sideways scrolling
    assert found == {view: [] for view in found} and len(found) == 4
