"""The storage tests run against SQLite and PostgreSQL both: ``store`` is one of each."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tafel.storage.repository import Store


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request: pytest.FixtureRequest) -> Iterator[Store]:
    url = "sqlite://" if request.param == "sqlite" else str(request.getfixturevalue("pg_url"))
    s = Store.open(url)
    yield s
    s.close()
