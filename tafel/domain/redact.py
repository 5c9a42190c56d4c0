"""Names inside texts: a participant who did not consent to be named is not named in a text that
leaves the moderator's laptop either ("zoals Bram zei" → "zoals [burger] zei").

Plain Python. Applied to a copy of the table for an export and for the participant summary,
never to what is stored. Rules:

- a participant's full name and first name are replaced, as whole words (Unicode word
  boundaries), case-insensitively, by their sector in brackets ("[burger]"), or "[deelnemer]" /
  "[participant]" without a sector; the longest names first ("Bram de Vries" before "Bram");
- a name shorter than 3 letters is left alone (too many false hits: "Bo", "Li");
- a first name that is also one of the language's commonest words (``common``, given by the
  caller: "wil", "will", "hoop") is replaced only where it is written with a capital;
- a participant who consented is named anyway (the export carries their name), unless another,
  non-consenting participant has the same name: then the name is replaced (privacy wins).

Texts read: every item's text, a tension's poles and the tags. Where a sector would make one
longer than the export format allows, the names become "[…]" (and, should that not do, the text
is cut there with "…"): the export never fails on it.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import replace

from tafel.domain.limits import MAX_LENGTH
from tafel.domain.sectors import tidy_sector
from tafel.domain.table import Item, Table

MIN_NAME = 3
SHORT = "[…]"  # when the sector would make a text longer than the export format allows
_UNNAMED = {"nl": "deelnemer", "en": "participant"}


def _pattern(name: str, any_case: bool) -> re.Pattern[str]:
    body = r"\s+".join(re.escape(part) for part in name.split())
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE if any_case else 0)


def name_rules(table: Table, common: Collection[str] = ()) -> list[tuple[re.Pattern[str], str]]:
    """(pattern, replacement) for every name that must not leave, the longest names first."""
    unnamed = _UNNAMED.get((table.language or "nl")[:2].casefold(), _UNNAMED["nl"])
    found: dict[tuple[str, bool], str] = {}
    for person in table.participants:
        if person.consent or not person.name or not person.name.strip():
            continue
        label = f"[{tidy_sector(person.sector) or unnamed}]"
        full = " ".join(person.name.split())
        first = full.split()[0]
        for name in dict.fromkeys((full, first)):
            letters = sum(c.isalpha() for c in name)
            if letters < MIN_NAME:
                continue
            any_case = " " in name or name.casefold() not in common
            found.setdefault((name if any_case else name[0].upper() + name[1:], any_case), label)
    rules = sorted(found.items(), key=lambda kv: (-len(kv[0][0]), kv[0][0]))
    return [(_pattern(name, any_case), label) for (name, any_case), label in rules]


def _apply(text: str, rules: list[tuple[re.Pattern[str], str]], limit: int) -> str:
    out = text
    for pattern, label in rules:
        if out:
            out = pattern.sub(label, out)
    if len(out) > limit:  # a sector longer than the name, in a text near the format's limit
        out = text
        for pattern, _label in rules:
            out = pattern.sub(SHORT, out)
        out = out if len(out) <= limit else out[:limit - 1] + "…"
    return out


def redact_item(item: Item, rules: list[tuple[re.Pattern[str], str]]) -> Item:
    text = _apply(item.text, rules, MAX_LENGTH["text"])
    between = [_apply(p, rules, MAX_LENGTH["between"]) for p in item.between]
    tags = [_apply(tag, rules, MAX_LENGTH["tags"]) for tag in item.tags]
    if text == item.text and between == item.between and tags == item.tags:
        return item
    return replace(item, text=text, between=between, tags=tags)


def redact_names(table: Table, common: Collection[str] = ()) -> Table:
    """A copy of ``table`` whose texts name no participant who did not consent (the table itself
    is left as it is); the same table when there is nothing to replace."""
    rules = name_rules(table, common)
    if not rules:
        return table
    items = [redact_item(item, rules) for item in table.items]
    if all(a is b for a, b in zip(items, table.items, strict=True)):
        return table
    return replace(table, items=items)
