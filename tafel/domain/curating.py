"""The organiser's curation applied to the topics found: the words it names, its own topics
first, found topics it merges, and the words and ids in it that match nothing."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from itertools import pairwise

from tafel.domain.curation import Curation
from tafel.domain.terms import Key, Topic, TopicsState


class Curating(TopicsState):
    """Applying the curation (a mixin of ``Topics``)."""

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
