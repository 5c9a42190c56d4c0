"""The cached lemmatiser gives simplemma's own lemmas, and survives a broken cache file."""

from __future__ import annotations

from pathlib import Path

import simplemma

from tafel.services import lemmas

WORDS = ["regels", "overheden", "burgers", "gemeenten", "menselijke", "spraken", "waren", "digitale", "kloof"]


def test_cached_lemmas_are_simplemmas(tmp_path: Path) -> None:
    lemmatize = lemmas.lemmatizer(tmp_path / "a")
    assert [lemmatize(w, lang="nl") for w in WORDS] == [simplemma.lemmatize(w, lang="nl") for w in WORDS]


def test_the_cache_file_is_written_and_a_broken_one_rebuilt(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(lemmas, "_DECODED", {})
    lemmas.lemmatizer(tmp_path / "b")("regels", lang="nl")
    (cached,) = (tmp_path / "b").glob("simplemma-*-nl.lemmas")
    assert cached.stat().st_size > 1_000_000
    cached.write_bytes(b"\x00 not a table")
    monkeypatch.setattr(lemmas, "_DECODED", {})
    assert lemmas.lemmatizer(tmp_path / "c")("regels", lang="nl") == "regel"  # a fresh folder: decoded again
    monkeypatch.setattr(lemmas, "_DECODED", {})
    lemmatize = lemmas.lemmatizer.__wrapped__(tmp_path / "b")  # the broken file: rebuilt, not a crash
    assert lemmatize("burgers", lang="nl") == "burger"
    assert cached.read_bytes() != b"\x00 not a table"


def test_the_table_on_file_answers_as_the_dictionary_does(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Every entry of the decoded dictionary, read back from the cache file, and nothing else."""
    from simplemma.strategies.dictionaries.dictionary_factory import _load_dictionary_from_disk

    decoded = _load_dictionary_from_disk("nl")
    monkeypatch.setattr(lemmas, "_DECODED", {})
    lemmas.lemmatizer.__wrapped__(tmp_path)("regels", lang="nl")  # writes the table
    (cached,) = tmp_path.glob("simplemma-*-nl.lemmas")
    table = lemmas.FlatTable(cached.read_bytes())
    assert len(table) == len(decoded)
    assert all(table.get(k) == v for k, v in decoded.items())
    assert table.get(b"geenwoordvanhetnederlands") is None and b"" not in table



def test_simplemmas_private_loader_is_still_what_lemmas_py_expects() -> None:
    # The one simplemma internal tafel uses (services/lemmas.py): when this fails, simplemma changed.
    import inspect

    from simplemma.strategies.dictionaries.dictionary_factory import _load_dictionary_from_disk

    assert list(inspect.signature(_load_dictionary_from_disk).parameters) == ["langcode"]
    data = _load_dictionary_from_disk("nl")
    assert isinstance(data, dict) and data[b"regels"] == b"regel"


def test_the_cached_lemmatiser_is_not_the_fallback(tmp_path: Path) -> None:
    # Were an import in lemmatizer() to fail, it would quietly hand back simplemma.lemmatize.
    assert lemmas.lemmatizer(tmp_path / "d") is not simplemma.lemmatize


def test_a_merge_remembers_simplemmas_lemmas_and_the_next_one_needs_no_simplemma(tmp_path: Path) -> None:
    """The organiser merges again and again while curating: the second merge answers every word it
    met before from the memo, with simplemma's own lemmas, and does not load simplemma at all."""
    import subprocess
    import sys

    script = (
        "import sys\n"
        "from pathlib import Path\n"
        "from tafel.services.lemmas import RememberingLemmatizer\n"
        f"words = {WORDS!r}\n"
        "lemmatize = RememberingLemmatizer(Path(sys.argv[1]))\n"
        "print([lemmatize(w, lang='nl') for w in words])\n"
        "lemmatize.keep()\n"
        "print('simplemma' in sys.modules)\n"
    )
    expected = str([simplemma.lemmatize(w, lang="nl") for w in WORDS])
    runs = [subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True, check=True)
            for _ in range(2)]
    assert [r.stdout.splitlines() for r in runs] == [[expected, "True"], [expected, "False"]]


def test_a_memo_of_another_simplemma_or_a_damaged_one_is_not_believed(tmp_path: Path) -> None:
    import json

    first = lemmas.RememberingLemmatizer(tmp_path)
    assert first("regels", lang="nl") == "regel"
    first.keep()
    memo = tmp_path / lemmas.MEMO_FILE
    saved = json.loads(memo.read_text("utf-8"))
    assert saved["words"]["nl"] == {"regels": "regel"}
    saved["words"]["nl"]["regels"] = "verkeerd"
    memo.write_text(json.dumps({**saved, "simplemma": "an older simplemma"}), "utf-8")
    assert lemmas.RememberingLemmatizer(tmp_path)("regels", lang="nl") == "regel"
    memo.write_text('{"simplemma": ', "utf-8")  # cut off by a power cut
    assert lemmas.RememberingLemmatizer(tmp_path)("regels", lang="nl") == "regel"
