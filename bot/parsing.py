"""One grammar for every platform: a command line (or a button's command) → a Command.

Adapters hand over the text as a member would have typed it; Slack's ``<@U1|name>`` and
``<#C1|name>`` escapes, Teams mentions rewritten to ``<@id|name>``, and the console's
``@name`` are all understood here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date

from bot import commands as c
from bot.errors import UsageError
from bot.i18n import N_
from bot.messages import Button
from bot.model import (
    SERIES_WEEKS_DEFAULT,
    SLOT_MINUTES_DEFAULT,
    BookableKind,
    Engagement,
    Role,
    TermKind,
)
from bot.schedule import friendly_cron
from bot.timeparse import parse_when, take_time_range, take_when, weekday_of

_TAG = re.compile(r"#([\w][\w-]*)")
_SLACK_CHANNEL = re.compile(r"<#(\w+)(?:\|([^>]*))?>")
_MENTION = re.compile(r"^<@(\w[\w:.-]*)(?:\|([^>]*))?>$")
_NUMBER = re.compile(r"^#?(\d{1,9})$")

IDEA_ACTIONS: dict[str, Callable[[int], c.Command]] = {
    "vote": c.VoteIdea,
    "claim": c.ClaimIdea,
    "unclaim": c.UnclaimIdea,
    "archive": c.ArchiveIdea,
    "restore": c.RestoreIdea,
    "show": c.ShowIdea,
    "draft": c.DraftFromIdea,
}
HELP_TOPICS = (
    "ideas",
    "themes",
    "coordinators",
    "settings",
    "bookings",
    "drafts",
    "guidelines",
    "cheers",
)


def parse(line: str) -> c.Command:
    """Parse a typed command line. Raises :class:`UsageError` with what to type instead."""
    stripped = line.strip()
    if not stripped:
        raise UsageError(N_("Type a command, for example /idea TEXT, or /chorus help."))
    word, _, rest = stripped.partition(" ")
    if "\n" in word:
        word, _, more = word.partition("\n")
        rest = more + " " + rest
    name = word.lstrip("/").casefold()
    rest = rest.strip()
    if name == "idea":
        return _parse_idea(rest)
    if name == "book":
        return _parse_book(rest)
    if name == "draft":
        return _parse_draft(rest)
    if name == "posted":
        return _parse_posted(rest)
    if name == "cheer":
        return _parse_cheer(rest)
    if name in ("chorus", "help"):
        return _parse_chorus(rest if name == "chorus" else f"help {rest}".strip())
    raise UsageError(
        N_("I don't know the command {command}. Type /chorus help to see what I can do."),
        command=word,
    )


def parse_form(command: str, values: Mapping[str, str]) -> c.Command:
    """Parse a submitted form: ``command`` names the form, ``values`` are its inputs."""
    booking_form = parse_booking_form(command.strip().lstrip("/").casefold(), values)
    if booking_form is not None:
        return booking_form
    draft_form = parse_draft_form(command.strip().lstrip("/").casefold(), values)
    if draft_form is not None:
        return draft_form
    if command.strip().lstrip("/").casefold() == "idea":
        text = values.get("text", "").strip()
        if not text:
            raise UsageError(N_("Write your idea in the text field."), field="text")
        return c.SubmitIdea(text=text, tags=_split_tags(values.get("themes", "")))
    raise UsageError(N_("This form is out of date. Open it again from /chorus help."))


def _parse_idea(rest: str) -> c.Command:
    if not rest:
        raise UsageError(
            N_(
                "Write the idea after the command, for example: /idea Why we test our backups every Friday #engineering"
            ),
            buttons=(Button(N_("Open the idea form"), "idea form"),),
        )
    word, _, args = rest.partition(" ")
    sub = word.casefold()
    args = args.strip()
    if sub == "new":
        return _idea_text(args)
    if sub == "form" and not args:
        return c.OpenIdeaForm()
    if sub == "list":
        return _parse_idea_list(args)
    if sub in IDEA_ACTIONS:
        match = _NUMBER.match(args)
        if not match:
            raise UsageError(
                N_("Tell me which idea by its number, for example: /idea {action} 3"),
                action=sub,
            )
        return IDEA_ACTIONS[sub](int(match.group(1)))
    return _idea_text(rest)


def _idea_text(text: str) -> c.Command:
    """Split trailing ``#theme`` tags off an idea's text; tags inside the text stay put."""
    text = _SLACK_CHANNEL.sub(lambda m: f"#{m.group(2) or m.group(1)}", text).strip()
    tokens = text.split()
    tags: list[str] = []
    while tokens and _TAG.fullmatch(tokens[-1]):
        tags.insert(0, tokens.pop()[1:])
    body = text
    if tags:
        # Cut at the start of the trailing tags, keeping the body's own line breaks.
        cut = len(text)
        for tag in reversed(tags):
            cut = text.rfind("#" + tag, 0, cut)
        body = text[:cut].rstrip()
    if not body:
        raise UsageError(
            N_(
                "An idea needs some words besides its themes, for example: /idea Three lessons from our cloud migration #engineering"
            )
        )
    return c.SubmitIdea(text=text if not tags else body, tags=tuple(tags))


