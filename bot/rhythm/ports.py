"""The coordinators' tips, and where they are kept."""

from __future__ import annotations

from typing import Protocol


class TipRepository(Protocol):
    """Coordinators' tips for the weekly digest."""

    async def list(self, workspace_id: int) -> list[tuple[int, str]]: ...

    async def add(self, workspace_id: int, text: str) -> int: ...

    async def remove(self, workspace_id: int, tip_id: int) -> bool: ...
