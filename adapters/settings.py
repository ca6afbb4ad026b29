"""One typed settings object from the environment and the programme TOML.

Defaults come from ``config/programme.toml``; ``CHORUS_CONFIG`` names a file whose keys
override them. Unknown keys and wrong types stop the start with a message naming the key.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bot.config import (
    JobSchedule,
    Programme,
    Retention,
    SegmentDefault,
    SurveyQuestionDefault,
    SurveyTemplateDefault,
)
from bot.time.schedule import parse_duration, trigger

if TYPE_CHECKING:
    from cryptography.fernet import MultiFernet

CONFIG_DIR = Path(__file__).resolve().parent.parent / "config"
DEFAULT_PROGRAMME_FILE = CONFIG_DIR / "programme.toml"
DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./chorus.db"


class SettingsError(Exception):
    """Settings that cannot work; the message names the key and what is wrong."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class ProgrammeSection(_Strict):
    """``[programme]`` in the TOML."""

    locale: Literal["en", "da", "nl"] = "en"
    timezone: str = "UTC"
    cheer_emoji: str = Field(default="tada", pattern=r"^[a-z0-9_+'-]{1,64}$")
    themes: list[str] = Field(default_factory=list)
    page_size: int = Field(default=10, ge=1, le=25)
    cheer_allowance: int = Field(default=5, ge=1, le=100)
    notes_per_hour: int = Field(default=20, ge=1, le=1000)
    nudge_after_weeks: int = Field(default=3, ge=1, le=52)
    reminder_minutes: list[int] = Field(default_factory=lambda: [1440, 15], max_length=5)
    company_share_percent: int = Field(default=33, ge=0, le=100)
    award_once_in_quarters: int = Field(default=4, ge=1, le=40)
    survey_threshold: int = Field(default=5, ge=3, le=1000)
    survey_days: int = Field(default=7, ge=1, le=60)
    link_previews: bool = False
    capacity: int | None = Field(default=None, ge=1, le=1_000_000)
    offer_days: int = Field(default=3, ge=1, le=30)
    join_segment: str | None = None
    networks: list[str] = Field(default_factory=list, max_length=20)

    @field_validator("networks")
    @classmethod
    def _network_words(cls, value: list[str]) -> list[str]:
        for network in value:
            if not network or len(network) > 32 or not network.replace("-", "").isalnum():
                raise ValueError(
                    f"network {network!r} must be one word of at most 32 letters, digits or dashes"
                )
        folded = [n.casefold() for n in value]
        if len(set(folded)) != len(folded):
            raise ValueError("a network is listed twice")
        return folded

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"unknown time zone {value!r} (use a name like Europe/Copenhagen)"
            ) from None
        return value

    @field_validator("reminder_minutes")
    @classmethod
    def _reminder_offsets(cls, value: list[int]) -> list[int]:
        for minutes in value:
            if not 1 <= minutes <= 10080:
                raise ValueError(f"{minutes} is not between 1 and 10080 minutes (a week)")
        return value

    @field_validator("themes")
    @classmethod
    def _theme_words(cls, value: list[str]) -> list[str]:
        for theme in value:
            name = theme.lstrip("#")
            if not name or len(name) > 40 or not all(ch.isalnum() or ch in "-_" for ch in name):
                raise ValueError(
                    f"theme {theme!r} must be one word of at most 40 letters, digits or dashes"
                )
        return [t.lstrip("#") for t in value]


class ScheduleSection(_Strict):
    """``[schedules.JOB]``: a cron line (minute hour day month weekday) and a grace period."""

    cron: str
    grace: str

    @field_validator("cron")
    @classmethod
    def _valid_cron(cls, value: str) -> str:
        try:
            trigger(value, "UTC")
        except ValueError as error:
            raise ValueError(f'not a cron line ({error}); for example "0 9 * * mon"') from None
        return value

    @field_validator("grace")
    @classmethod
    def _valid_grace(cls, value: str) -> str:
        parse_duration(value)
        return value


