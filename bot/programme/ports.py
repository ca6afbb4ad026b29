"""The programme's themes, and where they are kept."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Protocol

THEME_MAX_CHARS = 40


RECOMMENDED_THEMES = (5, 10)


@dataclass
class Theme:
    """Something the programme wants to be known for (5-10 recommended)."""

    id: int
    workspace_id: int
    name: str


def theme_key(name: str) -> str:
    """The form two theme names are compared in: case- and accent-insensitive."""
    decomposed = unicodedata.normalize("NFKD", name.strip().lstrip("#"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


class ThemeRepository(Protocol):
    """Programme themes."""

    async def list(self, workspace_id: int) -> list[Theme]: ...

    async def add(self, workspace_id: int, name: str) -> Theme:
        """Add a theme; raises StoreConflict if one with the same key exists."""
        ...

    async def remove(self, theme_id: int) -> None: ...