def _split_tags(value: str) -> tuple[str, ...]:
    value = _SLACK_CHANNEL.sub(lambda m: f"#{m.group(2) or m.group(1)}", value)
    return tuple(t.lstrip("#") for t in re.split(r"[\s,]+", value) if t.lstrip("#"))


def _parse_idea_list(args: str) -> c.Command:
    words = args.split()
    page = 1
    if words and words[-1].isdigit():
        page = max(1, int(words.pop()))
    if not words:
        return c.ListIdeas(page=page)
    if len(words) == 1:
        choice = _SLACK_CHANNEL.sub(lambda m: f"#{m.group(2) or m.group(1)}", words[0])
        lowered = choice.casefold()
        if lowered == "mine":
            return c.ListIdeas(c.IdeaFilter.MINE, page=page)
        if lowered == "open":
            return c.ListIdeas(c.IdeaFilter.OPEN, page=page)
        if lowered in ("all", "active"):
            return c.ListIdeas(page=page)
        if _TAG.fullmatch(choice):
            return c.ListIdeas(c.IdeaFilter.THEME, theme=choice[1:], page=page)
    raise UsageError(N_("Use /idea list, /idea list mine, /idea list open or /idea list #theme."))


def _parse_chorus(rest: str) -> c.Command:
    word, _, args = rest.partition(" ")
    sub = word.casefold()
    args = args.strip()
    if sub in ("", "help"):
        topic = args.casefold() or None
        if topic is not None and topic not in HELP_TOPICS:
            raise UsageError(
                N_("There is no help on {topic}. Try /chorus help, or one of: {topics}."),
                topic=args,
                topics=", ".join(HELP_TOPICS),
            )
        return c.ShowHelp(topic)
    if sub in ("theme", "themes"):
        return _parse_theme(args)
    if sub == "channel":
        match = _SLACK_CHANNEL.fullmatch(args)
        if args and not match:
            raise UsageError(N_("Type /chorus channel in the ambassador channel itself."))
        return c.SetChannel(match.group(1) if match else None)
    if sub in ("promote", "demote"):
        role = Role.COORDINATOR if sub == "promote" else Role.AMBASSADOR
        return c.SetRole(parse_member(args, example=f"/chorus {sub} @bente"), role)
    if sub in ("language", "timezone"):
        scope, _, value = args.partition(" ")
        workspace = scope.casefold() == "workspace"
        value = value.strip() if workspace else args
        if not value or " " in value:
            if sub == "language":
                raise UsageError(
                    N_(
                        "Choose a language: /chorus language en, da or nl (add 'workspace' before the code to set it for everyone)."
                    )
                )
            raise UsageError(
                N_("Name a time zone, for example: /chorus timezone Europe/Copenhagen")
            )
        if sub == "language":
            return c.SetLanguage(value, workspace)
        return c.SetTimezone(value, workspace)
    if sub == "settings" and not args:
        return c.ShowSettings()
    if sub in RHYTHM_WORDS:
        return _parse_rhythm(sub, args)
    if sub in BOOKING_WORDS:
        return _parse_booking_admin(sub, args)
    programme_word = _parse_programme_words(sub, args)
    if programme_word is not None:
        return programme_word
    raise UsageError(
        N_("I don't know /chorus {sub}. Type /chorus help to see the commands."), sub=word
    )


