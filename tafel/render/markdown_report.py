"""The verslag as Markdown (``--md``): the same blocks as the PDF, for an editor to work on.

User text is written as it is, except that characters which would turn a line into markup of its
own (a leading ``#``, ``>``, ``-``, a number with a dot; a line's indent is dropped, as four
spaces would make a code block) or a word into emphasis, code, a link or an image (``*`` ``_``
`````` ``~`` ``[``, and the backslash itself) are escaped, and ``<`` ``>`` ``&`` are entities so
that a viewer never renders a note as HTML.
"""

from __future__ import annotations

import re

from tafel.domain.report import Report
from tafel.render.report_content import Block, report_blocks

_LEADING = re.compile(r"^(\s*)([#>+\-*=|])", re.MULTILINE)
_NUMBERED = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)
# Emphasis, code, strike-through; links and images all open with "[" (a lone "]" is no markup).
_INLINE = re.compile(r"([\\`*_~\[])")
# A line's leading spaces or tab: four would make it a code block (the PDF drops them too).
_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)


def md_text(text: str) -> str:
    text = _INLINE.sub(r"\\\1", text)  # first: the escapes added below are not escaped again
    text = _INDENT.sub("", text.replace("\r\n", "\n"))
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _LEADING.sub(lambda m: f"{m.group(1)}\\{m.group(2)}", text)
    text = _NUMBERED.sub(lambda m: f"{m.group(1)}\\{m.group(2)}", text)
    return text.replace("\r\n", "\n").strip()


def _cell(text: str) -> str:
    return md_text(text).replace("|", "\\|").replace("\n", " ")


def _block(block: Block) -> str:
    text = md_text(block.text)
    if block.kind == "title":
        return f"# {text}"
    if block.kind == "h1":
        return f"## {text}"
    if block.kind == "h2":
        return f"### {text}"
    if block.kind in ("subtitle", "figure", "strong"):
        return f"**{text}**"
    if block.kind in ("small", "aside"):
        return f"*{text}*"
    if block.kind == "bullet":
        return "- " + text.replace("\n", "\n  ")
    if block.kind == "quote":
        lines = [f"> {line}" if line else ">" for line in text.split("\n")]
        return "\n".join([*lines, ">", f"> — {md_text(block.source)}"])
    if block.kind == "said":
        return f"- **{md_text(block.source)}:** " + text.replace("\n", "\n  ")
    if block.kind == "chart":
        rows = [f"| {_cell(v)} | {n} |" for v, n in block.bars]
        return "\n".join([f"*{text}*", "", "| | |", "| --- | ---: |", *rows])
    if block.kind == "pagebreak":
        return "---"
    return text


def render_markdown(report: Report) -> str:
    return "\n\n".join(_block(b) for b in report_blocks(report)) + "\n"
