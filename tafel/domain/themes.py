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

Deterministic: every choice breaks ties by name.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import pairwise, repeat
from operator import is_not

from tafel.domain.spelling import likely_typos
from tafel.domain.values import normalise
from tafel.domain.vocabulary import (
    HASHTAG,
    MIN_WORD,
    SPEC_MAX,
    Learning,
    Words,
    fold,
    prefixed,
    same_family,
    tokens,
)

Key = str | tuple[str, ...]
Items = Sequence[tuple[str, str, Sequence[str]]]  # (table id, text, tags), a table's items together

POLES = "↔"  # first of a tension's key
BREAK = "\x00"  # a clause mark: no phrase spans it
MAX_GAP = 2  # function words a phrase may span ("geest van de wet", "right to challenge")
# The only function words a phrase spans: articles and the prepositions of fixed phrases.
GLUE = frozenset("van de het der des uit in op voor naar to of the a in for".split())  # noqa: SIM905
CANDIDATES = 200  # terms considered for topics (the heaviest first)
ASSOCIATION = 0.3  # cosine of item sets above which two terms are one topic
MAX_TERMS = 6  # terms in one topic
MAX_SHARE = 0.12  # of all items, the most one topic may gather by merging (min MIN_CAP)
MIN_CAP = 12
MIN_SPEC = 0.5  # a word this common is never a topic of its own (unless tagged)
NAME_TERMS = 3
TAG_SPEC = 3.0
HEADLINE = 12  # topics with their own heading in the verslag
MENTIONED = 40  # further topics named in one line (section 3 may put advice under them too)


@dataclass
class Term:
    key: Key
    items: list[int]
    tables: int
    spec: float
    tagged: bool = False
    keys: tuple[str, ...] = ()  # a word's variants (its family), for naming
    label: str = ""

    @property
    def salience(self) -> float:
        return self.tables * self.spec


@dataclass(frozen=True)
class Curated:
    """A topic the organiser names (``--curate``): it rests on the items carrying any of its words."""

    name: str
    words: tuple[str, ...]
    aliases: tuple[str, ...] = ()  # further words and spellings that count as its words (not shown)
    quotes: tuple[str, ...] = ()  # item ids to quote under it, in this order


@dataclass(frozen=True)
class Direction:
    """A development direction of section 3 in the organiser's words, and the advice it gathers:
    the lines named by id, and those whose text carries any of its words (or their variants)."""

    title: str
    text: str = ""
    advice: tuple[str, ...] = ()
    words: tuple[str, ...] = ()


@dataclass(frozen=True)
class Curation:
    """The organiser's curation: named topics, words never to make a topic of, and spellings that
    are one word after all ("verkokkering" = "verkokering"), written out like abbreviations; found
    topics to merge; the verslag's title, subtitle, introduction and summary; section 3's
    development directions; value groups."""

    themes: tuple[Curated, ...] = ()
    drop: tuple[str, ...] = ()
    same: tuple[tuple[str, str], ...] = ()
    merge: tuple[tuple[str, ...], ...] = ()
    title: str = ""
    subtitle: str = ""
    introduction: str = ""
    summary: str = ""
    directions: tuple[Direction, ...] = ()
    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()


@dataclass(frozen=True)
class Topic:
    name: str
    words: tuple[str, ...]
    items: tuple[int, ...]  # indexes into the items given, ascending
    tables: int
    tagged: bool
    # The (items, spec) of each of its terms: which topic an advice carries most strongly.
    terms: tuple[tuple[Sequence[int], float], ...] = field(repr=False, compare=False, hash=False)
    weight: float = 0.0  # how much the topic says: its terms' tables × spec, summed
    curated: bool = False
    keys: frozenset[object] = field(default=frozenset(), repr=False, compare=False, hash=False)
    quotes: tuple[str, ...] = ()  # curated: the item ids the organiser chose to quote


@dataclass(frozen=True)
class Suggestion:
    """A rare word one typo away from a topic's word: offered, never merged."""

    word: str
    like: str
    items: tuple[int, ...]


_GLUE = "\x01"  # a glue word's mark in a token sequence (dropped before pairing)
_NOT_GLUE = partial(is_not, _GLUE)


