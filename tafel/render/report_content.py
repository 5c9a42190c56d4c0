"""What the verslag says, in order, as plain blocks: the PDF and the Markdown render the same list.

Text here is plain (never markup): each renderer escapes it for its own format. Quotes are the
items' words exactly; every quote, direction and advice carries the number of its table, which
the account at the end maps to the table's title, date and file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from tafel.domain.report import STATUS_DUPLICATE, STATUS_OK, Entry, Report, Theme
from tafel.i18n import t

THEMES_SHOWN = 12  # themes with their own heading and quotes
THEMES_MENTIONED = 40  # further themes named in one line
QUOTES = 3
QUOTE_MAX = 400  # characters: longer notes are not cut, they are passed over for shorter ones
TENSIONS_SHOWN = 10
CHART_BARS = 30  # values per chart; more values get more charts


@dataclass(frozen=True)
class Block:
    kind: str  # title, subtitle, figure, h1, h2, p, strong, bullet, quote, said, chart, small, pagebreak
    text: str = ""
    source: str = ""  # quote, said: where it was said ("tafel 3, Gesprek"; "Advies 1 (tafel 3)")
    bars: tuple[tuple[str, int], ...] = ()  # chart: (value, mentions)


def format_date(iso: str, lang: str) -> str:
    try:
        day = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    month = t("report.months", lang=lang).split()[day.month - 1]
    return f"{day.day} {month} {day.year}"


def period(report: Report) -> str:
    lang = report.language
    first, last = format_date(report.first_date, lang), format_date(report.last_date, lang)
    return first if first == last else t("report.figures.period_range", lang=lang, first=first, last=last)


def _quote(report: Report, entry: Entry, lang: str) -> Block:
    source = t("report.themes.quote_source", lang=lang, number=entry.table.number, round=report.round_title(entry))
    return Block("quote", entry.item.text, source=source)


def quotes(report: Report, theme: Theme, lang: str) -> list[Block]:
    """A few verbatim quotes from different tables, preferring notes short enough to read aloud."""
    chosen: list[Entry] = []
    seen: set[str] = set()
    for limit in (QUOTE_MAX, None):
        for entry in theme.entries:
            text = entry.item.text.strip()
            if not text or entry.table.id in seen or (limit and len(text) > limit):
                continue
            chosen.append(entry)
            seen.add(entry.table.id)
            if len(chosen) == QUOTES:
                return [_quote(report, e, lang) for e in chosen]
    return [_quote(report, e, lang) for e in chosen]


def _title(report: Report, lang: str, today: dt.date) -> list[Block]:
    if report.days == 1:
        head = t("report.figures.head_one_day", lang=lang, participants=report.participants, tables=len(report.tables))
    else:
        head = t("report.figures.head", lang=lang, participants=report.participants, tables=len(report.tables),
                 days=report.days)
    blocks = [
        Block("title", t("report.title.report", lang=lang, programme=report.programme)),
        Block("subtitle", period(report)),
        Block("figure", head),
        Block("p", t("report.figures.period", lang=lang, period=period(report))),
        Block("h2", t("report.figures.sectors", lang=lang)),
    ]
    blocks += [Block("bullet", t("report.figures.sector_line", lang=lang, sector=s, count=n))
               for s, n in report.sectors.items()]
    if report.participants_without_sector:
        missing = report.participants_without_sector
        blocks.append(Block("bullet", t("report.figures.no_sector", lang=lang, count=missing)))
    blocks.append(Block("p", t("report.figures.traceable", lang=lang)))
    blocks.append(Block("small", t("report.title.drafted", lang=lang, tables=len(report.tables),
                                   date=format_date(today.isoformat(), lang))))
    return [*blocks, Block("pagebreak")]


def _values(report: Report, lang: str) -> list[Block]:
    blocks = [Block("h1", t("report.values.head", lang=lang)), Block("p", t("report.values.intro", lang=lang))]
    if not report.values:
        return [*blocks, Block("p", t("report.values.none", lang=lang))]
    counts = {v.value: v for v in report.values}

    def lines(values: list[str]) -> list[Block]:
        return [
            Block("bullet", t("report.values.value_line", lang=lang, value=v, picked=counts[v].picked,
                              referenced=counts[v].referenced, tables=counts[v].tables))
            for v in values if v in counts
        ]

    grouped: set[str] = set()
    for group in report.value_groups:
        grouped.update(group.values)
        blocks += [
            Block("h2", group.group),
            Block("strong", t("report.values.group_mentions", lang=lang, mentions=group.mentions)),
            Block("p", t("report.values.group_values", lang=lang, values=", ".join(group.values))),
            *lines(list(group.values)),
        ]
    rest = [v.value for v in report.values if v.value not in grouped]
    if rest:
        blocks += [Block("h2", t("report.values.ungrouped", lang=lang)), *lines(rest)]
    bars = [(v.value, v.mentions) for v in report.values]
    parts = [bars[i:i + CHART_BARS] for i in range(0, len(bars), CHART_BARS)]
    for n, part in enumerate(parts, start=1):
        caption = t("report.values.chart", lang=lang) if len(parts) == 1 else t("report.values.chart_part",
                                                                               lang=lang, part=n)
        blocks.append(Block("chart", caption, bars=tuple(part)))
    return blocks


def _themes(report: Report, lang: str) -> list[Block]:
    blocks = [Block("h1", t("report.themes.head", lang=lang)), Block("p", t("report.themes.intro", lang=lang))]
    if not report.themes:
        blocks.append(Block("p", t("report.themes.none", lang=lang)))
    for theme in report.themes[:THEMES_SHOWN]:
        blocks += [
            Block("h2", theme.theme),
            Block("p", t("report.themes.theme_line", lang=lang, tables=theme.tables, total=len(report.tables),
                         items=theme.items)),
            *quotes(report, theme, lang),
        ]
    more = report.themes[THEMES_SHOWN:THEMES_SHOWN + THEMES_MENTIONED]
    if more:
        listed = ", ".join(t("report.themes.more_entry", lang=lang, theme=th.theme, tables=th.tables) for th in more)
        blocks.append(Block("p", t("report.themes.more", lang=lang, themes=listed)))
    blocks.append(Block("h2", t("report.themes.tensions", lang=lang)))
    if not report.tensions:
        return [*blocks, Block("p", t("report.themes.no_tensions", lang=lang))]
    blocks.append(Block("p", t("report.themes.tensions_intro", lang=lang)))
    for tension in report.tensions[:TENSIONS_SHOWN]:
        key = "report.themes.tension_line_one" if tension.tables == 1 else "report.themes.tension_line"
        blocks.append(Block("bullet", t(key, lang=lang, tension=tension.label, tables=tension.tables)))
    return blocks


def _advice_label(entry: Entry, lang: str) -> str:
    n = entry.table.number
    if entry.item.kind == "direction":
        return t("report.advice.direction", lang=lang, number=n)
    if entry.item.rank is not None:
        return t("report.advice.advice", lang=lang, rank=entry.item.rank, number=n)
    return t("report.advice.advice_unranked", lang=lang, number=n)


def by_theme(report: Report) -> list[tuple[str | None, list[Entry]]]:
    """Directions and advice under the highest-ranked shown theme they carry; the rest last (None)."""
    home: dict[str, int] = {}
    for rank, theme in enumerate(report.themes[:THEMES_SHOWN]):
        for entry in theme.entries:
            if entry.item.kind in ("direction", "advice"):
                home.setdefault(entry.item.id, rank)
    groups: dict[int | None, list[Entry]] = {}
    for entry in [*report.directions, *report.advice]:
        groups.setdefault(home.get(entry.item.id), []).append(entry)
    ordered = sorted(groups.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))
    return [(None if rank is None else report.themes[rank].theme, entries) for rank, entries in ordered]


def _advice(report: Report, lang: str) -> list[Block]:
    blocks = [Block("h1", t("report.advice.head", lang=lang)), Block("p", t("report.advice.intro", lang=lang))]
    groups = by_theme(report)
    if not groups:
        return [*blocks, Block("p", t("report.advice.none", lang=lang))]
    for theme, entries in groups:
        blocks.append(Block("h2", theme if theme is not None else t("report.advice.other", lang=lang)))
        blocks += [Block("said", e.item.text, source=_advice_label(e, lang)) for e in entries]
    return blocks


def _account(report: Report, lang: str) -> list[Block]:
    blocks = [Block("h1", t("report.account.head", lang=lang)), Block("h2", t("report.account.tables", lang=lang))]
    for info in report.tables:
        blocks.append(Block("bullet", t(
            "report.account.table_line", lang=lang, number=info.number, title=info.title,
            date=format_date(info.date, lang), location=f", {info.location}" if info.location else "",
            participants=info.participants, file=info.file)))
    blocks += [
        Block("h2", t("report.account.files", lang=lang)),
        Block("p", t("report.account.files_line", lang=lang, merged=len(report.tables), given=len(report.sources))),
    ]
    for source in report.sources:
        if source.status == STATUS_DUPLICATE:
            blocks.append(Block("bullet", t("report.account.duplicate_line", lang=lang, file=source.file)))
        elif source.status != STATUS_OK:
            blocks.append(Block("bullet", t("report.account.skipped_line", lang=lang, file=source.file,
                                            status=source.status)))
    if report.groups_from == "file":
        blocks.append(Block("p", t("report.account.groups_file", lang=lang)))
    else:
        blocks.append(Block("p", t("report.account.groups_canvas", lang=lang, canvases=", ".join(report.canvases))))
    blocks.append(Block("p", t("report.account.rules", lang=lang)))
    return blocks


def report_blocks(report: Report, today: dt.date | None = None) -> list[Block]:
    lang = report.language
    today = today or dt.date.today()
    return [*_title(report, lang, today), *_values(report, lang), *_themes(report, lang), *_advice(report, lang),
            *_account(report, lang)]
