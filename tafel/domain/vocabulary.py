"""From a typed word to the key a topic counts it under, and how much that word says.

Moderators type fast: "ipv", "mens. maat", "Energiecooperatie", "burgerberaden". A word becomes
its key in these steps, each cached per distinct word (a programme's vocabulary is small, its word
count is not):

1. abbreviations are written out (the language's common ones plus the canvas's ``[abbreviations]``);
2. the word is lemmatised (by the lemmatiser the services pass in: simplemma); a compound it does
   not know is lemmatised by its head, the longest known word it ends in ("burgerberaden" → "burger" + "beraad");
3. diacritics are folded, so "coöperatie" and "cooperatie" are one key.

How much a word says comes from how common it is in the language at large (Zipf frequency from
wordfreq, passed in by the services): "mensen" says little, "verkokering" a lot. Function words,
advice verbs ("investeer", "zet") and the canvas's own everyday words weigh little or nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping

from tafel.domain.stopwords import ADVICE_VERBS, PROCESS_WORDS, all_stop_words

Lemmatize = Callable[..., str]

MIN_WORD = 3
# Longer than any word a table uses ("arbeidsongeschiktheidsverzekering" is 33): a run of letters
# this long is a pasted link or a key held down, never a topic (nor worth a lemma per head).
MAX_WORD = 40
SPEC_TOP = 6.0  # Zipf at or above which a word says next to nothing (the commonest few hundred words)
SPEC_MAX = 4.5  # a word the frequency list does not know (rare, or a new compound)
SPEC_MIN = 0.2
EVERYDAY = 0.35  # factor for the canvas's own words: every table talks about "overheid" and "burger"
MIN_HEAD = 4  # letters of a compound's head
MIN_MODIFIER = 3  # letters before it

# Words (letters, with inner apostrophes: "dilemma's", "z'n") or one mark that ends a clause.
# Hyphens split ("NOW-regeling", "politiek-beleid-uitvoering"): each part is a word.
TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|[.,;:!?()\[\]{}\"“”‘/\n\r\t–—•…<>=|+]")
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
HASHTAG = re.compile(r"#([^\W\d_][\w-]*)")

# Abbreviations moderators type, written out before anything else (keys lower case).
ABBREVIATIONS = {
    "nl": {
        "ipv": "in plaats van", "i.p.v.": "in plaats van", "i.p.v": "in plaats van", "ovh": "overheid",
        "bv": "bijvoorbeeld", "bv.": "bijvoorbeeld", "bijv": "bijvoorbeeld", "bijv.": "bijvoorbeeld",
        "vd": "van de", "v.d.": "van de", "v/d": "van de", "mbt": "met betrekking tot", "m.b.t.": "met betrekking tot",
        "tav": "ten aanzien van", "t.a.v.": "ten aanzien van", "ivm": "in verband met", "i.v.m.": "in verband met",
        "evt": "eventueel", "oa": "onder andere", "o.a.": "onder andere", "zgn": "zogenaamde", "ong": "ongeveer",
        "mens. maat": "menselijke maat", "mens.maat": "menselijke maat", "abbb": "beginselen van behoorlijk bestuur",
        "z'n": "zijn", "m'n": "mijn", "d'r": "haar", "gem.": "gemeente", "gemeente's": "gemeenten",
        "min.": "ministerie", "dept": "departement", "dep.": "departement", "orgs": "organisaties",
        "energiecoöp": "energiecoöperatie", "energiecoop": "energiecoöperatie", "zorgcoöp": "zorgcoöperatie",
        "zorgcoop": "zorgcoöperatie", "coöp": "coöperatie",
    },
    "en": {
        "e.g.": "for example", "eg": "for example", "i.e.": "that is", "ie": "that is", "govt": "government",
        "gov": "government", "gov't": "government", "w/": "with", "w/o": "without", "bc": "because",
        "b/c": "because", "approx": "approximately", "dept": "department", "depts": "departments",
    },
}


def fold(text: str) -> str:
    """Case and diacritics folded: "Coöperatie" → "cooperatie"."""
    if text.isascii():
        return text.casefold()
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if not unicodedata.combining(c))


class Expander:
    """Writes out abbreviations: ``expander(text)`` on a lower-cased text, ``expander.tokens(text)``
    straight to its tokens.

    Most notes hold no abbreviation, and matching one pattern of alternatives at every position
    of every note costs as much as finding its words: ``tokens`` finds the words first, writes out
    one-word abbreviations from a dict ("ovh", "ipv"), and runs the pattern only on a note that
    holds the first word of a longer one ("mens" of "mens. maat", "i" of "i.p.v.").
    """

    def __init__(self, abbreviations: Mapping[str, str]) -> None:
        self.table = {k.casefold().strip(): v for k, v in abbreviations.items() if k.strip()}
        self.pattern = re.compile(
            r"(?<![\w.])(" + "|".join(re.escape(k) for k in sorted(self.table, key=len, reverse=True)) + r")(?![\w])"
        ) if self.table else None
        self.single: dict[str, list[str]] = {}
        self.starts: set[str] = set()
        for short, long in self.table.items():
            parts = TOKEN.findall(short)
            if len(parts) == 1 and parts[0] == short:
                self.single[short] = TOKEN.findall(long.casefold())
            elif parts:
                self.starts.add(parts[0])

    def __call__(self, text: str) -> str:
        if self.pattern is None:
            return text
        return self.pattern.sub(lambda m: self.table[m.group(1)], text)

    def tokens(self, text: str) -> list[str]:
        toks = TOKEN.findall(text)
        if self.starts and not self.starts.isdisjoint(toks):
            toks = TOKEN.findall(self(text))
        if self.single and not self.single.keys().isdisjoint(toks):
            toks = [part for tok in toks for part in self.single.get(tok, (tok,))]
        return toks


def expander(abbreviations: Mapping[str, str]) -> Expander:
    """An Expander for these abbreviations (a callable on lower-cased text)."""
    return Expander(abbreviations)


class Words:
    """``key[word]``: a word's key (folded lemma), or None for a word that carries no topic.

    ``spec(key)`` is how much a key says (0.2 … 4.5), from its Zipf frequency in the language.
    """

    def __init__(
        self, language: str, lemmatize: Lemmatize | None = None, zipf: Mapping[str, float] | None = None,
        everyday: Iterable[str] = (),
    ) -> None:
        self.language = language if language in ("nl", "en") else "nl"
        self.stop = all_stop_words()
        self.advice_verbs = ADVICE_VERBS.get(self.language, frozenset())
        self.zipf = zipf or {}
        self._lemmatize = lemmatize
        self.key: dict[str, str | None] = Learning(self._learn)
        self.everyday: set[str] = set()
        for word in [*PROCESS_WORDS.get(self.language, ()), *everyday]:
            found = self.key[fold(word)] if WORD.fullmatch(word) else None
            if found:
                self.everyday.add(found)
        self._spec: dict[str, float] = {}

    def lemma(self, word: str) -> str:
        if self._lemmatize is None:  # no lemmatiser given: every word is its own base form
            return word.casefold()
        return self._lemmatize(word, lang=self.language).casefold()

    def _known(self, word: str) -> bool:
        return word in self.zipf or fold(word) in self.zipf

    def _compound(self, word: str) -> str | None:
        """An unknown compound lemmatised by its longest known head: "burgerberaden" → "burgerberaad"."""
        for cut in range(MIN_MODIFIER, len(word) - MIN_HEAD + 1):
            head = word[cut:]
            base = self.lemma(head)
            if self._known(head) or base != head:
                return word[:cut] + base
        return None

    def _learn(self, word: str) -> str | None:
        if not MIN_WORD <= len(word) <= MAX_WORD or word in self.stop or not WORD.fullmatch(word):
            return None
        base = self.lemma(word)
        if base == word and len(word) >= MIN_MODIFIER + MIN_HEAD + 1 and not self._known(word):
            base = self._compound(word) or base
        if base in self.stop or base in self.advice_verbs or word in self.advice_verbs:
            return None
        return fold(base)

    def spec(self, key: str) -> float:
        """How much a key says: rare words much, the language's commonest words next to nothing."""
        found = self._spec.get(key)
        if found is None:
            found = self.spec_in_language(key)
            if key in self.everyday:
                found = max(SPEC_MIN, found * EVERYDAY)
            self._spec[key] = found
        return found

    def spec_in_language(self, key: str) -> float:
        """How much a key says in the language at large, the canvas's own words as any other: what a
        phrase weighs them by ("publieke waarden" is not what the canvas says, "waarden" is)."""
        return max(SPEC_MIN, min(SPEC_MAX, SPEC_TOP - self.zipf.get(key, 0.0)))


