"""``GET /calendar/<token>.ics``: a member's private calendar feed, or one booking's event.

The token is the only credential, so unknown and revoked tokens get the same plain 404 as
malformed ones, and the answer is never cached by anything between us and the calendar.
"""

from __future__ import annotations

from aiohttp import web

from adapters.runtime import Runtime

ICS_CONTENT_TYPE = "text/calendar"


def mount(app: web.Application, runtime: Runtime) -> None:
    """Add the calendar route to ``app``."""

    async def calendar(request: web.Request) -> web.Response:
        body = await runtime.core.calendar(request.match_info["token"])
        if body is None:
            return web.Response(status=404, text="No such calendar.\n")
        return web.Response(
            body=body,
            content_type=ICS_CONTENT_TYPE,
            charset="utf-8",
            headers={
                "Cache-Control": "private, no-store",
                "Content-Disposition": 'inline; filename="chorus.ics"',
            },
        )

    app.router.add_get("/calendar/{token}.ics", calendar)
