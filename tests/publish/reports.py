"""The two programmes the publishable formats are tested on: the 15-table Dutch one of
tests/merge, and a single table held in English whose notes carry markup and line breaks."""

from __future__ import annotations

import dataclasses
import uuid
from pathlib import Path

from tafel.canvases import load_library
from tafel.domain.report import Report
from tafel.domain.table import Item
from tafel.services import merge
from tests.merge.programme import DATA, export, install_canvases, programme_tables, write, write_programme

HOSTILE = "<script>alert(1)</script> & <b>vet</b>"


def english_tables() -> list:
    table = programme_tables(seed=11)[0]
    items = [dataclasses.replace(i, text=i.text.replace("Dit raakt aan mijn werk als", "This touches my work as"))
             for i in table.items]
    items = [dataclasses.replace(i, text=f"{HOSTILE}\nTogether with the city.") if i.kind == "direction" else i
             for i in items]
    items.append(Item(str(uuid.uuid4()), "gesprek", "concept", "We talked about the digital divide.",
                      zone="begrippen"))
    return [dataclasses.replace(table, title="Table Leeds", language="en", location="Leeds",
                                programme="Conversation tables pilot", items=items)]


def build(folder: Path, home: Path, which: str) -> tuple[Report, list[Path]]:
    """Write the programme's exports to ``folder`` and merge them as ``tafel merge`` does."""
    install_canvases(home)
    paths = write(folder, [export(t) for t in english_tables()]) if which == "english" else write_programme(folder)
    library = load_library([*DATA.glob("*.toml")])
    return merge.merge([folder], library).report, paths
