"""The migrations build exactly the schema the models describe, in one line of history."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.database import create_engine
from storage.migrate import (
    alembic_config,
    applied_revisions,
    head_revisions,
    is_current,
    read_heads,
    upgrade,
)
from storage.models import Base


def test_the_migration_history_has_one_head() -> None:
    heads = ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()
    assert len(heads) == 1, heads


async def test_the_migrated_schema_matches_the_models(engine: AsyncEngine) -> None:
    def differences(connection: Connection) -> list[object]:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return list(compare_metadata(context, Base.metadata))

    async with engine.connect() as connection:
        assert await connection.run_sync(differences) == []
    assert await is_current(engine)


def test_the_heads_read_from_the_files_are_alembics() -> None:
    heads = ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()
    assert head_revisions() == frozenset(heads)


def _migration(folder: Path, name: str, body: str) -> None:
    (folder / f"{name}.py").write_text(f'"""{name}\n\nRevision ID: {name}\n"""\n\n{body}\n')


def test_a_plain_chain_and_a_merge_are_read_and_anything_else_is_left_to_alembic(
    tmp_path: Path,
) -> None:
    _migration(tmp_path, "a", 'revision: str = "a"\ndown_revision: str | None = None')
    _migration(tmp_path, "b", 'revision = "b"\ndown_revision = "a"')
    _migration(tmp_path, "c", 'revision = "c"\ndown_revision = "a"')
    assert read_heads(tmp_path) == frozenset({"b", "c"})
    _migration(tmp_path, "d", 'revision = "d"\ndown_revision = ("b", "c")')
    assert read_heads(tmp_path) == frozenset({"d"})
    _migration(tmp_path, "e", 'revision = "e"\ndown_revision = (\n    "d",\n)')
    assert read_heads(tmp_path) is None  # not a one-line literal
    _migration(tmp_path, "e", 'revision = "e"\ndown_revision = "d"\nbranch_labels = ("x",)')
    assert read_heads(tmp_path) is None
    _migration(tmp_path, "e", 'revision = "e"\ndown_revision = "gone"')
    assert read_heads(tmp_path) is None
    _migration(tmp_path, "e", 'revision = REVISION\ndown_revision = "d"')
    assert read_heads(tmp_path) is None


async def test_a_database_one_migration_behind_is_upgraded(engine: AsyncEngine) -> None:
    config = alembic_config(engine.url.render_as_string(hide_password=False))

    def downgrade(connection: Connection) -> None:
        config.attributes["engine"] = engine
        config.attributes["connection"] = connection
        command.downgrade(config, "-1")

    async with engine.begin() as connection:
        await connection.run_sync(downgrade)
    assert not await is_current(engine)
    await upgrade(engine)
    assert await is_current(engine)
    assert await applied_revisions(engine) == head_revisions()


async def test_a_fresh_database_has_no_applied_revisions(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path}/fresh.db")
    try:
        assert await applied_revisions(engine) is None
        assert not await is_current(engine)
        await upgrade(engine)
        assert await is_current(engine)
    finally:
        await engine.dispose()
