"""``tafel merge``: read many table exports, count them into the report, write its renderings.

Everything is read, checked, counted and rendered in memory first; files are written only when
all of that succeeded, each one atomically. An invalid export stops the merge (naming the file
and what is wrong) unless the organiser asked to skip invalid files.
"""

from __future__ import annotations

import gc
import json
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import Any

from tafel.canvases import Library
from tafel.domain.canvas import Canvas
from tafel.domain.errors import TafelError
from tafel.domain.exchange import parse_instant, table_from_export
from tafel.domain.merge import Loaded, build_report, dedupe
from tafel.domain.report import Report, Source
from tafel.domain.themes import Curation
from tafel.files import write_all_atomic
from tafel.i18n import error, t

# The organiser's files are read in services/curation.py; the CLI finds them here too.
from tafel.services.curation import load_curation as load_curation
from tafel.services.curation import load_groups as load_groups
from tafel.services.curation import unmatched_groups
from tafel.services.curation import warning_lines as warning_lines
from tafel.services.exchange import MAX_FILE_BYTES, parse_table, too_large, without_bom
from tafel.services.lemmas import RememberingLemmatizer
from tafel.services.merge_sources import Candidate, collect
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


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps(v, ensure_ascii=False), made once
_ESCAPED = re.compile(r'[\x00-\x1f"\\]')  # what that encoder writes other than as is
_SAFE_ASCII = bytes(c for c in range(0x20, 0x100) if c not in b'"\\')  # what the encoder writes as is
_IDS = "\x00item_ids\x00"  # a stand-in for the ids while the rest is encoded
_IDS_JSON = _ENCODE(_IDS)


def _strings(values: list[Any]) -> str | None:
    """A list of plain strings exactly as the encoder writes it, in one join: a topic's item ids
    run into the hundreds of thousands in a large programme. None when one would need escaping."""
    try:
        joined = '", "'.join(values)
    except TypeError:
        return None
    if joined.isascii():
        # In bytes, everything but quotes, backslashes and control characters deleted: then only the
        # separators' quotes may be left (C passes; the pattern below takes longer than all of them).
        if len(joined.encode("ascii").translate(None, _SAFE_ASCII)) != 2 * max(len(values) - 1, 0):
            return None
    elif _ESCAPED.search("".join(values)):
        return None
    return f'["{joined}"]' if values else "[]"


def _dump_parts(value: Any) -> list[str]:
    """``_dump(value)`` in pieces: a topic's item ids are not copied into its line, only into the file."""
    if isinstance(value, dict) and isinstance(value.get("item_ids"), list):
        ids = _strings(value["item_ids"])
        if ids is not None:
            encoded = _ENCODE({**value, "item_ids": _IDS})
            if encoded.count(_IDS_JSON) == 1:
                before, after = encoded.split(_IDS_JSON)
                return [before, ids, after]
    return [_ENCODE(value)]


def _dump(value: Any) -> str:
    return "".join(_dump_parts(value))


_SPLIT = json.JSONEncoder(ensure_ascii=False, separators=("\x00", ": ")).encode  # list items apart by NUL


def _rows(rows: list[Any]) -> list[str] | None:
    """Flat dicts (scalar values, as the report's directions, advice, sources and tables are: tens
    of thousands of rows) each exactly as the encoder writes it, with one encoder call for all their
    values instead of one per row. The values are encoded as one list with NUL between them: the
    encoder writes a NUL inside a string as ``\\u0000``, so splitting there gives each value's JSON.
    A value holding two or more of its own (a list, a dict) adds pieces: then None, and each row is
    encoded on its own."""
    if not all(type(row) is dict for row in rows):
        return None
    if any(type(v) in (list, dict) and len(v) > 1 for v in rows[0].values()):
        return None  # (a topic's item ids: no use encoding them all to find out)
    values = [v for row in rows for v in row.values()]
    pieces = _SPLIT(values)[1:-1].split("\x00") if values else []
    if len(pieces) != len(values):
        return None
    out: list[str] = []
    at = 0
    # Rows with the same keys (all of them, most often) are written with one format string.
    for keys, run in groupby(map(tuple, rows)):
        if not all(type(k) is str for k in keys):
            return None  # (the encoder writes other keys its own way)
        count = sum(1 for _ in run)
        fields = ", ".join(_ENCODE(k).replace("%", "%%") + ": %s" for k in keys)
        row = f"{{{fields}}}"
        end = at + count * len(keys)
        out.append(",\n    ".join([row] * count) % tuple(pieces[at:end]))
        at = end
    return out


def _report_parts(report: Report) -> list[str]:
    """The report as JSON, one line per key and per list entry: readable and diffable, and written
    by json's C encoder (``indent`` would switch to its pure-Python one, ten times slower). In
    pieces, joined once: a large programme's report runs to tens of megabytes."""
    parts: list[str] = ["{\n"]
    for number, (key, value) in enumerate(report.to_json().items()):
        parts.append(f",\n  {_ENCODE(key)}: " if number else f"  {_ENCODE(key)}: ")
        if isinstance(value, list) and value:
            parts.append("[\n    ")
            rows = _rows(value)
            if rows is not None:
                parts.append(",\n    ".join(rows))
            else:
                for n, entry in enumerate(value):
                    if n:
                        parts.append(",\n    ")
                    parts += _dump_parts(entry)
            parts.append("\n  ]")
        else:
            parts.append(_ENCODE(value))
    parts.append("\n}\n")
    return parts


def report_json(report: Report) -> str:
    """The report as JSON (format ``tafel/report``), as ``tafel merge --json`` writes it."""
    return "".join(_report_parts(report))


def report_json_bytes(report: Report) -> bytes:
    """``report_json(report)`` in UTF-8, made without the text as a whole: one arrow in a tension
    would widen all of it (its ids included) to two bytes a character first."""
    return b"".join(part.encode("utf-8") for part in _report_parts(report))


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
