"""`/chorus stats`, `/chorus me`, `/chorus dashboard` and the status note, on the fakes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.config import Programme
from bot.messages import Audience, Chart, Fields, SpanKind
from bot.registry import run_fire
from tests.helpers import Chat, answer
from tests.unit.fakes import FakeClock, FakeUnitOfWorkFactory

MONDAY_9 = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)  # 09:00 in Copenhagen


async def test_stats_are_for_coordinators_only(chat: Chat) -> None:
    assert "Only coordinators" in answer(await chat.say("ann", "/chorus stats"))


async def test_stats_show_participation_and_the_funnel_against_the_previous_week(
    chat: Chat, clock: FakeClock
) -> None:
    clock.moment = MONDAY_9 - timedelta(days=7)
    await chat.say("cora", "/chorus help")
    await chat.say("ann", "/idea Last week's idea #culture")
    for name in ("bente", "carl"):
        await chat.say(name, "/chorus help")
    clock.moment = MONDAY_9 + timedelta(days=1)
    await chat.say("ann", "/idea Our backups #engineering")
    await chat.say("bente", "/idea Mentoring #culture")
    await chat.say("ann", "/idea claim 3")

    text = answer(await chat.say("cora", "/chorus stats week"))

    assert "Week 49, 2026 (so far)" in text
    assert "50% (2 of 4 members) +25 points" in text
    assert "2 ideas → 1 claimed (50%)" in text
    assert "Compared with Week 48, 2026." in text
    assert "Carl" in text  # quiet in both weeks: could use a hand
    assert "Bente" not in text.split("Could use a hand")[1]


async def test_stats_for_one_theme_count_only_its_ideas_and_an_unknown_theme_is_named(
    chat: Chat, clock: FakeClock
) -> None:
    clock.moment = MONDAY_9
    await chat.say("ann", "/idea Our backups #engineering")
    await chat.say("ann", "/idea Mentoring #culture")
    await chat.say("ann", "/idea Team rituals #culture")

    assert "2 ideas →" in answer(await chat.say("cora", "/chorus stats week #culture"))
    unknown = answer(await chat.say("cora", "/chorus stats #golf"))
    assert "There is no theme #golf" in unknown
    assert "#engineering" in unknown


async def test_stats_carry_one_chart_of_the_funnel_with_its_numbers_in_words(
    chat: Chat, clock: FakeClock
) -> None:
    clock.moment = MONDAY_9
    await chat.say("ann", "/idea Our backups #engineering")
    await chat.say("bente", "/idea Mentoring #culture")
    await chat.say("bente", "/idea Team rituals #culture")
    await chat.say("ann", "/idea claim 2")

    outcome = await chat.say("cora", "/chorus stats week")
    assert outcome.reply.answer is not None
    [chart] = [b for b in outcome.reply.answer.blocks if isinstance(b, Chart)]
    assert chart.title == "Ideas → drafts → posts: Week 49, 2026"
    assert [(bar.label, bar.value, bar.shown) for bar in chart.bars] == [
        ("Ideas", 3, "3"),
        ("Claimed", 1, "1"),
        ("Drafted", 0, "0"),
        ("Published", 0, "0"),
    ]
    assert chart.alt == (
        "Bar chart of the funnel in Week 49, 2026: 3 ideas parked, 1 claimed, 0 drafted, "
        "0 published."
    )
    assert chart.name == "chorus-funnel-2026-11-30..2026-11-30"
    assert chart.alt in outcome.reply.answer.text  # fallbacks and screen readers get it too


async def test_stats_chart_follows_the_theme_and_the_readers_language(
    chat: Chat, clock: FakeClock
) -> None:
    clock.moment = MONDAY_9
    await chat.say("ann", "/idea Our backups #engineering")
    await chat.say("ann", "/idea Mentoring #culture")
    await chat.say("cora", "/chorus language da")

    outcome = await chat.say("cora", "/chorus stats week #culture")
    assert outcome.reply.answer is not None
    [chart] = [b for b in outcome.reply.answer.blocks if isinstance(b, Chart)]
    assert chart.title.startswith("Idéer → udkast → opslag for #culture:")
    assert [bar.label for bar in chart.bars] == ["Idéer", "Taget", "Med udkast", "Udgivet"]
    assert "1 idéer parkeret" in chart.alt


async def test_stats_without_ideas_carry_no_chart(chat: Chat, clock: FakeClock) -> None:
    clock.moment = MONDAY_9
    await chat.say("ann", "/cheer @bente for the help")

    outcome = await chat.say("cora", "/chorus stats week")
    assert outcome.reply.answer is not None
    assert "0 ideas →" in outcome.reply.answer.text
    assert not [b for b in outcome.reply.answer.blocks if isinstance(b, Chart)]


async def test_bad_periods_get_a_private_answer_that_says_what_to_type(chat: Chat) -> None:
    assert "Choose a period" in answer(await chat.say("cora", "/chorus stats fortnight"))
    assert "has not started yet" in answer(await chat.say("cora", "/chorus stats 2031-Q1"))
    assert "ends before it starts" in answer(
        await chat.say("cora", "/chorus stats 2026-11-20..2026-11-01")
    )
    assert "Choose a period" in answer(await chat.say("ann", "/chorus me someday"))


async def test_me_shows_my_own_figures_and_nobody_elses(chat: Chat, clock: FakeClock) -> None:
    clock.moment = MONDAY_9
    await chat.say("ann", "/idea Our backups #engineering")
    await chat.say("ann", "/idea Team rituals #culture")
    await chat.say("bente", "/idea Mentoring #culture")
    await chat.say("bente", "/cheer @ann for the backup idea")

    outcome = await chat.say("ann", "/chorus me week")
    assert outcome.reply.answer is not None
    [fields] = [b for b in outcome.reply.answer.blocks if isinstance(b, Fields)]
    values = {label: value.raw for label, value in fields.items}
    assert values["Ideas parked"] == "2 (+2)"
    assert values["Cheers given"] == "0 (±0)"
    assert values["Cheers you received"] == "1"
    assert "Bente" not in outcome.reply.answer.text
    assert "never ranks" in outcome.reply.answer.text


async def test_the_dashboard_link_goes_by_direct_message_to_coordinators_only(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    assert "Only coordinators" in answer(await chat.say("ann", "/chorus dashboard"))
    outcome = await chat.say("cora", "/chorus dashboard")
    assert "direct message" in answer(outcome)
    [note] = outcome.reply.for_audience(Audience.MEMBER)
    assert note.recipient_id == "cora"
    [link] = [
        s.url
        for block in note.blocks
        for s in getattr(getattr(block, "text", None), "spans", ())
        if s.kind is SpanKind.LINK
    ]
    assert link is not None and link.startswith("http://127.0.0.1:3000/dashboard/signin/")
    token = link.rsplit("/", 1)[1]
    assert token not in str(uow_factory.state.stats.tokens)  # only its fingerprint is kept


async def test_the_status_note_tells_each_coordinator_last_weeks_figures(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, programme: Programme, clock: FakeClock
) -> None:
    clock.moment = MONDAY_9 - timedelta(days=3)
    await chat.say("cora", "/chorus help")
    await chat.say("ann", "/idea Our backups #engineering")
    await chat.say("cora", "/chorus promote @ann")
    ws = next(iter(uow_factory.state.workspaces.values())).id
    uow_factory.state.outbox.clear()

    await run_fire(uow_factory, programme, "status-note", ws, MONDAY_9)

    notes = uow_factory.state.outbox
    assert sorted(o.target for o in notes) == ["ann", "cora"]
    assert all(o.message.audience is Audience.MEMBER for o in notes)
    assert "Week 48, 2026" in notes[0].message.text
    assert "50% (1 of 2 members)" in notes[0].message.text


async def test_the_status_note_of_a_programme_without_coordinators_sends_nothing(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, programme: Programme, clock: FakeClock
) -> None:
    clock.moment = MONDAY_9 - timedelta(days=3)
    await chat.say("ann", "/chorus help")
    ws = next(iter(uow_factory.state.workspaces.values())).id
    uow_factory.state.outbox.clear()

    await run_fire(uow_factory, programme, "status-note", ws, MONDAY_9)

    assert uow_factory.state.outbox == []


async def test_each_dashboard_page_computes_only_what_it_shows(
    chat: Chat, clock: FakeClock, uow_factory: FakeUnitOfWorkFactory
) -> None:
    from bot.stats.dashboard import EVERY_PART, PAGE_PARTS, dashboard
    from bot.stats.periods import PeriodSpec

    clock.moment = MONDAY_9
    await chat.say("cora", "/chorus help")
    await chat.say("ann", "/idea Our backups #engineering")
    async with uow_factory() as uow:
        [workspace] = await uow.workspaces.all()
        overview = await dashboard(
            uow, workspace, PeriodSpec("week"), clock.moment, parts=PAGE_PARTS["overview"]
        )
        everything = await dashboard(
            uow, workspace, PeriodSpec("week"), clock.moment, parts=EVERY_PART
        )

    # The key figures are the same whatever the page.
    assert (overview.now.active, overview.now.enrolled, overview.now.posts) == (1, 2, 0)
    assert (everything.now.active, everything.now.enrolled) == (1, 2)
    assert len(overview.trend) == len(everything.trend) == 12
    assert overview.trend[-1].active == 1
    # What the overview does not show is left out; the other pages have it.
    assert overview.now.funnel.ideas == 0 and overview.now.themes == {}
    assert overview.people == [] and overview.groups.segments == []
    assert everything.now.funnel.ideas == 1
    assert [p.name for p in everything.people] == ["Ann", "Cora"]
