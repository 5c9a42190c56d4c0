"""The verslag as one accessible web page (``tafel merge --html``): for publishing.

One self-contained file: inline CSS, no scripts, no fonts, no images to fetch, no external
requests. Semantic structure from ``report_outline``: one h1, sections as h2, parts as h3, lists
as lists, quotes as block quotes with their source as caption. Each bar chart is inline SVG
(role="img", named by its <title> and described by a <desc> that lists every figure) followed by
a real table of the same counts. Colours meet WCAG 2.1 AA in light and dark mode
(prefers-color-scheme); print styles give black on white A4 with the programme and page number
in the margin (used by WeasyPrint for the tagged PDF). User text only ever passes through
``html.escape`` (via ``plain``/``text``) and never into CSS: the margin text is taken from the
title with ``string-set``.
"""

from __future__ import annotations

from html import escape

from tafel.domain.report import Report
from tafel.i18n import t
from tafel.render.html import plain, text
from tafel.render.report_content import Block, report_blocks
from tafel.render.report_outline import Run, chart_alt, chart_figures, runs, title_text

CSS = """
:root{color-scheme:light dark}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:#fff;color:#1f2933;font:1rem/1.55 system-ui,-apple-system,"Segoe UI",Roboto,
"DejaVu Sans",Arial,sans-serif;overflow-wrap:break-word}
main{max-width:46rem;margin:0 auto;padding:1rem 1rem 3rem}
h1,h2,h3{line-height:1.25;color:#154273}
h1{font-size:1.9rem;margin:1.5rem 0 .3rem;string-set:programme content()}
h2{font-size:1.4rem;margin:2.2rem 0 .6rem;padding-bottom:.25rem;border-bottom:2px solid #dfe6ee}
h3{font-size:1.1rem;margin:1.4rem 0 .3rem;color:#1f2933}
p{margin:.3rem 0 .7rem}
ul{padding-left:1.4rem;margin:.3rem 0 .9rem}
li{margin:.3rem 0}
.subtitle{font-size:1.2rem;color:#4f5b69;margin:0 0 1.2rem}
.figure{font-size:1.2rem;font-weight:700;color:#154273}
.small,.source,figcaption{color:#4f5b69;font-size:.92rem}
.quote{margin:.6rem 0 1rem;padding:.6rem .9rem;background:#eef3f8;border-left:4px solid #154273;border-radius:.3rem}
.quote blockquote{margin:0}
.quote p{margin:0}
.quote figcaption{margin-top:.3rem}
.said strong{color:#154273}
.chart{margin:1rem 0 1.4rem}
.chart svg{display:block;width:100%;height:auto;margin:.4rem 0}
.chart .bar{fill:#2f6aa3}
.chart text{fill:currentColor;font-size:12px;font-family:inherit}
table{border-collapse:collapse;margin:.4rem 0 1rem;width:100%;max-width:30rem;table-layout:fixed}
caption{text-align:left;font-weight:600;padding:.2rem 0}
th,td{border-bottom:1px solid #dfe6ee;padding:.25rem .4rem;text-align:left;overflow-wrap:anywhere}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;width:5.5em;overflow-wrap:normal}
th[scope=row]{font-weight:400}
.pagebreak{height:0}
@media (prefers-color-scheme:dark){
body{background:#10161d;color:#e3e9ef}
h1,h2,.figure,.said strong{color:#9ec5ec}
h3{color:#e3e9ef}
h2,th,td{border-bottom-color:#2b3947}
.subtitle,.small,.source,figcaption{color:#aab7c4}
.quote{background:#1c2631;border-left-color:#9ec5ec}
.chart .bar{fill:#7fb2e5}
}
@media print{
@page{size:A4;margin:20mm 18mm 22mm;font-family:"DejaVu Sans",sans-serif;
@bottom-left{content:string(programme);font-size:8pt;color:#4f5b69}
@bottom-right{content:counter(page);font-size:8pt;color:#4f5b69}}
@page:first{@bottom-left{content:none}@bottom-right{content:none}}
body{background:#fff;color:#000;font:10pt/1.45 "DejaVu Sans",sans-serif}
main{max-width:none;padding:0}
h1{font-size:22pt;margin-top:30mm}
h2{font-size:15pt;break-after:avoid}
h3{font-size:11.5pt;break-after:avoid}
.quote,.chart svg,tr{break-inside:avoid}
/* directions and advice as in the ReportLab PDF: the bold source is the label, no bullet (thousands
   of them in a large programme, and WeasyPrint lays out each bullet as a positioned box) */
ul.said{list-style:none;padding-left:0}
ul.said li{padding-left:1.2em;text-indent:-1.2em}
.pagebreak{break-after:page}
}
"""

BAR_ROW = 18  # SVG units per bar
LABEL_WIDTH = 210
CHART_WIDTH = 640
LABEL_MAX = 32  # characters of a value's name in the chart (the table has them whole)


def _short(value: str) -> str:
    return value if len(value) <= LABEL_MAX else value[:LABEL_MAX - 1] + "…"


