"""What the verslag says, in order, as plain blocks: the PDF and the Markdown render the same list.

Text here is plain (never markup): each renderer escapes it for its own format. Quotes are the
items' words exactly; every quote, direction and advice carries the number of its table, which
the account at the end maps to the table's title, date and file.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

from tafel.domain.report import STATUS_DUPLICATE, STATUS_OK, Entry, Report, Theme
from tafel.domain.themes import HEADLINE, MENTIONED
from tafel.i18n import t

THEMES_SHOWN = HEADLINE  # themes with their own heading and quotes (chosen by the domain)
THEMES_MENTIONED = MENTIONED  # further themes named in one line
QUOTES = 3
QUOTE_POOL = 300  # items a topic's quotes are chosen from
QUOTE_MAX = 400  # characters: longer notes are not cut, they are passed over for shorter ones
TENSIONS_SHOWN = 10
CHART_BARS = 30  # values per chart; more values get more charts


@dataclass(frozen=True)
class Block:
    kind: str  # title, subtitle, figure, h1, h2, p, strong, bullet, quote, said, chart, small, aside, pagebreak
    text: str = ""
    source: str = ""  # quote, said: where it was said ("tafel 3, Gesprek"; "Advies 1 (tafel 3)")
    bars: tuple[tuple[str, int], ...] = ()  # chart: (value, mentions)


def count(unit: str, n: int, lang: str) -> str:
    """A number with its noun, singular for one: "1 tafel", "2 tafels"."""
    return t(f"report.units.{unit}_one" if n == 1 else f"report.units.{unit}", lang=lang, n=n)


def value_line(value: str, picked: int, referenced: int, tables: int, lang: str) -> str:
    """A value's line in section 1: how often picked, referred to (left out when never) and where."""
    times = {"picked": count("times", picked, lang), "referenced": count("times", referenced, lang)}
    key = "report.values.value_line" if referenced else "report.values.value_line_picked"
    return t(key, lang=lang, value=value, tables=count("tables", tables, lang), **times)


def shown_file(label: str) -> str:
    """A file as the verslag names it: a path relative to where the merge ran stays as given; an
    absolute path (or one climbing out with ..) keeps only its folder and name, so the organiser's
    own folders do not travel with the report."""
    archive, sep, member = label.partition(".zip:")
    if sep:
        return shown_file(archive + ".zip") + ":" + member
    windows = PureWindowsPath(label)
    path = windows if "\\" in label or windows.drive else PurePosixPath(label)
    if path.is_absolute() or label.startswith("~") or ".." in path.parts or windows.drive:
        return "/".join(path.parts[-2:])
    return label


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
    return Block("quote", quote_text(entry), source=source)


def quote_text(entry: Entry) -> str:
    """An item's words as written; a tension without text is quoted by its two poles."""
    text = entry.item.text.strip()
    if not text and len(entry.item.between) == 2:
        return " ↔ ".join(p.strip() for p in entry.item.between)
    return text


def quotes(report: Report, theme: Theme, lang: str, used: Counter[str] | None = None) -> list[Block]:
    """A few verbatim quotes, spread: over tables (those quoted least so far in the verslag first),
    over rounds and kinds of note, preferring notes short enough to read aloud."""
    used = used if used is not None else Counter()
    if theme.quotes:  # chosen by the organiser (curation file), in their order
        for e in theme.quotes:
            used[e.table.id] += 1
        return [_quote(report, e, lang) for e in theme.quotes]
    step = len(theme.entries) // QUOTE_POOL + 1  # a large topic: choose among an even spread of its items
    pool = [e for e in theme.entries[::step] if quote_text(e)]
    chosen: list[Entry] = []
    tables: set[str] = set()
    kinds: Counter[str] = Counter()
    while pool and len(chosen) < QUOTES:
        best = min(pool, key=lambda e: (
            e.table.id in tables, len(quote_text(e)) > QUOTE_MAX, used[e.table.id], kinds[e.item.kind],
            e.table.number, e.item.id,
        ))
        if best.table.id in tables:
            break  # one quote per table
        chosen.append(best)
        tables.add(best.table.id)
        kinds[best.item.kind] += 1
        used[best.table.id] += 1
        pool.remove(best)
    return [_quote(report, e, lang) for e in chosen]


