"""``tafel themes``: the topics a merge would find, to look at before the verslag is written, and a
starting curation file to edit (``--write``, also ``--starter``) and pass back with ``tafel merge --curate``."""

from __future__ import annotations

import os
from pathlib import Path

import click

from tafel.cli.app import Context, command_options, error_text, fail, pass_context
from tafel.domain.errors import TafelError
from tafel.domain.report import Entry, Report, Theme
from tafel.domain.themes import Curation
from tafel.i18n import get_language, t
from tafel.render.report_content import count, quote_text
from tafel.settings import language as settings_language


def _toml_text(text: str) -> str:
    """A TOML basic string (quotes, backslashes and control characters escaped)."""
    import json

    return json.dumps(text, ensure_ascii=False)


def _comment(text: str) -> list[str]:
    return [f"# {line}".rstrip() for line in text.splitlines()]


def _list(values: tuple[str, ...] | list[str]) -> str:
    return "[" + ", ".join(_toml_text(v) for v in values) + "]"


def starter_file(report: Report, curation: Curation | None = None) -> str:
    """A curation file made from the topics found, with every key the file knows (commented where
    it has no value yet): rename, regroup, drop, write the verslag's own words, then merge with it.
    With the curation the topics were found with (``--curate``), its keys are carried over."""
    cur = curation or Curation()
    lines = [*_comment(t("themes.starter_head")), "", *_comment(t("themes.starter_text")), ""]
    for key in ("title", "subtitle", "introduction", "summary"):
        value = getattr(cur, key)
        if value:
            lines.append(f"{key} = {_toml_text(value)}")
    lines.append(f"drop = {_list(cur.drop)}")
    if cur.merge:
        lines.append("merge = [" + ", ".join(_list(group) for group in cur.merge) + "]")
    else:
        pairs = [_list([a.words[0], b.words[0]]) for a, b, _ in suggested_merges(report)]
        if pairs:
            lines += [*_comment(t("themes.starter_merge")), "# merge = [" + ", ".join(pairs) + "]"]
    lines.append("")
    own = {c.name: c for c in cur.themes}
    written: set[str] = set()
    for theme in report.themes[:12]:
        mine = own.get(theme.theme) if theme.curated else None
        lines += ["[[theme]]", f"name = {_toml_text(theme.theme)}", f"words = {_list(theme.words)}"]
        lines.append(f"aliases = {_list(mine.aliases)}" if mine and mine.aliases else "# aliases = []")
        if mine and mine.quotes:
            lines.append(f"quotes = {_list(mine.quotes)}")
        else:
            candidates = quote_candidates(report, theme)
            lines.append(f"# quotes = {_list([e.item.id for e in candidates])}")
            lines += _comment(t("themes.starter_theme"))
            lines += [f"#   {e.item.id}: {' '.join(quote_text(e).split())[:100]} ({e.table.number})"
                      for e in candidates]
        lines.append("")
        written.add(theme.theme)
    for mine in cur.themes:  # the organiser's topics not among those shown (found at too few tables)
        if mine.name not in written:
            lines += ["[[theme]]", f"name = {_toml_text(mine.name)}", f"words = {_list(mine.words)}"]
            lines += [f"aliases = {_list(mine.aliases)}"] if mine.aliases else []
            lines += [f"quotes = {_list(mine.quotes)}", ""] if mine.quotes else [""]
    lines += _comment(t("themes.starter_direction"))
    for direction in cur.directions:
        lines += ["[[direction]]", f"title = {_toml_text(direction.title)}", f"text = {_toml_text(direction.text)}",
                  f"words = {_list(direction.words)}", f"advice = {_list(direction.advice)}", ""]
    if not cur.directions:
        lines += ["# [[direction]]", '# title = ""', '# text = ""', "# words = []", "# advice = []", ""]
    lines.append("[same]")
    lines += [f"{_toml_text(k)} = {_toml_text(v)}" for k, v in cur.same]
    same = {k.casefold() for k, _ in cur.same}
    lines += [f"# {_toml_text(sp.word)} = {_toml_text(sp.like)}" for sp in report.spelling
              if sp.word.casefold() not in same]
    lines += ["", *_comment(t("themes.starter_groups"))]
    if cur.groups:
        lines += ["[groups]", *(f"{_toml_text(name)} = {_list(values)}" for name, values in cur.groups)]
    else:
        lines.append("# [groups]")
        lines += [f"# {_toml_text(g.group)} = {_list(g.values)}" for g in report.value_groups]
    return "\n".join(lines) + "\n"


