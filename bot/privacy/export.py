"""The export file: one JSON and one CSV per kind of data, and a README that explains every
file and field in the member's language. Built here, from plain records, so every platform
and the command line hand over the same ZIP."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import datetime

from bot.i18n import N_, Translator
from bot.privacy.ports import MemberData, Record


@dataclass(frozen=True)
class Kind:
    """One file of the export: what it holds (a msgid) and its fields, in order."""

    about: str
    fields: tuple[str, ...]


# Every kind of data an export holds. The store fills exactly these fields (a contract test
# checks it), and the README explains each one.
KINDS: dict[str, Kind] = {
    "profile": Kind(
        N_("Who you are to Chorus: your platform id, name, role and settings."),
        (
            "platform_id",
            "display_name",
            "role",
            "language",
            "time_zone",
            "joined_at",
            "last_active_at",
            "away_until",
            "nudges_off",
            "last_nudged_at",
            "name_checked_at",
        ),
    ),
    "ideas": Kind(
        N_("Post ideas you parked."),
        ("number", "text", "themes", "status", "created_at", "updated_at"),
    ),
    "ideas_claimed": Kind(
        N_("Colleagues' ideas you said you would write."), ("number", "status", "updated_at")
    ),
    "votes": Kind(N_("Ideas you voted for."), ("idea_number", "created_at")),
    "drafts": Kind(
        N_("Your drafts (their texts are in draft_versions)."),
        ("number", "status", "idea_number", "created_at", "updated_at", "discarded_at"),
    ),
    "draft_versions": Kind(
        N_("Every saved version of your drafts."), ("draft_number", "version", "text", "created_at")
    ),
    "feedback_received": Kind(
        N_("Feedback on your drafts (without the names of those who gave it)."),
        ("draft_number", "version", "text", "created_at"),
    ),
    "feedback_given": Kind(
        N_("Feedback you gave on colleagues' drafts."),
        ("draft_number", "version", "text", "created_at"),
    ),
    "review_requests": Kind(N_("Colleagues' drafts you were asked to read."), ("draft_number",)),
    "posts": Kind(
        N_("Published posts you announced."),
        ("number", "url", "network", "draft_number", "created_at"),
    ),
    "engagements": Kind(
        N_("Posts you liked, commented on or shared."), ("post_number", "kind", "created_at")
    ),
    "cheers_given": Kind(
        N_("Cheers you gave (without the names of those you cheered)."), ("reason", "created_at")
    ),
    "cheers_received": Kind(
        N_("Cheers you received (without the names of those who gave them)."),
        ("reason", "created_at"),
    ),
    "cheer_settings": Kind(
        N_("Whether cheers for you are announced in the channel."), ("announced",)
    ),
    "bookings": Kind(
        N_("Feedback slots and writing-café seats you booked or waited for."),
        ("kind", "number", "starts_at", "status", "draft", "created_at"),
    ),
    "calendar_links": Kind(
        N_("Calendar links you were given (only a fingerprint of each link is kept)."),
        ("kind", "created_at"),
    ),
    "slots_hosted": Kind(
        N_("Feedback slots you offered as a coordinator."),
        ("number", "starts_at", "ends_at", "place", "status"),
    ),
    "cafes_hosted": Kind(
        N_("Writing cafés you hosted."),
        ("number", "title", "topic", "place", "starts_at", "status"),
    ),
    "conversations": Kind(
        N_("Your personal chat with Chorus, so it can write to you later."),
        ("kind", "conversation_id", "updated_at"),
    ),
    "exports": Kind(N_("When you asked for an export like this one."), ("created_at",)),
    "library_suggested": Kind(
        N_("Links you suggested for the content library, with your note."),
        ("number", "url", "note", "created_at"),
    ),
    "library_picks": Kind(
        N_("Library items you said you would share."), ("item_number", "created_at")
    ),
    "enrolment": Kind(
        N_("Your place in the programme: when you asked to join, got a seat or left."),
        ("status", "requested_at", "seated_at", "left_at"),
    ),
    "segments": Kind(
        N_("The segments you were in, and when."), ("segment", "started_at", "ended_at")
    ),
    "networks": Kind(N_("The networks you said you post on."), ("network",)),
    "mentoring": Kind(
        N_("Mentor pairings you were part of, as mentor or newcomer."),
        ("role", "started_at", "ended_at", "met"),
    ),
    "dashboard_sign_ins": Kind(
        N_("Sign-in links and sessions of the coordinators' dashboard."),
        ("kind", "created_at", "expires_at"),
    ),
    "nominations_given": Kind(
        N_(
            "Your nominations for ambassador of the quarter (without the names of those you nominated)."
        ),
        ("quarter", "why", "created_at", "updated_at"),
    ),
    "nominations_received": Kind(
        N_(
            "Nominations of you for ambassador of the quarter (without the names of those who nominated you)."
        ),
        ("quarter", "why", "created_at"),
    ),
    "surveys": Kind(
        N_(
            "Surveys you were sent and whether you answered — never what you answered: Chorus keeps answers apart, with nothing linking them to you."
        ),
        ("number", "template", "answered"),
    ),
    "awards": Kind(
        N_("The quarters you were ambassador of the quarter, with the coordinators' citation."),
        ("quarter", "citation", "status", "decided_at"),
    ),
    "runner_up_mentions": Kind(
        N_("The quarters the coordinators mentioned you as a runner-up, with their words."),
        ("quarter", "mention", "status", "created_at"),
    ),
}

# What each field means, wherever it appears.
FIELDS: dict[str, str] = {
    "platform_id": N_("your id on Slack, Teams or the console"),
    "display_name": N_("the name the platform gave Chorus"),
    "role": N_("ambassador or coordinator"),
    "language": N_("the language you chose (empty: the programme's)"),
    "time_zone": N_("the time zone you chose (empty: the programme's)"),
    "joined_at": N_("when you first used Chorus"),
    "last_active_at": N_("when you last used Chorus (to the hour)"),
    "away_until": N_("no nudges until this day"),
    "nudges_off": N_("true if you turned gentle nudges off"),
    "last_nudged_at": N_("when Chorus last nudged you"),
    "name_checked_at": N_("when Chorus last asked Slack or Teams for your current name"),
    "number": N_("the number you type in commands"),
    "text": N_("the words as they were saved"),
    "themes": N_("the themes it is tagged with"),
    "status": N_("where it stands (for example open, claimed, active, cancelled)"),
    "created_at": N_("when it was made"),
    "updated_at": N_("when it last changed"),
    "discarded_at": N_("when you set it aside (empty: it was not)"),
    "idea_number": N_("the idea it belongs to"),
    "draft_number": N_("the draft it belongs to"),
    "post_number": N_("the post it belongs to"),
    "item_number": N_("the library item it belongs to"),
    "requested_at": N_("when you asked"),
    "seated_at": N_("when you got a seat"),
    "left_at": N_("when you left"),
    "segment": N_("the segment's key"),
    "started_at": N_("when it began"),
    "ended_at": N_("when it ended (empty: it goes on)"),
    "met": N_("whether you said you met (empty: not asked yet)"),
    "note": N_("the note you added"),
    "expires_at": N_("when it stops working"),
    "version": N_("which saved version of the draft"),
    "url": N_("the address of the post"),
    "network": N_("where it was published"),
    "kind": N_("what sort of thing it is"),
    "reason": N_("the words that came with the cheer"),
    "quarter": N_("the quarter, like 2026-Q4"),
    "template": N_("which survey it was (its name, such as pulse or yearly)"),
    "answered": N_("true if you answered it"),
    "why": N_("the reason given with the nomination"),
    "citation": N_("why the coordinators chose you"),
    "mention": N_("what the coordinators said with the mention"),
    "decided_at": N_("when the coordinators chose"),
    "announced": N_("false if you chose /chorus cheers private"),
    "starts_at": N_("when it starts"),
    "ends_at": N_("when it ends"),
    "place": N_("the room or meeting link"),
    "draft": N_("the text you attached for feedback"),
    "title": N_("the café's title"),
    "topic": N_("the café's topic"),
    "conversation_id": N_("the platform's id of the chat"),
}

README_NAME = "README.txt"


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _csv(kind: Kind, records: list[Record]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(kind.fields)
    for record in records:
        writer.writerow([_cell(record.get(name)) for name in kind.fields])
    return out.getvalue()


def readme(tr: Translator, data: MemberData, now: datetime) -> str:
    """The README: what the export is, then every file and every field."""
    lines = [
        tr._("Your data in Chorus"),
        "",
        tr._(
            "Everything Chorus kept about you on {date}. Each kind of data comes twice: as JSON (for programs) and as CSV (for spreadsheets). Times are in UTC (ISO 8601). Names of other members are left out: their data is theirs.",
            date=now.date().isoformat(),
        ),
        "",
        tr._("Files"),
    ]
    for name, kind in KINDS.items():
        count = len(data.get(name, []))
        lines.append(f"- {name}.json, {name}.csv ({count}): {tr._(kind.about)}")
    lines += ["", tr._("Fields")]
    for name in sorted({f for kind in KINDS.values() for f in kind.fields}):
        lines.append(f"- {name}: {tr._(FIELDS[name])}")
    return "\n".join(lines) + "\n"


def build_zip(tr: Translator, data: MemberData, now: datetime) -> bytes:
    """The export as ZIP bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(README_NAME, readme(tr, data, now))
        for name, kind in KINDS.items():
            records = [{f: r.get(f) for f in kind.fields} for r in data.get(name, [])]
            archive.writestr(f"{name}.json", json.dumps(records, ensure_ascii=False, indent=2))
            archive.writestr(f"{name}.csv", _csv(kind, records))
    return buffer.getvalue()
