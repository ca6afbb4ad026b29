"""The quarterly report page in a real browser: reached from the dashboard's navigation, its
charts drawn, a bad quarter answered with a page, and the PDF downloaded."""

from __future__ import annotations

from pathlib import Path

from aiohttp.test_utils import BaseTestServer
from playwright.async_api import Browser, expect

from adapters.runtime import Runtime
from tests.browser.test_dashboard import actor, browser, pytestmark, server, sign_in_path

__all__ = ["browser", "pytestmark", "server"]  # the fixtures and the skip rule, shared


async def test_the_report_page_shows_the_quarter_and_downloads_its_pdf(
    runtime: Runtime, server: BaseTestServer, browser: Browser, tmp_path: Path
) -> None:
    await runtime.core.handle_text(actor("U2"), "/idea Why we test our backups #engineering")
    link = str(server.make_url(await sign_in_path(runtime)))
    context = await browser.new_context(accept_downloads=True)
    page = await context.new_page()
    await page.goto(link)
    await page.get_by_role("button", name="Sign in").click()

    await page.get_by_role("navigation").get_by_role("link", name="Quarterly report").click()
    await expect(page.locator("h1")).to_contain_text("Quarterly evaluation")
    await expect(page.get_by_role("heading", name="Survey")).to_be_visible()
    await expect(page.locator("main")).to_contain_text("No survey closed in this quarter.")
    chart = page.locator("img.chart").first
    assert await chart.evaluate("image => image.naturalWidth") > 100

    async with page.expect_download() as waiting:
        await page.get_by_role("link", name="Download PDF").click()
    download = await waiting.value
    saved = tmp_path / download.suggested_filename
    await download.save_as(saved)
    assert saved.name.startswith("chorus-report-") and saved.read_bytes().startswith(b"%PDF")

    await page.goto(str(server.make_url("/dashboard/report?quarter=2999-Q1")))
    await expect(page.locator("main")).to_contain_text("2999-Q1 has not started yet")
    await context.close()
