"""stats: each member's contributions per UTC day, kept up to date by triggers

The figures of a quarter used to count every idea, draft version, feedback, post, answer,
cheer and booking of three quarters one by one. ``stats_contribution_days`` holds one row
per member and UTC day with a count per kind; triggers on the seven fact tables add to it
when a fact is recorded and take away when one is deleted (an unlike, an erased member's
drafts, housekeeping), in the same transaction, whoever writes. Existing facts are counted
once here.

Draft versions are only ever deleted with their draft, so the draft's BEFORE DELETE trigger
takes its versions away (when the versions' own delete would run, the draft is gone).

A later migration that recreates one of these tables (SQLite batch mode copies a table
without its triggers) must create the triggers again: ``tests/storage/test_stats_days.py``
fails if one is missing.

Revision ID: 0019_stats_daily
Revises: 0018_dm_caps
Create Date: 2026-11-29 13:00:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import sqlalchemy as sa
from alembic import op

revision: str = "0019_stats_daily"
down_revision: str | None = "0018_dm_caps"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLE = "stats_contribution_days"


class Fact(NamedTuple):
    """A table whose rows are contributions: who made each, in which workspace, when.
    ``source`` is the FROM/WHERE tail that finds them for a row; ``{r}`` is NEW or OLD."""

    table: str
    column: str  # the count it adds to
    member: str
    workspace: str
    source: str
    watched: tuple[str, ...]  # an UPDATE of these moves the count

    def select(self, row: str, day: str, extra: str = "") -> str:
        """(workspace, day, member) of the contribution ``row`` stands for."""
        when = day.format(f"{row}.created_at")
        member = self.member.format(r=row)
        return (
            f"SELECT {self.workspace.format(r=row)}, {when}, {member}{extra} "
            f"{self.source.format(r=row)} AND {member} IS NOT NULL"
        )


_BY_MEMBER = "(SELECT workspace_id FROM members WHERE id = {m})"

FACTS = (
    Fact("ideas", "ideas", "{r}.author_id", "{r}.workspace_id", "WHERE 1 = 1", ("author_id",)),
    Fact(
        "draft_versions",
        "drafts",
        "d.author_id",
        "d.workspace_id",
        "FROM drafts d WHERE d.id = {r}.draft_id",
        ("draft_id",),
    ),
    Fact(
        "draft_feedback",
        "feedback",
        "{r}.reviewer_id",
        _BY_MEMBER.format(m="{r}.reviewer_id"),
        "WHERE 1 = 1",
        ("reviewer_id",),
    ),
    Fact("posts", "posts", "{r}.author_id", "{r}.workspace_id", "WHERE 1 = 1", ("author_id",)),
    Fact(
        "post_engagements",
        "answers",
        "{r}.member_id",
        _BY_MEMBER.format(m="{r}.member_id"),
        "WHERE 1 = 1",
        ("member_id",),
    ),
    Fact("cheers", "cheers", "{r}.giver_id", "{r}.workspace_id", "WHERE 1 = 1", ("giver_id",)),
    Fact(
        "bookings", "bookings", "{r}.member_id", "{r}.workspace_id", "WHERE 1 = 1", ("member_id",)
    ),
)
COUNTS = tuple(f.column for f in FACTS)

DAY = {"sqlite": "date({})", "postgresql": "(({}) AT TIME ZONE 'UTC')::date"}


# The summary table and its time column are parameters, with the daily summary's as their
# defaults: a later migration keeps another summary (per hour) with the same triggers.


def _add(fact: Fact, day: str, table: str = TABLE, at: str = "day") -> str:
    key = f"workspace_id, {at}, member_id"
    return (
        f"INSERT INTO {table} ({key}, {fact.column}) "
        f"{fact.select('NEW', day, ', 1')} "
        f"ON CONFLICT ({key}) DO UPDATE SET {fact.column} = {table}.{fact.column} + 1"
    )


def _take(fact: Fact, day: str, table: str = TABLE, at: str = "day") -> str:
    return (
        f"UPDATE {table} SET {fact.column} = {fact.column} - 1 "
        f"WHERE (workspace_id, {at}, member_id) IN ({fact.select('OLD', day)})"
    )


def _take_versions(day: str, table: str = TABLE, at: str = "day") -> str:
    """Before a draft goes, its versions' counts go (its author, its workspace)."""
    return (
        f"UPDATE {table} SET drafts = drafts - v.n "
        f"FROM (SELECT {day.format('created_at')} AS {at}, count(*) AS n FROM draft_versions "
        f"WHERE draft_id = OLD.id GROUP BY 1) AS v "
        f"WHERE {table}.workspace_id = OLD.workspace_id AND {table}.member_id = OLD.author_id "
        f"AND {table}.{at} = v.{at}"
    )


