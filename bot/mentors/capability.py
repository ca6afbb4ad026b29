"""Mentor pairing: what it adds to Chorus."""

from __future__ import annotations

from bot.capability import COORDINATORS, Capability, HelpLine
from bot.i18n import N_
from bot.jobs.runner import Job
from bot.mentors import service
from bot.mentors.commands import (
    AddMentor,
    AskAnotherMentor,
    EndPairing,
    ListMentors,
    RecordMeeting,
    RemoveMentor,
    SwapMentor,
)
from bot.mentors.grammar import CHORUS_WORDS

MENTORS = Capability(
    "mentors",
    handlers={
        AddMentor: service.add_mentor,
        RemoveMentor: service.remove_mentor,
        ListMentors: service.list_mentors,
        SwapMentor: service.swap_mentor,
        EndPairing: service.end_pairing,
        AskAnotherMentor: service.ask_another_mentor,
        RecordMeeting: service.record_meeting,
    },
    chorus_words=CHORUS_WORDS,
    help=(
        HelpLine(
            "/chorus mentor another",
            N_("ask, privately, for another mentor"),
            "/chorus mentor another",
            AskAnotherMentor,
            ("settings",),
        ),
        HelpLine(
            "/chorus mentor add @name [N]",
            N_("make a member a mentor for up to N newcomers at a time (2 unless you say)"),
            "/chorus mentor add @bente 3",
            AddMentor,
            (COORDINATORS,),
        ),
        HelpLine(
            "/chorus mentor list",
            N_("mentors, how many newcomers each has, and the pairings"),
            "/chorus mentor list",
            ListMentors,
            (COORDINATORS,),
        ),
        HelpLine(
            "/chorus mentor swap @newcomer @mentor",
            N_("give a newcomer another mentor (/chorus mentor end @newcomer ends a pairing)"),
            "/chorus mentor swap @carl @bente",
            SwapMentor,
            (COORDINATORS,),
        ),
    ),
    examples={
        EndPairing: "/chorus mentor end @carl",
        RemoveMentor: "/chorus mentor remove @bente",
        RecordMeeting: "/chorus mentor met 12 yes",
    },
    jobs=(
        Job(
            "mentor-checkin",
            N_('asks mentors and newcomers "did you meet?" after two weeks'),
            service.checkin,
        ),
    ),
)
