"""Issue 9: nothing a file or a folder can hold gives a traceback or a hang in import or merge.

Each case runs ``tafel`` as a real process (a hang fails on the timeout): exit 2, a line naming the
file and what is wrong, no traceback, nothing written; with ``--skip-invalid`` the file is skipped.
"""

from __future__ import annotations

import json
import os
import struct
import zipfile
from pathlib import Path

import pytest

from tafel.domain.errors import TafelError
from tafel.services.reading import parse_document
from tests.merge.programme import export, install_canvases, programme_tables, write_programme
from tests.process import files_under, run_tafel


@pytest.fixture
def home(tafel_home: Path) -> Path:
    install_canvases(tafel_home)
    return tafel_home


def _doc() -> dict:
    return export(programme_tables(seed=9)[0])


def _deep(levels: int = 5000) -> bytes:
    doc = json.dumps(_doc())
    return (doc[:-1] + ', "future": ' + "[" * levels + "]" * levels + "}").encode()


def _nan(constant: str) -> bytes:
    return (json.dumps(_doc())[:-1] + f', "future": {constant}}}').encode()


def _lone_surrogate() -> bytes:
    return json.dumps(_doc()).replace('"text": "', '"text": "\\ud800', 1).encode()


BAD = {
    "deep": (_deep, "te diep genest"),
    "nan": (lambda: _nan("NaN"), "bevat NaN"),
    "infinity": (lambda: _nan("Infinity"), "bevat Infinity"),
    "minus_infinity": (lambda: _nan("-Infinity"), "bevat -Infinity"),
    "surrogate": (_lone_surrogate, "los surrogaatteken"),
    "float_overflow": (lambda: _nan("-1e400"), "bevat het getal -1e400, te groot om te bewaren"),
    "huge_integer": (lambda: _nan("1" * 5000), "bevat een getal van duizenden cijfers"),
}


@pytest.mark.parametrize("name", list(BAD))
def test_parse_refuses_in_one_line(name: str) -> None:
    make, words = BAD[name]
    with pytest.raises(TafelError) as caught:
        parse_document(make())
    from tafel.i18n import error

    assert words in error(caught.value)


def test_unknown_fields_may_nest_a_little_but_not_hundreds_deep() -> None:
    doc = _doc()
    doc["items"][2]["future"] = {"a": [[{"b": [1]}]]}
    doc["table"]["future"] = [[[]]] * 3
    assert parse_document(json.dumps(doc).encode())["items"][2]["future"] == {"a": [[{"b": [1]}]]}
    with pytest.raises(TafelError, match="too_deep"):
        parse_document(_deep(600))  # parses in Python, would fail later in a deeper stack
    doc["participants"][1]["x"] = json.loads("[" * 40 + "]" * 40)
    with pytest.raises(TafelError, match="too_deep"):
        parse_document(json.dumps(doc).encode())


def test_the_lone_surrogate_is_named_by_its_place() -> None:
    doc = _doc()
    doc["items"][3]["tags"] = ["goed", "\ud800x"]
    raw = json.dumps(doc).encode()  # ensure_ascii: the surrogate as an escape, as an attacker sends it
    with pytest.raises(TafelError) as caught:
        parse_document(raw)
    assert caught.value.params["path"] == "items[3].tags[1]"


def test_surrogate_pairs_and_escaped_backslashes_are_fine() -> None:
    doc = _doc()
    doc["items"][0]["text"] = "Een lach 😀 en een pad C:\\ud800"
    parse_document(json.dumps(doc).encode())  # 😀 as \ud83d\ude00, the path as \\ud800
    parse_document(json.dumps(doc, ensure_ascii=False).encode())


@pytest.mark.parametrize("name", ["deep", "nan", "surrogate", "huge_integer"])
def test_import_and_merge_refuse_and_skip(home: Path, tmp_path: Path, name: str) -> None:
    make, words = BAD[name]
    bad = tmp_path / "exports" / "zz" / "kapot.json"
    write_programme(tmp_path / "exports")
    bad.parent.mkdir(parents=True)
    bad.write_bytes(make())
    before = files_under(tmp_path)

    imported = run_tafel("import", bad, cwd=tmp_path, home=home)
    assert imported.code == 2 and "Traceback" not in imported.err
    assert imported.lines[0].startswith(f"{bad}: ") and words in imported.lines[0]

    merged = run_tafel("merge", "exports", "--json", "r.json", cwd=tmp_path, home=home)
    assert merged.code == 2 and "Traceback" not in merged.err
    assert merged.lines[0].startswith("exports/zz/kapot.json: ") and words in merged.lines[0]
    assert files_under(tmp_path) == before

    skipped = run_tafel("merge", "exports", "--json", "r.json", "--skip-invalid", cwd=tmp_path, home=home)
    assert skipped.code == 0, skipped.err
    assert "Overgeslagen: exports/zz/kapot.json" in skipped.err and words in skipped.err
    assert json.loads((tmp_path / "r.json").read_text("utf-8"))["tables"] == 15


