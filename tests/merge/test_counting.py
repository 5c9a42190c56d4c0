"""The counting rules of the format README, on a programme built like the 2023 reference."""

from __future__ import annotations

import pytest
import simplemma

from tafel.domain.merge import Loaded, build_report
from tafel.domain.table import Item, Participant, Table
from tests.merge.programme import GROUPS, PLANTED, PROGRAMME, canvas, export, programme_tables


def _report(tables: list[Table], **kwargs: object):  # type: ignore[no-untyped-def]
    c = canvas()
    loaded = [Loaded(f"t{n}.json", t, "2023-07-04T10:00:00Z") for n, t in enumerate(tables)]
    kwargs.setdefault("lemmatize", simplemma.lemmatize)  # the domain has none of its own
    return build_report(loaded, canvases={c.id: c}, **kwargs)  # type: ignore[arg-type]


def test_reference_programme_figures() -> None:
    report = _report(programme_tables())
    data = report.to_json()
    assert (data["tables"], data["participants"], data["days"]) == (15, 75, 5)
    assert (data["first_date"], data["last_date"]) == ("2023-06-12", "2023-07-03")
    # The reference's four groups lead; the deck's other groups follow with fewer mentions.
    assert {g["group"]: g["mentions"] for g in data["value_groups"][:4]} == GROUPS
    assert [g["group"] for g in data["value_groups"][:4]] == list(GROUPS)  # most mentioned first
    assert all(g["mentions"] < 9 for g in data["value_groups"][4:])
    assert data["programme"] == PROGRAMME
    assert sum(data["sectors"].values()) == 75
    assert data["format"] == "tafel/report" and data["version"] == 1


def test_picked_referenced_mentions_tables_per_value() -> None:
    values = {v["value"]: v for v in _report(programme_tables()).to_json()["values"]}
    # 10 picks; refs "vertrouwen" x4 (one item names it twice: counted once).
    assert values["vertrouwen"] | {"tables": 0} == {
        "value": "vertrouwen", "picked": 10, "referenced": 4, "mentions": 14, "tables": 0,
        "group": "Vertrouwen, betrouwbaarheid en rechtvaardigheid",
    }
    # "Menselijke-Maat" and the deck's alias "menselijkemaat" are the card "menselijke maat".
    assert (values["menselijke maat"]["picked"], values["menselijke maat"]["referenced"]) == (8, 1)
    assert values["betrokkenheid"]["referenced"] == 3  # one via the alias "Betrokken"
    assert values["rechtmatigheid"]["mentions"] == 4
    assert values["rechtmatigheid"]["group"] == "Rechtsstaat en verantwoording"
    for v in values.values():
        assert v["mentions"] == v["picked"] + v["referenced"]
        assert 1 <= v["tables"] <= 15


def test_a_ref_to_the_card_itself_is_not_counted_and_tables_are_distinct() -> None:
    people = [Participant("00000000-0000-4000-8000-00000000000" + str(i)) for i in range(3)]
    items = [
        Item("10000000-0000-4000-8000-000000000001", "waarden", "value", "x", value="vertrouwen",
             refs=["vertrouwen", "Integriteit", "integriteit"]),
        Item("10000000-0000-4000-8000-000000000002", "waarden", "value", "y", value="Eigen Waarde", refs=[]),
        Item("10000000-0000-4000-8000-000000000003", "waarden", "value", "z", value="vertrouwen", refs=[]),
    ]
    table = Table("20000000-0000-4000-8000-000000000001", "T", "2024-01-01", "sturingsfilosofie",
                  participants=people, items=items)
    values = {v.value: v for v in _report([table]).values}
    assert (values["vertrouwen"].picked, values["vertrouwen"].referenced, values["vertrouwen"].tables) == (2, 0, 1)
    assert values["integriteit"].referenced == 1
    assert values["eigen waarde"].picked == 1  # not in any deck: counted under its own (normalised) name


def _topic_with(themes: list, word: str):  # type: ignore[no-untyped-def]
    """The topic among whose words ``word`` is (topics are named by several wordings now)."""
    return next(th for th in themes if any(word in w for w in th.words))


