"""``tafel merge``: read many table exports, count them into the report, write its renderings.

Everything is read, checked, counted and rendered in memory first; files are written only when
all of that succeeded, each one atomically. An invalid export stops the merge (naming the file
and what is wrong) unless the organiser asked to skip invalid files.
"""

from __future__ import annotations

import gc
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from tafel.canvases import Library
from tafel.domain.canvas import Canvas
from tafel.domain.errors import TafelError
from tafel.domain.exchange import parse_instant, table_from_export
from tafel.domain.merge import Loaded, build_report, dedupe
from tafel.domain.report import Report, Source
from tafel.domain.themes import Curation
from tafel.files import write_all_atomic
from tafel.i18n import error, t
from tafel.render.report_json import report_json_bytes

# The organiser's files are read in services/curation.py; the CLI finds them here too.
from tafel.services.curation import load_curation as load_curation
from tafel.services.curation import load_groups as load_groups
from tafel.services.curation import unmatched_groups
from tafel.services.curation import warning_lines as warning_lines
from tafel.services.lemmas import RememberingLemmatizer
from tafel.services.merge_sources import Candidate, collect
from tafel.services.reading import MAX_FILE_BYTES, parse_table, too_large, without_bom
from tafel.services.wordfreq import frequencies
from tafel.settings import data_home

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Invalid:
    file: str
    error: TafelError

    def line(self) -> str:
        return f"{self.file}: {error(self.error)}"


class MergeFailed(Exception):
    """Invalid files were found and not skipped: nothing was merged or written."""

    def __init__(self, invalid: list[Invalid]) -> None:
        self.invalid = invalid
        super().__init__("; ".join(i.line() for i in invalid))


REPORT_PREFIX = b'{\n  "format": "tafel/report"'  # how report_json begins
# The same once an editor has saved it again (a byte order mark, other spacing).
_REPORT_SAVED = re.compile(rb'\s*\{\s*"format"\s*:\s*"tafel/report"')


def _read(candidate: Candidate) -> Loaded | None:
    """One export, or None for an earlier merge's own report.json lying in a folder searched."""
    if candidate.size > MAX_FILE_BYTES:
        raise too_large(candidate.size)
    raw = candidate.read()
    if candidate.searched and (raw.startswith(REPORT_PREFIX) or _REPORT_SAVED.match(without_bom(raw)[:200])):
        return None
    table, exported_at = parse_table(raw)
    return Loaded(candidate.label, table, exported_at)


def translations(library: Library) -> dict[tuple[str, str], Canvas]:
    """The canvases' other languages that still match them round for round (a merge counts a card
    as one card in all of them)."""
    return {key: other for key, other in library.translations.items()
            if (found := library.find(*key)) is not None and found.language == key[1]}


@dataclass
class MergeResult:
    report: Report
    skipped: list[Invalid] = field(default_factory=list)
    inputs: list[Path] = field(default_factory=list)  # every file read (exports, zips), to never write over
    ties: list[tuple[str, str]] = field(default_factory=list)  # (counted, passed over): see ties()
    other_programmes: list[tuple[str, list[str]]] = field(default_factory=list)  # see other_programmes()
    begun_twice: list[tuple[str, list[str]]] = field(default_factory=list)  # see begun_twice()


def begun_twice(loaded: Sequence[Loaded]) -> list[tuple[str, list[str]]]:
    """Tables of one title, date and place under other ids, with their files: most often one table
    begun again as a new one (its people counted twice), sometimes two sessions. Asked, not decided."""
    alike: dict[tuple[str, str, str], list[Loaded]] = {}
    for entry in dedupe(loaded)[0]:
        table = entry.table
        fold = " ".join(table.title.casefold().split()), " ".join((table.location or "").casefold().split())
        key = (fold[0], table.date, fold[1])
        alike.setdefault(key, []).append(entry)
    return [(found[0].table.title, [e.file for e in found]) for found in alike.values() if len(found) > 1]


def other_programmes(loaded: Sequence[Loaded]) -> list[tuple[str, list[str]]]:
    """The tables that name another programme than most do, per programme, with their files: a
    table of another programme on a USB stick is counted (the organiser decides), never unsaid.
    Case and spaces do not make another programme; a table that names none is no other one."""
    named = [(e.table.programme.strip(), e.file) for e in dedupe(loaded)[0] if e.table.programme
             and e.table.programme.strip()]
    keys = Counter(name.casefold() for name, _ in named)
    if len(keys) < 2:
        return []
    main = keys.most_common(1)[0][0]
    found: dict[str, list[str]] = {}
    for name, file in named:
        if name.casefold() != main:
            found.setdefault(name, []).append(file)
    return list(found.items())