class RetentionSection(_Strict):
    """``[retention]``: how long Chorus keeps what it needs only for a while."""

    processed_events_days: int = Field(default=2, ge=1, le=365)
    delivered_messages_days: int = Field(default=30, ge=1, le=3650)
    oauth_states_days: int = Field(default=1, ge=1, le=365)
    discarded_drafts_days: int = Field(default=30, ge=1, le=3650)
    export_link_hours: int = Field(default=24, ge=1, le=168)


class LocalisedText(_Strict):
    """A text in each of Chorus's languages."""

    en: str = Field(min_length=1, max_length=500)
    da: str = Field(min_length=1, max_length=500)
    nl: str = Field(min_length=1, max_length=500)


class SegmentSection(_Strict):
    """``[segments.KEY]``: a segment's name and the post types asked of its members."""

    name: LocalisedText
    post_types: list[LocalisedText] = Field(default_factory=list, max_length=12)

    @field_validator("name")
    @classmethod
    def _short_name(cls, value: LocalisedText) -> LocalisedText:
        for text in (value.en, value.da, value.nl):
            if len(text) > 40:
                raise ValueError(f"segment name {text!r} is longer than 40 characters")
        return value


class SurveyQuestionSection(_Strict):
    """One of ``[[surveys.NAME.questions]]``: its key, text and scale."""

    key: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")
    text: LocalisedText
    scale: Literal["agree", "ten", "text"]
    nps: bool = False


class SurveySection(_Strict):
    """``[surveys.NAME]``: a survey template's title and questions."""

    title: LocalisedText
    questions: list[SurveyQuestionSection] = Field(min_length=1, max_length=20)

    @field_validator("title")
    @classmethod
    def _short_title(cls, value: LocalisedText) -> LocalisedText:
        for text in (value.en, value.da, value.nl):
            if len(text) > 80:
                raise ValueError(f"survey title {text!r} is longer than 80 characters")
        return value

    @field_validator("questions")
    @classmethod
    def _distinct_keys(cls, value: list[SurveyQuestionSection]) -> list[SurveyQuestionSection]:
        seen: set[str] = set()
        for question in value:
            if question.key in seen:
                raise ValueError(f"question key {question.key!r} is used twice")
            seen.add(question.key)
            if question.nps and question.scale != "ten":
                raise ValueError(
                    f'question {question.key!r}: nps = true needs scale = "ten" (0-10)'
                )
        if sum(1 for q in value if q.nps) > 1:
            raise ValueError("only one question can have nps = true")
        return value


class ProgrammeFile(_Strict):
    """The whole programme TOML."""

    programme: ProgrammeSection = Field(default_factory=ProgrammeSection)
    schedules: dict[
        Literal[
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
        ],
        ScheduleSection,
    ] = Field(default_factory=dict)
    retention: RetentionSection = Field(default_factory=RetentionSection)
    segments: dict[str, SegmentSection] = Field(default_factory=dict, max_length=20)
    surveys: dict[str, SurveySection] = Field(default_factory=dict, max_length=20)

    @field_validator("surveys")
    @classmethod
    def _survey_names(cls, value: dict[str, SurveySection]) -> dict[str, SurveySection]:
        for name in value:
            if (
                not name
                or len(name) > 40
                or not name.replace("-", "").isalnum()
                or name != name.lower()
            ):
                raise ValueError(
                    f"survey name {name!r} must be one lower-case word of letters, digits or dashes"
                )
        return value

    @field_validator("segments")
    @classmethod
    def _segment_keys(cls, value: dict[str, SegmentSection]) -> dict[str, SegmentSection]:
        for key in value:
            if not key or len(key) > 40 or not key.replace("-", "").isalnum() or key != key.lower():
                raise ValueError(
                    f"segment key {key!r} must be one lower-case word of letters, digits or dashes"
                )
        return value

    def segment_defaults(self) -> tuple[SegmentDefault, ...]:
        """The segments as the core takes them."""
        return tuple(
            SegmentDefault(
                key,
                {"en": s.name.en, "da": s.name.da, "nl": s.name.nl},
                tuple({"en": t.en, "da": t.da, "nl": t.nl} for t in s.post_types),
            )
            for key, s in self.segments.items()
        )

    def survey_defaults(self) -> tuple[SurveyTemplateDefault, ...]:
        """The survey templates as the core takes them (none: the built-in ones)."""
        return tuple(
            SurveyTemplateDefault(
                name,
                {"en": s.title.en, "da": s.title.da, "nl": s.title.nl},
                tuple(
                    SurveyQuestionDefault(
                        q.key, {"en": q.text.en, "da": q.text.da, "nl": q.text.nl}, q.scale, q.nps
                    )
                    for q in s.questions
                ),
            )
            for name, s in self.surveys.items()
        )


