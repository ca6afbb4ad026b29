"""Tables. Names of people live only in ``members``; everything else points at a member
by id, so one member's data can be exported and erased completely."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy import text as sa_text
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """A moment stored in UTC and always handed back aware: SQLite keeps no offset, so
    without this every read would need a naive-to-UTC fix-up."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Aware moments go in as UTC (a naive one is taken to be UTC already)."""
        if value is None or value.tzinfo is None:
            return value
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        """Moments come out aware, in UTC."""
        if value is None:
            return None
        moment: datetime = value
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    """Declarative base with predictable constraint names (Alembic needs them)."""

    metadata = MetaData(naming_convention=NAMING)


def table_of(row: type[Base]) -> Table:
    """A mapped class's table, for plain (not ORM) statements on the hot paths."""
    table = row.__table__
    assert isinstance(table, Table)
    return table


class WorkspaceRow(Base):
    """A programme on one platform workspace."""

    __tablename__ = "workspaces"
    __table_args__ = (UniqueConstraint("platform", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(16))
    external_id: Mapped[str] = mapped_column(String(255))
    locale: Mapped[str] = mapped_column(String(8))
    timezone: Mapped[str] = mapped_column(String(64))
    channel_id: Mapped[str | None] = mapped_column(String(255))
    slot_bookings_per_week: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    idea_seq: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    # The app was uninstalled or its token revoked: its outbox waits, its data stays.
    parked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class MemberRow(Base):
    """A person in a workspace."""

    __tablename__ = "members"
    __table_args__ = (UniqueConstraint("workspace_id", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    external_id: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(255))
    name_key: Mapped[str] = mapped_column(String(255), index=True)
    role: Mapped[str] = mapped_column(String(16))
    locale: Mapped[str | None] = mapped_column(String(8))
    timezone: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    last_active_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    away_until: Mapped[date | None] = mapped_column(Date)
    nudges_off: Mapped[bool] = mapped_column(default=False, server_default=false())
    last_nudged_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    name_checked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # Set when the member was erased: the row stays, without name or platform id, so what
    # they gave others still counts and reads "a former member".
    erased_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    left_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class ThemeRow(Base):
    """A programme theme; ``name_key`` makes names case- and accent-insensitively unique."""

    __tablename__ = "themes"
    __table_args__ = (UniqueConstraint("workspace_id", "name_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(64))
    name_key: Mapped[str] = mapped_column(String(64))


class IdeaRow(Base):
    """A parked post idea."""

    __tablename__ = "ideas"
    __table_args__ = (
        UniqueConstraint("workspace_id", "number"),
        Index("ix_ideas_workspace_status", "workspace_id", "status"),
        Index("ix_ideas_workspace_created", "workspace_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    author_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    claimed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class IdeaThemeRow(Base):
    """Which themes an idea is tagged with."""

    __tablename__ = "idea_themes"

    idea_id: Mapped[int] = mapped_column(
        ForeignKey("ideas.id", ondelete="CASCADE"), primary_key=True
    )
    theme_id: Mapped[int] = mapped_column(
        ForeignKey("themes.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class IdeaVoteRow(Base):
    """One member's vote for one idea (the primary key makes a second vote impossible)."""

    __tablename__ = "idea_votes"

    idea_id: Mapped[int] = mapped_column(
        ForeignKey("ideas.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class CheerRow(Base):
    """One member's cheer for another. ``source_ref`` names the message a reaction cheer
    sits on, so one member's cheer on one message exists at most once."""

    __tablename__ = "cheers"
    __table_args__ = (
        UniqueConstraint("giver_id", "source_ref"),
        Index("ix_cheers_workspace_receiver", "workspace_id", "receiver_id"),
        Index("ix_cheers_giver_created", "giver_id", "created_at"),
        Index("ix_cheers_workspace_created", "workspace_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    giver_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    receiver_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    reason: Mapped[str | None] = mapped_column(Text)
    source_ref: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ProcessedEventRow(Base):
    """A platform event already acted on (Slack ``event_id``, Teams activity id), so retries
    and replays never repeat a side effect."""

    __tablename__ = "processed_events"

    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)


class MessageRefRow(Base):
    """Where the channel post for a thing (``idea:12``) went, so it can be updated in place."""

    __tablename__ = "message_refs"

    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(128), primary_key=True)
    channel_id: Mapped[str] = mapped_column(String(255))
    message_id: Mapped[str] = mapped_column(String(255))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ConversationRefRow(Base):
    """How to reach a conversation later without being asked (Teams proactive posts).

    ``member_id`` is set for a member's personal chat; ``unreachable_at`` once the platform
    said the bot may not post there any more (removed, blocked)."""

    __tablename__ = "conversation_refs"
    __table_args__ = (UniqueConstraint("workspace_id", "conversation_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    conversation_id: Mapped[str] = mapped_column(String(512))
    kind: Mapped[str] = mapped_column(String(16))
    member_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), index=True
    )
    reference: Mapped[str] = mapped_column(Text)
    unreachable_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    team_id: Mapped[str | None] = mapped_column(String(255))  # a Teams channel's team


class OutboxRow(Base):
    """A channel post or private note waiting for (or done with) delivery.

    ``status`` moves pending → sent | dead | superseded | coalesced | expired. A pending row
    with a future ``lease_until`` is being delivered by some worker right now. ``priority``
    0 goes before 1 (bulk); a row with ``expires_at`` is dropped once it cannot arrive in
    time."""

    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("dedupe_key"),
        Index("ix_outbox_due", "status", "id"),
        Index("ix_outbox_key", "workspace_id", "key", "status"),
        Index("ix_outbox_lane", "status", "workspace_id", "target", "priority", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    platform: Mapped[str] = mapped_column(String(16))
    target: Mapped[str] = mapped_column(String(255))
    key: Mapped[str | None] = mapped_column(String(128))
    dedupe_key: Mapped[str] = mapped_column(String(255))
    payload: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    priority: Mapped[int] = mapped_column(Integer, default=1, server_default=sa_text("1"))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    not_before: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    last_error: Mapped[str | None] = mapped_column(Text)
    message_id: Mapped[str | None] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class DeliveryGateRow(Base):
    """When the next message may go to a rate-limited scope (a channel, a workspace):
    ``open_at`` is where reservations have got to; ``blocked_until`` is a platform's
    Retry-After, which every send checks again, whenever it was reserved."""

    __tablename__ = "delivery_gates"

    scope: Mapped[str] = mapped_column(String(400), primary_key=True)
    open_at: Mapped[datetime] = mapped_column(UtcDateTime())
    blocked_until: Mapped[datetime | None] = mapped_column(UtcDateTime())


class DeliveryLimitRow(Base):
    """A 429 a platform answered, for ``/chorus deliveries``: which kind of scope it held
    (channel, dm, workspace, ...) and, for a channel, which one (a DM's is not kept: whom
    the bot wrote to is not the point). Rows older than a day are removed as new ones come."""

    __tablename__ = "delivery_limits"
    __table_args__ = (Index("ix_delivery_limits_workspace", "workspace_id", "limited_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    target: Mapped[str | None] = mapped_column(String(255))
    seconds: Mapped[float] = mapped_column(Float)
    limited_at: Mapped[datetime] = mapped_column(UtcDateTime())


class DeliveryRateRow(Base):
    """The send rate learned for a scope (a Slack workspace's budget), shared by replicas
    and kept over restarts."""

    __tablename__ = "delivery_rates"

    scope: Mapped[str] = mapped_column(String(400), primary_key=True)
    per_minute: Mapped[float] = mapped_column(Float)
    limited_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ServerHeartbeatRow(Base):
    """A running ``chorus serve`` (or ``chorus socket``) that delivers the outbox: it
    refreshes ``beat_at`` every few seconds and removes its row when it stops."""

    __tablename__ = "server_heartbeats"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    host: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime] = mapped_column(UtcDateTime())
    beat_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)


class JobFireRow(Base):
    """One fire of one scheduled job for one workspace, claimed before it runs: the primary
    key is what makes every fire happen exactly once across replicas."""

    __tablename__ = "job_fires"

    job: Mapped[str] = mapped_column(String(64), primary_key=True)
    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    fire_time: Mapped[datetime] = mapped_column(UtcDateTime(), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))  # done | missed | skipped | failed
    claimed_at: Mapped[datetime] = mapped_column(UtcDateTime())
    detail: Mapped[str | None] = mapped_column(Text)


class ScheduleRow(Base):
    """A coordinator's change to a job's schedule in one workspace (else the TOML's)."""

    __tablename__ = "schedules"

    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    job: Mapped[str] = mapped_column(String(64), primary_key=True)
    cron: Mapped[str | None] = mapped_column(String(100))
    paused: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class TipRow(Base):
    """A coordinator-editable tip; the weekly digest shows one in turn."""

    __tablename__ = "tips"

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class BookingCounterRow(Base):
    """The last number handed out per workspace for slots, series and cafés (an atomic
    counter: numbers are what members type, ids stay internal)."""

    __tablename__ = "booking_counters"

    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


class SlotSeriesRow(Base):
    """Weekly slots published in one go."""

    __tablename__ = "slot_series"
    __table_args__ = (UniqueConstraint("workspace_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    coordinator_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class SlotRow(Base):
    """A drop-in feedback slot. Its one booking lives in ``bookings``."""

    __tablename__ = "slots"
    __table_args__ = (
        UniqueConstraint("workspace_id", "number"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        Index("ix_slots_workspace_status_start", "workspace_id", "status", "starts_at"),
        Index("ix_slots_coordinator_start", "coordinator_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    coordinator_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    series_id: Mapped[int | None] = mapped_column(
        ForeignKey("slot_series.id", ondelete="SET NULL"), index=True
    )
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime())
    ends_at: Mapped[datetime] = mapped_column(UtcDateTime())
    place: Mapped[str | None] = mapped_column(String(300))
    status: Mapped[str] = mapped_column(String(16))
    cancel_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class CafeRow(Base):
    """A writing café. ``seats_taken`` only moves by conditional updates, and the check
    constraint keeps it within ``capacity`` whatever happens."""

    __tablename__ = "cafes"
    __table_args__ = (
        UniqueConstraint("workspace_id", "number"),
        CheckConstraint("capacity > 0", name="capacity_positive"),
        CheckConstraint("seats_taken >= 0 AND seats_taken <= capacity", name="seats_within"),
        CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        Index("ix_cafes_workspace_status_start", "workspace_id", "status", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    host_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    topic: Mapped[str | None] = mapped_column(Text)
    place: Mapped[str | None] = mapped_column(String(300))
    starts_at: Mapped[datetime] = mapped_column(UtcDateTime())
    ends_at: Mapped[datetime] = mapped_column(UtcDateTime())
    capacity: Mapped[int] = mapped_column(Integer)
    seats_taken: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(16))
    cancel_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    cancelled_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


ACTIVE_BOOKING = "status = 'active'"
HELD_BOOKING = "status IN ('active', 'waiting')"


class BookingRow(Base):
    """A member's booking of a slot or a café seat, or their place on a café's waitlist.

    Two partial unique indexes are the booking rules: one active booking per slot, and
    one active or waiting booking per member and café."""

    __tablename__ = "bookings"
    __table_args__ = (
        CheckConstraint(
            "(slot_id IS NULL AND cafe_id IS NOT NULL) OR (slot_id IS NOT NULL AND cafe_id IS NULL)",
            name="one_target",
        ),
        Index(
            "uq_bookings_active_slot",
            "slot_id",
            unique=True,
            sqlite_where=sa_text(ACTIVE_BOOKING),
            postgresql_where=sa_text(ACTIVE_BOOKING),
        ),
        Index(
            "uq_bookings_member_cafe",
            "cafe_id",
            "member_id",
            unique=True,
            sqlite_where=sa_text(HELD_BOOKING),
            postgresql_where=sa_text(HELD_BOOKING),
        ),
        Index("ix_bookings_member_status", "member_id", "status"),
        Index("ix_bookings_cafe_status", "cafe_id", "status"),
        Index("ix_bookings_workspace_created", "workspace_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    slot_id: Mapped[int | None] = mapped_column(ForeignKey("slots.id", ondelete="CASCADE"))
    cafe_id: Mapped[int | None] = mapped_column(ForeignKey("cafes.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16))
    draft: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class CalendarTokenRow(Base):
    """A calendar link, kept only as the SHA-256 of its token: a member's whole feed
    (``booking_id`` empty) or one booking's event."""

    __tablename__ = "calendar_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    booking_id: Mapped[int | None] = mapped_column(
        ForeignKey("bookings.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class DraftRow(Base):
    """A private draft. Its text lives in ``draft_versions``: a save adds a version, never
    changes one."""

    __tablename__ = "drafts"
    __table_args__ = (
        UniqueConstraint("workspace_id", "number"),
        Index("ix_drafts_workspace_author_status", "workspace_id", "author_id", "status"),
        # An idea's first draft, and a period's requests for feedback, from the index alone
        # (migration 0024).
        Index("ix_drafts_idea_created", "idea_id", "created_at"),
        Index(
            "ix_drafts_workspace_asked",
            "workspace_id",
            "feedback_requested_at",
            "first_feedback_at",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    author_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    idea_id: Mapped[int | None] = mapped_column(ForeignKey("ideas.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())
    discarded_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    feedback_requested_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    first_feedback_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class DraftVersionRow(Base):
    """One saved text of a draft; the primary key keeps version numbers unique."""

    __tablename__ = "draft_versions"
    # Holds the draft, so a period's versions are read from the index (migration 0022).
    __table_args__ = (Index("ix_draft_versions_created", "created_at", "draft_id"),)

    draft_id: Mapped[int] = mapped_column(
        ForeignKey("drafts.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class DraftReviewerRow(Base):
    """A colleague the author asked for feedback: they may read the draft."""

    __tablename__ = "draft_reviewers"

    draft_id: Mapped[int] = mapped_column(
        ForeignKey("drafts.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class DraftFeedbackRow(Base):
    """Feedback on one exact version of a draft."""

    __tablename__ = "draft_feedback"
    # A period's feedback is read from the index alone (migration 0022).
    __table_args__ = (Index("ix_draft_feedback_created", "created_at", "draft_id", "reviewer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    draft_id: Mapped[int] = mapped_column(ForeignKey("drafts.id", ondelete="CASCADE"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    reviewer_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class DraftFeedbackRequestRow(Base):
    """Who was asked for feedback on which version of a draft: one request per reviewer
    and version, so asking again sends nothing new."""

    __tablename__ = "draft_feedback_requests"

    draft_id: Mapped[int] = mapped_column(
        ForeignKey("drafts.id", ondelete="CASCADE"), primary_key=True
    )
    version: Mapped[int] = mapped_column(Integer, primary_key=True)
    reviewer_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    asked_at: Mapped[datetime] = mapped_column(UtcDateTime())


class PostRow(Base):
    """A published post announced with a like & comment call; a URL is announced once per
    workspace (``url_key`` is its normalised form)."""

    __tablename__ = "posts"
    __table_args__ = (
        UniqueConstraint("workspace_id", "number"),
        UniqueConstraint("workspace_id", "url_key"),
        Index("ix_posts_workspace_created", "workspace_id", "created_at"),
        # A draft's first post and an author's posts before a period, from the index alone
        # (migration 0024).
        Index("ix_posts_draft_created", "draft_id", "created_at"),
        Index("ix_posts_author_created", "author_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    author_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    url: Mapped[str] = mapped_column(Text)
    url_key: Mapped[str] = mapped_column(String(2100))
    network: Mapped[str] = mapped_column(String(16))
    draft_id: Mapped[int | None] = mapped_column(ForeignKey("drafts.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class PostEngagementRow(Base):
    """A member liked, commented on or shared a post: the primary key counts them once per
    kind, however often they click."""

    __tablename__ = "post_engagements"
    # Holds post and member, so a period's answers are read from the index (migration 0022).
    __table_args__ = (Index("ix_post_engagements_created", "created_at", "post_id", "member_id"),)

    post_id: Mapped[int] = mapped_column(
        ForeignKey("posts.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class LibraryItemRow(Base):
    """Something worth sharing; a URL is in the library once per workspace (``url_key`` is
    its normalised form). ``kind`` is ``company``, ``external`` or empty (not marked)."""

    __tablename__ = "library_items"
    __table_args__ = (
        UniqueConstraint("workspace_id", "number"),
        UniqueConstraint("workspace_id", "url_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    url: Mapped[str] = mapped_column(Text)
    url_key: Mapped[str] = mapped_column(String(2100))
    network: Mapped[str] = mapped_column(String(16))
    suggested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), index=True
    )
    note: Mapped[str | None] = mapped_column(Text)
    theme_id: Mapped[int | None] = mapped_column(
        ForeignKey("themes.id", ondelete="SET NULL"), index=True
    )
    kind: Mapped[str | None] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    pinned_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    title: Mapped[str | None] = mapped_column(Text)
    title_checked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class LibraryPickRow(Base):
    """A member's "I'll share this" (once per item), and the draft and post it led to."""

    __tablename__ = "library_picks"

    item_id: Mapped[int] = mapped_column(
        ForeignKey("library_items.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    draft_id: Mapped[int | None] = mapped_column(
        ForeignKey("drafts.id", ondelete="SET NULL"), index=True
    )
    post_id: Mapped[int | None] = mapped_column(
        ForeignKey("posts.id", ondelete="SET NULL"), index=True, unique=True
    )


class GuidelinesRow(Base):
    """The guidelines text coordinators wrote for their programme."""

    __tablename__ = "guidelines"

    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class GuidelineTermRow(Base):
    """An off-limits term or sales-pitch phrase; ``term_key`` compares case- and
    accent-insensitively."""

    __tablename__ = "guideline_terms"
    __table_args__ = (UniqueConstraint("workspace_id", "kind", "term_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    term: Mapped[str] = mapped_column(String(200))
    term_key: Mapped[str] = mapped_column(String(400))


class AwardQuarterRow(Base):
    """One quarter's ambassador award: its nominations window and whom it went to."""

    __tablename__ = "award_quarters"
    __table_args__ = (UniqueConstraint("workspace_id", "quarter"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    quarter: Mapped[str] = mapped_column(String(8))
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime())
    status: Mapped[str] = mapped_column(String(16))
    winner_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), index=True
    )
    citation: Mapped[str | None] = mapped_column(Text)
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class NominationRow(Base):
    """A member's nomination of a colleague for one quarter: one per pair, its reason
    editable while the window is open."""

    __tablename__ = "award_nominations"
    __table_args__ = (UniqueConstraint("workspace_id", "quarter", "nominator_id", "nominee_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    quarter: Mapped[str] = mapped_column(String(8))
    nominator_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), index=True
    )
    nominee_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime())


class AwardRunnerUpRow(Base):
    """A member the coordinators mention alongside a quarter's winner."""

    __tablename__ = "award_runners_up"
    __table_args__ = (UniqueConstraint("workspace_id", "quarter", "member_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    quarter: Mapped[str] = mapped_column(String(8))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    note: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    added_at: Mapped[datetime] = mapped_column(UtcDateTime())


class SurveyRow(Base):
    """A survey sent to the programme's members, with the questions it asked (its template
    as it was when it started, JSON; empty for surveys from before they were kept)."""

    __tablename__ = "surveys"
    __table_args__ = (UniqueConstraint("workspace_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    template: Mapped[str] = mapped_column(String(32))
    threshold: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    closes_at: Mapped[datetime] = mapped_column(UtcDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    questions: Mapped[str | None] = mapped_column(Text)


class SurveyParticipantRow(Base):
    """Who was asked and whether they answered (for reminders) — no time and nothing that
    points at their answers."""

    __tablename__ = "survey_participants"

    survey_id: Mapped[int] = mapped_column(
        ForeignKey("surveys.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    answered: Mapped[bool] = mapped_column(Boolean, server_default=false())
    reminded: Mapped[bool] = mapped_column(Boolean, server_default=false())


class SurveyAnswerRow(Base):
    """One answer to one question: no member, no time, so it cannot be joined back to who
    gave it."""

    __tablename__ = "survey_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    question: Mapped[str] = mapped_column(String(32))
    score: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str | None] = mapped_column(Text)


class CheerOptOutRow(Base):
    """A member who does not want cheers for them announced in the channel."""

    __tablename__ = "cheer_opt_outs"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class HeadcountRow(Base):
    """One day's headcount of a programme (in its time zone): members enrolled at the end of
    the day, and how many joined and left that day. Past periods divide by the headcount they
    had, even after members have left or were erased."""

    __tablename__ = "stats_headcounts"

    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    enrolled: Mapped[int] = mapped_column(Integer)
    joined: Mapped[int] = mapped_column(Integer)
    departed: Mapped[int] = mapped_column(Integer)
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime())


class ContributionCounts:
    """A count per kind of contribution, as the daily and monthly summaries keep them."""

    ideas: Mapped[int] = mapped_column(Integer, server_default="0")
    drafts: Mapped[int] = mapped_column(Integer, server_default="0")
    feedback: Mapped[int] = mapped_column(Integer, server_default="0")
    posts: Mapped[int] = mapped_column(Integer, server_default="0")
    answers: Mapped[int] = mapped_column(Integer, server_default="0")
    cheers: Mapped[int] = mapped_column(Integer, server_default="0")
    bookings: Mapped[int] = mapped_column(Integer, server_default="0")


class ContributionDayRow(ContributionCounts, Base):
    """One member's contributions on one UTC day, per kind. Database triggers on the fact
    tables keep it up to date (migration 0019), so the figures of a long period add up a
    few rows per member instead of counting every fact."""

    __tablename__ = "stats_contribution_days"
    __table_args__ = ({"sqlite_with_rowid": False},)

    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ContributionHourRow(ContributionCounts, Base):
    """One member's contributions in one UTC hour, per kind, kept by the same kind of
    triggers as the daily summary (migration 0024): a period starts at midnight in the
    programme's time zone, so the hours between that and a UTC midnight are read here
    rather than counted from the facts (answers, versions and feedback carry no workspace,
    so that meant reading every programme's facts of those hours)."""

    __tablename__ = "stats_contribution_hours"
    __table_args__ = ({"sqlite_with_rowid": False},)

    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    hour: Mapped[datetime] = mapped_column(UtcDateTime(), primary_key=True)  # its start
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class ContributionMonthRow(ContributionCounts, Base):
    """One member's contributions in one UTC month, per kind: the daily summary added up
    by database triggers on it (migration 0022), so whole months of a period are read a
    row per member."""

    __tablename__ = "stats_contribution_months"
    __table_args__ = ({"sqlite_with_rowid": False},)

    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    month: Mapped[date] = mapped_column(Date, primary_key=True)  # its first day
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class DashboardTokenRow(Base):
    """A dashboard sign-in link (single use, short-lived) or a signed-in session, kept only as
    the SHA-256 of its token and bound to one member."""

    __tablename__ = "dashboard_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))  # link | session
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class MemberExportRow(Base):
    """One export a member asked for: when (a second one within a minute waits), and for a
    download link (Teams) the SHA-256 of its token, the ZIP itself and when it was used."""

    __tablename__ = "member_exports"
    __table_args__ = (
        UniqueConstraint("token_hash"),
        Index("ix_member_exports_member_created", "member_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
    token_hash: Mapped[str | None] = mapped_column(String(64))
    content: Mapped[bytes | None] = mapped_column(LargeBinary)
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class PrivacyAuditRow(Base):
    """That an erasure happened, and who did it (a coordinator, or ``operator`` for the
    command line) — never whom it erased."""

    __tablename__ = "privacy_audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    action: Mapped[str] = mapped_column(String(32))
    by_member_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), index=True
    )
    by_label: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


# -- Slack OAuth (several workspaces) ---------------------------------------------------------
# slack_sdk's AsyncSQLAlchemyInstallationStore and AsyncSQLAlchemyOAuthStateStore read and
# write these through their own Table objects; the names, columns and indexes here are theirs
# (slack_sdk 3.47, ``build_bots_table`` / ``build_installations_table`` /
# ``build_oauth_states_table``), so Alembic owns the schema. One deliberate difference: the
# token columns are Text, because they hold Fernet ciphertext (adapters/slack/oauth.py), which
# is longer than the 200 characters slack_sdk allows for a token in clear.


SLACK_BOTS = Table(
    "slack_bots",
    Base.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("client_id", String(32), nullable=False),
    Column("app_id", String(32), nullable=False),
    Column("enterprise_id", String(32)),
    Column("enterprise_name", String(200)),
    Column("team_id", String(32)),
    Column("team_name", String(200)),
    Column("bot_token", Text),
    Column("bot_id", String(32)),
    Column("bot_user_id", String(32)),
    Column("bot_scopes", String(1000)),
    Column("bot_refresh_token", Text),
    Column("bot_token_expires_at", DateTime),
    Column("is_enterprise_install", Boolean, nullable=False),
    Column("installed_at", DateTime, nullable=False),
    Index("slack_bots_idx", "client_id", "enterprise_id", "team_id", "installed_at"),
)

SLACK_INSTALLATIONS = Table(
    "slack_installations",
    Base.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("client_id", String(32), nullable=False),
    Column("app_id", String(32), nullable=False),
    Column("enterprise_id", String(32)),
    Column("enterprise_name", String(200)),
    Column("enterprise_url", String(200)),
    Column("team_id", String(32)),
    Column("team_name", String(200)),
    Column("bot_token", Text),
    Column("bot_id", String(32)),
    Column("bot_user_id", String(32)),
    Column("bot_scopes", String(1000)),
    Column("bot_refresh_token", Text),
    Column("bot_token_expires_at", DateTime),
    Column("user_id", String(32), nullable=False),
    Column("user_token", Text),
    Column("user_scopes", String(1000)),
    Column("user_refresh_token", Text),
    Column("user_token_expires_at", DateTime),
    Column("incoming_webhook_url", String(200)),
    Column("incoming_webhook_channel", String(200)),
    Column("incoming_webhook_channel_id", String(200)),
    Column("incoming_webhook_configuration_url", String(200)),
    Column("is_enterprise_install", Boolean, nullable=False),
    Column("token_type", String(32)),
    Column("installed_at", DateTime, nullable=False),
    Index(
        "slack_installations_idx",
        "client_id",
        "enterprise_id",
        "team_id",
        "user_id",
        "installed_at",
    ),
)

SLACK_OAUTH_STATES = Table(
    "slack_oauth_states",
    Base.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("state", String(200), nullable=False),
    Column("expire_at", DateTime, nullable=False),
)


OPEN_PERIOD = "ended_at IS NULL"
HELD_ENROLMENT = "status <> 'left'"


class SegmentRow(Base):
    """A segment; ``names`` is JSON (language → name). A removed one stays for the past."""

    __tablename__ = "segments"
    __table_args__ = (UniqueConstraint("workspace_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(String(80))
    names: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())
    removed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class SegmentMembershipRow(Base):
    """A member's period in a segment; at most one open period per member."""

    __tablename__ = "segment_memberships"
    __table_args__ = (
        Index(
            "uq_segment_memberships_open",
            "member_id",
            unique=True,
            sqlite_where=sa_text(OPEN_PERIOD),
            postgresql_where=sa_text(OPEN_PERIOD),
        ),
        Index("ix_segment_memberships_workspace_start", "workspace_id", "started_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    segment_id: Mapped[int] = mapped_column(ForeignKey("segments.id", ondelete="CASCADE"))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class MemberNetworkRow(Base):
    """A network a member posts on."""

    __tablename__ = "member_networks"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    network: Mapped[str] = mapped_column(String(32), primary_key=True)
    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )


class EnrolmentRow(Base):
    """A member's time with the programme; at most one that has not ended per member."""

    __tablename__ = "enrolments"
    __table_args__ = (
        Index(
            "uq_enrolments_held",
            "member_id",
            unique=True,
            sqlite_where=sa_text(HELD_ENROLMENT),
            postgresql_where=sa_text(HELD_ENROLMENT),
        ),
        Index("ix_enrolments_workspace_status", "workspace_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16))
    rank: Mapped[int] = mapped_column(Integer, default=0)
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime())
    joined_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    left_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    offer_expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    onboarding_step: Mapped[int] = mapped_column(Integer, default=0)
    onboarding_done: Mapped[bool] = mapped_column(default=False, server_default=false())


class ProgrammeSeatsRow(Base):
    """How many of the programme's seats are taken (or held for an offer). Only moved by
    conditional updates, so the last seat goes to one member."""

    __tablename__ = "programme_seats"
    __table_args__ = (CheckConstraint("taken >= 0", name="taken_not_negative"),)

    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), primary_key=True
    )
    taken: Mapped[int] = mapped_column(Integer, default=0)


class MentorRow(Base):
    """A mentor and how many newcomers they take at a time."""

    __tablename__ = "mentors"
    __table_args__ = (CheckConstraint("capacity > 0", name="capacity_positive"),)

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    capacity: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime())


class MentorPairingRow(Base):
    """A mentor and a newcomer; at most one open pairing per newcomer."""

    __tablename__ = "mentor_pairings"
    __table_args__ = (
        Index(
            "uq_mentor_pairings_open",
            "mentee_id",
            unique=True,
            sqlite_where=sa_text(OPEN_PERIOD),
            postgresql_where=sa_text(OPEN_PERIOD),
        ),
        Index("ix_mentor_pairings_workspace", "workspace_id", "ended_at"),
        Index("ix_mentor_pairings_pair", "mentor_id", "mentee_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(ForeignKey("workspaces.id", ondelete="CASCADE"))
    mentor_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    mentee_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    started_at: Mapped[datetime] = mapped_column(UtcDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    checkin_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    met: Mapped[bool | None] = mapped_column(Boolean)


class NoteSentRow(Base):
    """Private notes Chorus sent to colleagues on a member's behalf (how many, when, and
    about what): the hourly cap and "tell the author once" read them; kept for a day."""

    __tablename__ = "notes_sent"
    __table_args__ = (Index("ix_notes_sent_sender_at", "sender_id", "sent_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    workspace_id: Mapped[int] = mapped_column(
        ForeignKey("workspaces.id", ondelete="CASCADE"), index=True
    )
    sender_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    count: Mapped[int] = mapped_column(Integer)
    about: Mapped[str | None] = mapped_column(String(100))
    sent_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)
