"""The fast path of reading exports (tafel.schema.fast) is never laxer than the schema and its rules.

Every file it accepts, the full schema (fastjsonschema, its if/then included) and ``parse_document``
accept too, and ``parse_table`` gives the very Table (and ``exported_at``) that the slow way gives.
Run over the fuzz corpora (hostile documents, mutated exports, broken bytes) and over mutations
aimed at the fast path's own checks; tafel's own exports take the fast path.
"""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import fastjsonschema
import pytest

from tafel.domain.errors import TafelError
from tafel.domain.exchange import table_from_export, table_to_export
from tafel.domain.table import Tombstone
from tafel.schema import schema
from tafel.schema.fast import decode_valid
from tafel.services.reading import parse_document, parse_table
from tests.fuzz.test_hostile_import import hostile_document
from tests.merge.programme import export, programme_tables
from tests.merge.realistic import english_tables, realistic_tables
from tests.merge.test_hostile_files import BAD
from tests.merge.test_validation import mutated

Doc = dict[str, Any]
_FULL = fastjsonschema.compile(schema())


def _encodings(doc: Doc, n: int) -> bytes:
    """The document as a file: ASCII escapes or UTF-8, indented or not (by ``n``)."""
    try:
        return json.dumps(doc, ensure_ascii=bool(n % 2), indent=2 if n % 3 else None).encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate: only as an escape
        return json.dumps(doc).encode("utf-8")


def _mutated(count: int) -> Iterator[bytes]:
    """Exports with one to three fields replaced or removed (as test_validation fuzzes them)."""
    rng = random.Random(2026)
    base = export(programme_tables()[0])
    for n in range(count):
        yield _encodings(mutated(base, rng), n)


def _hostile(count: int) -> Iterator[bytes]:
    rng = random.Random(20261127)
    for n in range(count):
        yield _encodings(hostile_document(rng), n)


def _item(kind: str) -> Callable[[Doc], Doc]:
    return lambda d: next(i for i in d["items"] if i["kind"] == kind)


UPPER = "ABCDEF01-2345-4678-89AB-CDEF01234567"
# Times as the schema's date-time and parse_instant see them (some valid for one and not the other).
TIMES = ["2023-06-12T10:00:00Z", "2023-06-12t10:00:00z", "2023-06-12T10:00:60Z", "2023-02-29T10:00:00Z",
         "2024-02-29T10:00:00Z", "0000-02-29T10:00:00Z", "2023-06-12T10:00:00Z\n2023-06-12T10:00:00Z",
         "2023-06-12T10:00:00+0200", "2023-06-12T10:00:00.123456789+02:00", "2023-06-12T10:00:00.123456-23:59",
         "٢٠٢٣-06-12T10:00:00Z", "2023-06-12T10:00:00", "2023-06-12T24:00:00Z", "2023-06-12 10:00:00Z",
         "2023-06-12T10:00:00Z ", "", "2023-06-12T10:00:00.Z"]
def _times(key: str, value: str, every: bool) -> Callable[[Doc], None]:
    """``key`` set to ``value`` on the advice, or on every item (and participant, for updated_at)."""
    def mutate(d: Doc) -> None:
        targets = [_item("advice")(d)]
        if every:
            targets = d["items"] + (d["participants"] if key == "updated_at" else [])
        for target in targets:
            target[key] = value

    return mutate


