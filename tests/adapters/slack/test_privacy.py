"""A member's export in Slack: uploaded into their chat with the app through Slack's
external file upload, every call checked against the fake Web API."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from storage.models import IdeaRow, MemberRow
from tests.adapters.slack.conftest import ANN, BEN, COORDINATOR, Chorus
from tests.adapters.slack.fake_slack import TEAM


async def test_the_export_is_uploaded_into_the_members_dm(chorus: Chorus) -> None:
    await chorus.slack.command(ANN, "Why we test our backups every Friday")

    reply = await chorus.slack.command(ANN, "privacy export", command="/chorus")

    assert reply.status == 200
    assert "README explains every file" in await chorus.answer(reply)
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


async def test_a_refused_upload_is_told_to_the_member_in_their_language_and_can_be_retried(
    chorus: Chorus,
) -> None:
    await chorus.slack.command(ANN, "language da", command="/chorus")
    chorus.api.fail_next("files.getUploadURLExternal", "not_allowed_token_type")

    reply = await chorus.slack.command(ANN, "privacy export", command="/chorus")

    assert reply.status == 200
    await chorus.settle()
    assert chorus.api.uploads == {}
    assert chorus.api.find("files.completeUploadExternal") == []
    told = [
        json.dumps(c.args, ensure_ascii=False)
        for c in chorus.api.find("response_url")
        if "Jeg kunne ikke give dig" in json.dumps(c.args, ensure_ascii=False)
    ]
    assert len(told) == 1 and "chorus-export-" in told[0]
    assert "chorus privacy export" in told[0]  # the Try again button
    # The failed export does not make the next one wait a minute.
    # (another user_name, so the body differs from the first: a replay would be refused)
    again = await chorus.slack.command(ANN, "privacy export", command="/chorus", name="ann2")
    assert again.status == 200
    assert "Jeg har lige lavet et udtræk" not in await chorus.answer(again)
    await chorus.settle()
    assert len(chorus.api.uploads) == 1
    assert chorus.api.problems == []


async def test_an_upload_url_that_cannot_be_reached_is_told_to_the_member_too(
    chorus: Chorus,
) -> None:
    chorus.api.upload_unreachable = True  # Slack answers, its file host does not

    reply = await chorus.slack.command(ANN, "privacy export", command="/chorus")

    assert reply.status == 200
    await chorus.settle()
    assert chorus.api.find("files.completeUploadExternal") == []
    told = [
        json.dumps(c.args)
        for c in chorus.api.find("response_url")
        if "could not" in json.dumps(c.args) and "chorus-export-" in json.dumps(c.args)
    ]
    assert len(told) == 1
    assert chorus.api.problems == []


async def test_a_deactivated_member_leaves_and_a_forgotten_one_is_erased(chorus: Chorus) -> None:
    await chorus.slack.command(ANN, "Why we test our backups every Friday")
    await chorus.slack.command(BEN, "Office plants")
    user = {"id": ANN, "team_id": TEAM, "name": "ann", "deleted": True}

    reply = await chorus.slack.event({"type": "user_change", "user": user})
    assert reply.status == 200
    await chorus.settle()
    async with chorus.runtime.engine.connect() as connection:
        left = (await connection.execute(select(MemberRow.external_id, MemberRow.left_at))).all()
    assert {external for external, at in left if at is not None} == {ANN}

    forgotten = {"id": BEN, "team_id": TEAM, "deleted": True, "is_forgotten": True}
    await chorus.slack.event({"type": "user_change", "user": forgotten})
    await chorus.settle()
    async with chorus.runtime.engine.connect() as connection:
        ids = (await connection.execute(select(MemberRow.external_id))).scalars().all()
        texts = (await connection.execute(select(IdeaRow.text))).scalars().all()
    assert BEN not in ids and texts == ["Why we test our backups every Friday"]

    # A profile change of someone still here changes nothing.
    await chorus.slack.event({"type": "user_change", "user": {"id": ANN, "deleted": False}})
    await chorus.settle()
    assert chorus.api.problems == []


async def test_erasing_updates_the_channel_posts_that_showed_the_member(chorus: Chorus) -> None:
    await chorus.with_channel()
    await chorus.slack.command(ANN, "Why we test our backups every Friday")
    await chorus.slack.command(BEN, "Office plants")
    await chorus.slack.command(ANN, "claim 2")
    await chorus.settle()

    reply = await chorus.slack.command(
        COORDINATOR, f"member erase <@{ANN}> confirm", command="/chorus"
    )
    assert "Erased" in await chorus.answer(reply)
    await chorus.settle()

    updates = [json.dumps(c.args) for c in chorus.api.find("chat.update")][-2:]
    removed = next(u for u in updates if "Removed at the request" in u)
    assert "backups" not in removed
    renamed = next(u for u in updates if "Office plants" in u)
    assert ANN not in renamed and "Claim" in renamed  # the claim was released
    assert all(ANN not in u for u in updates)
    assert chorus.api.problems == []


async def test_a_cafe_hosted_by_an_erased_coordinator_shows_a_former_member(
    chorus: Chorus,
) -> None:
    await chorus.with_channel()
    await chorus.slack.command(ANN, "Why we test our backups every Friday")
    await chorus.slack.command(COORDINATOR, f"promote <@{ANN}>", command="/chorus")
    day = (datetime.now(UTC) + timedelta(days=30)).date().isoformat()
    added = await chorus.slack.command(
        ANN, f"cafe add {day} 15:00 90 8 Writing | Room 1 | Hooks", command="/chorus"
    )
    assert "is published" in await chorus.answer(added)
    await chorus.settle()

    await chorus.slack.command(COORDINATOR, f"member erase <@{ANN}> confirm", command="/chorus")
    await chorus.settle()

    [cafe] = [
        json.dumps(c.args)
        for c in chorus.api.find("chat.update")
        if "Writing" in json.dumps(c.args)
    ]
    assert "a former member" in cafe and ANN not in cafe


async def test_erasing_updates_the_cheer_posts_that_named_the_member(chorus: Chorus) -> None:
    await chorus.with_channel()
    await chorus.slack.command(ANN, "Why we test our backups every Friday")
    await chorus.slack.command(BEN, "Office plants")
    await chorus.slack.command(BEN, f"<@{ANN}|ann> thanks for the backup talk", command="/cheer")
    await chorus.slack.command(ANN, f"<@{BEN}|ben> thanks for the plants", command="/cheer")
    await chorus.settle()
    posted = [
        json.dumps(c.args)
        for c in chorus.api.find("chat.postMessage")
        if c.args.get("channel") == "C0AMBASSADOR"
    ]
    assert sum("backup talk" in p for p in posted) == 1
    assert sum("thanks for the plants" in p for p in posted) == 1

    reply = await chorus.slack.command(
        COORDINATOR, f"member erase <@{ANN}> confirm", command="/chorus"
    )
    assert "Erased" in await chorus.answer(reply)
    await chorus.settle()

    updates = [json.dumps(c.args, ensure_ascii=False) for c in chorus.api.find("chat.update")]
    withdrawn = [u for u in updates if "this cheer was for" in u]
    renamed = [u for u in updates if "thanks for the plants" in u]
    assert len(withdrawn) == 1 and "backup talk" not in withdrawn[0]
    assert len(renamed) == 1 and "a former member" in renamed[0]
    assert all(ANN not in u for u in updates)
    assert chorus.api.problems == []
