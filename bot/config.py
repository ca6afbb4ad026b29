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
        "onboarding": JobSchedule("0 * * * *", 3600),
        "mentor-checkin": JobSchedule("0 * * * *", 3600),
    }
)

# A text the programme file gives in each language: {"en": ..., "da": ..., "nl": ...}.
Localised = Mapping[str, str]


def localised(text: Localised, locale: str) -> str:
    """The text in ``locale``, else in English."""
    return text.get(locale) or text["en"]


@dataclass(frozen=True)
class SegmentDefault:
    """A segment a new programme starts with: its key, its name in each language and the
    post types its members are asked for, week by week."""

    key: str
    names: Localised
    post_types: tuple[Localised, ...] = ()


def _segment(key: str, en: str, da: str, nl: str, *types: tuple[str, str, str]) -> SegmentDefault:
    return SegmentDefault(
        key,
        MappingProxyType({"en": en, "da": da, "nl": nl}),
        tuple(MappingProxyType({"en": e, "da": d, "nl": n}) for e, d, n in types),
    )


# The same defaults as config/programme.toml (a test keeps the two in step): Rabobank's four
# groups, each asked for the kind of post that suits it.
DEFAULT_SEGMENTS: tuple[SegmentDefault, ...] = (
    _segment(
        "role-model",
        "role model",
        "rollemodel",
        "rolmodel",
        (
            "Share a decision you made this month and why: what did you weigh?",
            "Del en beslutning, du traf i denne måned, og hvorfor: hvad vejede tungest?",
            "Deel een beslissing van deze maand en waarom: wat woog het zwaarst?",
        ),
        (
            "Thank a team in public: what did they do, and what did it make possible?",
            "Tak et team offentligt: hvad gjorde de, og hvad gjorde det muligt?",
            "Bedank een team in het openbaar: wat deden ze en wat maakte dat mogelijk?",
        ),
    ),
    _segment(
        "thought-leader",
        "thought leader",
        "tankeleder",
        "thought leader",
        (
            "Take a position on a trend in your field, and invite people to disagree.",
            "Tag stilling til en tendens i dit fag, og inviter andre til at være uenige.",
            "Neem stelling over een trend in je vakgebied en nodig anderen uit het oneens te zijn.",
        ),
        (
            "Explain one thing in your field that most people get wrong.",
            "Forklar én ting i dit fag, som de fleste misforstår.",
            "Leg één ding uit je vak uit dat de meeste mensen verkeerd begrijpen.",
        ),
    ),
    _segment(
        "networker",
        "networker",
        "netværker",
        "netwerker",
        (
            "Share a question a customer asked you this week, and your answer.",
            "Del et spørgsmål, en kunde stillede dig i denne uge, og dit svar.",
            "Deel een vraag die een klant je deze week stelde, en je antwoord.",
        ),
        (
            "Comment on three posts from people in your network with something you learned.",
            "Kommentér tre opslag fra dit netværk med noget, du lærte.",
            "Reageer op drie berichten uit je netwerk met iets wat je leerde.",
        ),
    ),
    _segment(
        "ambassador",
        "ambassador",
        "ambassadør",
        "ambassadeur",
        (
            "Show what working here is really like: a colleague, a ritual, a small win.",
            "Vis, hvordan det virkelig er at arbejde her: en kollega, en tradition, en lille sejr.",
            "Laat zien hoe het echt is om hier te werken: een collega, een ritueel, een kleine overwinning.",
        ),
        (
            "Share a colleague's post with one line on why it matters to you.",
            "Del en kollegas opslag med én linje om, hvorfor det betyder noget for dig.",
            "Deel een bericht van een collega met één zin over waarom het je raakt.",
        ),
    ),
)


@dataclass(frozen=True)
class SurveyQuestionDefault:
    """A survey question from the programme file: its key in storage, its text in each
    language, its scale (``agree`` 1-5, ``ten`` 0-10 or ``text``) and whether it is the
    "would you recommend" question whose eNPS is shown."""

    key: str
    text: Localised
    scale: str
    nps: bool = False


@dataclass(frozen=True)
class SurveyTemplateDefault:
    """A survey template from the programme file: the name a coordinator types, its title in
    each language and its questions."""

    name: str
    title: Localised
    questions: tuple[SurveyQuestionDefault, ...]


# The networks members may pick with /chorus networks, unless the programme file says otherwise.
DEFAULT_NETWORKS: tuple[str, ...] = ("linkedin", "x", "reddit", "mastodon", "youtube")


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
    # Private notes Chorus sends to colleagues on one member's behalf in an hour (feedback
    # requests, "your idea was claimed", cheers, booking notes), so nobody's chat floods.
    notes_per_hour: int = 20
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
    # Seats in the programme; None: no limit. When all are taken, /chorus join puts a
    # member on the waiting list.
    capacity: int | None = None
    # Days a member offered a freed seat has to accept it before it goes to the next.
    offer_days: int = 3
    segments: tuple[SegmentDefault, ...] = DEFAULT_SEGMENTS
    # The segment a member gets when they join (a key of ``segments``), if any.
    join_segment: str | None = "ambassador"
    networks: tuple[str, ...] = DEFAULT_NETWORKS
    # Survey templates of the programme file; none: the built-in pulse and yearly reflection.
    surveys: tuple[SurveyTemplateDefault, ...] = ()
