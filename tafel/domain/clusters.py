"""Topics from terms used together: clustering by the items they share, the programme's examples
as one topic, the headline, and where section 3 puts each advice line."""

from __future__ import annotations

import math
from itertools import filterfalse, repeat

from tafel.domain.terms import (
    ASSOCIATION,
    HEADLINE,
    MAX_SHARE,
    MAX_TERMS,
    MENTIONED,
    MIN_CAP,
    Term,
    Topic,
    TopicsState,
    _by_tables,
    _is_tension,
    _mask,
    _word,
)


class Clustering(TopicsState):
    """Finding topics among the candidate terms (a mixin of ``Topics``)."""

    def _cases(self, topics: list[Topic]) -> list[Topic]:
        """Topics told mostly by examples (the canvas's example items: "energiecoöperatie in
        Drenthe", "burgerberaad klimaat") are the programme's examples and cases: one topic, in
        the place of the first, as a report gathers them. A topic's advice lines do not count."""
        examples, weigh = self._examples, self._weigh
        if not examples:
            return topics
        cases = []
        for n, topic in enumerate(topics):
            notes = list(topic.items if weigh is None else filterfalse(weigh.__getitem__, topic.items))
            told = sum(map(examples.__getitem__, notes))
            if told >= 2 and told * 3 >= len(notes) * 2:  # (one example is a case in point, not a case)
                cases.append(n)
        if len(cases) < 2:
            return topics
        joined = self._join([topics[n] for n in cases])
        return [joined if n == cases[0] else tp for n, tp in enumerate(topics) if n == cases[0] or n not in cases]

    def _cluster(self, terms: list[Term], headline: int = HEADLINE) -> list[Topic]:
        size = self.size
        clusters: list[list[Term] | None] = [[t] for t in terms]
        items = [_mask(t.items, size) for t in terms]
        every = set(range(self.tables_total))
        full = (1 << self.tables_total) - 1

        def table_mask(term: Term) -> int:
            found = set(map(self.table_of.__getitem__, term.items))
            if 2 * len(found) > len(every):  # a word at most tables: its mask from the few without it
                return full ^ _mask(every - found, self.tables_total)
            return _mask(found, self.tables_total)

        tables = [table_mask(t) for t in terms]
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

    def _homes(self) -> dict[int, int]:
        """Each weighed item (direction, advice) → the topic among the first ``HEADLINE + MENTIONED``
        whose rarest word it carries (the earlier topic on a tie): where section 3 puts it."""
        weigh = self._weigh
        # The rarest word first (the earlier topic on a tie: a stable sort): an item's home is the
        # first that carries it. In C: a large programme's topics carry hundreds of thousands.
        terms = sorted(((spec, number, items) for number, topic in enumerate(self.topics[:HEADLINE + MENTIONED])
                        for items, spec in topic.terms if spec > 0.0), key=lambda t: -t[0])
        home: dict[int, int] = {}
        for _spec, number, items in terms:
            weighed = items if weigh is None else filter(weigh.__getitem__, items)
            home.update(zip(filterfalse(home.__contains__, weighed), repeat(number)))
        return home
