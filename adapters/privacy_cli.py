"""``chorus member export`` and ``chorus member erase``: a member's rights, for operators."""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime
from pathlib import Path

from adapters.runtime import Runtime
from bot.i18n import Translator
from bot.model import Member, Platform, Workspace
from bot.privacy.service import export_zip

USAGE = "name the member as PLATFORM:USER_ID, for example slack:U0123ABCD (platform slack, teams or console)"


def parse_member(text: str) -> tuple[Platform, str] | None:
    """``slack:U0123ABCD`` → (Platform.SLACK, "U0123ABCD"); None if it is not that shape."""
    platform, colon, user_id = text.partition(":")
    try:
        chosen = Platform(platform.strip().casefold())
    except ValueError:
        return None
    user_id = user_id.strip()
    return (chosen, user_id) if colon and user_id else None


async def _find(
    runtime: Runtime, text: str, workspace: str | None
) -> tuple[Workspace, Member] | str:
    """The one member ``text`` names, or why there is none."""
    parsed = parse_member(text)
    if parsed is None:
        return f"{text!r}: {USAGE}"
    platform, user_id = parsed
    found: list[tuple[Workspace, Member]] = []
    async with runtime.uow() as uow:
        for candidate in await uow.workspaces.all():
            if candidate.platform is not platform:
                continue
            if workspace is not None and candidate.external_id != workspace:
                continue
            member = await uow.members.by_external_id(candidate.id, user_id)
            if member is not None:
                found.append((candidate, member))
    if not found:
        return f"no member {text} in Chorus (already erased, or never used it)"
    if len(found) > 1:
        names = ", ".join(w.external_id for w, _ in found)
        return f"{text} is a member of several workspaces ({names}): choose one with --workspace"
    return found[0]


async def member_export(runtime: Runtime, who: str, output: str, workspace: str | None) -> int:
    """Write one member's data to ``output`` as a ZIP."""
    found = await _find(runtime, who, workspace)
    if isinstance(found, str):
        print(f"chorus: {found}", file=sys.stderr)
        return 2
    space, member = found
    now = datetime.now(UTC)
    async with runtime.uow() as uow:
        tr = Translator(member.locale or space.locale, member.timezone or space.timezone)
        data = await export_zip(uow, member, tr, now)
    try:
        await asyncio.to_thread(_write_private, Path(output), data)
    except OSError as error:
        print(f"chorus: cannot write {output}: {error.strerror}", file=sys.stderr)
        return 1
    print(f"Wrote the data of {who} to {output} ({len(data)} bytes).")
    return 0


def _write_private(path: Path, data: bytes) -> None:
    """Write the file readable by its owner only: it holds a member's data."""
    with path.open("wb") as handle:
        handle.write(data)
    path.chmod(0o600)


async def member_erase(runtime: Runtime, who: str, workspace: str | None) -> int:
    """Erase one member, and say what was done."""
    found = await _find(runtime, who, workspace)
    if isinstance(found, str):
        print(f"chorus: {found}", file=sys.stderr)
        return 2
    space, member = found
    erasure = await runtime.core.erase_member(space, member, label="operator")
    print(
        f"Erased {who}: {erasure.deleted} rows of their own deleted, {erasure.anonymised} kept "
        f"for a former member, {erasure.superseded} undelivered messages stopped."
    )
    return 0
