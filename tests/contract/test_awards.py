"""The award repository on every store: the window, nominations, one winner per quarter, the
evidence, and what erasure does to all of it."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from bot.award.ports import AwardStatus, RunnersUpFull, RunnerUpStatus
from bot.cheers.ports import NewCheer
from bot.model import Platform, Role
from bot.ports import UnitOfWorkFactory
from bot.posts.ports import Engagement, Network, NewPost

NOW = datetime(2026, 12, 20, 9, 0, tzinfo=UTC)
START = datetime(2026, 10, 1, tzinfo=UTC)
END = datetime(2027, 1, 1, tzinfo=UTC)


async def _members(store: UnitOfWorkFactory) -> tuple[int, int, int]:
    async with store() as uow:
        workspace, _ = await uow.workspaces.get_or_add(
            Platform.CONSOLE, "T1", locale="en", timezone="UTC"
        )
        ann = await uow.members.add(workspace.id, "U1", "ann", Role.AMBASSADOR)
        ben = await uow.members.add(workspace.id, "U2", "ben", Role.AMBASSADOR)
        await uow.commit()
    return workspace.id, ann.id, ben.id


async def test_a_window_opens_once_and_takes_one_winner(store: UnitOfWorkFactory) -> None:
    ws, ann, ben = await _members(store)
    async with store() as uow:
        assert await uow.awards.open_window(ws, "2026-Q3", NOW - timedelta(days=90))
        assert await uow.awards.open_window(ws, "2026-Q4", NOW)
        assert not await uow.awards.open_window(ws, "2026-Q4", NOW)
        assert await uow.awards.decide(ws, "2026-Q4", ann, "her voice", AwardStatus.ASKED, NOW)
        assert not await uow.awards.decide(ws, "2026-Q4", ben, "his", AwardStatus.ANNOUNCED, NOW)
        await uow.awards.set_status(ws, "2026-Q4", AwardStatus.ANNOUNCED)
        await uow.commit()
    async with store() as uow:
        latest = await uow.awards.latest(ws)
        assert latest is not None and latest.quarter == "2026-Q4"
        assert (latest.winner_id, latest.citation, latest.status) == (
            ann,
            "her voice",
            AwardStatus.ANNOUNCED,
        )
        assert [a.quarter for a in await uow.awards.quarters(ws)] == ["2026-Q4", "2026-Q3"]
        assert await uow.awards.get(ws, "2027-Q1") is None


async def test_a_second_nomination_of_the_same_colleague_replaces_the_reason(
    store: UnitOfWorkFactory,
) -> None:
    ws, ann, ben = await _members(store)
    async with store() as uow:
        assert await uow.awards.nominate(ws, "2026-Q4", ann, ben, "first reason here", NOW)
        later = NOW + timedelta(hours=1)
        assert not await uow.awards.nominate(ws, "2026-Q4", ann, ben, "second reason", later)
        assert await uow.awards.nominate(ws, "2026-Q4", ben, ann, "the other way round", NOW)
        await uow.commit()
    async with store() as uow:
        found = await uow.awards.nominations(ws, "2026-Q4")
        assert sorted((n.nominator_id, n.nominee_id, n.reason) for n in found) == sorted(
            [(ann, ben, "second reason"), (ben, ann, "the other way round")]
        )
        assert await uow.awards.nominations(ws, "2026-Q3") == []


async def test_evidence_counts_posts_revisions_feedback_cheers_and_answers_in_the_quarter(
    store: UnitOfWorkFactory,
) -> None:
    ws, ann, ben = await _members(store)
    async with store() as uow:
        post = await uow.posts.add(
            NewPost(ws, ann, "https://example.com/a", "example.com/a", Network.WEB, NOW)
        )
        old = await uow.posts.add(
            NewPost(
                ws,
                ann,
                "https://example.com/old",
                "example.com/old",
                Network.WEB,
                START - timedelta(days=1),
            )
        )
        assert post is not None and old is not None
        assert await uow.posts.engage(post.id, ben, Engagement.LIKED, NOW)
        assert await uow.posts.engage(post.id, ann, Engagement.LIKED, NOW)  # her own: no
        draft = await uow.drafts.add(ws, ann, "v1", NOW, idea_id=None)
        await uow.drafts.add_feedback(draft.id, 1, ben, "tighter", NOW + timedelta(hours=1))
        await uow.drafts.add_version(draft.id, "v2", NOW + timedelta(hours=2))
        unrevised = await uow.drafts.add(ws, ann, "other", NOW, idea_id=None)
        await uow.drafts.add_feedback(unrevised.id, 1, ben, "fine", NOW + timedelta(hours=1))
        await uow.cheers.add(NewCheer(ws, ben, ann, NOW, "thanks"))
        await uow.cheers.add(NewCheer(ws, ben, ann, START - timedelta(days=1), "old"))
        await uow.commit()
    async with store() as uow:
        hers = await uow.awards.evidence(ws, ann, START, END)
        his = await uow.awards.evidence(ws, ben, START, END)
    assert [p.url for p in hers.posts] == ["https://example.com/a"]
    assert (hers.revised_drafts, hers.feedback_given, hers.cheers_received, hers.answers) == (
        1,
        0,
        1,
        1,
    )
    assert (his.posts, his.revised_drafts, his.feedback_given, his.cheers_received) == (
        (),
        0,
        2,
        0,
    )


async def test_evidence_counts_the_newcomers_mentored_during_the_quarter(
    store: UnitOfWorkFactory,
) -> None:
    ws, ann, ben = await _members(store)
    async with store() as uow:
        cat = await uow.members.add(ws, "U3", "cat", Role.AMBASSADOR)
        dan = await uow.members.add(ws, "U4", "dan", Role.AMBASSADOR)
        eve = await uow.members.add(ws, "U5", "eve", Role.AMBASSADOR)
        await uow.mentors.set(ws, ann, 3)
        # Ended before the quarter: not counted.
        old = await uow.mentors.pair(ws, ann, eve.id, START - timedelta(days=60))
        await uow.mentors.end(old.id, START - timedelta(days=1))
        # Began before the quarter and ran into it, and they met.
        running = await uow.mentors.pair(ws, ann, ben, START - timedelta(days=10))
        await uow.mentors.record_met(running.id, True)
        # Began in the quarter, ended in it, never confirmed.
        short = await uow.mentors.pair(ws, ann, cat.id, NOW - timedelta(days=20))
        await uow.mentors.end(short.id, NOW - timedelta(days=5))
        # Begins after the quarter: not counted.
        await uow.mentors.pair(ws, ann, dan.id, END + timedelta(days=1))
        await uow.commit()
    async with store() as uow:
        hers = await uow.awards.evidence(ws, ann, START, END)
        his = await uow.awards.evidence(ws, ben, START, END)
    assert (hers.mentees, hers.mentees_met) == (2, 1)
    assert (his.mentees, his.mentees_met) == (0, 0)


async def test_erasure_exports_and_then_forgets_nominations_and_keeps_the_quarter(
    store: UnitOfWorkFactory,
) -> None:
    ws, ann, ben = await _members(store)
    async with store() as uow:
        await uow.awards.open_window(ws, "2026-Q4", NOW)
        await uow.awards.nominate(ws, "2026-Q4", ann, ben, "ann nominates ben", NOW)
        await uow.awards.nominate(ws, "2026-Q4", ben, ann, "ben nominates ann", NOW)
        await uow.awards.decide(ws, "2026-Q4", ann, "her voice", AwardStatus.ANNOUNCED, NOW)
        await uow.commit()
    async with store() as uow:
        data = await uow.privacy.collect(ann)
        assert [n["why"] for n in data["nominations_given"]] == ["ann nominates ben"]
        assert [n["why"] for n in data["nominations_received"]] == ["ben nominates ann"]
        assert [(a["quarter"], a["citation"]) for a in data["awards"]] == [("2026-Q4", "her voice")]
        await uow.privacy.erase(ann, now=NOW)
        await uow.commit()
    async with store() as uow:
        left = await uow.awards.nominations(ws, "2026-Q4")
        assert [(n.nominee_id, n.reason) for n in left] == [(ben, "ann nominates ben")]
        award = await uow.awards.get(ws, "2026-Q4")
        assert award is not None and award.status is AwardStatus.ANNOUNCED
        assert (award.winner_id, award.citation) == (None, None)


async def test_coordinators_adding_runners_up_at_once_never_pass_the_limit(
    store: UnitOfWorkFactory,
) -> None:
    ws, ann, ben = await _members(store)
    async with store() as uow:
        members = [ann, ben] + [
            (await uow.members.add(ws, f"U{n}", f"m{n}", Role.AMBASSADOR)).id for n in range(3, 9)
        ]
        await uow.commit()

    async def add(member_id: int) -> bool:
        try:
            async with store() as uow:
                await uow.awards.add_runner_up(ws, "2026-Q4", member_id, "", NOW, at_most=3)
                await uow.commit()
        except RunnersUpFull:
            return False
        return True

    added = await asyncio.gather(*(add(m) for m in members))
    assert sum(added) == 3
    async with store() as uow:
        assert len(await uow.awards.runners_up(ws, "2026-Q4")) == 3
        # One of them may still change their note; a fourth stays refused.
        [first, *_] = [m for m, ok in zip(members, added, strict=True) if ok]
        [outsider, *_] = [m for m, ok in zip(members, added, strict=True) if not ok]
        assert not await uow.awards.add_runner_up(ws, "2026-Q4", first, "new note", NOW, at_most=3)
        with pytest.raises(RunnersUpFull):
            await uow.awards.add_runner_up(ws, "2026-Q4", outsider, "", NOW, at_most=3)


async def test_runners_up_keep_their_order_their_note_and_status_and_go_with_erasure(
    store: UnitOfWorkFactory,
) -> None:
    ws, ann, ben = await _members(store)
    async with store() as uow:
        assert await uow.awards.add_runner_up(ws, "2026-Q4", ben, "his series", NOW, at_most=3)
        assert await uow.awards.add_runner_up(
            ws, "2026-Q4", ann, "", NOW + timedelta(hours=1), at_most=3
        )
        assert not await uow.awards.add_runner_up(
            ws, "2026-Q4", ben, "his support series", NOW, at_most=3
        )
        assert await uow.awards.add_runner_up(
            ws, "2026-Q3", ben, "", NOW - timedelta(days=90), at_most=3
        )
        await uow.awards.set_runner_up_status(ws, "2026-Q4", ben, RunnerUpStatus.ASKED)
        await uow.commit()
    async with store() as uow:
        found = await uow.awards.runners_up(ws, "2026-Q4")
        assert [(r.member_id, r.note, r.status) for r in found] == [
            (ben, "his support series", RunnerUpStatus.ASKED),
            (ann, "", RunnerUpStatus.PENDING),
        ]
        assert await uow.awards.remove_runner_up(ws, "2026-Q4", ann)
        assert not await uow.awards.remove_runner_up(ws, "2026-Q4", ann)
        data = await uow.privacy.collect(ben)
        assert [(m["quarter"], m["mention"], m["status"]) for m in data["runner_up_mentions"]] == [
            ("2026-Q3", "", "pending"),
            ("2026-Q4", "his support series", "asked"),
        ]
        await uow.privacy.erase(ben, now=NOW)
        await uow.commit()
    async with store() as uow:
        assert await uow.awards.runners_up(ws, "2026-Q4") == []
        assert await uow.awards.runners_up(ws, "2026-Q3") == []
