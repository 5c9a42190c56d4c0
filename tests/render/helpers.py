"""Helpers for the summary tests: a table with a unique text in every field, and PDF text checks."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from pypdf import PdfReader

from tafel.canvases import Library
from tafel.storage.repository import Store

DATA = Path(__file__).parent / "data"


@dataclass
class Written:
    """What a test table holds, in the order a reader meets it."""

    table_id: str
    values: list[str] = field(default_factory=list)
    motivations: list[str] = field(default_factory=list)
    refs: list[str] = field(default_factory=list)
    direction: str = ""
    notes: list[str] = field(default_factory=list)
    poles: list[str] = field(default_factory=list)
    advice: list[str] = field(default_factory=list)  # in rank order
    sequence: list[str] = field(default_factory=list)  # every value, motivation, note, pole, advice, in order
    named: list[str] = field(default_factory=list)
    unnamed: list[str] = field(default_factory=list)


def write_table(
    store: Store, library: Library, *, canvas: str = "proeftafel", language: str = "nl",
    extra_note: str | None = None, title: str = "Tafel Zwolle",
) -> Written:
    """A table with a unique text in every field, so order and presence can be checked exactly."""
    c = library.get(canvas)
    table_id = store.create_table(
        title=title, canvas=c.id, canvas_version=c.version, date="2024-03-07", language=language,
        programme="Gesprekstafels proef", location="Zwolle", moderator="Mod",
    )
    w = Written(table_id)
    people = []
    for name, sector, consent in [
        ("Anouk Bakker", "burger", True), ("Bram Visser", "ondernemer", False),
        ("Chaima El Idrissi", "wetenschapper", True), ("Daan de Wit", "ambtenaar (beleid)", False),
    ]:
        people.append(store.add_participant(table_id, name=name, sector=sector, consent=consent))
        (w.named if consent else w.unnamed).append(name)
    deck = [card.value for card in c.deck]
    for rnd in c.rounds:
        if rnd.kind == "values":
            for n, p in enumerate(people):
                value = deck[n % len(deck)]
                ref = deck[(n + 1) % len(deck)]
                text = f"Motivatie {n} van {p.sector}: waarom {value} telt."
                store.add_item(table_id, round=rnd.id, kind="value", value=value, participant=p.id, text=text,
                               refs=[ref])
                w.values.append(value)
                w.motivations.append(text)
                w.refs.append(ref)
                w.sequence += [value, text, ref]
        elif rnd.kind == "direction":
            w.direction = f"Richting {rnd.id}: dichtbij de mensen, samen met de stad."
            store.save_direction(table_id, rnd.id, w.direction)
            w.sequence.append(w.direction)
        elif rnd.kind == "notes":
            for z in rnd.zones:
                for k in range(2):
                    text = f"Notitie {rnd.id}/{z.id} nummer {k}."
                    if z.kind == "tension":
                        a, b = f"pool-a-{z.id}-{k}", f"pool-b-{z.id}-{k}"
                        store.add_item(table_id, round=rnd.id, kind="tension", zone=z.id, text=text, between=[a, b])
                        w.poles += [a, b]
                        w.sequence += [a, b, text]  # the poles say what the note is about: first
                    else:
                        store.add_item(table_id, round=rnd.id, kind=z.kind, zone=z.id, text=text)
                        w.sequence.append(text)
                    w.notes.append(text)
        elif rnd.kind == "advice":
            ids = []
            for k in range(3):
                ids.append(store.add_item(table_id, round=rnd.id, kind="advice", text=f"Advies-{rnd.id}-{k}.").id)
            # Ranked in reverse of writing: the PDF must follow the rank, not the order written.
            store.rank_items(table_id, list(reversed(ids)))
            w.advice += [f"Advies-{rnd.id}-{k}." for k in (2, 1, 0)]
            w.sequence += [f"Advies-{rnd.id}-{k}." for k in (2, 1, 0)]
    if extra_note is not None:
        notes_round = next((r for r in c.rounds if r.kind == "notes"), None)
        if notes_round:
            z = notes_round.zones[0]
            store.add_item(table_id, round=notes_round.id, kind=z.kind, zone=z.id, text=extra_note,
                           between=["x", "y"] if z.kind == "tension" else [])
        else:
            store.add_item(table_id, round=c.rounds[0].id, kind="note", text=extra_note)
    return w


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


_FOOTER = re.compile(r"\n(Pagina|Page) \d+ (van|of) \d+\n[^\n]*\n?$")


def body_text(pdf: bytes) -> str:
    """The pages' text without their footers, so a text running over a page break reads as one."""
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(_FOOTER.sub("\n", page.extract_text() or "") for page in reader.pages)


def flat(text: str) -> str:
    """Whitespace folded: a phrase wrapped over two lines still reads as one."""
    return " ".join(text.split())


def in_order(haystack: str, needles: list[str]) -> list[str]:
    """The needles not found after the previous one (empty when all are there, in order)."""
    missing, at = [], 0
    for needle in needles:
        found = haystack.find(needle, at)
        if found < 0:
            missing.append(needle)
        else:
            at = found + len(needle)
    return missing