# Where Bot Framework conversations live (an activity's ``serviceUrl``): Teams in the public
# cloud, GCC, GCC High and DoD, and the Bot Framework channels. Every host covers its
# subdomains too (the Agents SDK's OutboundHostValidator); ``*.`` only says so.
DEFAULT_TEAMS_SERVICE_HOSTS = (
    "smba.trafficmanager.net",
    "smba.infra.gcc.teams.microsoft.com",
    "smba.infra.gov.teams.microsoft.us",
    "smba.infra.dod.teams.microsoft.us",
    "*.botframework.com",
    "*.botframework.us",
)
ANONYMOUS_LOOPBACK = "loopback"


@dataclass(frozen=True)
class TeamsSettings:
    """Teams bot credentials (``TEAMS_APP_ID``, ``TEAMS_APP_PASSWORD``, ``TEAMS_TENANT_ID``)
    and the hosts an activity's ``serviceUrl`` may name (``TEAMS_SERVICE_HOSTS``).

    Without an app id and password the Teams endpoint refuses every request, unless
    ``TEAMS_ALLOW_ANONYMOUS=loopback`` opts in to unauthenticated local traffic (Agents
    Playground, the Emulator) on a loopback address."""

    app_id: str = ""
    app_password: str = field(default="", repr=False)
    tenant_id: str = ""
    enabled: bool = True  # CHORUS_TEAMS=off: no Teams endpoint at all (a Slack-only server)
    allow_anonymous: str = ""  # TEAMS_ALLOW_ANONYMOUS: "loopback" or nothing
    service_hosts: tuple[str, ...] = DEFAULT_TEAMS_SERVICE_HOSTS

    @property
    def authenticated(self) -> bool:
        """Whether incoming requests are verified and outgoing ones signed."""
        return bool(self.app_id and self.app_password)

    @property
    def anonymous(self) -> bool:
        """Whether unauthenticated local traffic is served: no credentials, and the
        explicit opt-in ``TEAMS_ALLOW_ANONYMOUS=loopback``."""
        return not self.authenticated and self.allow_anonymous == ANONYMOUS_LOOPBACK


DEFAULT_SLACK_API_URL = "https://slack.com/api/"


# The bot scopes of config/slack-manifest.yml (a test keeps the two equal): what an OAuth
# install asks for unless SLACK_SCOPES says otherwise.
DEFAULT_SLACK_SCOPES = (
    "app_mentions:read",
    "channels:history",
    "channels:join",
    "channels:read",
    "chat:write",
    "commands",
    "files:write",
    "groups:history",
    "groups:read",
    "im:history",
    "im:write",
    "reactions:read",
    "users:read",
)