def test_a_fifo_is_never_opened(home: Path, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.json")
    write_programme(tmp_path / "exports")
    os.mkfifo(tmp_path / "exports" / "pipe.json")
    before = files_under(tmp_path)
    for args in (("import", "pipe.json"), ("merge", "pipe.json"), ("merge", "exports", "--json", "r.json")):
        ran = run_tafel(*args, cwd=tmp_path, home=home, timeout=20)
        assert ran.code == 2, (args, ran.err)
        assert "pipe.json: geen gewoon bestand maar een named pipe (FIFO)" in ran.lines[0]
        assert "Traceback" not in ran.err
    assert files_under(tmp_path) == before
    skipped = run_tafel("merge", "exports", "--json", "r.json", "--skip-invalid", cwd=tmp_path, home=home)
    assert skipped.code == 0 and "exports/pipe.json: geen gewoon bestand" in skipped.err


def test_devices_and_symlinks_to_them(home: Path, tmp_path: Path) -> None:
    (tmp_path / "zero.json").symlink_to("/dev/zero")
    for target in ("/dev/zero", "zero.json"):
        for command in ("import", "merge"):
            ran = run_tafel(command, target, cwd=tmp_path, home=home, timeout=20)
            assert ran.code == 2 and "Traceback" not in ran.err
            assert ran.lines[0] == f"{target}: geen gewoon bestand maar een apparaat (device)"


def test_a_fifo_in_the_canvas_folder(home: Path, tmp_path: Path) -> None:
    os.mkfifo(home / "canvases" / "x.toml")
    listed = run_tafel("list", cwd=tmp_path, home=home, timeout=20)
    assert listed.code == 0, listed.err
    shown = run_tafel("canvases", cwd=tmp_path, home=home, timeout=20)
    assert shown.code == 0 and "x.toml: (file): kan niet worden gelezen: geen gewoon bestand" in shown.err
    checked = run_tafel("canvas", "check", home / "canvases" / "x.toml", cwd=tmp_path, home=home, timeout=20)
    assert checked.code == 2 and "geen gewoon bestand maar een named pipe" in checked.err


def _patched_zip(path: Path, *, flag: int = 0, method: int | None = None) -> Path:
    """A zip of one export whose header says ``flag`` (1: encrypted) or compression ``method``."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("tafels/table.json", json.dumps(_doc()))
    raw = bytearray(path.read_bytes())
    for signature, at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = raw.index(signature)
        old_flag, old_method = struct.unpack_from("<HH", raw, start + at)
        struct.pack_into("<HH", raw, start + at, old_flag | flag, old_method if method is None else method)
    path.write_bytes(bytes(raw))
    return path


@pytest.mark.parametrize(("flag", "method", "words"), [
    (1, None, "is versleuteld"),
    (0, 99, "methode 99"),  # AES, as WinZip writes it
    (0, 97, "methode 97"),  # WavPack: known to zipfile by name, not unpackable
])
def test_zip_members_that_cannot_be_unpacked(home: Path, tmp_path: Path, flag: int, method: int | None,
                                             words: str) -> None:
    _patched_zip(tmp_path / "tafels.zip", flag=flag, method=method)
    ran = run_tafel("merge", "tafels.zip", "--json", "r.json", cwd=tmp_path, home=home)
    assert ran.code == 2 and "Traceback" not in ran.err
    assert ran.lines[0].startswith("tafels.zip:tafels/table.json: ") and words in ran.lines[0]
    assert not (tmp_path / "r.json").exists()
    write_programme(tmp_path / "exports")
    skipped = run_tafel("merge", "tafels.zip", "exports", "--json", "r.json", "--skip-invalid", cwd=tmp_path,
                        home=home)
    assert skipped.code == 0 and "Overgeslagen: tafels.zip:tafels/table.json" in skipped.err


@pytest.mark.parametrize("kind", ["fifo", "deep"])
def test_a_groups_file_that_is_a_pipe_or_too_deep(home: Path, tmp_path: Path, kind: str) -> None:
    groups = tmp_path / "groepen.toml"
    if kind == "fifo":
        os.mkfifo(groups)
    else:
        groups.write_text("a = " + "[" * 5000 + "]" * 5000 + "\n", "utf-8")
    write_programme(tmp_path / "exports")
    ran = run_tafel("merge", "exports", "--groups", "groepen.toml", "--json", "r.json", cwd=tmp_path, home=home,
                    timeout=20)
    assert ran.code == 2 and "Traceback" not in ran.err and len(ran.lines) == 1
    words = "geen gewoon bestand maar een named pipe" if kind == "fifo" else "te diep genest"
    assert ran.lines[0].startswith("Groepenbestand groepen.toml ") and words in ran.lines[0]
    assert not (tmp_path / "r.json").exists()


@pytest.mark.parametrize("method", [zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_damaged_compressed_data_in_a_zip_is_one_line(home: Path, tmp_path: Path, method: int) -> None:
    path = tmp_path / "kapot.zip"
    with zipfile.ZipFile(path, "w", method) as zf:
        zf.writestr("t.json", json.dumps(_doc()))
    raw = bytearray(path.read_bytes())
    start = raw.index(b"PK\x03\x04") + 30 + len("t.json") + 20
    raw[start:start + 40] = bytes(40)  # zeros in the middle of the compressed stream
    path.write_bytes(bytes(raw))
    ran = run_tafel("merge", "kapot.zip", "--json", "r.json", cwd=tmp_path, home=home)
    assert ran.code == 2 and "Traceback" not in ran.err
    assert ran.lines[0].startswith("kapot.zip:t.json: bestand kan niet worden gelezen: ")
    assert not (tmp_path / "r.json").exists()


def test_file_names_that_are_not_utf8(home: Path, tmp_path: Path) -> None:
    """A name from a Windows or old Mac disk: bytes that are not UTF-8 show as \ufffd in the report."""
    folder = tmp_path / "exports"
    folder.mkdir()
    name = os.fsdecode(b"caf\xe9.json")
    (folder / name).write_text(json.dumps(_doc()), "utf-8")
    out = os.fsdecode(b"verslag-\xe9.md")
    ran = run_tafel("merge", "exports", "--json", "r.json", "--md", out, cwd=tmp_path, home=home)
    assert ran.code == 0 and "Traceback" not in ran.err, ran.err
    assert (tmp_path / out).exists()
    sources = json.loads((tmp_path / "r.json").read_text("utf-8"))["sources"]
    assert [s["file"] for s in sources] == ["exports/caf\ufffd.json"]
    exported = run_tafel("import", folder / name, cwd=tmp_path, home=home)
    assert exported.code == 0, exported.err
    table = exported.out.split("(")[-1].split(")")[0]
    into = tmp_path / os.fsdecode(b"map-\xe9")
    done = run_tafel("export", table, "--out", into, cwd=tmp_path, home=home)
    assert done.code == 0 and "Traceback" not in done.err, done.err
    assert (into / "table.json").exists()


def test_a_folder_nested_deeper_than_python_recurses(tmp_path: Path) -> None:
    """Searched without recursion: checked under a lowered recursion limit (a real 1200-deep tree
    would outlive the test, as pytest's own clean-up recurses)."""
    import inspect
    import sys
    from contextlib import ExitStack

    from tafel.services.merge_sources import collect

    deep = tmp_path / "exports" / Path(*["a"] * 150)
    deep.mkdir(parents=True)
    (deep / "table.json").write_text("{}", "utf-8")
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack(0)) + 60)  # well under the folder's depth
    try:
        with ExitStack() as stack:
            found = list(collect([tmp_path / "exports"], stack))
    finally:
        sys.setrecursionlimit(limit)
    assert [c.label for c in found] == [str(deep / "table.json")]


