"""End to end, slow (a real browser, ~2 s): export a table while sharing, scan its QR code, open it.

Runs in CI (``.ci/run`` installs Debian's chromium when missing); skipped only without it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.share.conftest import Shared

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def decode_qr(png: Path) -> str:
    import zxingcpp
    from PIL import Image

    found = zxingcpp.read_barcodes(Image.open(png).convert("L"))
    assert len(found) == 1, found
    return found[0].text


def _shows_a_white_page(page: object, seconds: float = 15) -> bool:
    import io
    import time

    from PIL import Image

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        shot = Image.open(io.BytesIO(page.screenshot())).convert("L")  # type: ignore[attr-defined]
        white = sum(shot.histogram()[245:])
        if white > 0.1 * shot.width * shot.height:
            return True
        time.sleep(0.25)
    return False


@pytest.mark.skipif(not Path(CHROMIUM).exists() and not shutil.which("chromium"),
                    reason="Debian's chromium is not installed (.ci/run installs it)")
def test_scan_the_qr_code_and_read_the_summary_in_a_browser(shared: Shared) -> None:
    from playwright.sync_api import sync_playwright

    table_id = shared.table("Tafel Amersfoort")  # exported while the server runs
    folder = shared.folder(table_id)
    table = shared.store.get_table(table_id)
    direction, first_advice = table.direction(), table.advice()[0]
    assert direction is not None

    url = decode_qr(folder / "qr.png")
    assert url == f"{shared.url}/{shared.store.share_token(table_id)}/"

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"),
                                     args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 360, "height": 740})
            console: list[str] = []
            page.on("console", lambda msg: console.append(msg.text))
            response = page.goto(url)
            assert response is not None and response.status == 200
            text = page.inner_text("body")
            assert direction.text in text
            assert first_advice.text in text
            # The strict policy blocks nothing the page needs (it would say so on the console).
            assert not [line for line in console if "Content Security Policy" in line], console
            pdf_link = page.locator("a[href$='summary.pdf']").first
            href = pdf_link.get_attribute("href")
            assert href is not None
            pdf = page.request.get(pdf_link.evaluate("a => a.href"))
            assert pdf.status == 200 and pdf.body().startswith(b"%PDF-")
            assert pdf.headers["content-type"] == "application/pdf"
            # Opened in the browser, the built-in PDF viewer shows the page under the strict policy.
            page.goto(pdf_link.evaluate("a => a.href"))
            assert _shows_a_white_page(page), "the browser's PDF viewer showed no page"
        finally:
            browser.close()
