"""stats: each member's contributions per UTC month, kept from the daily summary by triggers

A quarter's figures add up the daily summary of three quarters (its own, the one before and
the one before that, to compare): about 50,000 member-day rows in a programme of 1,000
members. ``stats_contribution_months`` holds the same counts per member and UTC month, so
whole months are read a row per member; the days at a span's ends come from the daily
summary (added, or taken from their month when that is fewer days).

Triggers on ``stats_contribution_days`` add every change of a daily row to its month, in the
same transaction: the daily rows' keys never change (their triggers only move counts), so
an update adds the difference. A daily row deleted with its member or workspace takes its
counts away from a month that goes with them.

The facts in the hours around a span's UTC midnights are still counted one by one, found by
time. Answers, draft versions and feedback carry no workspace, so in a database of many
programmes those hours' rows of every programme are read and joined to their post or draft
to find this one's: the time indexes of these three tables now hold what is counted, so the
rows are read from the index alone (draft feedback had no time index at all).

Revision ID: 0022_stats_speed
Revises: 0021_delivery
Create Date: 2026-11-29 15:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022_stats_speed"
down_revision: str | None = "0021_delivery"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "stats_contribution_months"
DAYS = "stats_contribution_days"
COUNTS = ("ideas", "drafts", "feedback", "posts", "answers", "cheers", "bookings")
MONTH = {"sqlite": "date({}, 'start of month')", "postgresql": "date_trunc('month', {})::date"}
KEY = "workspace_id, month, member_id"
# (table, index, its columns before, its columns now)
INDEXES = (
    ("post_engagements", "ix_post_engagements_created", ["created_at"],
     ["created_at", "post_id", "member_id"]),
    ("draft_versions", "ix_draft_versions_created", ["created_at"], ["created_at", "draft_id"]),
    ("draft_feedback", "ix_draft_feedback_created", [], ["created_at", "draft_id", "reviewer_id"]),
)  # fmt: skip


def _add(month: str, values: str) -> str:
    """Add ``values`` (one per count, ``{c}`` standing for the count) to the month of NEW."""
    return (
        f"INSERT INTO {TABLE} ({KEY}, {', '.join(COUNTS)}) VALUES (NEW.workspace_id, "
        f"{month.format('NEW.day')}, NEW.member_id, "
        f"{', '.join(values.format(c=c) for c in COUNTS)}) ON CONFLICT ({KEY}) DO UPDATE SET "
        + ", ".join(f"{c} = {TABLE}.{c} + excluded.{c}" for c in COUNTS)
    )


def _take(month: str) -> str:
    """Take OLD's counts from its month."""
    return (
        f"UPDATE {TABLE} SET {', '.join(f'{c} = {c} - OLD.{c}' for c in COUNTS)} "
        f"WHERE workspace_id = OLD.workspace_id AND month = {month.format('OLD.day')} "
        "AND member_id = OLD.member_id"
    )


def _sqlite_triggers() -> list[str]:
    month = MONTH["sqlite"]
    return [
        f"CREATE TRIGGER {TABLE}_insert AFTER INSERT ON {DAYS} BEGIN {_add(month, 'NEW.{c}')}; END",
        f"CREATE TRIGGER {TABLE}_update AFTER UPDATE ON {DAYS} "
        f"BEGIN {_add(month, 'NEW.{c} - OLD.{c}')}; END",
        f"CREATE TRIGGER {TABLE}_delete AFTER DELETE ON {DAYS} BEGIN {_take(month)}; END",
    ]


def _postgresql_triggers() -> list[str]:
    month = MONTH["postgresql"]
    return [
        f"CREATE FUNCTION {TABLE}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"IF TG_OP = 'INSERT' THEN {_add(month, 'NEW.{c}')}; "
        f"ELSIF TG_OP = 'UPDATE' THEN {_add(month, 'NEW.{c} - OLD.{c}')}; "
        f"ELSE {_take(month)}; END IF; RETURN NULL; END $$",
        f"CREATE TRIGGER {TABLE} AFTER INSERT OR UPDATE OR DELETE ON {DAYS} "
        f"FOR EACH ROW EXECUTE FUNCTION {TABLE}()",
    ]


def backfill(dialect: str) -> str:
    """Every daily row added up into its month."""
    month = MONTH[dialect].format("day")
    return (
        f"INSERT INTO {TABLE} ({KEY}, {', '.join(COUNTS)}) "
        f"SELECT workspace_id, {month}, member_id, {', '.join(f'sum({c})' for c in COUNTS)} "
        f"FROM {DAYS} GROUP BY workspace_id, {month}, member_id"
    )


def create(name: str, at: sa.Column[object]) -> None:
    """A summary table ``name``: a count per kind for each (workspace, ``at``, member),
    going with its workspace and member (a later migration makes another one alike)."""
    op.create_table(
        name,
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        at,
        sa.Column("member_id", sa.Integer(), nullable=False),
        *(sa.Column(column, sa.Integer(), server_default="0", nullable=False) for column in COUNTS),
        *(
            sa.ForeignKeyConstraint(
                [column],
                [f"{table}.id"],
                name=op.f(f"fk_{name}_{column}_{table}"),
                ondelete="CASCADE",
            )
            for column, table in (("member_id", "members"), ("workspace_id", "workspaces"))
        ),
        sa.PrimaryKeyConstraint("workspace_id", at.name, "member_id", name=op.f(f"pk_{name}")),
        sqlite_with_rowid=False,
    )
    op.create_index(op.f(f"ix_{name}_member_id"), name, ["member_id"], unique=False)


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    create(TABLE, sa.Column("month", sa.Date(), nullable=False))
    op.execute(backfill(dialect))
    for statement in _sqlite_triggers() if dialect == "sqlite" else _postgresql_triggers():
        op.execute(statement)
    for table, index, before, now in INDEXES:
        if before:
            op.drop_index(index, table_name=table)
        op.create_index(index, table, now)


def downgrade() -> None:
    for table, index, before, _ in INDEXES:
        op.drop_index(index, table_name=table)
        if before:
            op.create_index(index, table, before)
    if op.get_bind().dialect.name == "sqlite":
        for event in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_{event}")
    else:
        op.execute(f"DROP TRIGGER IF EXISTS {TABLE} ON {DAYS}")
        op.execute(f"DROP FUNCTION IF EXISTS {TABLE}()")
    op.drop_index(op.f(f"ix_{TABLE}_member_id"), table_name=TABLE)
    op.drop_table(TABLE)
