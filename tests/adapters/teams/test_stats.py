"""`chorus stats` in Teams: the funnel chart is an Image in the coordinator's card — a data:
URI when the card stays small, else a signed link that ``chorus serve`` answers."""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.adapters.teams.conftest import ALICE, BENTE, CORA, TeamsRig

PNG = b"\x89PNG\r\n\x1a\n"


def images_of(node: Any) -> list[dict[str, Any]]:
    """Every Image element of a card."""
    found: list[dict[str, Any]] = []
    if isinstance(node, dict):
        if node.get("type") == "Image":
            found.append(node)
        for value in node.values():
            found.extend(images_of(value))
    elif isinstance(node, list):
        for value in node:
            found.extend(images_of(value))
    return found


async def _stats(teams: TeamsRig) -> dict[str, Any]:
    assert await teams.say(ALICE, "idea Backups every Friday") == 202
    assert await teams.say(BENTE, "idea Mentoring newcomers") == 202
    assert await teams.say(CORA, "chorus stats quarter") == 202
    [answer] = teams.connector.sent(CORA.personal)
    return answer.card  # checked against the Adaptive Card 1.5 schema


async def test_the_stats_card_carries_the_funnel_chart_as_a_picture_inside(
    teams: TeamsRig,
) -> None:
    card = await _stats(teams)
    [image] = images_of(card)
    assert image["url"].startswith("data:image/png;base64,")
    assert base64.b64decode(image["url"].split(",", 1)[1]).startswith(PNG)
    assert image["altText"].startswith("Bar chart of the funnel in ")
    assert "2 ideas parked, 0 claimed, 0 drafted, 0 published." in image["altText"]


async def test_a_card_too_big_for_the_picture_inside_links_to_it_on_chorus_serve(
    teams: TeamsRig, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("adapters.teams.bot.CARD_BYTES", 2_000)
    card = await _stats(teams)
    [image] = images_of(card)
    url = urlsplit(image["url"])
    assert url.scheme == "http" and url.path.startswith("/charts/")
    assert "2 ideas parked" in image["altText"]
    async with teams.http.get(teams.bot_url + url.path) as response:
        assert response.status == 200
        assert response.content_type == "image/png"
        assert (await response.read()).startswith(PNG)
    forged = url.path.replace("/charts/", "/charts/x")
    async with teams.http.get(teams.bot_url + forged) as response:
        assert response.status == 404