def test_planted_themes_come_out_at_exactly_their_tables() -> None:
    report = _report(programme_tables())
    themes = report.themes
    assert _topic_with(themes, "digitale kloof").tables == len(PLANTED["de digitale kloof"])
    assert _topic_with(themes, "energiecorporatie").tables == 3
    assert _topic_with(themes, "burgerberaad").tables == 2
    tagged = _topic_with(themes, "menselijke maat")
    assert tagged.tables == 6 and tagged.tagged
    words = {w for th in themes for w in th.words}
    assert not any("woningnood" in w for w in words)  # one table only: not a recurring theme
    assert "kloof" not in words and "digitaal" not in words  # said by the phrase
    ranked = [th.tables for th in themes]
    assert ranked == sorted(ranked, reverse=True)
    # Every theme can be traced to the items (and so the tables) that carry it.
    data = {th["theme"]: th for th in report.to_json()["themes"]}
    for th in themes:
        assert len({e.table.id for e in th.entries}) == th.tables
        assert data[th.theme]["items"] == len(data[th.theme]["item_ids"]) == th.items
    # Round 1's motivations ("Dit raakt aan mijn werk als …") are not section 2's conversation.
    assert not any(e.item.kind == "value" for th in themes for e in th.entries)


def test_tag_and_words_in_text_are_one_theme() -> None:
    def table(n: int, item: Item) -> Table:
        return Table(f"30000000-0000-4000-8000-00000000000{n}", f"T{n}", "2024-01-0" + str(n), "sturingsfilosofie",
                     items=[item])

    tables = [
        table(1, Item("40000000-0000-4000-8000-000000000001", "g", "note", "Meer menselijke maat graag.")),
        table(2, Item("40000000-0000-4000-8000-000000000002", "g", "note", "Iets", tags=["Menselijke-Maat"])),
        table(3, Item("40000000-0000-4000-8000-000000000003", "g", "note", "Regels boven de MENSELIJKE MAAT?")),
    ]
    themes = _report(tables).themes
    assert _topic_with(themes, "menselijke maat").tables == 3


def test_duplicates_newest_export_wins() -> None:
    tables = programme_tables()
    old = Loaded("a/old.json", tables[0], "2023-07-01T10:00:00Z")
    new_table = programme_tables()[0]
    new_table.id = tables[0].id
    new_table.title = "Nieuwe titel"
    new = Loaded("b/new.json", new_table, "2023-07-02T10:00:00+02:00")
    c = canvas()
    report = build_report([new, old], canvases={c.id: c}, lemmatize=simplemma.lemmatize)
    assert [t.title for t in report.tables] == ["Nieuwe titel"]
    assert {s.file: s.status for s in report.sources} == {"a/old.json": "duplicate", "b/new.json": "ok"}


def test_groups_given_by_the_organiser_replace_the_decks() -> None:
    report = _report(programme_tables(), groups={"Rechtsstaat": ["Rechtmatigheid", "integriteit"]})
    assert [(g.group, g.mentions) for g in report.value_groups] == [("Rechtsstaat", 8)]
    assert report.to_json()["groups_from"] == "file"


def test_export_helper_makes_valid_documents_that_read_back_as_the_same_tables() -> None:
    from tafel.domain.errors import TafelError
    from tafel.domain.exchange import table_from_export
    from tafel.schema import validate_document

    for table in programme_tables()[:3]:
        doc = export(table)
        validate_document(doc)  # raises TafelError where the document breaks the contract
        back = table_from_export(doc)
        assert (back.id, back.title, back.date, back.canvas) == (table.id, table.title, table.date, table.canvas)
        assert [(p.id, p.sector) for p in back.participants] == [(p.id, p.sector) for p in table.participants]
        assert [(i.id, i.kind, i.text) for i in back.items] == [(i.id, i.kind, i.text) for i in table.items]
    del doc["items"][0]["kind"]  # the validator is not a no-op: a broken item is refused
    with pytest.raises(TafelError):
        validate_document(doc)


def test_a_sector_typed_differently_at_two_tables_is_one_sector_in_the_report() -> None:
    tables = programme_tables()[:2]
    tables[0].participants = [Participant("50000000-0000-4000-8000-000000000001", sector="Burger"),
                              Participant("50000000-0000-4000-8000-000000000002", sector="  burger")]
    tables[1].participants = [Participant("50000000-0000-4000-8000-000000000003", sector="BURGER"),
                              Participant("50000000-0000-4000-8000-000000000004", sector=None)]
    report = _report(tables)
    assert report.sectors == {"Burger": 3}
    assert report.participants_without_sector == 1 and report.participants == 4
