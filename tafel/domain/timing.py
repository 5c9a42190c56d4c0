"""Planned against actual time: how long each round really took, from its timer.

A table's export carries it as an extra key (``timing``, allowed by the table contract); the
merge puts it in report.json (``timing``: per round the planned minutes and the actual minutes
across tables: mean, median, lowest and highest). Plain Python.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from typing import Any

from tafel.domain.canvas import Canvas

KEY = "timing"  # the export's extra key


def round_timing(canvas: Canvas, seconds: Mapping[str, float]) -> list[dict[str, Any]]:
    """Per round of the canvas: its planned minutes and the minutes its timer ran (one decimal);
    a round whose timer never ran has ``actual_minutes`` None."""
    out: list[dict[str, Any]] = []
    for rnd in canvas.rounds:
        ran = seconds.get(rnd.id)
        out.append({
            "round": rnd.id, "title": rnd.title, "planned_minutes": rnd.minutes,
            "actual_minutes": round(ran / 60, 1) if ran else None,
        })
    return out


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def merged_timing(timings: Sequence[Any]) -> list[dict[str, Any]]:
    """The rounds of several tables' ``timing`` lists, in first-seen order: per round the planned
    minutes, how many tables timed it, and their actual minutes' mean, median, min and max.

    Entries that are not well formed (another tool's export) are left out, never an error.
    """
    rounds: dict[str, dict[str, Any]] = {}
    for timing in timings:
        if not isinstance(timing, list):
            continue
        for entry in timing:
            if not isinstance(entry, dict) or not isinstance(entry.get("round"), str):
                continue
            slot = rounds.setdefault(entry["round"], {
                "round": entry["round"], "title": entry.get("title") if isinstance(entry.get("title"), str) else "",
                "planned_minutes": _number(entry.get("planned_minutes")), "actual": [],
            })
            minutes = _number(entry.get("actual_minutes"))
            if minutes is not None:
                slot["actual"].append(minutes)
    out = []
    for slot in rounds.values():
        actual: list[float] = slot.pop("actual")
        planned = slot["planned_minutes"]
        slot["planned_minutes"] = int(planned) if planned is not None and planned == int(planned) else planned
        slot["tables"] = len(actual)
        slot["actual_minutes_mean"] = round(statistics.fmean(actual), 1) if actual else None
        slot["actual_minutes_median"] = round(statistics.median(actual), 1) if actual else None
        slot["actual_minutes_min"] = min(actual) if actual else None
        slot["actual_minutes_max"] = max(actual) if actual else None
        out.append(slot)
    return out