RHYTHM_WORDS = ("schedule", "schedules", "tip", "tips", "away", "nudges", "deliveries")


def _parse_rhythm(sub: str, args: str) -> c.Command:
    """``/chorus schedule|tip|away|nudges|deliveries …``."""
    word, _, rest = args.partition(" ")
    action = word.casefold()
    rest = rest.strip()
    if sub in ("schedule", "schedules"):
        if action in ("", "list") and not rest:
            return c.ListSchedules()
        job, _, when = rest.partition(" ")
        job = job.casefold()
        if action in ("pause", "resume", "skip", "set") and not job:
            raise UsageError(
                N_("Name the job, for example: /chorus schedule {action} weekly-prompt"),
                action=action,
            )
        if action in ("pause", "resume") and not when:
            return c.PauseJob(job, paused=action == "pause")
        if action == "skip" and not when:
            return c.SkipNextFire(job)
        if action == "set" and when:
            days, _, time = when.strip().rpartition(" ")
            return c.SetSchedule(job, friendly_cron(days, time))
        raise UsageError(
            N_(
                "Use /chorus schedule, /chorus schedule set NAME DAYS HH:MM, /chorus schedule pause NAME, resume NAME or skip NAME."
            )
        )
    if sub in ("tip", "tips"):
        if action in ("", "list") and not rest:
            return c.ListTips()
        if action == "add" and rest:
            return c.AddTip(rest)
        if action == "remove" and _NUMBER.match(rest):
            return c.RemoveTip(int(rest.lstrip("#")))
        raise UsageError(N_("Use /chorus tip add TEXT, /chorus tip list or /chorus tip remove N."))
    if sub == "away":
        if action in ("off", "back") and not rest:
            return c.SetAway(None)
        if action == "until":
            try:
                return c.SetAway(date.fromisoformat(rest))
            except ValueError:
                pass
        raise UsageError(
            N_(
                "Tell me until when, for example: /chorus away until 2026-12-31 (or /chorus away off)."
            )
        )
    if sub == "nudges" and action in ("on", "off") and not rest:
        return c.SetNudges(on=action == "on")
    if sub == "deliveries" and not args:
        return c.ListUndelivered()
    raise UsageError(N_("Use /chorus nudges on or /chorus nudges off."))


def _parse_theme(args: str) -> c.Command:
    word, _, name = args.partition(" ")
    action = word.casefold()
    name = _SLACK_CHANNEL.sub(lambda m: m.group(2) or m.group(1), name.strip()).lstrip("#")
    if action in ("", "list") and not name:
        return c.ListThemes()
    if action in ("add", "remove") and name:
        if not re.fullmatch(r"[\w][\w-]*", name):
            raise UsageError(
                N_(
                    "A theme is one word (letters, digits and dashes), for example: /chorus theme add open-banking"
                )
            )
        return c.AddTheme(name) if action == "add" else c.RemoveTheme(name)
    raise UsageError(
        N_("Use /chorus theme add NAME, /chorus theme remove NAME or /chorus theme list.")
    )


