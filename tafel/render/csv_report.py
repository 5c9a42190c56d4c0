"""``--csv DIR``: values.csv, themes.csv and items.csv for a spreadsheet.

items.csv has one row per item with its table, round, kind and text, and the themes it carries;
themes.csv names the tables of each theme, so a count can be checked line by line. Cells that a
spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, also behind
spaces or a line break) get a leading apostrophe: the organiser opens these files, and the text
comes from other people's laptops.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from tafel.domain.report import Report
from tafel.i18n import t

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    # Behind spaces or a line break too: some spreadsheets trim a cell before they look at it.
    return "'" + text if text.startswith(_FORMULA) or text.lstrip().startswith(_FORMULA) else text


def _csv(header: list[str], rows: Iterable[Iterable[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([_cell(c) for c in row] for row in rows)
    return "\ufeff" + out.getvalue()  # the BOM makes spreadsheet programs read UTF-8 as UTF-8


def render_csv(report: Report) -> dict[str, str]:
    lang = report.language

    def h(*keys: str) -> list[str]:
        return [t(f"report.csv.{k}", lang=lang) for k in keys]

    values = _csv(
        h("value", "group", "picked", "referenced", "mentions", "tables"),
        ([v.value, v.group or "", v.picked, v.referenced, v.mentions, v.tables] for v in report.values),
    )
    yes, no = t("report.csv.yes", lang=lang), t("report.csv.no", lang=lang)
    themes = _csv(
        h("theme", "tables", "items", "tagged", "curated", "words", "table_numbers"),
        ([th.theme, th.tables, th.items, yes if th.tagged else no, yes if th.curated else no, "; ".join(th.words),
          " ".join(str(n) for n in sorted({e.table.number for e in th.entries}))] for th in report.themes),
    )
    carried: dict[str, list[str]] = {}
    for th in report.themes:
        for entry in th.entries:
            carried.setdefault(entry.item.id, []).append(th.theme)
    gathered = report.direction_of()  # the organiser's development direction (curation file)
    items = _csv(
        h("table", "table_id", "title", "date", "round", "kind", "value", "refs", "rank", "between", "tags",
          "themes", "direction", "item_id", "text"),
        ([e.table.number, e.table.id, e.table.title, e.table.date, e.item.round, e.item.kind, e.item.value or "",
          "; ".join(e.item.refs), e.item.rank if e.item.rank is not None else "", " ↔ ".join(e.item.between),
          "; ".join(e.item.tags), "; ".join(carried.get(e.item.id, [])), gathered.get(e.item.id, ""), e.item.id,
          e.item.text]
         for e in report.entries),
    )
    return {"values.csv": values, "themes.csv": themes, "items.csv": items}
