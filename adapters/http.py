"""One aiohttp application for every HTTP face of Chorus."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError
from aiohttp.typedefs import Handler
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4

from adapters.calendar import mount as mount_calendar
from adapters.exports import mount as mount_exports
from adapters.runtime import Runtime
from adapters.web.routes import mount as mount_dashboard
from storage.migrate import is_current

log = logging.getLogger(__name__)

RUNTIME = web.AppKey("runtime", Runtime)
REGISTRY = web.AppKey("registry", CollectorRegistry)


async def healthz(request: web.Request) -> web.Response:
    """200 once the database answers and every migration is applied; 503 before."""
    runtime = request.app[RUNTIME]
    try:
        ready = await is_current(runtime.engine)
    except Exception:  # the database is down: not ready, and say so
        ready = False
    status = 200 if ready else 503
    return web.json_response(
        {"status": "ok" if ready else "starting", "database": "ready" if ready else "not ready"},
        status=status,
    )


async def metrics(request: web.Request) -> web.Response:
    """Prometheus text exposition (format 0.0.4, which every scraper understands). The
    outbox gauges are read from the database now; if it does not answer, the counters
    are still served."""
    runtime = request.app[RUNTIME]
    try:
        await runtime.metrics.refresh(runtime.outbox, datetime.now(UTC))
        for scope, per_minute in (await runtime.platform.learned_rates()).items():
            runtime.metrics.learned_rate.labels(scope).set(per_minute)
    except Exception:
        log.warning("metrics: the outbox could not be read", exc_info=True)
    body = generate_latest(request.app[REGISTRY])
    return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_PLAIN_0_0_4})


@web.middleware
async def unreadable_body(request: web.Request, handler: Handler) -> web.StreamResponse:
    """A body that cannot be read as sent (say, ``Content-Encoding: gzip`` over bytes that
    are not gzip) is the client's mistake: 400, where aiohttp would answer 500."""
    try:
        return await handler(request)
    except (web.RequestPayloadError, HttpProcessingError):
        response = web.json_response({"error": "the request body could not be read"}, status=400)
        response.force_close()  # the rest of the body is still on the connection
        return response


def make_app(runtime: Runtime) -> web.Application:
    """The aiohttp app with health and metrics; platform adapters add their routes."""
    app = web.Application(middlewares=[unreadable_body])
    registry = runtime.metrics.registry
    runtime.metrics.up.set(1)
    app[RUNTIME] = runtime
    app[REGISTRY] = registry
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/metrics", metrics)
    mount_calendar(app, runtime)
    mount_dashboard(app, runtime)
    mount_exports(app, runtime)
    if runtime.settings.slack.http_ready:
        from adapters.slack.app import mount as mount_slack

        mount_slack(app, runtime)
    if runtime.settings.teams.enabled:
        from adapters.teams.guard import mount_closed, serves_nobody

        if serves_nobody(runtime.settings):
            mount_closed(app)  # 401 to everyone, and the Agents SDK is never loaded
        else:
            from adapters.teams.hosting import mount as mount_teams

            mount_teams(app, runtime)  # with credentials, or local tools by opt-in
    return app
