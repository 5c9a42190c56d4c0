"""The participant page: one self-contained HTML file for a phone.

Inline CSS only: no scripts, no fonts, no images, no external requests. Text wraps at any
character when it must (a 300-letter word does not push the page sideways on a 320-pixel
screen), but the date and place wrap between words: each label/value pair is a wrapping flex
row, so at 320 px with 200% text the value moves under its label instead of being squeezed
into a column that splits "september". Colours meet WCAG 2.1 AA in light and in dark mode
(prefers-color-scheme): body text #1b2733 and muted #4a5866 on white or the light panel
#f3f6f9; #e3e9ef and #aab7c4 on #10161d or the dark panel #1c2631; all above 4.5:1. The page
speaks the table's language (``lang`` and its own words). Every piece of user text goes
through html.escape.
"""

from __future__ import annotations

import re
from html import escape

from tafel.render.content import Entry, Part, Summary, label, tidy, who

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")

CSS = """
:root{color-scheme:light dark}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:#fff;color:#1b2733;font:1rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,
"Helvetica Neue",Arial,sans-serif;overflow-wrap:anywhere;word-break:break-word}
main{max-width:42rem;margin:0 auto;padding:1rem 1rem 3rem}
h1,h2,h3{line-height:1.25;color:#1f4e79}
h1{font-size:1.6rem;margin:.2rem 0 .3rem}
h2{font-size:1.25rem;margin:2rem 0 .6rem;padding-bottom:.25rem;border-bottom:2px solid #e4ebf2}
h3{font-size:1.05rem;margin:1.2rem 0 .3rem;color:#1b2733}
p{margin:.3rem 0 .6rem}
ul,ol{padding-left:1.4rem;margin:.3rem 0 .8rem}
li{margin:.35rem 0}
a{color:#1f4e79;text-decoration:underline;text-underline-offset:2px}
a:focus{outline:3px solid #1f4e79;outline-offset:2px}
.muted,.meta dt,.who,.refs,.between{color:#4a5866}
.programme{margin:0;font-size:.95rem}
.subtitle{margin:0 0 .8rem;font-size:1.05rem}
.meta{margin:0 0 1rem}
.meta div{display:flex;flex-wrap:wrap;column-gap:.75rem}
.meta dt,.meta dd{overflow-wrap:break-word;word-break:normal;max-width:100%}
.meta dt{font-weight:600}
.meta dd{margin:0}
.pdf{display:block;padding:.75rem 1rem;background:#f3f6f9;border-radius:.4rem;border-left:4px solid #1f4e79}
.pdf a{font-weight:600}
.value{margin:0 0 1rem}
.value h3{margin:1rem 0 .1rem}
.who,.refs,.between{font-size:.92rem;margin:.1rem 0}
.direction{margin:.6rem 0 1rem;padding:.8rem 1rem;background:#f3f6f9;border-radius:.4rem;font-size:1.08rem}
.small{font-size:.92rem}
@media (prefers-color-scheme:dark){
body{background:#10161d;color:#e3e9ef}
h1,h2,a{color:#9ec5ec}
h3{color:#e3e9ef}
h2{border-bottom-color:#2b3947}
a:focus{outline-color:#9ec5ec}
.muted,.meta dt,.who,.refs,.between{color:#aab7c4}
.pdf{background:#1c2631;border-left-color:#9ec5ec}
.direction{background:#1c2631}
}
"""


def text(s: str) -> str:
    """Escaped user text, line breaks kept; characters not allowed in HTML become U+FFFD."""
    return "<br>".join(escape(line) for line in _CONTROL.sub("\ufffd", tidy(s.replace("\t", " "))).split("\n"))


def plain(s: str) -> str:
    return escape(_CONTROL.sub("\ufffd", s))


