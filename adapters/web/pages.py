"""What the dashboard page and the quarterly report share: the template environment and the
CSV tables (the numbers come from ``bot.stats``; here they are only laid out)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from bot.i18n import Translator
from bot.stats.dashboard import Dashboard
from bot.stats.metrics import share
from bot.stats.views import group_name, network_name

HERE = Path(__file__).parent


def environment() -> Environment:
    """The template environment: autoescape on for every page."""
    return Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _csv_cell(value: object) -> object:
    """A cell that a spreadsheet will not run as a formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_rows(board: Dashboard, table: str, tr: Translator) -> tuple[list[str], list[list[object]]]:
    """One of the dashboard's tables as CSV columns and rows (plain numbers, shares 0-1)."""
    now = board.now
    if table == "figures":
        return ["figure", "value", "previous"], [
            ["enrolled", now.enrolled, board.before.enrolled],
            ["active", now.active, board.before.active],
            ["participation", now.participation, board.before.participation],
            ["activation", now.activation, board.before.activation],
            ["first_posts", now.first_posts, board.before.first_posts],
            ["posts", now.posts, board.before.posts],
            ["answers", now.answers, board.before.answers],
            ["answers_per_post", now.answers_per_post, board.before.answers_per_post],
            ["cheers", now.cheers, board.before.cheers],
            ["cheers_per_member", now.cheers_per_member, board.before.cheers_per_member],
            [
                "feedback_median_hours",
                now.support.feedback_hours,
                board.before.support.feedback_hours,
            ],
            ["slots_offered", now.support.slots_offered, board.before.support.slots_offered],
            ["slots_booked", now.support.slots_booked, board.before.support.slots_booked],
            ["cafe_seats", now.support.cafe_seats, board.before.support.cafe_seats],
            [
                "cafe_seats_taken",
                now.support.cafe_seats_taken,
                board.before.support.cafe_seats_taken,
            ],
        ]
    if table == "trend":
        return ["first_day", "last_day", "enrolled", "active", "participation", "posts"], [
            [
                p.period.first.isoformat(),
                p.period.last.isoformat(),
                p.enrolled,
                p.active,
                p.participation,
                p.posts,
            ]
            for p in board.trend
        ]
    if table == "funnel":
        return ["step", "count", "conversion"], [
            [step, count, conversion] for step, count, conversion in now.funnel.steps
        ]
    if table == "themes":
        return [
            "theme",
            "ideas",
            "claimed",
            "drafted",
            "published",
            "median_days_to_draft",
            "median_days_to_post",
        ], [
            [
                theme or tr._("other themes and small groups"),
                f.ideas,
                f.claimed,
                f.drafted,
                f.published,
                f.days_to_draft,
                f.days_to_post,
            ]
            for theme, f in now.themes.items()
        ]
    if table == "networks":
        return ["network", "posts", "answers", "answers_per_post"], [
            [network_name(tr, r.network), r.posts, r.answers, r.answers_per_post]
            for r in now.networks
        ]
    if table in ("segments", "network_members"):
        network = table == "network_members"
        rows = board.groups.networks if network else board.groups.segments
        return [
            "network" if network else "segment",
            "members",
            "active",
            "participation",
            "posts",
            "company_shares",
            "external_shares",
            "company_percent",
        ], [
            [
                group_name(tr, r, network=network),
                r.members,
                r.active,
                r.participation,
                r.posts,
                r.company,
                r.external,
                r.company_percent,
            ]
            for r in rows
        ]
    if table == "times":
        return ["weekday", "hour", "posts", "answers", "answers_per_post"], [
            [c.weekday + 1, c.hour, c.posts, c.answers, share(c.answers, c.posts)]
            for c in now.best_times
        ]
    return ["name", "role", "contributions", "could_use_a_hand"], [
        [p.name, p.role, p.contributions, "yes" if p.quiet else "no"] for p in board.people
    ]


def csv_bytes(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if value is None else _csv_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8")
