"""Feedback slots, writing cafés and bookings: what they add to Chorus."""

from __future__ import annotations

from bot.bookings import attach, booking, cafes, calendar, overview, slots
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
    SetSlotCap,
    ShowBookings,
    ShowCalendarFeed,
)
from bot.bookings.grammar import CHORUS_WORDS, WORDS, parse_booking_form
from bot.bookings.jobs import cafe_reminder
from bot.capability import COORDINATORS, Capability, HelpLine, HelpTopic
from bot.i18n import N_
from bot.jobs.runner import Job

BOOKINGS = Capability(
    "bookings",
    handlers={
        ListBookables: booking.list_bookables,
        ListMyBookings: booking.list_my_bookings,
        BookSlot: booking.book_slot,
        BookCafeSeat: booking.book_cafe_seat,
        CancelBooking: booking.cancel_booking,
        AttachDraft: attach.attach_draft,
        OpenDraftForm: attach.open_draft_form,
        AddSlot: slots.add_slot,
        AddSlotSeries: slots.add_slot_series,
        ListSlots: slots.list_slots,
        SetSlotCap: slots.set_slot_cap,
        CancelSlot: slots.cancel_slot,
        CancelSeries: slots.cancel_series,
        AddCafe: cafes.add_cafe,
        OpenCafeForm: cafes.open_cafe_form,
        CancelCafe: cafes.cancel_cafe,
        ShowBookings: overview.show_bookings,
        ShowCalendarFeed: calendar.show_calendar_feed,
        ResetCalendarFeed: calendar.reset_calendar_feed,
    },
    words=WORDS,
    chorus_words=CHORUS_WORDS,
    forms=(parse_booking_form,),
    help=(
        HelpLine(
            "/book",
            N_("see the free feedback slots and writing cafés, and book one"),
            "/book",
            ListBookables,
            ("bookings",),
        ),
        HelpLine("/book mine", N_("your bookings"), "/book mine", ListMyBookings, ("bookings",)),
        HelpLine(
            "/book cancel slot N",
            N_("give a slot back (/book cancel cafe N for a café seat)"),
            "/book cancel slot 1",
            CancelBooking,
            ("bookings",),
        ),
        HelpLine(
            "/book attach slot N",
            N_("attach your draft, so the coordinator can read it before you meet"),
            "/book attach slot 1",
            OpenDraftForm,
            ("bookings",),
        ),
        HelpLine(
            "/chorus calendar",
            N_("your private calendar feed with your bookings"),
            "/chorus calendar",
            ShowCalendarFeed,
            ("bookings",),
        ),
        HelpLine(
            "/chorus slot add YYYY-MM-DD HH:MM [MINUTES] [PLACE]",
            N_("publish a drop-in feedback slot (programme time zone, 15 minutes unless you say)"),
            "/chorus slot add 2031-03-04 14:00 20",
            AddSlot,
            (COORDINATORS,),
        ),
        HelpLine(
            "/chorus slot cap N",
            N_("how many slots one member may have booked in one week (1 unless you say)"),
            "/chorus slot cap 2",
            SetSlotCap,
            (COORDINATORS,),
        ),
        HelpLine(
            "/chorus slot series tue 14:00-15:00 15 8 [PLACE]",
            N_("weekly slots: 15-minute slots on Tuesdays 14-15 for 8 weeks"),
            "/chorus slot series tue 14:00-15:00 15 8",
            AddSlotSeries,
            (COORDINATORS,),
        ),
        HelpLine(
            "/chorus slot list",
            N_("upcoming slots, booked or free"),
            "/chorus slot list",
            ListSlots,
            (COORDINATORS,),
        ),
        HelpLine(
            "/chorus slot cancel N [NOTE]",
            N_("cancel a slot; its booker is told, with your note"),
            "/chorus slot cancel 4 Sorry, I am ill",
            CancelSlot,
            (COORDINATORS,),
        ),
        HelpLine(
            "/chorus slot cancel series N [NOTE]",
            N_("cancel the rest of a series"),
            "/chorus slot cancel series 2",
            CancelSeries,
            (COORDINATORS,),
        ),
        HelpLine(
            "/chorus cafe add",
            N_("publish a writing café: title, time, place, seats and topic"),
            "/chorus cafe add",
            OpenCafeForm,
            (COORDINATORS,),
        ),
        HelpLine(
            "/chorus cafe cancel N [NOTE]",
            N_("cancel a café; everyone with a seat or on the waitlist is told"),
            "/chorus cafe cancel 1",
            CancelCafe,
            (COORDINATORS,),
        ),
        HelpLine(
            "/chorus bookings [DAY]",
            N_("upcoming bookings per day, with the drafts attached"),
            "/chorus bookings",
            ShowBookings,
            (COORDINATORS,),
        ),
    ),
    topics=(
        HelpTopic(
            "bookings",
            N_("Feedback slots and writing cafés"),
            overview=40,
            note=N_(
                "Coordinators publish slots with /chorus slot add YYYY-MM-DD HH:MM [MINUTES] and cafés with /chorus cafe add."
            ),
        ),
    ),
    examples={
        BookSlot: "/book slot 1",
        BookCafeSeat: "/book cafe 1",
        AttachDraft: "/book attach slot 1 My draft about backups",
        AddCafe: "/chorus cafe add 2031-12-03 15:00 90 8 Writing café | Room 4 | Hooks",
        ResetCalendarFeed: "/chorus calendar reset",
    },
    jobs=(Job("cafe-reminder", N_("writing-café announcements and reminders"), cafe_reminder),),
)
