"""Benchmark: fan-out through the outbox to a rate-limited fake Slack.

The fake Slack (aiohttp, loopback) enforces one message a second per channel, a
workspace budget (a token bucket) and Tier 3 limits on conversations.open and
conversations.history, answers 429 with Retry-After, and records every message by the
dedupe key Chorus puts in its metadata. Chorus is never told these limits: it learns the
workspace budget as it goes.

Two scenarios:

``wave`` (the default): N DMs (a nudge wave) through the delivery worker. Reports time
against the theoretical minimum for those limits, and lost (queued but never received),
duplicated (received twice) and early sends (a request for a scope before the
Retry-After Slack gave for it), all targets 0. ``--kill-every 20`` runs the worker in a
child process and SIGKILLs it every 20 s (then restarts it) to show that nothing is lost
and nothing doubled by a crash between Slack's answer and our commit.

``backlog``: a kickoff workshop. 100 ambassadors park 1,000 ideas (through the core, so
1,000 channel cards are queued), ``chorus serve`` starts delivering, and a few seconds
later a nudge wave to 1,000 members is queued; while the wave runs, a private answer
(urgent) is queued every 1.5 s. Reports: every member got exactly one DM, sends inside a
Retry-After window (target 0), wave time against the rate-limit floor for the wave alone
(target <= 1.25x), private-answer latency p50/p99 (target < 2 s), and how many channel
posts the 1,000 cards became. ``--servers 2`` with ``--postgres URL`` runs two
``chorus serve`` processes sharing a PostgreSQL database (a fresh database per run);
``--kill-every 20`` SIGKILLs a server (in turn) every 20 s and starts it again.

    python bench/fanout.py                                   # 10,000 DMs, no kills
    python bench/fanout.py --kill-every 20                   # the same, killed every 20 s
    python bench/fanout.py --scenario backlog --runs 3       # SQLite, one chorus serve
    python bench/fanout.py --scenario backlog --runs 3 --servers 2 \
        --postgres postgresql+asyncpg://postgres@127.0.0.1/postgres

Everything runs on 127.0.0.1, every run is bounded in time, and everything stops by
itself.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from aiohttp import (
    ClientSession,
    TraceConfig,
    TraceRequestEndParams,
    TraceRequestStartParams,
    web,
)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url

from adapters.delivery import DeliveryPolicy, DeliveryWorker
from adapters.pacing import PacePolicy
from adapters.slack.transport import SlackTransport
from bot.commands import Actor
from bot.config import Programme
from bot.core import Core
from bot.messages import Audience, Message, Section, Text
from bot.model import Platform, Workspace
from bot.outbox import Outgoing, enqueue
from storage.database import create_engine, reader, session_factory
from storage.migrate import upgrade
from storage.models import DeliveryRateRow, OutboxRow
from storage.outbox import OutboxStore
from storage.platform import PlatformStore
from storage.unit_of_work import SqlUnitOfWorkFactory


class RateLimitedSlack:
    """chat.postMessage with Slack-like limits; conversations.open/history for reconciling."""

    TIER3_PER_MINUTE = 50
    TIER3_BURST = 5

    def __init__(self, per_minute: int, burst: int) -> None:
        self.rate = per_minute / 60.0
        self.burst = burst
        self.tokens = float(burst)
        self.refilled = time.monotonic()
        self.channel_last: dict[str, float] = {}
        self.blocked_until: dict[str, float] = {}
        self.received: Counter[str] = Counter()
        self.arrived: dict[str, float] = {}  # dedupe key → when Slack first took it
        self.channel_posts: list[float] = []  # accepted posts to channels (not DMs)
        self.accepted_at: list[float] = []  # every accepted post, for the timeline
        self.limited_at: list[float] = []  # every 429, for the timeline
        self.history: dict[str, list[dict[str, Any]]] = {}
        self.tier3: dict[str, tuple[float, float]] = {}  # method → (tokens, refilled)
        self.early = 0
        self.early_after: list[float] = []  # seconds after the 429 each early request came
        self.blocked_since: dict[str, float] = {}
        self.limited = 0
        self.first = 0.0
        self.last = 0.0

    def _refill(self, now: float) -> None:
        self.tokens = min(self.burst, self.tokens + (now - self.refilled) * self.rate)
        self.refilled = now

    def _limited(self, scope: str, now: float, wait: float) -> web.Response:
        self.limited += 1
        self.limited_at.append(now)
        seconds = max(1, math.ceil(wait))
        if now >= self.blocked_until.get(scope, 0.0):
            self.blocked_since[scope] = now
        self.blocked_until[scope] = max(self.blocked_until.get(scope, 0.0), now + seconds)
        return web.json_response(
            {"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": str(seconds)}
        )

    def _early(self, scope: str, now: float) -> None:
        """A request inside a Retry-After window: remember how long after the 429."""
        self.early += 1
        self.early_after.append(now - self.blocked_since.get(scope, now))

    def _tier3(self, method: str, now: float) -> web.Response | None:
        """A Tier 3 method's own budget (about 50 calls a minute)."""
        if now < self.blocked_until.get(method, 0.0):
            self._early(method, now)
        rate = self.TIER3_PER_MINUTE / 60.0
        tokens, refilled = self.tier3.get(method, (float(self.TIER3_BURST), now))
        tokens = min(self.TIER3_BURST, tokens + (now - refilled) * rate)
        if tokens < 1.0:
            self.tier3[method] = (tokens, now)
            return self._limited(method, now, (1.0 - tokens) / rate)
        self.tier3[method] = (tokens - 1.0, now)
        return None

    async def post_message(self, request: web.Request) -> web.Response:
        form = await _args(request)
        channel = str(form.get("channel"))
        now = time.monotonic()
        for scope in {"workspace", channel}:  # one count per request, whichever is closed
            if now < self.blocked_until.get(scope, 0.0):
                self._early(scope, now)
                break
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
        self.arrived.setdefault(key, now)
        self.accepted_at.append(now)
        if not channel.startswith(("U", "W")):
            self.channel_posts.append(now)
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
        refused = self._tier3("conversations.open", time.monotonic())
        if refused is not None:
            return refused
        return web.json_response(
            {"ok": True, "channel": {"id": "D" + str(form.get("users", "U"))[1:]}}
        )

    async def conversations_history(self, request: web.Request) -> web.Response:
        form = await _args(request)
        refused = self._tier3("conversations.history", time.monotonic())
        if refused is not None:
            return refused
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


