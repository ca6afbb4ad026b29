"""Domain errors: each carries a catalogue msgid and its parameters, so the core can
answer the member privately in their own language."""

from __future__ import annotations

from bot.messages import Button


class ChorusError(Exception):
    """Something the member can fix; never a crash."""

    def __init__(
        self,
        msgid: str,
        *,
        buttons: tuple[Button, ...] = (),
        field: str | None = None,
        **params: object,
    ) -> None:
        super().__init__(msgid)
        self.msgid = msgid
        self.params = params
        self.buttons = buttons
        self.field = field  # the form input the message belongs to, if any


class UsageError(ChorusError):
    """The command line could not be understood; the message says what to type."""


class NotFound(ChorusError):
    """The thing named does not exist (any more)."""


class NotAllowed(ChorusError):
    """The member may not do this."""


class Conflict(ChorusError):
    """The thing changed under the member (someone else claimed it, it was archived)."""


class StoreConflict(Exception):
    """A storage uniqueness rule stopped a write (raised by repositories)."""
