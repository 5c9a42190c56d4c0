"""Shared fixtures: every test runs with its own TAFEL_HOME, exports folder and language."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tafel import i18n
from tafel.canvases import Library, load_library
from tafel.storage.repository import Store
from tests.cli_fixture import cli  # noqa: F401  (the `cli` fixture for every test folder)
from tests.pg import SKIP_REASON, PgServer, pg_bin, remove_server, start_server
from tests.pilot_pace import quicken

quicken()  # the pilot looks for idle every 5 ms, not 20 (tests/pilot_pace.py says why)


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """Workers for ``-n auto``: one a core and one more, at least 3, at most 9. Many tests wait on
    something real (a server, Chromium, PostgreSQL, a tafel typed into for seconds), and while one
    waits another can use the core; more than one extra worker only added its own start-up and
    collection. Measured on 2 cores: the whole suite 107 s on 2 workers, 90 s on 3, 94 s on 4;
    tests/ui 33 s, 29 s, 30 s. PYTEST_XDIST_AUTO_NUM_WORKERS overrides it, as xdist's own rule allows."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS", "").isdigit():
        return int(os.environ["PYTEST_XDIST_AUTO_NUM_WORKERS"])
    return max(3, min((os.cpu_count() or 1) + 1, 9))


@pytest.fixture(autouse=True)
def tafel_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("TAFEL_HOME", str(home))
    monkeypatch.setenv("TAFEL_EXPORTS", str(tmp_path / "exports"))
    for name in ("TAFEL_DB", "TAFEL_LANG", "TAFEL_BASE_URL"):
        monkeypatch.delenv(name, raising=False)
    i18n.set_language("nl")
    return home


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """One throwaway PostgreSQL server for the session; skipped, saying why, without Debian's postgresql."""
    if pg_bin() is None:
        pytest.skip(SKIP_REASON)
    server = start_server()
    yield server
    remove_server(server)


@pytest.fixture
def pg_url(pg_server: PgServer) -> str:
    """A fresh, empty database on the throwaway server (the tests' superuser, over its socket)."""
    return pg_server.url(pg_server.new_database())


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A database URL of each kind: a SQLite file, and a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'param.db'}"
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture(scope="session")
def library() -> Library:
    return load_library()


@pytest.fixture
def store() -> Iterator[Store]:
    """An in-memory database: fast, and the same schema and migrations as the real file."""
    s = Store.open("sqlite://")
    yield s
    s.close()


@pytest.fixture
def file_store(tmp_path: Path) -> Iterator[Store]:
    """A real SQLite file with WAL, for what only a file shows (durability, pragmas)."""
    s = Store.open(f"sqlite:///{tmp_path / 'tafel.db'}")
    yield s
    s.close()
