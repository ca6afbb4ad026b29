"""The programme's rhythm: what it adds to Chorus."""

from __future__ import annotations

from bot.capability import COORDINATORS, Capability, HelpLine
from bot.i18n import N_
from bot.jobs.runner import Job
from bot.rhythm import service
from bot.rhythm.commands import (
    AddTip,
    ListSchedules,
    ListTips,
    ListUndelivered,
    PauseJob,
    RemoveTip,
    SetAway,
    SetNudges,
    SetSchedule,
    SkipNextFire,
)
from bot.rhythm.grammar import CHORUS_WORDS
from bot.rhythm.jobs import digest, nudge, weekly_prompt
from bot.rhythm.roundup import roundup

RHYTHM = Capability(
    "rhythm",
    handlers={
        ListSchedules: service.list_schedules,
        SetSchedule: service.set_schedule,
        PauseJob: service.pause_job,
        SkipNextFire: service.skip_next,
        ListTips: service.list_tips,
        AddTip: service.add_tip,
        RemoveTip: service.remove_tip,
        SetAway: service.set_away,
        SetNudges: service.set_nudges,
        ListUndelivered: service.list_undelivered,
    },
    chorus_words=CHORUS_WORDS,
    help=(
        HelpLine(
            "/chorus away until YYYY-MM-DD",
            N_("no gentle nudges while you are away (/chorus away off)"),
            "/chorus away until 2031-01-31",
            SetAway,
            ("settings",),
        ),
        HelpLine(
            "/chorus nudges off",
            N_("no gentle nudges at all (/chorus nudges on)"),
            "/chorus nudges off",
            SetNudges,
            ("settings",),
        ),
        HelpLine(
            "/chorus schedule",
            N_("the scheduled prompts, reminders and digests, and when they run next"),
            "/chorus schedule",
            ListSchedules,
            (COORDINATORS,),
        ),
        HelpLine(
            "/chorus schedule set NAME DAYS HH:MM",
            N_("move a job, for example: /chorus schedule set weekly-prompt mon 09:00"),
            "/chorus schedule set weekly-prompt mon 09:00",
            SetSchedule,
            (COORDINATORS,),
        ),
        HelpLine(
            "/chorus schedule pause NAME",
            N_("pause a job (resume NAME starts it again)"),
            "/chorus schedule pause nudge",
            PauseJob,
            (COORDINATORS,),
        ),
        HelpLine(
            "/chorus schedule skip NAME",
            N_("skip a job's next run"),
            "/chorus schedule skip digest",
            SkipNextFire,
            (COORDINATORS,),
        ),
        HelpLine(
            "/chorus tip add TEXT",
            N_("a writing tip for the weekly prompt (list, remove N)"),
            "/chorus tip add Open with a question.",
            AddTip,
            (COORDINATORS,),
        ),
        HelpLine(
            "/chorus deliveries",
            N_(
                "what waits to be delivered per channel (urgent and bulk, the oldest, the next "
                "send, the last hour's rate limits) and what could not be delivered"
            ),
            "/chorus deliveries",
            ListUndelivered,
            (COORDINATORS,),
        ),
    ),
    examples={ListTips: "/chorus tip list", RemoveTip: "/chorus tip remove 2"},
    jobs=(
        Job("weekly-prompt", N_("a writing prompt in the ambassador channel"), weekly_prompt),
        Job("roundup", N_("like & comment roundup of new posts"), roundup),
        Job("digest", N_("the weekly status in the channel"), digest),
        Job("nudge", N_("a private note to quiet ambassadors"), nudge),
    ),
)
