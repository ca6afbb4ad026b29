"""Joining the programme, its waiting list and newcomers' onboarding: what they add."""

from __future__ import annotations

from bot.capability import COORDINATORS, Capability, HelpLine
from bot.i18n import N_
from bot.jobs.runner import Job
from bot.membership import service, waitlist
from bot.membership.commands import (
    AcceptSeat,
    Admit,
    DeclineSeat,
    Join,
    Leave,
    MoveOnWaitlist,
    ShowWaitlist,
)
from bot.membership.grammar import CHORUS_WORDS
from bot.membership.onboarding import onboarding

MEMBERSHIP = Capability(
    "membership",
    handlers={
        Join: service.join,
        Leave: service.leave,
        AcceptSeat: service.accept_seat,
        DeclineSeat: service.decline_seat,
        ShowWaitlist: waitlist.show_waitlist,
        MoveOnWaitlist: waitlist.move_on_waitlist,
        Admit: waitlist.admit,
    },
    chorus_words=CHORUS_WORDS,
    help=(
        HelpLine(
            "/chorus join",
            N_("join the ambassador programme (or its waiting list when it is full)"),
            "/chorus join",
            Join,
            ("settings",),
        ),
        HelpLine(
            "/chorus leave",
            N_("leave the programme or its waiting list"),
            "/chorus leave",
            Leave,
            ("settings",),
        ),
        HelpLine(
            "/chorus waitlist",
            N_("the waiting list and the seats taken"),
            "/chorus waitlist",
            ShowWaitlist,
            (COORDINATORS,),
        ),
        HelpLine(
            "/chorus waitlist move @name N",
            N_("move a member to place N of the waiting list"),
            "/chorus waitlist move @bente 1",
            MoveOnWaitlist,
            (COORDINATORS,),
        ),
        HelpLine(
            "/chorus waitlist admit @name",
            N_("give a member on the waiting list a seat (past capacity asks first)"),
            "/chorus waitlist admit @bente",
            Admit,
            (COORDINATORS,),
        ),
    ),
    examples={AcceptSeat: "/chorus join accept", DeclineSeat: "/chorus join decline"},
    jobs=(
        Job(
            "onboarding",
            N_("newcomers' first steps, at a sensible hour, and offers of freed seats"),
            onboarding,
        ),
    ),
)