@dataclass(frozen=True)
class SlackSettings:
    """Slack credentials (``SLACK_BOT_TOKEN``, ``SLACK_SIGNING_SECRET``, ``SLACK_APP_TOKEN``)
    and the Web API base URL (``SLACK_API_URL``). Secrets never appear in a repr or a log.

    Several workspaces (OAuth) instead of one bot token: ``SLACK_CLIENT_ID``,
    ``SLACK_CLIENT_SECRET``, ``CHORUS_TOKEN_KEY`` (Fernet key(s) for the bot tokens at rest)
    and optionally ``SLACK_SCOPES``; see :attr:`oauth`."""

    bot_token: str = field(default="", repr=False)
    signing_secret: str = field(default="", repr=False)
    app_token: str = field(default="", repr=False)
    api_url: str = DEFAULT_SLACK_API_URL
    client_id: str = ""
    client_secret: str = field(default="", repr=False)
    token_key: str = field(default="", repr=False)
    scopes: tuple[str, ...] = DEFAULT_SLACK_SCOPES
    redirect_uri: str = ""  # CHORUS_PUBLIC_URL + /slack/oauth_redirect, when that is set
    # CHORUS_SLACK_MAX_PER_MINUTE: the most messages a minute Chorus sends into one
    # workspace, however much Slack seems to allow (the budget is learned below it).
    max_per_minute: int = 3000

    @property
    def oauth(self) -> bool:
        """Multi-workspace mode: an OAuth client and no single bot token."""
        return bool(self.client_id and self.client_secret and not self.bot_token)

    @property
    def http_ready(self) -> bool:
        """Whether ``chorus serve`` can answer Slack at ``/slack/events``."""
        return bool((self.bot_token or self.oauth) and self.signing_secret)

    @property
    def socket_ready(self) -> bool:
        """Whether ``chorus socket`` can connect."""
        return bool(self.bot_token and self.app_token)


@dataclass(frozen=True)
class Settings:
    """Everything Chorus reads from outside, validated."""

    database_url: str
    programme: Programme
    host: str = "127.0.0.1"
    port: int = 3000
    config_path: Path | None = None
    teams: TeamsSettings = field(default_factory=TeamsSettings)
    slack: SlackSettings = field(default_factory=SlackSettings)
    public_url_set: bool = False  # CHORUS_PUBLIC_URL given: links never follow the bind

    def bound_to(self, host: str, port: int) -> Settings:
        """These settings for a server bound to ``host:port``: links Chorus hands out point
        there, unless ``CHORUS_PUBLIC_URL`` says where Chorus is reached from outside."""
        bound = replace(self, host=host, port=port)
        if self.public_url_set:
            return bound
        return replace(bound, programme=replace(self.programme, public_url=bound_url(host, port)))


def bound_url(host: str, port: int) -> str:
    """``http://HOST:PORT`` of a server bound there; a wildcard bind is reached over
    loopback on this machine (set ``CHORUS_PUBLIC_URL`` for links that work elsewhere)."""
    if host in ("", "0.0.0.0"):
        host = "127.0.0.1"
    elif host == "::":
        host = "::1"
    if ":" in host:
        host = f"[{host}]"  # an IPv6 literal
    return f"http://{host}:{port}"


