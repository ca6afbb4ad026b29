"""What `/chorus privacy` says: what Chorus keeps, why, for how long and who sees it."""

from __future__ import annotations

from bot.config import Retention
from bot.i18n import Translator
from bot.messages import Actions, Block, Button, Divider, Header, Note, Section


def privacy_blocks(
    tr: Translator, retention: Retention, *, coordinator: bool, notes_per_hour: int
) -> list[Block]:
    """The privacy page, with the retention numbers and the note cap of this programme."""
    blocks: list[Block] = [
        Header(tr._("What Chorus keeps about you")),
        Section(
            tr._t(
                "What: your name and platform id (only in one place, so they can be erased), your language and time zone, the ideas you park and vote for, your drafts and every version of them, feedback you give and get, the posts you announce and the ones you like, cheers, bookings and calendar links."
            )
        ),
        Section(
            tr._t(
                "Why: to run the programme with you: show your ideas and posts to colleagues, keep your drafts private until you ask for feedback, remind you of bookings, and let coordinators see how the programme is doing (never a ranking of people)."
            )
        ),
        Section(
            tr._t(
                "Who sees it: your drafts only you, the coordinators and colleagues you ask for feedback; what you post in the ambassador channel (ideas, posts, cheers unless you chose /chorus cheers private) everyone in the programme. Nobody outside your workspace."
            )
        ),
        Section(
            tr._t(
                "How long: as long as you are a member, unless you or a coordinator erase it. Some things go sooner: discarded drafts after {drafts} days, delivered messages after {messages} days, download links after {hours} hours, platform event ids after {events} days.",
                drafts=retention.discarded_drafts_days,
                messages=retention.delivered_messages_days,
                hours=retention.export_link_hours,
                events=retention.processed_events_days,
            )
        ),
        Note(
            tr._t(
                "For a day, Chorus also counts the notes it sent to colleagues on your behalf (how many and when, nothing you wrote), so that nobody gets more than {limit} an hour from you.",
                limit=notes_per_hour,
            )
        ),
        Divider(),
        Section(
            tr._t(
                "Your rights: take a copy of everything with /chorus privacy export. To have it all erased, ask a coordinator: what you wrote is deleted, and what you gave others stays without your name."
            )
        ),
        Actions((Button(tr._("Export my data"), "chorus privacy export"),)),
    ]
    if coordinator:
        blocks.append(
            Note(
                tr._t(
                    "Coordinators: /chorus member erase @name erases a member, after a confirmation."
                )
            )
        )
    return blocks
