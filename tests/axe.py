"""axe-core in headless Chromium: the WCAG 2.1 A/AA rules, run on a page as a browser shows it.

axe-core comes from npm (``.ci/run`` installs it into ``.ci/node``); Chromium from Debian. Tests
that need either are skipped, saying which one is missing and how to get it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / ".ci" / "node" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WCAG21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
VIEWS = [(320, "light"), (320, "dark"), (1280, "light"), (1280, "dark")]

needs_chromium = pytest.mark.skipif(not CHROMIUM.exists(),
                                    reason="/usr/bin/chromium is missing (Debian package chromium)")
needs_axe = pytest.mark.skipif(not AXE.exists(), reason="axe-core is missing: npm install --prefix .ci/node "
                               "(.ci/run does this)")


@contextmanager
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


def violations(page: Any) -> list[str]:
    """axe's WCAG 2.1 A/AA violations on the page as it is now, one line each (rule: where)."""
    page.add_script_tag(path=str(AXE))  # the page itself has no scripts; axe is the test's
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG21_AA)
    return [f"{v['id']}: {node['target']} {node.get('failureSummary', '')}"
            for v in result["violations"] for node in v["nodes"]]


def check_views(browser: Any, page_file: Path) -> dict[str, list[str]]:
    """axe at 320 and 1280 px, in light and dark mode: the violations per view (empty when clean)."""
    found: dict[str, list[str]] = {}
    for width, scheme in VIEWS:
        page = browser.new_page(viewport={"width": width, "height": 800}, color_scheme=scheme)
        try:
            page.goto(page_file.as_uri())
            page.wait_for_load_state("load")
            found[f"{width}px {scheme}"] = violations(page)
        finally:
            page.close()
    return found