def parse_member(text: str, *, example: str) -> c.MemberRef:
    """``<@U1|bente>``, ``<@U1>`` or ``@bente`` → a :class:`MemberRef`."""
    text = text.strip()
    match = _MENTION.match(text)
    if match:
        return c.MemberRef(user_id=match.group(1), name=match.group(2) or None)
    if text.startswith("@") and len(text) > 1 and " " not in text:
        return c.MemberRef(name=text[1:])
    raise UsageError(N_("Name a member with @, for example: {example}"), example=example)


# ---------------------------------------------------------------- bookings: /book, /chorus slot …

BOOKING_WORDS = ("slot", "slots", "cafe", "café", "cafes", "cafés", "bookings", "calendar")
_KINDS = {"slot": BookableKind.SLOT, "cafe": BookableKind.CAFE, "café": BookableKind.CAFE}
_KIND_NUMBER = re.compile(
    r"^(slot|cafe|café)\s+#?(\d{1,9})(?:\s+(.*))?$", re.DOTALL | re.IGNORECASE
)
_NUMBER_NOTE = re.compile(r"^#?(\d{1,9})(?:\s+(.*))?$", re.DOTALL)
_MINUTE_UNITS = frozenset({"m", "min", "mins", "minute", "minutes", "minut", "minutter", "minuten"})
_WEEK_UNITS = frozenset({"w", "wk", "week", "weeks", "uge", "uger", "weken"})
_SEAT_UNITS = frozenset(
    {"seat", "seats", "plads", "pladser", "plaats", "plaatsen", "plekken", "people", "personer"}
)
_AMOUNT = re.compile(r"^(\d{1,4})([a-zæøå]*)$")
_PLACE_PREFIXES = ("at ", "@ ", "på ", "op ")
BOOK_USAGE = N_(
    "Use /book to see the free slots and cafés, /book slot N or /book cafe N to book, /book cancel slot N to cancel, /book attach slot N to attach a draft, and /book mine for your bookings."
)
SLOT_ADD_EXAMPLE = N_(
    "Say when the slot starts, for example: /chorus slot add 2026-12-01 14:00 15 Room 4.12 (date, time, minutes, then a room or a meeting link; in the programme's time zone)."
)
SERIES_EXAMPLE = N_(
    "Describe the weekly slots like this: /chorus slot series tue 14:00-15:00 15 8 Room 4.12 (weekday, hours, minutes per slot, number of weeks, then a room or a meeting link)."
)
CAFE_EXAMPLE = N_(
    "Describe the café like this: /chorus cafe add 2026-12-03 15:00 90 8 Writing café | Room 4.12 | Your first post (when, minutes, seats, title | place | topic), or type /chorus cafe add alone for a form."
)


def _parse_book(rest: str) -> c.Command:
    """``/book``, ``/book slot 12``, ``/book cafe 3``, ``/book cancel slot 12``,
    ``/book attach slot 12 TEXT``, ``/book mine``, ``/book list 2``."""
    if not rest:
        return c.ListBookables()
    word, _, args = rest.partition(" ")
    if "\n" in word:
        word, _, more = word.partition("\n")
        args = more + " " + args
    sub = word.casefold()
    args = args.strip()
    if sub in ("list", "more", "page"):
        if not args:
            return c.ListBookables()
        if args.isdigit():
            return c.ListBookables(page=max(1, int(args)))
    if sub in ("mine", "my") and args.casefold() in ("", "bookings"):
        return c.ListMyBookings()
    if sub in _KINDS:
        match = _NUMBER.match(args)
        if not match:
            raise UsageError(
                N_("Tell me which one by its number, for example: /book {kind} 3"), kind=sub
            )
        number = int(match.group(1))
        return c.BookSlot(number) if _KINDS[sub] is BookableKind.SLOT else c.BookCafeSeat(number)
    if sub == "cancel":
        kind, number, _ = _kind_number(args, example="/book cancel slot 12")
        return c.CancelBooking(kind, number)
    if sub in ("attach", "draft"):
        kind, number, text = _kind_number(args, example="/book attach slot 12")
        return c.AttachDraft(kind, number, text) if text else c.OpenDraftForm(kind, number)
    raise UsageError(BOOK_USAGE)


