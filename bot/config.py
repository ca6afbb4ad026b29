"""Programme settings the core needs, already validated by whoever loaded them."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Programme:
    """Defaults for new workspaces and the rules that are the programme's to choose."""

    locale: str = "en"
    timezone: str = "UTC"
    themes: tuple[str, ...] = ()
    admins: frozenset[str] = field(default_factory=frozenset)
    channel_id: str | None = None
    cheer_emoji: str = "tada"
    page_size: int = 10
