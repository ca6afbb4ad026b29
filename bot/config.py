"""Programme settings the core needs, already validated by whoever loaded them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


@dataclass(frozen=True)
class JobSchedule:
    """When a scheduled job fires (cron in the workspace's time zone) and how late a fire
    missed while Chorus was down may still run."""

    cron: str
    grace_seconds: int


# The same defaults as config/programme.toml (a test keeps the two in step).
DEFAULT_SCHEDULES: Mapping[str, JobSchedule] = MappingProxyType(
    {
        "weekly-prompt": JobSchedule("0 9 * * mon", 6 * 3600),
        "cafe-reminder": JobSchedule("*/5 * * * *", 15 * 60),
        "roundup": JobSchedule("30 8 * * mon-fri", 2 * 3600),
        "digest": JobSchedule("0 14 * * fri", 6 * 3600),
        "nudge": JobSchedule("0 10 * * tue", 24 * 3600),
        "award-reminder": JobSchedule("0 9 17 mar,jun,sep,dec *", 3 * 86400),
        "status-note": JobSchedule("0 8 * * mon", 6 * 3600),
        "survey-reminder": JobSchedule("0 10 * * *", 24 * 3600),
        "housekeeping": JobSchedule("15 3 * * *", 24 * 3600),
    }
)


@dataclass(frozen=True)
class Retention:
    """How long Chorus keeps what it needs only for a while (``[retention]`` in the TOML);
    the housekeeping removes what is past its time."""

    processed_events_days: int = 2  # platform event ids, against retries and replays
    delivered_messages_days: int = 30  # channel posts and notes already delivered
    oauth_states_days: int = 1  # pending Slack install links
    discarded_drafts_days: int = 30  # a discarded draft can be restored until then
    export_link_hours: int = 24  # a download link of a data export


@dataclass(frozen=True)
class Programme:
    """Defaults for new workspaces and the rules that are the programme's to choose."""

    locale: str = "en"
    timezone: str = "UTC"
    themes: tuple[str, ...] = ()
    admins: frozenset[str] = field(default_factory=frozenset)
    channel_id: str | None = None
    cheer_emoji: str = "tada"
    page_size: int = 10
    # Cheers one member may give a day, so recognition stays meaningful.
    cheer_allowance: int = 5
    schedules: Mapping[str, JobSchedule] = field(default_factory=lambda: DEFAULT_SCHEDULES)
    nudge_after_weeks: int = 3
    # Booking reminders: minutes before a slot or café starts (24 hours and 15 minutes).
    reminder_minutes: tuple[int, ...] = (1440, 15)
    # The share of company content (against external) the programme aims for, in percent.
    company_share_percent: int = 33
    # Nobody is ambassador of the quarter twice within this many quarters (1: no such rule).
    award_once_in_quarters: int = 4
    # Survey results need at least this many answers per question (never fewer than 3).
    survey_threshold: int = 5
    # How many days a survey takes answers before the survey-reminder closes it.
    survey_days: int = 7
    # Whether Chorus may look up the page titles of links suggested for the library.
    link_previews: bool = False
    # Where Chorus is reachable from outside (calendar links point here).
    public_url: str = "http://127.0.0.1:3000"
    retention: Retention = field(default_factory=Retention)