def _kind_number(args: str, *, example: str) -> tuple[BookableKind, int, str]:
    match = _KIND_NUMBER.match(args.strip())
    if not match:
        raise UsageError(
            N_("Say slot or cafe and its number, for example: {example}"), example=example
        )
    return _KINDS[match.group(1).casefold()], int(match.group(2)), (match.group(3) or "").strip()


def _parse_booking_admin(sub: str, args: str) -> c.Command:
    """``/chorus slot …``, ``/chorus cafe …``, ``/chorus bookings [DAY]``,
    ``/chorus calendar [reset]``."""
    word, _, rest = args.partition(" ")
    action = word.casefold()
    rest = rest.strip()
    if sub == "bookings":
        return c.ShowBookings(parse_when(args, need_time=False) if args else None)
    if sub == "calendar":
        if not args:
            return c.ShowCalendarFeed()
        if action in ("reset", "new", "revoke") and not rest:
            return c.ResetCalendarFeed()
        raise UsageError(N_("Use /chorus calendar, or /chorus calendar reset for a new link."))
    if sub in ("slot", "slots"):
        return _parse_slot(action, rest)
    return _parse_cafe(action, rest)


def _parse_slot(action: str, rest: str) -> c.Command:
    if action == "add":
        if not rest:
            raise UsageError(SLOT_ADD_EXAMPLE)
        when, after = take_when(rest)
        minutes, place = _minutes_and_place(after)
        return c.AddSlot(when, minutes, place)
    if action == "series":
        first, _, more = rest.partition(" ")
        if first.casefold() == "cancel":
            return _numbered(c.CancelSeries, more, example="/chorus slot series cancel 2")
        return _parse_series(rest)
    if action == "cancel":
        first, _, more = rest.partition(" ")
        if first.casefold() == "series":
            return _numbered(c.CancelSeries, more, example="/chorus slot cancel series 2")
        return _numbered(c.CancelSlot, rest, example="/chorus slot cancel 12 Sorry, I'm ill today")
    if action in ("", "list"):
        if not rest:
            return c.ListSlots()
        if rest.isdigit():
            return c.ListSlots(page=max(1, int(rest)))
    raise UsageError(
        N_(
            "Use /chorus slot add YYYY-MM-DD HH:MM [MINUTES], /chorus slot series, /chorus slot list or /chorus slot cancel N."
        )
    )


def _parse_cafe(action: str, rest: str) -> c.Command:
    if action == "add":
        if not rest:
            return c.OpenCafeForm()
        when, after = take_when(rest)
        minutes, seats, text = _cafe_amounts(after)
        title, place, topic = ([*(part.strip() for part in text.split("|")), "", ""])[:3]
        if not title:
            raise UsageError(CAFE_EXAMPLE)
        return c.AddCafe(when, seats, title, minutes, place or None, topic or None)
    if action == "cancel":
        return _numbered(c.CancelCafe, rest, example="/chorus cafe cancel 3 Sorry, I'm ill today")
    raise UsageError(N_("Use /chorus cafe add (a form), or /chorus cafe cancel N."))


def _numbered(
    make: Callable[[int, str | None], c.Command], text: str, *, example: str
) -> c.Command:
    match = _NUMBER_NOTE.match(text.strip())
    if not match:
        raise UsageError(
            N_("Tell me which one by its number, then an optional note, for example: {example}"),
            example=example,
        )
    note = (match.group(2) or "").strip()
    return make(int(match.group(1)), note or None)


def _amount(words: list[str], index: int) -> tuple[int, str, int] | None:
    """A number with an optional unit (``15``, ``15min``, ``15 min``, ``8 seats``)."""
    if index >= len(words):
        return None
    match = _AMOUNT.match(words[index].casefold())
    if not match:
        return None
    unit = match.group(2)
    used = 1
    following = words[index + 1].casefold() if index + 1 < len(words) else ""
    if not unit and following in _MINUTE_UNITS | _WEEK_UNITS | _SEAT_UNITS:
        unit, used = following, 2
    if unit and unit not in _MINUTE_UNITS | _WEEK_UNITS | _SEAT_UNITS:
        return None
    return int(match.group(1)), unit, index + used


