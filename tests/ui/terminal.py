"""The real ``tafel`` TUI as a process in a pseudo-terminal: keys typed in, what it draws read out.

For what only a real process shows: its exit code, what it prints on leaving, and what is on
disk after it is killed. Textual draws on the terminal (stdout and stderr both go to the pty).
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from pathlib import Path

ANSI = re.compile(rb"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|.)")


def plain(data: bytes) -> str:
    """The text of terminal output, escape sequences removed."""
    return ANSI.sub(b"", data).decode("utf-8", "replace")


class Terminal:
    def __init__(self, args: list[str], home: Path, db: Path, size: tuple[int, int] = (120, 40),
                 env: dict[str, str] | None = None) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))
        environment = {
            **os.environ, "TERM": "xterm-256color", "COLUMNS": str(size[0]), "LINES": str(size[1]),
            "TAFEL_HOME": str(home), "TAFEL_DB": f"sqlite:///{db}", "TAFEL_LANG": "nl",
            **(env or {}),
        }
        environment.pop("TEXTUAL", None)
        self.process = subprocess.Popen(
            [sys.executable, *args], stdin=slave, stdout=slave, stderr=slave, env=environment,
            start_new_session=True, cwd=Path(__file__).resolve().parents[2],
        )
        os.close(slave)
        self.master = master
        self.output = bytearray()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.output += chunk

    def text(self) -> str:
        return plain(bytes(self.output))

    def wait_for(self, text: str, timeout: float = 30.0) -> None:
        """Until ``text`` was drawn (escape sequences aside)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.text():
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(f"{text!r} not drawn; the terminal shows:\n{self.text()[-3000:]}")

    def settle(self, quiet: float = 0.25, timeout: float = 10.0) -> None:
        """Until nothing was drawn for ``quiet`` seconds: the app has done what starting asked of it."""
        deadline = time.monotonic() + timeout
        seen, since = len(self.output), time.monotonic()
        while time.monotonic() < deadline and self.process.poll() is None:
            time.sleep(0.02)
            if len(self.output) != seen:
                seen, since = len(self.output), time.monotonic()
            elif time.monotonic() - since >= quiet:
                return
        raise AssertionError(f"still drawing after {timeout} s, or it stopped:\n{self.text()[-3000:]}")

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode("utf-8"))

    def wait(self, timeout: float = 30.0) -> int:
        code = self.process.wait(timeout)
        self._reader.join(2.0)
        return code

    def kill(self) -> None:
        """SIGKILL: no handler, no flush, no atexit — as a power cut leaves the disk."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def close(self) -> None:
        if self.process.poll() is None:
            self.kill()
        os.close(self.master)
