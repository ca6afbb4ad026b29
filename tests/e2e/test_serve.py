"""``chorus serve`` migrates, then answers health and metrics."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.test_console import CHORUS


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def get(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return (
                response.status,
                response.headers.get("Content-Type", ""),
                response.read().decode(),
            )
    except urllib.error.HTTPError as error:
        return error.code, "", error.read().decode()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "TEAMS_", "CHORUS_"))}
    env["DATABASE_URL"] = f"sqlite+aiosqlite:///{tmp_path / 'serve.db'}"
    log = tmp_path / "serve.log"
    base = f"http://127.0.0.1:{port}"
    with (
        log.open("w") as sink,
        subprocess.Popen(
            [CHORUS, "serve", "--port", str(port)], env=env, stdout=sink, stderr=subprocess.STDOUT
        ) as process,
    ):
        yield from _until_healthy(process, base, log)


def _until_healthy(process: subprocess.Popen[bytes], base: str, log: Path) -> Iterator[str]:
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if get(f"{base}/healthz")[0] == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise AssertionError(f"chorus serve did not become healthy:\n{log.read_text()}")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_healthz_answers_ok_once_migrated(server: str) -> None:
    status, content_type, body = get(f"{server}/healthz")
    assert status == 200
    assert content_type.startswith("application/json")
    assert json.loads(body)["status"] == "ok"


def test_metrics_are_prometheus_text(server: str) -> None:
    status, content_type, body = get(f"{server}/metrics")
    assert status == 200
    assert content_type.startswith("text/plain; version=0.0.4")
    assert "chorus_up 1.0" in body
