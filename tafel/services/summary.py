"""Use case: write a table's folder for participants (JSON, PDF, web page, QR code).

Everything is rendered in memory first; only when every file is ready are they written, each
atomically. So ``--qr text`` with too much text, or any rendering error, leaves nothing behind.
"""

from __future__ import annotations

from pathlib import Path

from tafel.canvases import Library
from tafel.domain.errors import TafelError
from tafel.domain.table import Table
from tafel.files import printable, write_all_atomic
from tafel.render import qr as qr_render
from tafel.render.content import Summary, build_summary
from tafel.render.html import summary_html
from tafel.render.pdf_table import QrBlock, summary_pdf
from tafel.services.exchange import dumps, export_document, table_folder, with_timing
from tafel.services.export import ExportResult
from tafel.services.sharing import share_url
from tafel.services.wordfreq import common_words
from tafel.settings import Settings
from tafel.storage.repository import Store

QR_MODES = ("url", "text")
FILES = ("table.json", "summary.pdf", "index.html", "qr.png", "qr.svg")


def summary_folder(settings: Settings, table: Table, token: str) -> Path:
    """``exports/<date>-<slug>/``; with a public base URL, ``exports/<token>/`` ready to upload."""
    if settings.base_url:
        return settings.exports / token
    return table_folder(settings.exports, table)


def render_files(
    table: Table, library: Library | None, summary: Summary, *, url: str | None, qr_payload: str, level: str,
) -> dict[str, bytes]:
    """The five files' bytes, in memory."""
    modules = qr_render.matrix(qr_payload, level=level)
    return {
        "table.json": dumps(export_document(table, library)).encode("utf-8", "replace"),
        "summary.pdf": summary_pdf(summary, QrBlock(modules, url)),
        "index.html": summary_html(summary).encode("utf-8", "replace"),
        "qr.png": qr_render.png(qr_payload, level=level),
        "qr.svg": qr_render.svg(qr_payload, level=level).encode("utf-8"),
    }


def summary_of(store: Store, library: Library | None, table_id: str) -> tuple[Table, Summary]:
    """The table (with its timing) and its summary, as the participant page and the PDF show it."""
    table = with_timing(store, library, store.get_table(table_id))  # planned against actual minutes
    summary = build_summary(table, library.find(table.canvas, table.language) if library else None,
                            common_words(table.language or "nl"))
    return table, summary


def participant_file(store: Store, library: Library | None, settings: Settings, table_id: str, token: str,
                     name: str) -> bytes:
    """One file of the table's participant page, rendered as the export renders it (``index.html``
    or ``summary.pdf``, its QR code pointing at the page): a venue's server builds it from the
    programme database on request, for tables exported on another laptop."""
    _table, summary = summary_of(store, library, table_id)
    if name == "index.html":
        return summary_html(summary).encode("utf-8", "replace")
    if name != "summary.pdf":
        raise ValueError(name)
    url = share_url(settings, token)
    return summary_pdf(summary, QrBlock(qr_render.matrix(url, level="M"), url))


def export_summary(
    store: Store, library: Library | None, settings: Settings, table_id: str, *,
    folder: Path | None = None, qr: str = "url",
) -> ExportResult:
    mode = qr
    if mode not in QR_MODES:
        raise TafelError("summary.qr_mode", mode=mode, modes=", ".join(QR_MODES))
    changed = store.changed_at(table_id)  # before reading: an edit from now on counts as after the export
    table, summary = summary_of(store, library, table_id)
    token = store.share_token(table_id)
    if mode == "text":
        payload = qr_render.text_payload(summary)
        qr_render.check_text_payload(payload)
        url, level = None, "L"
    else:
        url = share_url(settings, token)
        payload, level = url, "M"
    files = render_files(table, library, summary, url=url, qr_payload=payload, level=level)
    target = folder or summary_folder(settings, table, token)
    # All of the folder's files or none: a table.json without its summary (or the reverse) misleads.
    paths = tuple(write_all_atomic({target / name: files[name] for name in FILES}))
    # A folder name need not be UTF-8. The stamp: a table changed after this shows its live page again.
    store.record_export(table_id, printable(target.resolve()), changed[0] if changed else None)
    return ExportResult(table, target, paths, url, payload)
