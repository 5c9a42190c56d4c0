"""A throwaway PostgreSQL server for the tests: Debian's binaries, initdb in a temporary folder.

One server per test session (started on first use), one fresh database per test. The server
listens on a Unix socket in its own folder (trusted: the tests' superuser ``tafel``) and on a
free loopback port (passwords required there: scram-sha-256), so wrong passwords can be tested.
When Debian's ``postgresql`` is not installed the PostgreSQL variants are skipped, saying so.
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

SKIP_REASON = "PostgreSQL server binaries (Debian package postgresql: initdb, pg_ctl) not installed"


def pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    which = shutil.which("initdb")
    return Path(which).parent if which else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class PgServer:
    folder: Path
    port: int
    bin: Path
    as_user: list[str]
    _numbers = itertools.count(1)

    @property
    def socket_dir(self) -> str:
        return str(self.folder / "sock")

    def url(self, database: str = "postgres", user: str = "tafel", password: str | None = None,
            tcp: bool = False) -> str:
        who = user if password is None else f"{user}:{password}"
        if tcp:
            return f"postgresql+psycopg://{who}@127.0.0.1:{self.port}/{database}"
        return f"postgresql+psycopg://{who}@/{database}?host={self.socket_dir}&port={self.port}"

    def psql(self, sql: str, database: str = "postgres") -> str:
        import psycopg

        with psycopg.connect(host=self.socket_dir, port=self.port, user="tafel", dbname=database,
                             autocommit=True) as conn:
            cur = conn.execute(sql)  # type: ignore[arg-type]
            return "" if cur.description is None else "\n".join("|".join(map(str, r)) for r in cur.fetchall())

    def new_database(self) -> str:
        name = f"t{os.getpid()}_{next(self._numbers)}"
        self.psql(f"CREATE DATABASE {name}")
        return name

    def _ctl(self, *args: str) -> None:
        subprocess.run([*self.as_user, str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), *args],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)

    def stop(self) -> None:
        self._ctl("stop", "-m", "fast", "-w")

    def start(self) -> None:
        options = (f"-k {self.socket_dir} -p {self.port} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        self._ctl("start", "-w", "-l", str(self.folder / "log"), "-o", options)


def start_server() -> PgServer:
    binaries = pg_bin()
    if binaries is None:
        raise FileNotFoundError(SKIP_REASON)
    folder = Path(tempfile.mkdtemp(prefix="tafel-pg-"))
    (folder / "sock").mkdir()
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses root: the server runs as Debian's postgres user
        shutil.chown(folder, "postgres")
        shutil.chown(folder / "sock", "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    subprocess.run(
        [*as_user, str(binaries / "initdb"), "-D", str(folder / "data"), "-U", "tafel", "-E", "UTF8",
         "--locale=C", "--auth-local=trust", "--auth-host=scram-sha-256", "--no-sync"],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120,
    )
    server = PgServer(folder, free_port(), binaries, as_user)
    server.start()
    return server


def remove_server(server: PgServer) -> None:
    try:
        server.stop()
    finally:
        shutil.rmtree(server.folder, ignore_errors=True)