def _sqlite_triggers(day: str = DAY["sqlite"], table: str = TABLE, at: str = "day") -> list[str]:
    statements = []
    for fact in FACTS:
        name = f"{table}_{fact.table}"
        statements.append(
            f"CREATE TRIGGER {name}_insert AFTER INSERT ON {fact.table} "
            f"BEGIN {_add(fact, day, table, at)}; END"
        )
        watched = ", ".join(("created_at", *fact.watched))
        statements.append(
            f"CREATE TRIGGER {name}_update AFTER UPDATE OF {watched} ON {fact.table} "
            f"BEGIN {_take(fact, day, table, at)}; {_add(fact, day, table, at)}; END"
        )
        if fact.table != "draft_versions":
            statements.append(
                f"CREATE TRIGGER {name}_delete AFTER DELETE ON {fact.table} "
                f"BEGIN {_take(fact, day, table, at)}; END"
            )
    statements.append(
        f"CREATE TRIGGER {table}_drafts_delete BEFORE DELETE ON drafts "
        f"BEGIN {_take_versions(day, table, at)}; END"
    )
    return statements


def _postgresql_triggers(
    day: str = DAY["postgresql"], table: str = TABLE, at: str = "day"
) -> list[str]:
    statements = []
    for fact in FACTS:
        name = f"{table}_{fact.table}"
        take = "NULL;" if fact.table == "draft_versions" else f"{_take(fact, day, table, at)};"
        statements.append(
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            f"IF TG_OP = 'UPDATE' THEN {_take(fact, day, table, at)}; "
            f"{_add(fact, day, table, at)}; "
            f"ELSIF TG_OP = 'DELETE' THEN {take} "
            f"ELSE {_add(fact, day, table, at)}; END IF; RETURN NULL; END $$"
        )
        watched = ", ".join(("created_at", *fact.watched))
        statements.append(
            f"CREATE TRIGGER {name} AFTER INSERT OR DELETE OR UPDATE OF {watched} "
            f"ON {fact.table} FOR EACH ROW EXECUTE FUNCTION {name}()"
        )
    statements.append(
        f"CREATE FUNCTION {table}_drafts() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"{_take_versions(day, table, at)}; RETURN OLD; END $$"
    )
    statements.append(
        f"CREATE TRIGGER {table}_drafts BEFORE DELETE ON drafts "
        f"FOR EACH ROW EXECUTE FUNCTION {table}_drafts()"
    )
    return statements


def _backfill(day: str, table: str = TABLE, at: str = "day") -> str:
    parts = []
    for fact in FACTS:
        source = fact.source.format(r="x")
        if source.startswith("FROM"):
            source = f"FROM {fact.table} x JOIN {source[5:].replace(' WHERE ', ' ON ', 1)}"
            where = ""
        else:
            source = f"FROM {fact.table} x"
            where = f" WHERE {fact.member.format(r='x')} IS NOT NULL"
        sums = ", ".join(f"{1 if c == fact.column else 0} AS {c}" for c in COUNTS)
        parts.append(
            f"SELECT {fact.workspace.format(r='x')} AS workspace_id, "
            f"{day.format('x.created_at')} AS {at}, {fact.member.format(r='x')} AS member_id, "
            f"{sums} {source}{where}"
        )
    counts = ", ".join(COUNTS)
    sums = ", ".join(f"sum({c})" for c in COUNTS)
    return (
        f"INSERT INTO {table} (workspace_id, {at}, member_id, {counts}) "
        f"SELECT workspace_id, {at}, member_id, {sums} FROM ({' UNION ALL '.join(parts)}) AS f "
        f"WHERE workspace_id IS NOT NULL GROUP BY workspace_id, {at}, member_id"
    )


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.create_table(
        TABLE,
        sa.Column("workspace_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        *(sa.Column(column, sa.Integer(), server_default="0", nullable=False) for column in COUNTS),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f(f"fk_{TABLE}_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["workspace_id"],
            ["workspaces.id"],
            name=op.f(f"fk_{TABLE}_workspace_id_workspaces"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("workspace_id", "day", "member_id", name=op.f(f"pk_{TABLE}")),
        # The rows of a period are read in key order, so SQLite keeps them in it.
        sqlite_with_rowid=False,
    )
    op.create_index(op.f(f"ix_{TABLE}_member_id"), TABLE, ["member_id"], unique=False)
    op.execute(_backfill(DAY[dialect]))
    for statement in _sqlite_triggers() if dialect == "sqlite" else _postgresql_triggers():
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for fact in FACTS:
            for event in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_{fact.table}_{event}")
        op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_drafts_delete")
    else:
        for fact in (*(f.table for f in FACTS), "drafts"):
            op.execute(f"DROP TRIGGER IF EXISTS {TABLE}_{fact} ON {fact}")
            op.execute(f"DROP FUNCTION IF EXISTS {TABLE}_{fact}()")
    op.drop_index(op.f(f"ix_{TABLE}_member_id"), table_name=TABLE)
    op.drop_table(TABLE)