def test_hidden_folders_and_files_are_passed_over(home: Path, tmp_path: Path) -> None:
    write_programme(tmp_path / "exports")
    for hidden in (".prullenbak/table.json", "__MACOSX/01/table.json", "01/._table.json"):
        (tmp_path / "exports" / hidden).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "exports" / hidden).write_bytes(b"\x00\x05 not an export")
    ran = run_tafel("merge", "exports", "--json", "r.json", cwd=tmp_path, home=home)
    assert ran.code == 0, ran.err


@pytest.mark.parametrize(("place", "path"), [("canvas_version", "table.canvas_version"), ("rank", "items[")])
def test_integers_beyond_64_bits_in_known_fields(home: Path, tmp_path: Path, place: str, path: str) -> None:
    doc = _doc()
    if place == "rank":
        next(i for i in doc["items"] if i["kind"] == "advice")["rank"] = 10**20
    else:
        doc["table"]["canvas_version"] = 10**20
    (tmp_path / "groot.json").write_text(json.dumps(doc), "utf-8")
    ran = run_tafel("import", "groot.json", cwd=tmp_path, home=home)
    assert ran.code == 2 and "Traceback" not in ran.err
    assert ran.lines[0].startswith(f"groot.json: {path}") and "100000000000000000000 is te groot" in ran.lines[0]
    doc["future"] = 10**30  # an unknown field may hold one: it is kept as JSON text
    doc["table"]["canvas_version"] = 1
    for item in doc["items"]:
        if item.get("rank"):
            item["rank"] = 1
    assert parse_document(json.dumps(doc).encode())["future"] == 10**30


def test_a_zip_needing_a_newer_zip_version_is_one_line(home: Path, tmp_path: Path) -> None:
    path = tmp_path / "nieuw.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("t.json", json.dumps(_doc()))
    raw = bytearray(path.read_bytes())
    struct.pack_into("<H", raw, raw.index(b"PK\x01\x02") + 6, 255)  # "version needed to extract": 25.5
    path.write_bytes(bytes(raw))
    ran = run_tafel("merge", "nieuw.zip", "--json", "r.json", cwd=tmp_path, home=home)
    assert ran.code == 2 and "Traceback" not in ran.err
    assert ran.lines == ["nieuw.zip: dit is geen leesbaar zip-archief (zip file version 25.5)"]