def _chain(labels: list[str]) -> list[str]:
    """Phrases of one topic that overlap on a word read as one: "beginselen van behoorlijk" and
    "behoorlijk bestuur" are "beginselen van behoorlijk bestuur" (in the first one's place)."""
    out = list(labels)
    joined = True
    while joined:
        joined = False
        for i, a in enumerate(out):
            for j, b in enumerate(out):
                wa, wb = a.split(), b.split()
                if i != j and len(wa) > 1 and len(wb) > 1 and fold(wa[-1]) == fold(wb[0]) and POLES not in wa + wb:
                    out[i] = " ".join([*wa, *wb[1:]])
                    del out[j]
                    joined = True
                    break
            if joined:
                break
    return out


def _is_phrase(key: object) -> bool:
    return isinstance(key, tuple) and None not in key and (len(key) != 2 or key[0] != key[1])


def _is_tension(key: object) -> bool:
    return isinstance(key, tuple) and bool(key) and key[0] == POLES


def _word(key: object) -> str:
    """A single word's key, else "" (phrases and tensions are said by their words)."""
    return key if isinstance(key, str) else ""


def _by_tables(topic: Topic) -> tuple[int, int, str]:
    return -topic.tables, -len(topic.items), topic.name


def _mask(indexes: Sequence[int], size: int) -> int:
    bits = bytearray((size >> 3) + 1)
    for i in indexes:
        bits[i >> 3] |= 1 << (i & 7)
    return int.from_bytes(bits, "little")


