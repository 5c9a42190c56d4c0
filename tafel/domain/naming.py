"""How a topic is named: each term by its most used wording, read back from the items that carry
it, and a topic by its terms' wordings that say most ("verkokering · schotten")."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from tafel.domain.terms import GLUE, MAX_GAP, NAME_TERMS, POLES, Term, Topic, TopicsState
from tafel.domain.vocabulary import fold, tokens


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


class Naming(TopicsState):
    """Names for terms and topics (a mixin of ``Topics``)."""

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
                for word in term.keys or (term.key,):
                    wanted_words[word] = term
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
                single = wanted_words.get(k)
                if single is not None:
                    seen.setdefault(id(single), Counter())[tok] += 1
                if prev is not None:
                    pair = wanted_pairs.get((prev[0], k))
                    if pair is not None:
                        seen.setdefault(id(pair), Counter())[" ".join(toks[prev[1]:pos + 1])] += 1
                prev, gap = (k, pos), 0
        for labelled in todo.values():
            counted = seen.get(id(labelled))
            if counted:
                # the most used wording; on a tie the one with its accents ("efficiëntie")
                labelled.label = min(counted.items(), key=lambda kv: (-kv[1], kv[0].isascii(), kv[0]))[0]
            else:
                labelled.label = labelled.key if isinstance(labelled.key, str) else " ".join(labelled.key)

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
        if len(terms) == 1:  # (most topics: a term's items are ascending already, its tables counted)
            members, tables = tuple(terms[0].items), terms[0].tables
        else:
            members = tuple(sorted(set().union(*(t.items for t in terms))))
            tables = self._tables(members)
        keys = frozenset(k for t in terms for k in (t.key, *t.keys))
        return Topic(" · ".join(shown), words, members, tables, any(t.tagged for t in terms),
                     tuple((t.items, t.spec) for t in terms), sum(t.salience for t in terms), keys=keys)

    def _surface(self, key: str, items: Sequence[int]) -> str:
        for tok in tokens(self._items[items[0]][1], self._expand):
            if self.words.key[tok] == key:
                return tok
        return key
