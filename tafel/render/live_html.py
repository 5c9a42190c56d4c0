"""The live page: an open table's canvas as it fills, for the phones at the table and a screen.

Built from the same content model as the summary page (``build_summary``) and drawn by the same
``Page`` (so names show only with consent, user text is escaped the same way). What changes as
the moderator types is ``live_main``: the inside of ``<main>``, which the share server pushes by
Server-Sent Events to the one small inline script below (allowed by its hash in the server's
Content-Security-Policy, see tafel.share.security). Without JavaScript the page reloads itself
(``<noscript><meta http-equiv="refresh">``).

``?view=screen`` is the same content for a TV or projector: large type in columns, the whole
canvas on one 16:9 screen.
"""

from __future__ import annotations

import base64
import hashlib
from html import escape

from tafel.domain.canvas import Round
from tafel.i18n import t
from tafel.render.content import Part, Summary
from tafel.render.html import CSS, Page, plain, text

REFRESH_SECONDS = 5  # without JavaScript: how often the page reloads itself

# The page's only script: replace <main>'s inside with each pushed state; reload on "reload"
# (the table was exported or removed: the address now shows the summary, or nothing). On the
# screen view it also sets the type as large as fits: the whole canvas on the one screen.
SCRIPT = (
    '(function(){var m=document.getElementById("live"),b=document.documentElement;if(!m)return;'
    'function fit(){if(!b.classList.contains("screen"))return;'
    "var f=Math.min(innerWidth/36,innerHeight/20);"
    'do{b.style.fontSize=f+"px";f*=.94}'
    "while(f>8&&(m.scrollWidth>m.clientWidth+1||m.scrollHeight>m.clientHeight+1))}"
    'fit();addEventListener("resize",fit);'
    "if(!window.EventSource)return;"
    'var s=new EventSource("events");'
    "s.onmessage=function(e){m.innerHTML=e.data;fit();};"
    's.addEventListener("reload",function(){s.close();location.reload();});'
    "})();"
)
SCRIPT_HASH = "sha256-" + base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode()

LIVE_CSS = """
.live-badge{display:inline-block;margin:0 0 .4rem;padding:.1rem .5rem;border-radius:.3rem;
background:#1f4e79;color:#fff;font-weight:700;font-size:.9rem}
.now{margin:.8rem 0 0;padding:.7rem 1rem;background:#f3f6f9;border-radius:.4rem;border-left:4px solid #1f4e79}
.now p{margin:.1rem 0}
section.current h2{border-bottom-color:#1f4e79}
@media (prefers-color-scheme:dark){
.live-badge{background:#9ec5ec;color:#10161d}
.now{background:#1c2631;border-left-color:#9ec5ec}
section.current h2{border-bottom-color:#9ec5ec}
}
html.screen{font-size:clamp(1rem,1.2vw,2.6rem)}
.screen main{max-width:none;height:100vh;padding:1rem 1.4rem;column-width:20rem;column-count:3;
column-gap:2rem;column-fill:auto;overflow:hidden}
.screen header,.screen section{break-inside:avoid-column}
.screen h2{margin:1rem 0 .4rem}
"""


def _part_title(summary: Summary, round_id: str | None) -> str | None:
    return next((p.title for p in summary.parts if p.id == round_id), None)


class LivePage(Page):
    def __init__(self, summary: Summary, current: Round | None) -> None:
        super().__init__(summary, pdf_href="")
        self.current = current

    def live_label(self, key: str, **params: object) -> str:
        return plain(t(f"share.live.{key}", lang=self.s.lang, **params))

    def header(self) -> None:
        s = self.s
        self.add("<header>", f'<p class="live-badge">{self.live_label("badge")}</p>')
        if s.programme:
            self.add(f'<p class="programme muted">{plain(s.programme)}</p>')
        self.add(f"<h1>{plain(s.title)}</h1>", f'<p class="subtitle muted">{self.live_label("subtitle")}</p>')
        if self.current is not None:
            title = _part_title(s, self.current.id) or self.current.title
            self.add('<div class="now">', f"<p><strong>{self.live_label('now', round=title)}</strong></p>")
            if self.current.prompt.strip():
                self.add(f"<p>{text(self.current.prompt)}</p>")
            self.add("</div>")
        else:
            self.add(f'<p class="now">{self.live_label("not_started")}</p>')
        self.add("</header>")

    def live_part(self, n: int, part: Part) -> None:
        start = len(self.out)
        self.part(n, part)
        if self.current is not None and part.id == self.current.id:
            self.out[start] = f'<section class="current" aria-labelledby="part-{n}" aria-current="step">'

    def main(self) -> str:
        self.header()
        for n, part in enumerate(self.s.parts, start=1):
            self.live_part(n, part)
        return "\n".join(self.out)


def live_main(summary: Summary, current: Round | None) -> str:
    """The inside of the live page's ``<main>``: what is pushed to the phones at every change."""
    return LivePage(summary, current).main()


def live_html(summary: Summary, main: str, *, screen: bool = False) -> str:
    """The whole live page around ``main`` (from ``live_main``)."""
    title = plain(t("share.live.title", lang=summary.lang, title=summary.title))
    view = ' class="screen"' if screen else ""
    return "\n".join([
        "<!doctype html>", f'<html lang="{escape(summary.lang)}"{view}>', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f'<noscript><meta http-equiv="refresh" content="{REFRESH_SECONDS}"></noscript>',
        f"<title>{title}</title>", f"<style>{CSS}{LIVE_CSS}</style>", "</head>",
        "<body>", '<main id="live">', main, "</main>", f"<script>{SCRIPT}</script>", "</body>", "</html>",
    ]) + "\n"
