"""Link previews: only the title, with a timeout and a size cap, and never from a private or
loopback address — against a local server; the suite's socket guard fails any test that
tries to reach further than loopback."""

from __future__ import annotations

import asyncio
import ipaddress
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest
from aiohttp import web

from adapters import previews
from adapters.previews import PreviewWorker, fetch_title, is_public
from bot.config import Programme
from bot.core import Core
from tests.helpers import Chat, answer
from tests.unit.fakes import FakeClock, FakeUnitOfWorkFactory


def loopback_too(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """The policy for tests that need the local server: loopback, and nothing private."""
    return address == ipaddress.IPv4Address("127.0.0.1") or is_public(address)


@dataclass
class Site:
    base: str
    hits: list[str] = field(default_factory=list)


@pytest.fixture
async def site() -> AsyncIterator[Site]:
    hits: list[str] = []

    async def page(request: web.Request) -> web.StreamResponse:
        hits.append(request.path)
        if request.path == "/slow":
            await asyncio.sleep(2)
        if request.path == "/big":
            padding = "<!-- " + "x" * 70_000 + " -->"
            return web.Response(
                text=f"<html>{padding}<title>Too far</title>", content_type="text/html"
            )
        if request.path == "/pdf":
            return web.Response(body=b"%PDF-1.7 <title>No</title>", content_type="application/pdf")
        if request.path == "/to-private":
            raise web.HTTPFound("http://10.0.0.1/admin")
        if request.path == "/to-page":
            raise web.HTTPFound("/page")
        return web.Response(
            text="<html><head><TITLE lang=en>\n  Green data centres &amp; us\x07\u202e \n</TITLE>",
            content_type="text/html",
        )

    app = web.Application()
    app.router.add_get("/{tail:.*}", page)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    server = web.TCPSite(runner, "127.0.0.1", 0)
    await server.start()
    port = runner.addresses[0][1]
    try:
        yield Site(f"http://127.0.0.1:{port}", hits)
    finally:
        await runner.cleanup()


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",
        "0.0.0.0",
        "100.64.0.1",
        "224.0.0.1",
        "::1",
        "fc00::1",
        "fe80::1",
        "::ffff:127.0.0.1",
    ],
)
def test_private_loopback_and_link_local_addresses_are_not_public(address: str) -> None:
    assert not is_public(ipaddress.ip_address(address))


def test_public_addresses_are() -> None:
    assert is_public(ipaddress.ip_address("93.184.215.14"))
    assert is_public(ipaddress.ip_address("2606:2800:21f:cb07:6820:80da:af6b:8b2c"))


async def test_loopback_is_never_fetched_by_default(site: Site) -> None:
    port = site.base.rsplit(":", 1)[1]

    assert await fetch_title(f"{site.base}/page") is None
    assert await fetch_title(f"http://localhost:{port}/page") is None  # a name for loopback
    assert site.hits == []


async def test_private_addresses_are_refused_before_any_connection() -> None:
    # The suite's socket guard would fail this test if a connection were attempted.
    for url in ("http://10.0.0.1/", "http://169.254.169.254/latest/meta-data", "http://[::1]/"):
        assert await fetch_title(url) is None


async def test_only_the_title_is_read_cleaned_of_markup_and_controls(site: Site) -> None:
    title = await fetch_title(f"{site.base}/page", allowed=loopback_too)
    assert title == "Green data centres & us"


async def test_a_redirect_is_followed_but_never_to_a_private_address(site: Site) -> None:
    assert await fetch_title(f"{site.base}/to-page", allowed=loopback_too) == (
        "Green data centres & us"
    )
    assert await fetch_title(f"{site.base}/to-private", allowed=loopback_too) is None
    assert site.hits == ["/to-page", "/page", "/to-private"]


async def test_slow_big_and_non_html_pages_give_no_title(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(previews, "TIMEOUT_SECONDS", 0.3)
    assert await fetch_title(f"{site.base}/slow", allowed=loopback_too) is None
    assert await fetch_title(f"{site.base}/big", allowed=loopback_too) is None
    assert await fetch_title(f"{site.base}/pdf", allowed=loopback_too) is None


async def test_the_worker_looks_each_item_up_once_and_the_list_shows_the_title() -> None:
    uow_factory = FakeUnitOfWorkFactory()
    chat = Chat(Core(uow_factory, Programme(link_previews=True), FakeClock()))
    await chat.say("ann", "/share https://example.com/green")
    await chat.say("ann", "/share https://example.com/plain")
    looked_up: list[str] = []

    async def fake_fetch(url: str) -> str | None:
        looked_up.append(url)
        return "Green <b>data</b>" if url.endswith("green") else None

    worker = PreviewWorker(uow_factory, fetch=fake_fetch)
    assert await worker.run_once() == 2
    assert await worker.run_once() == 0

    assert looked_up == ["https://example.com/green", "https://example.com/plain"]
    listed = answer(await chat.say("ben", "/share list"))
    assert "Green <b>data</b>" in listed and "https://example.com/green" in listed
