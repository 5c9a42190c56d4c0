"""The organiser's own files for a merge: value groups (``--groups``) and the curation
(``--curate``), each read as TOML with every problem one clear line."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from tafel.domain.errors import TafelError
from tafel.domain.report import Report
from tafel.domain.themes import Curated, Curation, Direction
from tafel.files import read_regular
from tafel.i18n import t
from tafel.i18n.syntax import toml_error
from tafel.services.reading import MAX_FILE_BYTES, without_bom


def read_toml(path: Path, kind: str) -> dict[str, Any]:
    """An organiser's TOML file (``--groups``, ``--curate``): a regular file only, every problem
    one line (``merge.<kind>_unreadable`` / ``merge.<kind>_invalid``)."""
    try:
        # Saved again in Notepad or PowerShell: a byte order mark, or UTF-16 (tomllib reads neither).
        return tomllib.loads(without_bom(read_regular(path, MAX_FILE_BYTES)).decode("utf-8"))
    except RecursionError:
        raise TafelError(f"merge.{kind}_invalid", file=path, error=t("errors.file.too_deep_toml")) from None
    except FileNotFoundError:
        raise TafelError(f"merge.{kind}_unreadable", file=path, error=t("errors.file.not_found")) from None
    except OSError as exc:
        raise TafelError(f"merge.{kind}_unreadable", file=path, error=exc.strerror or str(exc)) from None
    except UnicodeDecodeError as exc:
        raise TafelError(f"merge.{kind}_unreadable", file=path, error=str(exc)) from None
    except tomllib.TOMLDecodeError as exc:
        raise TafelError(f"merge.{kind}_invalid", file=path, error=toml_error(str(exc))) from None


def load_groups(path: Path) -> dict[str, list[str]]:
    """``--groups FILE``: TOML, each key a group name and its value the list of values in it."""
    data = read_toml(path, "groups")
    if set(data) == {"groups"} and isinstance(data["groups"], dict):
        data = data["groups"]
    out: dict[str, list[str]] = {}
    for name, values in data.items():
        if not name.strip():
            raise TafelError("merge.groups_invalid", file=path, error=t("errors.curation.nameless", section="groups"))
        if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
            raise TafelError("merge.groups_invalid", file=path, error=t("errors.merge.groups_shape", group=name))
        out[name] = values
    if not out:
        raise TafelError("merge.groups_invalid", file=path, error=t("errors.merge.groups_empty"))
    return out


CURATION_KEYS = ("title", "subtitle", "introduction", "summary", "drop", "merge", "theme", "direction", "same",
                 "groups", "themes", "directions")


def load_curation(path: Path) -> Curation:
    """``--curate FILE``: the organiser's hand on the verslag (TOML; README, "Curation file").

        title = "Verslag gesprekstafels 2023"     # plain keys before the first [[...]] or [...]
        subtitle = "…"
        introduction = '''Markdown paragraphs'''
        summary = '''…'''
        drop = ["gemeente"]                       # words that are no topic
        merge = [["verkokering", "schotten"]]     # found topics that are one

        [[theme]]                                 # a topic of the organiser's own, first
        name = "Verkokering en ontschotten"
        words = ["verkokering", "schotten", "ontschotten"]
        aliases = ["koker"]                       # count as its words, not shown
        quotes = ["item id", …]                   # quoted under it, in this order

        [[direction]]                             # section 3: a development direction
        title = "Verbinding"
        text = "…"
        words = ["verbinding", "menselijke maat"] # gathers the advice carrying any of these
        advice = ["item id", …]                   # and these advice lines

        [same]
        verkokkering = "verkokering"

        [groups]
        Betrouwbaarheid = ["vertrouwen", "integriteit"]

        [themes]                                  # the short form: one line each, after any [[theme]]
        "Publieke waarden" = ["publieke waarden", "integriteit"]
        [directions]                              # likewise, after any [[direction]]
        "Lokale kracht benutten" = ["energiecoöperatie", "burgerberaad"]
    """
    data = read_toml(path, "curate")

    def bad(what: str, **params: Any) -> TafelError:
        return TafelError("merge.curate_invalid", file=path, error=t(f"errors.merge.{what}", **params))

    def words(value: Any, key: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(w, str) and w.strip() for w in value):
            raise bad("curate_list", name=key)
        return tuple(w.strip() for w in value)

    def text(value: Any, key: str) -> str:
        if not isinstance(value, str):
            raise bad("curate_text", name=key)
        return value.strip()

    def tables(key: str) -> list[dict[str, Any]]:
        found = data.get(key, [])
        if not isinstance(found, list) or not all(isinstance(raw, dict) for raw in found):
            raise bad(f"curate_{key}")
        return found

    def short(key: str, name: str) -> list[dict[str, Any]]:
        """``[themes]`` / ``[directions]``: a name on each line, its value the words (or an inline
        table with the keys of ``[[theme]]`` / ``[[direction]]``)."""
        found = data.get(key, {})
        if not isinstance(found, dict):
            raise bad("curate_short", name=key)
        out = []
        for title, value in found.items():
            raw = {"words": value} if isinstance(value, list) else value
            if not isinstance(raw, dict):
                raise bad("curate_short", name=key)
            out.append({**raw, name: title})
        return out

    for key in data:
        if key not in CURATION_KEYS:
            raise bad("curate_unknown", name=key, known=", ".join(CURATION_KEYS))
    themes = []
    for raw in [*tables("theme"), *short("themes", "name")]:
        name = raw.get("name")
        if not isinstance(name, str) or not name.strip() or "words" not in raw:
            raise bad("curate_theme")
        for key in raw:
            if key not in ("name", "words", "aliases", "quotes"):
                raise bad("curate_unknown", name=f"theme.{key}", known="name, words, aliases, quotes")
        themes.append(Curated(name.strip(), words(raw["words"], "words"), words(raw.get("aliases", []), "aliases"),
                              words(raw.get("quotes", []), "quotes")))
    directions = []
    for raw in [*tables("direction"), *short("directions", "title")]:
        title = raw.get("title")
        if not isinstance(title, str) or not title.strip():
            raise bad("curate_direction")
        for key in raw:
            if key not in ("title", "text", "advice", "words"):
                raise bad("curate_unknown", name=f"direction.{key}", known="title, text, advice, words")
        directions.append(Direction(title.strip(), text(raw.get("text", ""), "text"),
                                    words(raw.get("advice", []), "advice"), words(raw.get("words", []), "words")))
    same = data.get("same", {})
    if not isinstance(same, dict) or not all(isinstance(v, str) and v.strip() for v in same.values()):
        raise bad("curate_same")
    merge_groups = data.get("merge", [])
    if not isinstance(merge_groups, list):
        raise bad("curate_merge")
    merges = tuple(words(g, "merge") for g in merge_groups)
    groups = data.get("groups", {})
    if not isinstance(groups, dict):
        raise bad("curate_list", name="groups")
    # One name twice (a [[theme]] and a [themes] line, or "Kloof" and "kloof ") would make two
    # sections that read as one, each resting on part of the notes.
    for section, names in (("theme", [th.name for th in themes]), ("direction", [d.title for d in directions])):
        seen: set[str] = set()
        for name in names:
            if name.casefold() in seen:
                raise TafelError("merge.curate_invalid", file=path,
                                 error=t("errors.curation.twice", section=section, name=name))
            seen.add(name.casefold())
    if any(not name.strip() for name in groups):
        raise TafelError("merge.curate_invalid", file=path, error=t("errors.curation.nameless", section="groups"))
    return Curation(
        tuple(themes), words(data.get("drop", []), "drop"),
        tuple((k.strip(), v.strip()) for k, v in same.items() if k.strip()), merges,
        title=text(data.get("title", ""), "title"), subtitle=text(data.get("subtitle", ""), "subtitle"),
        introduction=text(data.get("introduction", ""), "introduction"),
        summary=text(data.get("summary", ""), "summary"), directions=tuple(directions),
        groups=tuple((name.strip(), words(values, f"groups.{name}")) for name, values in groups.items()),
    )


def unmatched_groups(report: Report, groups: Mapping[str, Sequence[str]] | None) -> list[tuple[str, str]]:
    """The organiser's value groups (``--groups``, ``[groups]``) that count less than they say: a
    value no table picked or referred to (most often a typo: the group silently loses its mentions),
    and a group none of whose values was mentioned (left out of the verslag)."""
    if groups is None:
        return []
    mentioned = {v.value for v in report.values}
    counted = {g.group: g for g in report.value_groups}
    found: list[tuple[str, str]] = []
    for name in groups:
        group = counted.get(name)
        if group is None:
            found.append(("group", name))
            continue
        found += [("group_value", value) for value in group.values if value not in mentioned]
    return found


def warning_lines(report: Report) -> list[str]:
    """One line per word, alias or id of the curation file that matches nothing (for stderr)."""
    return [t(f"report.cli.unmatched_{kind}", name=name) for kind, name in report.curation_warnings]
