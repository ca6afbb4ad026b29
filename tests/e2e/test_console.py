"""The ``chorus`` process itself, driven through a pipe as a new user would."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

CHORUS = shutil.which("chorus") or str(Path(sys.executable).parent / "chorus")


def run_chorus(
    args: list[str], database_url: str, stdin: str = "", cwd: Path | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "TEAMS_", "CHORUS_"))
    }
    environment.update(DATABASE_URL=database_url, **env)
    return subprocess.run(
        [CHORUS, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        env=environment,
        cwd=cwd,
        check=False,
    )


SESSION = """\
/idea Why we test our backups every Friday #engineering
/idea list
:user bente
/idea vote 1
/idea claim 1
:user carl
/idea claim 1
/idea
/idea vote 99
/chorus theme add fintech
/frobnicate
"""


def test_a_piped_console_session_walks_the_idea_bank(database_url: str) -> None:
    result = run_chorus(["console", "--user", "ann"], database_url, SESSION)

    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Idea #1 is parked in the idea bank" in out
    assert "── #ambassadors " in out
    assert "Ideas 1–1 of 1:" in out
    assert "Your vote for idea #1 is counted. It has 1 vote now." in out
    assert "── #ambassadors (updated) " in out
    assert "Idea #1 is yours to write." in out
    assert "── private note to @ann " in out and "@bente claimed your idea #1" in out
    assert "Idea #1 is already claimed by @bente." in out
    assert "Write the idea after the command, for example:" in out
    assert "There is no idea #99." in out
    assert "Only coordinators can do that." in out
    assert "I don't know the command /frobnicate." in out
    assert "Traceback" not in out + result.stderr
    assert "\033[" not in out  # no colour codes when piped


def test_buttons_are_pressed_by_their_number(database_url: str) -> None:
    first = run_chorus(
        ["console", "--user", "ann"], database_url, "/idea Mentoring new colleagues #culture\n"
    )
    assert "[2] Vote (0)" in first.stdout

    second = run_chorus(["console", "--user", "bente"], database_url, "/idea show 1\n1\n")
    assert "[1] Vote (0)" in second.stdout
    assert "Your vote for idea #1 is counted" in second.stdout


def test_the_idea_form_reads_its_fields_from_the_following_lines(database_url: str) -> None:
    session = "/idea form\nWhat our interns taught us\nabout curiosity\n\n#culture\n/idea list\n"
    result = run_chorus(["console", "--user", "ann"], database_url, session)
    assert "Idea #1 is parked" in result.stdout
    assert "What our interns taught us\n│ about curiosity" in result.stdout


def test_the_first_console_speaker_runs_the_programme(database_url: str) -> None:
    result = run_chorus(
        ["console", "--user", "ann"],
        database_url,
        "/chorus theme add fintech\n:user bente\n/chorus theme add devops\n",
    )
    assert "Added the theme #fintech" in result.stdout
    assert "Only coordinators can do that." in result.stdout


def test_stats_draw_the_funnel_chart_as_text_bars(database_url: str) -> None:
    result = run_chorus(
        ["console", "--user", "ann"],
        database_url,
        "/idea Backups every Friday\n/idea Mentoring newcomers\n/idea claim 1\n/chorus stats\n",
    )
    lines = result.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("Ideas → drafts → posts: "))
    assert lines[start + 1 : start + 5] == [
        "  Ideas     " + "█" * 40 + " 2",
        "  Claimed   " + "█" * 20 + " 1",
        "  Drafted    0",
        "  Published  0",
    ]


def test_the_language_is_the_members_choice(database_url: str) -> None:
    result = run_chorus(
        ["console", "--user", "ann"],
        database_url,
        "/chorus language da\n/idea vote 7\n/chorus language nl\n/idea vote 7\n",
    )
    assert "Der er ingen idé #7." in result.stdout
    assert "Er is geen idee #7." in result.stdout


def test_bad_settings_stop_the_start_with_the_key_named(database_url: str, tmp_path: Path) -> None:
    config = tmp_path / "bad.toml"
    config.write_text('[programme]\ncolour = "blue"\n', encoding="utf-8")
    result = run_chorus(["console"], database_url, "", CHORUS_CONFIG=str(config))
    assert result.returncode == 2
    assert "programme.colour: unknown setting" in result.stderr


def test_migrate_creates_the_schema_and_is_idempotent(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'fresh.db'}"
    for _ in range(2):
        result = run_chorus(["migrate"], url)
        assert result.returncode == 0, result.stderr
        assert "Database is up to date." in result.stdout


def test_debug_logging_never_shows_what_members_write(database_url: str) -> None:
    draft = "Our Q3 reorganisation plan nobody may see yet"

    result = run_chorus(
        ["console", "--user", "ann"], database_url, f"/draft {draft}\n", CHORUS_LOG_LEVEL="DEBUG"
    )

    assert result.returncode == 0, result.stderr
    assert "DEBUG" in result.stderr  # Chorus's own debug lines are there
    assert "reorganisation" not in result.stderr  # no SQL parameters, no statements
    assert "INSERT INTO" not in result.stderr


def test_an_unknown_log_level_is_refused_in_one_line(database_url: str) -> None:
    result = run_chorus(["migrate"], database_url, CHORUS_LOG_LEVEL="CHATTY")

    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "chorus: CHORUS_LOG_LEVEL: use DEBUG, INFO, WARNING, ERROR or CRITICAL, not 'CHATTY'"
    ]
