"""Where a table's QR code points: the organiser's public site, or the moderator's laptop.

Order: ``share.base_url`` (setting or TAFEL_BASE_URL) → a local share server that is running
now (it leaves ``share.json`` in the data home while it runs) → the address the local share
server will have on this laptop's network when the moderator starts it.
"""

from __future__ import annotations

import json
import os
import socket

from tafel.settings import Settings

DEFAULT_PORT = 8470
RUNNING_FILE = "share.json"


def local_address() -> str:
    """This laptop's address on the network of its default route, or 127.0.0.1 without one."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        # connect() on a UDP socket only picks the route; no packet is sent.
        probe.connect(("192.0.2.1", 9))  # TEST-NET-1: documentation address, never reached
        address = probe.getsockname()[0]
    except OSError:
        address = "127.0.0.1"
    finally:
        probe.close()
    return address if address != "0.0.0.0" else "127.0.0.1"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def running_base_url(settings: Settings) -> str | None:
    """The base URL of a share server running now on this laptop, if any."""
    path = settings.home / RUNNING_FILE
    try:
        info = json.loads(path.read_text("utf-8"))
        url, pid = str(info["url"]), int(info["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return url.rstrip("/") if _pid_alive(pid) else None


def base_url(settings: Settings) -> str:
    if settings.base_url:
        return settings.base_url
    return running_base_url(settings) or f"http://{local_address()}:{DEFAULT_PORT}"


def share_url(settings: Settings, token: str) -> str:
    return f"{base_url(settings)}/{token}/"


def write_running(settings: Settings, url: str, pid: int | None = None) -> None:
    """Tell other tafel processes (``tafel export``) that a share server answers at ``url``."""
    from tafel.files import write_atomic

    info = {"url": url.rstrip("/"), "pid": os.getpid() if pid is None else pid}
    write_atomic(settings.home / RUNNING_FILE, json.dumps(info))


def clear_running(settings: Settings, pid: int | None = None) -> None:
    """Remove ``share.json`` if this process wrote it (a newer server's file stays)."""
    path = settings.home / RUNNING_FILE
    try:
        info = json.loads(path.read_text("utf-8"))
        owner = int(info["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        owner = None
    if owner is None or owner == (os.getpid() if pid is None else pid):
        path.unlink(missing_ok=True)
