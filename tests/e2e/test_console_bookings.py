"""Drop-in slots and writing cafés through the real ``chorus console`` process: a coordinator
publishes, ambassadors book, a café fills up and its waitlist moves on."""

from __future__ import annotations

import re

from tests.e2e.test_console import run_chorus

SESSION = """\
/chorus slot add tomorrow 14:00
/chorus slot add tomorrow 14:30 30 Room 4.12
/chorus slot add 2pm tue
/chorus cafe add tomorrow 16:00 60 1 Writing café | Room 4.12 | Hooks that work
:user bente
/book slot 1
:user carl
/book slot 1
/book cafe 1
:user dina
/book cafe 1
:user carl
/book cancel cafe 1
:user bente
/book attach slot 1 Why we test our backups every Friday
:user ann
/chorus bookings
/chorus slot cancel 1 Sorry, I'm ill today
:user eva
/book slot 1
"""


def test_a_coordinator_publishes_and_ambassadors_book_and_queue(database_url: str) -> None:
    result = run_chorus(["console", "--user", "ann"], database_url, SESSION)

    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Slot #1 is published:" in out and "Slot #2 is published:" in out
    assert "I can't read “2pm tue” as a day and a time." in out
    assert "Writing café #1 is published: Writing café" in out
    assert "You're booked: feedback slot #1 with @ann" in out
    assert re.search(r"<http://127\.0\.0\.1:3000/calendar/[A-Za-z0-9_-]{43}\.ics>", out)
    assert "Sorry, slot #1 was just taken by someone else." in out
    assert "You have a seat at writing café #1" in out
    assert "You are number 1 on the waitlist" in out
    assert "── private note to @dina " in out
    assert "a seat at writing café #1 (Writing café) came free, and it is\nyours" in out
    assert "@bente with @ann\n│ Why we test our backups every Friday" in out
    assert "@bente had booked it and has been told." in out
    assert "── private note to @bente " in out and "│ Sorry, I'm ill today" in out
    assert "Slot #1 was cancelled." in out
    assert "Traceback" not in out + result.stderr


def test_a_book_button_is_pressed_by_its_number(database_url: str) -> None:
    run_chorus(["console", "--user", "ann"], database_url, "/chorus slot add tomorrow 14:00\n")

    result = run_chorus(["console", "--user", "bente"], database_url, "/book\n1\n")

    assert "[1] Book slot #1" in result.stdout
    assert "You're booked: feedback slot #1" in result.stdout