# Aimed at what the fast path checks in its own way: each is refused by it, or gives the same Table.
AIMED: dict[str, Callable[[Doc], Any]] = {
    "upper_id": lambda d: _item("advice")(d).update(id=UPPER),
    "upper_table_id": lambda d: d["table"].update(id=UPPER),
    "braced_id": lambda d: _item("advice")(d).update(id="{" + d["items"][0]["id"] + "}"),
    "id_without_hyphens": lambda d: _item("advice")(d).update(id=d["items"][0]["id"].replace("-", "")),
    "id_hyphen_moved": lambda d: _item("advice")(d).update(id="0123456-78901-2345-6789-abcdefabcdef"),
    "id_37": lambda d: _item("advice")(d).update(id=d["items"][0]["id"][:-1] + "-0"),
    "id_35_and_37": lambda d: (_item("advice")(d).update(id=d["items"][0]["id"][:-1]),
                               _item("tension")(d).update(id=d["items"][1]["id"] + "0")),
    "id_unicode_digit": lambda d: _item("advice")(d).update(id="٠" + d["items"][0]["id"][1:]),
    "participant_upper": lambda d: _item("value")(d).update(participant=UPPER),
    "participant_id_twice": lambda d: d["participants"].append(dict(d["participants"][0])),
    "item_is_participant": lambda d: _item("note" if any(i["kind"] == "note" for i in d["items"]) else "advice")(d)
    .update(id=d["participants"][0]["id"]),
    "language_newline": lambda d: d["table"].update(language="nl\n"),
    "language_null": lambda d: d["table"].update(language=None),
    "language_missing": lambda d: d["table"].pop("language", None),
    "date_newline": lambda d: d["table"].update(date="2023-06-12\n"),
    "date_unicode_digits": lambda d: d["table"].update(date="٢٠٢٣-06-12"),
    "date_feb_30": lambda d: d["table"].update(date="2023-02-30"),
    "date_leap": lambda d: d["table"].update(date="2024-02-29"),
    "date_year_0": lambda d: d["table"].update(date="0000-01-01"),
    "date_week": lambda d: d["table"].update(date="2023-W01-1"),
    "version_float": lambda d: d.update(version=1.0),
    "version_true": lambda d: d.update(version=True),
    "generator_null": lambda d: d.update(generator=None),
    "exported_at_null": lambda d: d.update(exported_at=None),
    "exported_at_missing": lambda d: d.pop("exported_at"),
    "exported_at_offset": lambda d: d.update(exported_at="2023-07-04T10:00:00.123456+0200"),
    "exported_at_newline": lambda d: d.update(exported_at="2023-07-04T10:00:00Z\n"),
    "exported_at_feb_29": lambda d: d.update(exported_at="2023-02-29T10:00:00Z"),
    "exported_at_leap_second": lambda d: d.update(exported_at="2016-12-31T23:59:60Z"),
    "canvas_version_null": lambda d: d["table"].update(canvas_version=None),
    "canvas_version_big": lambda d: d["table"].update(canvas_version=2**63),
    "canvas_version_float": lambda d: d["table"].update(canvas_version=2.0),
    "rank_big": lambda d: _item("advice")(d).update(rank=2**63),
    "rank_largest": lambda d: _item("advice")(d).update(rank=2**63 - 1),
    "rank_float": lambda d: _item("advice")(d).update(rank=1.0),
    "rank_true": lambda d: _item("advice")(d).update(rank=True),
    "del_in_text": lambda d: _item("advice")(d).update(text="a\x7fb"),
    "bell_in_tag": lambda d: _item("advice")(d).update(tags=["a\u0007b"]),
    "tab_escaped": lambda d: _item("advice")(d).update(text="a\tb"),
    "backslash_b": lambda d: _item("advice")(d).update(text="C:\\bin"),
    "value_empty": lambda d: _item("value")(d).update(value=""),
    "value_null": lambda d: _item("value")(d).update(value=None),
    "value_missing": lambda d: _item("value")(d).pop("value"),
    "value_on_advice": lambda d: _item("advice")(d).update(value=""),
    "title_200_astral": lambda d: d["table"].update(title="𝕏" * 200),
    "title_201_astral": lambda d: d["table"].update(title="𝕏" * 201),
    "title_empty": lambda d: d["table"].update(title=""),
    "round_64": lambda d: _item("advice")(d).update(round="r" * 64),
    "round_65": lambda d: _item("advice")(d).update(round="r" * 65),
    "text_10000": lambda d: _item("advice")(d).update(text="é" * 10_000),
    "text_10001": lambda d: _item("advice")(d).update(text="é" * 10_001),
    "between_three": lambda d: _item("tension")(d).update(between=["a", "b", "c"]),
    "between_null": lambda d: _item("tension")(d).update(between=None),
    "tags_null": lambda d: _item("advice")(d).update(tags=None),
    "refs_number": lambda d: _item("value")(d).update(refs=[1]),
    "kind_unknown": lambda d: _item("advice")(d).update(kind="Advice"),
    "canvas_upper": lambda d: d["table"].update(canvas="Sturing"),
    "canvas_newline": lambda d: d["table"].update(canvas="sturingsfilosofie\n"),
    "zone_object": lambda d: _item("advice")(d).update(zone={"x": 1}),
    "zone_number": lambda d: _item("advice")(d).update(zone=7),
    "zone_text": lambda d: _item("advice")(d).update(zone="adviezen"),
    "updated_at_odd": lambda d: _item("advice")(d).update(updated_at="gisteren"),
    "updated_at_empty": lambda d: _item("advice")(d).update(updated_at=""),
    "updated_at_number": lambda d: _item("advice")(d).update(updated_at=42),
    "updated_at_good": lambda d: d["participants"][0].update(updated_at="2023-06-12T10:00:00+02:00"),
    "participant_name_empty": lambda d: d["participants"][0].update(name=""),
    "participant_name": lambda d: d["participants"][0].update(name="Anna"),
    "participant_extra": lambda d: d["participants"][0].update(kleur="rood"),
    "item_key_extra": lambda d: _item("advice")(d).update(extra={"a": 1}),
    "participant_key_consent": lambda d: d["participants"][0].update(consent=True),
    "table_extra": lambda d: d["table"].update(room="B12"),
    "doc_extra": lambda d: d.update(future=[1, 2]),
    "timing": lambda d: d.update(timing=[{"round": "gesprek", "title": "Gesprek", "planned_minutes": 30,
                                          "actual_minutes": 31.5}]),
    "timing_null": lambda d: d.update(timing=None),
    "timing_odd": lambda d: d.update(timing={"gesprek": 30}),
    "timing_deep": lambda d: d.update(timing=[{"round": [[[[1]]]]}]),
    "deletions": lambda d: d.update(deletions=[{"id": d["items"][0]["id"], "kind": "item",
                                                "deleted_at": "2023-06-12T11:00:00Z"}]),
    "deletions_null": lambda d: d.update(deletions=None),
    "deletions_odd": lambda d: d.update(deletions=[{"id": "nope", "kind": "item", "deleted_at": "x"}]),
    "deletions_not_list": lambda d: d.update(deletions="alles"),
    **{f"{key}_{'all_' if every else ''}{n}": _times(key, value, every) for key in ("created_at", "updated_at")
       for every in (False, True) for n, value in enumerate(TIMES)},
    "participants_101": lambda d: d.update(participants=[{"id": f"00000000-0000-4000-8000-{n:012d}"}
                                                         for n in range(101)]),
    "participants_100": lambda d: d.update(participants=[{"id": f"00000000-0000-4000-8000-{n:012d}"}
                                                         for n in range(100)]),
    "no_participants": lambda d: d.update(participants=[]),
    "no_items": lambda d: d.update(items=[]),
}


