"""Dates as people here type them."""

from __future__ import annotations

import datetime as dt

import pytest

from tafel.domain.dates import parse_date, shown

TODAY = dt.date(2026, 11, 20)


@pytest.mark.parametrize(("typed", "meant"), [
    ("27-11-2026", dt.date(2026, 11, 27)),
    ("27/11/2026", dt.date(2026, 11, 27)),
    ("27.11.2026", dt.date(2026, 11, 27)),
    ("2026-11-27", dt.date(2026, 11, 27)),
    ("7-1-2027", dt.date(2027, 1, 7)),
    ("27/11", dt.date(2026, 11, 27)),
    ("27-11-26", dt.date(2026, 11, 27)),
    ("vandaag", TODAY), ("Today", TODAY), ("", TODAY),
])
def test_dates_as_typed(typed: str, meant: dt.date) -> None:
    assert parse_date(typed, TODAY) == meant


@pytest.mark.parametrize("typed", ["31-02-2026", "morgen", "2026/11", "11-27-2026", "27-11-2026x"])
def test_no_date(typed: str) -> None:
    assert parse_date(typed, TODAY) is None


def test_shown_in_the_languages_form() -> None:
    assert shown(dt.date(2026, 11, 27), "nl") == "27-11-2026"
    assert shown(dt.date(2026, 11, 27), "en") == "2026-11-27"
