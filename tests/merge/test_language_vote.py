"""The programme's language is the one most tables were held in; the notes of the tables that do
not say are read only until the vote is decided. Whatever the mix, the outcome is the one counting
every table's vote gives."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from tafel.domain.language import detect_language, programme_language
from tafel.domain.table import Item, Table

NOTES = {
    "nl": "de overheid en de burger zijn het niet eens over de regels van het spel met elkaar",
    "en": "the government and the people are not on the same page with the rules of this game",
    "none": "verkokering schotten dialoog toeslagen",
}


def _every_vote(tables: list[Table]) -> str:
    """The vote as counted before the notes were read lazily: every table, then the most common."""
    def language(t: Table) -> str:
        said = [lang for lang in (t.language,) if lang and lang != "nl"]
        return said[0] if said else detect_language([i.text for i in t.items if i.kind != "value"]) or "nl"

    votes = Counter(language(t) for t in tables)
    found = Counter(sorted(votes.elements())).most_common(1)[0][0]
    return found if found in ("nl", "en") else "nl"


@pytest.mark.parametrize("seed", range(300))
def test_the_vote_read_lazily_is_every_table_counted(seed: int) -> None:
    rng = random.Random(seed)
    tables = []
    for n in range(rng.randint(1, 12)):
        notes = [Item(f"{n}-{k}", "gesprek", "concept", NOTES[rng.choice(list(NOTES))] * rng.randint(1, 3))
                 for k in range(rng.randint(0, 4))]
        tables.append(Table(f"t{n}", f"Tafel {n}", "2024-01-01", "c", language=rng.choice(["nl", "nl", "en", "de", ""]),
                            items=notes))
    texts = [[i.text for i in t.items] for t in tables]
    assert programme_language(tables, [], texts) == programme_language(tables, []) == _every_vote(tables)