def _aimed() -> Iterator[tuple[str, bytes]]:
    base = export(programme_tables()[0])
    for n, (name, mutate) in enumerate(AIMED.items()):
        doc = copy.deepcopy(base)
        mutate(doc)
        for k in (0, 1):
            yield name, _encodings(doc, n + k)
    raw = json.dumps(base).encode()
    yield "duplicate_key_last_wins", raw.replace(b'"title": ', b'"title": "Eerst", "title": ', 1)
    yield "duplicate_key_last_bad", raw.replace(b'"title": ', b'"title": "Eerst", "title": 7, "x": ', 1)
    yield "bom", b"\xef\xbb\xbf" + raw
    yield "trailing_garbage", raw + b" x"
    yield "trailing_space", raw + b"\n \n"
    yield "not_utf8", raw.replace(b'"Tafel', b'"\xff', 1)
    yield "raw_control", raw.replace(b'"Tafel', b'"\x01', 1)
    yield "empty", b""
    yield "array", b"[]"
    for name, (make, _words) in BAD.items():
        yield name, make()


def _slow(raw: bytes) -> Doc | None:
    try:
        return parse_document(raw)
    except TafelError:
        return None


def _check(raw: bytes, where: str) -> bool:
    """Whether the fast path accepted ``raw``; fails when it accepted what the slow way refuses, or
    read it differently."""
    fast = decode_valid(raw)
    if fast is None:
        return False
    doc = _slow(raw)
    assert doc is not None, where
    _FULL(doc)  # the full schema, its if/then included (raises when it refuses)
    table, exported_at = parse_table(raw)
    assert repr(table) == repr(table_from_export(doc)), where  # repr: updated_at is not in ==
    assert exported_at == doc.get("exported_at"), where
    return True


