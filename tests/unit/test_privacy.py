"""Privacy on in-memory fakes: the page, the export, download links and erasure."""

from __future__ import annotations

import io
import json
import zipfile

from bot.core import Core, Outcome
from bot.messages import Audience, Section, SpanKind
from bot.model import Platform
from bot.privacy.export import FIELDS, KINDS, README_NAME
from tests.helpers import Chat, answer, button_commands
from tests.unit.fakes import FakeClock, FakeUnitOfWorkFactory


def zip_of(outcome: Outcome) -> zipfile.ZipFile:
    message = outcome.reply.answer
    assert message is not None and message.attachment is not None
    assert message.attachment.filename.endswith(".zip")
    return zipfile.ZipFile(io.BytesIO(message.attachment.data))


def records(archive: zipfile.ZipFile, kind: str) -> list[dict[str, object]]:
    loaded: list[dict[str, object]] = json.loads(archive.read(f"{kind}.json"))
    return loaded


async def test_privacy_page_says_what_why_how_long_and_who_in_the_members_language(
    chat: Chat,
) -> None:
    text = answer(await chat.say("ann", "/chorus privacy"))
    assert "What Chorus keeps about you" in text
    assert "Who sees it" in text and "How long" in text and "Why" in text
    assert "after 30 days" in text and "after 24 hours" in text

    await chat.say("ann", "/chorus language da")
    danish = answer(await chat.say("ann", "/chorus privacy"))
    assert "What Chorus keeps about you" not in danish
    assert "30" in danish


async def test_export_holds_everything_about_the_member_and_a_readme_for_every_field(
    chat: Chat,
) -> None:
    await chat.say("ann", "/idea Backups every Friday #engineering")
    await chat.say("ben", "/idea Our new office #culture")
    await chat.say("ann", "/idea vote 2")
    await chat.say("ben", "/cheer @ann thanks for the backup talk")
    await chat.say("ann", "/draft Why we test backups")

    archive = zip_of(await chat.say("ann", "/chorus privacy export"))

    names = set(archive.namelist())
    assert README_NAME in names
    for kind in KINDS:
        assert {f"{kind}.json", f"{kind}.csv"} <= names
    assert records(archive, "profile")[0]["platform_id"] == "ann"
    assert [i["text"] for i in records(archive, "ideas")] == ["Backups every Friday"]
    assert records(archive, "ideas")[0]["themes"] == "#engineering"
    assert [v["idea_number"] for v in records(archive, "votes")] == [2]
    assert [c["reason"] for c in records(archive, "cheers_received")] == [
        "thanks for the backup talk"
    ]
    assert [v["text"] for v in records(archive, "draft_versions")] == ["Why we test backups"]
    # Another member's words are not in it.
    assert not any("Our new office" in archive.read(n).decode() for n in names)
    csv_lines = archive.read("ideas.csv").decode().splitlines()
    assert csv_lines[0] == ",".join(KINDS["ideas"].fields)
    readme = archive.read(README_NAME).decode()
    for kind in KINDS:
        assert f"{kind}.json" in readme
    for name in FIELDS:
        assert f"- {name}: " in readme


async def test_a_second_export_within_a_minute_waits(chat: Chat, clock: FakeClock) -> None:
    zip_of(await chat.say("ann", "/chorus privacy export"))
    clock.advance(seconds=20)
    again = await chat.say("ann", "/chorus privacy export")
    assert again.reply.answer is not None and again.reply.answer.attachment is None
    assert "41 seconds" in answer(again)
    clock.advance(seconds=41)
    zip_of(await chat.say("ann", "/chorus privacy export"))


def link_token(outcome: Outcome) -> str:
    message = outcome.reply.answer
    assert message is not None and message.attachment is None
    [url] = [
        span.url
        for block in message.blocks
        if isinstance(block, Section)
        for span in block.text.spans
        if span.kind is SpanKind.LINK and span.url
    ]
    assert url.startswith("http://127.0.0.1:3000/export/")
    return url.rsplit("/", 1)[1].removesuffix(".zip")


async def test_teams_gets_a_download_link_that_works_once_and_for_a_day(
    core: Core, clock: FakeClock
) -> None:
    chat = Chat(core, platform=Platform.TEAMS)
    token = link_token(await chat.say("ann", "/chorus privacy export"))

    data = await core.download(token)
    assert data is not None and README_NAME in zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert await core.download(token) is None  # single use

    clock.advance(minutes=2)
    second = link_token(await chat.say("ann", "/chorus privacy export"))
    clock.advance(hours=24, seconds=1)
    assert await core.download(second) is None  # expired
    assert await core.download("not-a-token") is None


