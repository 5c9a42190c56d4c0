"""tomllib's and json's own sentences, said in Dutch: each broken document below gets a Dutch line
with its place, never a catalogue key and never the English sentence."""

from __future__ import annotations

import json
import tomllib

import pytest

from tafel import i18n
from tafel.i18n.syntax import json_error, toml_error

BROKEN_TOML = ['a = \n', 'a = "x', '[t\n', 'a = 1\na = 2', 'a b', 'x = {a=1,a=2}', 'x = [1,2', 'a = "\\q"',
               'x = 2023-13-01x', 'x = hello', '= 3', 'x = {a=1', '[[t\n', "a = '\x01'", 'a = "\\uD800"',
               'x = {a.b=1}\nx.a.c=2', '[a]\nb=1\n[a]', 'a = "\\uZZZZ"', 'a.b = 1\n[a.b]', 'id = "x\n',
               'a = 1999-99-99']
BROKEN_JSON = ['', '{a:1}', '{"a" 1}', '{"a":1 "b":2}', '"abc', '"a\x01"', '"\\q"', '{} x', '"\\u12"']
ENGLISH = ("Expect", "Invalid", "Cannot", "Unclosed", "Unterminated", "Found", "Illegal", "Duplicate",
           "Escaped", "Unescaped", "Extra", "at line", "end of document", "syntax.")


def _toml(doc: str) -> str:
    with pytest.raises(tomllib.TOMLDecodeError) as raised:
        tomllib.loads(doc)
    return str(raised.value)


@pytest.mark.parametrize("doc", BROKEN_TOML)
def test_a_toml_slip_is_said_in_dutch_with_its_place(doc: str) -> None:
    said = toml_error(_toml(doc))
    assert not any(word in said for word in ENGLISH), said
    assert said.endswith((")",)) and ("(regel " in said or "(aan het eind van het bestand)" in said), said


@pytest.mark.parametrize("doc", BROKEN_JSON)
def test_a_json_slip_is_said_in_dutch(doc: str) -> None:
    with pytest.raises(json.JSONDecodeError) as raised:
        json.loads(doc)
    said = json_error(raised.value.msg)
    assert said and not any(word in said for word in ENGLISH), said


def test_in_english_and_for_a_sentence_not_known_the_parsers_words_stay() -> None:
    english = _toml("a b")
    assert toml_error("Something new (at line 3, column 1)") == "Something new (regel 3, kolom 1)"
    i18n.set_language("en")
    try:
        assert toml_error(english) == english == "Expected '=' after a key in a key/value pair (at line 1, column 3)"
        assert json_error("Expecting value") == "Expecting value"
    finally:
        i18n.set_language("nl")