class Page:
    def __init__(self, summary: Summary, pdf_href: str) -> None:
        self.s = summary
        self.pdf_href = pdf_href
        self.out: list[str] = []

    def add(self, *parts: str) -> None:
        self.out.extend(parts)

    def label(self, key: str, **params: object) -> str:
        return plain(label(self.s, key, **params))

    def user(self, s: str) -> str:
        return text(s) or f'<span class="muted">{self.label("blank")}</span>'

    def header(self) -> None:
        s = self.s
        self.add("<header>")
        if s.programme:
            self.add(f'<p class="programme muted">{plain(s.programme)}</p>')
        self.add(f"<h1>{plain(s.title)}</h1>", f'<p class="subtitle muted">{self.label("subtitle")}</p>')
        self.add('<dl class="meta">')
        for key, value in (("meta.date", s.date_text), ("meta.location", s.location), ("meta.canvas", s.canvas_name)):
            if value:
                self.add(f"<div><dt>{self.label(key)}</dt><dd>{plain(value)}</dd></div>")
        self.add("</dl>", f'<p class="pdf"><a href="{escape(self.pdf_href)}" type="application/pdf">'
                 f'{self.label("html.pdf_link")}</a> <span class="muted">({self.label("html.pdf_hint")})</span></p>',
                 "</header>")

    def people(self) -> None:
        s = self.s
        self.add('<section aria-labelledby="people">', f'<h2 id="people">{self.label("people.heading")}</h2>')
        if not s.participants:
            self.add(f"<p>{self.label('people.none')}</p></section>")
            return
        one = s.participants == 1
        total = self.label("people.total_one") if one else self.label("people.total", count=s.participants)
        self.add(f"<p>{total}</p>", "<ul>")
        for line in s.sectors:
            item = plain(label(s, "people.sector", sector=line.sector, count=line.count))
            if line.names:
                item += " — " + plain(label(s, "people.named", names=", ".join(line.names)))
            self.add(f"<li>{item}</li>")
        self.add("</ul>", f'<p class="small muted">{self.label("people.privacy")}</p>', "</section>")

    def value(self, e: Entry) -> None:
        self.add('<div class="value">')
        if e.value:
            self.add(f"<h3>{plain(e.value)}</h3>")
        chosen_by = who(self.s, e)
        if chosen_by:
            self.add(f'<p class="who">{plain(chosen_by)}</p>')
        self.add(f"<p>{self.user(e.text)}</p>")
        if e.refs:
            self.add(f'<p class="refs">{self.label("value.refs", refs=", ".join(e.refs))}</p>')
        self.add("</div>")

    def item(self, e: Entry) -> str:
        body = self.user(e.text)
        if e.kind == "tension" and len(e.poles) == 2:
            # The two poles first: they say what the note is about (as in the PDF).
            poles = self.label("tension.between", a=e.poles[0], b=e.poles[1])
            body = f'<span class="between">{poles}</span><br>{body}'
        return body

    def part(self, n: int, part: Part) -> None:
        self.add(f'<section aria-labelledby="part-{n}">', f'<h2 id="part-{n}">{plain(part.title)}</h2>')
        if not part.entries:
            self.add(f'<p class="muted">{self.label("empty")}</p></section>')
            return
        for group in part.groups:
            if group.title and (len(part.groups) > 1 or group.title != part.title):
                self.add(f"<h3>{plain(group.title)}</h3>")
                if not group.entries:
                    self.add(f'<p class="muted small">{self.label("empty")}</p>')
            if group.kind == "value":
                for e in group.entries:
                    self.value(e)
            elif group.kind == "direction":
                self.add(*(f'<p class="direction">{self.user(e.text)}</p>' for e in group.entries))
            elif group.kind == "advice" and group.entries:
                self.add("<ol>", *(f'<li value="{e.rank}">{self.user(e.text)}</li>' for e in group.entries), "</ol>")
            elif group.entries:
                self.add("<ul>", *(f"<li>{self.item(e)}</li>" for e in group.entries), "</ul>")
        self.add("</section>")

    def timing(self) -> None:
        """Planned against actual minutes per round, when the rounds were timed."""
        if not self.s.timing:
            return
        self.add('<section aria-labelledby="timing">', f'<h2 id="timing">{self.label("timing.heading")}</h2>',
                 "<table>", f'<tr><th scope="col">{self.label("timing.round")}</th>'
                 f'<th scope="col">{self.label("timing.planned")}</th>'
                 f'<th scope="col">{self.label("timing.actual")}</th></tr>')
        for r in self.s.timing:
            shown = "–" if r.actual is None else f"{r.actual:g}"
            self.add(f"<tr><td>{plain(r.title)}</td><td>{r.planned}</td><td>{shown}</td></tr>")
        self.add("</table>", "</section>")

    def render(self) -> str:
        s = self.s
        self.add(
            "<!doctype html>", f'<html lang="{escape(s.lang)}">', "<head>", '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="referrer" content="no-referrer">',
            f"<title>{self.label('pdf_title', title=s.title)}</title>", f"<style>{CSS}</style>", "</head>",
            "<body>", "<main>",
        )
        self.header()
        self.people()
        for n, part in enumerate(s.parts, start=1):
            self.part(n, part)
        self.timing()
        self.add("</main>", "</body>", "</html>")
        return "\n".join(self.out) + "\n"


def summary_html(summary: Summary, pdf_href: str = "summary.pdf") -> str:
    """The participant page as one HTML document."""
    return Page(summary, pdf_href).render()