def test_the_fast_path_accepts_nothing_the_schema_refuses() -> None:
    accepted = refused = 0
    corpora = [("mutated", _mutated(3000)), ("hostile", _hostile(1500)),
               ("aimed", (raw for _name, raw in _aimed()))]
    for corpus, raws in corpora:
        for n, raw in enumerate(raws):
            if _check(raw, f"{corpus} {n}"):
                accepted += 1
            else:
                refused += 1
    assert accepted > 300 and refused > 1000  # both kinds were made


@pytest.mark.parametrize("name", ["upper_id", "id_hyphen_moved", "id_35_and_37", "language_newline",
                                  "date_newline", "exported_at_newline", "rank_big", "del_in_text",
                                  "value_empty", "title_201_astral", "zone_object", "participant_extra",
                                  "item_key_extra", "timing_deep", "deletions_not_list", "participants_101"])
def test_what_the_fast_path_leaves_to_the_slow_way(name: str) -> None:
    raw = dict(_aimed())[name]
    assert decode_valid(raw) is None
    try:  # then parse_table gives the slow way's verdict, whichever it is
        doc = parse_document(raw)
    except TafelError as exc:
        with pytest.raises(TafelError) as caught:
            parse_table(raw)
        assert (caught.value.key, caught.value.params) == (exc.key, exc.params)
    else:
        assert repr(parse_table(raw)[0]) == repr(table_from_export(doc))


@pytest.mark.parametrize("name", ["timing", "timing_null", "deletions", "deletions_odd", "zone_text", "no_items",
                                  "updated_at_odd", "updated_at_good", "participant_name_empty", "title_200_astral",
                                  "participants_100", "exported_at_missing", "language_missing", "rank_largest",
                                  "duplicate_key_last_wins", "trailing_space", "date_leap", "exported_at_offset"])
def test_what_the_fast_path_reads_as_the_slow_way_does(name: str) -> None:
    raw = dict(_aimed())[name]
    assert _check(raw, name)


def test_tafels_own_exports_take_the_fast_path() -> None:
    tables = realistic_tables().tables + english_tables() + programme_tables()
    for n, table in enumerate(tables):
        for item in table.items:
            item.created_at = item.updated_at = "2023-06-12T10:00:00Z"
        table.participants[0].name, table.participants[0].consent = "Anna", True
        table.tombstones = [Tombstone("00000000-0000-4000-8000-000000000001", "item", "2023-06-12T11:00:00Z")]
        table.doc_extra = {"timing": [{"round": "gesprek", "title": "Gesprek", "planned_minutes": 30,
                                       "actual_minutes": None if n % 2 else 28.4}]}
        doc = table_to_export(table, exported_at="2023-06-12T12:00:00Z", generator="tafel test")
        for k in (0, 1, 2):
            assert _check(_encodings(doc, k), table.title), table.title
        read = parse_table(_encodings(doc, 0))[0]
        lists = [id(x) for i in read.items for x in (i.refs, i.between, i.tags, i.extra)]
        assert len(set(lists)) == len(lists)  # each item its own lists (no shared default)


