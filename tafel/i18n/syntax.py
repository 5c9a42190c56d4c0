"""The parsers' own words in the user's language. tomllib and json say what is wrong in fixed
English sentences; each known one has a catalogue key (``syntax.toml``), so a Dutch line does not
end in English. A sentence not known here (a newer Python) is shown as the parser wrote it."""

from __future__ import annotations

import re

from tafel.i18n import get_language, t

_TOML_AT = r"(?P<msg>.*) \(at (?:line (?P<line>\d+), column (?P<column>\d+)|end of document)\)"

# Pattern of the parser's sentence → catalogue key; named groups are the key's parameters.
# Compiled on first use (by re's own cache): merge and import start without them.
_TOML: tuple[tuple[str, str], ...] = (
    (r"Invalid statement", "invalid_statement"),
    (r"Expected newline or end of document after a statement", "newline_after_statement"),
    (r"Expected '=' after a key in a key/value pair", "expected_equals"),
    (r"Expected '\]' at the end of a table declaration", "unclosed_table"),
    (r"Expected '\]\]' at the end of an array declaration", "unclosed_array_table"),
    (r"Expected (?P<what>.+)", "expected"),
    (r"Illegal character '\\n'", "unterminated_string"),  # a line ends inside a "text"
    (r"Found invalid character (?P<what>.+)", "invalid_character"),
    (r"Illegal character (?P<what>.+)", "invalid_character"),
    (r"Cannot declare (?P<name>.+) twice", "declared_twice"),
    (r"Cannot overwrite a value", "overwrite"),
    (r"Cannot mutate immutable namespace (?P<name>.+)", "overwrite_key"),
    (r"Cannot redefine namespace (?P<name>.+)", "overwrite_key"),
    (r"Duplicate inline table key (?P<name>.+)", "duplicate_key"),
    (r"Invalid initial character for a key part", "key_start"),
    (r"Unclosed array", "unclosed_array"),
    (r"Unclosed inline table", "unclosed_inline_table"),
    (r"Unescaped '\\' in a string", "backslash"),
    (r"Invalid hex value", "hex"),
    (r"Escaped character is not a Unicode scalar value", "not_unicode"),
    (r"Unterminated string", "unterminated_string"),
    (r"Invalid date or datetime", "date"),
    (r"Invalid value", "value"),
)

_JSON: tuple[tuple[str, str], ...] = (
    (r"Expecting value", "value"),
    (r"Expecting property name enclosed in double quotes", "property_name"),
    (r"Expecting ':' delimiter", "colon"),
    (r"Expecting ',' delimiter", "comma"),
    (r"Unterminated string starting at", "unterminated_string"),
    (r"Invalid control character at", "control_character"),
    (r"Invalid \\escape.*", "escape"),
    (r"Invalid \\uXXXX escape", "escape"),
    (r"Extra data", "extra_data"),
    (r"Illegal trailing comma before end of (object|array)", "trailing_comma"),
)


def _translated(message: str, known: tuple[tuple[str, str], ...], area: str) -> str:
    for pattern, key in known:
        if found := re.fullmatch(pattern, message, re.S):
            return t(f"syntax.{area}.{key}", **found.groupdict())
    return message


def toml_error(text: str) -> str:
    """What ``tomllib`` found wrong, and where (``str(TOMLDecodeError)``), in the user's language."""
    if get_language() == "en":
        return text
    at = re.fullmatch(_TOML_AT, text, re.S)
    if at is None:
        return _translated(text, _TOML, "toml")
    where = (t("syntax.at_line", line=at["line"], column=at["column"]) if at["line"]
             else t("syntax.at_end"))
    return f"{_translated(at['msg'], _TOML, 'toml')} ({where})"


def json_error(message: str) -> str:
    """``JSONDecodeError.msg`` (without its position) in the user's language."""
    return message if get_language() == "en" else _translated(message, _JSON, "json")