class Topics:
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
        table_ids: dict[str, int] = {}
        self.table_of = [table_ids.setdefault(table, len(table_ids)) for table, _, _ in items]
        # Postings for every key, filled in C (map/any): a programme has many items, few words.
        postings: defaultdict[object, list[int]] = defaultdict(list)
        self.tag_label: dict[Key, str] = {}
        self._link = link = Learning(self._linked)
        for index, (_table, text, tags) in enumerate(items):
            found = self._keys(text, link, expand) if text else set()
            if tags or "#" in text:
                for tag in [*tags, *HASHTAG.findall(text)]:
                    tk = self.tag_key(tag)
                    if tk:
                        self.tag_label.setdefault(tk, normalise(tag))
                        found.add(tk)
            any(map(list.append, map(postings.__getitem__, found), repeat(index)))
        self.tables_total = len(table_ids)
        self.size = len(items)
        clean = {k: v for k, v in postings.items() if k and (isinstance(k, str) or _is_phrase(k))}
        # A tension is its two poles together ("maatwerk ↔ rechtmatigheid", either way round): one
        # key of its own. The poles are opposites, not words used together: they join no topic.
        self.pole_label: dict[Key, Counter[str]] = {}
        self._apart: list[int] = []
        for index, pair in enumerate(poles or ()):
            if pair and len(pair) == 2:
                pk = self._pole_pair(pair)
                if pk:
                    clean.setdefault(pk, []).append(index)
                    self.pole_label.setdefault(pk, Counter())[f"{normalise(pair[0]).casefold()} {POLES} "
                                                              f"{normalise(pair[1]).casefold()}"] += 1
                    self._apart.append(index)
        self._postings: dict[Key, list[int]] = clean  # type: ignore[assignment]
        self.curated_missing: list[tuple[str, int]] = []  # curated topics found at too few tables
        # (kind, word) of the curation that matches nothing: one warning line each.
        self.unmatched: list[tuple[str, str]] = []
        terms = self._terms(self._postings)
        curated, taken = self._curated(curation) if curation else ([], set())
        if taken:  # a word the organiser placed or dropped makes no topic of its own
            terms = [t for t in terms if t.key not in taken and not taken.intersection(t.keys)]
        chosen = sorted(terms, key=lambda t: (-t.salience, str(t.key)))[:candidates]
        self._label(chosen)
        found = self._cluster(chosen, HEADLINE - len(curated))
        if curation and curation.merge:
            found = self._merged(found, curation.merge)
        self.topics = curated + found
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
        for k in [k for k, v in postings.items() if isinstance(k, tuple) and len(k) == 2 and k not in self.tag_label]:
            joined = k[0] + k[1]
            if joined in singles:
                pair = postings.pop(k)
                singles[joined] = sorted(set(singles[joined]) | set(pair))
                # its parts, when mostly said in it, are said by the compound ("domein", "overstijgend")
                joined_parts.update(p for p in k if len(pair) * 10 >= len(singles.get(p, ())) * 6)
                postings[joined] = singles[joined]  # a curated word finds it written either way
        # Derivations of one stem are one word (its most used form names it).
        family: dict[str, str] = {}
        buckets: dict[str, list[str]] = {}
        for k in sorted(singles):
            if len(k) >= 7:
                buckets.setdefault(k[:7], []).append(k)
        members: dict[str, list[str]] = {}
        for bucket in buckets.values():
            for i, a in enumerate(bucket):
                root = family.get(a, a)
                for b in bucket[i + 1:]:
                    if b not in family and same_family(a, b):
                        family[b] = root
        # A derivation by prefix is its word's too: "verkokering" of "koker" ("ver" + "koker" + "ing").
        for k in sorted(singles):
            base = prefixed(k, self.words.language, singles)
            if base is not None and family.get(base, base) != family.get(k, k):
                old_root, new_root = family.get(k, k), family.get(base, base)
                for member, root in list(family.items()):
                    if root == old_root:
                        family[member] = new_root
                family[old_root] = new_root
        for k in singles:
            members.setdefault(family.get(k, k), []).append(k)
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
            tables = self._tables(items)
            if tables < self.min_tables:
                continue
            if k in self.tag_label:
                spec = max(TAG_SPEC, min(SPEC_MAX, sum(words.spec(p) for p in k)))
                out.append(Term(k, items, tables, spec, tagged=True))
                continue
            a, b = (family.get(p, p) for p in k)
            ca, cb = len(merged.get(a, ())), len(merged.get(b, ()))
            if a == b or 2 * len(items) < min(ca, cb):
                continue  # two words that only happen to meet: no phrase
            if max(words.spec(a), words.spec(b)) < 2 * MIN_SPEC:
                continue  # everyday words together ("advies van tafel") still say little
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

    def _label(self, terms: list[Term]) -> None:
        """Name each term by its most used wording, read back from the items that carry it."""
        wanted_words: dict[str, Term] = {}
        wanted_pairs: dict[tuple[str, ...], Term] = {}
        for term in terms:
            if term.label:
                continue
            if term.key in self.tag_label:
                term.label = self.tag_label[term.key]
            elif isinstance(term.key, tuple):
                wanted_pairs[term.key] = term
            else:
                for k in term.keys or (term.key,):
                    wanted_words[k] = term
        seen: dict[int, Counter[str]] = {}
        todo = {id(t): t for t in [*wanted_words.values(), *wanted_pairs.values()]}
        scan = sorted({i for t in todo.values() for i in t.items[:60]})
        key = self.words.key
        for index in scan:
            text = self._items[index][1]
            toks = tokens(text, self._expand)
            prev: tuple[str, int] | None = None
            gap = 0
            for pos, tok in enumerate(toks):
                k = key[tok]
                if k is None:
                    gap += 1
                    if gap > MAX_GAP or tok not in GLUE:
                        prev = None
                    continue
                term = wanted_words.get(k)
                if term is not None:
                    seen.setdefault(id(term), Counter())[tok] += 1
                if prev is not None:
                    pair = wanted_pairs.get((prev[0], k))
                    if pair is not None:
                        seen.setdefault(id(pair), Counter())[" ".join(toks[prev[1]:pos + 1])] += 1
                prev, gap = (k, pos), 0
        for term in todo.values():
            counted = seen.get(id(term))
            if counted:
                # the most used wording; on a tie the one with its accents ("efficiëntie")
                term.label = min(counted.items(), key=lambda kv: (-kv[1], kv[0].isascii(), kv[0]))[0]
            else:
                term.label = term.key if isinstance(term.key, str) else " ".join(term.key)

    # -- curation -----------------------------------------------------------------------------

    def _word_keys(self, word: str) -> set[Key]:
        """The keys a curated word stands for: a word with its variants, or a phrase."""
        key = self.tag_key(word)
        if key is None:
            return set()
        if isinstance(key, str):
            root = self._family.get(key, key)
            found = {root, *self._members.get(root, [key])}
            return found | {pk for pk in self.pole_label if not found.isdisjoint(pk[1:])}  # its tensions
        if len(key) > 2:  # a chained phrase ("beginselen van behoorlijk bestuur"): its pairs
            return set(pairwise(key))
        return {key}

    def _found_keys(self, word: str, kind: str) -> set[Key]:
        """A curated word's keys that occur in the items; a word matching nothing is noted once."""
        keys = {k for k in self._word_keys(word) if self._postings.get(k)}
        if not keys and (kind, word) not in self.unmatched:
            self.unmatched.append((kind, word))
        return keys

    def carried(self, words: Sequence[str]) -> dict[int, int]:
        """Item index → how many of ``words`` (with their variants) its text carries."""
        out: Counter[int] = Counter()
        for word in words:
            keys = self._found_keys(word, "direction_word")
            out.update(set().union(*(self._postings[k] for k in keys)))
        return dict(out)

    def _curated(self, curation: Curation) -> tuple[list[Topic], set[object]]:
        taken: set[object] = set()
        for word in curation.drop:
            taken |= self._found_keys(word, "drop")
        out: list[Topic] = []
        for theme in curation.themes:
            keys: set[Key] = set()
            for word in theme.words:
                keys |= self._found_keys(word, "word")
            for word in theme.aliases:
                keys |= self._found_keys(word, "alias")
            taken |= keys
            members = sorted(set().union(*(self._postings.get(k, ()) for k in keys)))
            tables = self._tables(members)
            if tables < self.min_tables:
                self.curated_missing.append((theme.name, tables))
                continue
            # The organiser's own topic outweighs any found one for the advice that carries it.
            out.append(Topic(theme.name, theme.words, tuple(members), tables, False, ((members, math.inf),),
                             math.inf, True, frozenset(keys), theme.quotes))
        return out, taken

    def _merged(self, topics: list[Topic], groups: Sequence[Sequence[str]]) -> list[Topic]:
        """Found topics the organiser joins (``merge = [["verkokering", "schotten"]]``): the topics
        holding any of a group's words become one, in the place of the first, named by each one's
        first wording."""
        topics = list(topics)
        for group in groups:
            picked: list[int] = []
            for word in group:
                keys = self._word_keys(word)
                hits = [n for n, tp in enumerate(topics) if keys & tp.keys]
                if not hits:
                    self.unmatched.append(("merge", word))
                picked += [n for n in hits if n not in picked]
            if len(picked) < 2:
                continue
            picked.sort()
            topics[picked[0]] = self._join([topics[n] for n in picked])
            for n in reversed(picked[1:]):
                del topics[n]
        return topics

    def _join(self, parts: Sequence[Topic]) -> Topic:
        """Topics as one, named by each one's first wording."""
        members = tuple(sorted(set().union(*(tp.items for tp in parts))))
        words = tuple(dict.fromkeys(w for tp in parts for w in tp.words))
        names: list[str] = []
        said: set[str] = set()
        for tp in parts:  # a wording that repeats a word already in the name adds nothing
            first = tp.name.split(" · ")[0]
            parts_said = {fold(w) for w in first.split() if w != POLES}
            if len(names) < NAME_TERMS and not parts_said & said:
                names.append(first)
                said |= parts_said
        return Topic(" · ".join(names), words, members, self._tables(members), any(tp.tagged for tp in parts),
                     tuple(term for tp in parts for term in tp.terms), sum(tp.weight for tp in parts),
                     keys=frozenset().union(*(tp.keys for tp in parts)))

    def _cases(self, topics: list[Topic]) -> list[Topic]:
        """Topics told mostly by examples (the canvas's example items: "energiecoöperatie in
        Drenthe", "burgerberaad klimaat") are the programme's examples and cases: one topic, in
        the place of the first, as a report gathers them. A topic's advice lines do not count."""
        examples, weigh = self._examples, self._weigh
        if not examples:
            return topics
        cases = []
        for n, topic in enumerate(topics):
            notes = [i for i in topic.items if weigh is None or not weigh[i]]
            told = sum(map(examples.__getitem__, notes))
            if told >= 2 and told * 3 >= len(notes) * 2:  # (one example is a case in point, not a case)
                cases.append(n)
        if len(cases) < 2:
            return topics
        joined = self._join([topics[n] for n in cases])
        return [joined if n == cases[0] else tp for n, tp in enumerate(topics) if n == cases[0] or n not in cases]

    # -- topics -------------------------------------------------------------------------------

    def _cluster(self, terms: list[Term], headline: int = HEADLINE) -> list[Topic]:
        size = self.size
        clusters: list[list[Term] | None] = [[t] for t in terms]
        items = [_mask(t.items, size) for t in terms]
        tables = [_mask(sorted(set(map(self.table_of.__getitem__, t.items))), self.tables_total) for t in terms]
        counts = [len(t.items) for t in terms]
        cap = max(MIN_CAP, int(MAX_SHARE * size))
        together = ~_mask(self._apart, size)  # a tension's poles are not words used together

        def association(a: int, b: int) -> float:
            shared = (items[a] & items[b] & together).bit_count()
            if shared < 2 or (tables[a] & tables[b]).bit_count() < 2:
                return 0.0
            return shared / math.sqrt(counts[a] * counts[b])

        pairs: dict[tuple[int, int], float] = {}
        for a in range(len(terms)):
            for b in range(a + 1, len(terms)):
                s = association(a, b)
                if s >= ASSOCIATION:
                    pairs[(a, b)] = s
        while pairs:
            (a, b), _ = max(pairs.items(), key=lambda kv: (kv[1], -kv[0][0], -kv[0][1]))
            del pairs[(a, b)]
            ca, cb = clusters[a], clusters[b]
            assert ca is not None and cb is not None
            union = items[a] | items[b]
            if len(ca) + len(cb) > MAX_TERMS or union.bit_count() > max(cap, counts[a], counts[b]):
                continue
            ca.extend(cb)
            clusters[b] = None
            items[a], tables[a], counts[a] = union, tables[a] | tables[b], union.bit_count()
            pairs = {p: s for p, s in pairs.items() if b not in p and a not in p}
            for c in range(len(terms)):
                if c != a and clusters[c] is not None:
                    s = association(min(a, c), max(a, c))
                    if s >= ASSOCIATION:
                        pairs[(min(a, c), max(a, c))] = s
        topics = [self._topic(c) for c in clusters if c]
        topics = self._cases([t for t in topics if t.tables >= self.min_tables])
        # The headline is the topics that say most (a common word at many tables says less than a
        # telling one at several); the verslag shows them, and then the rest, most tables first.
        by_weight = sorted(topics, key=lambda t: (-t.weight, -t.tables, t.name))
        headline = max(0, headline)
        # A word already said by a heavier headline topic is not headlined again ("maatwerk ·
        # geest van de wet" after "rechtmatigheid ↔ maatwerk"): it is listed among the rest.
        first: list[Topic] = []
        rest: list[Topic] = []
        said: set[str] = set()
        for topic in by_weight:
            words = set(map(_word, topic.keys)).union(*(k[1:] for k in topic.keys if _is_tension(k)))
            words.discard("")
            if len(first) < headline and words.isdisjoint(said):
                first.append(topic)
                said |= words
            else:
                rest.append(topic)
        by_weight = first + rest
        return sorted(by_weight[:headline], key=_by_tables) + sorted(by_weight[headline:], key=_by_tables)

    def _topic(self, terms: list[Term]) -> Topic:
        # Named by its most used wordings, weighed by what they say ("kost" at two items names nothing).
        terms = sorted(terms, key=lambda t: (-len(t.items) * t.spec, t.label))
        labels = _chain([t.label for t in terms])
        shown: list[str] = []
        said: set[str] = set()
        for label in labels:  # a wording that repeats a word already in the name adds nothing
            parts = {fold(w) for w in label.split()}
            if len(shown) < NAME_TERMS and not parts & said:
                shown.append(label)
                said |= parts
        words = tuple(dict.fromkeys(w for label in labels for w in label.split(f" {POLES} ")))  # poles as words
        members = tuple(sorted(set().union(*(t.items for t in terms))))
        keys = frozenset(k for t in terms for k in (t.key, *t.keys))
        return Topic(" · ".join(shown), words, members, self._tables(members), any(t.tagged for t in terms),
                     tuple((t.items, t.spec) for t in terms), sum(t.salience for t in terms), keys=keys)

    def _homes(self) -> dict[int, int]:
        """Each weighed item (direction, advice) → the topic among the first ``HEADLINE + MENTIONED``
        whose rarest word it carries (the earlier topic on a tie): where section 3 puts it."""
        weigh = self._weigh
        best: dict[int, float] = {}
        home: dict[int, int] = {}
        for number, topic in enumerate(self.topics[:HEADLINE + MENTIONED]):
            for items, spec in topic.terms:
                for i in items:
                    if (weigh is None or weigh[i]) and spec > best.get(i, 0.0):
                        best[i] = spec
                        home[i] = number
        return home

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

    def _surface(self, key: str, items: Sequence[int]) -> str:
        for tok in tokens(self._items[items[0]][1], self._expand):
            if self.words.key[tok] == key:
                return tok
        return key
