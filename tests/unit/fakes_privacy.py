"""In-memory fake of the privacy port, over the other fakes' state: the same kinds and
fields as the SQL repository, and the same erasure rules."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot import codec
from bot.bookings.ports import BookingStatus
from bot.cheers.views import cheer_key
from bot.config import Retention
from bot.drafts.ports import DraftStatus
from bot.ideas.ports import IdeaStatus
from bot.membership.ports import SEATED, EnrolmentStatus
from bot.notes import NOTES_KEPT
from bot.privacy.ports import Erasure, MemberData

if TYPE_CHECKING:
    from tests.unit.fakes import FakeState


@dataclass
class FakeExport:
    member_id: int
    created_at: datetime
    token_hash: str | None = None
    content: bytes | None = None
    expires_at: datetime | None = None
    used_at: datetime | None = None


@dataclass
class FakePrivacyState:
    """Exports and the erasure audit (part of ``FakeState``)."""

    exports: list[FakeExport] = field(default_factory=list)
    audit: list[tuple[int, str, int | None, str, datetime]] = field(default_factory=list)


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


class FakePrivacy:
    def __init__(self, state: FakeState) -> None:
        self.state = state
        self.s = state.privacy

    async def collect(self, member_id: int) -> MemberData:
        st = self.state
        member = st.members.get(member_id)
        if member is None:
            return {}
        numbers = {i.id: i.number for i in st.ideas.values()}
        drafting = st.drafting
        drafts = sorted(
            (d for d in drafting.drafts.values() if d.author_id == member_id),
            key=lambda d: d.number,
        )
        own = {d.id for d in drafts}
        draft_numbers = {d.id: d.number for d in drafting.drafts.values()}
        post_numbers = {p.id: p.number for p in drafting.posts.values()}
        booking = st.booking
        return {
            "profile": [
                {
                    "platform_id": member.external_id,
                    "display_name": member.display_name,
                    "role": member.role.value,
                    "language": member.locale,
                    "time_zone": member.timezone,
                    "joined_at": None,
                    "last_active_at": _iso(member.last_active_at),
                    "away_until": member.away_until.isoformat() if member.away_until else None,
                    "nudges_off": member.nudges_off,
                    "last_nudged_at": _iso(member.last_nudged_at),
                    "name_checked_at": _iso(member.name_checked_at),
                }
            ],
            "ideas": [
                {
                    "number": i.number,
                    "text": i.text,
                    "themes": " ".join(
                        f"#{name}"
                        for name in sorted(
                            st.themes[t].name for x, t in st.idea_themes if x == i.id
                        )
                    ),
                    "status": i.status.value,
                    "created_at": _iso(i.created_at),
                    "updated_at": None,
                }
                for i in sorted(st.ideas.values(), key=lambda i: i.number)
                if i.author_id == member_id
            ],
            "ideas_claimed": [
                {"number": i.number, "status": i.status.value, "updated_at": None}
                for i in sorted(st.ideas.values(), key=lambda i: i.number)
                if i.claimed_by_id == member_id and i.author_id != member_id
            ],
            "votes": [
                {"idea_number": numbers[idea_id], "created_at": None}
                for idea_id, voter in sorted(st.votes, key=lambda v: numbers.get(v[0], 0))
                if voter == member_id and idea_id in numbers
            ],
            "drafts": [
                {
                    "number": d.number,
                    "status": d.status.value,
                    "idea_number": d.idea_number,
                    "created_at": _iso(d.created_at),
                    "updated_at": None,
                    "discarded_at": _iso(d.discarded_at),
                }
                for d in drafts
            ],
            "draft_versions": [
                {
                    "draft_number": draft_numbers[v.draft_id],
                    "version": v.version,
                    "text": v.text,
                    "created_at": _iso(v.created_at),
                }
                for key, v in sorted(
                    drafting.versions.items(), key=lambda kv: (draft_numbers[kv[0][0]], kv[0][1])
                )
                if v.draft_id in own
            ],
            "feedback_received": [
                {
                    "draft_number": draft_numbers[f.draft_id],
                    "version": f.version,
                    "text": f.text,
                    "created_at": _iso(f.created_at),
                }
                for f in drafting.feedback
                if f.draft_id in own
            ],
            "feedback_given": [
                {
                    "draft_number": draft_numbers[f.draft_id],
                    "version": f.version,
                    "text": f.text,
                    "created_at": _iso(f.created_at),
                }
                for f in drafting.feedback
                if f.reviewer_id == member_id
            ],
            "review_requests": [
                {"draft_number": number}
                for number in sorted(
                    {draft_numbers[d] for d, m in drafting.reviewers if m == member_id}
                    | {draft_numbers[d] for d, _, m in drafting.requests if m == member_id}
                )
            ],
            "posts": [
                {
                    "number": p.number,
                    "url": p.url,
                    "network": p.network.value,
                    "draft_number": draft_numbers.get(p.draft_id) if p.draft_id else None,
                    "created_at": _iso(p.created_at),
                }
                for p in sorted(drafting.posts.values(), key=lambda p: p.number)
                if p.author_id == member_id
            ],
            "engagements": [
                {"post_number": post_numbers[p], "kind": k.value, "created_at": _iso(at)}
                for (p, m, k), at in sorted(
                    drafting.engagements.items(),
                    key=lambda kv: (post_numbers[kv[0][0]], kv[0][2].value),
                )
                if m == member_id
            ],
            "cheers_given": [
                {"reason": c.reason, "created_at": _iso(c.created_at)}
                for c in st.cheers.values()
                if c.giver_id == member_id
            ],
            "cheers_received": [
                {"reason": c.reason, "created_at": _iso(c.created_at)}
                for c in st.cheers.values()
                if c.receiver_id == member_id
            ],
            "cheer_settings": [{"announced": member_id not in st.cheer_opt_outs}],
            "nominations_given": [
                {
                    "quarter": quarter,
                    "why": n.reason,
                    "created_at": _iso(n.created_at),
                    "updated_at": _iso(n.updated_at),
                }
                for (_, quarter, _, _), n in st.awards.nominations.items()
                if n.nominator_id == member_id
            ],
            "nominations_received": [
                {"quarter": quarter, "why": n.reason, "created_at": _iso(n.created_at)}
                for (_, quarter, _, _), n in st.awards.nominations.items()
                if n.nominee_id == member_id
            ],
            "surveys": [
                {
                    "number": st.surveys.surveys[survey_id].number,
                    "template": st.surveys.surveys[survey_id].template,
                    "answered": answered,
                }
                for (survey_id, member), (answered, _) in sorted(st.surveys.participants.items())
                if member == member_id
            ],
            "awards": [
                {
                    "quarter": a.quarter,
                    "citation": a.citation,
                    "status": a.status.value,
                    "decided_at": _iso(a.decided_at),
                }
                for a in sorted(st.awards.quarters.values(), key=lambda a: a.quarter)
                if a.winner_id == member_id
            ],
            "runner_up_mentions": [
                {
                    "quarter": quarter,
                    "mention": r.note,
                    "status": r.status.value,
                    "created_at": _iso(r.added_at),
                }
                for (_, quarter, who), r in sorted(
                    st.awards.runners_up.items(), key=lambda item: item[0][1]
                )
                if who == member_id
            ],
            "bookings": [
                {
                    "kind": detail.booking.kind.value,
                    "number": detail.number,
                    "starts_at": _iso(detail.starts_at),
                    "status": b.status.value,
                    "draft": b.draft,
                    "created_at": _iso(b.created_at),
                }
                for b in booking.bookings.values()
                if b.member_id == member_id
                for detail in (booking.detail(b),)
            ],
            "calendar_links": [
                {
                    "kind": "feed" if t.booking_id is None else "booking",
                    "created_at": _iso(t.created_at),
                }
                for t in booking.tokens.values()
                if t.member_id == member_id
            ],
            "slots_hosted": [
                {
                    "number": s.number,
                    "starts_at": _iso(s.starts_at),
                    "ends_at": _iso(s.ends_at),
                    "place": s.place,
                    "status": s.status.value,
                }
                for s in sorted(booking.slots.values(), key=lambda s: s.number)
                if s.coordinator_id == member_id
            ],
            "cafes_hosted": [
                {
                    "number": c.number,
                    "title": c.title,
                    "topic": c.topic,
                    "place": c.place,
                    "starts_at": _iso(c.starts_at),
                    "status": c.status.value,
                }
                for c in sorted(booking.cafes.values(), key=lambda c: c.number)
                if c.host_id == member_id
            ],
            "conversations": [],
            "exports": [
                {"created_at": _iso(e.created_at)}
                for e in self.s.exports
                if e.member_id == member_id
            ],
            "library_suggested": [
                {
                    "number": item.number,
                    "url": item.url,
                    "note": item.note,
                    "created_at": _iso(item.created_at),
                }
                for item in sorted(st.library.items.values(), key=lambda i: i.number)
                if item.suggested_by_id == member_id
            ],
            "library_picks": [
                {
                    "item_number": st.library.items[p.item_id].number,
                    "created_at": _iso(p.created_at),
                }
                for p in sorted(st.library.picks.values(), key=lambda p: p.created_at)
                if p.member_id == member_id
            ],
            "enrolment": [
                {
                    "status": e.status.value,
                    "requested_at": _iso(e.requested_at),
                    "seated_at": _iso(e.joined_at),
                    "left_at": _iso(e.left_at),
                }
                for e in sorted(st.journey.enrolments.values(), key=lambda e: e.requested_at)
                if e.member_id == member_id
            ],
            "segments": [
                {
                    "segment": st.journey.segments[p.segment_id].key,
                    "started_at": _iso(p.started_at),
                    "ended_at": _iso(p.ended_at),
                }
                for p in sorted(st.journey.periods, key=lambda p: p.started_at)
                if p.member_id == member_id
            ],
            "networks": [
                {"network": network}
                for network in sorted(st.journey.networks.get(member_id, (0, ()))[1])
            ],
            "mentoring": [
                {
                    "role": "mentor" if p.mentor_id == member_id else "newcomer",
                    "started_at": _iso(p.started_at),
                    "ended_at": _iso(p.ended_at),
                    "met": p.met,
                }
                for p in sorted(st.journey.pairings.values(), key=lambda p: p.started_at)
                if member_id in (p.mentor_id, p.mentee_id)
            ],
            # The fake keeps no creation time for dashboard tokens.
            "dashboard_sign_ins": [
                {"kind": kind, "created_at": None, "expires_at": _iso(until)}
                for kind, _, member, until, _ in st.stats.tokens.values()
                if member == member_id
            ],
        }

    async def erase(self, member_id: int, *, now: datetime) -> Erasure:
        st = self.state
        member = st.members.get(member_id)
        if member is None:
            return Erasure(0, 0, 0)
        deleted = 0
        gone_ideas = {
            i.id
            for i in st.ideas.values()
            if i.author_id == member_id and i.claimed_by_id in (None, member_id)
        }
        for idea_id in gone_ideas:
            del st.ideas[idea_id]
        st.votes = {v for v in st.votes if v[0] not in gone_ideas}
        deleted += len(gone_ideas)
        for idea in st.ideas.values():
            if idea.claimed_by_id == member_id:
                idea.claimed_by_id = None
                if idea.status is IdeaStatus.CLAIMED:
                    idea.status = IdeaStatus.OPEN
        drafting = st.drafting
        gone_drafts = {d.id for d in drafting.drafts.values() if d.author_id == member_id}
        for draft_id in gone_drafts:
            del drafting.drafts[draft_id]
        drafting.versions = {k: v for k, v in drafting.versions.items() if k[0] not in gone_drafts}
        drafting.feedback = [f for f in drafting.feedback if f.draft_id not in gone_drafts]
        before = len(drafting.reviewers)
        drafting.reviewers = {
            r for r in drafting.reviewers if r[0] not in gone_drafts and r[1] != member_id
        }
        deleted += len(gone_drafts) + before - len(drafting.reviewers)
        requests = [k for k in drafting.requests if k[0] in gone_drafts or k[2] == member_id]
        for request in requests:
            del drafting.requests[request]
        notes = [n for n in st.notes_sent if n[1] == member_id]
        st.notes_sent = [n for n in st.notes_sent if n[1] != member_id]
        deleted += len(requests) + len(notes)
        gone_posts = {p.id for p in drafting.posts.values() if p.author_id == member_id}
        for post_id in gone_posts:
            del drafting.posts[post_id]
        drafting.engagements = {
            k: v for k, v in drafting.engagements.items() if k[0] not in gone_posts
        }
        deleted += len(gone_posts)
        received = [c.id for c in st.cheers.values() if c.receiver_id == member_id]
        posted = {key for ws, key in st.posted if ws == member.workspace_id}
        withdrawn = tuple(cheer_key(c) for c in received if cheer_key(c) in posted)
        renamed_cheers = tuple(
            sorted(
                c.id
                for c in st.cheers.values()
                if c.giver_id == member_id and cheer_key(c.id) in posted
            )
        )
        won = {q for (ws, q), a in st.awards.quarters.items() if a.winner_id == member_id}
        runner_up_in = {q for (_, q, m) in st.awards.runners_up if m == member_id}
        withdrawn += tuple(
            key
            for key in (
                *(f"award:{q}" for q in sorted(won)),
                *(f"award:{q}:runner-up:{member_id}" for q in sorted(runner_up_in)),
            )
            if key in posted
        )
        renamed_awards = tuple(sorted(q for q in runner_up_in - won if f"award:{q}" in posted))
        for cheer_id in received:
            del st.cheers[cheer_id]
        deleted += len(received)
        if member_id in st.cheer_opt_outs:
            st.cheer_opt_outs.discard(member_id)
            deleted += 1
        booking = st.booking
        for b in [b for b in booking.bookings.values() if b.member_id == member_id]:
            if b.cafe_id is not None and b.status is BookingStatus.ACTIVE:
                cafe = booking.cafes[b.cafe_id]
                booking.cafes[b.cafe_id] = replace(cafe, seats_taken=cafe.seats_taken - 1)
            del booking.bookings[b.id]
            deleted += 1
        tokens = [h for h, t in booking.tokens.items() if t.member_id == member_id]
        for token_hash in tokens:
            del booking.tokens[token_hash]
        deleted += len(tokens)
        exports = [e for e in self.s.exports if e.member_id == member_id]
        self.s.exports = [e for e in self.s.exports if e.member_id != member_id]
        deleted += len(exports)
        picks = [key for key, pick in st.library.picks.items() if pick.member_id == member_id]
        for key in picks:
            del st.library.picks[key]
        signs = [digest for digest, token in st.stats.tokens.items() if token[2] == member_id]
        for digest in signs:
            del st.stats.tokens[digest]
        deleted += len(picks) + len(signs)
        journey = st.journey
        journey.networks.pop(member_id, None)
        journey.mentors.pop(member_id, None)
        for pairing_id, pairing in list(journey.pairings.items()):
            if member_id in (pairing.mentor_id, pairing.mentee_id):
                del journey.pairings[pairing_id]
        for enrolment in journey.enrolments.values():
            if enrolment.member_id == member_id and enrolment.status is not EnrolmentStatus.LEFT:
                if enrolment.status in SEATED:
                    seats = journey.seats.get(enrolment.workspace_id, 0)
                    journey.seats[enrolment.workspace_id] = max(seats - 1, 0)
                enrolment.status = EnrolmentStatus.LEFT
                enrolment.left_at = now
                enrolment.offer_expires_at = None
        asked = [k for k in st.surveys.participants if k[1] == member_id]
        for survey_member in asked:
            del st.surveys.participants[survey_member]
        deleted += len(asked)
        nominated = [k for k, n in st.awards.nominations.items() if n.nominee_id == member_id]
        for pair in nominated:
            del st.awards.nominations[pair]
        deleted += len(nominated)
        mentioned = [k for k in st.awards.runners_up if k[2] == member_id]
        for mention in mentioned:
            del st.awards.runners_up[mention]
        deleted += len(mentioned)
        for quarter, award in list(st.awards.quarters.items()):
            if award.winner_id == member_id:
                st.awards.quarters[quarter] = replace(award, winner_id=None, citation=None)
        for item_id, item in list(st.library.items.items()):
            if item.suggested_by_id == member_id:
                st.library.items[item_id] = replace(item, suggested_by_id=None, note=None)
        before_outbox = len(st.outbox)
        st.outbox = [
            o
            for o in st.outbox
            # As on SQL: a payload that names them (a mention carries their id) goes too.
            if o.target != member.external_id and member.external_id not in codec.dumps(o.message)
        ]
        superseded = before_outbox - len(st.outbox)
        anonymised = (
            sum(1 for v in st.votes if v[1] == member_id)
            + sum(1 for c in st.cheers.values() if c.giver_id == member_id)
            + sum(1 for f in drafting.feedback if f.reviewer_id == member_id)
            + sum(1 for k in drafting.engagements if k[1] == member_id)
            + sum(1 for s in booking.slots.values() if s.coordinator_id == member_id)
            + sum(1 for s in booking.series.values() if s.coordinator_id == member_id)
            + sum(1 for c in booking.cafes.values() if c.host_id == member_id)
            + sum(1 for i in st.ideas.values() if i.author_id == member_id)
            + sum(1 for n in st.awards.nominations.values() if n.nominator_id == member_id)
        )
        del st.members[member_id]  # the fake's "former member": nobody by that id any more
        return Erasure(
            deleted,
            anonymised,
            superseded,
            withdrawn,
            renamed_cheers=renamed_cheers,
            renamed_awards=renamed_awards,
        )

    async def mark_left(self, member_id: int, *, now: datetime) -> int:
        st = self.state
        member = st.members.get(member_id)
        if member is None:
            return 0
        before = len(st.outbox)
        st.outbox = [o for o in st.outbox if o.target != member.external_id]
        member.left_at = now
        return before - len(st.outbox)

    async def last_export(self, member_id: int) -> datetime | None:
        times = [e.created_at for e in self.s.exports if e.member_id == member_id]
        return max(times) if times else None

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
        self.s.exports.append(FakeExport(member_id, now, token_hash, content, expires_at))

    async def forget_last_export(self, member_id: int) -> bool:
        mine = [e for e in self.s.exports if e.member_id == member_id]
        if not mine:
            return False
        newest = max(reversed(mine), key=lambda e: e.created_at)  # the last of equals
        if newest.token_hash is not None:
            return False
        self.s.exports.remove(newest)
        return True

    async def take_download(self, token_hash: str, now: datetime) -> bytes | None:
        for export in self.s.exports:
            if export.token_hash != token_hash:
                continue
            if export.content is None or export.used_at is not None:
                return None
            if export.expires_at is None or export.expires_at <= now:
                return None
            content, export.content, export.used_at = export.content, None, now
            return content
        return None

    async def forget_expired(self, workspace_id: int, retention: Retention, now: datetime) -> int:
        drafting = self.state.drafting
        limit = now - timedelta(days=retention.discarded_drafts_days)
        gone = {
            d.id
            for d in drafting.drafts.values()
            if d.workspace_id == workspace_id
            and d.discarded_at is not None
            and d.discarded_at < limit
            and d.status is DraftStatus.DISCARDED
        }
        for draft_id in gone:
            del drafting.drafts[draft_id]
        drafting.versions = {k: v for k, v in drafting.versions.items() if k[0] not in gone}
        before = len(self.s.exports)
        links = now - timedelta(hours=retention.export_link_hours)
        self.s.exports = [e for e in self.s.exports if e.created_at >= links]
        notes = len(self.state.notes_sent)
        self.state.notes_sent = [
            n for n in self.state.notes_sent if n[0] != workspace_id or n[3] >= now - NOTES_KEPT
        ]
        notes -= len(self.state.notes_sent)
        return len(gone) + before - len(self.s.exports) + notes

    async def audit(
        self, workspace_id: int, action: str, by_member_id: int | None, by_label: str, now: datetime
    ) -> None:
        self.s.audit.append((workspace_id, action, by_member_id, by_label, now))
