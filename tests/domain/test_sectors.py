"""One sector count (domain/sectors.py) for the closing screen, the summary and the verslag."""

from __future__ import annotations

from tafel.domain.sectors import SectorCount, count_sectors
from tafel.domain.table import Participant


def people(*sectors: str | None, consent: bool = False) -> list[Participant]:
    return [Participant(f"p{n}", name=f"Naam {n}", sector=s, consent=consent) for n, s in enumerate(sectors)]


def test_spellings_of_one_sector_are_one_sector_written_as_most_wrote_it() -> None:
    found = count_sectors(people("burger ", "Ambtenaar", "Burger", "BURGER", "Burger", "  Ambtenaar  "))
    assert found == [SectorCount("Burger", 4), SectorCount("Ambtenaar", 2)]


def test_spaces_and_compatibility_forms_fold_and_no_sector_comes_last() -> None:
    found = count_sectors(people(None, "Zorg  en welzijn", "   ", "zorg en\u00a0welzijn", "ﬁnanciën", "Financiën"))
    assert found == [SectorCount("Zorg en welzijn", 2), SectorCount("ﬁnanciën", 2), SectorCount(None, 2)]


def test_only_consented_names_are_listed() -> None:
    assert count_sectors(people("Burger", "burger", consent=True))[0].names == ("Naam 0", "Naam 1")
    assert count_sectors(people("Burger", "burger"))[0].names == ()
