"""The merge's fast validation path never accepts what ``tafel.schema.validate_document`` refuses."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest

from tafel.domain.errors import TafelError
from tafel.schema import validate_document
from tafel.services.merge import parse_export
from tafel.services.merge_check import _quick
from tests.merge.programme import export, programme_tables

Doc = dict[str, Any]


def _item(kind: str) -> Callable[[Doc], dict[str, Any]]:
    return lambda d: next(i for i in d["items"] if i["kind"] == kind)


MUTATIONS: dict[str, Callable[[Doc], None]] = {
    "value_null": lambda d: _item("value")(d).update(value=None),
    "value_empty": lambda d: _item("value")(d).update(value=""),
    "value_missing": lambda d: _item("value")(d).pop("value"),
    "kind_unknown": lambda d: _item("advice")(d).update(kind="mening"),
    "duplicate_id": lambda d: _item("advice")(d).update(id=d["items"][0]["id"]),
    "participant_id_reused": lambda d: _item("advice")(d).update(id=d["participants"][0]["id"]),
    "bad_date": lambda d: d["table"].update(date="2023-02-30"),
    "control_char": lambda d: _item("advice")(d).update(text="a\u0007b"),
    "del_char": lambda d: d["table"].update(title="a\x7fb"),
    "bad_uuid": lambda d: _item("direction")(d).update(id="nope"),
    "rank_zero": lambda d: _item("advice")(d).update(rank=0),
    "text_too_long": lambda d: _item("advice")(d).update(text="x" * 10_001),
    "three_poles": lambda d: _item("tension")(d).update(between=["a", "b", "c"]),
    "no_table_id": lambda d: d["table"].pop("id"),
    "version_2": lambda d: d.update(version=2),
    "items_not_list": lambda d: d.update(items={}),
    "refs_not_strings": lambda d: _item("value")(d).update(refs=[1]),
    "unknown_field_kept": lambda d: d.update(future={"x": "\u0001"}),  # valid: unknown fields are allowed
    "tab_in_text": lambda d: _item("advice")(d).update(text="a\tb\nc"),  # valid
}


def _canonical(doc: Doc) -> str | None:
    try:
        validate_document(doc)
    except TafelError as exc:
        return f"{exc.key} {exc.params}"
    return None


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_fast_path_agrees_with_the_schema(name: str) -> None:
    doc = copy.deepcopy(export(programme_tables()[0]))
    MUTATIONS[name](doc)
    raw = json.dumps(doc, ensure_ascii=False).encode()
    parsed = json.loads(raw)
    canonical = _canonical(parsed)
    if _quick(parsed, raw):
        assert canonical is None, f"fast path accepted what the schema refuses: {canonical}"
    try:
        parse_export(raw)
        got = None
    except TafelError as exc:
        got = f"{exc.key} {exc.params}"
    assert got == canonical  # the same verdict, and the schema's own words when refused


def test_valid_exports_take_the_fast_path() -> None:
    for table in programme_tables()[:3]:
        raw = json.dumps(export(table), ensure_ascii=False).encode()
        assert _quick(json.loads(raw), raw)


POOL: list[Any] = [None, "", "x", "x" * 101, "x" * 201, 0, 1, -1, 2.0, True, [], ["a", "b", "c"], {}, [1],
                   "2023-13-01T00:00:00Z", "2023-06-12T10:00:00Z", "2023-02-29", "2024-02-29", "nope",
                   "00000000-0000-4000-8000-000000000000", "ab\n", "value", "mening", "a\u0007b"]


def _places(doc: Doc) -> list[tuple[dict[str, Any], str]]:
    keys = ["format", "version", "exported_at", "generator", "table", "participants", "items"]
    places = [(doc, k) for k in keys]
    places += [(doc["table"], k) for k in [*doc["table"], "canvas_version", "language", "nieuw"]]
    for p in doc["participants"][:2]:
        places += [(p, k) for k in ["id", "name", "sector"]]
    for item in doc["items"]:
        places += [(item, k) for k in ["id", "round", "kind", "text", "value", "refs", "participant", "between",
                                       "rank", "tags", "created_at"]]
    return places


def test_fuzzed_exports_fast_path_never_more_lenient() -> None:
    import random

    rng = random.Random(2023)
    base = export(programme_tables()[0])
    accepted = 0
    for _ in range(3000):
        doc = copy.deepcopy(base)
        places = _places(doc)  # taken before mutating: a replaced container just takes no more changes
        for _ in range(rng.randint(1, 3)):
            target, key = rng.choice(places)
            if rng.random() < 0.15:
                target.pop(key, None)
            else:
                target[key] = copy.deepcopy(rng.choice(POOL))
        raw = json.dumps(doc, ensure_ascii=False).encode()
        parsed = json.loads(raw)
        if _quick(parsed, raw):
            accepted += 1
            assert _canonical(parsed) is None, (parsed, _canonical(parsed))
    assert accepted > 100  # the fuzzing also made valid exports, which the fast path took


def test_fast_conversion_equals_table_from_export() -> None:
    from tafel.domain.exchange import table_from_export
    from tafel.services.merge import to_table

    for table in programme_tables()[:4]:
        doc = export(table)
        assert to_table(doc) == table_from_export(doc)
        doc["items"][0]["nieuw_veld"] = {"x": 1}  # unknown fields: kept the foundation's way
        doc["participants"][1]["leeftijd"] = 40
        doc["table"]["zaal"] = "B"
        doc["extra"] = True
        assert to_table(doc) == table_from_export(doc)
