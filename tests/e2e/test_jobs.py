"""``chorus jobs list`` and ``chorus jobs run`` as the Contract pins them."""

from __future__ import annotations

import json
from datetime import datetime

from tests.e2e.test_console import run_chorus

JOBS = [
    "weekly-prompt",
    "cafe-reminder",
    "roundup",
    "digest",
    "nudge",
    "award-reminder",
    "status-note",
    "survey-reminder",
    "housekeeping",
    "onboarding",
    "mentor-checkin",
]


def test_jobs_list_prints_each_job_with_its_next_fire(database_url: str) -> None:
    result = run_chorus(["jobs", "list"], database_url)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split("\t")[0] for line in lines] == JOBS
    for line in lines:
        _, when = line.split("\t")
        assert datetime.fromisoformat(when).tzinfo is not None, line

    listed = json.loads(run_chorus(["jobs", "list", "--json"], database_url).stdout)
    assert [job["name"] for job in listed] == JOBS
    assert listed[0]["cron"] == "0 9 * * mon"


def test_a_fire_runs_once_and_a_second_run_says_it_already_ran(database_url: str) -> None:
    first = run_chorus(
        ["jobs", "run", "weekly-prompt", "--at", "2026-11-30T09:00:00+01:00"], database_url
    )
    assert first.returncode == 0, first.stderr
    assert "WRITING PROMPT OF THE WEEK" in first.stdout
    assert "ran in the console workspace console (#ambassadors): 1 message queued." in first.stdout

    second = run_chorus(
        ["jobs", "run", "weekly-prompt", "--at", "2026-11-30T08:00:00Z"], database_url
    )
    assert second.returncode == 0, second.stderr
    assert "already ran" in second.stdout
    assert "WRITING PROMPT" not in second.stdout


def test_bad_job_names_and_times_are_refused_with_the_right_form(database_url: str) -> None:
    unknown = run_chorus(["jobs", "run", "coffee"], database_url)
    assert unknown.returncode == 2
    assert "weekly-prompt, cafe-reminder" in unknown.stderr

    bad_time = run_chorus(["jobs", "run", "digest", "--at", "next friday"], database_url)
    assert bad_time.returncode == 2
    assert "ISO 8601" in bad_time.stderr
