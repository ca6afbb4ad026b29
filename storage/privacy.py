"""One member's data on SQLAlchemy: gathered for an export, erased on request.

``PERSONAL`` says, for every column that holds a member id, a platform user id or a name,
how export and erasure treat it; ``NOT_PERSONAL`` lists the exceptions with the reason.
A test walks the metadata so a column added later cannot be forgotten.
"""

from __future__ import annotations

import json
import secrets
from datetime import datetime, timedelta

from sqlalchemy import and_, case, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot import codec
from bot.cheers.views import cheer_key
from bot.config import Retention
from bot.messages import Message
from bot.notes import NOTES_KEPT
from bot.privacy.ports import Erasure, MemberData, Record
from storage.models import (
    SLACK_OAUTH_STATES,
    AwardQuarterRow,
    AwardRunnerUpRow,
    BookingRow,
    CafeRow,
    CalendarTokenRow,
    CheerOptOutRow,
    CheerRow,
    ConversationRefRow,
    DashboardTokenRow,
    DraftFeedbackRequestRow,
    DraftFeedbackRow,
    DraftReviewerRow,
    DraftRow,
    DraftVersionRow,
    EnrolmentRow,
    IdeaRow,
    IdeaThemeRow,
    IdeaVoteRow,
    LibraryItemRow,
    LibraryPickRow,
    MemberExportRow,
    MemberNetworkRow,
    MemberRow,
    MentorPairingRow,
    MentorRow,
    MessageRefRow,
    NominationRow,
    NoteSentRow,
    OutboxRow,
    PostEngagementRow,
    PostRow,
    PrivacyAuditRow,
    ProcessedEventRow,
    ProgrammeSeatsRow,
    SegmentMembershipRow,
    SegmentRow,
    SlotRow,
    SlotSeriesRow,
    SurveyParticipantRow,
    SurveyRow,
    ThemeRow,
)

# table.column → what export and erasure do with it.
PERSONAL: dict[str, str] = {
    "members.id": "export: profile; erase: the row stays for what they gave, without identity",
    "members.external_id": "export: profile; erase: replaced by a random stand-in",
    "members.display_name": "export: profile; erase: emptied",
    "members.name_key": "export: (derived from the name); erase: emptied",
    "ideas.author_id": "export: ideas; erase: deleted unless someone else claimed the idea",
    "ideas.claimed_by_id": "export: ideas_claimed; erase: the claim is let go",
    "idea_votes.member_id": "export: votes; erase: kept for a former member",
    "cheers.giver_id": "export: cheers_given; erase: kept for a former member",
    "cheers.receiver_id": "export: cheers_received; erase: deleted",
    "cheer_opt_outs.member_id": "export: cheer_settings; erase: deleted",
    "drafts.author_id": "export: drafts, draft_versions, feedback_received; erase: deleted",
    "draft_reviewers.member_id": "export: review_requests; erase: deleted",
    "draft_feedback_requests.reviewer_id": "export: review_requests; erase: deleted",
    "notes_sent.sender_id": "export: none (how many notes went to colleagues on their "
    "behalf in the past day, for the hourly cap; nothing they wrote, kept one day); "
    "erase: deleted",
    "draft_feedback.reviewer_id": "export: feedback_given; erase: kept for a former member",
    "posts.author_id": "export: posts; erase: deleted",
    "post_engagements.member_id": "export: engagements; erase: kept for a former member",
    "bookings.member_id": "export: bookings; erase: deleted (café seats freed)",
    "calendar_tokens.member_id": "export: calendar_links; erase: deleted",
    "slots.coordinator_id": "export: slots_hosted; erase: kept for a former member",
    "slot_series.coordinator_id": "export: slots_hosted; erase: kept for a former member",
    "cafes.host_id": "export: cafes_hosted; erase: kept for a former member",
    "conversation_refs.member_id": "export: conversations; erase: deleted",
    "conversation_refs.reference": "export: conversations; erase: deleted with the row",
    "conversation_refs.conversation_id": "export: conversations; erase: deleted with the row",
    "member_exports.member_id": "export: exports; erase: deleted",
    "library_items.suggested_by_id": "export: library_suggested; erase: the link stays for "
    "everyone, without who suggested it or their note",
    "library_picks.member_id": "export: library_picks; erase: deleted",
    "dashboard_tokens.member_id": "export: dashboard_sign_ins; erase: deleted",
    "enrolments.member_id": "export: enrolment; erase: kept for a former member (headcounts "
    "of past periods), marked left and a held seat given back",
    "segment_memberships.member_id": "export: segments; erase: kept for a former member "
    "(figures per segment for past periods)",
    "member_networks.member_id": "export: networks; erase: deleted",
    "stats_contribution_days.member_id": "export: (counts of the ideas, drafts, feedback, "
    "posts, answers, cheers and bookings exported one by one); erase: follows those facts "
    "(database triggers): what is deleted is no longer counted, what is kept still is",
    "stats_contribution_months.member_id": "export: as stats_contribution_days, added up per "
    "month; erase: follows the daily counts (database triggers)",
    "stats_contribution_hours.member_id": "export: as stats_contribution_days, per hour; "
    "erase: follows those facts (database triggers), as the daily counts do",
    "mentors.member_id": "export: mentoring; erase: deleted",
    "mentor_pairings.mentor_id": "export: mentoring; erase: deleted",
    "mentor_pairings.mentee_id": "export: mentoring; erase: deleted",
    "award_nominations.nominator_id": "export: nominations_given; erase: kept for a former "
    "member (the nominee's evidence keeps the reason)",
    "award_nominations.nominee_id": "export: nominations_received; erase: deleted",
    "award_quarters.winner_id": "export: awards; erase: the quarter stays in the history as "
    "won by a former member, without the citation",
    "award_runners_up.member_id": "export: runner_up_mentions; erase: deleted",
    "survey_participants.member_id": "export: surveys (that they were asked and answered, "
    "never the answers, which nothing links to them); erase: deleted",
    "outbox.target": "erase: undelivered messages superseded, payloads emptied",
    "outbox.payload": "erase: payloads naming them emptied",
}