class Learning(dict[str, str | None]):
    """A dict that learns a word it has not seen: ``map(d.__getitem__, words)`` stays in C."""

    def __init__(self, learn: Callable[[str], str | None]) -> None:
        super().__init__()
        self._learn = learn

    def __missing__(self, word: str) -> str | None:
        found = self[word] = self._learn(word)
        return found


def tokens(text: str, expand: Callable[[str], str]) -> list[str]:
    """The words and clause marks of a text, lower-cased, abbreviations written out."""
    if isinstance(expand, Expander):
        return expand.tokens(text.casefold())
    return TOKEN.findall(expand(text.casefold()))


def same_family(a: str, b: str) -> bool:
    """Two keys that are one word's derivations: "verkokering"/"verkokeren", "complex"/"complexiteit".

    They share a stem of 7 letters or more and differ only in an ending of up to 5 letters; a longer
    difference is another word ("bewoners"/"bewonersinitiatief", "burger"/"burgerberaad").
    """
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n >= 7 and len(a) - n <= 5 and len(b) - n <= 5


# Prefixes that derive a word of the same subject from another: "verkokering" of "koker",
# "ontschotten" of "schot". Only before a word of MIN_BASE letters or more, with an ending of
# up to MAX_ENDING letters after it ("ing", "en", "ten").
DERIVING_PREFIXES = {"nl": ("ver", "ont"), "en": ()}
MIN_BASE = 5
MAX_ENDING = 4


def prefixed(key: str, language: str, known: Mapping[str, object]) -> str | None:
    """The word among ``known`` that ``key`` derives from by a prefix, else None."""
    for prefix in DERIVING_PREFIXES.get(language, ()):
        if key.startswith(prefix):
            rest = key[len(prefix):]
            for cut in range(len(rest), MIN_BASE - 1, -1):
                if len(rest) - cut > MAX_ENDING:
                    break
                if rest[:cut] in known and rest[:cut] != key:
                    return rest[:cut]
    return None
