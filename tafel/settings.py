"""Where tafel keeps things, and the organiser's settings.

Resolved from, in order: explicit arguments (CLI options), ``TAFEL_*`` environment variables,
``settings.toml`` in the data home, and defaults. Tests always set ``TAFEL_HOME``.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LANGUAGES = ("nl", "en")


def data_home() -> Path:
    if home := os.environ.get("TAFEL_HOME"):
        return Path(home).expanduser()
    from platformdirs import user_data_path

    return user_data_path("tafel", appauthor=False)


SETTINGS_FILE = "settings.toml"
MAX_SETTINGS_BYTES = 1024 * 1024
KNOWN_KEYS = {"exports", "language", "share", "sync"}
KNOWN_SHARE_KEYS = {"base_url"}
KNOWN_SYNC_KEYS = {"url"}


@dataclass(frozen=True)
class SettingsProblem:
    """One thing wrong in settings.toml. ``fatal`` ones make a CLI command stop (exit 2); the TUI
    ignores the key (or the whole file) and shows the line, so a moderator is never blocked."""

    file: Path
    code: str  # a key in errors.settings
    key: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    fatal: bool = True

    def line(self) -> str:
        from tafel.i18n import t
        from tafel.i18n.syntax import toml_error

        params = dict(self.params)
        if self.code == "not_toml":  # read before the language was known: translated when shown
            params["error"] = toml_error(str(params["error"]))
        return t(f"errors.settings.{self.code}", file=self.file, setting=self.key, **params)


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # a NUL in a folder name fails every file call


def _found(value: Any) -> str:
    from tafel.redact import redact

    text = redact(repr(value)) if not isinstance(value, dict) else "{…}"
    return text if len(text) <= 40 else text[:39] + "…"


def _settings_file(home: Path) -> tuple[dict[str, Any], list[SettingsProblem]]:
    """The settings file's contents, keeping only keys of the right type, and what was wrong."""
    from tafel.files import FileTooLarge, NotRegularFile, read_regular

    path = home / SETTINGS_FILE
    try:
        raw = read_regular(path, MAX_SETTINGS_BYTES)
        if len(raw) > MAX_SETTINGS_BYTES:
            return {}, [SettingsProblem(path, "too_large")]
        data = tomllib.loads(raw.decode("utf-8"))
    except FileNotFoundError:
        return {}, []
    except FileTooLarge:
        return {}, [SettingsProblem(path, "too_large")]
    except NotRegularFile as exc:
        return {}, [SettingsProblem(path, "unreadable", params={"error": exc.reason})]
    except OSError as exc:
        return {}, [SettingsProblem(path, "unreadable", params={"error": exc.strerror or str(exc)})]
    except UnicodeDecodeError:
        return {}, [SettingsProblem(path, "not_utf8")]
    except tomllib.TOMLDecodeError as exc:
        return {}, [SettingsProblem(path, "not_toml", params={"error": str(exc)})]
    except RecursionError:
        return {}, [SettingsProblem(path, "too_deep")]
    return _checked(path, data)


def _checked(path: Path, data: dict[str, Any]) -> tuple[dict[str, Any], list[SettingsProblem]]:
    problems: list[SettingsProblem] = []
    out: dict[str, Any] = {}

    def wrong(key: str, code: str, value: Any, **params: Any) -> None:
        problems.append(SettingsProblem(path, code, key, {"found": _found(value), **params}))

    for key in sorted(data.keys() - KNOWN_KEYS):
        problems.append(SettingsProblem(path, "unknown_key", key, fatal=False))
    exports = data.get("exports")
    if exports is not None:
        if isinstance(exports, str) and exports.strip() and not _CONTROL.search(exports):
            out["exports"] = exports
        else:
            wrong("exports", "expected_folder", exports)
    lang = data.get("language")
    if lang is not None:
        if isinstance(lang, str) and lang.strip().lower() in LANGUAGES:
            out["language"] = lang
        else:
            wrong("language", "expected_language", lang, choices=", ".join(LANGUAGES))
    share = data.get("share")
    if share is not None:
        if not isinstance(share, dict):
            wrong("share", "expected_table", share)
        else:
            for key in sorted(share.keys() - KNOWN_SHARE_KEYS):
                problems.append(SettingsProblem(path, "unknown_key", f"share.{key}", fatal=False))
            url = share.get("base_url")
            if url is not None:
                if (isinstance(url, str) and url.strip().lower().startswith(("http://", "https://"))
                        and not _CONTROL.search(url.strip()) and " " not in url.strip()):
                    out["share"] = {"base_url": url.strip()}
                else:
                    wrong("share.base_url", "expected_url", url)
    sync = data.get("sync")
    if sync is not None:
        if not isinstance(sync, dict):
            wrong("sync", "expected_table", sync)
        else:
            for key in sorted(sync.keys() - KNOWN_SYNC_KEYS):
                problems.append(SettingsProblem(path, "unknown_key", f"sync.{key}", fatal=False))
            url = sync.get("url")
            if url is not None:
                if isinstance(url, str) and "://" in url and not _CONTROL.search(url.strip()):
                    out["sync"] = {"url": url.strip()}
                else:  # never the value itself: it may hold a password
                    problems.append(SettingsProblem(path, "expected_db_url", "sync.url"))
    return out, problems


def language(explicit: str | None = None) -> str:
    lang = (explicit or os.environ.get("TAFEL_LANG") or "nl").strip().lower()[:2]
    return lang if lang in LANGUAGES else "nl"


@dataclass(frozen=True)
class Settings:
    home: Path
    db_url: str
    exports: Path
    lang: str = "nl"
    base_url: str | None = None
    # The programme database a laptop syncs to (TAFEL_SYNC_URL, or [sync] url); see tafel.services.sync.
    sync_url: str | None = None
    extra_canvases: tuple[Path, ...] = field(default=())
    # What was wrong in settings.toml (those keys were ignored): the CLI stops on a fatal one, the
    # TUI shows them and carries on.
    problems: tuple[SettingsProblem, ...] = field(default=(), compare=False)

    @property
    def user_canvases(self) -> Path:
        return self.home / "canvases"


def load(
    *, db: str | None = None, lang: str | None = None, canvas: Path | None = None,
    exports: Path | None = None,
) -> Settings:
    home = data_home()
    stored, problems = _settings_file(home)
    share = stored.get("share", {}) if isinstance(stored.get("share"), dict) else {}
    base_url = os.environ.get("TAFEL_BASE_URL") or share.get("base_url") or None
    db_url = db or os.environ.get("TAFEL_DB") or f"sqlite:///{home / 'tafel.db'}"
    out = exports or Path(os.environ.get("TAFEL_EXPORTS") or stored.get("exports") or "exports")
    return Settings(
        home=home,
        db_url=db_url,
        exports=out,
        lang=language(lang or stored.get("language")),
        base_url=base_url.rstrip("/") if isinstance(base_url, str) and base_url else None,
        sync_url=os.environ.get("TAFEL_SYNC_URL") or stored.get("sync", {}).get("url") or None,
        extra_canvases=(canvas,) if canvas else (),
        problems=tuple(problems),
    )
