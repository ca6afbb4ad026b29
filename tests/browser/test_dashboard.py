"""The dashboard in a real browser: Debian's chromium driven by Playwright (no browser
download). Skipped, saying why, where chromium is not installed."""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import BaseTestServer, TestServer
from playwright.async_api import Browser, async_playwright, expect

from adapters.runtime import Runtime
from adapters.web.routes import mount
from bot.commands import Actor
from bot.model import Platform

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
# Optional on a developer's machine, mandatory in CI (.ci/run installs chromium).
pytestmark = pytest.mark.skipif(
    CHROMIUM is None and os.environ.get("CI") != "true",
    reason="chromium is not installed (apt-get install chromium)",
)


def actor(user_id: str) -> Actor:
    return Actor(Platform.SLACK, "T1", user_id, user_id.title(), channel_id="C1")


@pytest.fixture
async def server(runtime: Runtime) -> AsyncIterator[BaseTestServer]:
    app = web.Application()
    mount(app, runtime)
    async with TestServer(app, host="127.0.0.1") as test_server:
        yield test_server


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    assert CHROMIUM is not None
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        yield launched
        await launched.close()


async def sign_in_path(runtime: Runtime) -> str:
    outcome = await runtime.core.handle_text(actor("UCOORD"), "/chorus dashboard")
    [note] = [m for m in outcome.reply.messages if m.recipient_id == "UCOORD"]
    return "/dashboard/signin/" + note.text.split("/dashboard/signin/")[1].split()[0]


async def test_a_coordinator_signs_in_reads_every_page_downloads_a_csv_and_cannot_reuse_the_link(
    runtime: Runtime, server: BaseTestServer, browser: Browser, tmp_path: Path
) -> None:
    await runtime.core.handle_text(actor("U2"), "/idea Why we test our backups #engineering")
    link = str(server.make_url(await sign_in_path(runtime)))
    context = await browser.new_context(accept_downloads=True)
    page = await context.new_page()

    await page.goto(link)
    await page.get_by_role("button", name="Sign in").click()
    await expect(page).to_have_url(str(server.make_url("/dashboard")))
    await expect(page.locator("h1")).to_contain_text("Overview")
    await expect(page.locator(".card").first).to_contain_text("Participation")
    chart = page.locator("img.chart").first
    await expect(chart).to_be_visible()
    assert await chart.evaluate("image => image.naturalWidth") > 100  # the SVG really drew

    for name, heading in (
        ("Funnel", "Ideas → drafts → posts"),
        ("Themes and networks", "Themes and networks"),
        ("Best times", "Best times to post"),
        ("People", "People"),
        ("How we count", "How we count"),
    ):
        await page.get_by_role("navigation").get_by_role("link", name=name).click()
        await expect(page.locator("h1")).to_contain_text(heading)

    await page.get_by_role("navigation").get_by_role("link", name="Funnel").click()
    async with page.expect_download() as waiting:
        await page.get_by_role("link", name="Download CSV").first.click()
    download = await waiting.value
    saved = tmp_path / download.suggested_filename
    await download.save_as(saved)
    assert saved.read_text(encoding="utf-8").splitlines()[:2] == [
        "step,count,conversion",
        "ideas,1,",
    ]

    stranger = await browser.new_page()
    await stranger.goto(link)
    await expect(stranger.locator("h1")).to_contain_text("does not work any more")
    await stranger.goto(str(server.make_url("/dashboard")))
    await expect(stranger.locator("h1")).to_contain_text("Please sign in")

    await page.get_by_role("button", name="Sign out").click()
    await expect(page.locator("h1")).to_contain_text("Signed out")
    await page.goto(str(server.make_url("/dashboard")))
    await expect(page.locator("h1")).to_contain_text("Please sign in")
    await context.close()


async def test_the_themes_page_shows_the_figures_per_segment(
    runtime: Runtime, server: BaseTestServer, browser: Browser, tmp_path: Path
) -> None:
    for user in ("U2", "U3", "U4", "U5"):
        await runtime.core.handle_text(actor(user), "/chorus help")
        await runtime.core.handle_text(
            actor("UCOORD"),
            f"/chorus segment set <@{user}> {'networker' if user < 'U5' else 'role model'}",
        )
        await runtime.core.handle_text(actor(user), "/chorus networks linkedin")
    await runtime.core.handle_text(actor("U2"), "/idea Why we test our backups #engineering")
    await runtime.core.handle_text(actor("U3"), "/posted https://www.linkedin.com/posts/u3-1")
    page = await (await browser.new_context()).new_page()
    await page.goto(str(server.make_url(await sign_in_path(runtime))))
    await page.get_by_role("button", name="Sign in").click()
    await page.goto(str(server.make_url("/dashboard/themes?period=month")))

    segments = page.locator("section", has=page.get_by_role("heading", name="By segment"))
    await expect(segments.locator("tbody tr").first).to_contain_text("networker")
    await expect(segments.locator("tbody tr").last).to_contain_text("others and small groups")
    await expect(segments.get_by_role("link", name="Download CSV")).to_be_visible()
    await page.screenshot(path=tmp_path / "themes.png", full_page=True)
