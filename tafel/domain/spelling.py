"""Likely typos: a rare word one or two edits away from a topic's word ("verkokkering").

Offered to the organiser, never merged silently: "ontschotting" and "ontschotten" may be a typo,
or two words. Two words within ``k`` edits share a form with up to ``k`` letters left out, so the
candidates are found by lookup (symmetric deletion) and only those are compared letter by letter.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

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


def likely_typos(
    rare: Mapping[str, Sequence[int]], targets: Mapping[str, tuple[str, int]]
) -> list[tuple[str, str]]:
    """(rare word, the target's label) for each rare word close to a target used more often.

    ``rare``: word → the items it occurs in; ``targets``: word → (label, items it names).
    A typo seldom hits the first letter: "ontoegankelijk" is no typo of "toegankelijk".
    """
    index: dict[str, set[str]] = {}
    for t in targets:
        for variant in deletions(t, typos_allowed(t)):
            index.setdefault(variant, set()).add(t)
    out = []
    for word, items in rare.items():
        limit = typos_allowed(word)
        for t in sorted({t for v in deletions(word, limit) for t in index.get(v, ())}):
            if word[0] == t[0] and targets[t][1] > len(items) and within(word, t, min(limit, typos_allowed(t))):
                out.append((word, targets[t][0]))
                break
    return out
