"""``validate_document`` gives the full schema's verdict, though it checks the schema's if/then by hand.

Every export the contract refuses is refused (the file's rules such as real dates and unique ids
refuse more), and every export the schema and rules accept is accepted, with the same words.
"""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Callable
from typing import Any

import pytest

from tafel.domain.errors import TafelError
from tafel.schema import schema, validate_document
from tafel.services.reading import parse_document
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
    # written as JSON's short escapes: \b and \f (the quick look at the file's text must see them too)
    "backspace_char": lambda d: d["participants"][0].update(sector="a\bb"),
    "formfeed_char": lambda d: _item("concept")(d).update(tags=["a\fb"]),
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


def _full_schema_refuses(doc: Doc) -> bool:
    import fastjsonschema

    try:
        fastjsonschema.compile(schema())(doc)
    except fastjsonschema.JsonSchemaValueException:
        return True
    return False


_RULES_ONLY = {"duplicate_id", "participant_id_reused", "control_char", "del_char", "backspace_char", "formfeed_char"}
_VALID = {"unknown_field_kept", "tab_in_text"}


@pytest.mark.parametrize("name", list(MUTATIONS))
def test_each_broken_rule_is_refused_as_the_schema_would(name: str) -> None:
    doc = copy.deepcopy(export(programme_tables()[0]))
    MUTATIONS[name](doc)
    raw = json.dumps(doc, ensure_ascii=False).encode()
    verdict = _canonical(json.loads(raw))
    if name in _VALID:
        assert verdict is None
        assert parse_document(raw) == json.loads(raw)
        return
    assert verdict is not None
    assert _full_schema_refuses(json.loads(raw)) == (name not in _RULES_ONLY)
    with pytest.raises(TafelError) as caught:
        parse_document(raw)
    assert f"{caught.value.key} {caught.value.params}" == verdict


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


def mutated(base: Doc, rng: random.Random) -> Doc:
    """``base`` with one to three fields replaced from POOL or removed."""
    doc = copy.deepcopy(base)
    places = _places(doc)  # taken before mutating: a replaced container just takes no more changes
    for _ in range(rng.randint(1, 3)):
        target, key = rng.choice(places)
        if rng.random() < 0.15:
            target.pop(key, None)
        else:
            target[key] = copy.deepcopy(rng.choice(POOL))
    return doc


def test_fuzzed_exports_get_the_full_schemas_verdict() -> None:

    import fastjsonschema

    full = fastjsonschema.compile(schema())
    rng = random.Random(2023)
    base = export(programme_tables()[0])
    accepted = refused = 0
    for _ in range(3000):
        doc = mutated(base, rng)
        parsed = json.loads(json.dumps(doc, ensure_ascii=False))
        try:
            full(parsed)
            schema_ok = True
        except fastjsonschema.JsonSchemaValueException:
            schema_ok = False
        ours = _canonical(parsed)
        if not schema_ok:
            assert ours is not None, parsed  # never more lenient than the contract
            refused += 1
        elif ours is None:
            accepted += 1
    assert accepted > 100 and refused > 100  # the fuzzing made both kinds
