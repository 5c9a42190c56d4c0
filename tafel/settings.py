"""Where tafel keeps things, and the organiser's settings.

Resolved from, in order: explicit arguments (CLI options), ``TAFEL_*`` environment variables,
``settings.toml`` in the data home, and defaults. Tests always set ``TAFEL_HOME``.
"""

from __future__ import annotations

import os
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


def _settings_file(home: Path) -> dict[str, Any]:
    path = home / "settings.toml"
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        return {}
    except (OSError, tomllib.TOMLDecodeError):
        return {}  # a broken settings file must not stop a moderator at the table


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
    extra_canvases: tuple[Path, ...] = field(default=())

    @property
    def user_canvases(self) -> Path:
        return self.home / "canvases"


def load(
    *, db: str | None = None, lang: str | None = None, canvas: Path | None = None,
    exports: Path | None = None,
) -> Settings:
    home = data_home()
    stored = _settings_file(home)
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
        extra_canvases=(canvas,) if canvas else (),
    )