async def test_erasing_asks_first_then_deletes_own_content_and_keeps_gifts_nameless(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await chat.say("cora", "/chorus help")  # cora is a coordinator (CHORUS_ADMINS)
    await chat.say("ann", "/idea Backups every Friday")
    await chat.say("ben", "/idea Our new office")
    await chat.say("ann", "/idea vote 2")
    await chat.say("ben", "/cheer @ann thanks")
    await chat.say("ann", "/cheer @ben well done")

    ask = await chat.say("cora", "/chorus member erase @ann")
    assert "cannot be undone" in answer(ask)
    assert len(uow_factory.state.ideas) == 2  # nothing yet
    (confirm,) = button_commands(ask.reply.answer)  # type: ignore[arg-type]
    assert confirm == "chorus member erase <@ann> confirm"

    done = answer(await chat.say("cora", confirm))
    assert "Erased" in done

    state = uow_factory.state
    assert [i.text for i in state.ideas.values()] == ["Our new office"]
    assert [c.reason for c in state.cheers.values()] == ["well done"]  # given: kept
    assert len(state.votes) == 1  # their vote still counts
    assert all(m.external_id != "ann" for m in state.members.values())
    (audit,) = state.privacy.audit
    assert audit[1] == "erase" and audit[3] == "coordinator"
    # A kept gift reads "a former member".
    home = answer(await chat.say("ben", "/idea list"))
    assert "Ann" not in home


async def test_only_coordinators_erase_and_unknown_members_are_named(chat: Chat) -> None:
    await chat.say("ann", "/idea hello")
    refused = answer(await chat.say("ben", "/chorus member erase @ann confirm"))
    assert "Only coordinators" in refused
    unknown = answer(await chat.say("cora", "/chorus member erase @nobody"))
    assert "I don't know nobody" in unknown
    usage = answer(await chat.say("cora", "/chorus member remove @ann"))
    assert "/chorus member erase @name" in usage


async def test_the_last_coordinator_cannot_be_erased_and_is_told_why(chat: Chat) -> None:
    await chat.say("ann", "/idea hello")
    text = answer(await chat.say("cora", "/chorus member erase @cora confirm"))
    assert "last coordinator" in text and "/chorus promote" in text

    await chat.say("cora", "/chorus promote @ann")
    assert "Erased" in answer(await chat.say("cora", "/chorus member erase @cora confirm"))


async def test_an_undelivered_note_to_an_erased_member_is_not_sent(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await chat.say("ann", "/idea Backups")
    outcome = await chat.say("ben", "/cheer @ann thanks")
    assert any(m.audience is Audience.MEMBER for m in outcome.reply.messages)
    assert any(o.target == "ann" for o in uow_factory.state.outbox)

    await chat.say("cora", "/chorus member erase @ann confirm")

    assert not any(o.target == "ann" for o in uow_factory.state.outbox)


async def test_a_member_who_left_gets_no_notes_and_gives_back_upcoming_seats(
    chat: Chat, core: Core, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await chat.say("cora", "/chorus cafe add 2026-12-03 15:00 90 1 Writing | Room 1 | Hooks")
    await chat.say("cora", "/chorus cafe add 2026-12-04 15:00 90 5 Second | Room 2 | Hooks")
    await chat.say("ann", "/idea Backups every Friday")
    await chat.say("ann", "/book cafe 1")
    await chat.say("ann", "/book cafe 2")
    await chat.say("ben", "/book cafe 1")  # the café is full: Ben waits
    await chat.say("ben", "/cheer @ann thanks")  # a note waits for her

    assert await core.member_left(Platform.SLACK, "T1", ["ann"])

    state = uow_factory.state
    first, second = sorted(state.booking.cafes.values(), key=lambda c: c.number)
    assert (first.seats_taken, second.seats_taken) == (1, 0)  # Ben got her seat
    holders = {b.member_id for b in state.booking.bookings.values() if b.status.value == "active"}
    assert [state.members[m].external_id for m in holders] == ["ben"]
    assert any(o.target == "ben" and "came free" in o.message.text for o in state.outbox)
    assert not any(o.target == "ann" for o in state.outbox)
    assert [m.external_id for m in state.members.values() if m.left_at] == ["ann"]
    await chat.say("ben", "/idea claim 1")  # would tell the author
    assert not any(o.target == "ann" for o in uow_factory.state.outbox)
    assert not await core.member_left(Platform.SLACK, "T1", ["nobody"])
    assert not await core.member_left(Platform.TEAMS, "T1", ["ann"])

    await chat.say("ann", "/chorus help")  # she is back
    assert all(m.left_at is None for m in uow_factory.state.members.values())


async def test_a_member_the_platform_forgot_is_erased(
    chat: Chat, core: Core, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await chat.say("ann", "/idea Backups every Friday")

    assert await core.member_left(Platform.SLACK, "T1", ["ann"], forgotten=True)

    state = uow_factory.state
    assert state.ideas == {}
    assert all(m.external_id != "ann" for m in state.members.values())
    (audit,) = state.privacy.audit
    assert audit[2] is None and audit[3] == "platform"
