"""Benchmark: a nudge wave of DMs through the outbox to a rate-limited fake Slack.

The fake Slack (aiohttp, loopback) enforces one message a second per channel and a
workspace budget (a token bucket), answers 429 with Retry-After, and records every
message by the dedupe key Chorus puts in its metadata. It reports:

- time against the theoretical minimum for those limits (target <= 1.10x),
- lost (queued but never received), duplicated (received twice) and early sends
  (a request for a scope before the Retry-After Slack gave for it), all targets 0.

``--kill-every 20`` runs the delivery worker in a child process and SIGKILLs it every 20 s
(then restarts it) to show that nothing is lost and nothing doubled by a crash between
Slack's answer and our commit.

    python bench/fanout.py                       # 10,000 DMs, no kills
    python bench/fanout.py --kill-every 20       # the same, killed every 20 s
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from typing import Any

from aiohttp import ClientSession, web

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from adapters.delivery import DeliveryPolicy, DeliveryWorker  # noqa: E402
from adapters.slack.transport import SlackTransport  # noqa: E402
from bot.messages import Audience, Message, Section, Text  # noqa: E402
from bot.model import Platform  # noqa: E402
from bot.outbox import Outgoing  # noqa: E402
from storage.database import create_engine, session_factory  # noqa: E402
from storage.migrate import upgrade  # noqa: E402
from storage.outbox import OutboxStore  # noqa: E402
from storage.platform import PlatformStore  # noqa: E402
from storage.unit_of_work import SqlUnitOfWorkFactory  # noqa: E402


class RateLimitedSlack:
    """chat.postMessage with Slack-like limits; conversations.open/history for reconciling."""

    def __init__(self, per_minute: int, burst: int) -> None:
        self.rate = per_minute / 60.0
        self.burst = burst
        self.tokens = float(burst)
        self.refilled = time.monotonic()
        self.channel_last: dict[str, float] = {}
        self.blocked_until: dict[str, float] = {}
        self.received: Counter[str] = Counter()
        self.history: dict[str, list[dict[str, Any]]] = {}
        self.early = 0
        self.limited = 0
        self.first = 0.0
        self.last = 0.0

    def _refill(self, now: float) -> None:
        self.tokens = min(self.burst, self.tokens + (now - self.refilled) * self.rate)
        self.refilled = now

    def _limited(self, scope: str, now: float, wait: float) -> web.Response:
        self.limited += 1
        seconds = max(1, math.ceil(wait))
        self.blocked_until[scope] = max(self.blocked_until.get(scope, 0.0), now + seconds)
        return web.json_response(
            {"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": str(seconds)}
        )

    async def post_message(self, request: web.Request) -> web.Response:
        form = await _args(request)
        channel = str(form.get("channel"))
        now = time.monotonic()
        for scope in ("workspace", channel):
            if now < self.blocked_until.get(scope, 0.0):
                self.early += 1
        self._refill(now)
        last = self.channel_last.get(channel)
        if last is not None and now - last < 1.0:
            return self._limited(channel, now, 1.0 - (now - last))
        if self.tokens < 1.0:
            return self._limited("workspace", now, (1.0 - self.tokens) / self.rate)
        self.tokens -= 1.0
        self.channel_last[channel] = now
        metadata = form.get("metadata")
        if isinstance(metadata, str):
            metadata = json.loads(metadata)
        key = (metadata or {}).get("event_payload", {}).get("dedupe_key", "?")
        self.received[key] += 1
        if not self.first:
            self.first = now
        self.last = now
        ts = f"{int(time.time())}.{sum(self.received.values()):06d}"
        dm = "D" + channel[1:] if channel.startswith("U") else channel
        self.history.setdefault(dm, []).insert(0, {"ts": ts, "metadata": metadata})
        return web.json_response(
            {
                "ok": True,
                "channel": dm,
                "ts": ts,
                "message": {"ts": ts, "text": "x", "type": "message"},
            }
        )

    async def conversations_open(self, request: web.Request) -> web.Response:
        form = await _args(request)
        return web.json_response(
            {"ok": True, "channel": {"id": "D" + str(form.get("users", "U"))[1:]}}
        )

    async def conversations_history(self, request: web.Request) -> web.Response:
        form = await _args(request)
        return web.json_response(
            {"ok": True, "messages": self.history.get(str(form.get("channel")), [])[:100]}
        )

    async def stats(self, request: web.Request) -> web.Response:
        return web.json_response(
            {
                "unique": len(self.received),
                "duplicates": sum(c - 1 for c in self.received.values()),
                "early": self.early,
                "limited": self.limited,
                "first": self.first,
                "last": self.last,
            }
        )

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/api/chat.postMessage", self.post_message)
        for method in ("GET", "POST"):
            app.router.add_route(method, "/api/conversations.open", self.conversations_open)
            app.router.add_route(method, "/api/conversations.history", self.conversations_history)
        app.router.add_get("/stats", self.stats)
        return app


async def _args(request: web.Request) -> dict[str, Any]:
    args: dict[str, Any] = dict(request.query)
    if request.method == "POST":
        if request.content_type == "application/json":
            args.update(await request.json())
        else:
            args.update(await request.post())
    return args


async def prepare(db_url: str, count: int) -> int:
    """A migrated database with ``count`` DMs waiting in the outbox."""
    engine = create_engine(db_url)
    await upgrade(engine)
    uow = SqlUnitOfWorkFactory(session_factory(engine))
    async with uow() as unit:
        workspace, _ = await unit.workspaces.get_or_add(
            Platform.SLACK, "TBENCH", locale="en", timezone="UTC"
        )
        await unit.commit()
    message = Message(
        (Section(Text.plain("It has been a while — one small step this week?")),), Audience.MEMBER
    )
    for start in range(0, count, 1000):
        async with uow() as unit:
            for n in range(start, min(count, start + 1000)):
                await unit.outbox.enqueue(
                    Outgoing(workspace.id, Platform.SLACK, f"U{n:08d}", message, f"nudge-{n}")
                )
            await unit.commit()
    await engine.dispose()
    return workspace.id


async def work(db_url: str, api_url: str, per_minute: int, until_empty: bool) -> None:
    """The delivery worker, as `chorus serve` runs it."""
    engine = create_engine(db_url)
    sessions = session_factory(engine)
    async with ClientSession() as http:
        from slack_sdk.web.async_client import AsyncWebClient

        client = AsyncWebClient(token="xoxb-bench", base_url=api_url, session=http)

        async def client_for(_: int) -> AsyncWebClient:
            return client

        transport = SlackTransport(
            client_for, PlatformStore(sessions), workspace_per_minute=per_minute
        )
        policy = DeliveryPolicy(lease=timedelta(seconds=8), batch=400)
        worker = DeliveryWorker(OutboxStore(sessions), {Platform.SLACK: transport}, policy=policy)
        stop = asyncio.Event()
        if until_empty:
            await worker.drain(within=3600)
        else:
            await worker.run(stop)
    await engine.dispose()


async def bench(
    count: int, per_minute: int, burst: int, kill_every: float | None
) -> dict[str, Any]:
    slack = RateLimitedSlack(per_minute, burst)
    runner = web.AppRunner(slack.app(), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    api = f"http://127.0.0.1:{port}/api/"
    folder = tempfile.mkdtemp(prefix="chorus-fanout-")
    db_url = f"sqlite+aiosqlite:///{folder}/bench.db"
    await prepare(db_url, count)
    kills = 0
    started = time.monotonic()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    # The worker runs in its own process, as it does beside `chorus serve`; the fake Slack
    # stays here so it counts across kills.
    while True:
        child = subprocess.Popen(  # noqa: ASYNC220 - the benchmark owns this child
            [sys.executable, __file__, "--worker", db_url, api, str(per_minute)], env=env
        )
        deadline = time.monotonic() + (kill_every or 3600)
        while time.monotonic() < deadline and child.poll() is None and len(slack.received) < count:  # noqa: ASYNC110
            await asyncio.sleep(0.1)
        if len(slack.received) >= count or child.poll() is not None:
            child.send_signal(signal.SIGTERM)
            child.wait(timeout=10)
            break
        child.send_signal(signal.SIGKILL)
        child.wait()
        kills += 1
    await asyncio.sleep(2)  # anything still in flight lands (and would count as a duplicate)
    wall = (slack.last or time.monotonic()) - started
    span = slack.last - slack.first if slack.first else 0.0
    await runner.cleanup()
    # From the first message Slack accepted to the last: the burst goes at once, the rest
    # at the budget's rate.
    minimum = max(0.0, (count - burst) / (per_minute / 60.0))
    duplicates = sum(c - 1 for c in slack.received.values())
    return {
        "messages": count,
        "limit": f"{per_minute}/min (burst {burst}), 1/s per channel",
        "delivery_s (first..last)": round(span, 2),
        "minimum_s": round(minimum, 2),
        "ratio": round(span / minimum, 3) if minimum else None,
        "wall_s (incl. worker start)": round(wall, 2),
        "lost": count - len(slack.received),
        "duplicated": duplicates,
        "early": slack.early,
        "429s": slack.limited,
        "kills": kills,
        "duplicates_per_kill": round(duplicates / kills, 3) if kills else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--per-minute", type=int, default=6_000, help="the workspace budget")
    parser.add_argument("--burst", type=int, default=20)
    parser.add_argument(
        "--kill-every", type=float, default=None, help="SIGKILL the worker every N seconds"
    )
    parser.add_argument(
        "--worker", nargs=3, metavar=("DB", "API", "PER_MINUTE"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.worker:
        db_url, api, per_minute = args.worker
        asyncio.run(work(db_url, api, int(per_minute), until_empty=False))
        return
    result = asyncio.run(bench(args.messages, args.per_minute, args.burst, args.kill_every))
    width = max(len(k) for k in result)
    for key, value in result.items():
        print(f"{key:<{width}}  {value}")


if __name__ == "__main__":
    main()
