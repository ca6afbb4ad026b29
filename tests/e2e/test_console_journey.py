"""A member's whole journey in the console and through ``chorus jobs run``: joining a full
programme, the offer of a freed seat, onboarding over simulated days, the mentor check-in
and the first post."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.e2e.test_console import run_chorus

COPENHAGEN = ZoneInfo("Europe/Copenhagen")

FULL = """\
/chorus help
:user mads
/chorus help
:user cora
/chorus mentor add @mads 1
:user ann
/chorus join
:user bob
/chorus join
:user ann
/chorus leave
:user bob
/chorus join accept
"""


def _morning(days: int) -> str:
    """10:00 in Copenhagen, ``days`` days from today."""
    day = datetime.now(UTC).astimezone(COPENHAGEN).date() + timedelta(days=days)
    return datetime.combine(day, time(10, 0), COPENHAGEN).isoformat()


def test_join_when_full_offer_accept_onboarding_checkin_and_first_post(
    database_url: str, tmp_path: Path
) -> None:
    config = tmp_path / "programme.toml"
    config.write_text("[programme]\ncapacity = 1\n", encoding="utf-8")

    session = run_chorus(
        ["console", "--user", "cora"], database_url, FULL, CHORUS_CONFIG=str(config)
    )
    assert session.returncode == 0, session.stderr
    out = session.stdout
    assert "waiting list: number 1" in out
    assert "── private note to @bob " in out and "a seat in the ambassador programme is free" in out
    assert "Welcome to the ambassador programme!" in out
    assert "Meet your mentor, @mads" in out

    def job(name: str, days: int) -> str:
        result = run_chorus(
            ["jobs", "run", name, "--at", _morning(days)], database_url, CHORUS_CONFIG=str(config)
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    assert "park your first idea" in job("onboarding", 3)
    assert "book a drop-in slot" in job("onboarding", 8).casefold()
    assert "Did you meet?" in job("mentor-checkin", 15)
    assert "Two weeks in" in job("onboarding", 15)

    posted = run_chorus(
        ["console", "--user", "bob"],
        database_url,
        "/posted https://www.linkedin.com/posts/bob-first-post\n",
        CHORUS_CONFIG=str(config),
    )
    assert posted.returncode == 0, posted.stderr
    assert "published their first post as an ambassador" in job("onboarding", 16)
    assert "published their first post" not in job("onboarding", 17)