def _place_text(words: list[str], index: int) -> str | None:
    place = " ".join(words[index:]).strip()
    for prefix in _PLACE_PREFIXES:
        if place.casefold().startswith(prefix):
            place = place[len(prefix) :].strip()
    return place or None


def _minutes_and_place(text: str) -> tuple[int | None, str | None]:
    words = text.split()
    found = _amount(words, 0)
    if found is None or (found[1] and found[1] not in _MINUTE_UNITS):
        return None, _place_text(words, 0)
    return found[0], _place_text(words, found[2])


def _parse_series(text: str) -> c.Command:
    words = text.split()
    if words and words[0].casefold() in ("every", "hver", "elke", "on"):
        words = words[1:]
    weekday = weekday_of(words[0]) if words else None
    if weekday is None:
        raise UsageError(SERIES_EXAMPLE)
    start, end, rest = take_time_range(" ".join(words[1:]))
    words = rest.split()
    minutes: int | None = None
    weeks: int | None = None
    index = 0
    while index < len(words):
        word = words[index].casefold()
        if word in ("every", "hver", "elke", "for", "i", "voor", "x"):
            following = _amount(words, index + 1)
            if following is None:
                break
            index += 1
            continue
        found = _amount(words, index)
        if found is None:
            break
        value, unit, index = found
        if unit in _WEEK_UNITS or (not unit and minutes is not None):
            if weeks is not None:
                raise UsageError(SERIES_EXAMPLE)
            weeks = value
        elif unit in _SEAT_UNITS:
            raise UsageError(SERIES_EXAMPLE)
        else:
            if minutes is not None:
                raise UsageError(SERIES_EXAMPLE)
            minutes = value
    return c.AddSlotSeries(
        weekday,
        start,
        end,
        SLOT_MINUTES_DEFAULT if minutes is None else minutes,
        SERIES_WEEKS_DEFAULT if weeks is None else weeks,
        _place_text(words, index),
    )


def _cafe_amounts(text: str) -> tuple[int | None, int, str]:
    """After a café's time: ``[MINUTES] SEATS`` (units make the order free), then the rest."""
    matches = list(re.finditer(r"\S+", text))
    words = [m.group(0) for m in matches]
    minutes: int | None = None
    seats: int | None = None
    bare: list[int] = []
    index = 0
    while index < len(words) and len(bare) + (minutes is not None) + (seats is not None) < 2:
        found = _amount(words, index)
        if found is None:
            break
        value, unit, index = found
        if unit in _SEAT_UNITS:
            seats = value
        elif unit in _MINUTE_UNITS:
            minutes = value
        elif unit:
            raise UsageError(CAFE_EXAMPLE)
        else:
            bare.append(value)
    if seats is None and bare:
        seats = bare.pop()
    if minutes is None and bare:
        minutes = bare.pop()
    if seats is None:
        raise UsageError(CAFE_EXAMPLE)
    rest = text[matches[index].start() :] if index < len(matches) else ""
    return minutes, seats, rest.strip()


def _form_number(values: Mapping[str, str], name: str, message: str) -> int | None:
    text = values.get(name, "").strip()
    if not text:
        return None
    if not text.isdigit():
        raise UsageError(message, field=name)
    return int(text)


