"""How fast does Chorus acknowledge Slack? ``python bench/slack_ack.py``

Starts, all on 127.0.0.1:
  * a fake Slack Web API (its own process) that answers what Chorus calls after the ack;
  * ``chorus serve`` on a fresh SQLite database, configured for Slack, with an ambassador
    channel, so every /idea is stored, answered in the ack and then posted to the channel;
  * a bare slack-bolt app whose /idea handler only acknowledges (the floor).
Then sends signed /idea slash commands to each, with 50 and with 200 in flight at once
(closed loop: each of the C workers sends its next request when the previous one is
answered), and prints p50 / p99 latency and throughput for both, and their ratio.
Every request and process is bounded in count and time, and everything stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import hmac
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlencode

import aiohttp
from aiohttp import web

SECRET = "bench-signing-secret"
TOKEN = "xoxb-bench-token"
TEAM = "T0BENCH001"
CHANNEL = "C0BENCH001"
CONCURRENCY = (50, 200)
REQUESTS = 1000  # per run
WARMUP = 50
START_TIMEOUT = 60.0
RUN_TIMEOUT = 300.0
SCRIPT = Path(__file__).resolve()
ROOT = SCRIPT.parent.parent


def start(args: list[str], env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    """A helper process (the bench's only children, all stopped at the end)."""
    return subprocess.Popen(args, env=env, cwd=ROOT)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


# -- the two helper processes ---------------------------------------------------------------


def run_fake_api(port: int) -> None:
    """A minimal Slack Web API: enough for Chorus's calls after the ack."""
    counter = iter(range(1, 10**9))

    async def api(request: web.Request) -> web.Response:
        method = request.match_info["method"]
        await request.read()
        body: dict[str, object] = {"ok": True}
        if method == "auth.test":
            body |= {"user_id": "U0BENCHBOT", "bot_id": "B0BENCHBOT", "team_id": TEAM}
        elif method == "chat.postMessage":
            ts = f"1700000000.{next(counter):06d}"
            body |= {"channel": CHANNEL, "ts": ts, "message": {"ts": ts}}
        return web.json_response(body)

    answered = {"count": 0}

    async def response_url(request: web.Request) -> web.Response:
        await request.read()
        answered["count"] += 1
        return web.Response(text="ok")

    async def stats(_: web.Request) -> web.Response:
        return web.json_response({"response_url": answered["count"]})

    app = web.Application()
    app.router.add_route("*", "/api/{method}", api)
    app.router.add_post("/response/{rid}", response_url)
    app.router.add_get("/stats", stats)
    web.run_app(app, host="127.0.0.1", port=port, print=None, access_log=None)


def run_bare_bolt(port: int, api_url: str) -> None:
    """slack-bolt with defaults and a /idea listener that only acknowledges."""
    from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
    from slack_bolt.async_app import AsyncApp
    from slack_bolt.context.ack.async_ack import AsyncAck
    from slack_sdk.web.async_client import AsyncWebClient

    async def make() -> web.Application:
        bolt = AsyncApp(client=AsyncWebClient(token=TOKEN, base_url=api_url), signing_secret=SECRET)

        async def idea(ack: AsyncAck) -> None:
            await ack()

        bolt.command("/idea")(idea)

        async def events(request: web.Request) -> web.Response:
            return await to_aiohttp_response(
                await bolt.async_dispatch(await to_bolt_request(request))
            )

        app = web.Application()
        app.router.add_post("/slack/events", events)

        async def healthz(_: web.Request) -> web.Response:
            return web.json_response({"status": "ok"})

        app.router.add_get("/healthz", healthz)
        return app

    web.run_app(make(), host="127.0.0.1", port=port, print=None, access_log=None)


# -- load -----------------------------------------------------------------------------------


def signed(body: str) -> dict[str, str]:
    stamp = str(int(time.time()))
    digest = hmac.new(SECRET.encode(), f"v0:{stamp}:{body}".encode(), hashlib.sha256).hexdigest()
    return {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Slack-Request-Timestamp": stamp,
        "X-Slack-Signature": f"v0={digest}",
    }


@dataclass(frozen=True)
class Result:
    """One measured run."""

    target: str
    concurrency: int
    latencies: list[float]
    seconds: float
    errors: int
    answered_in_ack: int
    answered_after: float | None = None  # seconds until every request had its answer

    def percentile(self, share: float) -> float:
        ordered = sorted(self.latencies)
        index = min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))
        return ordered[index] * 1000

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds


async def load(
    url: str, target: str, concurrency: int, total: int, tag: str, response_url: str
) -> Result:
    """``total`` signed /idea requests from ``concurrency`` workers."""
    latencies: list[float] = []
    errors = 0
    in_ack = 0
    sent = iter(range(total))
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as http:

        async def worker(number: int) -> None:
            nonlocal errors, in_ack
            for n in sent:
                body = urlencode(
                    {
                        "command": "/idea",
                        "text": f"Benchmark idea {tag}-{n}: what we learned this week #engineering",
                        "team_id": TEAM,
                        "user_id": f"U0BENCH{number:04d}",
                        "user_name": f"bench{number}",
                        "channel_id": CHANNEL,
                        "response_url": f"{response_url}/{n}",
                        "trigger_id": f"t-{n}",
                    }
                )
                started = time.perf_counter()
                async with http.post(url, data=body.encode(), headers=signed(body)) as reply:
                    in_ack += bool(await reply.read())
                    ok = reply.status == 200
                latencies.append(time.perf_counter() - started)
                errors += not ok

        began = time.perf_counter()
        await asyncio.wait_for(
            asyncio.gather(*(worker(i) for i in range(concurrency))), RUN_TIMEOUT
        )
        seconds = time.perf_counter() - began
    return Result(target, concurrency, latencies, seconds, errors, in_ack)