def suggested_merges(report: Report, among: int = 24) -> list[tuple[Theme, Theme, int]]:
    """Pairs of found topics that may be one: they share two notes or more, or a word's first seven
    letters ("uitvoering", "uitvoerbaarheid"). Only offered: ``merge`` in the file joins them."""
    found = [th for th in report.themes[:among] if not th.curated]
    items = [{e.item.id for e in th.entries} for th in found]
    out = []
    for i, a in enumerate(found):
        for j in range(i + 1, len(found)):
            b = found[j]
            shared = len(items[i] & items[j])
            stems = {w[:7].casefold() for w in a.words if len(w) >= 7 and " " not in w}
            if shared >= 2 or any(w[:7].casefold() in stems for w in b.words if len(w) >= 7 and " " not in w):
                out.append((a, b, shared))
    return out


def quote_candidates(report: Report, theme: Theme) -> list[Entry]:
    """The notes the verslag would quote for a topic, and a few more: to choose from."""
    from tafel.render.report_content import QUOTES

    pool = [e for e in theme.entries if quote_text(e)]
    spread: list[Entry] = []
    tables: set[str] = set()
    for e in sorted(pool, key=lambda e: (len(quote_text(e)) > 200, e.table.number, e.item.id)):
        if e.table.id not in tables:
            spread.append(e)
            tables.add(e.table.id)
        if len(spread) == QUOTES + 2:
            break
    return spread


def register(app: click.Group) -> None:
    @app.command("themes", help=t("themes.help"), **command_options())
    @click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path),
                    metavar=t("report.cli.metavar_path"))
    @click.option("--curate", type=click.Path(path_type=Path, dir_okay=False),
                  metavar=t("report.cli.metavar_file"), help=t("report.cli.curate"))
    @click.option("--write", "--starter", "starter", type=click.Path(path_type=Path, dir_okay=False),
                  metavar=t("report.cli.metavar_file"), help=t("themes.write"))
    @click.option("--skip-invalid", is_flag=True, help=t("report.cli.skip_invalid"))
    @pass_context
    def themes_cmd(c: Context, paths: tuple[Path, ...], curate: Path | None, starter: Path | None,
                   skip_invalid: bool) -> None:
        from tafel.services import merge

        if starter is not None and os.path.lexists(starter):
            # A curation file is hours of the organiser's hand work; rerunning the command from the
            # shell's history must not wipe it. Checked before the merge, so nothing waits for it.
            fail(t("themes.themes_write.exists", file=starter))
        chosen = click.get_current_context().find_root().params.get("lang") or os.environ.get("TAFEL_LANG")
        try:
            curation = merge.load_curation(curate) if curate is not None else None
            result = merge.merge(paths, c.library, skip_invalid=skip_invalid, curation=curation,
                                 language=settings_language(chosen) if chosen else None)
        except merge.MergeFailed as exc:
            for invalid in exc.invalid:
                click.echo(invalid.line(), err=True)
            fail(t("report.cli.nothing_done"))
        except TafelError as exc:
            fail(error_text(exc))
        report = result.report
        if not report.themes:
            click.echo(t("report.cli.no_themes"))
        for n, theme in enumerate(report.themes, start=1):
            if n == 13:
                click.echo(t("themes.more"))
            mark = t("themes.curated") if theme.curated else ""
            click.echo(t("themes.line", number=n, theme=theme.theme, tables=theme.tables, items=theme.items,
                         mark=mark))
            click.echo(t("themes.words", words=", ".join(theme.words)))
        for sp in report.spelling:
            click.echo(t("themes.typo", word=sp.word, like=sp.like))
        for a, b, shared in suggested_merges(report):
            click.echo(t("themes.merge_suggestion", first=a.theme, second=b.theme, shared=shared))
        for line in merge.warning_lines(report):
            click.echo(line, err=True)
        for name, tables in report.curated_missing:
            click.echo(t("report.cli.curated_missing", theme=name, tables=count("tables", tables, get_language())))
        if starter is not None:
            from tafel.files import write_atomic

            try:
                # Never over a file just read (an export, the curation file itself).
                merge.check_outputs([starter], [*result.inputs, *([curate] if curate is not None else [])])
                write_atomic(starter, starter_file(report, curation))
            except TafelError as exc:
                fail(error_text(exc))
            except OSError as exc:
                fail(t("report.cli.write_failed", error=exc.strerror or str(exc)))
            click.echo(t("report.cli.written", files=str(starter)))
