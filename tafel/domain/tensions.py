"""Tensions (round 3's "x ↔ y"): their poles, as chosen at the table or read from the text, and
how often each pair came back, counted by the poles' lemmas ("Rechtmatigheden" is "rechtmatigheid")."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from tafel.domain.report import Entry, Tension
from tafel.domain.table import Item
from tafel.domain.values import normalise
from tafel.domain.vocabulary import Words, fold, tokens

# How a tension typed as text separates its poles: "korte termijn vs lange termijn".
_POLES = re.compile(r"\s+(?:vs\.?|versus|tegenover)\s+|\s*(?:<->|<>|↔|⟷)\s*", re.IGNORECASE)


def poles_of(item: Item) -> list[str]:
    """A tension's two poles: those chosen at the table, else read from its text."""
    poles = [p.strip() for p in item.between if p.strip()]
    if len(poles) == 2:
        return poles
    parts = [p.strip(" .;:") for p in _POLES.split(item.text.strip(), maxsplit=1)]
    return parts if len(parts) == 2 and all(parts) else []


def _pole_key(pole: str, words: Words) -> str:
    """A pole as lemmas: "Rechtmatigheden" and "rechtmatigheid" are one pole."""
    keys = [words.key[t] or fold(t) for t in tokens(pole, lambda s: s) if t[0].isalpha()]
    return " ".join(keys) or fold(pole)


def count_tensions(entries: Sequence[Entry], words: Words,
              poles: Sequence[Sequence[str] | None] | None = None) -> list[Tension]:
    """``poles``: each entry's ``poles_of`` where the caller has them already."""
    keyed: dict[tuple[str, ...], tuple[tuple[str, ...], str]] = {}  # the poles → their key and label

    def pole_key(two: tuple[str, ...]) -> tuple[tuple[str, ...], str]:
        found = keyed.get(two)
        if found is None:
            found = keyed[two] = tuple(sorted(_pole_key(p, words) for p in two)), f"{two[0]} ↔ {two[1]}"
        return found

    found: dict[tuple[str, ...], list[Entry]] = {}
    labels: dict[tuple[str, ...], Counter[str]] = {}
    for n, entry in enumerate(entries):
        item = entry.item
        if item.kind != "tension":
            continue
        two = poles[n] if poles is not None else poles_of(item)
        if two:
            key, label = pole_key(tuple(two))
        else:
            key = ("", normalise(item.text))
            label = item.text.strip()
        if not label:
            continue
        if key in found:
            found[key].append(entry)
            labels[key][label] += 1
        else:
            found[key] = [entry]
            labels[key] = Counter((label,))
    out = []
    for k, v in found.items():
        label = min(labels[k].items(), key=lambda kv: (-kv[1], kv[0]))[0]  # the most typed spelling
        out.append(Tension(label, len({e.table.id for e in v}), tuple(v), k if k[0] else ()))
    out.sort(key=lambda te: (-te.tables, -len(te.entries), te.label))
    return out


def conversation_text(item: Item) -> str:
    """What section 2 reads of an item: its text, and a tension's poles (each its own clause)."""
    if item.kind == "tension":
        return "\n".join([item.text, *poles_of(item)])
    return item.text