async def wait_healthy(
    base: str, process: subprocess.Popen[bytes], *, path: str = "/healthz"
) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    async with aiohttp.ClientSession() as http:
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise SystemExit(f"{process.args!r} exited with {process.returncode}")
            try:
                async with http.get(f"{base}{path}") as reply:
                    if reply.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.1)
    raise SystemExit(f"{base} did not become healthy in {START_TIMEOUT:.0f} s")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


async def answered_by_url(api: str) -> int:
    async with aiohttp.ClientSession() as http, http.get(f"{api}/stats") as reply:
        count: int = (await reply.json())["response_url"]
        return count


async def measure(name: str, base: str, tag: str, api: str, *, answers: bool) -> list[Result]:
    """Warm up, then one run per concurrency. Chorus answers late requests through the
    response_url; its runs end when every request has its answer, so runs never overlap.
    (The bare app answers nothing.)"""
    url = f"{base}/slack/events"
    results = []
    for concurrency, total in ((10, WARMUP), *((c, REQUESTS) for c in CONCURRENCY)):
        before = await answered_by_url(api)
        began = time.perf_counter()
        result = await load(
            url, name, concurrency, total, f"{tag}-{concurrency}", f"{api}/response"
        )
        deadline = time.monotonic() + RUN_TIMEOUT
        while answers and result.answered_in_ack + await answered_by_url(api) - before < total:
            if time.monotonic() > deadline:
                raise SystemExit(f"{name}: not every request was answered in {RUN_TIMEOUT:.0f} s")
            await asyncio.sleep(0.05)
        if total == REQUESTS:
            done = time.perf_counter() - began if answers else None
            results.append(replace(result, answered_after=done))
    return results


def table(results: Sequence[Result]) -> str:
    lines = [
        f"{'target':<14}{'concurrency':>12}{'requests':>10}{'errors':>8}"
        f"{'p50 ms':>10}{'p99 ms':>10}{'acks/s':>10}{'in ack':>8}{'all answered':>14}",
    ]
    for r in results:
        done = f"{r.answered_after:.1f} s" if r.answered_after is not None else "-"
        lines.append(
            f"{r.target:<14}{r.concurrency:>12}{len(r.latencies):>10}{r.errors:>8}"
            f"{r.percentile(0.50):>10.1f}{r.percentile(0.99):>10.1f}{r.throughput:>10.0f}"
            f"{r.answered_in_ack:>8}{done:>14}"
        )
    lines.append("")
    for c in CONCURRENCY:
        ours = next(r for r in results if r.target == "chorus serve" and r.concurrency == c)
        bare = next(r for r in results if r.target == "bare bolt" and r.concurrency == c)
        lines.append(
            f"concurrency {c}: chorus acks/s = {ours.throughput / bare.throughput:.0%} of bare bolt; "
            f"chorus p99 = {ours.percentile(0.99):.1f} ms (target < 150 ms at 50)"
        )
    lines.append(
        "'in ack': requests answered in the acknowledgement itself; the rest were acknowledged "
        "empty\nand answered through the response_url. 'all answered': from the first request "
        "until every idea\nwas stored and its member had the answer (the real work rate)."
    )
    return "\n".join(lines)


async def main() -> int:
    python = sys.executable
    script = str(SCRIPT)
    api_port, chorus_port, bare_port = free_port(), free_port(), free_port()
    api_url = f"http://127.0.0.1:{api_port}/api/"
    processes: list[subprocess.Popen[bytes]] = []
    with tempfile.TemporaryDirectory() as folder:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite+aiosqlite:///{folder}/chorus.db",
            "SLACK_BOT_TOKEN": TOKEN,
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": api_url,
            "CHORUS_CHANNEL": CHANNEL,
            "CHORUS_LOG_LEVEL": "WARNING",
        }
        for key in ("SLACK_APP_TOKEN", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "CHORUS_CONFIG"):
            env.pop(key, None)
        try:
            processes.append(start([python, script, "--fake-api", str(api_port)]))
            api = f"http://127.0.0.1:{api_port}"
            chorus = start([python, "-m", "adapters.cli", "serve", "--port", str(chorus_port)], env)
            processes.append(chorus)
            await wait_healthy(f"http://127.0.0.1:{chorus_port}", chorus)
            await wait_healthy(api, processes[0], path="/stats")
            results = await measure(
                "chorus serve", f"http://127.0.0.1:{chorus_port}", "c", api, answers=True
            )
            stop(chorus)
            bare_env = {k: v for k, v in env.items() if not k.startswith("SLACK_")}
            bare = start([python, script, "--bare", str(bare_port), api_url], bare_env)
            processes.append(bare)
            await wait_healthy(f"http://127.0.0.1:{bare_port}", bare)
            results += await measure(
                "bare bolt", f"http://127.0.0.1:{bare_port}", "b", api, answers=False
            )
        finally:
            for process in reversed(processes):
                stop(process)
    print(table(results))
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fake-api", type=int, metavar="PORT")
    parser.add_argument("--bare", nargs=2, metavar=("PORT", "API_URL"))
    args = parser.parse_args()
    if args.fake_api:
        run_fake_api(args.fake_api)
    elif args.bare:
        run_bare_bolt(int(args.bare[0]), args.bare[1])
    else:
        sys.exit(asyncio.run(main()))
