"""The message catalogue: every user-facing text, in Dutch (the default) and English.

One catalogue per language, kept as TOML files per area (``nl/cli.toml``, ``nl/tui.toml``…);
a key is the file's name plus the key path inside it: ``t("cli.list.empty")``. Parameters are
filled with ``str.format``. A key missing in English falls back to Dutch, and a key missing in
both shows itself, so a gap is visible, never a crash.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib.resources import files
from typing import Any

DEFAULT = "nl"
_language = DEFAULT


def set_language(lang: str) -> None:
    global _language
    _language = lang if lang in ("nl", "en") else DEFAULT


def get_language() -> str:
    return _language


def _flatten(prefix: str, data: dict[str, Any], out: dict[str, str]) -> None:
    for key, value in data.items():
        name = f"{prefix}.{key}"
        if isinstance(value, dict):
            _flatten(name, value, out)
        else:
            out[name] = str(value)


@cache
def catalogue(lang: str) -> dict[str, str]:
    out: dict[str, str] = {}
    folder = files(__package__).joinpath(lang)
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            _flatten(entry.name.removesuffix(".toml"), tomllib.loads(entry.read_text("utf-8")), out)
    return out


def t(key: str, lang: str | None = None, **params: Any) -> str:
    lang = lang or _language
    text = catalogue(lang).get(key)
    if text is None:
        text = catalogue(DEFAULT).get(key, key)
    if not params:
        return text
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text


def error(exc: Any) -> str:
    """The one-line message for a TafelError (its ``detail``, when present, is a key too)."""
    params = dict(exc.params)
    if "detail" in params:
        params["detail"] = t(f"errors.details.{params['detail']}", **params)
    return t(f"errors.{exc.key}", **params)
