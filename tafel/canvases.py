"""Finding and reading canvas files: the shipped ones, the user's own, and ``--canvas PATH``."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tafel.domain.canvas import Canvas, CanvasError, Card, parse_canvas
from tafel.domain.errors import Problem, TafelError
from tafel.files import FileTooLarge, NotRegularFile, read_regular

DEFAULT_CANVAS = "sturingsfilosofie"
MAX_CANVAS_BYTES = 4 * 1024 * 1024  # a canvas with a large deck is some tens of kB


def builtin_dir() -> Path:
    """The shipped canvases: ``tafel/_canvases`` in a wheel, the top-level folder in a checkout."""
    package = Path(__file__).resolve().parent
    inside = package / "_canvases"
    if inside.is_dir():
        return inside
    return package.parent / "canvases"


def load_file(path: Path) -> Canvas:
    """Read one canvas; raises CanvasError naming each problem (or the TOML syntax error)."""
    try:
        raw = read_regular(path, MAX_CANVAS_BYTES)
    except FileTooLarge:
        too_large = Problem("(file)", "too_large", {"max_mb": MAX_CANVAS_BYTES // 1_048_576})
        raise CanvasError([too_large], str(path)) from None
    except NotRegularFile as exc:
        raise CanvasError([Problem("(file)", "unreadable", {"error": exc.reason})], str(path)) from None
    except OSError as exc:
        raise CanvasError([Problem("(file)", "unreadable", {"error": exc.strerror or str(exc)})], str(path)) from None
    if len(raw) > MAX_CANVAS_BYTES:
        raise CanvasError([Problem("(file)", "too_large", {"max_mb": MAX_CANVAS_BYTES // 1_048_576})], str(path))
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CanvasError([Problem(f"(line {line})", "not_utf8", {})], str(path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise CanvasError([Problem("(toml)", "toml_syntax", {"error": str(exc)})], str(path)) from None
    except RecursionError:
        raise CanvasError([Problem("(toml)", "too_deep", {})], str(path)) from None
    return parse_canvas(data, source=str(path))


def same_shape(a: Canvas, b: Canvas) -> bool:
    """Whether ``b`` can stand in for ``a``: the same rounds and zones (ids and kinds), in order.

    A table's notes name their round and zone by id, so a canvas in another language must keep them.
    """
    def shape(c: Canvas) -> list[tuple[str, str, tuple[tuple[str, str], ...]]]:
        return [(r.id, r.kind, tuple((z.id, z.kind) for z in r.zones)) for r in c.rounds]

    return a.id == b.id and a.version == b.version and shape(a) == shape(b)


def translation_language(path: Path) -> str | None:
    """``vijf-stappen.en.toml`` is vijf-stappen in English: the language of a translation's file name."""
    parts = path.name.split(".")
    return parts[-2] if len(parts) == 3 and len(parts[-2]) == 2 and parts[-2].isalpha() else None


@dataclass
class Library:
    """The canvases by id; a user's canvas with a shipped id replaces the shipped one.

    A canvas may come in other languages too (``ID.LL.toml`` beside ``ID.toml``, the same rounds
    and zones): a table in that language gets it (``get(id, language)``); a translation whose rounds
    no longer match its canvas (the canvas was changed, or replaced by a user's) is not used.
    """

    canvases: dict[str, Canvas] = field(default_factory=dict)
    broken: list[CanvasError] = field(default_factory=list)
    translations: dict[tuple[str, str], Canvas] = field(default_factory=dict)

    def get(self, canvas_id: str, language: str | None = None) -> Canvas:
        found = self.find(canvas_id, language)
        if found is None:
            raise TafelError("canvas.unknown", canvas=canvas_id, known=", ".join(self.canvases))
        return found

    def find(self, canvas_id: str, language: str | None = None) -> Canvas | None:
        canvas = self.canvases.get(canvas_id)
        if canvas is None or language is None or language == canvas.language:
            return canvas
        other = self.translations.get((canvas_id, language))
        return other if other is not None and same_shape(canvas, other) else canvas

    def languages(self, canvas_id: str) -> list[str]:
        """The languages a canvas comes in: its own first."""
        canvas = self.canvases.get(canvas_id)
        if canvas is None:
            return []
        return [canvas.language, *sorted(lang for (cid, lang), other in self.translations.items()
                                         if cid == canvas_id and same_shape(canvas, other))]

    def all(self) -> list[Canvas]:
        """The default canvas first, then the others by name."""
        return sorted(self.canvases.values(), key=lambda c: (c.id != DEFAULT_CANVAS, c.name.casefold()))


def _files(paths: Iterable[Path]) -> list[Path]:
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out += sorted(path.glob("*.toml"))
        elif path.exists():
            out.append(path)
    return out


def _cross_aliases(library: Library) -> None:
    """A card is found by its name in either language: "trust" finds vertrouwen's card and back.

    The decks of a canvas and its translation match card for card, in order.
    """
    from dataclasses import replace

    for (canvas_id, lang), other in list(library.translations.items()):
        canvas = library.canvases.get(canvas_id)
        if canvas is None or not same_shape(canvas, other) or len(canvas.deck) != len(other.deck):
            continue

        def joined(card: Card, names: Card) -> Card:
            extra = tuple(n for n in (names.value, *names.aliases) if n != card.value and n not in card.aliases)
            return replace(card, aliases=card.aliases + extra)

        library.canvases[canvas_id] = replace(
            canvas, deck=tuple(joined(a, b) for a, b in zip(canvas.deck, other.deck, strict=True)))
        library.translations[(canvas_id, lang)] = replace(
            other, deck=tuple(joined(b, a) for a, b in zip(canvas.deck, other.deck, strict=True)))


def load_library(extra: Iterable[Path] = (), user_dir: Path | None = None) -> Library:
    """Shipped canvases, then the user's folder, then explicit paths: later ones win."""
    library = Library()
    sources = [builtin_dir(), *([user_dir] if user_dir else []), *extra]
    for path in _files(sources):
        try:
            canvas = load_file(path)
        except CanvasError as exc:
            library.broken.append(exc)
            continue
        if translation_language(path) is not None:
            library.translations[(canvas.id, canvas.language)] = canvas
        else:
            library.canvases[canvas.id] = canvas
    _cross_aliases(library)
    for path in extra:
        if not path.exists():
            library.broken.append(
                CanvasError([Problem("(file)", "unreadable", {"error": "not found"})], str(path))
            )
    return library