def parse_booking_form(command: str, values: Mapping[str, str]) -> c.Command | None:
    """The café form and the draft form; None for any other form."""
    if command == "chorus cafe add":
        try:
            when = parse_when(values.get("when", ""))
        except UsageError as error:
            error.field = "when"
            raise
        seats = _form_number(values, "seats", N_("Write the number of seats, for example 8."))
        if seats is None:
            raise UsageError(N_("Write the number of seats, for example 8."), field="seats")
        return c.AddCafe(
            when,
            seats,
            values.get("title", "").strip(),
            _form_number(values, "minutes", N_("Write the length in minutes, for example 90.")),
            values.get("place", "").strip() or None,
            values.get("topic", "").strip() or None,
        )
    match = re.fullmatch(r"book attach (slot|cafe) (\d{1,9})", command)
    if match:
        return c.AttachDraft(
            _KINDS[match.group(1)], int(match.group(2)), values.get("draft", "").strip()
        )
    return None


# ---------------------------------------------------------------- drafts, posts and cheers

_VERSION = re.compile(r"^v?(\d{1,6})$", re.IGNORECASE)
_SLACK_LINK = re.compile(r"^<([^|>\s]+)(?:\|[^>]*)?>$")
_ENGAGEMENTS = {
    "like": Engagement.LIKED,
    "liked": Engagement.LIKED,
    "comment": Engagement.COMMENTED,
    "commented": Engagement.COMMENTED,
    "share": Engagement.SHARED,
    "shared": Engagement.SHARED,
}
_TERM_WORDS = {"offlimits": TermKind.OFF_LIMITS, "off-limits": TermKind.OFF_LIMITS}
_TERM_WORDS["pitch"] = TermKind.PITCH
DRAFT_USAGE = N_(
    "Use /draft to open the editor, /draft TEXT to save a draft, /draft list, /draft show N, /draft edit N, /draft feedback N [@colleague], /draft discard N or /draft restore N."
)
POSTED_USAGE = N_(
    "Paste the link of your published post, for example: /posted https://www.linkedin.com/posts/... (add a draft's number to link it: /posted URL 3)."
)
CHEER_USAGE = N_(
    "Name a colleague and say why, for example: /cheer @bente for explaining our backup tests so clearly"
)


def _number_of(text: str, usage: str) -> int:
    match = _NUMBER.match(text.strip())
    if not match:
        raise UsageError(usage)
    return int(match.group(1))


def _parse_draft(rest: str) -> c.Command:
    """``/draft``, ``/draft TEXT``, ``/draft list|show|edit|discard|restore|feedback|review``."""
    if not rest:
        return c.OpenDraftEditor()
    word, _, args = rest.partition(" ")
    if "\n" in word:
        word, _, more = word.partition("\n")
        args = more + " " + args
    sub = word.casefold()
    args = args.strip()
    if sub == "new":
        return c.SaveDraft(args) if args else c.OpenDraftEditor()
    if sub == "list" and args.casefold() in ("", "all", "mine"):
        return c.ListDrafts(everyone=args.casefold() == "all")
    if sub in ("show", "edit", "discard", "restore", "feedback", "review"):
        first, _, more = args.partition(" ")
        if "\n" in first:
            first, _, tail = first.partition("\n")
            more = tail + " " + more
        number = _number_of(first, DRAFT_USAGE)
        more = more.strip()
        if sub == "show":
            if not more:
                return c.ShowDraft(number)
            version = _VERSION.match(more)
            if version:
                return c.ShowDraft(number, int(version.group(1)))
            raise UsageError(DRAFT_USAGE)
        if sub == "edit":
            return c.SaveDraft(more, number) if more else c.OpenDraftEditor(number)
        if sub == "feedback":
            colleague = parse_member(more, example="/draft feedback 3 @bente") if more else None
            return c.AskFeedback(number, colleague)
        if sub == "review":
            version = _VERSION.match(more)
            if not more or version:
                return c.OpenFeedbackForm(number, int(version.group(1)) if version else None)
            return c.GiveFeedback(number, None, more)
        if more:
            raise UsageError(DRAFT_USAGE)
        return c.DiscardDraft(number) if sub == "discard" else c.RestoreDraft(number)
    return c.SaveDraft(rest)


