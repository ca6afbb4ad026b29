"""``/chorus stats`` in Slack: the figures answer privately, and the funnel chart, drawn as
a PNG, is uploaded into the coordinator's chat with the app with its numbers as alt text."""

from __future__ import annotations

import json

from tests.adapters.slack.conftest import ANN, BEN, COORDINATOR, Chorus

PNG = b"\x89PNG\r\n\x1a\n"


async def test_stats_upload_the_funnel_chart_as_a_png_into_the_coordinators_dm(
    chorus: Chorus,
) -> None:
    for user, text in ((ANN, "Backups every Friday"), (BEN, "Mentoring newcomers")):
        assert (await chorus.slack.command(user, text)).status == 200
    reply = await chorus.slack.command(COORDINATOR, "stats quarter", command="/chorus")
    assert reply.status == 200
    assert "2 ideas → 0 claimed" in await chorus.answer(reply)
    await chorus.settle()

    [asked] = chorus.api.find("files.getUploadURLExternal")
    assert asked.args["filename"].startswith("chorus-funnel-")
    assert asked.args["filename"].endswith(".png")
    assert asked.args["alt_txt"].startswith("Bar chart of the funnel in ")
    assert "2 ideas parked, 0 claimed, 0 drafted, 0 published." in asked.args["alt_txt"]
    [data] = chorus.api.uploads.values()
    assert data.startswith(PNG)
    assert int(asked.args["length"]) == len(data)
    [completed] = chorus.api.find("files.completeUploadExternal")
    assert completed.args["channel_id"] == "D0DIRECT01"  # the DM conversations.open gave
    [listed] = json.loads(completed.args["files"])
    assert listed["title"].startswith("Ideas → drafts → posts: ")


async def test_stats_without_ideas_upload_nothing(chorus: Chorus) -> None:
    reply = await chorus.slack.command(COORDINATOR, "stats week", command="/chorus")
    assert reply.status == 200
    await chorus.settle()
    assert chorus.api.find("files.getUploadURLExternal") == []
