"""Links Chorus hands out point where ``chorus serve`` really listens."""

from __future__ import annotations

import re
from pathlib import Path

import aiohttp

from tests.adapters.teams.conftest import ALICE, FakeConnector, TeamsRig, chorus_serve


async def ask_for_the_calendar(base: str, teams: TeamsRig, connector: FakeConnector) -> str:
    async with aiohttp.ClientSession() as http:
        activity = teams.activity(ALICE, text="chorus calendar")
        async with http.post(f"{base}/api/messages", json=activity) as response:
            assert response.status == 202
    [answer] = connector.sent(ALICE.personal)
    found = re.search(r"https?://[^\s)\]]+/calendar/[\w-]+\.ics", answer.text)
    assert found is not None, answer.text
    return found.group(0)


async def test_calendar_links_use_the_port_chorus_serve_is_bound_to(
    tmp_path: Path, connector: FakeConnector, teams: TeamsRig
) -> None:
    # PORT says one thing, --port another: the server listens on the latter.
    async with chorus_serve(tmp_path, PORT="3999") as base:
        link = await ask_for_the_calendar(base, teams, connector)
        assert link.startswith(f"{base}/calendar/")
        async with aiohttp.ClientSession() as http, http.get(link) as feed:
            assert feed.status == 200
            assert (await feed.text()).startswith("BEGIN:VCALENDAR")


async def test_chorus_public_url_wins_over_the_bound_address(
    tmp_path: Path, connector: FakeConnector, teams: TeamsRig
) -> None:
    async with chorus_serve(tmp_path, CHORUS_PUBLIC_URL="https://chorus.example.com/") as base:
        link = await ask_for_the_calendar(base, teams, connector)
    assert link.startswith("https://chorus.example.com/calendar/")
