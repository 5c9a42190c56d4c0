"""Names inside texts leave only with consent (issue 10, item 5): the plain-Python rule."""

from __future__ import annotations

from tafel.domain.exchange import table_to_export
from tafel.domain.redact import redact_names
from tafel.domain.table import Item, Participant, Table


def _table(*people: Participant, language: str = "nl", texts: tuple[str, ...] = ()) -> Table:
    items = [Item(f"i{n}", "gesprek", "note", text) for n, text in enumerate(texts)]
    return Table("t", "Tafel", "2024-03-07", "sturingsfilosofie", language=language, participants=list(people),
                 items=items)


def test_first_and_full_names_become_the_sector_whole_words_any_case() -> None:
    table = _table(Participant("p1", "Bram de Vries", "burger"), Participant("p2", "Ömer", "ondernemer"),
                   texts=("zoals Bram zei, en bram de vries ook", "Brammetje en Abraham blijven", "ÖMER: ja",
                          "Bram's punt"))
    out = redact_names(table)
    assert [i.text for i in out.items] == ["zoals [burger] zei, en [burger] ook", "Brammetje en Abraham blijven",
                                          "[ondernemer]: ja", "[burger]'s punt"]
    assert table.items[0].text == "zoals Bram zei, en bram de vries ook"  # the table itself stays


def test_consent_short_names_common_words_and_no_sector() -> None:
    table = _table(Participant("p1", "Anna", "burger", consent=True), Participant("p2", "Bo", "burger"),
                   Participant("p3", "Wil", None), Participant("p4", "Will Jansen", "citizen"), language="en",
                   texts=("Anna and Bo agree", "ik wil dat Wil het zegt", "we will ask Will Jansen and Will"))
    out = redact_names(table, common={"wil", "will"})
    assert [i.text for i in out.items] == ["Anna and Bo agree", "ik wil dat [participant] het zegt",
                                          "we will ask [citizen] and [citizen]"]


def test_the_export_document_carries_no_name_in_texts_poles_and_tags() -> None:
    table = _table(Participant("p1", "Fatima", "ambtenaar (uitvoering)"), texts=("Fatima vond dat",))
    table.items.append(Item("x", "gesprek", "tension", "", between=["wat Fatima wil", "regels"],
                            tags=["fatima"]))
    table.items.append(Item("d", "richting", "direction", "De richting van Fatima."))
    doc = table_to_export(table, exported_at="2024-03-07T12:00:00Z", generator="test")
    assert "Fatima" not in str(doc) and "fatima" not in str(doc)
    assert doc["items"][0]["text"] == "[ambtenaar (uitvoering)] vond dat"
    assert table.items[0].text == "Fatima vond dat"


def test_a_text_at_the_formats_limit_stays_within_it() -> None:
    pole = ("Bram " * 40).strip()  # 199 characters
    table = _table(Participant("p1", "Bram", "ambtenaar (uitvoering)"))
    table.items.append(Item("x", "gesprek", "tension", "", between=[pole, "regels"], tags=["Bram " * 19 + "x"]))
    out = redact_names(table).items[0]
    assert out.between[0] == " ".join(["[…]"] * 40) and len(out.between[0]) <= 200
    assert "Bram" not in out.tags[0] and len(out.tags[0]) <= 100
