"""simplemma's lemmatiser with a faster start: its dictionaries kept decoded in tafel's cache folder.

simplemma ships each language's dictionary front-coded and compressed; decoding the Dutch one
is about 0.7 s of pure Python on every run, more than counting a thousand tables takes. The
decoded dictionary is kept (keyed by simplemma's version) under the data folder's ``cache/`` as
a hash table laid out in one file (``FlatTable``): a merge reads the file and looks up only the
words it meets (a programme's few thousand), instead of rebuilding a dict of 370,000 entries.
The lemmas are simplemma's own: the same dictionary, the same default strategy. When
simplemma's internals are not what this module expects, it falls back to plain
``simplemma.lemmatize``.

This is tafel's one contact with simplemma's internals: the dictionary is handed to simplemma
through its public ``DictionaryFactory`` protocol, but read from disk with its private
``_load_dictionary_from_disk`` (no public call returns the decoded mapping). ``simplemma<3`` in
pyproject; tests/merge/test_lemmas.py fails loudly when that function changes.
"""

from __future__ import annotations

import struct
import sys
import zlib
from array import array
from collections.abc import Callable, Iterator, Mapping
from contextlib import suppress
from functools import cache
from pathlib import Path
from typing import Any, cast

from tafel.files import read_regular, write_atomic

Lemmatize = Callable[..., str]

MAGIC = b"tafel-lemmas-1" + sys.byteorder[0].encode() + b"\n"  # the slots are in this machine's byte order
_HEAD = struct.Struct("<II")  # slots, entries
_RECORD = struct.Struct("<HH")  # key length, value length (then the key and the value)


class FlatTable(Mapping[bytes, bytes]):
    """A read-only bytes → bytes hash table in one buffer: open addressing on crc32, slots holding
    1 + the record's offset (0: empty). Reading it is reading a file; a lookup touches a few bytes."""

    def __init__(self, data: bytes) -> None:
        if not data.startswith(MAGIC):
            raise ValueError("not a lemma table")
        view = memoryview(data)
        slots, count = _HEAD.unpack_from(data, len(MAGIC))
        self._count = int(count)
        start = len(MAGIC) + _HEAD.size
        if slots & (slots - 1) or start + 4 * slots > len(data):
            raise ValueError("damaged lemma table")
        self._slots = view[start:start + 4 * slots].cast("I")
        self._records = start + 4 * slots
        self._mask = slots - 1
        self._data = data

    @staticmethod
    def build(entries: Mapping[bytes, bytes]) -> bytes:
        slots = 1 << max(4, (2 * len(entries)).bit_length())  # at most half full: short probes
        table = array("I", bytes(4 * slots))
        records = bytearray()
        mask = slots - 1
        for key, value in entries.items():
            at = zlib.crc32(key) & mask
            while table[at]:
                at = (at + 1) & mask
            table[at] = len(records) + 1
            records += _RECORD.pack(len(key), len(value)) + key + value
        return MAGIC + _HEAD.pack(slots, len(entries)) + table.tobytes() + bytes(records)

    def get(self, key: bytes, default: Any = None) -> Any:
        data, slots, mask, base = self._data, self._slots, self._mask, self._records
        at = zlib.crc32(key) & mask
        while offset := slots[at]:
            start = base + offset - 1
            klen, vlen = _RECORD.unpack_from(data, start)
            start += _RECORD.size
            if data[start:start + klen] == key:
                return data[start + klen:start + klen + vlen]
            at = (at + 1) & mask
        return default

    def __getitem__(self, key: bytes) -> bytes:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return cast(bytes, found)

    def __iter__(self) -> Iterator[bytes]:
        for offset in self._slots:
            if offset:
                start = self._records + offset - 1
                klen, _ = _RECORD.unpack_from(self._data, start)
                yield self._data[start + _RECORD.size:start + _RECORD.size + klen]

    def __len__(self) -> int:
        return self._count


# Dictionaries by language, shared by every lemmatiser of this process.
_DECODED: dict[str, Mapping[bytes, bytes]] = {}


