"""Segments and networks: what they add to Chorus."""

from __future__ import annotations

from bot.capability import COORDINATORS, Capability, HelpLine
from bot.i18n import N_
from bot.segments import service
from bot.segments.commands import AddSegment, ListSegments, RemoveSegment, SetNetworks, SetSegment
from bot.segments.grammar import CHORUS_WORDS

SEGMENTS = Capability(
    "segments",
    handlers={
        ListSegments: service.list_segments,
        AddSegment: service.add_segment,
        RemoveSegment: service.remove_segment,
        SetSegment: service.set_segment,
        SetNetworks: service.set_networks,
    },
    chorus_words=CHORUS_WORDS,
    help=(
        HelpLine(
            "/chorus networks NAME …",
            N_("the networks you post on, for example: /chorus networks linkedin reddit"),
            "/chorus networks linkedin reddit",
            SetNetworks,
            ("settings",),
        ),
        HelpLine(
            "/chorus segment list",
            N_("the segments (role models, thought leaders, …) and how many are in each"),
            "/chorus segment list",
            ListSegments,
            (COORDINATORS,),
        ),
        HelpLine(
            "/chorus segment set @name NAME",
            N_("put a member in a segment from today (none: in no segment)"),
            "/chorus segment set @bente networker",
            SetSegment,
            (COORDINATORS,),
        ),
        HelpLine(
            "/chorus segment add NAME",
            N_("add a segment (/chorus segment remove NAME retires one)"),
            "/chorus segment add sales leaders",
            AddSegment,
            (COORDINATORS,),
        ),
    ),
    examples={RemoveSegment: "/chorus segment remove sales leaders"},
)
