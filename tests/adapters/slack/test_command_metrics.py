"""``GET /metrics`` shows how long Slack commands took to be answered, by command word,
with a bounded set of labels whatever people type."""

from __future__ import annotations

import aiohttp
from prometheus_client.parser import text_string_to_metric_families

from tests.adapters.slack.conftest import Chorus

AMBASSADOR = "U0ANN0001"


async def _command_counts(chorus: Chorus) -> dict[tuple[str, str], float]:
    base = chorus.slack.url.removesuffix("/slack/events")
    async with aiohttp.ClientSession() as http, http.get(f"{base}/metrics") as response:
        assert response.status == 200
        text = await response.text()
    return {
        (sample.labels["platform"], sample.labels["command"]): sample.value
        for family in text_string_to_metric_families(text)
        if family.name == "chorus_command_seconds"
        for sample in family.samples
        if sample.name == "chorus_command_seconds_count"
    }


async def test_each_slash_command_is_timed_by_its_word(chorus: Chorus) -> None:
    assert (await chorus.slack.command(AMBASSADOR, "Lessons from the kickoff")).status == 200
    assert (await chorus.slack.command(AMBASSADOR, "list", command="/idea")).status == 200
    assert (await chorus.slack.command(AMBASSADOR, "me", command="/chorus")).status == 200
    await chorus.settle()

    counts = await _command_counts(chorus)

    assert counts[("slack", "idea")] == 2
    assert counts[("slack", "chorus me")] == 1


async def test_words_chorus_does_not_know_share_one_label(chorus: Chorus) -> None:
    for word in ("<!channel>", "zzz-1", "zzz-2"):
        assert (await chorus.slack.command(AMBASSADOR, word, command="/chorus")).status == 200
    await chorus.settle()

    counts = await _command_counts(chorus)

    assert counts[("slack", "chorus")] == 3  # unknown sub-words: plain "chorus"
    assert {command for _, command in counts} == {"chorus"}
