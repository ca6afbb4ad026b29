"""The booking part of the one grammar: ``/book`` and the coordinators' ``/chorus slot``,
``/chorus cafe``, ``/chorus bookings`` and ``/chorus calendar``."""

from __future__ import annotations

import pytest

from bot.bookings.commands import (
    AddCafe,
    AddSlot,
    AddSlotSeries,
    AttachDraft,
    BookCafeSeat,
    BookSlot,
    CancelBooking,
    CancelCafe,
    CancelSeries,
    CancelSlot,
    ListBookables,
    ListMyBookings,
    ListSlots,
    OpenCafeForm,
    OpenDraftForm,
    ResetCalendarFeed,
    ShowBookings,
    ShowCalendarFeed,
)
from bot.bookings.ports import BookableKind
from bot.commands import Command
from bot.errors import UsageError
from bot.registry import parse, parse_form
from bot.time.timeparse import IsoDate, RelativeDay, TimeOfDay, Weekday, When

SLOT = BookableKind.SLOT
CAFE = BookableKind.CAFE
DEC_1_2PM = When(IsoDate(2026, 12, 1), TimeOfDay(14), "2026-12-01 14:00")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/book", ListBookables()),
        ("book list 2", ListBookables(page=2)),
        ("/book slot 12", BookSlot(12)),
        ("/book slot #12", BookSlot(12)),
        ("/book cafe 3", BookCafeSeat(3)),
        ("/book Café 3", BookCafeSeat(3)),
        ("/book mine", ListMyBookings()),
        ("/book cancel slot 12", CancelBooking(SLOT, 12)),
        ("/book cancel cafe 3", CancelBooking(CAFE, 3)),
        ("/book attach slot 12", OpenDraftForm(SLOT, 12)),
        (
            "/book attach slot 12 My post\nsecond line",
            AttachDraft(SLOT, 12, "My post\nsecond line"),
        ),
        ("/chorus slot add 2026-12-01 14:00", AddSlot(DEC_1_2PM)),
        ("/chorus slot add 2026-12-01 14:00 30", AddSlot(DEC_1_2PM, 30)),
        (
            "/chorus slot add 2026-12-01 14:00 30 min at Room 4.12",
            AddSlot(DEC_1_2PM, 30, "Room 4.12"),
        ),
        (
            "/chorus slot add 2026-12-01 14:00 https://meet.example.com/x",
            AddSlot(DEC_1_2PM, None, "https://meet.example.com/x"),
        ),
        (
            "/chorus slot add tomorrow 2pm",
            AddSlot(When(RelativeDay(1), TimeOfDay(14), "tomorrow 2pm")),
        ),
        (
            "/chorus slot series tue 14:00-15:00",
            AddSlotSeries(1, TimeOfDay(14), TimeOfDay(15)),
        ),
        (
            "/chorus slot series tuesdays 14:00-15:00 every 20 min for 6 weeks at Room 4.12",
            AddSlotSeries(1, TimeOfDay(14), TimeOfDay(15), 20, 6, "Room 4.12"),
        ),
        (
            "/chorus slot series di 14-15 20 6 Zaal 2",
            AddSlotSeries(1, TimeOfDay(14), TimeOfDay(15), 20, 6, "Zaal 2"),
        ),
        (
            "/chorus slot series hver tirsdag 14:00-15:00 i 4 uger",
            AddSlotSeries(1, TimeOfDay(14), TimeOfDay(15), 15, 4),
        ),
        ("/chorus slot list", ListSlots()),
        ("/chorus slot cancel 12", CancelSlot(12)),
        ("/chorus slot cancel 12 Sorry, I'm ill", CancelSlot(12, "Sorry, I'm ill")),
        ("/chorus slot cancel series 2 Moving", CancelSeries(2, "Moving")),
        ("/chorus slot series cancel 2", CancelSeries(2)),
        ("/chorus cafe add", OpenCafeForm()),
        (
            "/chorus cafe add 2026-12-01 14:00 90 8 Writing café | Room 4.12 | Hooks",
            AddCafe(DEC_1_2PM, 8, "Writing café", 90, "Room 4.12", "Hooks"),
        ),
        (
            "/chorus cafe add 2026-12-01 14:00 8 seats Writing café",
            AddCafe(DEC_1_2PM, 8, "Writing café"),
        ),
        (
            "/chorus cafe add 2026-12-01 14:00 8 Writing café",
            AddCafe(DEC_1_2PM, 8, "Writing café"),
        ),
        ("/chorus cafe cancel 3 Sorry", CancelCafe(3, "Sorry")),
        ("/chorus bookings", ShowBookings()),
        (
            "/chorus bookings tue",
            ShowBookings(When(Weekday(1), None, "tue")),
        ),
        ("/chorus calendar", ShowCalendarFeed()),
        ("/chorus calendar reset", ResetCalendarFeed()),
    ],
)
def test_booking_lines_parse(line: str, expected: Command) -> None:
    assert parse(line) == expected


@pytest.mark.parametrize(
    ("line", "hint"),
    [
        ("/book slot", "/book slot 3"),
        ("/book frobnicate", "/book slot N or /book cafe N"),
        ("/book cancel 12", "/book cancel slot 12"),
        ("/chorus slot add", "/chorus slot add 2026-12-01 14:00 15 Room 4.12"),
        ("/chorus slot add 2026-12-01", "2026-12-01 14:00"),
        ("/chorus slot series 14:00-15:00", "/chorus slot series tue 14:00-15:00 15 8"),
        ("/chorus slot series tue 14:00", "14:00-15:00"),
        ("/chorus slot series tue 15:00-14:00", "must be after"),
        ("/chorus slot cancel", "/chorus slot cancel 12"),
        ("/chorus slot frob", "/chorus slot add YYYY-MM-DD HH:MM [MINUTES]"),
        ("/chorus cafe add 2026-12-01 14:00 Writing café", "/chorus cafe add 2026-12-03 15:00"),
        ("/chorus cafe add 2026-12-01 14:00 90 8", "/chorus cafe add 2026-12-03 15:00"),
        ("/chorus calendar please", "/chorus calendar reset"),
    ],
)
def test_bad_booking_lines_say_what_to_type(line: str, hint: str) -> None:
    with pytest.raises(UsageError) as refused:
        parse(line)
    assert hint in refused.value.msgid.format(**refused.value.params)


def test_the_draft_form_attaches_its_text() -> None:
    assert parse_form("book attach cafe 3", {"draft": "  my text "}) == AttachDraft(
        CAFE, 3, "my text"
    )


def test_the_cafe_form_reads_its_fields() -> None:
    values = {
        "title": "Writing café",
        "when": "2026-12-01 14:00",
        "minutes": "90",
        "seats": "8",
        "place": "",
        "topic": "Hooks",
    }
    assert parse_form("chorus cafe add", values) == AddCafe(
        DEC_1_2PM, 8, "Writing café", 90, None, "Hooks"
    )