def test_a_lone_surrogate_in_a_key_is_named_escaped() -> None:
    doc = export(programme_tables()[0])
    doc["items"][2]["x\ud800"] = 1
    with pytest.raises(TafelError) as caught:
        parse_document(json.dumps(doc).encode())
    path = caught.value.params["path"]
    assert path == 'items[2]."x\\ud800"'
    path.encode("utf-8")  # printable, and writable into the report of a merge that skips the file


def test_the_whole_file_id_check_agrees_with_a_check_per_id() -> None:
    import re

    from tafel.schema.fast import _canonical_ids

    one = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
    good = "0f0e0d0c-0b0a-4909-8807-060504030201"
    odd = [good.upper(), good[:-1], good + "0", good[:-1] + "\n", good.replace("-", "", 1) + "-",
           good[:8] + "0" + good[9:], "-" + good[1:], good[:35] + "é", good[:35] + "g", good[:35] + "٠", "",
           good[:-1] + "-", good.replace("-", "\n")]
    rng = random.Random(5)
    for _ in range(3000):
        ids = [rng.choice([good, good, *odd]) for _ in range(rng.randint(1, 6))]
        if rng.random() < 0.3:  # a split of canonical ids at other places than theirs
            joined = "".join(ids)
            cut = rng.randrange(len(joined) + 1)
            ids = [joined[:cut], joined[cut:]]
        assert _canonical_ids(ids) == all(one.fullmatch(i) for i in ids), ids


def test_a_listed_file_that_changed_since_the_listing_gets_read_bytes_words(tmp_path: Path) -> None:
    import os

    from tafel.services.merge_sources import _read_listed

    good = tmp_path / "goed.json"
    good.write_bytes(b"{}")
    assert _read_listed(good) == b"{}"
    fifo = tmp_path / "pijp.json"  # a pipe where the listing saw a file: never hangs, refused as read_bytes does
    os.mkfifo(fifo)
    with pytest.raises(TafelError) as caught:
        _read_listed(fifo)
    assert caught.value.key == "file.not_regular_fifo"
    with pytest.raises(TafelError) as caught:
        _read_listed(tmp_path / "weg.json")
    assert caught.value.key == "file.not_found"
    folder = tmp_path / "map.json"
    folder.mkdir()
    with pytest.raises(TafelError) as caught:
        _read_listed(folder)
    assert caught.value.key == "file.is_folder"


def test_a_folder_is_listed_in_the_order_of_its_paths(tmp_path: Path) -> None:
    from contextlib import ExitStack

    from tafel.services.merge_sources import collect

    names = ["a.json", "a-b.json", "a/b.json", "a b/c.json", "A.json", "é.json", "e/é/x.json", "z/0.json",
             "a/.verborgen.json", ".git/x.json", "__MACOSX/a.json", "a/a-/b.json", "a/a/b.json", "a.json.txt"]
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("{}", "utf-8")
    (tmp_path / "map.json").mkdir()  # a folder named like an export: passed over
    expected = sorted(p for p in tmp_path.rglob("*.json")
                      if p.is_file() and not any(part.startswith(".") or part == "__MACOSX"
                                                 for part in p.relative_to(tmp_path).parts))
    with ExitStack() as stack:
        found = list(collect([tmp_path], stack))
        assert [c.label for c in found] == [str(p) for p in expected]
        assert [c.read() for c in found] == [b"{}"] * len(expected)
