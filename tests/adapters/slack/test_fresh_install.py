"""A fresh install: the environment names the workspace and its channel, nobody has typed
anything yet, and the Monday prompt still reaches Slack."""

from __future__ import annotations

import asyncio
import subprocess

from tests.adapters.slack.fake_slack import BOT_TOKEN, SECRET, TEAM, FakeSlackAPI
from tests.e2e.test_console import run_chorus

CHANNEL = "C0AMBASSADOR"


async def _chorus(
    args: list[str], database_url: str, api: FakeSlackAPI
) -> subprocess.CompletedProcess[str]:
    return await asyncio.to_thread(
        run_chorus,
        args,
        database_url,
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_API_URL=f"{api.base}/api/",
        CHORUS_CHANNEL=CHANNEL,
    )


async def test_jobs_run_on_an_empty_database_posts_the_weekly_prompt_in_the_slack_channel(
    slack_api: FakeSlackAPI, database_url: str
) -> None:
    result = await _chorus(
        ["jobs", "run", "weekly-prompt", "--at", "2026-11-30T09:00:00+01:00"],
        database_url,
        slack_api,
    )
    assert result.returncode == 0, result.stderr
    assert f"ran in the slack workspace {TEAM} ({CHANNEL}): 1 message queued." in result.stdout
    assert "console" not in result.stdout
    [auth] = slack_api.find("auth.test")
    assert auth.authorization == f"Bearer {BOT_TOKEN}"
    [prompt] = [c for c in slack_api.find("chat.postMessage") if c.args["channel"] == CHANNEL]
    assert "prompt" in str(prompt.args["text"]).lower()
    assert slack_api.problems == []


async def test_jobs_list_says_which_workspace_the_jobs_act_for(
    slack_api: FakeSlackAPI, database_url: str
) -> None:
    result = await _chorus(["jobs", "list"], database_url, slack_api)
    assert result.returncode == 0, result.stderr
    assert f"Jobs act for: slack workspace {TEAM} ({CHANNEL})" in result.stderr
    assert result.stdout.splitlines()[0].startswith("weekly-prompt\t")