def _title(report: Report, lang: str, today: dt.date) -> list[Block]:
    people, tables = count("participants", report.participants, lang), count("conversation_tables",
                                                                           len(report.tables), lang)
    if report.days == 1:
        head = t("report.figures.head_one_day", lang=lang, participants=people, tables=tables)
    else:
        head = t("report.figures.head", lang=lang, participants=people, tables=tables,
                 days=count("days", report.days, lang))
    blocks = [
        Block("title", report.title or t("report.title.report", lang=lang, programme=report.programme)),
        *([Block("subtitle", report.subtitle)] if report.subtitle else []),
        Block("subtitle", period(report)),
        Block("figure", head),
        Block("h2", t("report.figures.sectors", lang=lang)),
    ]
    blocks += [Block("bullet", t("report.figures.sector_line", lang=lang, sector=s, count=n))
               for s, n in report.sectors.items()]
    if report.participants_without_sector:
        missing = report.participants_without_sector
        blocks.append(Block("bullet", t("report.figures.no_sector", lang=lang, count=missing)))
    blocks.append(Block("p", t("report.figures.traceable", lang=lang)))
    blocks.append(Block("small", t("report.title.drafted", lang=lang, tables=count("exports", len(report.tables), lang),
                                   date=format_date(today.isoformat(), lang))))
    return [*blocks, Block("pagebreak")]


def paragraphs(text: str) -> list[Block]:
    """The organiser's Markdown paragraphs as plain blocks: a blank line separates paragraphs, a
    paragraph of lines starting with "- " or "* " is a list. Anything else (**bold**, links, HTML)
    is printed literally: the text is data, escaped by every renderer, never markup."""
    blocks: list[Block] = []
    for part in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in part.strip().splitlines() if line.strip()]
        if not lines:
            continue
        if all(line[:2] in ("- ", "* ") for line in lines):
            blocks += [Block("bullet", line[2:].strip()) for line in lines]
        else:
            blocks.append(Block("p", " ".join(lines)))
    return blocks


def _organiser(report: Report, lang: str) -> list[Block]:
    """The organiser's introduction and summary (curation file), before section 1."""
    blocks: list[Block] = []
    for key, text in (("introduction", report.introduction), ("summary", report.summary)):
        found = paragraphs(text)
        if found:
            blocks += [Block("h1", t(f"report.curated.{key}", lang=lang)), *found]
    return [*blocks, Block("pagebreak")] if blocks else []


def _values(report: Report, lang: str) -> list[Block]:
    blocks = [Block("h1", t("report.values.head", lang=lang)), Block("p", t("report.values.intro", lang=lang))]
    if not report.values:
        return [*blocks, Block("p", t("report.values.none", lang=lang))]
    counts = {v.value: v for v in report.values}

    def lines(values: list[str]) -> list[Block]:
        return [
            Block("bullet", value_line(v, counts[v].picked, counts[v].referenced, counts[v].tables, lang))
            for v in values if v in counts
        ]

    grouped: set[str] = set()
    unmentioned: list[str] = []  # groups no one picked or named: one line, not a heading each
    for group in report.value_groups:
        grouped.update(group.values)
        if not group.mentions:
            unmentioned.append(t("report.values.unmentioned_group", lang=lang, group=group.group,
                                 values=", ".join(group.values)))
            continue
        blocks += [
            Block("h2", group.group),
            Block("strong", t("report.values.group_mentions", lang=lang,
                              mentions=count("times", group.mentions, lang))),
            Block("p", t("report.values.group_values", lang=lang, values=", ".join(group.values))),
            *lines(list(group.values)),
        ]
    rest = [v.value for v in report.values if v.value not in grouped]
    if rest:
        blocks += [Block("h2", t("report.values.ungrouped", lang=lang)), *lines(rest)]
    if unmentioned:
        blocks += [Block("h2", t("report.values.unmentioned_head", lang=lang)),
                   Block("p", t("report.values.unmentioned", lang=lang, groups="; ".join(unmentioned)))]
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
    used: Counter[str] = Counter()  # quotes per table so far: spread them over the programme
    for theme in report.themes[:THEMES_SHOWN]:
        blocks += [
            Block("h2", theme.theme),
            Block("p", t("report.themes.theme_line", lang=lang, tables=theme.tables,
                         total=count("tables", len(report.tables), lang), items=count("notes", theme.items, lang))),
        ]
        named = set(theme.theme.split(" · "))
        more_words = [w for w in theme.words if w not in named]
        if more_words:
            blocks.append(Block("aside", t("report.themes.words", lang=lang, words=", ".join(more_words))))
        blocks += quotes(report, theme, lang, used)
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
    """Directions and advice under the topic whose rarest word they carry (worked out by the merge,
    among the topics section 2 names); those carrying none last (None)."""
    groups: dict[int | None, list[Entry]] = {}
    gathered = report.direction_of()  # those a development direction of the organiser gathered
    for entry in [*report.directions, *report.advice]:
        if entry.item.id in gathered:
            continue
        groups.setdefault(report.homes.get(entry.item.id), []).append(entry)
    ordered = sorted(groups.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))
    return [(None if rank is None else report.themes[rank].theme, entries) for rank, entries in ordered]


