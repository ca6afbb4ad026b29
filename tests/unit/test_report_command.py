"""``/chorus report`` on the core: coordinators only, the PDF as a private attachment, Teams
sent to the dashboard, and a clear answer for a quarter that has not started."""

from __future__ import annotations

from typing import Any

from bot.config import Programme
from bot.core import Core
from bot.i18n import Translator
from bot.model import Platform
from tests.helpers import Chat, answer
from tests.unit.fakes import FakeClock, FakeUnitOfWorkFactory

drawn: list[str] = []


def fake_pdf(tr: Translator, report: Any) -> bytes:
    quarter: str = report.quarter
    drawn.append(quarter)
    return b"%PDF-1.7 " + quarter.encode()


def _chat(
    uow_factory: FakeUnitOfWorkFactory,
    programme: Programme,
    clock: FakeClock,
    platform: Platform = Platform.SLACK,
) -> Chat:
    return Chat(Core(uow_factory, programme, clock, report_pdf=fake_pdf), platform=platform)


async def test_a_coordinator_gets_the_pdf_privately(
    uow_factory: FakeUnitOfWorkFactory, programme: Programme, clock: FakeClock
) -> None:
    chat = _chat(uow_factory, programme, clock)
    await chat.say("cora", "/chorus help")
    assert "Only coordinators" in answer(await chat.say("ann", "/chorus report"))
    outcome = await chat.say("cora", "/chorus report")
    message = outcome.reply.answer
    assert message is not None and message.attachment is not None
    assert message.attachment.filename == "chorus-report-2026-Q4.pdf"
    assert message.attachment.media_type == "application/pdf"
    assert message.attachment.data == b"%PDF-1.7 2026-Q4"
    earlier = (await chat.say("cora", "/chorus report 2026-q3")).reply.answer
    assert earlier is not None and earlier.attachment is not None
    assert earlier.attachment.filename == "chorus-report-2026-Q3.pdf"


async def test_bad_quarters_are_answered_clearly_and_nothing_is_drawn(
    uow_factory: FakeUnitOfWorkFactory, programme: Programme, clock: FakeClock
) -> None:
    chat = _chat(uow_factory, programme, clock)
    drawn.clear()
    assert "has not started yet" in answer(await chat.say("cora", "/chorus report 2027-Q2"))
    assert "like 2026-Q4" in answer(await chat.say("cora", "/chorus report next quarter"))
    assert "like 2026-Q4" in answer(await chat.say("cora", "/chorus report Q4"))
    assert drawn == []


async def test_teams_is_sent_to_the_dashboard_and_a_core_without_pdfs_says_so(
    uow_factory: FakeUnitOfWorkFactory, programme: Programme, clock: FakeClock
) -> None:
    teams = _chat(uow_factory, programme, clock, Platform.TEAMS)
    assert "/chorus dashboard" in answer(await teams.say("cora", "/chorus report"))
    plain = Chat(Core(uow_factory, programme, clock))
    assert "chorus report --quarter" in answer(await plain.say("cora", "/chorus report"))
