"""``GET /metrics`` shows how long Teams text commands took to be answered, by command
word; free text that names no command shares one label."""

from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

from tests.adapters.teams.conftest import ALICE, TeamsRig


async def test_typed_commands_are_timed_by_word_and_anything_else_is_other(
    teams: TeamsRig,
) -> None:
    assert await teams.say(ALICE, "idea Lessons from the kickoff") in (200, 202)
    assert await teams.say(ALICE, "/chorus me") in (200, 202)
    assert await teams.say(ALICE, "good morning, bot") in (200, 202)
    assert await teams.say(ALICE, "what about 12345") in (200, 202)

    async with teams.http.get(f"{teams.bot_url}/metrics") as response:
        assert response.status == 200
        text = await response.text()
    counts = {
        sample.labels["command"]: sample.value
        for family in text_string_to_metric_families(text)
        if family.name == "chorus_command_seconds"
        for sample in family.samples
        if sample.name == "chorus_command_seconds_count" and sample.labels["platform"] == "teams"
    }

    assert counts == {"idea": 1, "chorus me": 1, "other": 2}
