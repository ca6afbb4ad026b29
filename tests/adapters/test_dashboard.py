"""``/dashboard`` over HTTP: a one-time sign-in, every page with its charts, CSV files,
sign-out, and a 4xx (never a 500) for anything wrong a client sends."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator
from dataclasses import replace
from http.cookies import SimpleCookie

import pytest
import yarl
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from adapters.runtime import Runtime
from adapters.web.routes import COOKIE, mount
from bot.commands import Actor
from bot.model import Platform, Role
from bot.stats.dashboard import csrf_token


def actor(user_id: str, name: str | None = None) -> Actor:
    return Actor(Platform.SLACK, "T1", user_id, name or user_id.title(), channel_id="C1")


async def sign_in_link(runtime: Runtime, user_id: str = "UCOORD") -> str:
    outcome = await runtime.core.handle_text(actor(user_id), "/chorus dashboard")
    [note] = [m for m in outcome.reply.messages if m.recipient_id == user_id]
    return "/dashboard/signin/" + note.text.split("/dashboard/signin/")[1].split()[0]


@pytest.fixture
async def client(runtime: Runtime) -> AsyncIterator[TestClient[web.Request, web.Application]]:
    app = web.Application()
    mount(app, runtime)
    async with TestClient(TestServer(app)) as test_client:
        yield test_client


async def signed_in(client: TestClient[web.Request, web.Application], runtime: Runtime) -> str:
    link = await sign_in_link(runtime)
    page = await client.get(link)
    assert page.status == 200
    assert f'action="{link}"' in await page.text()
    response = await client.post(link, allow_redirects=False)
    assert response.status == 303
    assert response.headers["Location"] == "/dashboard"
    cookie = SimpleCookie(response.headers["Set-Cookie"])[COOKIE]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert cookie["path"] == "/dashboard"
    return cookie.value


async def test_a_coordinator_signs_in_once_and_sees_every_page_with_charts(
    client: TestClient[web.Request, web.Application], runtime: Runtime
) -> None:
    await runtime.core.handle_text(actor("U2", "<b>Bente</b>"), "/idea Our backups #engineering")
    session = await signed_in(client, runtime)
    cookies = {"Cookie": f"{COOKIE}={session}"}

    overview = await client.get("/dashboard", headers=cookies)
    assert overview.status == 200
    html = await overview.text()
    assert "Participation" in html
    assert '<img class="chart" src="data:image/svg+xml;base64,' in html
    assert "frame-ancestors 'none'" in overview.headers["Content-Security-Policy"]
    assert overview.headers["Referrer-Policy"] == "no-referrer"
    for page in ("funnel", "themes", "times", "people", "how"):
        response = await client.get(f"/dashboard/{page}?period=quarter", headers=cookies)
        assert response.status == 200, page
    people = await (await client.get("/dashboard/people", headers=cookies)).text()
    assert "&lt;b&gt;Bente&lt;/b&gt;" in people
    assert "<b>Bente" not in people

    csv = await client.get("/dashboard/csv/funnel.csv?period=month", headers=cookies)
    assert csv.status == 200
    assert csv.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in csv.headers["Content-Disposition"]
    assert (await csv.text()).splitlines()[:2] == ["step,count,conversion", "ideas,1,"]


async def test_a_used_expired_or_made_up_link_is_refused_without_data(
    client: TestClient[web.Request, web.Application], runtime: Runtime
) -> None:
    link = await sign_in_link(runtime)
    assert (await client.post(link, allow_redirects=False)).status == 303
    reused = await client.post(link, allow_redirects=False)
    assert reused.status == 404
    assert "Set-Cookie" not in reused.headers
    assert "does not work any more" in await reused.text()
    assert (await client.get(link)).status == 404
    for path in (
        "/dashboard/signin/short",
        "/dashboard/signin/" + "A" * 43,
        "/dashboard/signin/%00%ff",
    ):
        assert (await client.get(path)).status == 404, path
        assert (await client.post(path)).status == 404, path


async def test_pages_and_files_need_a_live_session_of_a_coordinator(
    client: TestClient[web.Request, web.Application], runtime: Runtime
) -> None:
    assert (await client.get("/dashboard")).status == 401
    assert (await client.get("/dashboard/csv/people.csv")).status == 401
    forged = {"Cookie": f"{COOKIE}=" + "x" * 43}
    assert (await client.get("/dashboard/themes", headers=forged)).status == 401
    assert (await client.get("/dashboard", headers={"Cookie": f"{COOKIE}=\u00e9"})).status == 401

    session = await signed_in(client, runtime)
    cookies = {"Cookie": f"{COOKIE}={session}"}
    assert (await client.get("/dashboard", headers=cookies)).status == 200
    async with runtime.uow() as uow:
        [workspace] = await uow.workspaces.all()
        coordinator = await uow.members.by_external_id(workspace.id, "UCOORD")
        assert coordinator is not None
        coordinator.role = Role.AMBASSADOR
        await uow.members.save(coordinator)
        await uow.commit()
    assert (await client.get("/dashboard", headers=cookies)).status == 401


async def test_bad_periods_and_unknown_tables_get_a_clear_page(
    client: TestClient[web.Request, web.Application], runtime: Runtime
) -> None:
    cookies = {"Cookie": f"{COOKIE}={await signed_in(client, runtime)}"}
    for period in ("fortnight", "2099-Q1", "2026-11-20..2026-11-01", "x" * 5000, "%00"):
        response = await client.get("/dashboard", params={"period": period}, headers=cookies)
        assert response.status == 400, period
        assert "That period does not work" in await response.text()
    assert (await client.get("/dashboard/csv/secrets.csv", headers=cookies)).status == 404
    assert (await client.get("/dashboard/nowhere", headers=cookies)).status == 404


async def test_signing_out_needs_the_csrf_token_and_ends_the_session(
    client: TestClient[web.Request, web.Application], runtime: Runtime
) -> None:
    session = await signed_in(client, runtime)
    cookies = {"Cookie": f"{COOKIE}={session}"}
    refused = await client.post("/dashboard/signout", data={"csrf": "nope"}, headers=cookies)
    assert refused.status == 403
    assert (await client.get("/dashboard", headers=cookies)).status == 200

    done = await client.post(
        "/dashboard/signout", data={"csrf": csrf_token(session)}, headers=cookies
    )
    assert done.status == 200
    assert (await client.get("/dashboard", headers=cookies)).status == 401


async def test_behind_https_the_session_cookie_is_secure(runtime: Runtime) -> None:
    programme = replace(runtime.settings.programme, public_url="https://chorus.example.com")
    behind_https = replace(runtime, settings=replace(runtime.settings, programme=programme))
    app = web.Application()
    mount(app, behind_https)
    async with TestClient(TestServer(app)) as https_client:
        response = await https_client.post(await sign_in_link(runtime), allow_redirects=False)
    assert response.status == 303
    assert SimpleCookie(response.headers["Set-Cookie"])[COOKIE]["secure"] is True


async def test_garbled_urls_never_get_a_500(
    client: TestClient[web.Request, web.Application], runtime: Runtime
) -> None:
    cookies = {"Cookie": f"{COOKIE}={await signed_in(client, runtime)}"}
    for path in (
        "/dashboard?period=%ff%fe",
        "/dashboard?period=2026-Q4&period=%C0%80",
        "/dashboard/csv/%ff.csv",
        "/dashboard/signin/%ff%fe%fd%fc%fb%fa%f9%f8%f7%f6%f5%f4%f3%f2%f1%f0%ef%ee%ed%ec",
    ):
        response = await client.get(yarl.URL(path, encoded=True), headers=cookies)
        assert response.status < 500, (path, response.status)
    huge = await client.post(
        "/dashboard/signout",
        data=io.BytesIO(b"csrf=" + b"x" * 2_000_000),
        headers={**cookies, "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert 400 <= huge.status < 500


async def test_the_themes_page_breaks_the_figures_down_by_segment_with_a_csv(
    client: TestClient[web.Request, web.Application], runtime: Runtime
) -> None:
    session = await signed_in(client, runtime)
    cookies = {"Cookie": f"{COOKIE}={session}"}
    for user in ("U2", "U3", "U4"):
        await runtime.core.handle_text(actor(user), "/chorus help")
        await runtime.core.handle_text(actor("UCOORD"), f"/chorus segment set <@{user}> networker")
    await runtime.core.handle_text(actor("U2"), "/idea Our backups")

    html = await (await client.get("/dashboard/themes?period=month", headers=cookies)).text()
    assert "By segment" in html
    assert "<td>networker</td><td>3</td><td>1</td><td>33%</td>" in html

    csv = await client.get("/dashboard/csv/segments.csv?period=month", headers=cookies)
    assert csv.status == 200
    assert (await csv.text()).splitlines() == [
        "segment,members,active,participation,posts,company_shares,external_shares,company_percent",
        "networker,3,1,0.3333333333333333,0,0,0,",
    ]
    members = await client.get("/dashboard/csv/network_members.csv", headers=cookies)
    assert (await members.text()).splitlines()[0].startswith("network,members,active")


async def test_every_csv_holds_the_same_rows_as_the_whole_dashboard(
    client: TestClient[web.Request, web.Application], runtime: Runtime
) -> None:
    """Each download computes only its own table: it must still be the whole table."""
    from adapters.web.pages import csv_bytes, csv_rows
    from adapters.web.routes import TABLES
    from bot.i18n import Translator
    from bot.stats.dashboard import dashboard
    from bot.stats.periods import PeriodSpec

    session = await signed_in(client, runtime)
    cookies = {"Cookie": f"{COOKIE}={session}"}
    for user in ("U2", "U3", "U4"):
        await runtime.core.handle_text(actor(user), "/idea Our backups #engineering")
        await runtime.core.handle_text(actor("UCOORD"), f"/chorus segment set <@{user}> networker")
    for line in ("/idea claim 1", "/idea draft 1", "/posted https://www.linkedin.com/posts/u2 1"):
        await runtime.core.handle_text(actor("U2"), line)
    async with runtime.uow() as uow:
        [workspace] = await uow.workspaces.all()
        board = await dashboard(uow, workspace, PeriodSpec("month"), runtime.core.clock.now())
        await uow.commit()
    tr = Translator(workspace.locale, workspace.timezone)
    for table in TABLES:
        response = await client.get(f"/dashboard/csv/{table}.csv?period=month", headers=cookies)
        assert response.status == 200, table
        assert await response.read() == csv_bytes(*csv_rows(board, table, tr)), table
        if table != "network_members":  # nobody chose a network
            assert len((await response.text()).splitlines()) > 1, table
