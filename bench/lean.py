"""How lean is one command? ``python bench/lean.py`` (issue #18)

Black-box and closed loop, all on 127.0.0.1. In one run, for each target in turn:
  * a bare slack-bolt AsyncApp whose /idea listener only acknowledges (the floor);
  * ``chorus serve`` from this tree (and, with ``--baseline DIR``, from another checkout:
    before/after in the same run) on a fresh SQLite database, and with ``--postgres URL``
    on a fresh PostgreSQL database too;
each answering a fake Slack Web API (its own process) that records every channel post and
every answer sent to a ``response_url``.

Per target: idle RSS of the server once it is healthy; signed ``/idea`` slash commands with
1, 50 and 200 in flight (each worker sends its next request when the previous one is
acknowledged) — p50/p99 acknowledgement latency, throughput, and the server process's CPU
(user + system, all its threads, from /proc) per request, from the first request until
every member has their answer; then 50 members book the same drop-in slot at once
(``/book slot 1``): p99 until each has an answer (in the ack, or through the
response_url), and how many bookings the database holds (exactly one must win). Last,
``chorus console`` with one piped ``/idea``: start to first answer, wall time.

Each figure is the median over ``--runs`` runs (fresh processes and databases each run);
ratios are against the bare bolt app measured in the same run. Every request, process
and wait is bounded, and everything stops by itself.

    python bench/lean.py --runs 3
    python bench/lean.py --baseline /tmp/chorus-main \
        --postgres postgresql+asyncpg://postgres@127.0.0.1/postgres
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

import aiohttp
from aiohttp import web

sys.path.insert(0, str(Path(__file__).resolve().parent))

from slack_ack import CHANNEL, SECRET, TEAM, TOKEN, free_port, signed, start, stop, wait_healthy

SCRIPT = Path(__file__).resolve()
ROOT = SCRIPT.parent.parent
ADMIN = "U0LEANADMN"
LEVELS = (1, 50, 200)
BOOKERS = 50
WARMUP = 100
RUN_TIMEOUT = 300.0
CLOCK_TICK = os.sysconf("SC_CLK_TCK")


# -- the fake Slack Web API (its own process) -----------------------------------------------


def run_fake_api(port: int) -> None:
    """Enough Web API for Chorus, plus a record of posts and response_url answers."""
    counter = iter(range(1, 10**9))
    posts = {"count": 0}
    answers: dict[str, float] = {}  # response_url id -> monotonic time it arrived

    async def api(request: web.Request) -> web.Response:
        method = request.match_info["method"]
        form = await request.post() if request.content_type.endswith("urlencoded") else {}
        body: dict[str, object] = {"ok": True}
        if method == "auth.test":
            body |= {"user_id": "U0BENCHBOT", "bot_id": "B0BENCHBOT", "team_id": TEAM}
        elif method == "chat.postMessage":
            posts["count"] += 1
            ts = f"1700000000.{next(counter):06d}"
            body |= {"channel": CHANNEL, "ts": ts, "message": {"ts": ts}}
        elif method == "users.info":
            user = str(form.get("user") or request.query.get("user") or "U0")
            name = f"Bench {user[-4:]}"
            body |= {
                "user": {
                    "id": user,
                    "name": name,
                    "real_name": name,
                    "profile": {"display_name": name, "real_name": name},
                }
            }
        return web.json_response(body)

    async def response_url(request: web.Request) -> web.Response:
        await request.read()
        answers.setdefault(request.match_info["rid"], time.monotonic())
        return web.Response(text="ok")

    async def stats(request: web.Request) -> web.Response:
        prefix = request.query.get("prefix", "")
        return web.json_response(
            {
                "posts": posts["count"],
                "answers": len(answers),
                "times": {k: v for k, v in answers.items() if prefix and k.startswith(prefix)},
            }
        )

    app = web.Application()
    app.router.add_route("*", "/api/{method}", api)
    app.router.add_post("/response/{rid}", response_url)
    app.router.add_get("/stats", stats)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


# -- one process, measured from /proc --------------------------------------------------------


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process, all its threads."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICK


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


# -- load --------------------------------------------------------------------------------------


@dataclass
class Level:
    """One closed-loop load at one concurrency."""

    concurrency: int
    latencies: list[float]
    seconds: float
    cpu_ms_per_request: float

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))] * 1000

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds


@dataclass
class Booking:
    """50 members booking one slot at once."""

    ack_ms: list[float]
    answer_ms: list[float]
    winners: int


@dataclass
class RunResult:
    """Everything one target measured in one run."""

    idle_rss_mb: float
    levels: dict[int, Level] = field(default_factory=dict)
    booking: Booking | None = None


class Client:
    """Signed slash commands to one server; answers read back from the fake API."""

    def __init__(self, http: aiohttp.ClientSession, base: str, api: str) -> None:
        self.http = http
        self.url = f"{base}/slack/events"
        self.api = api

    async def command(self, command: str, text: str, user: str, rid: str) -> tuple[float, bool]:
        """Send one command; (seconds until acknowledged, whether the ack held an answer)."""
        body = urlencode(
            {
                "command": command,
                "text": text,
                "team_id": TEAM,
                "user_id": user,
                "user_name": user.lower(),
                "channel_id": CHANNEL,
                "response_url": f"{self.api}/response/{rid}",
                "trigger_id": f"t-{rid}",
            }
        )
        started = time.perf_counter()
        async with self.http.post(self.url, data=body.encode(), headers=signed(body)) as reply:
            content = await reply.read()
            if reply.status != 200:
                raise SystemExit(f"{command} {text!r}: HTTP {reply.status} {content[:200]!r}")
        return time.perf_counter() - started, bool(content)

    async def stats(self, prefix: str = "") -> dict[str, object]:
        async with self.http.get(f"{self.api}/stats", params={"prefix": prefix}) as reply:
            result: dict[str, object] = await reply.json()
            return result

    async def answered(self) -> int:
        return int(str((await self.stats())["answers"]))


async def until(condition: Callable[[], object], what: str) -> None:
    deadline = time.monotonic() + RUN_TIMEOUT
    while not await condition():  # type: ignore[misc]
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


async def closed_loop(
    client: Client, pid: int, concurrency: int, total: int, tag: str, *, answers: bool
) -> Level:
    """``total`` /idea commands from ``concurrency`` workers; for Chorus, until every
    member has their answer."""
    latencies: list[float] = []
    in_ack = 0
    numbers = iter(range(total))
    before = await client.answered()
    cpu_before = cpu_seconds(pid)

    async def worker(w: int) -> None:
        nonlocal in_ack
        for n in numbers:
            seconds, answered = await client.command(
                "/idea",
                f"Lean idea {tag}-{n}: what we learned this week #engineering",
                f"U0LEAN{w:04d}",
                f"{tag}-{n}",
            )
            latencies.append(seconds)
            in_ack += answered

    began = time.perf_counter()
    await asyncio.wait_for(asyncio.gather(*(worker(w) for w in range(concurrency))), RUN_TIMEOUT)
    seconds = time.perf_counter() - began
    if answers:

        async def all_answered() -> bool:
            return in_ack + await client.answered() - before >= total

        await until(all_answered, f"the answers of {tag}")
    cpu = cpu_seconds(pid) - cpu_before
    return Level(concurrency, latencies, seconds, cpu * 1000 / total)


async def book_one_slot(client: Client, database_url: str, tag: str) -> Booking:
    """A coordinator opens slot 1; BOOKERS members (known already) book it at once."""
    day = (datetime.now(UTC) + timedelta(days=8)).strftime("%Y-%m-%d")
    _, answered = await client.command("/chorus", f"slot add {day} 10:00", ADMIN, f"{tag}-slot")
    if not answered:
        await until(
            lambda: _has_answer(client, f"{tag}-slot"), "the coordinator's answer (slot add)"
        )
    prefix = f"{tag}-book-"
    sent: dict[str, float] = {}
    acks: dict[str, tuple[float, bool]] = {}

    async def book(w: int) -> None:
        rid = f"{prefix}{w}"
        sent[rid] = time.monotonic()
        acks[rid] = await client.command("/book", "slot 1", f"U0LEAN{w:04d}", rid)

    await asyncio.wait_for(asyncio.gather(*(book(w) for w in range(BOOKERS))), RUN_TIMEOUT)
    late = [rid for rid, (_, in_ack) in acks.items() if not in_ack]

    async def all_answered() -> bool:
        times = (await client.stats(prefix))["times"]
        return isinstance(times, dict) and all(rid in times for rid in late)

    await until(all_answered, "every booking's answer")
    times = (await client.stats(prefix))["times"]
    assert isinstance(times, dict)
    answer_ms = [
        ((float(times[rid]) - sent[rid]) if rid in late else acks[rid][0]) * 1000 for rid in sent
    ]
    return Booking(
        [seconds * 1000 for seconds, _ in acks.values()],
        answer_ms,
        await active_bookings(database_url),
    )


async def _has_answer(client: Client, rid: str) -> bool:
    times = (await client.stats(rid))["times"]
    return isinstance(times, dict) and rid in times


async def active_bookings(database_url: str) -> int:
    """How many active bookings the database holds (the slots are all slot 1's)."""
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    engine = create_async_engine(database_url)
    try:
        async with engine.connect() as connection:
            result = await connection.execute(
                text("SELECT count(*) FROM bookings WHERE status = 'active'")
            )
            return int(result.scalar_one())
    finally:
        await engine.dispose()


# -- targets -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """Something that serves POST /slack/events."""

    name: str
    root: Path | None  # a Chorus checkout; None: the bare bolt app
    database: str = ""  # "sqlite", a PostgreSQL server URL, or none


@asynccontextmanager
async def database_for(target: Target, folder: str) -> AsyncIterator[str]:
    """A fresh, empty database for one server."""
    if not target.database:
        yield ""  # the bare app stores nothing
        return
    if target.database == "sqlite":
        yield f"sqlite+aiosqlite:///{folder}/{uuid.uuid4().hex}.db"
        return
    from sqlalchemy import text
    from sqlalchemy.engine import make_url
    from sqlalchemy.ext.asyncio import create_async_engine

    name = f"chorus_lean_{uuid.uuid4().hex[:12]}"
    admin = create_async_engine(target.database, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(target.database).set(database=name).render_as_string(hide_password=False)
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


def chorus_env(root: Path, database_url: str, api_url: str) -> dict[str, str]:
    env = {
        **os.environ,
        "PYTHONPATH": str(root),
        "DATABASE_URL": database_url,
        "SLACK_BOT_TOKEN": TOKEN,
        "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_API_URL": api_url,
        "CHORUS_CHANNEL": CHANNEL,
        "CHORUS_ADMINS": ADMIN,
        "CHORUS_LOG_LEVEL": "WARNING",
    }
    for key in ("SLACK_APP_TOKEN", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "CHORUS_CONFIG"):
        env.pop(key, None)
    return env


def serve(root: Path, port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """``chorus serve`` from the checkout at ``root``."""
    return subprocess.Popen(
        [sys.executable, "-m", "adapters.cli", "serve", "--port", str(port)], env=env, cwd=root
    )


async def measure_target(
    target: Target, api_port: int, folder: str, run: int, requests: dict[int, int]
) -> RunResult:
    python = sys.executable
    api = f"http://127.0.0.1:{api_port}"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    tag = f"r{run}-{uuid.uuid4().hex[:6]}"
    async with database_for(target, folder) as database_url:
        if target.root is None:
            env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
            process = start(
                [python, str(SCRIPT.parent / "slack_ack.py"), "--bare", str(port), f"{api}/api/"],
                env,
            )
        else:
            process = serve(target.root, port, chorus_env(target.root, database_url, f"{api}/api/"))
        try:
            await wait_healthy(base, process)
            await asyncio.sleep(2.0)  # settled: the scheduler and the outbox worker idle
            result = RunResult(rss_mb(process.pid))
            chorus = target.root is not None
            connector = aiohttp.TCPConnector(limit=max(LEVELS) + BOOKERS)
            async with aiohttp.ClientSession(connector=connector) as http:
                client = Client(http, base, api)
                # Warm up, and make the BOOKERS members known (their first contact).
                await closed_loop(client, process.pid, BOOKERS, WARMUP, f"{tag}-w", answers=chorus)
                if chorus:
                    result.booking = await book_one_slot(client, database_url, tag)
                for concurrency in LEVELS:
                    result.levels[concurrency] = await closed_loop(
                        client,
                        process.pid,
                        concurrency,
                        requests[concurrency],
                        f"{tag}-c{concurrency}",
                        answers=chorus,
                    )
            return result
        finally:
            stop(process)


async def console_seconds(root: Path, folder: str, tries: int, *, cached: bool) -> float:
    """``chorus console`` with one piped /idea: start until its answer is printed (an
    already migrated database). The median of ``tries``. ``cached``: Python keeps the
    compiled bytecode of Chorus's modules (``__pycache__``, as on a member's machine after
    the first start, and in the image, which compiles them when it is built); otherwise
    every start compiles them again (``PYTHONDONTWRITEBYTECODE=1`` on an editable install
    that never ran)."""
    database_url = f"sqlite+aiosqlite:///{folder}/console-{uuid.uuid4().hex}.db"
    env = chorus_env(root, database_url, "http://127.0.0.1:9/api/")
    for key in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_API_URL"):
        env.pop(key)
    if cached:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = f"{folder}/pycache-{uuid.uuid4().hex}"
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env.pop("PYTHONPYCACHEPREFIX", None)
    cli = [sys.executable, "-m", "adapters.cli"]
    migrate = await asyncio.create_subprocess_exec(
        *cli, "migrate", env=env, cwd=root, stdout=asyncio.subprocess.DEVNULL
    )
    if await migrate.wait() != 0:
        raise SystemExit(f"chorus migrate failed in {root}")
    samples = []
    for n in range(tries + cached):  # cached: the first start writes the bytecode
        began = time.perf_counter()
        process = await asyncio.create_subprocess_exec(
            *cli,
            "console",
            "--user",
            "lean",
            env=env,
            cwd=root,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(f"/idea Console idea {n}\n".encode())
        await process.stdin.drain()
        process.stdin.close()
        try:
            async with asyncio.timeout(60):
                while b"Idea #" not in (line := await process.stdout.readline()):
                    if not line:
                        raise SystemExit("chorus console ended without answering")
                if n or not cached:
                    samples.append(time.perf_counter() - began)
                await process.wait()
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
    return statistics.median(samples)


# -- the report --------------------------------------------------------------------------------


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def report(
    targets: Sequence[Target],
    results: dict[str, list[RunResult]],
    consoles: dict[str, tuple[float, float]],
    runs: int,
) -> str:
    bare = results["bare bolt"]
    out = [
        f"Medians of {runs} run(s); ratios against the bare bolt app in the same run(s).",
        "",
        "| target | concurrency | p50 ms | p99 ms | req/s | CPU ms/req | p50 × bare | p99 × bare | req/s × bare |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for target in targets:
        for c in LEVELS:
            levels = [r.levels[c] for r in results[target.name]]
            floors = [r.levels[c] for r in bare]
            p50 = median([lv.percentile(0.5) for lv in levels])
            p99 = median([lv.percentile(0.99) for lv in levels])
            tput = median([lv.throughput for lv in levels])
            cpu = median([lv.cpu_ms_per_request for lv in levels])
            bp50 = median([lv.percentile(0.5) for lv in floors])
            bp99 = median([lv.percentile(0.99) for lv in floors])
            btput = median([lv.throughput for lv in floors])
            out.append(
                f"| {target.name} | {c} | {p50:.1f} | {p99:.1f} | {tput:.0f} | {cpu:.2f} "
                f"| {p50 / bp50:.2f} | {p99 / bp99:.2f} | {tput / btput:.2f} |"
            )
    out += [
        "",
        f"| target | idle RSS MB | {BOOKERS} bookings of one slot: p99 answer ms | p99 ack ms | winners (each run) | console start → first answer s, bytecode cached / compiled each start |",
        "|---|---|---|---|---|---|",
    ]
    for target in targets:
        runs_ = results[target.name]
        rss = median([r.idle_rss_mb for r in runs_])
        if target.root is None:
            out.append(f"| {target.name} | {rss:.0f} | - | - | - | - |")
            continue
        bookings = [r.booking for r in runs_ if r.booking is not None]
        answer = median([_p99(b.answer_ms) for b in bookings])
        ack = median([_p99(b.ack_ms) for b in bookings])
        winners = ", ".join(str(b.winners) for b in bookings)
        console = consoles.get(target.name)
        shown = f"{console[0]:.2f} / {console[1]:.2f}" if console is not None else "-"
        out.append(
            f"| {target.name} | {rss:.0f} | {answer:.0f} | {ack:.0f} | {winners} | {shown} |"
        )
    out += [
        "",
        "CPU ms/req: the server process's CPU (all threads) from the first request of a level",
        "until every member had their answer, over the requests; it includes the outbox",
        "worker's work in that time (Slack paces channel posts to about one a second, so most",
        "channel cards of a burst are posted, or gathered, later).",
        "Console: cached is a start after the first (Python keeps compiled bytecode, as on a",
        "member's machine and in the image); compiled each start is with",
        "PYTHONDONTWRITEBYTECODE=1 and nothing compiled before.",
    ]
    return "\n".join(out)


def _p99(samples: Sequence[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(0.99 * len(ordered)) - 1))]


async def main(args: argparse.Namespace) -> int:
    targets = [Target("bare bolt", None)]
    databases = ["sqlite", *([args.postgres] if args.postgres else [])]
    trees = [("this tree", ROOT), *([("baseline", args.baseline)] if args.baseline else [])]
    for database in databases:
        label = "SQLite" if database == "sqlite" else "PostgreSQL"
        for name, root in reversed(trees):
            targets.append(Target(f"chorus {name}, {label}", root, database))
    requests = {1: args.requests // 4, 50: args.requests, 200: args.requests}
    results: dict[str, list[RunResult]] = {t.name: [] for t in targets}
    consoles: dict[str, tuple[float, float]] = {}
    api_port = free_port()
    fake_api = start([sys.executable, str(SCRIPT), "--fake-api", str(api_port)])
    try:
        await wait_healthy(f"http://127.0.0.1:{api_port}", fake_api, path="/stats")
        with tempfile.TemporaryDirectory() as folder:
            for run in range(args.runs):
                for target in targets:
                    print(f"run {run + 1}/{args.runs}: {target.name}", file=sys.stderr)
                    results[target.name].append(
                        await measure_target(target, api_port, folder, run, requests)
                    )
            for name, root in trees:
                consoles[f"chorus {name}, SQLite"] = (
                    await console_seconds(root, folder, 5, cached=True),
                    await console_seconds(root, folder, 5, cached=False),
                )
    finally:
        stop(fake_api)
    print(report(targets, results, consoles, args.runs))
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs to take medians of")
    parser.add_argument(
        "--requests", type=int, default=600, help="requests at 50 and 200 (a quarter at 1)"
    )
    parser.add_argument("--baseline", metavar="DIR", help="another Chorus checkout to compare")
    parser.add_argument("--postgres", metavar="URL", help="also on PostgreSQL (fresh databases)")
    parser.add_argument("--fake-api", type=int, metavar="PORT", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.baseline = Path(args.baseline).resolve() if args.baseline else None
    if args.fake_api:
        run_fake_api(args.fake_api)
    else:
        sys.exit(asyncio.run(main(args)))
