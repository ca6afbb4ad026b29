"""``/dashboard``: sign-in, the pages, CSV downloads and sign-out.

Only translation happens here: the figures come from ``bot.stats.dashboard``, the pages are
Jinja2 templates with autoescape on. Anything a client sends that is not right (a bad,
used or expired link, no or a dead session, a bad period, an unknown page, a missing CSRF
token) gets a plain page with a 4xx status, never a 500.
"""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import Awaitable, Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from aiohttp import web
from jinja2 import Environment, FileSystemLoader, select_autoescape

from adapters.runtime import Runtime
from adapters.web import charts
from bot.errors import ChorusError
from bot.i18n import Translator
from bot.stats.dashboard import (
    SESSION_LIFETIME,
    Dashboard,
    Viewer,
    csrf_matches,
    csrf_token,
    dashboard,
    link_is_open,
    sign_in,
    sign_out,
    viewer,
)
from bot.stats.metrics import OTHER, share
from bot.stats.periods import PeriodSpec
from bot.stats.views import network_name, number, percent, points, theme_name, weekday_name

HERE = Path(__file__).parent
COOKIE = "chorus_dashboard"
PAGES = ("overview", "funnel", "themes", "times", "people", "how")
TABLES = ("figures", "trend", "funnel", "themes", "networks", "times", "people")
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


def environment() -> Environment:
    """The template environment: autoescape on for every page."""
    return Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _csv_cell(value: object) -> object:
    """A cell that a spreadsheet will not run as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_rows(board: Dashboard, table: str, tr: Translator) -> tuple[list[str], list[list[object]]]:
    """One of the dashboard's tables as CSV columns and rows (plain numbers, shares 0-1)."""
    now = board.now
    if table == "figures":
        return ["figure", "value", "previous"], [
            ["enrolled", now.enrolled, board.before.enrolled],
            ["active", now.active, board.before.active],
            ["participation", now.participation, board.before.participation],
            ["activation", now.activation, board.before.activation],
            ["first_posts", now.first_posts, board.before.first_posts],
            ["posts", now.posts, board.before.posts],
            ["answers", now.answers, board.before.answers],
            ["answers_per_post", now.answers_per_post, board.before.answers_per_post],
            ["cheers", now.cheers, board.before.cheers],
            ["cheers_per_member", now.cheers_per_member, board.before.cheers_per_member],
            [
                "feedback_median_hours",
                now.support.feedback_hours,
                board.before.support.feedback_hours,
            ],
            ["slots_offered", now.support.slots_offered, board.before.support.slots_offered],
            ["slots_booked", now.support.slots_booked, board.before.support.slots_booked],
            ["cafe_seats", now.support.cafe_seats, board.before.support.cafe_seats],
            [
                "cafe_seats_taken",
                now.support.cafe_seats_taken,
                board.before.support.cafe_seats_taken,
            ],
        ]
    if table == "trend":
        return ["first_day", "last_day", "enrolled", "active", "participation", "posts"], [
            [
                p.period.first.isoformat(),
                p.period.last.isoformat(),
                p.enrolled,
                p.active,
                p.participation,
                p.posts,
            ]
            for p in board.trend
        ]
    if table == "funnel":
        return ["step", "count", "conversion"], [
            [step, count, conversion] for step, count, conversion in now.funnel.steps
        ]
    if table == "themes":
        return [
            "theme",
            "ideas",
            "claimed",
            "drafted",
            "published",
            "median_days_to_draft",
            "median_days_to_post",
        ], [
            [
                theme or tr._("other themes and small groups"),
                f.ideas,
                f.claimed,
                f.drafted,
                f.published,
                f.days_to_draft,
                f.days_to_post,
            ]
            for theme, f in now.themes.items()
        ]
    if table == "networks":
        return ["network", "posts", "answers", "answers_per_post"], [
            [network_name(tr, r.network), r.posts, r.answers, r.answers_per_post]
            for r in now.networks
        ]
    if table == "times":
        return ["weekday", "hour", "posts", "answers", "answers_per_post"], [
            [c.weekday + 1, c.hour, c.posts, c.answers, share(c.answers, c.posts)]
            for c in now.best_times
        ]
    return ["name", "role", "contributions", "could_use_a_hand"], [
        [p.name, p.role, p.contributions, "yes" if p.quiet else "no"] for p in board.people
    ]


def _csv(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if value is None else _csv_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8")


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
            try:
                async with runtime.uow() as uow:
                    board = await dashboard(
                        uow, who.workspace, PeriodSpec(period_text), clock.now()
                    )
                    await uow.commit()
            except ChorusError as error:
                return message(
                    tr, 400, tr._("That period does not work"), tr._(error.msgid, **error.params)
                )
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
        try:
            async with runtime.uow() as uow:
                board = await dashboard(uow, who.workspace, PeriodSpec(period_text), clock.now())
                await uow.commit()
        except ChorusError as error:
            tr = who.tr
            return message(
                tr, 400, tr._("That period does not work"), tr._(error.msgid, **error.params)
            )
        columns, rows = csv_rows(board, table, who.tr)
        filename = f"chorus-{table}-{board.now.period.slug}.csv"
        return web.Response(
            body=_csv(columns, rows),
            content_type="text/csv",
            charset="utf-8",
            headers={**HEADERS, "Content-Disposition": f'attachment; filename="{filename}"'},
        )

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
    app.router.add_get("/dashboard", page("overview"))
    for name in PAGES[1:]:
        app.router.add_get(f"/dashboard/{name}", page(name))


def _charts(name: str, tr: Translator, board: Dashboard) -> dict[str, str]:
    """The charts of one page as data URIs (rendered off the event loop)."""
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
    return {key: charts.svg_data_uri(spec) for key, spec in specs.items()}