# Columns that look personal but are not one member's data, and why.
NOT_PERSONAL: dict[str, str] = {
    "privacy_audit.by_member_id": "who erased someone: a coordinator's duty, never whom",
    "themes.name_key": "a theme's name, not a person's",
    "delivery_limits.target": "the channel a rate limit held; a DM's is never kept",
    "workspaces.external_id": "the Slack team or Teams tenant id, not a person",
    "slack_bots.bot_user_id": "the bot's own user id",
    "slack_installations.bot_user_id": "the bot's own user id",
    "slack_installations.user_id": "who installed the app: Slack's installation record, "
    "removed by uninstalling the app",
    "slack_installations.enterprise_name": "the organisation's name",
    "slack_installations.team_name": "the workspace's name",
    "slack_bots.enterprise_name": "the organisation's name",
    "slack_bots.team_name": "the workspace's name",
}

_FORMER_PREFIX = "former:"


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _payload_needle(text: str) -> str:
    """How ``text`` appears inside a JSON payload."""
    return json.dumps(text, ensure_ascii=False)[1:-1]


EMPTY_PAYLOAD = codec.dumps(Message(()))


class SqlPrivacyRepository:
    """Implements ``bot.privacy.ports.PrivacyRepository``."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def _rows(self, query: object) -> list[Record]:
        result = await self._session.execute(query)  # type: ignore[call-overload]
        return [dict(row._mapping) for row in result]

    async def collect(self, member_id: int) -> MemberData:
        """Everything about one member, kind by kind."""
        s = self._session
        member = await s.get(MemberRow, member_id)
        if member is None or member.erased_at is not None:
            return {}
        data: MemberData = {
            "profile": [
                {
                    "platform_id": member.external_id,
                    "display_name": member.display_name,
                    "role": member.role,
                    "language": member.locale,
                    "time_zone": member.timezone,
                    "joined_at": _iso(member.created_at),
                    "last_active_at": _iso(member.last_active_at),
                    "away_until": member.away_until.isoformat() if member.away_until else None,
                    "nudges_off": member.nudges_off,
                    "last_nudged_at": _iso(member.last_nudged_at),
                    "name_checked_at": _iso(member.name_checked_at),
                }
            ]
        }
        ideas = (
            await s.execute(
                select(IdeaRow).where(IdeaRow.author_id == member_id).order_by(IdeaRow.number)
            )
        ).scalars()
        data["ideas"] = []
        for idea in ideas:
            themes = (
                await s.execute(
                    select(ThemeRow.name)
                    .join(IdeaThemeRow, IdeaThemeRow.theme_id == ThemeRow.id)
                    .where(IdeaThemeRow.idea_id == idea.id)
                    .order_by(ThemeRow.name)
                )
            ).scalars()
            data["ideas"].append(
                {
                    "number": idea.number,
                    "text": idea.text,
                    "themes": " ".join(f"#{t}" for t in themes),
                    "status": idea.status,
                    "created_at": _iso(idea.created_at),
                    "updated_at": _iso(idea.updated_at),
                }
            )
        data["ideas_claimed"] = [
            {"number": i.number, "status": i.status, "updated_at": _iso(i.updated_at)}
            for i in (
                await s.execute(
                    select(IdeaRow)
                    .where(IdeaRow.claimed_by_id == member_id, IdeaRow.author_id != member_id)
                    .order_by(IdeaRow.number)
                )
            ).scalars()
        ]
        data["votes"] = [
            {"idea_number": number, "created_at": _iso(at)}
            for number, at in await s.execute(
                select(IdeaRow.number, IdeaVoteRow.created_at)
                .join(IdeaRow, IdeaRow.id == IdeaVoteRow.idea_id)
                .where(IdeaVoteRow.member_id == member_id)
                .order_by(IdeaRow.number)
            )
        ]
        drafts = list(
            (
                await s.execute(
                    select(DraftRow, IdeaRow.number)
                    .outerjoin(IdeaRow, IdeaRow.id == DraftRow.idea_id)
                    .where(DraftRow.author_id == member_id)
                    .order_by(DraftRow.number)
                )
            ).all()
        )
        data["drafts"] = [
            {
                "number": d.number,
                "status": d.status,
                "idea_number": idea_number,
                "created_at": _iso(d.created_at),
                "updated_at": _iso(d.updated_at),
                "discarded_at": _iso(d.discarded_at),
            }
            for d, idea_number in drafts
        ]
        own = [d.id for d, _ in drafts]
        data["draft_versions"] = [
            {"draft_number": n, "version": v, "text": t, "created_at": _iso(at)}
            for n, v, t, at in await s.execute(
                select(
                    DraftRow.number,
                    DraftVersionRow.version,
                    DraftVersionRow.text,
                    DraftVersionRow.created_at,
                )
                .join(DraftRow, DraftRow.id == DraftVersionRow.draft_id)
                .where(DraftVersionRow.draft_id.in_(own))
                .order_by(DraftRow.number, DraftVersionRow.version)
            )
        ]
        feedback = (
            select(
                DraftRow.number,
                DraftFeedbackRow.version,
                DraftFeedbackRow.text,
                DraftFeedbackRow.created_at,
            )
            .join(DraftRow, DraftRow.id == DraftFeedbackRow.draft_id)
            .order_by(DraftRow.number, DraftFeedbackRow.id)
        )
        data["feedback_received"] = [
            {"draft_number": n, "version": v, "text": t, "created_at": _iso(at)}
            for n, v, t, at in await s.execute(feedback.where(DraftRow.author_id == member_id))
        ]
        data["feedback_given"] = [
            {"draft_number": n, "version": v, "text": t, "created_at": _iso(at)}
            for n, v, t, at in await s.execute(
                feedback.where(DraftFeedbackRow.reviewer_id == member_id)
            )
        ]
        asked = select(DraftReviewerRow.draft_id).where(DraftReviewerRow.member_id == member_id)
        asked_about = select(DraftFeedbackRequestRow.draft_id).where(
            DraftFeedbackRequestRow.reviewer_id == member_id
        )
        data["review_requests"] = [
            {"draft_number": n}
            for (n,) in await s.execute(
                select(DraftRow.number)
                .where(DraftRow.id.in_(asked.union(asked_about)))
                .order_by(DraftRow.number)
            )
        ]
        data["posts"] = [
            {
                "number": p.number,
                "url": p.url,
                "network": p.network,
                "draft_number": draft_number,
                "created_at": _iso(p.created_at),
            }
            for p, draft_number in await s.execute(
                select(PostRow, DraftRow.number)
                .outerjoin(DraftRow, DraftRow.id == PostRow.draft_id)
                .where(PostRow.author_id == member_id)
                .order_by(PostRow.number)
            )
        ]
        data["engagements"] = [
            {"post_number": n, "kind": k, "created_at": _iso(at)}
            for n, k, at in await s.execute(
                select(PostRow.number, PostEngagementRow.kind, PostEngagementRow.created_at)
                .join(PostRow, PostRow.id == PostEngagementRow.post_id)
                .where(PostEngagementRow.member_id == member_id)
                .order_by(PostRow.number, PostEngagementRow.kind)
            )
        ]
        for kind, column in (
            ("cheers_given", CheerRow.giver_id),
            ("cheers_received", CheerRow.receiver_id),
        ):
            data[kind] = [
                {"reason": reason, "created_at": _iso(at)}
                for reason, at in await s.execute(
                    select(CheerRow.reason, CheerRow.created_at)
                    .where(column == member_id)
                    .order_by(CheerRow.created_at, CheerRow.id)
                )
            ]
        private = await s.get(CheerOptOutRow, member_id)
        data["cheer_settings"] = [{"announced": private is None}]
        data["bookings"] = [
            {
                "kind": "slot" if slot_number is not None else "cafe",
                "number": slot_number if slot_number is not None else cafe_number,
                "starts_at": _iso(slot_start or cafe_start),
                "status": b.status,
                "draft": b.draft,
                "created_at": _iso(b.created_at),
            }
            for b, slot_number, slot_start, cafe_number, cafe_start in await s.execute(
                select(
                    BookingRow, SlotRow.number, SlotRow.starts_at, CafeRow.number, CafeRow.starts_at
                )
                .outerjoin(SlotRow, SlotRow.id == BookingRow.slot_id)
                .outerjoin(CafeRow, CafeRow.id == BookingRow.cafe_id)
                .where(BookingRow.member_id == member_id)
                .order_by(BookingRow.created_at, BookingRow.id)
            )
        ]
        data["calendar_links"] = [
            {"kind": "feed" if booking_id is None else "booking", "created_at": _iso(at)}
            for booking_id, at in await s.execute(
                select(CalendarTokenRow.booking_id, CalendarTokenRow.created_at)
                .where(CalendarTokenRow.member_id == member_id)
                .order_by(CalendarTokenRow.created_at)
            )
        ]
        data["slots_hosted"] = [
            {
                "number": slot.number,
                "starts_at": _iso(slot.starts_at),
                "ends_at": _iso(slot.ends_at),
                "place": slot.place,
                "status": slot.status,
            }
            for slot in (
                await s.execute(
                    select(SlotRow)
                    .where(SlotRow.coordinator_id == member_id)
                    .order_by(SlotRow.number)
                )
            ).scalars()
        ]
        data["cafes_hosted"] = [
            {
                "number": cafe.number,
                "title": cafe.title,
                "topic": cafe.topic,
                "place": cafe.place,
                "starts_at": _iso(cafe.starts_at),
                "status": cafe.status,
            }
            for cafe in (
                await s.execute(
                    select(CafeRow).where(CafeRow.host_id == member_id).order_by(CafeRow.number)
                )
            ).scalars()
        ]
        data["conversations"] = [
            {"kind": kind, "conversation_id": conversation, "updated_at": _iso(at)}
            for kind, conversation, at in await s.execute(
                select(
                    ConversationRefRow.kind,
                    ConversationRefRow.conversation_id,
                    ConversationRefRow.updated_at,
                )
                .where(ConversationRefRow.member_id == member_id)
                .order_by(ConversationRefRow.id)
            )
        ]
        data["library_suggested"] = [
            {"number": number, "url": url, "note": note, "created_at": _iso(at)}
            for number, url, note, at in await s.execute(
                select(
                    LibraryItemRow.number,
                    LibraryItemRow.url,
                    LibraryItemRow.note,
                    LibraryItemRow.created_at,
                )
                .where(LibraryItemRow.suggested_by_id == member_id)
                .order_by(LibraryItemRow.number)
            )
        ]
        data["library_picks"] = [
            {"item_number": number, "created_at": _iso(at)}
            for number, at in await s.execute(
                select(LibraryItemRow.number, LibraryPickRow.created_at)
                .join(LibraryItemRow, LibraryItemRow.id == LibraryPickRow.item_id)
                .where(LibraryPickRow.member_id == member_id)
                .order_by(LibraryPickRow.created_at)
            )
        ]
        data["enrolment"] = [
            {
                "status": status,
                "requested_at": _iso(asked),
                "seated_at": _iso(joined),
                "left_at": _iso(left),
            }
            for status, asked, joined, left in await s.execute(
                select(
                    EnrolmentRow.status,
                    EnrolmentRow.requested_at,
                    EnrolmentRow.joined_at,
                    EnrolmentRow.left_at,
                )
                .where(EnrolmentRow.member_id == member_id)
                .order_by(EnrolmentRow.requested_at, EnrolmentRow.id)
            )
        ]
        data["segments"] = [
            {"segment": key, "started_at": _iso(start), "ended_at": _iso(end)}
            for key, start, end in await s.execute(
                select(
                    SegmentRow.key, SegmentMembershipRow.started_at, SegmentMembershipRow.ended_at
                )
                .join(SegmentRow, SegmentRow.id == SegmentMembershipRow.segment_id)
                .where(SegmentMembershipRow.member_id == member_id)
                .order_by(SegmentMembershipRow.started_at, SegmentMembershipRow.id)
            )
        ]
        data["networks"] = [
            {"network": network}
            for (network,) in await s.execute(
                select(MemberNetworkRow.network)
                .where(MemberNetworkRow.member_id == member_id)
                .order_by(MemberNetworkRow.network)
            )
        ]
        data["mentoring"] = [
            {
                "role": "mentor" if mentor == member_id else "newcomer",
                "started_at": _iso(start),
                "ended_at": _iso(end),
                "met": met,
            }
            for mentor, start, end, met in await s.execute(
                select(
                    MentorPairingRow.mentor_id,
                    MentorPairingRow.started_at,
                    MentorPairingRow.ended_at,
                    MentorPairingRow.met,
                )
                .where(
                    (MentorPairingRow.mentor_id == member_id)
                    | (MentorPairingRow.mentee_id == member_id)
                )
                .order_by(MentorPairingRow.started_at, MentorPairingRow.id)
            )
        ]
        data["dashboard_sign_ins"] = [
            {"kind": kind, "created_at": _iso(at), "expires_at": _iso(until)}
            for kind, at, until in await s.execute(
                select(
                    DashboardTokenRow.kind,
                    DashboardTokenRow.created_at,
                    DashboardTokenRow.expires_at,
                )
                .where(DashboardTokenRow.member_id == member_id)
                .order_by(DashboardTokenRow.created_at)
            )
        ]
        data["nominations_given"] = [
            {
                "quarter": n.quarter,
                "why": n.reason,
                "created_at": _iso(n.created_at),
                "updated_at": _iso(n.updated_at),
            }
            for n in (
                await s.execute(
                    select(NominationRow)
                    .where(NominationRow.nominator_id == member_id)
                    .order_by(NominationRow.created_at, NominationRow.id)
                )
            ).scalars()
        ]
        data["nominations_received"] = [
            {"quarter": quarter, "why": reason, "created_at": _iso(at)}
            for quarter, reason, at in await s.execute(
                select(NominationRow.quarter, NominationRow.reason, NominationRow.created_at)
                .where(NominationRow.nominee_id == member_id)
                .order_by(NominationRow.created_at, NominationRow.id)
            )
        ]
        data["surveys"] = [
            {"number": number, "template": template, "answered": answered}
            for number, template, answered in await s.execute(
                select(SurveyRow.number, SurveyRow.template, SurveyParticipantRow.answered)
                .join(SurveyRow, SurveyRow.id == SurveyParticipantRow.survey_id)
                .where(SurveyParticipantRow.member_id == member_id)
                .order_by(SurveyRow.number)
            )
        ]
        data["awards"] = [
            {
                "quarter": a.quarter,
                "citation": a.citation,
                "status": a.status,
                "decided_at": _iso(a.decided_at),
            }
            for a in (
                await s.execute(
                    select(AwardQuarterRow)
                    .where(AwardQuarterRow.winner_id == member_id)
                    .order_by(AwardQuarterRow.quarter)
                )
            ).scalars()
        ]
        data["runner_up_mentions"] = [
            {
                "quarter": r.quarter,
                "mention": r.note,
                "status": r.status,
                "created_at": _iso(r.added_at),
            }
            for r in (
                await s.execute(
                    select(AwardRunnerUpRow)
                    .where(AwardRunnerUpRow.member_id == member_id)
                    .order_by(AwardRunnerUpRow.quarter, AwardRunnerUpRow.id)
                )
            ).scalars()
        ]
        data["exports"] = [
            {"created_at": _iso(at)}
            for (at,) in await s.execute(
                select(MemberExportRow.created_at)
                .where(MemberExportRow.member_id == member_id)
                .order_by(MemberExportRow.created_at)
            )
        ]
        return data

    async def erase(self, member_id: int, *, now: datetime) -> Erasure:
        """See ``PrivacyRepository.erase``."""
        s = self._session
        member = await s.get(MemberRow, member_id)
        if member is None or member.erased_at is not None:
            return Erasure(0, 0, 0)
        needles = await self._own_texts(member)
        posted = await self._posted_keys(member.workspace_id)
        own_ideas = (
            await s.execute(
                select(IdeaRow.number).where(
                    IdeaRow.author_id == member_id,
                    (IdeaRow.claimed_by_id.is_(None)) | (IdeaRow.claimed_by_id == member_id),
                )
            )
        ).scalars()
        own_posts = (
            await s.execute(select(PostRow.number).where(PostRow.author_id == member_id))
        ).scalars()
        received = (
            await s.execute(select(CheerRow.id).where(CheerRow.receiver_id == member_id))
        ).scalars()
        withdrawn = tuple(
            key
            for key in (
                *(f"idea:{n}" for n in own_ideas),
                *(f"post:{n}" for n in own_posts),
                *(cheer_key(c) for c in received),
            )
            if key in posted
        )
        # The award: a quarter they won goes from the channel with them (its citation was
        # about them); one that mentioned them as runner-up is shown again without them.
        won = set(
            (
                await s.execute(
                    select(AwardQuarterRow.quarter).where(AwardQuarterRow.winner_id == member_id)
                )
            ).scalars()
        )
        mentioned = set(
            (
                await s.execute(
                    select(AwardRunnerUpRow.quarter).where(AwardRunnerUpRow.member_id == member_id)
                )
            ).scalars()
        )
        withdrawn += tuple(
            key
            for key in (
                *(f"award:{q}" for q in sorted(won)),
                *(f"award:{q}:runner-up:{member_id}" for q in sorted(mentioned)),
            )
            if key in posted
        )
        awards = tuple(sorted(q for q in mentioned - won if f"award:{q}" in posted))
        given = (
            await s.execute(select(CheerRow.id).where(CheerRow.giver_id == member_id))
        ).scalars()
        cheers = tuple(sorted(c for c in given if cheer_key(c) in posted))
        # Ideas that stay and named them: theirs that a colleague claimed, and colleagues'
        # that they claimed.
        named = (
            await s.execute(
                select(IdeaRow.number).where(
                    or_(
                        and_(
                            IdeaRow.author_id == member_id,
                            IdeaRow.claimed_by_id.is_not(None),
                            IdeaRow.claimed_by_id != member_id,
                        ),
                        and_(IdeaRow.claimed_by_id == member_id, IdeaRow.author_id != member_id),
                    )
                )
            )
        ).scalars()
        renamed = tuple(sorted(n for n in named if f"idea:{n}" in posted))
        hosted = (
            await s.execute(select(CafeRow.number).where(CafeRow.host_id == member_id))
        ).scalars()
        cafes = tuple(sorted(n for n in hosted if f"cafe:{n}" in posted))
        deleted = 0

        async def remove(statement: object) -> None:
            nonlocal deleted
            result = await s.execute(statement)  # type: ignore[call-overload]
            deleted += int(getattr(result, "rowcount", 0) or 0)

        # Their ideas go unless a colleague took one on; ideas they claimed are let go.
        await remove(
            delete(IdeaRow).where(
                IdeaRow.author_id == member_id,
                (IdeaRow.claimed_by_id.is_(None)) | (IdeaRow.claimed_by_id == member_id),
            )
        )
        await s.execute(
            update(IdeaRow)
            .where(IdeaRow.claimed_by_id == member_id, IdeaRow.status == "claimed")
            .values(claimed_by_id=None, status="open", updated_at=now)
        )
        await s.execute(
            update(IdeaRow).where(IdeaRow.claimed_by_id == member_id).values(claimed_by_id=None)
        )
        await remove(delete(DraftRow).where(DraftRow.author_id == member_id))
        await remove(delete(DraftReviewerRow).where(DraftReviewerRow.member_id == member_id))
        await remove(
            delete(DraftFeedbackRequestRow).where(DraftFeedbackRequestRow.reviewer_id == member_id)
        )
        await remove(delete(NoteSentRow).where(NoteSentRow.sender_id == member_id))
        await remove(delete(PostRow).where(PostRow.author_id == member_id))
        await remove(delete(CheerRow).where(CheerRow.receiver_id == member_id))
        await remove(delete(CheerOptOutRow).where(CheerOptOutRow.member_id == member_id))
        # A café seat they held is freed before their booking goes.
        seats = (
            await s.execute(
                select(BookingRow.cafe_id, func.count())
                .where(
                    BookingRow.member_id == member_id,
                    BookingRow.cafe_id.is_not(None),
                    BookingRow.status == "active",
                )
                .group_by(BookingRow.cafe_id)
            )
        ).all()
        for cafe_id, count in seats:
            await s.execute(
                update(CafeRow)
                .where(CafeRow.id == cafe_id)
                .values(seats_taken=CafeRow.seats_taken - count)
            )
        await remove(delete(CalendarTokenRow).where(CalendarTokenRow.member_id == member_id))
        await remove(delete(BookingRow).where(BookingRow.member_id == member_id))
        await remove(delete(ConversationRefRow).where(ConversationRefRow.member_id == member_id))
        await remove(delete(MemberExportRow).where(MemberExportRow.member_id == member_id))
        await remove(delete(LibraryPickRow).where(LibraryPickRow.member_id == member_id))
        await remove(delete(DashboardTokenRow).where(DashboardTokenRow.member_id == member_id))
        await remove(delete(MemberNetworkRow).where(MemberNetworkRow.member_id == member_id))
        await remove(delete(MentorRow).where(MentorRow.member_id == member_id))
        await remove(
            delete(MentorPairingRow).where(
                (MentorPairingRow.mentor_id == member_id)
                | (MentorPairingRow.mentee_id == member_id)
            )
        )
        # Their place in the programme stays for past headcounts, as left; a seat goes back.
        seated = await s.scalar(
            select(func.count()).where(
                EnrolmentRow.member_id == member_id,
                EnrolmentRow.status.in_(("active", "offered")),
            )
        )
        if seated:
            await s.execute(
                update(ProgrammeSeatsRow)
                .where(ProgrammeSeatsRow.workspace_id == member.workspace_id)
                .values(
                    taken=case(
                        (
                            ProgrammeSeatsRow.taken > int(seated),
                            ProgrammeSeatsRow.taken - int(seated),
                        ),
                        else_=0,
                    )
                )
            )
        await s.execute(
            update(EnrolmentRow)
            .where(EnrolmentRow.member_id == member_id, EnrolmentRow.status != "left")
            .values(status="left", left_at=now, offer_expires_at=None)
        )
        await remove(delete(NominationRow).where(NominationRow.nominee_id == member_id))
        await remove(delete(AwardRunnerUpRow).where(AwardRunnerUpRow.member_id == member_id))
        await remove(
            delete(SurveyParticipantRow).where(SurveyParticipantRow.member_id == member_id)
        )
        # A quarter they won stays in the history, won by "a former member".
        await s.execute(
            update(AwardQuarterRow)
            .where(AwardQuarterRow.winner_id == member_id)
            .values(winner_id=None, citation=None)
        )
        # A link they suggested stays in the library for everyone, without them or their note.
        await s.execute(
            update(LibraryItemRow)
            .where(LibraryItemRow.suggested_by_id == member_id)
            .values(suggested_by_id=None, note=None)
        )
        former = _FORMER_PREFIX + secrets.token_hex(12)
        superseded = await self._scrub_outbox(member, needles, former)
        anonymised = 0
        for column in (
            IdeaVoteRow.member_id,
            CheerRow.giver_id,
            DraftFeedbackRow.reviewer_id,
            PostEngagementRow.member_id,
            SlotRow.coordinator_id,
            SlotSeriesRow.coordinator_id,
            CafeRow.host_id,
            IdeaRow.author_id,
            EnrolmentRow.member_id,
            SegmentMembershipRow.member_id,
            NominationRow.nominator_id,
        ):
            kept = await s.scalar(
                select(func.count()).select_from(column.table).where(column == member_id)
            )
            anonymised += int(kept or 0)
        await s.execute(
            update(MemberRow)
            .where(MemberRow.id == member_id)
            .values(
                external_id=former,
                display_name="",
                name_key="",
                role="ambassador",
                locale=None,
                timezone=None,
                last_active_at=None,
                away_until=None,
                nudges_off=False,
                last_nudged_at=None,
                name_checked_at=None,
                erased_at=now,
            )
        )
        s.expire_all()
        return Erasure(deleted, anonymised, superseded, withdrawn, renamed, cafes, cheers, awards)

    async def _posted_keys(self, workspace_id: int) -> set[str]:
        """Keys of the channel posts that went out in this workspace."""
        rows = await self._session.execute(
            select(MessageRefRow.key).where(MessageRefRow.workspace_id == workspace_id)
        )
        return set(rows.scalars())

    async def _own_texts(self, member: MemberRow) -> list[str]:
        """What identifies the member in a message: their ids, name and own words."""
        s = self._session
        texts: list[str] = [member.external_id]
        if member.display_name:
            texts.append(member.display_name)
        texts += (
            await s.execute(select(IdeaRow.text).where(IdeaRow.author_id == member.id))
        ).scalars()
        texts += (
            await s.execute(
                select(DraftVersionRow.text)
                .join(DraftRow, DraftRow.id == DraftVersionRow.draft_id)
                .where(DraftRow.author_id == member.id)
            )
        ).scalars()
        texts += (
            await s.execute(select(PostRow.url).where(PostRow.author_id == member.id))
        ).scalars()
        return [t for t in texts if t.strip()]

    async def _scrub_outbox(self, member: MemberRow, texts: list[str], former: str) -> int:
        """Undelivered messages for or about the member are superseded; every payload that
        names them is emptied. Returns how many will not be sent."""
        s = self._session
        needles = [_payload_needle(t) for t in texts]
        rows = (
            await s.execute(
                select(OutboxRow.id, OutboxRow.target, OutboxRow.payload, OutboxRow.status).where(
                    OutboxRow.workspace_id == member.workspace_id
                )
            )
        ).all()
        superseded = 0
        for item_id, target, payload, status in rows:
            if target != member.external_id and not any(n in payload for n in needles):
                continue
            values: dict[str, object] = {"payload": EMPTY_PAYLOAD}
            if target == member.external_id:
                values["target"] = former
            if status == "pending":
                values |= {"status": "superseded", "lease_until": None}
                superseded += 1
            await s.execute(update(OutboxRow).where(OutboxRow.id == item_id).values(**values))
        return superseded

    async def mark_left(self, member_id: int, *, now: datetime) -> int:
        """See ``PrivacyRepository.mark_left``."""
        s = self._session
        member = await s.get(MemberRow, member_id)
        if member is None or member.erased_at is not None:
            return 0
        stopped = await s.execute(
            update(OutboxRow)
            .where(
                OutboxRow.workspace_id == member.workspace_id,
                OutboxRow.target == member.external_id,
                OutboxRow.status == "pending",
            )
            .values(status="superseded", lease_until=None)
        )
        await s.execute(update(MemberRow).where(MemberRow.id == member_id).values(left_at=now))
        s.expire_all()
        return int(getattr(stopped, "rowcount", 0) or 0)

    async def last_export(self, member_id: int) -> datetime | None:
        """When the member last asked for an export."""
        return await self._session.scalar(
            select(func.max(MemberExportRow.created_at)).where(
                MemberExportRow.member_id == member_id
            )
        )

    async def record_export(
        self,
        workspace_id: int,
        member_id: int,
        now: datetime,
        *,
        token_hash: str | None = None,
        content: bytes | None = None,
        expires_at: datetime | None = None,
    ) -> None:
        """Remember an export (and, for a link, the ZIP until it is fetched)."""
        self._session.add(
            MemberExportRow(
                workspace_id=workspace_id,
                member_id=member_id,
                created_at=now,
                token_hash=token_hash,
                content=content,
                expires_at=expires_at,
            )
        )
        await self._session.flush()

    async def forget_last_export(self, member_id: int) -> bool:
        """See ``PrivacyRepository.forget_last_export``."""
        newest = await self._session.scalar(
            select(MemberExportRow.id)
            .where(MemberExportRow.member_id == member_id)
            .order_by(MemberExportRow.created_at.desc(), MemberExportRow.id.desc())
            .limit(1)
        )
        if newest is None:
            return False
        result = await self._session.execute(
            delete(MemberExportRow).where(
                MemberExportRow.id == newest, MemberExportRow.token_hash.is_(None)
            )
        )
        return bool(getattr(result, "rowcount", 0))

    async def take_download(self, token_hash: str, now: datetime) -> bytes | None:
        """The ZIP behind a link, once; the stored copy is dropped as it is handed out."""
        row = (
            await self._session.execute(
                select(MemberExportRow)
                .where(MemberExportRow.token_hash == token_hash)
                .with_for_update()
            )
        ).scalar_one_or_none()
        if row is None or row.content is None or row.used_at is not None:
            return None
        if row.expires_at is None or row.expires_at <= now:
            return None
        content = row.content
        taken = await self._session.execute(
            update(MemberExportRow)
            .where(MemberExportRow.id == row.id, MemberExportRow.used_at.is_(None))
            .values(used_at=now, content=None)
        )
        return content if getattr(taken, "rowcount", 0) == 1 else None

    async def forget_expired(self, workspace_id: int, retention: Retention, now: datetime) -> int:
        """See ``PrivacyRepository.forget_expired``."""
        s = self._session

        def days(count: int) -> datetime:
            return now - timedelta(days=count)

        statements = (
            delete(OutboxRow).where(
                OutboxRow.workspace_id == workspace_id,
                OutboxRow.status.in_(("sent", "superseded")),
                OutboxRow.created_at < days(retention.delivered_messages_days),
            ),
            delete(DraftRow).where(
                DraftRow.workspace_id == workspace_id,
                DraftRow.status == "discarded",
                DraftRow.discarded_at < days(retention.discarded_drafts_days),
            ),
            delete(MemberExportRow).where(
                MemberExportRow.workspace_id == workspace_id,
                MemberExportRow.created_at < now - timedelta(hours=retention.export_link_hours),
            ),
            delete(NoteSentRow).where(
                NoteSentRow.workspace_id == workspace_id, NoteSentRow.sent_at < now - NOTES_KEPT
            ),
            delete(ProcessedEventRow).where(
                ProcessedEventRow.received_at < days(retention.processed_events_days)
            ),
            # slack_sdk writes naive UTC here.
            delete(SLACK_OAUTH_STATES).where(
                SLACK_OAUTH_STATES.c.expire_at
                < days(retention.oauth_states_days).replace(tzinfo=None)
            ),
        )
        removed = 0
        for statement in statements:
            result = await s.execute(statement)
            removed += int(getattr(result, "rowcount", 0) or 0)
        return removed

    async def audit(
        self, workspace_id: int, action: str, by_member_id: int | None, by_label: str, now: datetime
    ) -> None:
        """Write the audit line: what happened, when, and who did it."""
        self._session.add(
            PrivacyAuditRow(
                workspace_id=workspace_id,
                action=action,
                by_member_id=by_member_id,
                by_label=by_label,
                created_at=now,
            )
        )
        await self._session.flush()
