"""``GET /export/<token>.zip``: a member's data export behind a one-time link (Teams).

The token is the only credential, so unknown, used and expired links get the same plain 404
as malformed ones, and nothing between us and the member may keep a copy.
"""

from __future__ import annotations

from aiohttp import web

from adapters.runtime import Runtime


def mount(app: web.Application, runtime: Runtime) -> None:
    """Add the download route to ``app``."""

    async def download(request: web.Request) -> web.Response:
        body = await runtime.core.download(request.match_info["token"])
        if body is None:
            return web.Response(
                status=404,
                text="This download link is unknown, used or expired. Ask Chorus for a new export with: chorus privacy export\n",
                headers={"Cache-Control": "no-store"},
            )
        return web.Response(
            body=body,
            content_type="application/zip",
            headers={
                "Cache-Control": "private, no-store",
                "Content-Disposition": 'attachment; filename="chorus-export.zip"',
            },
        )

    app.router.add_get("/export/{token}.zip", download)
