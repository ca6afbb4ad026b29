"""Notes to colleagues and what erasure reaches, on every store: the note ledger, one
feedback request per reviewer and version, cheers by id and their channel posts, and a
failed export forgotten."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.award.ports import AwardStatus
from bot.cheers.ports import NewCheer
from bot.config import Retention
from bot.model import Platform, Role
from bot.ports import UnitOfWork, UnitOfWorkFactory
from storage.models import MessageRefRow
from storage.unit_of_work import SqlUnitOfWork
from tests.unit.fakes import FakeUnitOfWork

NOW = datetime(2031, 3, 3, 9, 0, tzinfo=UTC)


async def _members(store: UnitOfWorkFactory) -> tuple[int, int, int]:
    async with store() as uow:
        workspace, _ = await uow.workspaces.get_or_add(
            Platform.CONSOLE, "T1", locale="en", timezone="UTC"
        )
        ann = await uow.members.add(workspace.id, "U1", "ann", Role.AMBASSADOR)
        ben = await uow.members.add(workspace.id, "U2", "ben", Role.AMBASSADOR)
        await uow.commit()
    return workspace.id, ann.id, ben.id


async def _posted(uow: UnitOfWork, workspace_id: int, key: str) -> None:
    """What a platform adapter records once a keyed channel post went out."""
    if isinstance(uow, SqlUnitOfWork):
        uow.session.add(
            MessageRefRow(
                workspace_id=workspace_id,
                key=key,
                channel_id="C1",
                message_id="1.1",
                updated_at=NOW,
            )
        )
        await uow.session.flush()
    else:
        assert isinstance(uow, FakeUnitOfWork)
        uow.state.posted.add((workspace_id, key))


async def test_the_note_ledger_counts_notes_after_a_moment_and_knows_what_was_told(
    store: UnitOfWorkFactory,
) -> None:
    ws, ann, ben = await _members(store)
    async with store() as uow:
        await uow.notes.record(ws, ann, 2, NOW, about=None)
        await uow.notes.record(ws, ann, 1, NOW + timedelta(minutes=30), about="idea-claimed:7")
        await uow.notes.record(ws, ben, 5, NOW + timedelta(minutes=10), about=None)
        await uow.commit()
    async with store() as uow:
        assert await uow.notes.sent_since(ann, NOW - timedelta(minutes=1)) == [
            (NOW, 2),
            (NOW + timedelta(minutes=30), 1),
        ]
        # Strictly after: a note exactly an hour old no longer counts.
        assert await uow.notes.sent_since(ann, NOW) == [(NOW + timedelta(minutes=30), 1)]
        assert await uow.notes.told_since(ann, "idea-claimed:7", NOW)
        assert not await uow.notes.told_since(ann, "idea-claimed:7", NOW + timedelta(hours=1))
        assert not await uow.notes.told_since(ben, "idea-claimed:7", NOW)
        assert not await uow.notes.told_since(ann, "idea-claimed:8", NOW)


async def test_a_reviewer_is_asked_about_one_version_once(store: UnitOfWorkFactory) -> None:
    ws, ann, ben = await _members(store)
    async with store() as uow:
        draft = await uow.drafts.add(ws, ann, "First words", NOW, idea_id=None)
        assert await uow.drafts.ask_for_feedback(draft.id, 1, ben, NOW)
        assert await uow.drafts.ask_for_feedback(draft.id, 1, ann, NOW + timedelta(minutes=1))
        assert not await uow.drafts.ask_for_feedback(draft.id, 1, ben, NOW + timedelta(hours=1))
        assert await uow.drafts.ask_for_feedback(draft.id, 2, ben, NOW + timedelta(hours=2))
        await uow.commit()
    async with store() as uow:
        assert await uow.drafts.asked_for_feedback(draft.id, 1) == [ben, ann]
        assert await uow.drafts.asked_for_feedback(draft.id, 2) == [ben]
        assert await uow.drafts.asked_for_feedback(draft.id, 3) == []
        data = await uow.privacy.collect(ben)
    assert data["review_requests"] == [{"draft_number": draft.number}]


async def test_erasure_forgets_the_members_notes_and_feedback_requests(
    store: UnitOfWorkFactory,
) -> None:
    ws, ann, ben = await _members(store)
    async with store() as uow:
        draft = await uow.drafts.add(ws, ann, "First words", NOW, idea_id=None)
        await uow.drafts.ask_for_feedback(draft.id, 1, ben, NOW)
        await uow.notes.record(ws, ben, 1, NOW, about="idea-claimed:1")
        await uow.notes.record(ws, ann, 1, NOW, about=None)
        await uow.commit()
    async with store() as uow:
        await uow.privacy.erase(ben, now=NOW)
        await uow.commit()
    async with store() as uow:
        assert await uow.drafts.asked_for_feedback(draft.id, 1) == []
        assert await uow.notes.sent_since(ben, NOW - timedelta(hours=1)) == []
        assert await uow.notes.sent_since(ann, NOW - timedelta(hours=1)) == [(NOW, 1)]


async def test_housekeeping_forgets_note_records_older_than_a_day(
    store: UnitOfWorkFactory,
) -> None:
    ws, ann, _ = await _members(store)
    async with store() as uow:
        await uow.notes.record(ws, ann, 1, NOW - timedelta(days=1, minutes=1), about=None)
        await uow.notes.record(ws, ann, 3, NOW - timedelta(hours=23), about=None)
        await uow.commit()
    async with store() as uow:
        assert await uow.privacy.forget_expired(ws, Retention(), NOW) >= 1
        await uow.commit()
    async with store() as uow:
        assert await uow.notes.sent_since(ann, NOW - timedelta(days=2)) == [
            (NOW - timedelta(hours=23), 3)
        ]


async def test_a_cheer_is_stored_with_an_id_and_found_by_it(store: UnitOfWorkFactory) -> None:
    ws, ann, ben = await _members(store)
    async with store() as uow:
        cheer_id = await uow.cheers.add(NewCheer(ws, ben, ann, NOW, "thanks"))
        assert cheer_id is not None
        assert await uow.cheers.add(NewCheer(ws, ben, ann, NOW, None, "C1/1")) is not None
        assert await uow.cheers.add(NewCheer(ws, ben, ann, NOW, None, "C1/1")) is None
        await uow.commit()
    async with store() as uow:
        cheer = await uow.cheers.get(cheer_id)
        assert cheer is not None
        assert (cheer.giver_id, cheer.receiver_id, cheer.reason) == (ben, ann, "thanks")
        assert await uow.cheers.get(cheer_id + 1000) is None


async def test_erasure_names_the_announced_cheers_to_withdraw_and_to_rename(
    store: UnitOfWorkFactory,
) -> None:
    ws, ann, ben = await _members(store)
    async with store() as uow:
        received = await uow.cheers.add(NewCheer(ws, ben, ann, NOW, "for Ann"))
        given = await uow.cheers.add(NewCheer(ws, ann, ben, NOW, "from Ann"))
        unposted = await uow.cheers.add(NewCheer(ws, ann, ben, NOW, "never announced"))
        assert received and given and unposted
        await _posted(uow, ws, f"cheer:{received}")
        await _posted(uow, ws, f"cheer:{given}")
        await uow.commit()
    async with store() as uow:
        erasure = await uow.privacy.erase(ann, now=NOW)
        await uow.commit()
    assert f"cheer:{received}" in erasure.withdrawn
    assert f"cheer:{unposted}" not in erasure.withdrawn
    assert erasure.renamed_cheers == (given,)
    async with store() as uow:
        assert await uow.cheers.get(received) is None
        kept = await uow.cheers.get(given)
        assert kept is not None and kept.reason == "from Ann"
        assert await uow.members.get(kept.giver_id) is None  # "a former member"


async def test_a_failed_export_is_forgotten_but_a_download_link_is_not(
    store: UnitOfWorkFactory,
) -> None:
    ws, ann, ben = await _members(store)
    async with store() as uow:
        await uow.privacy.record_export(ws, ann, NOW - timedelta(hours=1))
        await uow.privacy.record_export(ws, ann, NOW)
        await uow.privacy.record_export(
            ws, ben, NOW, token_hash="h" * 64, content=b"zip", expires_at=NOW + timedelta(days=1)
        )
        await uow.commit()
    async with store() as uow:
        assert await uow.privacy.forget_last_export(ann)
        assert not await uow.privacy.forget_last_export(ben)  # a link is not a failed upload
        await uow.commit()
    async with store() as uow:
        assert await uow.privacy.last_export(ann) == NOW - timedelta(hours=1)
        assert await uow.privacy.last_export(ben) == NOW
        assert await uow.privacy.forget_last_export(ann)
        assert not await uow.privacy.forget_last_export(ann)


async def test_erasure_names_the_announced_award_posts_to_withdraw_and_to_redraw(
    store: UnitOfWorkFactory,
) -> None:
    ws, ann, ben = await _members(store)
    async with store() as uow:
        cat = (await uow.members.add(ws, "U3", "cat", Role.AMBASSADOR)).id
        for quarter in ("2026-Q3", "2026-Q4"):
            assert await uow.awards.open_window(ws, quarter, NOW)
        # Q3: Ann won, Ben was a runner-up. Q4: Cat won, Ann was a runner-up, named late.
        await uow.awards.add_runner_up(ws, "2026-Q3", ben, "", NOW, at_most=3)
        assert await uow.awards.decide(ws, "2026-Q3", ann, "her voice", AwardStatus.ANNOUNCED, NOW)
        await uow.awards.add_runner_up(ws, "2026-Q4", ann, "drafts", NOW, at_most=3)
        assert await uow.awards.decide(ws, "2026-Q4", cat, "his talks", AwardStatus.ANNOUNCED, NOW)
        for key in ("award:2026-Q3", "award:2026-Q4", f"award:2026-Q4:runner-up:{ann}"):
            await _posted(uow, ws, key)
        await uow.commit()
    async with store() as uow:
        erasure = await uow.privacy.erase(ann, now=NOW)
        await uow.commit()
    assert set(erasure.withdrawn) == {"award:2026-Q3", f"award:2026-Q4:runner-up:{ann}"}
    assert erasure.renamed_awards == ("2026-Q4",)
    async with store() as uow:
        assert await uow.awards.runners_up(ws, "2026-Q4") == []
        won = await uow.awards.get(ws, "2026-Q3")
        assert won is not None and won.winner_id is None and won.citation is None