def _merge(base: dict[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise SettingsError(f"CHORUS_CONFIG: no such file: {path}") from None
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"{path}: not valid TOML: {error}") from None


def _explain(error: ValidationError, source: str) -> str:
    problems = []
    for item in error.errors():
        key = ".".join(str(part) for part in item["loc"])
        if item["type"] == "extra_forbidden":
            problems.append(f"{key}: unknown setting")
        elif item["type"] == "missing" and key.rsplit(".", 1)[-1] in ("en", "da", "nl"):
            problems.append(f"{key}: missing (every text is needed in en, da and nl)")
        elif item["type"] == "missing":
            problems.append(f"{key}: missing")
        else:
            problems.append(f"{key}: {item['msg']}")
    return f"{source}: " + "; ".join(problems)


def load_programme(path: Path | None) -> ProgrammeFile:
    """Defaults from ``config/``, overridden by ``path`` if given."""
    data = _read_toml(DEFAULT_PROGRAMME_FILE)
    source = str(DEFAULT_PROGRAMME_FILE.name)
    if path is not None:
        override = _read_toml(path)
        data = _merge(data, override)
        for own in ("segments", "surveys"):  # a programme's own replace ours entirely
            if isinstance(override.get(own), Mapping):
                data[own] = override[own]
        source = str(path)
    try:
        loaded = ProgrammeFile.model_validate(data)
    except ValidationError as error:
        raise SettingsError(_explain(error, source)) from None
    join = loaded.programme.join_segment
    if join and join not in loaded.segments:
        raise SettingsError(f"{source}: programme.join_segment: no segment called {join!r}")
    return loaded


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Read and validate the environment and the programme TOML."""
    env = os.environ if env is None else env
    config_path = Path(env["CHORUS_CONFIG"]) if env.get("CHORUS_CONFIG") else None
    loaded = load_programme(config_path)
    programme, schedules, retention = loaded.programme, loaded.schedules, loaded.retention
    port_text = env.get("PORT", "3000")
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise SettingsError(f"PORT: must be a port number, not {port_text!r}")
    admins = frozenset(a.strip() for a in env.get("CHORUS_ADMINS", "").split(",") if a.strip())
    return Settings(
        database_url=env.get("DATABASE_URL") or DEFAULT_DATABASE_URL,
        programme=Programme(
            locale=programme.locale,
            timezone=programme.timezone,
            themes=tuple(programme.themes),
            admins=admins,
            channel_id=env.get("CHORUS_CHANNEL") or None,
            cheer_emoji=programme.cheer_emoji,
            page_size=programme.page_size,
            cheer_allowance=programme.cheer_allowance,
            notes_per_hour=programme.notes_per_hour,
            schedules={
                name: JobSchedule(section.cron, int(parse_duration(section.grace).total_seconds()))
                for name, section in schedules.items()
            },
            nudge_after_weeks=programme.nudge_after_weeks,
            reminder_minutes=tuple(programme.reminder_minutes),
            company_share_percent=programme.company_share_percent,
            award_once_in_quarters=programme.award_once_in_quarters,
            survey_threshold=programme.survey_threshold,
            survey_days=programme.survey_days,
            link_previews=programme.link_previews,
            public_url=_public_url(env, int(port_text)),
            retention=Retention(**retention.model_dump()),
            capacity=programme.capacity,
            offer_days=programme.offer_days,
            segments=loaded.segment_defaults(),
            join_segment=programme.join_segment or None,
            networks=tuple(programme.networks),
            surveys=loaded.survey_defaults(),
        ),
        port=int(port_text),
        config_path=config_path,
        teams=_teams(env),
        slack=_slack(env),
        public_url_set=bool(env.get("CHORUS_PUBLIC_URL", "").strip()),
    )


def _public_url(env: Mapping[str, str], port: int) -> str:
    """``CHORUS_PUBLIC_URL``: where members' calendar apps reach Chorus."""
    url = env.get("CHORUS_PUBLIC_URL", "").strip() or bound_url("127.0.0.1", port)
    if not url.startswith(("https://", "http://")) or " " in url:
        raise SettingsError(f"CHORUS_PUBLIC_URL: must be an http(s) URL, not {url!r}")
    return url.rstrip("/")


def _slack(env: Mapping[str, str]) -> SlackSettings:
    public_url = env.get("CHORUS_PUBLIC_URL", "").strip().rstrip("/")
    scopes = tuple(s.strip() for s in env.get("SLACK_SCOPES", "").split(",") if s.strip())
    slack = SlackSettings(
        bot_token=env.get("SLACK_BOT_TOKEN", "").strip(),
        signing_secret=env.get("SLACK_SIGNING_SECRET", "").strip(),
        app_token=env.get("SLACK_APP_TOKEN", "").strip(),
        api_url=env.get("SLACK_API_URL", "").strip() or DEFAULT_SLACK_API_URL,
        client_id=env.get("SLACK_CLIENT_ID", "").strip(),
        client_secret=env.get("SLACK_CLIENT_SECRET", "").strip(),
        token_key=env.get("CHORUS_TOKEN_KEY", "").strip(),
        scopes=scopes or DEFAULT_SLACK_SCOPES,
        redirect_uri=f"{public_url}/slack/oauth_redirect" if public_url else "",
        max_per_minute=_per_minute(env, "CHORUS_SLACK_MAX_PER_MINUTE", 3000),
    )
    if not slack.bot_token and bool(slack.client_id) != bool(slack.client_secret):
        missing = "SLACK_CLIENT_SECRET" if slack.client_id else "SLACK_CLIENT_ID"
        raise SettingsError(
            f"{missing}: must be set together with the other Slack OAuth credential"
        )
    if slack.oauth:
        if not slack.signing_secret:
            raise SettingsError(
                "SLACK_SIGNING_SECRET: must be set to use Slack OAuth (several workspaces)"
            )
        token_cipher(slack.token_key)  # refuses a missing or malformed key
    elif (slack.signing_secret or slack.app_token) and not slack.bot_token:
        raise SettingsError("SLACK_BOT_TOKEN: must be set to use Slack (xoxb-…)")
    if not slack.api_url.startswith(("https://", "http://")):
        raise SettingsError(f"SLACK_API_URL: must be an http(s) URL, not {slack.api_url!r}")
    if not slack.api_url.endswith("/"):
        slack = replace(slack, api_url=slack.api_url + "/")
    return slack


def _per_minute(env: Mapping[str, str], name: str, default: int) -> int:
    text = env.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit() or not 1 <= int(text) <= 100_000:
        raise SettingsError(f"{name}: must be a whole number of messages a minute, not {text!r}")
    return int(text)


def token_cipher(keys: str) -> MultiFernet:
    """The cipher for Slack tokens at rest from ``CHORUS_TOKEN_KEY``: one Fernet key, or
    several separated by commas (the first encrypts; all of them decrypt, for rotation)."""
    from cryptography.fernet import Fernet, MultiFernet  # OAuth mode only

    parts = [part.strip() for part in keys.split(",") if part.strip()]
    if not parts:
        raise SettingsError(
            "CHORUS_TOKEN_KEY: must be set to use Slack OAuth (a Fernet key; make one with "
            "python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')"
        )
    try:
        return MultiFernet([Fernet(part) for part in parts])
    except ValueError:
        raise SettingsError(
            "CHORUS_TOKEN_KEY: not a Fernet key (32 url-safe base64-encoded bytes, 44 characters)"
        ) from None


def _switch(env: Mapping[str, str], name: str) -> bool:
    value = env.get(name, "on").strip().casefold()
    if value in ("on", "true", "1", "yes", ""):
        return True
    if value in ("off", "false", "0", "no"):
        return False
    raise SettingsError(f"{name}: use on or off, not {value!r}")


def _teams(env: Mapping[str, str]) -> TeamsSettings:
    anonymous = env.get("TEAMS_ALLOW_ANONYMOUS", "").strip().casefold()
    if anonymous not in ("", ANONYMOUS_LOOPBACK):
        raise SettingsError(
            f"TEAMS_ALLOW_ANONYMOUS: the only value is {ANONYMOUS_LOOPBACK} (unauthenticated "
            f"local traffic on a loopback address), not {anonymous!r}"
        )
    hosts = tuple(h.strip() for h in env.get("TEAMS_SERVICE_HOSTS", "").split(",") if h.strip())
    for host in hosts:
        name = host.removeprefix("*.")
        if not name or not all(part.isascii() and part for part in name.split(".")):
            raise SettingsError(f"TEAMS_SERVICE_HOSTS: {host!r} is not a host name")
        if any(c in name for c in "/:@ *"):
            raise SettingsError(
                f"TEAMS_SERVICE_HOSTS: {host!r} is not a host name (no scheme, port or path)"
            )
    teams = TeamsSettings(
        app_id=env.get("TEAMS_APP_ID", "").strip(),
        app_password=env.get("TEAMS_APP_PASSWORD", ""),
        tenant_id=env.get("TEAMS_TENANT_ID", "").strip(),
        enabled=_switch(env, "CHORUS_TEAMS"),
        allow_anonymous=anonymous,
        service_hosts=hosts or DEFAULT_TEAMS_SERVICE_HOSTS,
    )
    if bool(teams.app_id) != bool(teams.app_password):
        missing = "TEAMS_APP_PASSWORD" if teams.app_id else "TEAMS_APP_ID"
        raise SettingsError(f"{missing}: must be set together with the other Teams credential")
    return teams
