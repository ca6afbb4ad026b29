"""Slack takes the app away (uninstalled, token revoked) and gives it back: nothing is
sent while it is away, nothing is lost, and what waited goes out on the reinstall."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from adapters.workspaces import configured_workspaces
from bot.model import Platform
from bot.registry import run_fire
from storage.models import OutboxRow, WorkspaceRow
from tests.adapters.slack.conftest import CHANNEL, Chorus
from tests.adapters.slack.fake_slack import BOT_USER, TEAM

MONDAY = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)


async def _waiting(chorus: Chorus) -> int:
    async with chorus.runtime.sessions() as session:
        query = select(func.count()).select_from(OutboxRow).where(OutboxRow.status == "pending")
        return int((await session.execute(query)).scalar_one())


async def _parked(chorus: Chorus) -> bool:
    async with chorus.runtime.sessions() as session:
        row = await session.scalar(select(WorkspaceRow).where(WorkspaceRow.external_id == TEAM))
        assert row is not None
        return row.parked_at is not None


async def _prompt(chorus: Chorus, fire: datetime = MONDAY) -> None:
    workspace = await chorus.runtime.core.workspace(Platform.SLACK, TEAM)
    await run_fire(
        chorus.runtime.uow, chorus.runtime.settings.programme, "weekly-prompt", workspace.id, fire
    )
    await chorus.worker.drain(within=2)


def _channel_posts(chorus: Chorus) -> int:
    return len([c for c in chorus.api.find("chat.postMessage") if c.args["channel"] == CHANNEL])


async def test_after_app_uninstalled_a_job_sends_nothing_and_a_reinstall_delivers_it(
    chorus: Chorus,
) -> None:
    await chorus.with_channel()
    reply = await chorus.slack.event({"type": "app_uninstalled"})
    assert reply.status == 200
    await chorus.settle()
    assert await _parked(chorus)

    before = _channel_posts(chorus)
    await _prompt(chorus)
    assert _channel_posts(chorus) == before  # nothing sent
    assert await _waiting(chorus) == 1  # nothing lost
    assert await chorus.rows("members") > 0  # the programme's data stays

    # Installed again: the bot token works (the start's auth.test), the prompt goes out.
    await configured_workspaces(chorus.runtime)
    assert not await _parked(chorus)
    await chorus.worker.drain(within=5)
    assert _channel_posts(chorus) == before + 1
    assert await _waiting(chorus) == 0


async def test_a_revoked_bot_token_parks_the_workspace_a_revoked_user_token_does_not(
    chorus: Chorus,
) -> None:
    await chorus.with_channel()
    await chorus.slack.event({"type": "tokens_revoked", "tokens": {"oauth": ["U0SOMEONE1"]}})
    await chorus.settle()
    assert not await _parked(chorus)
    await chorus.slack.event({"type": "tokens_revoked", "tokens": {"bot": [BOT_USER]}})
    await chorus.settle()
    assert await _parked(chorus)
