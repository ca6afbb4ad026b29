"""``/dashboard``: sign-in, the pages, CSV downloads and sign-out.

Only translation happens here: the figures come from ``bot.stats.dashboard``, the pages are
Jinja2 templates with autoescape on. Anything a client sends that is not right (a bad,
used or expired link, no or a dead session, a bad period, an unknown page, a missing CSRF
token) gets a plain page with a 4xx status, never a 500.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from adapters.runtime import Runtime
from adapters.web.pages import HERE, csv_bytes, csv_rows, environment
from bot.award import quarters
from bot.errors import ChorusError
from bot.i18n import Translator
from bot.report.build import quarterly_report
from bot.stats.dashboard import (
    PAGE_PARTS,
    SESSION_LIFETIME,
    TABLE_PARTS,
    Dashboard,
    Part,
    Viewer,
    csrf_matches,
    csrf_token,
    dashboard,
    link_is_open,
    sign_in,
    sign_out,
    viewer,
)
from bot.stats.metrics import OTHER
from bot.stats.periods import PeriodSpec
from bot.stats.views import (
    group_name,
    network_name,
    number,
    percent,
    points,
    theme_name,
    weekday_name,
)

COOKIE = "chorus_dashboard"
PAGES = ("overview", "funnel", "themes", "times", "people", "how")
TABLES = tuple(TABLE_PARTS)
PERIOD_MAX_CHARS = 40
HEADERS = {
    "Cache-Control": "private, no-store",
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}


def mount(app: web.Application, runtime: Runtime) -> None:
    """Add the dashboard's routes to ``app``."""
    templates = environment()
    secure_cookie = runtime.settings.programme.public_url.startswith("https://")
    clock = runtime.core.clock

    def render(name: str, tr: Translator, status: int = 200, **context: Any) -> web.Response:
        html = templates.get_template(name).render(
            _=tr._,
            _n=tr._n,
            tr=tr,
            percent=lambda v: percent(tr, v),
            number=lambda v, digits=1: number(tr, v, digits),
            points=lambda v: points(tr, v),
            theme_name=lambda t: theme_name(tr, t),
            network_name=lambda n: network_name(tr, n),
            weekday_name=lambda d: weekday_name(tr, d),
            OTHER=OTHER,
            **context,
        )
        return web.Response(text=html, status=status, content_type="text/html", headers=HEADERS)

    def message(tr: Translator, status: int, title: str, text: str) -> web.Response:
        return render("message.html", tr, status, title=title, text=text)

    default_tr = Translator(runtime.settings.programme.locale, runtime.settings.programme.timezone)

    def refused(status: int = 401) -> web.Response:
        tr = default_tr
        return message(
            tr,
            status,
            tr._("Please sign in"),
            tr._("Type /chorus dashboard in chat and open the link Chorus sends you."),
        )

    async def signin_page(request: web.Request) -> web.Response:
        token = request.match_info["token"]
        async with runtime.uow() as uow:
            open_link = await link_is_open(uow, token, clock.now())
        tr = default_tr
        if not open_link:
            return used_link(tr)
        return render("signin.html", tr, action=request.path)

    def used_link(tr: Translator) -> web.Response:
        return message(
            tr,
            404,
            tr._("This sign-in link does not work any more"),
            tr._(
                "A sign-in link works once, for 10 minutes. Type /chorus dashboard in chat for a new one."
            ),
        )

    async def signin(request: web.Request) -> web.Response:
        token = request.match_info["token"]
        async with runtime.uow() as uow:
            session = await sign_in(uow, token, clock.now())
            await uow.commit()
        if session is None:
            return used_link(default_tr)
        response = web.HTTPSeeOther("/dashboard", headers=HEADERS)
        response.set_cookie(
            COOKIE,
            session,
            path="/dashboard",
            max_age=int(SESSION_LIFETIME.total_seconds()),
            httponly=True,
            secure=secure_cookie or request.secure,
            samesite="Lax",
        )
        raise response

    async def current(request: web.Request) -> tuple[Viewer, str] | None:
        session = request.cookies.get(COOKIE, "")
        if not session:
            return None
        async with runtime.uow() as uow:
            who = await viewer(uow, session, clock.now())
        return (who, session) if who else None

    async def figures(
        who: Viewer, period_text: str, parts: frozenset[Part]
    ) -> Dashboard | web.Response:
        """The period's figures that a page or a download shows, or a page saying why the
        period does not work."""
        try:
            async with runtime.uow() as uow:
                board = await dashboard(
                    uow, who.workspace, PeriodSpec(period_text), clock.now(), parts=parts
                )
                await uow.commit()
        except ChorusError as error:
            tr = who.tr
            return message(
                tr, 400, tr._("That period does not work"), tr._(error.msgid, **error.params)
            )
        return board

    def page(
        name: str,
    ) -> Callable[[web.Request], Awaitable[web.Response]]:
        async def handler(request: web.Request) -> web.Response:
            found = await current(request)
            if found is None:
                return refused()
            who, session = found
            tr = who.tr
            if name == "how":
                return render("how.html", tr, page=name, period_text="", csrf=csrf_token(session))
            period_text = request.query.get("period", "month")[:PERIOD_MAX_CHARS]
            board = await figures(who, period_text, PAGE_PARTS[name])
            if isinstance(board, web.Response):
                return board
            pictures = await asyncio.to_thread(_charts, name, tr, board)
            return render(
                f"{name}.html",
                tr,
                page=name,
                board=board,
                charts=pictures,
                period_text=period_text,
                csrf=csrf_token(session),
                zone=who.workspace.timezone,
                target=runtime.settings.programme.company_share_percent,
                group_name=lambda row, network=False: group_name(tr, row, network=network),
            )

        return handler

    async def download(request: web.Request) -> web.Response:
        found = await current(request)
        if found is None:
            return refused()
        who, _ = found
        table = request.match_info["table"]
        if table not in TABLES:
            return message(
                who.tr, 404, who.tr._("No such table"), who.tr._("Pick a table from the dashboard.")
            )
        period_text = request.query.get("period", "month")[:PERIOD_MAX_CHARS]
        board = await figures(who, period_text, TABLE_PARTS[table])
        if isinstance(board, web.Response):
            return board
        columns, rows = csv_rows(board, table, who.tr)
        filename = f"chorus-{table}-{board.now.period.slug}.csv"
        return web.Response(
            body=csv_bytes(columns, rows),
            content_type="text/csv",
            charset="utf-8",
            headers={**HEADERS, "Content-Disposition": f'attachment; filename="{filename}"'},
        )

    async def quarterly(request: web.Request) -> web.Response:
        found = await current(request)
        if found is None:
            return refused()
        who, session = found
        tr = who.tr
        today = clock.now().astimezone(tr.timezone).date()
        quarter = request.query.get("quarter", "")[:PERIOD_MAX_CHARS] or quarters.label(today)
        try:
            async with runtime.uow() as uow:
                built = await quarterly_report(
                    uow, who.workspace, quarter, clock.now(), programme=runtime.settings.programme
                )
                await uow.commit()
        except ChorusError as error:
            return message(
                tr, 400, tr._("That quarter does not work"), tr._(error.msgid, **error.params)
            )
        # The report's libraries (WeasyPrint, Altair) load on the first report asked for.
        from adapters.web.report import report_html, report_pdf, report_pdf_html

        if request.path.endswith(".pdf"):
            html = await asyncio.to_thread(report_pdf_html, tr, built)
            pdf = await asyncio.to_thread(report_pdf, html)
            filename = f"chorus-report-{built.quarter}.pdf"
            return web.Response(
                body=pdf,
                content_type="application/pdf",
                headers={**HEADERS, "Content-Disposition": f'attachment; filename="{filename}"'},
            )
        html = await asyncio.to_thread(
            report_html, tr, built, page="report", period_text="", csrf=csrf_token(session)
        )
        return web.Response(text=html, content_type="text/html", headers=HEADERS)

    async def signout(request: web.Request) -> web.Response:
        session = request.cookies.get(COOKIE, "")
        form = await request.post()
        submitted = form.get("csrf")
        if not session or not isinstance(submitted, str) or not csrf_matches(session, submitted):
            return message(
                default_tr,
                403,
                default_tr._("Please sign in"),
                default_tr._("This form has expired. Open the dashboard again."),
            )
        async with runtime.uow() as uow:
            await sign_out(uow, session)
            await uow.commit()
        response = message(
            default_tr,
            200,
            default_tr._("Signed out"),
            default_tr._("You are signed out of the dashboard."),
        )
        response.del_cookie(COOKIE, path="/dashboard")
        return response

    async def stylesheet(_: web.Request) -> web.Response:
        return web.Response(
            body=(HERE / "static" / "dashboard.css").read_bytes(),
            content_type="text/css",
            headers={"Cache-Control": "public, max-age=3600", "X-Content-Type-Options": "nosniff"},
        )

    app.router.add_get("/dashboard/signin/{token}", signin_page)
    app.router.add_post("/dashboard/signin/{token}", signin)
    app.router.add_post("/dashboard/signout", signout)
    app.router.add_get("/dashboard/static/dashboard.css", stylesheet)
    app.router.add_get("/dashboard/csv/{table}.csv", download)
    app.router.add_get("/dashboard/report", quarterly)
    app.router.add_get("/dashboard/report.pdf", quarterly)
    app.router.add_get("/dashboard", page("overview"))
    for name in PAGES[1:]:
        app.router.add_get(f"/dashboard/{name}", page(name))


def _charts(name: str, tr: Translator, board: Dashboard) -> dict[str, str]:
    """The charts of one page as data URIs (rendered off the event loop). Altair and
    vl-convert load with the first page drawn, not with every ``chorus serve``."""
    from adapters.web import charts

    specs: dict[str, dict[str, Any]] = {}
    if name == "overview":
        specs["trend"] = charts.participation_trend(tr, board)
    elif name == "funnel" and board.now.funnel.ideas:
        specs["funnel"] = charts.funnel_bars(tr, board)
    elif name == "themes":
        if board.now.themes:
            specs["themes"] = charts.theme_bars(tr, board)
        if board.now.networks:
            specs["networks"] = charts.network_bars(tr, board)
    elif name == "times" and board.now.best_times:
        specs["times"] = charts.best_times_heatmap(tr, board)
    return {key: charts.svg_data_uri(spec, tr.locale) for key, spec in specs.items()}
