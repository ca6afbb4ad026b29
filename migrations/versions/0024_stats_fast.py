"""stats: each member's contributions per UTC hour, kept by triggers; indexes that hold
what the programme's figures read

A period starts at midnight in the programme's time zone, which is not a UTC midnight: the
hours between the two, at both ends of every span, were counted from the facts. Answers,
draft versions and feedback carry no workspace, so in a database of many programmes every
programme's facts of those hours were read and joined to their post or draft to find this
one's (the dashboard's twelve-week trend has 24 such stretches). ``stats_contribution_hours``
holds one row per member and UTC hour with a count per kind, kept by the daily summary's
triggers (migration 0019) pointed at it, in the same transaction as the facts; only a time
zone whose midnight falls within an hour (India's, Nepal's) still counts part of an hour
from the facts.

Indexes: a quarter's idea funnel looks up each idea's first draft and first post, the
first-post figure looks for an author's posts before the period, and the support figures
read the period's requests for feedback. Each index here holds the key and the moment
looked for, so these are read from the index alone: ``(idea_id, created_at)`` on drafts and
``(draft_id, created_at)`` and ``(author_id, created_at)`` on posts replace the one-column
indexes (which served the foreign keys, as these still do), and
``(workspace_id, feedback_requested_at, first_feedback_at)`` on drafts is new.

On PostgreSQL the primary keys of the daily, monthly and hourly summaries carry the counts
(INCLUDE), so a span's rows are read from the index alone (given the visibility map that
autovacuum keeps) instead of from table pages shared with every other programme's rows; the
price is that a count's change also writes the index entry.

A later migration that recreates a fact table must create its triggers again, as for 0019.

Revision ID: 0024_stats_fast
Revises: 0023_survey_questions
Create Date: 2026-11-29 14:00:00.000000
"""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

import sqlalchemy as sa
from alembic import op

revision: str = "0024_stats_fast"
down_revision: str | None = "0023_survey_questions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "stats_contribution_hours"
# The UTC hour a moment falls in, as each database stores a moment (SQLAlchemy keeps
# 'YYYY-MM-DD HH:MM:SS.ffffff' text on SQLite).
HOUR = {
    "sqlite": "strftime('%Y-%m-%d %H:00:00.000000', {})",
    "postgresql": "date_trunc('hour', ({}) AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'",
}
# (table, index before or None, its column, index now, its columns)
INDEXES = (
    ("drafts", "ix_drafts_idea_id", "idea_id", "ix_drafts_idea_created", ["idea_id", "created_at"]),
    ("drafts", None, "", "ix_drafts_workspace_asked",
     ["workspace_id", "feedback_requested_at", "first_feedback_at"]),
    ("posts", "ix_posts_draft_id", "draft_id", "ix_posts_draft_created", ["draft_id", "created_at"]),
    ("posts", "ix_posts_author_id", "author_id", "ix_posts_author_created",
     ["author_id", "created_at"]),
)  # fmt: skip


def _migration(filename: str) -> ModuleType:
    """An earlier migration, whose code this one reuses (the folder is no package, so it is
    loaded from its file)."""
    path = Path(__file__).resolve().parent / filename
    spec = importlib.util.spec_from_file_location(f"stats_{path.stem}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def daily() -> ModuleType:
    """Migration 0019: the daily summary's triggers and backfill."""
    return _migration("0019_stats_daily.py")


def backfill(dialect: str) -> str:
    """Every fact counted into its hour."""
    return str(daily()._backfill(HOUR[dialect], TABLE, "hour"))


def triggers(dialect: str) -> list[str]:
    """The statements that create the triggers keeping the hourly summary."""
    made = daily()
    build = made._sqlite_triggers if dialect == "sqlite" else made._postgresql_triggers
    return list(build(HOUR[dialect], TABLE, "hour"))


# The summaries, by the name of their time column (their keys carry the counts on
# PostgreSQL: fetching a programme's rows from pages shared with every other programme's cost
# 80 ms of the dashboard's trend among 100 programmes).
SUMMARIES = (
    ("stats_contribution_days", "day"),
    ("stats_contribution_months", "month"),
    (TABLE, "hour"),
)


def _key(table: str, at: str, counts: Sequence[str] = ()) -> str:
    """The statement that makes ``table``'s primary key, carrying ``counts``."""
    include = f" INCLUDE ({', '.join(counts)})" if counts else ""
    return (
        f"ALTER TABLE {table} DROP CONSTRAINT pk_{table}, ADD CONSTRAINT pk_{table} "
        f"PRIMARY KEY (workspace_id, {at}, member_id){include}"
    )


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    # A table like the monthly summary's (migration 0022), by hour.
    _migration("0022_stats_speed.py").create(
        TABLE, sa.Column("hour", sa.DateTime(timezone=True), nullable=False)
    )
    op.execute(backfill(dialect))
    for statement in triggers(dialect):
        op.execute(statement)
    if dialect == "postgresql":
        for table, at in SUMMARIES:
            op.execute(_key(table, at, daily().COUNTS))
    for table, before, _, now, columns in INDEXES:
        op.create_index(now, table, columns)
        if before:
            op.drop_index(before, table_name=table)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table, at in SUMMARIES[:2]:
            op.execute(_key(table, at))
    for table, before, column, now, _ in INDEXES:
        if before:
            op.create_index(before, table, [column])
        op.drop_index(now, table_name=table)
    facts = [fact.table for fact in daily().FACTS]
    if op.get_bind().dialect.name == "sqlite":
        for fact in facts:
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_{fact}_{event}")
        op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_drafts_delete")
    else:
        for fact in (*facts, "drafts"):
            op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_{fact} ON {fact}")
            op.execute(f"DROP FUNCTION IF EXISTS {TABLE}_{fact}()")
    op.drop_index(op.f(f"ix_{TABLE}_member_id"), table_name=TABLE)
    op.drop_table(TABLE)
