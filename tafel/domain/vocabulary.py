"""From a typed word to the key a topic counts it under, and how much that word says.

Moderators type fast: "ipv", "mens. maat", "Energiecooperatie", "burgerberaden". A word becomes
its key in these steps, each cached per distinct word (a programme's vocabulary is small, its word
count is not):

1. abbreviations are written out (the language's common ones plus the canvas's ``[abbreviations]``);
2. the word is lemmatised (simplemma); a compound simplemma does not know is lemmatised by its
   head, the longest known word it ends in ("burgerberaden" → "burger" + "beraad");
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


def expander(abbreviations: Mapping[str, str]) -> Callable[[str], str]:
    """A function that writes out the abbreviations in a (lower-cased) text; identity when there are none."""
    if not abbreviations:
        return lambda text: text
    table = {k.casefold(): v for k, v in abbreviations.items() if k.strip()}
    pattern = re.compile(
        r"(?<![\w.])(" + "|".join(re.escape(k) for k in sorted(table, key=len, reverse=True)) + r")(?![\w])"
    )
    return lambda text: pattern.sub(lambda m: table[m.group(1)], text)


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
        if self._lemmatize is None:
            from simplemma import lemmatize  # loads its dictionary on first use

            self._lemmatize = lemmatize
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
        if len(word) < MIN_WORD or word in self.stop or not WORD.fullmatch(word):
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
            zipf = self.zipf.get(key, 0.0)
            found = max(SPEC_MIN, min(SPEC_MAX, SPEC_TOP - zipf))
            if key in self.everyday:
                found = max(SPEC_MIN, found * EVERYDAY)
            self._spec[key] = found
        return found


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


def near(a: str, b: str) -> bool:
    """One edit apart (insert, delete, replace, or swap two neighbours): a likely typo."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        if a[i + 1:] == b[i + 1:]:
            return True
        return i + 1 < len(a) and a[i] == b[i + 1] and a[i + 1] == b[i] and a[i + 2:] == b[i + 2:]
    return a[i:] == b[i + 1:]


LONG_WORD = 12  # letters from which two typos in one word are still recognisable


def typos_allowed(word: str) -> int:
    return 2 if len(word) >= LONG_WORD else 1


def deletions(word: str, depth: int) -> set[str]:
    """The word with up to ``depth`` letters left out: two words within ``depth`` edits share one."""
    found = {word}
    frontier = {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1:] for w in frontier for i in range(len(w))}
        found |= frontier
    return found


def within(a: str, b: str, limit: int) -> bool:
    """At most ``limit`` edits apart (insert, delete, replace, swap two neighbours)."""
    if abs(len(a) - len(b)) > limit:
        return False
    if limit == 1:
        return near(a, b)
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return False
        previous2, previous = previous, current
    return previous[-1] <= limit
