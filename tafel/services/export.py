"""Use case: a table's files written for the participants, and the one result every export gives.

``ExportResult`` is what ``tafel export``, the closing screen and the exchange file's own export
return: the folder, the files in it, and (for a summary) where its QR code points.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tafel.domain.table import Table

if TYPE_CHECKING:
    from tafel.services.workspace import Workspace


@dataclass(frozen=True)
class ExportResult:
    table: Table
    folder: Path
    paths: tuple[Path, ...]  # the files written, all of them or none
    url: str | None = None  # where the QR code points; None with ``qr="text"`` or without a summary
    qr_payload: str | None = None  # what the QR code holds; None without a summary

    @property
    def json_path(self) -> Path:
        return self.folder / "table.json"

    @property
    def pdf_path(self) -> Path:
        return self.folder / "summary.pdf"

    @property
    def html_path(self) -> Path:
        return self.folder / "index.html"


class Exports:
    """The closing screen's export: the summary folder (JSON, PDF, page, QR code) of a table."""

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace

    def export(self, table_id: str) -> ExportResult:
        from tafel.services.summary import export_summary  # ReportLab loads only when a table is exported

        w = self.workspace
        return export_summary(w.store, w.library, w.settings, table_id)