def ties(loaded: Sequence[Loaded]) -> list[tuple[str, str]]:
    """Files of one table with the same ``exported_at`` but not the same table (a copy corrected
    by hand, say): which counts is only the order of their names, so the organiser is told.
    A plain copy says nothing."""
    winners = {entry.table.id: entry for entry in dedupe(loaded)[0]}
    found = []
    for entry in loaded:
        winner = winners[entry.table.id]
        if (entry is not winner and parse_instant(entry.exported_at) == parse_instant(winner.exported_at)
                and entry.table != winner.table):
            found.append((winner.file, entry.file))
    return found


def merge(
    paths: Sequence[Path], library: Library, *, skip_invalid: bool = False,
    groups: Mapping[str, Sequence[str]] | None = None, programme: str | None = None,
    progress: Progress | None = None, language: str | None = None, curation: Curation | None = None,
) -> MergeResult:
    """Read every export under ``paths`` and count them into a report (nothing is written).

    The cyclic garbage collector is paused meanwhile: parsing thousands of files makes millions
    of objects that all stay alive, and the collector would walk them again and again for nothing
    (it took a third of the time). They are frozen at the end (``gc.freeze``): else the first
    collection after the pause, while the report is rendered, would walk them all once more.
    Frozen objects are still freed when no longer used; only the cycle collector passes them by.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        return _merge(paths, library, skip_invalid=skip_invalid, groups=groups, programme=programme,
                      progress=progress, language=language, curation=curation)
    finally:
        gc.freeze()
        if paused:
            gc.enable()


def _merge(
    paths: Sequence[Path], library: Library, *, skip_invalid: bool, groups: Mapping[str, Sequence[str]] | None,
    programme: str | None, progress: Progress | None, language: str | None = None,
    curation: Curation | None = None,
) -> MergeResult:
    loaded: list[Loaded] = []
    invalid: list[Invalid] = []
    inputs: list[Path | None] = []
    with ExitStack() as stack:
        candidates = list(collect(paths, stack))
        for done, candidate in enumerate(candidates, start=1):
            try:
                found = _read(candidate)
            except TafelError as exc:
                invalid.append(Invalid(candidate.label, exc))
                inputs.append(candidate.source)
            else:
                if found is not None:  # not an earlier report: that one may be written over again
                    loaded.append(found)
                    inputs.append(candidate.source)
            if progress is not None:
                progress(done, len(candidates))
    if invalid and not skip_invalid:
        raise MergeFailed(invalid)
    if not loaded:
        raise TafelError("merge.no_tables", found=len(candidates))
    skipped = [Source(i.file, None, f"skipped: {error(i.error)}") for i in invalid]
    lemmatize = RememberingLemmatizer(data_home() / "cache")
    report = build_report(
        loaded, canvases=library.canvases, skipped=skipped, groups=groups, programme=programme,
        default_programme=t("report.default_programme"), lemmatize=lemmatize,
        frequencies=frequencies, language=language, curation=curation, translations=translations(library),
    )
    report.curation_warnings += unmatched_groups(report, groups if groups is not None else
                                                 dict(curation.groups) if curation and curation.groups else None)
    lemmatize.keep()
    return MergeResult(report, invalid, [p for p in dict.fromkeys(inputs) if p is not None], ties(loaded),
                       other_programmes(loaded), begun_twice(loaded))


def merge_database(
    url: str, library: Library, *, groups: Mapping[str, Sequence[str]] | None = None,
    programme: str | None = None, language: str | None = None, curation: Curation | None = None,
) -> MergeResult:
    """``tafel merge --db URL``: the verslag straight from the programme database (venue mode).

    Every live table there becomes the document ``tafel export`` would write of it (names only
    with consent, rounds in the canvas's order) and is counted exactly as a merged export is, so
    the report is the one merging the exports gives. ``programme``: only that programme's tables.
    """
    from tafel.domain.exchange import parse_instant
    from tafel.redact import safe_url
    from tafel.services.exchange import export_document
    from tafel.services.sync import connection_problem, open_programme
    from tafel.storage.repository import Store

    engine = open_programme(url)
    where = safe_url(url)
    try:
        store = Store(engine)
        loaded: list[Loaded] = []
        for summary in store.list_tables():
            table = store.get_table(summary.id)
            if programme is not None and table.programme != programme:
                continue
            # The moment the table last changed stands for the export time (parsed as an export's is).
            stamp = summary.updated_at
            at = parse_instant(stamp)
            exported_at = at.isoformat().replace("+00:00", "Z") if at else None
            doc = export_document(table, library, exported_at=exported_at)
            loaded.append(Loaded(f"{where}#{table.id}", table_from_export(doc), doc.get("exported_at")))
    except TafelError:
        raise
    except Exception as exc:  # drivers raise their own kinds: one line, the cause in the log
        from tafel.crashlog import note_error

        note_error(exc, "merge --db: reading the programme database")
        raise connection_problem(exc, url) from None
    finally:
        engine.dispose()
    if not loaded:
        raise TafelError("merge.no_tables", found=0)
    lemmatize = RememberingLemmatizer(data_home() / "cache")
    report = build_report(
        loaded, canvases=library.canvases, skipped=[], groups=groups, programme=programme,
        default_programme=t("report.default_programme"), lemmatize=lemmatize,
        frequencies=frequencies, language=language, curation=curation, translations=translations(library),
    )
    report.curation_warnings += unmatched_groups(report, groups if groups is not None else
                                                 dict(curation.groups) if curation and curation.groups else None)
    lemmatize.keep()
    return MergeResult(report, [], [])


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def check_outputs(files: Iterable[Path], inputs: Iterable[Path]) -> None:
    """Refuse an output that is one of the inputs (by name, through a symlink or as a hard link):
    the report would replace a table's export, and the next merge would silently count one fewer."""
    read = {found for path in inputs if (found := _identity(path)) is not None}
    for path in files:
        found = _identity(path)
        if found is not None and found in read:
            raise TafelError("merge.output_is_input", file=path)


def write_all(files: Mapping[Path, bytes | str]) -> list[Path]:
    """Write rendered outputs together: all of them, or (when one cannot be written) none.

    Called only once every rendering succeeded; raises WriteFailed naming the output that failed.
    """
    return write_all_atomic(files)


@dataclass(frozen=True)
class Outputs:
    pdf: Path | None = None
    json: Path | None = None
    md: Path | None = None
    csv: Path | None = None  # a folder: values.csv, themes.csv, items.csv
    # The publishable formats (issue 11): an accessible web page, Word, a tagged PDF (PDF/UA-1).
    html: Path | None = None
    docx: Path | None = None
    pdf_ua: Path | None = None

    def check_distinct(self) -> None:
        """Refuse two outputs at one path (``--md v.out --html ./v.out``, ``--json`` into the
        ``--csv`` folder): the last would replace the others, which were said to be written."""
        paths = [self.pdf, self.json, self.md, self.html, self.docx, self.pdf_ua]
        if self.csv is not None:
            paths += [self.csv / name for name in ("values.csv", "themes.csv", "items.csv")]
        seen: set[str] = set()
        for path in paths:
            if path is None:
                continue
            key = os.path.realpath(path)
            if key in seen:
                raise TafelError("merge_outputs.twice", file=path)
            seen.add(key)


def render(report: Report, outputs: Outputs) -> dict[Path, bytes | str]:
    """Every requested rendering, in memory: a failure here leaves no file behind."""
    files: dict[Path, bytes | str] = {}
    if outputs.json is not None:
        files[outputs.json] = report_json_bytes(report)
    if outputs.md is not None:
        from tafel.render.markdown_report import render_markdown

        files[outputs.md] = render_markdown(report)
    if outputs.csv is not None:
        from tafel.render.csv_report import render_csv

        for name, text in render_csv(report).items():
            files[outputs.csv / name] = text
    if outputs.pdf is not None:
        from tafel.render.pdf_report import render_pdf

        files[outputs.pdf] = render_pdf(report)
    files.update(render_published(report, outputs))
    return files


def render_published(report: Report, outputs: Outputs) -> dict[Path, bytes | str]:
    """The publishable formats; their modules are imported only when asked for (the default merge
    stays as fast as it was), and they share one content model."""
    if outputs.html is None and outputs.docx is None and outputs.pdf_ua is None:
        return {}
    from tafel.render.report_content import report_blocks

    blocks = report_blocks(report)
    files: dict[Path, bytes | str] = {}
    if outputs.html is not None:
        from tafel.render.report_html import render_html

        files[outputs.html] = render_html(report, blocks)
    if outputs.docx is not None:
        from tafel.render.report_docx import render_docx

        files[outputs.docx] = render_docx(report, blocks)
    if outputs.pdf_ua is not None:
        from tafel.render.report_pdf_ua import render_pdf_ua

        files[outputs.pdf_ua] = render_pdf_ua(report, blocks)
    return files
