"""Ctrl-C in the real ``chorus console`` process cancels the form, not the console."""

from __future__ import annotations

import os
import selectors
import signal
import subprocess
import time

from tests.e2e.test_console import CHORUS


def _read_until(process: subprocess.Popen[str], marker: str, timeout: float = 30) -> str:
    assert process.stdout is not None
    seen = ""
    selector = selectors.DefaultSelector()
    selector.register(process.stdout, selectors.EVENT_READ)
    deadline = time.monotonic() + timeout
    while marker not in seen:
        assert time.monotonic() < deadline, seen
        if selector.select(timeout=1):
            line = process.stdout.readline()
            assert line, seen
            seen += line
    return seen


def test_ctrl_c_cancels_the_form_and_the_console_goes_on(database_url: str) -> None:
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "TEAMS_", "CHORUS_"))
    }
    environment["DATABASE_URL"] = database_url
    process = subprocess.Popen(
        [CHORUS, "console", "--user", "ann"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
    )
    assert process.stdin is not None
    try:
        process.stdin.write("/draft\nHalf a thought\n")
        process.stdin.flush()
        _read_until(process, "… Half a thought")
        process.send_signal(signal.SIGINT)
        _read_until(process, "(form cancelled, nothing saved)")
        process.stdin.write("/draft list\n:quit\n")
        process.stdin.flush()
        out, err = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, err
    assert "No drafts yet" in out
    assert "Traceback" not in out + err
