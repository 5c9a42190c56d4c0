"""Finding and reading canvas files: the shipped ones, the user's own, and ``--canvas PATH``."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tafel.domain.canvas import Canvas, CanvasError, parse_canvas
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


@dataclass
class Library:
    """The canvases by id; a user's canvas with a shipped id replaces the shipped one."""

    canvases: dict[str, Canvas] = field(default_factory=dict)
    broken: list[CanvasError] = field(default_factory=list)

    def get(self, canvas_id: str) -> Canvas:
        try:
            return self.canvases[canvas_id]
        except KeyError:
            raise TafelError("canvas.unknown", canvas=canvas_id, known=", ".join(self.canvases)) from None

    def find(self, canvas_id: str) -> Canvas | None:
        return self.canvases.get(canvas_id)

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
        library.canvases[canvas.id] = canvas
    for path in extra:
        if not path.exists():
            library.broken.append(
                CanvasError([Problem("(file)", "unreadable", {"error": "not found"})], str(path))
            )
    return library
