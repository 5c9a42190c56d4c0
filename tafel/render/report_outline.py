"""What the publishable verslag formats (HTML, Word, tagged PDF) share on top of the content model.

``report_content`` gives a flat list of blocks; a document that a screen reader or Word's
navigation pane reads needs more: one level-1 heading (the title), the sections as level 2,
their parts as level 3 with no level skipped, neighbouring bullets as one list, and the chart's
figures as words. Everything here is plain text; each renderer escapes it for its own format.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from tafel.i18n import t
from tafel.render.report_content import Block

LISTED = ("bullet", "said")  # kinds that neighbours of the same kind join into one list


@dataclass(frozen=True)
class Run:
    """One thing a document shows: a heading (level 1-3), a list of blocks of one kind, or a block."""

    kind: str  # heading, list, block
    blocks: tuple[Block, ...]
    level: int = 0  # headings only

    @property
    def block(self) -> Block:
        return self.blocks[0]


def runs(blocks: list[Block]) -> Iterator[Run]:
    """The blocks as headings, lists and single blocks, in order.

    The title is level 1; a section (``h1`` block) is level 2; a part (``h2`` block) is level 3
    inside a section and level 2 before the first section (the sectors under the title).
    """
    in_section = False
    pending: list[Block] = []
    for block in blocks:
        if pending and block.kind != pending[0].kind:
            yield Run("list", tuple(pending))
            pending = []
        if block.kind in LISTED:
            pending.append(block)
        elif block.kind == "title":
            yield Run("heading", (block,), 1)
        elif block.kind == "h1":
            in_section = True
            yield Run("heading", (block,), 2)
        elif block.kind == "h2":
            yield Run("heading", (block,), 3 if in_section else 2)
        else:
            yield Run("block", (block,))
    if pending:
        yield Run("list", tuple(pending))


def chart_figures(block: Block, lang: str) -> str:
    """The chart's figures as one sentence a screen reader speaks: "vertrouwen: 14, betrouwbaarheid: 10"."""
    return ", ".join(t("report.publish.chart_figure", lang=lang, value=v, count=n) for v, n in block.bars)


def chart_alt(block: Block, lang: str, picture: bool = False) -> str:
    """The chart's alternative text: its caption and every figure in it."""
    key = "report.publish.chart_picture" if picture else "report.publish.chart_figures"
    return t(key, lang=lang, caption=block.text, figures=chart_figures(block, lang))


def title_text(blocks: list[Block]) -> str:
    return next((b.text for b in blocks if b.kind == "title"), "")