def _parse_posted(rest: str) -> c.Command:
    """``/posted URL [N]`` and the call's buttons (``posted like 3`` …)."""
    words = rest.split()
    if not words:
        raise UsageError(POSTED_USAGE)
    sub = words[0].casefold()
    if sub in _ENGAGEMENTS and len(words) == 2:
        return c.EngagePost(_number_of(words[1], POSTED_USAGE), _ENGAGEMENTS[sub])
    if sub == "undo" and len(words) == 3 and words[1].casefold() in _ENGAGEMENTS:
        kind = _ENGAGEMENTS[words[1].casefold()]
        return c.EngagePost(_number_of(words[2], POSTED_USAGE), kind, undo=True)
    if sub == "cheer" and len(words) == 2:
        return c.CheerPost(_number_of(words[1], POSTED_USAGE))
    if sub == "show" and len(words) == 2:
        return c.ShowPost(_number_of(words[1], POSTED_USAGE))
    link = _SLACK_LINK.match(words[0])
    url = link.group(1) if link else words[0]
    tail = [w for w in words[1:] if w.casefold() != "draft"]
    if len(tail) > 1:
        raise UsageError(POSTED_USAGE)
    number = _number_of(tail[0], POSTED_USAGE) if tail else None
    return c.AnnouncePost(url, number)


def _parse_cheer(rest: str) -> c.Command:
    """``/cheer <@U1|name> REASON`` (or ``@name REASON`` in the console)."""
    rest = rest.strip()
    if rest.startswith("<@") and ">" in rest:
        end = rest.index(">") + 1
        who, reason = rest[:end], rest[end:]
    else:
        who, _, reason = rest.partition(" ")
    if not who:
        raise UsageError(CHEER_USAGE)
    member = parse_member(who, example="/cheer @bente for explaining our backup tests so clearly")
    return c.GiveCheer(member, reason.strip())


def _parse_terms(kind: TermKind, args: str) -> c.Command:
    word, _, term = args.partition(" ")
    action = word.casefold()
    term = term.strip()
    if action in ("", "list") and not term:
        return c.ListTerms(kind)
    if action in ("add", "remove") and term:
        return c.EditTerm(kind, term, add=action == "add")
    raise UsageError(
        N_("Use /chorus {word} add TERM, /chorus {word} remove TERM or /chorus {word} list."),
        word="offlimits" if kind is TermKind.OFF_LIMITS else "pitch",
    )


def _parse_programme_words(sub: str, args: str) -> c.Command | None:
    """``/chorus guidelines [TEXT]``, ``/chorus offlimits|pitch …``, ``/chorus cheers
    public|private``; None for any other word."""
    if sub == "guidelines":
        return c.SetGuidelines(args) if args else c.OpenGuidelinesForm()
    if sub in _TERM_WORDS:
        return _parse_terms(_TERM_WORDS[sub], args)
    if sub == "cheers":
        choice = args.casefold()
        if choice in ("public", "private"):
            return c.SetCheerVisibility(public=choice == "public")
        raise UsageError(
            N_(
                "Use /chorus cheers private to keep cheers for you out of the channel, or /chorus cheers public."
            )
        )
    return None


def parse_draft_form(command: str, values: Mapping[str, str]) -> c.Command | None:
    """The draft editor, the feedback form and the guidelines form; None for others."""
    text = values.get("text", "").strip()
    if command == "draft" or re.fullmatch(r"draft edit \d{1,9}", command):
        if not text:
            raise UsageError(N_("Write your draft in the text field."), field="text")
        number = command.rpartition(" ")[2]
        return c.SaveDraft(text, int(number) if number.isdigit() else None)
    match = re.fullmatch(r"draft review (\d{1,9}) v(\d{1,6})", command)
    if match:
        if not text:
            raise UsageError(N_("Write your feedback in the text field."), field="text")
        return c.GiveFeedback(int(match.group(1)), int(match.group(2)), text)
    if command == "chorus guidelines":
        return c.SetGuidelines(text)
    return None