def _advice(report: Report, lang: str) -> list[Block]:
    intro = "report.advice.intro_directions" if report.development_directions else "report.advice.intro"
    blocks = [Block("h1", t("report.advice.head", lang=lang)), Block("p", t(intro, lang=lang))]
    groups = by_theme(report)
    if not groups and not report.development_directions:
        return [*blocks, Block("p", t("report.advice.none", lang=lang))]
    for direction in report.development_directions:
        blocks += [Block("h2", direction.title), *paragraphs(direction.text)]
        blocks += [Block("said", e.item.text, source=_advice_label(e, lang)) for e in direction.entries]
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
            participants=count("participants", info.participants, lang), file=shown_file(info.file))))
    blocks += [
        Block("h2", t("report.account.files", lang=lang)),
        Block("p", t("report.account.files_line", lang=lang, merged=count("tables", len(report.tables), lang),
                     given=count("files", len(report.sources), lang))),
    ]
    if len(report.canvas_tables) > 1:
        listed = ", ".join(t("report.account.canvas_entry", lang=lang, canvas=c, tables=count("tables", n, lang))
                           for c, n in report.canvas_tables.items())
        blocks.append(Block("p", t("report.account.canvases", lang=lang, canvases=listed)))
    counted = {source.table: source.file for source in report.sources if source.status == STATUS_OK}
    for source in report.sources:
        if source.status == STATUS_DUPLICATE:  # named beside the file that counts (a copy is no newer export)
            blocks.append(Block("bullet", t("report.account.duplicate_line", lang=lang, file=shown_file(source.file),
                                            counted=shown_file(counted.get(source.table, "?")))))
        elif source.status != STATUS_OK:
            # report.json's status word ("skipped: <reason>") is the contract's, not the verslag's language.
            reason = source.status.removeprefix("skipped: ")
            blocks.append(Block("bullet", t("report.account.skipped_line", lang=lang, file=shown_file(source.file),
                                            status=reason)))
    curated = [th.theme for th in report.themes if th.curated]
    if curated:
        blocks.append(Block("p", t("report.account.curated", lang=lang, themes=", ".join(curated))))
    if report.development_directions:
        blocks.append(Block("p", t("report.account.directions", lang=lang)))
    if report.curated_missing:
        listed = ", ".join(t("report.account.curated_missing_entry", lang=lang, theme=name,
                             tables=count("tables", n, lang)) for name, n in report.curated_missing)
        blocks.append(Block("p", t("report.account.curated_missing", lang=lang, themes=listed)))
    if report.spelling:
        listed = ", ".join(t("report.account.spelling_entry", lang=lang, word=sp.word, like=sp.like)
                           for sp in report.spelling)
        blocks.append(Block("p", t("report.account.spelling", lang=lang, words=listed)))
    if report.groups_from == "file":
        blocks.append(Block("p", t("report.account.groups_file", lang=lang)))
    else:
        blocks.append(Block("p", t("report.account.groups_canvas", lang=lang, canvases=", ".join(report.canvases))))
    blocks.append(Block("p", t("report.account.rules", lang=lang)))
    return [*blocks, *_timing(report, lang)]


def _timing(report: Report, lang: str) -> list[Block]:
    """Planned against actual ("Verloop"): per round the planned minutes and the median and range
    of the minutes the tables' timers ran, to plan the next session with."""
    timed = [r for r in report.timing if r.get("tables")]
    if not timed:
        return []
    blocks = [Block("h2", t("report.timing.head", lang=lang)), Block("p", t("report.timing.intro", lang=lang))]
    for row in timed:
        blocks.append(Block("bullet", t(
            "report.timing.line", lang=lang, round=row.get("title") or row.get("round"),
            planned=row.get("planned_minutes") if row.get("planned_minutes") is not None else "–",
            median=f"{row['actual_minutes_median']:g}", low=f"{row['actual_minutes_min']:g}",
            high=f"{row['actual_minutes_max']:g}", tables=count("tables", int(row["tables"]), lang))))
    return blocks


def report_blocks(report: Report, today: dt.date | None = None) -> list[Block]:
    lang = report.language
    today = today or dt.date.today()
    return [*_title(report, lang, today), *_organiser(report, lang), *_values(report, lang),
            *_themes(report, lang), *_advice(report, lang),
            *_account(report, lang)]
