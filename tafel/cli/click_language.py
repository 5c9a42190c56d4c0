"""Click's own words ("Usage:", "Options", "Show this message and exit.") in Dutch.

Click translates through ``gettext.gettext``, bound at import as ``_`` in each of its modules;
we rebind that name to a lookup in our catalogue (``i18n/nl/click.toml``), so no gettext
machine-object files or locale settings are needed.

Click has no public hook for its own words, so this is tafel's one reach into Click's modules
(``click>=8.1,<9`` in pyproject); tests/cli/test_click_language.py fails when a module below no
longer binds ``_`` (or ``ngettext``) to gettext's, which would leave Click's words in English.
"""

from __future__ import annotations

import importlib

from tafel.i18n import catalogue

# The modules of Click that say something to the user, and the gettext names each binds.
CLICK_MODULES = (
    "click.core", "click.decorators", "click.exceptions", "click.formatting", "click.parser",
    "click.types", "click.termui",
)


def _strings(lang: str) -> dict[str, str]:
    prefix = "click.strings."
    # The TOML keys are the English sentences; dots in them are fine as quoted keys.
    return {k.removeprefix(prefix): v for k, v in catalogue(lang).items() if k.startswith(prefix)}


def translate_click(lang: str) -> None:
    strings = _strings(lang)

    def gettext(message: str) -> str:
        return strings.get(message, message)

    def ngettext(singular: str, plural: str, n: int) -> str:
        return gettext(singular if n == 1 else plural)

    for name in CLICK_MODULES:
        module = importlib.import_module(name)
        if hasattr(module, "_"):
            module._ = gettext  # type: ignore[attr-defined]  # Click's gettext alias, not in its types
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext  # type: ignore[attr-defined]  # likewise not public
