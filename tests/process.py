"""Run ``tafel`` as a real process, as an organiser would: a hang fails the test instead of blocking it."""

from __future__ import annotations

import os
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


def files_under(folder: Path) -> set[str]:
    """Every path under ``folder`` (relative), to show that nothing was written."""
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}
