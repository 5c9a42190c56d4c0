"""How common each word is in Dutch and English: the small lists shipped in ``tafel/data/wordfreq``.

Made from wordfreq by ``tools/make_wordfreq.py`` (its data is CC-BY-SA 4.0, see the LICENSE
there): the 30,000 commonest words per language with their Zipf frequency. Keys are folded
(case and diacritics) the way the topic finder folds its keys; a missing list gives an empty
mapping (every word then weighs the same) rather than a failed merge.
"""

from __future__ import annotations

import gzip
from functools import cache
from importlib.resources import files

from tafel.domain.vocabulary import fold


@cache
def frequencies(language: str) -> dict[str, float]:
    """word → Zipf frequency (about 1 for rare words, 7 for "de" and "the")."""
    lang = language if language in ("nl", "en") else "nl"
    try:
        raw = files("tafel").joinpath("data", "wordfreq", f"{lang}.txt.gz").read_bytes()
    except OSError:
        return {}
    out: dict[str, float] = {}
    for line in gzip.decompress(raw).decode("utf-8").splitlines():
        zipf, _, words = line.partition("\t")
        value = int(zipf) / 10
        for word in words.split():
            key = fold(word)
            if key not in out:  # lines come commonest first: the folded form keeps the highest
                out[key] = value
    return out


COMMON = 5.5  # Zipf: "wil", "will", "hoop" — a participant so named is a name only with a capital


@cache
def common_words(language: str) -> frozenset[str]:
    """The language's commonest words (folded), for the names-in-texts rule (``domain.redact``)."""
    return frozenset(w for w, zipf in frequencies(language).items() if zipf >= COMMON)
