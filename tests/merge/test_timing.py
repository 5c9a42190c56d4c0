"""Planned against actual time: the rounds' timers in the export, the summary, and report.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tafel.canvases import Library
from tafel.domain.timer import RoundTimer
from tafel.domain.timing import merged_timing, round_timing
from tafel.render.content import build_summary
from tafel.render.html import summary_html
from tafel.services.exchange import export_document, with_timing
from tafel.storage.repository import Store
from tests.factories import fill_table
from tests.merge.programme import export, install_canvases, programme_tables, write


def test_round_timing_and_merged_medians(library: Library) -> None:
    canvas = library.get("sturingsfilosofie")
    first, second = canvas.rounds[0], canvas.rounds[1]
    one = round_timing(canvas, {first.id: 30 * 60, second.id: 20 * 60})
    assert one[0] == {"round": first.id, "title": first.title, "planned_minutes": first.minutes,
                      "actual_minutes": 30.0}
    assert one[2]["actual_minutes"] is None  # never timed
    two = round_timing(canvas, {first.id: 40 * 60})
    three = round_timing(canvas, {first.id: 35 * 60 + 30})
    merged = merged_timing([one, two, three, "rubbish", [{"round": 3}]])
    row = merged[0]
    assert row["round"] == first.id and row["tables"] == 3
    assert row["actual_minutes_median"] == 35.5
    assert row["actual_minutes_mean"] == 35.2
    assert (row["actual_minutes_min"], row["actual_minutes_max"]) == (30.0, 40.0)
    assert merged[1]["tables"] == 1 and merged[1]["actual_minutes_median"] == 20.0
    assert merged[2]["tables"] == 0 and merged[2]["actual_minutes_median"] is None


def test_the_export_and_the_summary_carry_the_rounds_actual_minutes(store: Store, library: Library) -> None:
    table_id = fill_table(store, library)
    canvas = library.get("sturingsfilosofie")
    store.save_timer(table_id, canvas.rounds[0].id, RoundTimer(elapsed=33 * 60))
    table = with_timing(store, library, store.get_table(table_id))
    doc = export_document(table, library)
    assert doc["timing"][0]["actual_minutes"] == 33.0
    assert doc["timing"][0]["planned_minutes"] == canvas.rounds[0].minutes
    html = summary_html(build_summary(table, canvas))
    assert "Verloop" in html and "<td>33</td>" in html


@pytest.fixture
def programme(tafel_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    install_canvases(tafel_home)
    monkeypatch.chdir(tmp_path)
    docs: list[dict[str, Any]] = []
    for n, table in enumerate(programme_tables()[:3]):
        doc = export(table)
        doc["timing"] = [{"round": "waarden", "title": "Waarden", "planned_minutes": 30,
                          "actual_minutes": [28.0, 35.0, 41.5][n]}]
        docs.append(doc)
    write(tmp_path / "exports", docs)
    return tmp_path


def test_report_json_has_the_timing_with_medians(cli: Any, programme: Path) -> None:
    result = cli("merge", "exports", "--json", "report.json")
    assert result.code == 0, result.err
    data = json.loads((programme / "report.json").read_text("utf-8"))
    (row,) = data["timing"]
    assert row["round"] == "waarden" and row["planned_minutes"] == 30 and row["tables"] == 3
    assert row["actual_minutes_median"] == 35.0
    assert (row["actual_minutes_min"], row["actual_minutes_max"]) == (28.0, 41.5)
    assert {"format", "version", "programme", "tables", "values", "themes"} <= set(data)  # the contract's keys


def test_no_timers_no_timing(store: Store, library: Library) -> None:
    table_id = fill_table(store, library)
    doc = export_document(with_timing(store, library, store.get_table(table_id)), library)
    assert "timing" not in doc


def test_the_verslag_has_the_verloop_with_the_medians(cli: Any, programme: Path) -> None:
    result = cli("merge", "exports", "--md", "verslag.md")
    assert result.code == 0, result.err
    text = (programme / "verslag.md").read_text("utf-8")
    assert "Verloop" in text
    assert "Waarden: 30 min gepland; duurde 35 min (mediaan; 28 tot 41.5) aan 3 tafels" in text
