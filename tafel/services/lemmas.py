"""simplemma's lemmatiser with a faster start: its dictionaries kept decoded in tafel's cache folder.

simplemma ships each language's dictionary front-coded and compressed; decoding the Dutch one
is about 0.7 s of pure Python on every run, more than counting a thousand tables takes. The
decoded dictionary is kept (``marshal``, keyed by simplemma's version) under the data folder's
``cache/``, so every merge after the first loads it in a few hundredths of a second. The lemmas
are simplemma's own: the same dictionary, the same default strategy. When simplemma's internals
are not what this module expects, it falls back to plain ``simplemma.lemmatize``.

This is tafel's one contact with simplemma's internals: the dictionary is handed to simplemma
through its public ``DictionaryFactory`` protocol, but read from disk with its private
``_load_dictionary_from_disk`` (no public call returns the decoded mapping). ``simplemma<3`` in
pyproject; tests/merge/test_lemmas.py fails loudly when that function changes.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable, Mapping
from contextlib import suppress
from functools import cache
from pathlib import Path

from tafel.files import read_regular, write_atomic

Lemmatize = Callable[..., str]


# Decoded dictionaries by language, shared by every lemmatiser of this process.
_DECODED: dict[str, dict[bytes, bytes]] = {}


def _decoded(folder: Path, lang: str, load: Callable[[str], dict[bytes, bytes]], version: str) -> dict[bytes, bytes]:
    if lang in _DECODED:
        return _DECODED[lang]
    path = folder / f"simplemma-{version}-{lang}.marshal"
    try:
        data = marshal.loads(read_regular(path))  # never a pipe left in its place: that would hang
        if isinstance(data, dict) and data:
            _DECODED[lang] = data
            return data
    except (OSError, ValueError, EOFError, TypeError):
        pass
    data = _DECODED[lang] = load(lang)
    with suppress(OSError):  # a read-only data folder only costs the faster start
        write_atomic(path, marshal.dumps(data))
    return data


@cache
def lemmatizer(folder: Path) -> Lemmatize:
    """``lemmatize(word, lang=...)`` backed by the cached dictionaries in ``folder`` (one per process)."""
    try:
        from importlib.metadata import version

        from simplemma import Lemmatizer
        from simplemma.strategies import DefaultStrategy
        from simplemma.strategies.dictionaries.dictionary_factory import (
            MappingStrToByteString,
            _load_dictionary_from_disk,
        )

        simplemma_version = version("simplemma")
    except ImportError:  # another simplemma layout (or no metadata): its own, slower to start, loader
        from simplemma import lemmatize

        return lemmatize

    class CachedFactory:
        """simplemma's ``DictionaryFactory`` protocol: a language's dictionary, decoded once."""

        def __init__(self) -> None:
            self._made: dict[str, Mapping[str, str]] = {}

        def get_dictionary(self, lang: str) -> Mapping[str, str]:
            made = self._made.get(lang)
            if made is None:
                made = self._made[lang] = MappingStrToByteString(
                    _decoded(folder, lang, _load_dictionary_from_disk, simplemma_version))
            return made

    engine = Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=CachedFactory()))

    def cached_lemmatize(word: str, lang: str) -> str:
        return engine.lemmatize(word, lang=lang)

    return cached_lemmatize
