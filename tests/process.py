"""Run ``tafel`` as a real process, as an organiser would: a hang fails the test instead of blocking it."""

from __future__ import annotations

import contextlib
import io
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Ran:
    code: int
    out: str
    err: str

    @property
    def lines(self) -> list[str]:
        return self.err.strip().splitlines()


def run_tafel(*args: str | Path, cwd: Path, home: Path, timeout: float = 30, **env: str) -> Ran:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("TAFEL_")}
    environment.update(TAFEL_HOME=str(home), TAFEL_EXPORTS=str(cwd / "exports"), COLUMNS="200", **env)
    done = subprocess.run(
        [sys.executable, "-m", "tafel", *map(str, args)], cwd=cwd, env=environment, capture_output=True,
        text=True, errors="replace", timeout=timeout, check=False,
    )
    return Ran(done.returncode, done.stdout, done.stderr)


def run_tafel_here(*args: str | Path, cwd: Path, home: Path, **env: str) -> Ran:
    """``tafel`` as ``run_tafel`` runs it (its environment, folder, output and exit code), but in this
    process: no interpreter start and imports per command, where neither a hang nor a kill is tested."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("TAFEL_")}
    environment.update(TAFEL_HOME=str(home), TAFEL_EXPORTS=str(cwd / "exports"), COLUMNS="200", **env)
    out, err = io.StringIO(), io.StringIO()
    saved, folder = dict(os.environ), Path.cwd()
    os.environ.clear()
    os.environ.update(environment)
    os.chdir(cwd)
    try:
        from tafel.cli import main

        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main([str(a) for a in args])
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        os.chdir(folder)
        os.environ.clear()
        os.environ.update(saved)
    return Ran(code, out.getvalue(), err.getvalue())


def files_under(folder: Path) -> set[str]:
    """Every path under ``folder`` (relative), to show that nothing was written."""
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def ctrl_c_heard() -> None:
    """For ``preexec_fn`` of a ``tafel`` a test stops with SIGINT (Ctrl+C): SIGINT does what it does in a
    terminal. A test run started in the background (``pytest &`` in a script, nohup) ignores SIGINT,
    each child inherits that, and ``tafel share`` never heard the test's Ctrl+C (stopped after 15 s)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def stop(proc: subprocess.Popen[str], sig: int, timeout: float = 15) -> None:
    """Stop a server as a user would (Ctrl+C, a service manager's SIGTERM); one that does not exit
    in time fails the test and is killed, never left running behind the suite."""
    proc.send_signal(sig)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        raise
