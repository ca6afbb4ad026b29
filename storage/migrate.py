"""Run Alembic from code: ``chorus migrate`` and the start of ``chorus serve``.

A database already at the newest schema is the common case at every start, so it is
recognised without Alembic: the heads are read from the migration files' ``revision`` and
``down_revision`` assignments and compared with the ``alembic_version`` row. Anything
unusual (a file those two cannot be read from, branch labels, a missing version table)
goes through Alembic itself.
"""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
VERSIONS = MIGRATIONS / "versions"
VERSION_TABLE = "alembic_version"  # Alembic's default; env.py does not rename it


def alembic_config(url: str) -> Config:
    """Alembic's config for our migrations folder and ``url`` (no alembic.ini needed)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


# A module-level ``name = value`` (or ``name: type = value``) line of a migration file.
_ASSIGNMENT = re.compile(
    r"^(revision|down_revision|branch_labels|depends_on)\s*(?::[^=\n]*)?=\s*(.+?)\s*$",
    re.MULTILINE,
)


def _assignments(path: Path) -> dict[str, object] | None:
    """The ``revision``, ``down_revision``, ``branch_labels`` and ``depends_on`` of one
    migration file, or None when one of them is not a one-line literal or is repeated
    (parsing whole files would cost more than the check saves)."""
    found: dict[str, object] = {}
    for match in _ASSIGNMENT.finditer(path.read_text(encoding="utf-8")):
        name, value = match.groups()
        if name in found:
            return None
        try:
            found[name] = ast.literal_eval(value)
        except (ValueError, SyntaxError):
            return None
    return found


@cache
def head_revisions() -> frozenset[str] | None:
    """The heads of our migration history (see :func:`read_heads`), read once."""
    return read_heads(VERSIONS)


def read_heads(folder: Path) -> frozenset[str] | None:
    """The heads of the migration history in ``folder`` read from its files, or None when
    they use anything beyond a plain chain or merge (then only Alembic may say)."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in sorted(folder.glob("*.py")):
        found = _assignments(path)
        if found is None or found.get("branch_labels") or found.get("depends_on"):
            return None
        revision, down = found.get("revision"), found.get("down_revision")
        if not isinstance(revision, str) or revision in revisions:
            return None
        revisions.add(revision)
        if isinstance(down, str):
            parents.add(down)
        elif isinstance(down, (tuple, list)) and all(isinstance(d, str) for d in down):
            parents.update(down)
        elif down is not None:
            return None
    if not parents <= revisions:
        return None
    heads = frozenset(revisions - parents)
    return heads or None


async def applied_revisions(engine: AsyncEngine) -> frozenset[str] | None:
    """The revisions recorded in the database, or None before its first migration."""
    async with engine.connect() as connection:
        try:
            rows = await connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}"))
        except DBAPIError:  # no version table yet: a fresh database
            return None
        return frozenset(str(row[0]) for row in rows)


async def _at_head(engine: AsyncEngine) -> bool | None:
    """Whether the database is at the newest schema; None when the files do not say."""
    heads = head_revisions()
    if heads is None:
        return None
    return await applied_revisions(engine) == heads


async def upgrade(engine: AsyncEngine) -> None:
    """Upgrade the database behind ``engine`` to the newest schema (Alembic is loaded only
    when there is something to do or the history is not a plain one)."""
    if await _at_head(engine):
        return
    from alembic import command

    config = alembic_config(engine.url.render_as_string(hide_password=False))

    def run(connection: Connection) -> None:
        config.attributes["engine"] = engine
        config.attributes["connection"] = connection
        command.upgrade(config, "head")

    async with engine.begin() as connection:
        await connection.run_sync(run)


async def is_current(engine: AsyncEngine) -> bool:
    """Whether every migration has been applied."""
    at_head = await _at_head(engine)
    if at_head is not None:
        return at_head
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    heads = set(ScriptDirectory.from_config(alembic_config(str(engine.url))).get_heads())

    def current(connection: Connection) -> set[str]:
        return set(MigrationContext.configure(connection).get_current_heads())

    async with engine.connect() as connection:
        return await connection.run_sync(current) == heads
