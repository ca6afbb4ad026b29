"""Pulse surveys on the core: sending, answering anonymously, bad answers, closing, the
threshold, the change against the survey before, and the survey-reminder."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot.config import Programme
from bot.core import Core
from bot.messages import Form
from bot.registry import run_fire
from tests.helpers import Chat, answer, button_commands, notes
from tests.unit.fakes import FakeClock, FakeUnitOfWorkFactory

MEMBERS = ("ann", "bente", "dan", "eva", "finn")


async def _everyone(chat: Chat) -> None:
    for user in ("cora", *MEMBERS):
        await chat.say(user, "/chorus help")


async def _answer(chat: Chat, user: str, number: int = 1, **values: str) -> str:
    return answer(await chat.form(user, f"chorus survey answer {number}", values))


async def test_a_survey_goes_to_every_member_with_an_answer_button(chat: Chat) -> None:
    await _everyone(chat)
    assert "Only coordinators" in answer(await chat.say("ann", "/chorus survey start"))
    started = await chat.say("cora", "/chorus survey start pulse")
    assert "went to 6 members" in answer(started)
    invitations = notes(started)
    assert sorted(n.recipient_id or "" for n in invitations) == sorted(("cora", *MEMBERS))
    assert button_commands(invitations[0]) == ["/chorus survey answer 1"]
    assert "Anonymous" in invitations[0].text
    form = (await chat.say("ann", "/chorus survey answer 1")).reply.answer
    assert form is not None
    [block] = [b for b in form.blocks if isinstance(b, Form)]
    assert [i.name for i in block.inputs] == ["comfortable", "recommend", "rating", "help"]
    again = await chat.say("cora", "/chorus survey start")
    assert "still running" in answer(again)


async def test_answers_are_stored_without_the_member_and_only_once(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await _everyone(chat)
    await chat.say("cora", "/chorus survey start")
    thanks = await _answer(chat, "ann", comfortable="4", recommend="9", help="More time")
    assert "without your name" in thanks
    stored = uow_factory.state.surveys
    assert [(a.question, a.score, a.text) for _, a in stored.answers] == [
        ("comfortable", 4, None),
        ("recommend", 9, None),
        ("help", None, "More time"),
    ]
    assert "answered survey #1 already" in await _answer(chat, "ann", rating="7")
    assert len(stored.answers) == 3


async def test_bad_answers_are_refused_in_their_field_and_nothing_is_stored(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await _everyone(chat)
    await chat.say("cora", "/chorus survey start")
    eleven = await chat.form("ann", "chorus survey answer 1", {"comfortable": "4", "rating": "11"})
    assert "from 0 to 10" in answer(eleven) and eleven.error_field == "rating"
    six = await chat.form("ann", "chorus survey answer 1", {"comfortable": "6"})
    assert "from 1 to 5" in answer(six)
    assert "from 0 to 10" in await _answer(chat, "ann", recommend="½")
    assert "at least one question" in await _answer(chat, "ann")
    assert "no survey #7" in await _answer(chat, "ann", 7, rating="5")
    assert uow_factory.state.surveys.answers == []
    await chat.say("zoe", "/chorus help")  # joined after the survey went out
    assert "was not sent to you" in await _answer(chat, "zoe", rating="5")
    assert "Use /chorus survey" in answer(await chat.say("cora", "/chorus survey begin"))
    assert "no survey called" in answer(await chat.say("cora", "/chorus survey start quiz"))


async def test_results_wait_for_the_close_and_answers_after_it_are_refused(chat: Chat) -> None:
    await _everyone(chat)
    await chat.say("cora", "/chorus survey start")
    await _answer(chat, "ann", comfortable="5")
    running = answer(await chat.say("cora", "/chorus survey results"))
    assert "still running (1 of 6 answered so far)" in running
    closed = answer(await chat.say("cora", "/chorus survey close"))
    assert "1 of 6 members answered" in closed
    assert "has closed" in await _answer(chat, "bente", comfortable="4")
    assert "No survey is running" in answer(await chat.say("cora", "/chorus survey close"))


async def test_results_show_figures_above_the_threshold_and_tell_below_from_none(
    chat: Chat,
) -> None:
    await _everyone(chat)
    await chat.say("cora", "/chorus survey start")
    for user, comfortable, recommend in (
        ("ann", "5", "9"),
        ("bente", "4", "10"),
        ("dan", "2", "3"),
        ("eva", "5", "7"),
        ("finn", "4", "8"),
    ):
        await _answer(chat, user, comfortable=comfortable, recommend=recommend, rating="8")
    await _answer(chat, "cora", comfortable="1", help="Shorter prompts")
    shown = answer(await chat.say("cora", "/chorus survey close"))
    assert "67 %" in shown  # agreeing: 4 of 6
    assert "+20" in shown  # eNPS: 2 promoters, 1 detractor of 5
    assert "Rating 8 or higher" in shown and "100 %" in shown
    assert "Below the threshold" in shown  # one free-text answer
    assert "Shorter prompts" not in shown


async def test_no_answers_is_not_the_same_as_below_the_threshold(chat: Chat) -> None:
    await _everyone(chat)
    await chat.say("cora", "/chorus survey start")
    await _answer(chat, "ann", comfortable="5")
    shown = answer(await chat.say("cora", "/chorus survey close"))
    assert shown.count("Below the threshold") == 1
    assert shown.count("No answers to this question") == 3


async def test_the_change_against_the_last_survey_is_shown(chat: Chat) -> None:
    await _everyone(chat)
    for number, scores in ((1, ("2", "3", "4", "5", "5")), (2, ("4", "5", "5", "5", "4"))):
        await chat.say("cora", "/chorus survey start")
        for user, score in zip(MEMBERS, scores, strict=True):
            await _answer(chat, user, number, comfortable=score)
        shown = answer(await chat.say("cora", "/chorus survey close"))
    # 60 % agreed the first time, 100 % the second
    assert "+40 points against the survey before" in shown
    earlier = answer(await chat.say("cora", "/chorus survey results 1"))
    assert "points against" not in earlier


async def test_the_threshold_is_never_below_three(
    uow_factory: FakeUnitOfWorkFactory, programme: Programme, clock: FakeClock
) -> None:
    chat = Chat(Core(uow_factory, replace(programme, survey_threshold=1), clock))
    await _everyone(chat)
    assert "at least 3 answers" in answer(await chat.say("cora", "/chorus survey start"))


async def test_the_reminder_nudges_once_after_two_days_and_closes_the_survey_when_due(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, programme: Programme, clock: FakeClock
) -> None:
    await _everyone(chat)
    await chat.say("cora", "/chorus survey start")
    await _answer(chat, "ann", comfortable="5")
    [workspace] = uow_factory.state.workspaces.values()
    start = clock.now()
    uow_factory.state.outbox.clear()

    await run_fire(
        uow_factory, programme, "survey-reminder", workspace.id, start + timedelta(days=1)
    )
    assert uow_factory.state.outbox == []
    await run_fire(
        uow_factory, programme, "survey-reminder", workspace.id, start + timedelta(days=2)
    )
    reminded = sorted(o.target for o in uow_factory.state.outbox)
    assert reminded == sorted(("cora", "bente", "dan", "eva", "finn"))
    uow_factory.state.outbox.clear()
    await run_fire(
        uow_factory, programme, "survey-reminder", workspace.id, start + timedelta(days=3)
    )
    assert uow_factory.state.outbox == []

    await run_fire(
        uow_factory, programme, "survey-reminder", workspace.id, start + timedelta(days=7)
    )
    [closed] = uow_factory.state.outbox
    assert closed.target == "cora" and "/chorus survey results 1" in closed.message.text
    assert uow_factory.state.surveys.surveys[1].closed_at is not None


async def test_an_overdue_survey_takes_no_answers_even_before_the_job_runs(
    chat: Chat, clock: FakeClock
) -> None:
    await _everyone(chat)
    await chat.say("cora", "/chorus survey start")
    clock.moment = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)  # eight days on
    assert "has closed" in await _answer(chat, "ann", comfortable="4")
    assert "went to" in answer(await chat.say("cora", "/chorus survey start yearly"))
