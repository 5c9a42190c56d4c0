"""Problems the domain finds in data, kept as codes so the UI can say them in either language."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One thing wrong at one place: ``path`` is a TOML key path or JSON path."""

    path: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        detail = ", ".join(f"{k}={v}" for k, v in self.params.items())
        return f"{self.path}: {self.code}" + (f" ({detail})" if detail else "")


class TafelError(Exception):
    """An error a user can act on; ``key`` and ``params`` name the message in the catalogue."""

    def __init__(self, key: str, **params: Any) -> None:
        self.key = key
        self.params = params
        super().__init__(f"{key} {params}" if params else key)
