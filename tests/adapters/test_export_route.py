"""``GET /export/<token>.zip`` hands a Teams member their export once, then says 404."""

from __future__ import annotations

import io
import zipfile
from urllib.parse import urlsplit

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from adapters.exports import mount
from adapters.runtime import Runtime
from bot.commands import Actor
from bot.messages import Section, SpanKind
from bot.model import Platform


async def test_a_download_link_serves_the_zip_once_and_strangers_get_404(
    runtime: Runtime,
) -> None:
    teams = Actor(Platform.TEAMS, "tenant-1", "aad-ann", "Ann", channel_id="19:general")
    await runtime.core.handle_text(teams, "/idea Backups every Friday")
    outcome = await runtime.core.handle_text(teams, "/chorus privacy export")
    assert outcome.reply.answer is not None
    [url] = [
        span.url
        for block in outcome.reply.answer.blocks
        if isinstance(block, Section)
        for span in block.text.spans
        if span.kind is SpanKind.LINK and span.url
    ]
    app = web.Application()
    mount(app, runtime)

    async with TestClient(TestServer(app)) as client:
        response = await client.get(urlsplit(url).path)
        assert response.status == 200
        assert response.headers["Content-Type"] == "application/zip"
        assert response.headers["Cache-Control"] == "private, no-store"
        archive = zipfile.ZipFile(io.BytesIO(await response.read()))
        assert b"Backups every Friday" in archive.read("ideas.json")

        used = await client.get(urlsplit(url).path)
        assert used.status == 404
        assert (await client.get("/export/" + "A" * 43 + ".zip")).status == 404
        assert (await client.get("/export/%00%ff.zip")).status == 404