class HtmlReport:
    def __init__(self, report: Report, blocks: list[Block], for_print: bool = False) -> None:
        self.for_print = for_print
        self.lang = report.language
        self.programme = report.programme
        self.blocks = blocks
        self.out: list[str] = []
        self.charts = 0

    def label(self, key: str, **params: object) -> str:
        return plain(t(f"report.publish.{key}", lang=self.lang, **params))

    def run(self, run: Run) -> None:
        block = run.block
        if run.kind == "heading":
            self.out.append(f"<h{run.level}>{plain(block.text)}</h{run.level}>")
        elif run.kind == "list" and block.kind == "said":
            # Directions and advice: the source first, as the PDF and Markdown show it. Printed
            # (the tagged PDF) without <strong>: thousands of inline boxes took WeasyPrint seconds.
            said = "<li>{}: {}</li>" if self.for_print else "<li><strong>{}:</strong> {}</li>"
            self.out += ['<ul class="said">', *(said.format(plain(b.source), text(b.text)) for b in run.blocks),
                         "</ul>"]
        elif run.kind == "list":
            self.out += ["<ul>", *(f"<li>{text(b.text)}</li>" for b in run.blocks), "</ul>"]
        elif block.kind == "quote":
            self.out.append(f'<figure class="quote"><blockquote><p>{text(block.text)}</p></blockquote>'
                            f"<figcaption>— {plain(block.source)}</figcaption></figure>")
        elif block.kind == "chart":
            self.chart(block)
        elif block.kind == "pagebreak":
            self.out.append('<div class="pagebreak"></div>')
        elif block.kind == "strong":
            self.out.append(f"<p><strong>{text(block.text)}</strong></p>")
        elif block.kind in ("subtitle", "figure", "small"):
            self.out.append(f'<p class="{block.kind}">{text(block.text)}</p>')
        elif block.kind == "aside":  # a subject's further words: muted, as in the PDF
            self.out.append(f'<p class="small">{text(block.text)}</p>')
        else:  # p, and any kind the content model adds later: its text, never lost
            self.out.append(f"<p>{text(block.text)}</p>")

    def chart(self, block: Block) -> None:
        """Bars as inline SVG named and described in words, then the same counts as a table."""
        self.charts += 1
        n = self.charts
        bars = block.bars
        top = max([c for _, c in bars] + [1])
        span = CHART_WIDTH - LABEL_WIDTH - 40
        height = BAR_ROW * len(bars) + 4
        shapes = []
        for row, (value, count) in enumerate(bars):
            y = row * BAR_ROW + 2
            width = max(round(span * count / top, 1), 1)
            shapes.append(
                f'<text x="{LABEL_WIDTH - 6}" y="{y + 13}" text-anchor="end">{plain(_short(value))}</text>'
                f'<rect class="bar" x="{LABEL_WIDTH}" y="{y + 2}" width="{width}" height="{BAR_ROW - 5}"/>'
                f'<text x="{LABEL_WIDTH + width + 4}" y="{y + 13}">{count}</text>')
        self.out += [
            f'<figure class="chart" aria-labelledby="chart-{n}-caption">',
            f'<figcaption id="chart-{n}-caption">{plain(block.text)}</figcaption>',
            f'<svg role="img" viewBox="0 0 {CHART_WIDTH} {height}" aria-labelledby="chart-{n}-title" '
            f'aria-describedby="chart-{n}-desc">',
            f'<title id="chart-{n}-title">{plain(chart_alt(block, self.lang))}</title>',
            f'<desc id="chart-{n}-desc">{plain(chart_figures(block, self.lang))}</desc>',
            *shapes, "</svg>",
            f'<table><caption>{self.label("chart_table")}</caption>',
            f'<thead><tr><th scope="col">{self.label("value")}</th>'
            f'<th scope="col" class="n">{self.label("mentions")}</th></tr></thead><tbody>',
            *(f'<tr><th scope="row">{plain(v)}</th><td class="n">{c}</td></tr>' for v, c in bars),
            "</tbody></table>", "</figure>",
        ]

    def render(self) -> str:
        title = title_text(self.blocks)
        self.out = [
            "<!doctype html>", f'<html lang="{escape(self.lang)}">', "<head>", '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            '<meta name="referrer" content="no-referrer">',
            f"<title>{plain(title)}</title>", f'<meta name="description" content="{self.label("subject")}">',
            f'<meta name="author" content="{plain(self.programme)}">',
            f"<style>{CSS}</style>", "</head>", "<body>", "<main>",
        ]
        for run in runs(self.blocks):
            self.run(run)
        self.out += ["</main>", "</body>", "</html>"]
        return "\n".join(self.out) + "\n"


def render_html(report: Report, blocks: list[Block] | None = None, for_print: bool = False) -> str:
    """The verslag as one HTML document (``blocks``: the content model, when already built;
    ``for_print``: the variant WeasyPrint prints to the tagged PDF)."""
    return HtmlReport(report, blocks if blocks is not None else report_blocks(report), for_print).render()
