"""``GET /calendar/<token>.ics`` serves a member's calendar file over HTTP."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import icalendar
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from adapters.calendar import mount
from adapters.runtime import Runtime
from bot.commands import Actor
from bot.messages import Section, SpanKind
from bot.model import Platform


def actor(user_id: str) -> Actor:
    return Actor(Platform.SLACK, "T1", user_id, user_id.title(), channel_id="C1")


async def test_a_booking_link_serves_its_ics_and_a_reset_turns_it_into_a_404(
    runtime: Runtime,
) -> None:
    core = runtime.core
    published = await core.handle_text(actor("UCOORD"), "/chorus slot add tomorrow 14:00 30")
    assert published.reply.answer is not None and "is published" in published.reply.answer.text
    booked = await core.handle_text(actor("U2"), "/book slot 1")
    assert booked.reply.answer is not None
    [url] = [
        span.url
        for block in booked.reply.answer.blocks
        if isinstance(block, Section)
        for span in block.text.spans
        if span.kind is SpanKind.LINK and span.url
    ]
    app = web.Application()
    mount(app, runtime)

    async with TestClient(TestServer(app)) as client:
        response = await client.get(urlsplit(url).path)
        assert response.status == 200
        assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
        assert response.headers["Cache-Control"] == "private, no-store"
        [event] = icalendar.Calendar.from_ical(await response.read()).events
        assert str(event["SUMMARY"]) == "Feedback with Ucoord"
        assert event.end - event.start == timedelta(minutes=30)

        missing = await client.get("/calendar/" + "A" * 43 + ".ics")
        assert missing.status == 404

        await core.handle_text(actor("U2"), "/chorus calendar reset")
        revoked = await client.get(urlsplit(url).path)
        assert revoked.status == 404
