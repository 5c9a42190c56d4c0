"""Recurring topics ("rode draden"): words that say something, that come back at several tables,
gathered with their variants and with the words they are used together with.

1. Every item's words become keys (``vocabulary.Words``: abbreviations written out, lemmas,
   compounds by their head, diacritics folded). Two content words in a row (at most two function
   words between: "geest van de wet") make a phrase; a moderator's tag, or a ``#tag`` in the text,
   is a key of its own and always counts.
   A tension is the key of its two poles together ("maatwerk ↔ rechtmatigheid", either way
   round); its poles are opposites, not words used together, so they join no other topic.
2. Variants come together: a derivation of the same stem ("verkokering"/"verkokerd") or by a
   prefix ("koker"/"verkokering", "schotten"/"ontschotten") is one word; a phrase written as one
   compound ("domein overstijgend"/"domeinoverstijgend") is one word. A phrase that recurs and
   holds most uses of a word ("menselijke maat") takes that word's place. A likely typo
   ("verkokkering") is never merged: it is offered as a suggestion.
3. Each term weighs ``tables × spec``: spec says how rare the word is in the language at large,
   so "mensen" weighs little and "verkokering" much (a phrase by its words in the language, not
   as the canvas's everyday words). The heaviest terms are the candidates.
4. Candidates used together at the same items (at two tables or more) are merged, pair by pair,
   the most associated first (cosine of their item sets), into topics of a few terms. A topic
   rests on the union of the items carrying any of its terms: its counts are exact and can be
   recomputed from its items. It is named by its most used wordings ("verkokering · schotten").
   Topics told mostly by the canvas's examples are the programme's examples: one topic.
5. The headline is the topics that say most; one whose word a heavier headline topic already
   says is listed among the rest.

Deterministic: every choice breaks ties by name. ``Topics`` is made of: ``terms`` (what topics
are made of), ``clusters`` (step 4 and 5), ``curating`` (the organiser's curation applied),
``naming`` (wordings); the curation itself is ``curation``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from functools import partial
from itertools import chain, pairwise, repeat
from operator import is_not, itemgetter
from typing import cast

from tafel.domain.clusters import Clustering
from tafel.domain.curating import Curating
from tafel.domain.curation import Curated, Curation, Direction
from tafel.domain.naming import Naming
from tafel.domain.spelling import likely_typos
from tafel.domain.terms import (
    CANDIDATES,
    GLUE,
    HEADLINE,
    MENTIONED,
    MIN_SPEC,
    POLES,
    TAG_SPEC,
    Items,
    Key,
    Suggestion,
    Term,
    Topic,
    _is_phrase,
)
from tafel.domain.values import normalise
from tafel.domain.vocabulary import (
    HASHTAG,
    MIN_WORD,
    SPEC_MAX,
    TOKEN,
    Expander,
    Learning,
    Words,
    fold,
    prefixed,
    same_family,
    tokens,
)

__all__ = ["HEADLINE", "MENTIONED", "Curated", "Curation", "Direction", "Suggestion", "Term", "Topic", "Topics"]

_GLUE = "\x01"  # a glue word's mark in a token sequence (dropped before pairing)
_NOT_GLUE = partial(is_not, _GLUE)


class _Pieces(dict[str, tuple[object, ...] | None]):
    """A text's keys, as ``Topics._keys`` finds them, read piece by piece: a programme's notes are
    many, the pieces between their spaces few (its words, with a comma or a full stop), and no token
    spans a space (nor does case folding make or take one). Each piece is tokenised and keyed
    once; a note is then a few dict lookups. A piece with the first word of a longer abbreviation
    ("mens." of "mens. maat") is None: such a note is read whole, as ``Expander.tokens`` reads it."""

    def __init__(self, link: dict[str, str | None], expand: Expander) -> None:
        super().__init__()
        self._link = link
        self._expand = expand

    def __missing__(self, piece: str) -> tuple[object, ...] | None:
        toks = TOKEN.findall(piece.casefold())
        expand = self._expand
        found: tuple[object, ...] | None
        if expand.starts and not expand.starts.isdisjoint(toks):
            found = None
        else:
            if expand.single and not expand.single.keys().isdisjoint(toks):
                toks = [part for tok in toks for part in expand.single.get(tok, (tok,))]
            found = tuple(filter(_NOT_GLUE, map(self._link.__getitem__, toks)))
        self[piece] = found
        return found


class Topics(Curating, Clustering, Naming):
    """The recurring topics of ``(table_id, text, tags)`` items, those of one table together."""

    def __init__(
        self, items: Items, words: Words, *, expand: Callable[[str], str] = lambda s: s, min_tables: int = 2,
        candidates: int = CANDIDATES, weigh: Sequence[bool] | None = None, curation: Curation | None = None,
        poles: Sequence[Sequence[str] | None] | None = None, examples: Sequence[bool] | None = None,
    ) -> None:
        self._items = items
        self.words = words
        self._expand = expand
        self.min_tables = min_tables
        self._weigh = weigh
        self._examples = examples
        # Tables numbered in the order they come (in C: a programme has tens of thousands of items).
        table_ids = {table: n for n, table in enumerate(dict.fromkeys(map(itemgetter(0), items)))}
        self.table_of = list(map(table_ids.__getitem__, map(itemgetter(0), items)))
        # Postings for every key, filled in C (map/any): a programme has many items, few words.
        postings: defaultdict[object, list[int]] = defaultdict(list)
        self.tag_label: dict[Key, str] = {}
        self._link = link = Learning(self._linked)
        # A programme's tags and tension poles are few, its items many: each is read once.
        tag_keys: dict[str, tuple[Key | None, str]] = {}
        # A note piece by piece (each piece case folded once, when first met: no character folds to
        # a space); a None piece (a longer abbreviation's first word) is no iterable: the note is
        # then read whole. (Inline: this loop runs once per item.)
        pieces = cast(Callable[[str], tuple[object, ...]], _Pieces(link, expand).__getitem__) \
            if isinstance(expand, Expander) else None
        keys = self._keys
        for index, (_table, text, tags) in enumerate(items):
            if not text:
                found: set[object] = set()
            elif pieces is None:
                found = keys(text, link, expand)
            else:
                try:
                    seq = list(chain.from_iterable(map(pieces, text.split(" "))))
                except TypeError:
                    found = keys(text, link, expand)
                else:
                    found = {*seq, *pairwise(seq)}
            if tags or "#" in text:
                for tag in [*tags, *HASHTAG.findall(text)]:
                    known = tag_keys.get(tag)
                    if known is None:
                        known = tag_keys[tag] = (self.tag_key(tag), normalise(tag))
                    tk, label = known
                    if tk:
                        self.tag_label.setdefault(tk, label)
                        found.add(tk)
            any(map(list.append, map(postings.__getitem__, found), repeat(index)))
        self.tables_total = len(table_ids)
        self.size = len(items)
        clean = {k: v for k, v in postings.items() if k and (isinstance(k, str) or _is_phrase(k))}
        # A tension is its two poles together ("maatwerk ↔ rechtmatigheid", either way round): one
        # key of its own. The poles are opposites, not words used together: they join no topic.
        self.pole_label: dict[Key, Counter[str]] = {}
        self._apart: list[int] = []
        pole_keys: dict[tuple[str, ...], tuple[Key | None, str]] = {}
        for index, pair in enumerate(poles or ()):
            if pair and len(pair) == 2:
                known = pole_keys.get(two := tuple(pair))
                if known is None:
                    known = pole_keys[two] = (self._pole_pair(pair), f"{normalise(pair[0]).casefold()} {POLES} "
                                                                     f"{normalise(pair[1]).casefold()}")
                pk, label = known
                if pk:
                    if pk in self.pole_label:
                        clean[pk].append(index)
                        self.pole_label[pk][label] += 1
                    else:
                        clean.setdefault(pk, []).append(index)
                        self.pole_label[pk] = Counter((label,))
                    self._apart.append(index)
        self._postings: dict[Key, list[int]] = clean
        self.curated_missing: list[tuple[str, int]] = []  # curated topics found at too few tables
        # (kind, word) of the curation that matches nothing: one warning line each.
        self.unmatched: list[tuple[str, str]] = []
        terms = self._terms(self._postings)
        curated, taken = self._curated(curation) if curation else ([], set())
        if taken:  # a word the organiser placed or dropped makes no topic of its own
            terms = [t for t in terms if t.key not in taken and not taken.intersection(t.keys)]
        chosen = sorted(terms, key=lambda t: (-t.salience, str(t.key)))[:candidates]
        self._label(chosen)
        clustered = self._cluster(chosen, HEADLINE - len(curated))
        if curation and curation.merge:
            clustered = self._merged(clustered, curation.merge)
        self.topics = curated + clustered
        self.home = self._homes()
        self.suggestions = self._typos(self._postings, chosen)

    # -- reading ------------------------------------------------------------------------------

    def _linked(self, token: str) -> str | None:
        """A token's key, "" for a function word a phrase may span, None for one that breaks it."""
        return _GLUE if token in GLUE else self.words.key[token]

    @staticmethod
    def _keys(text: str, link: dict[str, str | None], expand: Callable[[str], str]) -> set[object]:
        """The text's keys and its adjacent pairs (over glue words), in C; pairs with a break (None)
        in them or twice the same word are dropped once per distinct key, not per occurrence."""
        seq = list(filter(_NOT_GLUE, map(link.__getitem__, tokens(text, expand))))
        found: set[object] = set(seq)
        found.update(pairwise(seq))
        return found

    def _pole_pair(self, pair: Sequence[str]) -> Key | None:
        """A tension's key: ``("↔", pole, pole)``, each pole its words' keys, sorted."""
        keys = []
        for pole in pair:
            parts = [k for k in (self.words.key[w] for w in tokens(pole, self._expand)) if k]
            if not parts:
                return None
            keys.append(" ".join(parts))
        return (POLES, *sorted(keys)) if keys[0] != keys[1] else None

    def tag_key(self, tag: str) -> Key | None:
        parts = tuple(k for k in (self.words.key[w] for w in tokens(normalise(tag), self._expand)) if k)
        if not parts:
            name = fold(normalise(tag))
            return name if len(name) >= MIN_WORD else None
        return parts[0] if len(parts) == 1 else parts

    def _tables(self, items: Sequence[int]) -> int:
        return len(set(map(self.table_of.__getitem__, items)))

    # -- terms --------------------------------------------------------------------------------

    def _terms(self, postings: dict[Key, list[int]]) -> list[Term]:
        words = self.words
        singles = {k: v for k, v in postings.items() if isinstance(k, str)}
        # A phrase written as one word ("domein overstijgend" = "domeinoverstijgend") is that word.
        joined_parts: set[str] = set()
        for two in [k for k in postings if isinstance(k, tuple) and len(k) == 2 and k not in self.tag_label]:
            joined = two[0] + two[1]
            if joined in singles:
                pair = postings.pop(two)
                singles[joined] = sorted(set(singles[joined]) | set(pair))
                # its parts, when mostly said in it, are said by the compound ("domein", "overstijgend")
                joined_parts.update(p for p in two if len(pair) * 10 >= len(singles.get(p, ())) * 6)
                postings[joined] = singles[joined]  # a curated word finds it written either way
        # Derivations of one stem are one word (its most used form names it).
        family: dict[str, str] = {}
        buckets: dict[str, list[str]] = {}
        for word in sorted(singles):
            if len(word) >= 7:
                buckets.setdefault(word[:7], []).append(word)
        members: dict[str, list[str]] = {}
        for bucket in buckets.values():
            for i, a in enumerate(bucket):
                root = family.get(a, a)
                for b in bucket[i + 1:]:
                    if b not in family and same_family(a, b):
                        family[b] = root
        # A derivation by prefix is its word's too: "verkokering" of "koker" ("ver" + "koker" + "ing").
        for word in sorted(singles):
            base = prefixed(word, self.words.language, singles)
            if base is not None and family.get(base, base) != family.get(word, word):
                old_root, new_root = family.get(word, word), family.get(base, base)
                for member, root in list(family.items()):
                    if root == old_root:
                        family[member] = new_root
                family[old_root] = new_root
        for word in singles:
            members.setdefault(family.get(word, word), []).append(word)
        merged: dict[str, list[int]] = {}
        for root, keys in members.items():
            merged[root] = singles[root] if len(keys) == 1 else sorted(set().union(*(singles[k] for k in keys)))
        self._family = family
        self._members = members
        out: list[Term] = []
        covered: set[str] = {family.get(p, p) for p in joined_parts}
        for k, items in postings.items():
            if not isinstance(k, tuple) or len(items) < 2:
                continue
            if k[0] == POLES:
                tables = self._tables(items)
                if tables >= self.min_tables:
                    spec = min(SPEC_MAX, sum(max(map(words.spec, p.split())) for p in k[1:]))
                    label = min(self.pole_label[k].items(), key=lambda kv: (-kv[1], kv[0]))[0]
                    out.append(Term(k, items, tables, spec, keys=k[1:], label=label))
                continue
            if k in self.tag_label:
                tables = self._tables(items)
                if tables >= self.min_tables:
                    spec = max(TAG_SPEC, min(SPEC_MAX, sum(words.spec(p) for p in k)))
                    out.append(Term(k, items, tables, spec, tagged=True))
                continue
            a, b = (family.get(p, p) for p in k)
            ca, cb = len(merged.get(a, ())), len(merged.get(b, ()))
            if a == b or 2 * len(items) < min(ca, cb):
                continue  # two words that only happen to meet: no phrase
            if max(words.spec(a), words.spec(b)) < 2 * MIN_SPEC:
                continue  # everyday words together ("advies van tafel") still say little
            tables = self._tables(items)  # (counted last: most pairs are let go above)
            if tables < self.min_tables:
                continue
            out.append(Term(k, items, tables, min(SPEC_MAX, words.spec_in_language(a) + words.spec_in_language(b))))
            for word, count in ((a, ca), (b, cb)):
                if len(items) * 10 >= count * 6:
                    covered.add(word)  # "maat" is said by "menselijke maat"
        for root, items in merged.items():
            if root in covered and root not in self.tag_label:
                continue
            tagged = any(k in self.tag_label for k in members[root])
            if len(items) < 2 and not tagged:
                continue
            spec = words.spec(root)
            if spec < MIN_SPEC and not tagged:
                continue
            tables = self._tables(items)
            if tables < self.min_tables:
                continue
            out.append(Term(root, items, tables, max(spec, TAG_SPEC) if tagged else spec, tagged,
                            tuple(members[root])))
        return out

    # -- typos --------------------------------------------------------------------------------

    def _typos(self, postings: dict[Key, list[int]], chosen: list[Term]) -> list[Suggestion]:
        targets: dict[str, tuple[str, int]] = {}
        for term in chosen:
            if isinstance(term.key, tuple) and term.key[0] == POLES:
                continue
            for k in term.keys or ((term.key,) if isinstance(term.key, str) else ()):
                if len(k) >= 6:
                    targets[k] = (term.label, len(term.items))
        rare = {k: v for k, v in postings.items()
                if isinstance(k, str) and len(k) >= 6 and k not in targets and len(v) <= 2 and k not in self.words.zipf}
        out = [Suggestion(self._surface(k, rare[k]), like, tuple(rare[k])) for k, like in likely_typos(rare, targets)]
        out.sort(key=lambda s: (s.like, s.word))
        return out
