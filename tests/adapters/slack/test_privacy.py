"""A member's export in Slack: uploaded into their chat with the app through Slack's
external file upload, every call checked against the fake Web API."""

from __future__ import annotations

import io
import json
import zipfile

from tests.adapters.slack.conftest import ANN, Chorus


async def test_the_export_is_uploaded_into_the_members_dm(chorus: Chorus) -> None:
    await chorus.slack.command(ANN, "Why we test our backups every Friday")

    reply = await chorus.slack.command(ANN, "privacy export", command="/chorus")

    assert reply.status == 200
    assert "README explains every file" in reply.json()["text"]
    await chorus.settle()
    [opened] = chorus.api.find("conversations.open")
    assert opened.args["users"] == ANN
    [asked] = chorus.api.find("files.getUploadURLExternal")
    assert asked.args["filename"].endswith(".zip")
    [completed] = chorus.api.find("files.completeUploadExternal")
    assert completed.args["channel_id"] == "D0DIRECT01"
    [data] = chorus.api.uploads.values()
    archive = zipfile.ZipFile(io.BytesIO(data))
    ideas = json.loads(archive.read("ideas.json"))
    assert [i["text"] for i in ideas] == ["Why we test our backups every Friday"]
    assert chorus.api.problems == []


async def test_a_refused_upload_is_logged_and_nothing_breaks(chorus: Chorus) -> None:
    chorus.api.fail_next("files.getUploadURLExternal", "not_allowed_token_type")

    reply = await chorus.slack.command(ANN, "privacy export", command="/chorus")

    assert reply.status == 200
    await chorus.settle()
    assert chorus.api.uploads == {}
    assert chorus.api.find("files.completeUploadExternal") == []
