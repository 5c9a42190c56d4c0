"""The participant page in headless Chromium on a 320-pixel phone: no sideways scrolling, no
requests beyond the page itself, readable contrast. One screenshot per language is kept in
tests/artifacts/ for a person to look at."""

from __future__ import annotations

from pathlib import Path

import pytest

from tafel.canvases import Library
from tafel.render.content import build_summary
from tafel.render.html import summary_html
from tafel.storage.repository import Store
from tests.render.conftest import summary_library  # noqa: F401  (fixture)
from tests.render.helpers import write_table

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is missing (Debian package chromium)"),
]

# WCAG 2.1 contrast of every element that holds text, against the first opaque background behind it.
CONTRAST_JS = """
() => {
  const rgb = s => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const background = el => {
    for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const worst = [];
  for (const el of document.body.querySelectorAll('*')) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const style = getComputedStyle(el);
    const a = lum(rgb(style.color).slice(0, 3)), b = lum(background(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const large = parseFloat(style.fontSize) >= 24 || (parseFloat(style.fontSize) >= 18.66 && style.fontWeight >= 700);
    if (ratio < (large ? 3 : 4.5)) worst.push(el.tagName + ' ' + ratio.toFixed(2));
  }
  return worst;
}
"""


@pytest.mark.parametrize("language", ["nl", "en"])
def test_page_fits_a_320_pixel_phone(store: Store, summary_library: Library, tmp_path: Path, language: str) -> None:  # noqa: F811
    from playwright.sync_api import sync_playwright

    long_word = "Samenwerkingsovereenkomstenbeleidsmedewerkersverantwoordelijkheid" * 4
    w = write_table(store, summary_library, language=language, extra_note=f"{long_word} <b>& {'heel ' * 80}lang")
    table = store.get_table(w.table_id)
    page_file = tmp_path / "index.html"
    page_file.write_text(summary_html(build_summary(table, summary_library.find(table.canvas))), "utf-8")
    (tmp_path / "summary.pdf").write_bytes(b"%PDF-1.4\n")
    requests: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 320, "height": 640})
            page.on("request", lambda r: requests.append(r.url))
            page.goto(page_file.as_uri())
            page.wait_for_load_state("load")
            assert page.evaluate("document.documentElement.scrollWidth") <= 320
            assert page.evaluate("document.documentElement.lang") == language
            assert page.evaluate(CONTRAST_JS) == []
            assert page.locator("a[href='summary.pdf']").count() == 1
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"summary-page-{language}.png"), full_page=True)
        finally:
            browser.close()
    assert requests == [page_file.as_uri()]


# Every word of the date and the place (a hyphen may end a line, as in print), and the lines its letters
# sit on: one line each, or the word was split.
WORD_LINES_JS = """
() => {
  const out = [];
  for (const dd of document.querySelectorAll('.meta dd')) {
    const node = dd.firstChild;
    for (const m of node.textContent.matchAll(/[^\\s-]+-?/g)) {
      const range = document.createRange();
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
      out.push([m[0], tops.size]);
    }
  }
  return out;
}
"""


def _open(browser: object, html: str, tmp_path: Path, **context: object) -> object:
    page_file = tmp_path / "index.html"
    page_file.write_text(html, "utf-8")
    page = browser.new_page(**context)  # type: ignore[attr-defined]
    page.goto(page_file.as_uri())
    page.wait_for_load_state("load")
    return page


@pytest.mark.parametrize("language", ["nl", "en"])
def test_date_and_place_wrap_between_words_at_320_px_with_200_percent_text(
    store: Store, summary_library: Library, tmp_path: Path, language: str,  # noqa: F811
) -> None:
    from playwright.sync_api import sync_playwright

    table_id = store.create_table(
        title="Tafel Sint-Michielsgestel", canvas="proeftafel", date="2024-09-17", language=language,
        location="Gemeentehuis Sint-Michielsgestel, raadszaal op de eerste verdieping",
    )
    table = store.get_table(table_id)
    html = summary_html(build_summary(table, summary_library.find(table.canvas)))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = _open(browser, html, tmp_path, viewport={"width": 320, "height": 640})
            page.evaluate("document.documentElement.style.fontSize = '200%'")  # the reader's text size
            words = page.evaluate(WORD_LINES_JS)
            split = [word for word, lines in words if lines != 1]
            assert "september" in {w for w, _ in words} or "September" in {w for w, _ in words}
            assert len(words) >= 10 and split == []
            assert page.evaluate("document.documentElement.scrollWidth") <= 320
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"summary-page-200-{language}.png"), full_page=True)
        finally:
            browser.close()


def test_dark_mode_keeps_aa_contrast(store: Store, summary_library: Library, tmp_path: Path) -> None:  # noqa: F811
    from PIL import Image
    from playwright.sync_api import sync_playwright

    w = write_table(store, summary_library)
    table = store.get_table(w.table_id)
    html = summary_html(build_summary(table, summary_library.find(table.canvas)))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            page = _open(browser, html, tmp_path, viewport={"width": 320, "height": 640}, color_scheme="dark")
            assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(16, 22, 29)"
            assert page.evaluate(CONTRAST_JS) == []
            ARTIFACTS.mkdir(exist_ok=True)
            shot = ARTIFACTS / "summary-page-dark.png"
            page.screenshot(path=str(shot), full_page=True)
        finally:
            browser.close()
    # What a person sees: a dark page whose text is light (the brightest pixels are near white).
    gray = Image.open(shot).convert("L")
    histogram = gray.histogram()
    dark = sum(histogram[:40]) / sum(histogram)
    assert dark > 0.6 and max(i for i, n in enumerate(histogram) if n) > 200


@pytest.mark.parametrize("language", ["nl", "en"])
def test_axe_finds_no_wcag_21_aa_violation(store: Store, summary_library: Library, tmp_path: Path,  # noqa: F811
                                           language: str) -> None:
    from tests.axe import AXE, check_views, chromium

    if not AXE.exists():
        pytest.skip("axe-core is missing: npm install --prefix .ci/node (.ci/run does this)")
    w = write_table(store, summary_library, language=language, extra_note="<script>alert(1)</script> & lang " * 30)
    table = store.get_table(w.table_id)
    page_file = tmp_path / "index.html"
    page_file.write_text(summary_html(build_summary(table, summary_library.find(table.canvas))), "utf-8")
    with chromium() as browser:
        found = check_views(browser, page_file)
    assert found == {view: [] for view in found}
    assert len(found) == 4


def test_axe_does_report_a_violation(tmp_path: Path) -> None:
    """The helper is not silently green: a page without lang, with grey-on-white text, fails."""
    from tests.axe import AXE, check_views, chromium

    if not AXE.exists():
        pytest.skip("axe-core is missing: npm install --prefix .ci/node (.ci/run does this)")
    page_file = tmp_path / "bad.html"
    page_file.write_text('<!doctype html><html><head><title>x</title></head><body><main>'
                         '<p style="color:#bbb;background:#fff">grijs</p></main></body></html>', "utf-8")
    with chromium() as browser:
        found = check_views(browser, page_file)
    assert all(any(v.startswith("html-has-lang") for v in vs) for vs in found.values())
    assert any(v.startswith("color-contrast") for v in found["320px light"])
