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