def _decoded(
    folder: Path, lang: str, load: Callable[[str], dict[bytes, bytes]], version: str
) -> Mapping[bytes, bytes]:
    if lang in _DECODED:
        return _DECODED[lang]
    path = folder / f"simplemma-{version}-{lang}.lemmas"
    try:
        table = _DECODED[lang] = FlatTable(read_regular(path))  # never a pipe in its place: that would hang
        return table
    except (OSError, ValueError, struct.error, TypeError):
        pass
    data = _DECODED[lang] = load(lang)
    with suppress(OSError):  # a read-only data folder only costs the faster start
        write_atomic(path, FlatTable.build(data))
        for older in folder.glob(f"simplemma-*-{lang}.marshal"):  # what earlier versions of tafel kept
            older.unlink()
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
                # A FlatTable answers the get() the mapping asks of its dict.
                table = _decoded(folder, lang, _load_dictionary_from_disk, simplemma_version)
                made = self._made[lang] = MappingStrToByteString(cast(dict[bytes, bytes], table))
            return made

    engine = Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=CachedFactory()))

    def cached_lemmatize(word: str, lang: str) -> str:
        return engine.lemmatize(word, lang=lang)

    return cached_lemmatize


# -- the merge's memo: simplemma's answers for the words met before ----------------------------

MEMO_FILE = "lemmas-memo.json"
MEMO_WORDS = 200_000  # per language; a programme's vocabulary is a few thousand words


def _simplemma_stamp() -> str | None:
    """Which simplemma is installed, found without importing it (importing compiles its rules for
    every language: about 45 ms, a tenth of a large merge): its package file's path, size and
    modification time. None: no simplemma to be found."""
    from importlib.util import find_spec

    try:
        spec = find_spec("simplemma")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.origin:
        return None
    try:
        info = Path(spec.origin).stat()
    except OSError:
        return None
    return f"{spec.origin}:{info.st_size}:{info.st_mtime_ns}"


class RememberingLemmatizer:
    """``lemmatize(word, lang=...)`` for a merge: simplemma's answer kept for every word met, in
    the cache folder, so the next merge of the programme (the organiser merges again and again
    while curating) answers from that memo and loads simplemma only for a word it has not met.
    The memo belongs to one installed simplemma (``_simplemma_stamp``); another one starts afresh.
    Call ``keep()`` when done to save the words met this time."""

    def __init__(self, folder: Path) -> None:
        self._path = folder / MEMO_FILE
        self._stamp = _simplemma_stamp()
        self._memo: dict[str, dict[str, str]] = self._load() if self._stamp else {}
        self._new = False
        self._engine: Lemmatize | None = None
        self._folder = folder

    def _load(self) -> dict[str, dict[str, str]]:
        import json

        try:
            saved = json.loads(read_regular(self._path))
        except (OSError, ValueError):  # none yet, or damaged: start afresh
            return {}
        if not isinstance(saved, dict) or saved.get("simplemma") != self._stamp:
            return {}
        words = saved.get("words")
        if not isinstance(words, dict):
            return {}
        return {lang: known for lang, known in words.items()
                if isinstance(known, dict) and all(isinstance(v, str) for v in known.values())}

    def __call__(self, word: str, lang: str) -> str:
        known = self._memo.get(lang)
        if known is not None:
            found = known.get(word)
            if found is not None:
                return found
        if self._engine is None:
            self._engine = lemmatizer(self._folder)
        lemma = self._engine(word, lang=lang)  # ValueError for a language simplemma lacks: not kept
        if self._stamp is not None:
            known = self._memo.setdefault(lang, {})
            if len(known) >= MEMO_WORDS:
                known.clear()
            known[word] = lemma
            self._new = True
        return lemma

    def keep(self) -> None:
        """Save the memo when it learnt words (a read-only data folder only costs the next merge time)."""
        if not self._new or self._stamp is None:
            return
        import json

        data = json.dumps({"simplemma": self._stamp, "words": self._memo}, ensure_ascii=False)
        with suppress(OSError):
            write_atomic(self._path, data)
        self._new = False