def timeline(slack: RateLimitedSlack, learned: list[tuple[float, float]], step: float = 5.0) -> str:
    """Accepted posts a minute, 429s and the rate the worker keeps to, per ``step`` seconds
    from the first post: where a run lost its time."""
    if not slack.first:
        return "(nothing was accepted)"
    lines = ["| from s | accepted /min | 429s | learned /min |", "|---|---|---|---|"]
    end = max([slack.last, *slack.limited_at])
    buckets = math.ceil((end - slack.first) / step) or 1
    accepted = Counter(int((t - slack.first) // step) for t in slack.accepted_at)
    limited = Counter(int((t - slack.first) // step) for t in slack.limited_at if t >= slack.first)
    for n in range(buckets + 1):
        until = slack.first + (n + 1) * step
        rates = [r for t, r in learned if t <= until]
        rate = rates[-1] if rates else 0.0
        lines.append(
            f"| {n * step:.0f} | {accepted[n] * 60 / step:.0f} | {limited[n]} | {rate:.0f} |"
        )
    return "\n".join(lines)


async def work(db_url: str, api_url: str, ceiling: int, until_empty: bool) -> None:
    """The delivery worker, as `chorus serve` runs it (SIGTERM stops it cleanly)."""
    engine = create_engine(db_url)
    sessions = session_factory(engine)
    traces = [_trace(Path(path))] if (path := os.environ.get(TRACE_ENV)) else []
    async with ClientSession(trace_configs=traces) as http:
        from slack_sdk.web.async_client import AsyncWebClient

        client = AsyncWebClient(token="xoxb-bench", base_url=api_url, session=http)

        async def client_for(_: int) -> AsyncWebClient:
            return client

        # It learns the budget; the ceiling is the CHORUS_SLACK_MAX_PER_MINUTE setting.
        pace = PacePolicy(ceiling_per_minute=ceiling)
        transport = SlackTransport(client_for, PlatformStore(sessions), pace=pace)
        policy = DeliveryPolicy(lease=timedelta(seconds=8), batch=400)
        reads = reader(engine)  # as chorus serve has it (SQLite: looks need no writer's turn)
        outbox = OutboxStore(sessions, looks=session_factory(reads) if reads else None)
        worker = DeliveryWorker(outbox, {Platform.SLACK: transport}, policy=policy)
        stop = asyncio.Event()
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
        if until_empty:
            await worker.drain(within=3600)
        else:
            await worker.run(stop)
    await engine.dispose()
    if reads is not None:
        await reads.dispose()


TRACE_ENV = "CHORUS_BENCH_TRACE"


def _trace(path: Path) -> TraceConfig:
    """What the worker's HTTP client saw, one JSON line each, to ``path`` (appended, line
    by line, so a SIGKILLed worker loses nothing written): when it started each
    chat.postMessage (``["s", t]``) and when a 429 reached it (``["r", t, seconds]``), in
    the machine's monotonic clock, which the benchmark's own process shares."""
    sink = path.open("a", buffering=1)
    config = TraceConfig()

    async def started(_: ClientSession, __: Any, params: TraceRequestStartParams) -> None:
        if params.url.path.endswith("chat.postMessage"):
            sink.write(f'["s", {time.monotonic()}]\n')

    async def ended(_: ClientSession, __: Any, params: TraceRequestEndParams) -> None:
        if params.url.path.endswith("chat.postMessage") and params.response.status == 429:
            seconds = float(params.response.headers.get("Retry-After", "1"))
            sink.write(f'["r", {time.monotonic()}, {seconds}]\n')

    config.on_request_start.append(started)
    config.on_request_end.append(ended)
    return config


def sent_while_known(path: Path) -> int:
    """Posts the worker started after a 429 had reached it and before that 429's
    Retry-After ran out: what "Retry-After is law" forbids. (The fake also counts posts
    that were already on their way when it answered 429; the worker cannot call those
    back.) In the wave every post is a DM to another member, so every 429 is the
    workspace's."""
    if not path.exists():
        return 0
    starts: list[float] = []
    windows: list[tuple[float, float]] = []
    for line in path.read_text().splitlines():
        event = json.loads(line)
        if event[0] == "s":
            starts.append(event[1])
        else:
            windows.append((event[1], event[1] + event[2]))
    return sum(1 for at in starts if any(begin <= at < end for begin, end in windows))


async def bench(
    db_url: str,
    count: int,
    per_minute: int,
    burst: int,
    kill_every: float | None,
    ceiling: int,
    *,
    show_timeline: bool = False,
    profile: str | None = None,
) -> dict[str, Any]:
    """One wave of ``count`` DMs through a worker process (SIGKILLed every ``kill_every``
    seconds and restarted, when given)."""
    slack = RateLimitedSlack(per_minute, burst)
    runner = web.AppRunner(slack.app(), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    api = f"http://127.0.0.1:{port}/api/"
    await prepare(db_url, count)
    engine = create_engine(db_url)
    learned: list[tuple[float, float]] = []  # (when, the rate the worker shares)

    async def watch_rate() -> None:
        while True:
            async with engine.connect() as connection:
                rate = (
                    await connection.execute(select(func.max(DeliveryRateRow.per_minute)))
                ).scalar_one_or_none()
            if rate is not None:
                learned.append((time.monotonic(), float(rate)))
            await asyncio.sleep(1.0)

    watcher = asyncio.create_task(watch_rate())
    kills = 0
    started = time.monotonic()
    trace = Path(tempfile.mkdtemp(prefix="chorus-bench-trace-")) / "http.jsonl"
    env = {**os.environ, "PYTHONPATH": str(ROOT), TRACE_ENV: str(trace)}
    # The worker runs in its own process, as it does beside `chorus serve`; the fake Slack
    # stays here so it counts across kills.
    while time.monotonic() - started < RUN_LIMIT:
        profiler = ["-m", "cProfile", "-o", profile] if profile else []
        child = subprocess.Popen(  # noqa: ASYNC220 - the benchmark owns this child
            [sys.executable, *profiler, __file__, "--worker", db_url, api, str(ceiling)], env=env
        )
        deadline = time.monotonic() + (kill_every or RUN_LIMIT)
        while time.monotonic() < deadline and child.poll() is None and len(slack.received) < count:  # noqa: ASYNC110
            await asyncio.sleep(0.1)
        if len(slack.received) >= count or child.poll() is not None:
            child.send_signal(signal.SIGTERM)
            child.wait(timeout=20)
            break
        child.send_signal(signal.SIGKILL)
        child.wait()
        kills += 1
    await asyncio.sleep(2)  # anything still in flight lands (and would count as a duplicate)
    watcher.cancel()
    await asyncio.gather(watcher, return_exceptions=True)
    await engine.dispose()
    wall = (slack.last or time.monotonic()) - started
    span = slack.last - slack.first if slack.first else 0.0
    await runner.cleanup()
    if show_timeline:
        print(timeline(slack, learned))
    # From the first message Slack accepted to the last: the burst goes at once, the rest
    # at the budget's rate.
    minimum = max(0.0, (count - burst) / (per_minute / 60.0))
    duplicates = sum(c - 1 for c in slack.received.values())
    return {
        "messages": count,
        "delivery_s": span,
        "minimum_s": minimum,
        "ratio": span / minimum if minimum else float("nan"),
        "wall_s": wall,
        "lost": count - len(slack.received),
        "duplicated": duplicates,
        "early": slack.early,
        "early_ms_after_429": [round(d * 1000, 1) for d in slack.early_after],
        "sent_while_known": sent_while_known(trace),
        "429s": slack.limited,
        "kills": kills,
        "learned_per_minute": round(learned[-1][1]) if learned else None,
    }


@contextlib.asynccontextmanager
async def fresh_database(postgres: str | None) -> AsyncIterator[str]:
    """A new, empty database for one run: a file for SQLite, or a database created on the
    PostgreSQL server ``postgres`` (dropped afterwards)."""
    if not postgres:
        yield f"sqlite+aiosqlite:///{tempfile.mkdtemp(prefix='chorus-bench-db-')}/bench.db"
        return
    name = f"chorus_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(postgres, isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(postgres).set(database=name).render_as_string(hide_password=False)
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


async def waves(
    runs: int,
    postgres: str | None,
    count: int,
    per_minute: int,
    burst: int,
    kill_every: float | None,
    ceiling: int,
    *,
    show_timeline: bool,
    profile: str | None,
) -> list[dict[str, Any]]:
    """``runs`` waves, each on a fresh database."""
    results = []
    for run in range(runs):
        async with fresh_database(postgres) as db_url:
            result = await bench(
                db_url,
                count,
                per_minute,
                burst,
                kill_every,
                ceiling,
                show_timeline=show_timeline,
                profile=profile,
            )
        print(f"run {run + 1}: " + json.dumps(result, default=str), flush=True)
        results.append(result)
    return results


def wave_table(results: list[dict[str, Any]], label: str, per_minute: int, burst: int) -> str:
    """The wave runs' medians (and worst values where a target is a bound), as a table."""

    def median(key: str) -> float:
        return statistics.median(float(r[key]) for r in results)

    def worst(key: str) -> float:
        return max(float(r[key]) for r in results)

    kills = sum(r["kills"] for r in results)
    duplicated = sum(r["duplicated"] for r in results)
    rows = [
        ("runs", f"{len(results)} ({label})", ""),
        ("messages (DMs)", f"{results[0]['messages']}", ""),
        ("fake's limits (not told)", f"{per_minute}/min (burst {burst}), 1/s per channel", ""),
        ("wave time (median)", f"{median('delivery_s'):.1f} s", ""),
        ("rate-limit floor", f"{results[0]['minimum_s']:.1f} s", ""),
        ("ratio (median / worst)", f"{median('ratio'):.3f} / {worst('ratio'):.3f}", "<= 1.10"),
        ("lost (all runs)", f"{sum(r['lost'] for r in results)}", "0"),
        ("duplicated (all runs)", f"{duplicated}", "<= 1 per kill"),
        ("kills (all runs)", f"{kills}", ""),
        (
            "posts started after a 429 reached Chorus, inside its window",
            f"{sum(r['sent_while_known'] for r in results)}",
            "0",
        ),
        (
            "posts arriving inside a window (incl. already on their way)",
            f"{sum(r['early'] for r in results)}",
            "",
        ),
        ("429s (median)", f"{median('429s'):.0f}", ""),
        ("learned budget at the end (median)", f"{median('learned_per_minute'):.0f} /min", ""),
    ]
    return _table(rows)


def _table(rows: list[tuple[str, str, str]]) -> str:
    width = max(len(r[0]) for r in rows)
    value_width = max(len(r[1]) for r in rows)
    lines = [
        f"| {'':<{width}} | {'result':<{value_width}} | target |",
        f"|{'-' * (width + 2)}|{'-' * (value_width + 2)}|--------|",
    ]
    lines += [f"| {a:<{width}} | {b:<{value_width}} | {c} |" for a, b, c in rows]
    return "\n".join(lines)


# --- the backlog scenario -------------------------------------------------------------

TEAM = "T0KICKOFF1"
CHANNEL = "C0AMBASSADR"
AMBASSADORS = 100
WAVE_AFTER = 5.0  # seconds after the first channel post, the nudge wave is queued
ANSWER_EVERY = 1.5  # seconds between private answers queued during the wave
RUN_LIMIT = 900.0  # seconds: a run that has not finished by then stops and says so


def member(n: int) -> str:
    """A member's Slack user id."""
    return f"U0M{n:06d}"


async def prepare_backlog(db_url: str, cards: int) -> None:
    """A migrated database where 100 ambassadors parked ``cards`` ideas through the core:
    ``cards`` channel cards wait in the outbox."""
    engine = create_engine(db_url)
    await upgrade(engine)
    uow = SqlUnitOfWorkFactory(session_factory(engine))
    programme = Programme(
        themes=("engineering", "culture"), channel_id=CHANNEL, timezone="Europe/Copenhagen"
    )
    core = Core(uow, programme)
    for n in range(cards):
        author = n % AMBASSADORS
        actor = Actor(Platform.SLACK, TEAM, member(author), f"Ambassador {author}", CHANNEL)
        await core.handle_text(
            actor, f"/idea Idea {n + 1}: what the kickoff taught us about #engineering"
        )
    await engine.dispose()


async def queue_wave(uow: SqlUnitOfWorkFactory, workspace: Workspace, count: int) -> None:
    """A nudge wave to ``count`` members, queued as the nudge job queues it."""
    fire = datetime.now(UTC).replace(microsecond=0)
    messages = [
        Message(
            (Section(Text.plain("It has been a while — one small step this week?")),),
            Audience.MEMBER,
            recipient_id=member(n),
        )
        for n in range(count)
    ]
    async with uow() as unit:
        await enqueue(
            unit.outbox,
            workspace,
            messages,
            dedupe_prefix=f"job:nudge:{workspace.id}:{fire.isoformat()}",
        )
        await unit.commit()


async def queue_answer(uow: SqlUnitOfWorkFactory, workspace: Workspace, n: int) -> str:
    """A private answer (a confirmation to member n), queued as a command queues it."""
    message = Message(
        (Section(Text.plain("Your seat at the writing café is booked.")),),
        Audience.MEMBER,
        recipient_id=member(n * 37 % AMBASSADORS),
    )
    prefix = f"answer-{uuid.uuid4().hex}"
    async with uow() as unit:
        await enqueue(unit.outbox, workspace, [message], dedupe_prefix=prefix)
        await unit.commit()
    return f"{prefix}:0"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(db_url: str, api: str, log_path: Path) -> tuple[subprocess.Popen[bytes], str]:
    """``chorus serve`` on a free loopback port, configured for Slack on the fake."""
    port = _free_port()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SLACK_", "TEAMS_", "CHORUS_", "DATABASE_URL"))
    }
    env.update(
        DATABASE_URL=db_url,
        SLACK_BOT_TOKEN="xoxb-bench",
        SLACK_API_URL=api,
        PYTHONPATH=str(ROOT),
        CHORUS_LOG_LEVEL="INFO",
    )
    command = [sys.executable, "-c", "from adapters.cli import main; raise SystemExit(main())"]
    with log_path.open("wb") as sink:
        process = subprocess.Popen(
            [*command, "serve", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    return process, f"http://127.0.0.1:{port}"


async def _healthy(http: ClientSession, base: str, within: float = 60.0) -> None:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            async with http.get(f"{base}/healthz") as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        await asyncio.sleep(0.2)
    raise RuntimeError(f"chorus serve at {base} did not become healthy")


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(fraction * len(ordered)) - 1))]


async def backlog_run(
    db_url: str,
    servers: int,
    cards: int,
    members: int,
    per_minute: int,
    burst: int,
    kill_every: float | None = None,
) -> dict[str, Any]:
    """One kickoff: cards queued, ``servers`` x chorus serve, a nudge wave, answers; with
    ``kill_every``, a server (in turn) is SIGKILLed that often and started again."""
    slack = RateLimitedSlack(per_minute, burst)
    runner = web.AppRunner(slack.app(), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    api = f"http://127.0.0.1:{port}/api/"
    await prepare_backlog(db_url, cards)
    engine = create_engine(db_url)
    uow = SqlUnitOfWorkFactory(session_factory(engine))
    async with uow() as unit:
        [workspace] = await unit.workspaces.all()
    folder = Path(tempfile.mkdtemp(prefix="chorus-backlog-"))
    processes = [start_server(db_url, api, folder / f"serve-{n}.log") for n in range(servers)]
    answers: dict[str, float] = {}
    wave_keys: list[str] = []
    wave_at = 0.0
    finished = False
    kills = 0
    started = time.monotonic()
    try:
        async with ClientSession() as http:
            for _, base in processes:
                await _healthy(http, base)
        next_answer = 0.0
        checked = 0.0
        next_kill = time.monotonic() + (kill_every or RUN_LIMIT)
        while time.monotonic() - started < RUN_LIMIT:
            now = time.monotonic()
            if kill_every and now >= next_kill and not finished:
                victim = kills % servers
                process, _ = processes[victim]
                process.send_signal(signal.SIGKILL)
                process.wait()  # SIGKILL: it is gone at once
                kills += 1
                log_path = folder / f"serve-{victim}-{kills}.log"
                processes[victim] = start_server(db_url, api, log_path)
                next_kill = now + kill_every
            if not wave_at and slack.channel_posts and now - slack.channel_posts[0] >= WAVE_AFTER:
                await queue_wave(uow, workspace, members)
                wave_at = time.monotonic()
                next_answer = wave_at + ANSWER_EVERY / 2
            wave_keys = [k for k in slack.arrived if k.startswith("job:nudge:")]
            wave_done = wave_at and len(wave_keys) >= members
            if wave_at and not wave_done and now >= next_answer:
                answers[await queue_answer(uow, workspace, len(answers))] = time.monotonic()
                next_answer += ANSWER_EVERY
            if wave_done and now - checked >= 1.0:
                checked = now
                async with engine.connect() as connection:
                    waiting = (
                        await connection.execute(
                            select(func.count())
                            .select_from(OutboxRow)
                            .where(OutboxRow.status == "pending")
                        )
                    ).scalar_one()
                if waiting == 0 and all(k in slack.arrived for k in answers):
                    finished = True
                    break
            await asyncio.sleep(0.05)
        await asyncio.sleep(2)  # anything still in flight lands (and would count twice)
    finally:
        for process, _ in processes:
            process.send_signal(signal.SIGTERM)
        for process, _ in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        await runner.cleanup()
    async with engine.connect() as connection:
        statuses = dict(
            (
                await connection.execute(
                    select(OutboxRow.status, func.count()).group_by(OutboxRow.status)
                )
            ).all()
        )
        rates = (await connection.execute(select(DeliveryRateRow.per_minute))).scalars().all()
    await engine.dispose()
    nudges = {k: c for k, c in slack.received.items() if k.startswith("job:nudge:")}
    wave_end = max((slack.arrived[k] for k in nudges), default=wave_at)
    floor = (members - burst) / (per_minute / 60.0)
    latencies = [slack.arrived[k] - at for k, at in answers.items() if k in slack.arrived]
    posts = slack.channel_posts
    return {
        "finished": finished,
        "dms_exactly_once": sum(1 for c in nudges.values() if c == 1),
        "dms_duplicated": sum(c - 1 for c in nudges.values()),
        "dms_missing": members - len(nudges),
        "wave_s": wave_end - wave_at,
        "floor_s": floor,
        "ratio": (wave_end - wave_at) / floor,
        "answers": len(answers),
        "answers_lost": len(answers) - len(latencies),
        "answer_p50_s": _percentile(latencies, 0.5) if latencies else float("nan"),
        "answer_p99_s": _percentile(latencies, 0.99) if latencies else float("nan"),
        "early": slack.early,
        "early_ms_after_429": [round(d * 1000, 1) for d in slack.early_after],
        "429s": slack.limited,
        "cards": cards,
        "channel_posts": len(posts),
        "channel_drain_s": (posts[-1] - posts[0]) if posts else 0.0,
        "duplicates_all": sum(c - 1 for c in slack.received.values()),
        "kills": kills,
        "outbox": statuses,
        "learned_per_minute": round(max(rates), 1) if rates else None,
        "logs": str(folder),
    }


async def backlog(
    runs: int,
    servers: int,
    postgres: str | None,
    cards: int,
    members: int,
    per_minute: int,
    burst: int,
    kill_every: float | None = None,
) -> list[dict[str, Any]]:
    results = []
    for run in range(runs):
        async with fresh_database(postgres) as db_url:
            result = await backlog_run(
                db_url, servers, cards, members, per_minute, burst, kill_every
            )
        print(f"run {run + 1}: " + json.dumps(result, default=str), flush=True)
        results.append(result)
    return results


def backlog_table(results: list[dict[str, Any]], label: str) -> str:
    """The runs' medians (and worst values where a target is a bound), as a table."""

    def median(key: str) -> float:
        return statistics.median(float(r[key]) for r in results)

    def worst(key: str) -> float:
        return max(float(r[key]) for r in results)

    rows = [
        ("runs", f"{len(results)} ({label})", ""),
        (
            "every member exactly one DM",
            f"{min(r['dms_exactly_once'] for r in results)} of "
            f"{results[0]['dms_exactly_once'] + results[0]['dms_missing']}; "
            f"duplicated {sum(r['dms_duplicated'] for r in results)}, "
            f"missing {sum(r['dms_missing'] for r in results)}",
            "all, 0, 0",
        ),
        (
            "sends inside a Retry-After window",
            f"{sum(r['early'] for r in results)} in all runs",
            "0",
        ),
        ("wave time (median)", f"{median('wave_s'):.1f} s", ""),
        ("rate-limit floor for the wave", f"{results[0]['floor_s']:.1f} s", ""),
        ("ratio (median / worst)", f"{median('ratio'):.3f} / {worst('ratio'):.3f}", "<= 1.25"),
        (
            "private answers (per run)",
            f"{results[0]['answers']}, lost {sum(r['answers_lost'] for r in results)}",
            "",
        ),
        ("private answer p50 (median)", f"{median('answer_p50_s') * 1000:.0f} ms", "< 2 s"),
        (
            "private answer p99 (median / worst)",
            f"{median('answer_p99_s') * 1000:.0f} ms / {worst('answer_p99_s') * 1000:.0f} ms",
            "< 2 s",
        ),
        (
            "channel: cards -> posts (median)",
            f"{results[0]['cards']} -> {median('channel_posts'):.0f}",
            "",
        ),
        ("channel drain (median)", f"{median('channel_drain_s'):.1f} s", ""),
        ("429s (median)", f"{median('429s'):.0f}", ""),
        ("learned budget at the end (median)", f"{median('learned_per_minute'):.0f} /min", ""),
        ("all runs finished", str(all(r["finished"] for r in results)), "True"),
    ]
    kills = sum(r["kills"] for r in results)
    if kills:
        duplicated = sum(r["duplicates_all"] for r in results)
        rows += [
            ("servers SIGKILLed (all runs)", str(kills), ""),
            (
                "messages duplicated by the kills (all runs)",
                f"{duplicated} = {duplicated / kills:.2f} per kill",
                "<= 1 per kill",
            ),
        ]
    return _table(rows)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scenario", choices=("wave", "backlog"), default="wave")
    parser.add_argument("--messages", type=int, default=10_000, help="wave: DMs to send")
    parser.add_argument(
        "--per-minute",
        type=int,
        default=None,
        help="the fake's workspace budget (wave: 6000, backlog: 1200); Chorus is not told",
    )
    parser.add_argument("--burst", type=int, default=20)
    parser.add_argument(
        "--kill-every",
        type=float,
        default=None,
        help="SIGKILL the worker (backlog: a chorus serve, in turn) every N seconds",
    )
    parser.add_argument("--runs", type=int, default=3, help="runs (medians reported)")
    parser.add_argument("--servers", type=int, default=1, help="backlog: chorus serve processes")
    parser.add_argument(
        "--postgres", default=None, help="a PostgreSQL server URL (a fresh database per run)"
    )
    parser.add_argument("--cards", type=int, default=1000, help="backlog: ideas parked")
    parser.add_argument("--members", type=int, default=1000, help="backlog: the nudge wave")
    parser.add_argument(
        "--ceiling",
        type=int,
        default=12_000,
        help="wave: Chorus's CHORUS_SLACK_MAX_PER_MINUTE (a safety net, not the fake's budget)",
    )
    parser.add_argument(
        "--timeline", action="store_true", help="wave: accepted posts and 429s per 5 s"
    )
    parser.add_argument(
        "--profile", metavar="FILE", help="wave: run the worker under cProfile, stats to FILE"
    )
    parser.add_argument(
        "--worker", nargs=3, metavar=("DB", "API", "CEILING"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.worker:
        db_url, api, ceiling = args.worker
        asyncio.run(work(db_url, api, int(ceiling), until_empty=False))
        return
    if args.scenario == "backlog":
        if args.servers > 1 and not args.postgres:
            parser.error("--servers 2 needs --postgres (SQLite is for one process)")
        results = asyncio.run(
            backlog(
                args.runs,
                args.servers,
                args.postgres,
                args.cards,
                args.members,
                args.per_minute or 1200,
                args.burst,
                args.kill_every,
            )
        )
        store = "PostgreSQL" if args.postgres else "SQLite"
        print(backlog_table(results, f"{store}, {args.servers} x chorus serve"))
        return
    per_minute = args.per_minute or 6000
    results = asyncio.run(
        waves(
            args.runs,
            args.postgres,
            args.messages,
            per_minute,
            args.burst,
            args.kill_every,
            args.ceiling,
            show_timeline=args.timeline,
            profile=args.profile,
        )
    )
    store = "PostgreSQL" if args.postgres else "SQLite"
    print(wave_table(results, f"{store}, one worker", per_minute, args.burst))


if __name__ == "__main__":
    main()
