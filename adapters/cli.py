"""The ``chorus`` command."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import os
import sys
from collections.abc import Sequence

from adapters.logs import configure_logging
from adapters.settings import Settings, SettingsError, load_settings


def _default_user() -> str:
    try:
        return getpass.getuser() or "me"
    except (KeyError, OSError):
        return "me"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="chorus", description="Chorus: the rhythm of an ambassador programme."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    console = sub.add_parser("console", help="chat with Chorus in this terminal (reads stdin)")
    console.add_argument("--user", default=None, help="who is speaking (default: your login name)")
    serve = sub.add_parser("serve", help="run the HTTP server")
    serve.add_argument("--host", default=None, help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=None, help="port (default $PORT or 3000)")
    sub.add_parser("socket", help="connect to Slack over Socket Mode (needs SLACK_APP_TOKEN)")
    sub.add_parser("migrate", help="upgrade the database to the newest schema")
    jobs = sub.add_parser("jobs", help="list the scheduled jobs, or run one now")
    jobs_sub = jobs.add_subparsers(dest="jobs_command", required=True, metavar="ACTION")
    listing = jobs_sub.add_parser("list", help="one job a line: NAME<TAB>NEXT_FIRE")
    listing.add_argument("--json", action="store_true", help="a JSON list instead")
    run = jobs_sub.add_parser("run", help="fire a job now, exactly once per fire time")
    run.add_argument(
        "name",
        help="the job's name, for example weekly-prompt (chorus jobs list shows them all)",
    )
    run.add_argument("--at", default=None, help="the fire time (ISO 8601); default: now")
    keys = sub.add_parser("keys", help="manage the key of the Slack tokens at rest")
    keys_sub = keys.add_subparsers(dest="keys_command", required=True, metavar="ACTION")
    keys_sub.add_parser(
        "rotate",
        help="re-encrypt every stored token with the first key of CHORUS_TOKEN_KEY",
    )
    report = sub.add_parser("report", help="the quarterly evaluation report, as a file")
    report.add_argument("--quarter", required=True, help="the quarter, like 2026-Q4")
    report.add_argument("--format", choices=("html", "pdf", "csv"), default="pdf")
    report.add_argument(
        "-o", "--output", help="where to write it (default chorus-report-QUARTER.pdf)"
    )
    report.add_argument("--workspace", help="the Slack team or Teams tenant id, with several")
    member = sub.add_parser("member", help="export or erase one member's data")
    member_sub = member.add_subparsers(dest="member_command", required=True, metavar="ACTION")
    export = member_sub.add_parser("export", help="one member's data as a ZIP")
    export.add_argument("who", metavar="PLATFORM:USER_ID", help="for example slack:U0123ABCD")
    export.add_argument("-o", "--output", required=True, metavar="FILE.zip")
    export.add_argument("--workspace", default=None, help="the workspace id, if several")
    erase = member_sub.add_parser("erase", help="erase one member's data")
    erase.add_argument("who", metavar="PLATFORM:USER_ID", help="for example teams:29:1abc")
    erase.add_argument("--workspace", default=None, help="the workspace id, if several")
    return parser


async def _console(settings: Settings, user: str) -> int:
    from adapters.console.chat import stdin_chat
    from adapters.runtime import build

    runtime = await build(settings)
    try:
        return await stdin_chat(runtime, user).run()
    finally:
        await runtime.close()


async def _migrate(settings: Settings) -> int:
    from storage.database import create_engine
    from storage.migrate import upgrade

    engine = create_engine(settings.database_url)
    try:
        await upgrade(engine)
    finally:
        await engine.dispose()
    print("Database is up to date.")
    return 0


async def _serve(settings: Settings, host: str, port: int) -> int:
    from aiohttp import web

    from adapters.background import Background
    from adapters.http import make_app
    from adapters.runtime import build, settle_heap

    settings = settings.bound_to(host, port)  # links point where it listens
    runtime = await build(settings)
    runner = web.AppRunner(make_app(runtime), access_log=None)
    await runner.setup()
    background = Background(runtime)
    try:
        site = web.TCPSite(runner, host, port)
        await site.start()
        await background.start()
        settle_heap()
        log = logging.getLogger("chorus")
        log.info("Chorus listening on http://%s:%d", host, port)
        if not settings.public_url_set and host in ("0.0.0.0", "::", ""):
            log.warning(
                "CHORUS_PUBLIC_URL is not set: the links Chorus hands out (calendar feeds) "
                "point to %s, which only works on this machine",
                settings.programme.public_url,
            )
        await asyncio.Event().wait()
    finally:
        await background.stop()
        await runner.cleanup()
        await runtime.close()
    return 0


async def _jobs(settings: Settings, args: argparse.Namespace) -> int:
    from adapters.jobs_cli import jobs_list, jobs_run
    from adapters.runtime import build

    runtime = await build(settings)
    try:
        if args.jobs_command == "list":
            return await jobs_list(runtime, as_json=args.json)
        return await jobs_run(runtime, args.name, args.at)
    finally:
        await runtime.close()


async def _member(settings: Settings, args: argparse.Namespace) -> int:
    from adapters.privacy_cli import member_erase, member_export
    from adapters.runtime import build

    runtime = await build(settings)
    try:
        if args.member_command == "export":
            return await member_export(runtime, args.who, args.output, args.workspace)
        return await member_erase(runtime, args.who, args.workspace)
    finally:
        await runtime.close()


async def _report(settings: Settings, args: argparse.Namespace) -> int:
    from adapters.report_cli import report
    from adapters.runtime import build

    runtime = await build(settings)
    try:
        return await report(runtime, args.quarter, args.format, args.output, args.workspace)
    finally:
        await runtime.close()


def _socket_refusal(settings: Settings) -> str | None:
    """Why ``chorus socket`` cannot start, in one line; None if it can."""
    if not settings.slack.app_token:
        return "SLACK_APP_TOKEN is not set: Socket Mode needs the app-level token (xapp-…) from the Slack app's Basic Information page"
    if not settings.slack.bot_token:
        return "SLACK_BOT_TOKEN is not set: Socket Mode needs the bot token (xoxb-…) from the Slack app's OAuth & Permissions page"
    return None


async def _socket(settings: Settings) -> int:
    from adapters.background import Background
    from adapters.runtime import build
    from adapters.slack.socket import run_socket_mode

    runtime = await build(settings)
    background = Background(runtime)  # the outbox worker delivers channel posts and notes
    try:
        await background.start()
        await run_socket_mode(runtime)
    finally:
        await background.stop()
        await runtime.close()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``chorus``; returns the process exit code."""
    args = _parser().parse_args(argv)
    default_level = "INFO" if args.command in ("serve", "socket") else "WARNING"
    try:
        configure_logging(os.environ.get("CHORUS_LOG_LEVEL") or default_level)
    except ValueError as error:
        print(f"chorus: CHORUS_LOG_LEVEL: {error}", file=sys.stderr)
        return 2
    try:
        settings = load_settings()
    except SettingsError as error:
        print(f"chorus: {error}", file=sys.stderr)
        return 2
    try:
        if args.command == "console":
            return asyncio.run(_console(settings, args.user or _default_user()))
        if args.command == "migrate":
            return asyncio.run(_migrate(settings))
        if args.command == "jobs":
            return asyncio.run(_jobs(settings, args))
        if args.command == "keys":
            from adapters.keys_cli import rotate_keys

            return asyncio.run(rotate_keys(settings))
        if args.command == "member":
            return asyncio.run(_member(settings, args))
        if args.command == "report":
            return asyncio.run(_report(settings, args))
        if args.command == "socket":
            refusal = _socket_refusal(settings)
            if refusal:
                print(f"chorus socket: {refusal}", file=sys.stderr)
                return 2
            return asyncio.run(_socket(settings))
        if args.command == "serve":
            from adapters.teams.guard import serve_refusal

            host = args.host or settings.host
            refusal = serve_refusal(settings, host)
            if refusal:  # before any port is bound or the database is touched
                print(f"chorus serve: {refusal}", file=sys.stderr)
                return 2
            return asyncio.run(_serve(settings, host, args.port or settings.port))
    except KeyboardInterrupt:
        return 130
    return 2


if __name__ == "__main__":
    sys.exit(main())
