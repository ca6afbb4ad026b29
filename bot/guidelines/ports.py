"""Guidelines and the terms drafts are checked against, and where they are kept."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Protocol

GUIDELINES_MAX_CHARS = 5_000


TERM_MAX_CHARS = 100


class TermKind(Enum):
    """Coordinator-kept guideline terms."""

    OFF_LIMITS = "offlimits"  # named customers, product code names
    PITCH = "pitch"  # sales-pitch phrases, beside the built-in per-locale list


class GuidelineRepository(Protocol):
    """The programme's guidelines text and the terms its drafts are checked for."""

    async def text(self, workspace_id: int) -> str | None: ...

    async def set_text(self, workspace_id: int, text: str, at: datetime) -> None: ...

    async def terms(self, workspace_id: int, kind: TermKind) -> list[str]: ...

    async def add_term(self, workspace_id: int, kind: TermKind, term: str) -> bool:
        """False if the term (compared case- and accent-insensitively) is there already."""
        ...

    async def remove_term(self, workspace_id: int, kind: TermKind, term: str) -> bool: ...
