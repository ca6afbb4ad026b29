"""The heavy libraries load only where they are used (issue #18): ``chorus console`` never
loads a chat platform's SDK, the web server, the chart or PDF libraries, nor Alembic when
the database is already at the newest schema; ``chorus serve`` without Teams credentials
never loads the Agents SDK, nor the chart and PDF libraries before a report is asked for.

Each case runs a real ``chorus`` process through a small wrapper that writes the names of
the modules the process loaded to a file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.e2e.test_serve import free_port

CHARTS_AND_PDF = ("altair", "vl_convert", "weasyprint", "pandas")
PLATFORMS = ("slack_bolt", "slack_sdk", "microsoft_agents")

# Runs ``chorus ARGS...`` in this process; MODULES_FILE gets the loaded modules at the end
# (console) or once /healthz answers 200 (serve, which never ends by itself).
WRAPPER = """
import json, os, sys, threading, time, urllib.request

from adapters.cli import main

out = os.environ["MODULES_FILE"]


def dump() -> None:
    with open(out, "w") as sink:
        json.dump(sorted(sys.modules), sink)


def watch(url: str) -> None:
    for _ in range(300):
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    dump()
                    os._exit(0)
        except OSError:
            time.sleep(0.1)
    os._exit(3)


args = sys.argv[1:]
if args[0] == "serve":
    port = args[args.index("--port") + 1]
    threading.Thread(target=watch, args=(f"http://127.0.0.1:{port}/healthz",), daemon=True).start()
code = main(args)
dump()
sys.exit(code)
"""


def _loaded(
    args: list[str], database_url: str, tmp_path: Path, stdin: str = "", **env: str
) -> tuple[set[str], str]:
    """The top-level packages ``chorus ARGS`` loaded, and what it printed."""
    out = tmp_path / "modules.json"
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "TEAMS_", "CHORUS_"))
    }
    environment.update(DATABASE_URL=database_url, MODULES_FILE=str(out), **env)
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env=environment,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return {name.split(".")[0] for name in json.loads(out.read_text())}, done.stdout


def test_the_console_loads_no_platform_sdk_web_server_charts_or_alembic(
    database_url: str, tmp_path: Path
) -> None:
    modules, printed = _loaded(
        ["console", "--user", "ann"], database_url, tmp_path, stdin="/idea Lean and quick\n"
    )
    assert "Idea #1 is parked" in printed
    assert "sqlalchemy" in modules  # the wrapper sees what the process loaded
    loaded = modules & {*PLATFORMS, *CHARTS_AND_PDF, "aiohttp", "alembic", "jinja2"}
    assert not loaded


def test_the_console_still_migrates_a_fresh_database(tmp_path: Path) -> None:
    fresh = f"sqlite+aiosqlite:///{tmp_path / 'fresh.db'}"
    modules, printed = _loaded(
        ["console", "--user", "ann"], fresh, tmp_path, stdin="/idea On a fresh database\n"
    )
    assert "Idea #1 is parked" in printed
    assert "alembic" in modules


def test_serve_without_teams_credentials_loads_no_agents_sdk_charts_or_pdf(
    database_url: str, tmp_path: Path
) -> None:
    port = free_port()
    modules, _ = _loaded(
        ["serve", "--port", str(port)],
        database_url,
        tmp_path,
        SLACK_BOT_TOKEN="xoxb-lean",
        SLACK_SIGNING_SECRET="lean-secret",
        SLACK_API_URL="http://127.0.0.1:9/api/",
    )
    assert {"aiohttp", "slack_bolt"} <= modules  # it serves Slack
    assert not modules & {"microsoft_agents", "alembic", *CHARTS_AND_PDF}
