"""The live page in headless Chromium, served for real (its CSP header too): axe-core's WCAG 2.1 AA
rules at 320 and 1280 px in light and dark mode, and the presentation view on one 16:9 screen."""

from __future__ import annotations

from typing import Any

import pytest

from tests.axe import VIEWS, chromium, needs_axe, needs_chromium, violations
from tests.share.conftest import Shared


def _full_live_table(shared: Shared) -> str:
    """A table with every kind of entry, open (not exported), in its notes round: a live token."""
    table_id = shared.table("Tafel Live Utrecht", export=False)
    notes = next(r for r in shared.library.get("sturingsfilosofie").rounds if r.kind == "notes")
    shared.store.set_current_round(table_id, notes.id)
    return shared.store.share_token(table_id)


@needs_chromium
@needs_axe
def test_axe_finds_no_wcag_21_aa_violation_on_the_live_page(shared: Shared) -> None:
    url = f"{shared.url}/{_full_live_table(shared)}/"
    found: dict[str, list[str]] = {}
    with chromium() as browser:
        for width, scheme in VIEWS:
            # bypass_csp: only so that the test can add axe's script; the page's own runs under the CSP.
            context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme,
                                          bypass_csp=True)
            page = context.new_page()
            page.goto(url)
            page.get_by_text("Tafel Live Utrecht").first.wait_for()
            found[f"{width}px {scheme}"] = violations(page)
            context.close()
    assert found == {view: [] for view in found}, found


@needs_chromium
def test_the_script_runs_under_the_pages_own_csp_and_the_screen_view_fits_16_9(shared: Shared) -> None:
    token = _full_live_table(shared)
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1920, "height": 1080})
        blocked: list[str] = []
        page.on("console", lambda msg: blocked.append(msg.text) if "Content Security Policy" in msg.text else None)
        page.goto(f"{shared.url}/{token}/?view=screen")
        page.get_by_text("Tafel Live Utrecht").first.wait_for()
        page.wait_for_timeout(300)
        size: dict[str, Any] = page.evaluate(
            "() => ({w: document.documentElement.scrollWidth, h: document.documentElement.scrollHeight,"
            " font: parseFloat(getComputedStyle(document.documentElement).fontSize),"
            " last: Math.max(...[...document.querySelectorAll('main li, main p')]"
            "   .map(e => e.getBoundingClientRect().right))})")
        assert blocked == []
        assert size["w"] <= 1920 and size["h"] <= 1080, size  # no scrolling: the whole canvas on the screen
        assert size["last"] <= 1920, size  # no column runs off to the right
        print(f"screen view at 1920x1080: type {size['font']:.0f} px")
        assert size["font"] >= 18, size  # large type (as large as fits), readable across a room


@needs_chromium
def test_without_javascript_the_page_reloads_itself_and_shows_the_change(
    shared: Shared, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tafel.render import live_html

    monkeypatch.setattr(live_html, "REFRESH_SECONDS", 1)  # the page's own reload, shortened (5 s in use)
    token = _full_live_table(shared)
    table_id = shared.store.table_by_token(token)
    assert table_id is not None
    notes = next(r for r in shared.library.get("sturingsfilosofie").rounds if r.kind == "notes")
    with chromium() as browser:
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        page.goto(f"{shared.url}/{token}/")
        page.get_by_text("Tafel Live Utrecht").first.wait_for()
        shared.store.add_item(table_id, round=notes.id, kind="note", zone=notes.zones[0].id, text="Zonder script")
        page.get_by_text("Zonder script").wait_for(timeout=(live_html.REFRESH_SECONDS + 10) * 1000)
        context.close()
