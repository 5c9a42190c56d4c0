"""The topic finder reads a note piece by piece (the pieces between its spaces, each keyed once);
the keys it finds so must be the keys reading the whole note gives, whatever the note holds:
abbreviations of one word and of several, capitals, accents, runs of spaces, tabs, new lines,
marks, glue words, tags."""

from __future__ import annotations

from itertools import chain, pairwise

import pytest
import simplemma

from tafel.domain.themes import Topics, _Pieces
from tafel.domain.vocabulary import ABBREVIATIONS, Learning, Words, expander

NOTES = [
    "Overheid en burger: vertrouwen herstellen, vooral de menselijke maat.",
    "ipv regels meer ruimte voor de ovh  en  de  Gemeente's",
    "mens. maat staat centraal i.p.v. de systeemwereld",
    "De MENS centraal; mens.maat\tin de uitvoering\nnieuwe regel",
    "Energiecoöp in Drenthe, Energiecooperatie en energiecoop. (o.a. zorgcoop)",
    "geest van de wet — rechtmatigheid <> maatwerk / right to challenge",
    "Z'n dilemma's: bv. de toeslagen, bijv de ‘menselijke’ maat…",
    "  spaties aan het begin en eind  ",
    "#verkokering schotten tussen departementen #ontschotten",
    "tav m.b.t. v.d. v/d gem. min. dept orgs",
    "İstanbul ǅemal ﬁets straße ΣΊΣΥΦΟΣ",  # characters whose case folding changes their length
    "",
    " ",
]


@pytest.mark.parametrize("note", NOTES)
def test_the_pieces_give_the_keys_of_the_whole_note(note: str) -> None:
    words = Words("nl", simplemma.lemmatize, {}, ["overheid", "burger"])
    expand = expander({**ABBREVIATIONS["nl"], "ovh": "overheid"})
    topics = Topics([], words, expand=expand)  # (for its key of a token)
    link = Learning(topics._linked)
    pieces = _Pieces(link, expand)
    whole = Topics._keys(note, link, expand)
    try:
        seq = list(chain.from_iterable(map(pieces.__getitem__, note.split(" "))))  # as Topics reads a note
    except TypeError:  # a longer abbreviation's first word: Topics reads the note whole
        assert any(pieces[p] is None for p in note.split(" "))
        return
    assert {*seq, *pairwise(seq)} == whole


def test_a_pasted_link_or_a_held_key_makes_no_topic() -> None:
    """A run of 9,000 letters at every table (a link's token pasted, a key held down) is no word:
    before, it headed the verslag as a topic 9,000 characters long (and cost a lemma per head)."""
    run = "x" * 9_000
    items = [(f"t{n}", f"wachtlijsten in de jeugdzorg {run}", ()) for n in range(4)]
    words = Words("nl", simplemma.lemmatize, {}, [])
    found = Topics(items, words)
    names = [t.name for t in found.topics]
    assert names and all(len(name) < 100 for name in names), [n[:80] for n in names]
    assert any("wachtlijst" in name for name in names), names
