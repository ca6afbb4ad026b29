"""The ``chorus`` command."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import logging
import os
import sys
from collections.abc import Sequence

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
    sub.add_parser("migrate", help="upgrade the database to the newest schema")
    return parser


async def _console(settings: Settings, user: str) -> int:
    from adapters.console.chat import stdin_chat
    from adapters.runtime import build

    runtime = await build(settings)
    try:
        return await stdin_chat(runtime.core, user).run()
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

    from adapters.http import make_app
    from adapters.runtime import build

    runtime = await build(settings)
    runner = web.AppRunner(make_app(runtime), access_log=None)
    await runner.setup()
    try:
        site = web.TCPSite(runner, host, port)
        await site.start()
        logging.getLogger("chorus").info("Chorus listening on http://%s:%d", host, port)
        await asyncio.Event().wait()
    finally:
        await runner.cleanup()
        await runtime.close()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``chorus``; returns the process exit code."""
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=os.environ.get(
            "CHORUS_LOG_LEVEL", "WARNING" if args.command == "console" else "INFO"
        ),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
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
        if args.command == "serve":
            return asyncio.run(
                _serve(settings, args.host or settings.host, args.port or settings.port)
            )
    except KeyboardInterrupt:
        return 130
    return 2


if __name__ == "__main__":
    sys.exit(main())
