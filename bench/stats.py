"""Benchmark and demo data for programme figures.

Seeds one programme (by default 1,000 members with two years of history: about 20,000
ideas, 10,000 posts, 100,000 likes/comments/shares and 50,000 cheers) straight into the
database, then times ``/chorus stats quarter``, the figures of the dashboard's overview page
and every page's figures at once (as the quarterly report asks for them), three ways in the
same run: contributions counted from the facts one by one (the baseline), as main counts
them (the daily summary, the ideas' funnels computed in Python), and as this tree counts
them; it prints a markdown table of medians and p95s. ``--programmes 100``
copies the seeded programme inside PostgreSQL until there are 100 of them.

    python bench/stats.py                                  # SQLite in a temporary folder
    python bench/stats.py --database-url postgresql+asyncpg://postgres@127.0.0.1/chorus_bench
    python bench/stats.py --members 40 --days 120 --seed-only --database-url sqlite+aiosqlite:///demo.db
    python bench/stats.py --programmes 100 --database-url postgresql+asyncpg://postgres@127.0.0.1/postgres
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import statistics
import subprocess
import sys
import tempfile
import time
import types
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import Integer, func, insert, select, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from adapters.runtime import settle_heap
from bot.commands import Actor
from bot.config import Programme
from bot.core import Core
from bot.model import Platform
from bot.stats.dashboard import EVERY_PART, PAGE_PARTS, Part, dashboard
from bot.stats.metrics import idea_funnels
from bot.stats.periods import PeriodSpec
from bot.stats.ports import Contribution, IdeaFunnels
from storage.database import create_engine, session_factory
from storage.migrate import upgrade
from storage.models import (
    Base,
    BookingCounterRow,
    BookingRow,
    CheerRow,
    DraftFeedbackRow,
    DraftRow,
    DraftVersionRow,
    IdeaRow,
    IdeaThemeRow,
    MemberRow,
    PostEngagementRow,
    PostRow,
    SlotRow,
    ThemeRow,
    WorkspaceRow,
)
from storage.stats import SqlStatsRepository
from storage.unit_of_work import SqlUnitOfWorkFactory

THEMES = ("engineering", "culture", "sustainability", "customers", "careers")
NETWORKS = ("linkedin", "linkedin", "linkedin", "x", "reddit", "mastodon", "youtube", "web")
NAMES = (
    "Ann", "Bente", "Carl", "Dora", "Emil", "Frida", "Gustav", "Hanne", "Ida", "Jens",
    "Karen", "Lars", "Mette", "Niels", "Olga", "Peter", "Rikke", "Søren", "Tove", "Ulla",
)  # fmt: skip
COORDINATOR = "UCOORD"
CHUNK = 5_000


def aware(moment: datetime) -> datetime:
    """SQLite hands datetimes back without their zone; everything here is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


async def _insert(connection: Any, table: Any, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), CHUNK):
        await connection.execute(insert(table), rows[start : start + CHUNK])


async def seed(url: str, members: int, days: int, now: datetime, rng: random.Random) -> None:
    """One programme with ``members`` members and ``days`` days of history up to ``now``."""
    engine = create_engine(url)
    await upgrade(engine)
    first = now - timedelta(days=days)

    def moment(after: datetime | None = None) -> datetime:
        start = max(aware(after) if after else first, first)
        span = max(1.0, (now - start).total_seconds())
        hour = rng.choice((7, 8, 8, 9, 9, 10, 12, 13, 15, 16, 20))
        at = start + timedelta(seconds=rng.random() * span)
        at = at.replace(hour=hour, minute=rng.randrange(60))
        return min(max(at, start), now - timedelta(minutes=1))

    async with engine.begin() as c:
        ws = (
            await c.execute(
                insert(WorkspaceRow).returning(WorkspaceRow.id),
                [
                    dict(
                        platform="slack",
                        external_id="T1",
                        locale="en",
                        timezone="Europe/Copenhagen",
                        channel_id="C1",
                        idea_seq=0,
                        created_at=first,
                    )
                ],
            )
        ).scalar_one()
        people = []
        for index in range(members):
            name = NAMES[index % len(NAMES)] + (
                "" if index < len(NAMES) else f" {index // len(NAMES) + 1}"
            )
            joined = first + timedelta(days=rng.random() * days * 0.6) if index else first
            people.append(
                dict(
                    workspace_id=ws,
                    external_id=COORDINATOR if index == 0 else f"U{index:05d}",
                    display_name=name,
                    name_key=name.casefold(),
                    role="coordinator" if index == 0 else "ambassador",
                    created_at=joined,
                    last_active_at=joined,
                )
            )
        ids = list(
            (
                await c.execute(
                    insert(MemberRow).returning(MemberRow.id, MemberRow.created_at), people
                )
            ).all()
        )
        theme_ids = list(
            (
                await c.execute(
                    insert(ThemeRow).returning(ThemeRow.id),
                    [dict(workspace_id=ws, name=t, name_key=t) for t in THEMES],
                )
            ).scalars()
        )
        # Some members are much busier than others, as in real programmes.
        weights = [rng.paretovariate(1.2) for _ in ids]
        ideas, idea_themes, drafts, versions, feedback, posts, engagements, cheers = (
            [],
            [],
            [],
            [],
            [],
            [],
            [],
            [],
        )
        n_ideas = members * 20 * days // 730
        for number in range(1, n_ideas + 1):
            author, joined = rng.choices(ids, weights)[0]
            created = moment(joined)
            status = rng.choices(
                ("open", "claimed", "drafted", "published", "archived"), (40, 15, 10, 30, 5)
            )[0]
            ideas.append(
                dict(
                    workspace_id=ws,
                    number=number,
                    author_id=author,
                    text=f"Idea {number}",
                    status=status,
                    claimed_by_id=author if status != "open" else None,
                    created_at=created,
                    updated_at=created,
                )
            )
        idea_rows = list(
            (
                await c.execute(
                    insert(IdeaRow).returning(
                        IdeaRow.id, IdeaRow.author_id, IdeaRow.created_at, IdeaRow.status
                    ),
                    ideas,
                )
            ).all()
        )
        draft_number = post_number = 0
        first_feedback: list[dict[str, Any]] = []
        for idea_id, author, created, status in idea_rows:
            created = aware(created)
            idea_themes += [
                dict(idea_id=idea_id, theme_id=t)
                for t in rng.sample(theme_ids, rng.choice((1, 1, 2)))
            ]
            if status in ("drafted", "published"):
                draft_number += 1
                drafted = min(
                    created + timedelta(days=rng.expovariate(1 / 4)), now - timedelta(minutes=30)
                )
                drafts.append(
                    dict(
                        workspace_id=ws,
                        number=draft_number,
                        author_id=author,
                        idea_id=idea_id,
                        status="published" if status == "published" else "active",
                        created_at=drafted,
                        updated_at=drafted,
                        feedback_requested_at=drafted if rng.random() < 0.4 else None,
                    )
                )
        draft_rows = (
            list(
                (
                    await c.execute(
                        insert(DraftRow).returning(
                            DraftRow.id,
                            DraftRow.author_id,
                            DraftRow.created_at,
                            DraftRow.status,
                            DraftRow.feedback_requested_at,
                        ),
                        drafts,
                    )
                ).all()
            )
            if drafts
            else []
        )
        for draft_id, author, drafted, status, asked in draft_rows:
            drafted = aware(drafted)
            asked = aware(asked) if asked else None
            versions += [
                dict(
                    draft_id=draft_id, version=v, text="…", created_at=drafted + timedelta(hours=v)
                )
                for v in range(1, rng.randint(1, 3) + 1)
            ]
            if asked is not None and rng.random() < 0.85:
                answered = min(asked + timedelta(hours=rng.expovariate(1 / 10)), now)
                feedback.append(
                    dict(
                        draft_id=draft_id,
                        version=1,
                        reviewer_id=ids[0][0],
                        text="Lovely",
                        created_at=answered,
                    )
                )
                first_feedback.append({"id": draft_id, "at": answered})
            if status == "published":
                post_number += 1
                published = min(
                    drafted + timedelta(days=rng.expovariate(1 / 2)), now - timedelta(minutes=5)
                )
                link = f"https://www.example.com/posts/{post_number}"
                posts.append(
                    dict(
                        workspace_id=ws,
                        number=post_number,
                        author_id=author,
                        url=link,
                        url_key=link,
                        network=rng.choice(NETWORKS),
                        draft_id=draft_id,
                        created_at=published,
                    )
                )
        await _insert(c, IdeaThemeRow, idea_themes)
        await _insert(c, DraftVersionRow, versions)
        await _insert(c, DraftFeedbackRow, feedback)
        for row in first_feedback:
            await c.execute(
                DraftRow.__table__.update()
                .where(DraftRow.id == row["id"])
                .values(first_feedback_at=row["at"])
            )
        post_rows = (
            list(
                (
                    await c.execute(
                        insert(PostRow).returning(
                            PostRow.id, PostRow.author_id, PostRow.created_at
                        ),
                        posts,
                    )
                ).all()
            )
            if posts
            else []
        )
        for post_id, author, published in post_rows:
            published = aware(published)
            morning = 1.6 if published.hour < 10 else 1.0
            fans = rng.sample(ids, min(len(ids), int(rng.expovariate(1 / (10 * morning))) + 1))
            for fan, _ in fans:
                if fan != author:
                    engagements.append(
                        dict(
                            post_id=post_id,
                            member_id=fan,
                            kind=rng.choice(("liked", "liked", "commented", "shared")),
                            created_at=published + timedelta(hours=rng.random() * 30),
                        )
                    )
        await _insert(
            c,
            PostEngagementRow,
            [
                e
                for e in {
                    (e["post_id"], e["member_id"], e["kind"]): e for e in engagements
                }.values()
                if e["created_at"] < now
            ],
        )
        for _ in range(members * 50 * days // 730):
            giver, joined = rng.choices(ids, weights)[0]
            receiver = rng.choice(ids)[0]
            if receiver != giver:
                cheers.append(
                    dict(
                        workspace_id=ws,
                        giver_id=giver,
                        receiver_id=receiver,
                        reason="Thank you",
                        created_at=moment(joined),
                    )
                )
        await _insert(c, CheerRow, cheers)
        slots, bookings = [], []
        for week in range(days // 7):
            start = first + timedelta(weeks=week, days=1, hours=13)
            slots.append(
                dict(
                    workspace_id=ws,
                    number=week + 1,
                    coordinator_id=ids[0][0],
                    starts_at=start,
                    ends_at=start + timedelta(minutes=15),
                    status="open",
                    created_at=start - timedelta(days=7),
                )
            )
        slot_rows = (
            list(
                (
                    await c.execute(insert(SlotRow).returning(SlotRow.id, SlotRow.starts_at), slots)
                ).all()
            )
            if slots
            else []
        )
        for slot_id, starts in slot_rows:
            starts = aware(starts)
            if rng.random() < 0.6:
                who = rng.choice(ids)[0]
                bookings.append(
                    dict(
                        workspace_id=ws,
                        member_id=who,
                        slot_id=slot_id,
                        status="active",
                        created_at=starts - timedelta(days=2),
                        updated_at=starts - timedelta(days=2),
                    )
                )
        await _insert(c, BookingRow, bookings)
        await c.execute(
            insert(BookingCounterRow),
            [
                dict(workspace_id=ws, kind=k, value=v)
                for k, v in (("draft", draft_number), ("post", post_number), ("slot", len(slots)))
            ],
        )
        await c.execute(
            WorkspaceRow.__table__.update().where(WorkspaceRow.id == ws).values(idea_seq=n_ideas)
        )
    await settle(url)
    print(
        f"seeded {members} members, {len(ideas)} ideas, {len(posts)} posts, {len(engagements)} answers, {len(cheers)} cheers"
    )
    await engine.dispose()


async def settle(url: str) -> None:
    """Fresh planner statistics and, on PostgreSQL, a visibility map (index-only scans need
    it), as autovacuum would leave them after a bulk load."""
    postgres = make_url(url).get_backend_name() == "postgresql"
    engine = create_engine(url, **({"isolation_level": "AUTOCOMMIT"} if postgres else {}))
    async with engine.connect() as connection:
        await connection.execute(text("VACUUM ANALYZE" if postgres else "ANALYZE"))
        await connection.commit()
    await engine.dispose()


async def clone(url: str, copies: int) -> None:
    """``copies`` more programmes like the one seeded, made inside PostgreSQL: every table
    that has rows is copied ``copies`` times with one INSERT … SELECT, each copy's ids (and
    the ids it points at) shifted past the seeded ones. Triggers are off meanwhile
    (``session_replication_role = replica``): the daily summary is copied like the rest."""
    engine = create_engine(url)
    started = time.perf_counter()
    async with engine.begin() as c:
        await c.execute(text("SET LOCAL session_replication_role = replica"))
        tables = [
            t
            for t in Base.metadata.sorted_tables
            if await c.scalar(select(func.count()).select_from(t))
        ]
        # A copy's ids start past the largest seeded one, per table.
        offsets = {
            t.name: int(await c.scalar(select(func.max(t.c.id))) or 0) + 1
            for t in tables
            if "id" in t.c and isinstance(t.c.id.type, Integer)
        }
        for table in tables:
            columns = []
            for column in table.c:
                expression = f"t.{column.name}"
                targets = [k.column.table.name for k in column.foreign_keys]
                shifted = table.name if column.name == "id" else (targets or [""])[0]
                if shifted in offsets and isinstance(column.type, Integer):
                    expression = f"t.{column.name} + k * {offsets[shifted]}"
                elif table.name == "workspaces" and column.name == "external_id":
                    expression = "'T' || (k + 1)"
                columns.append(expression)
            names = ", ".join(column.name for column in table.c)
            await c.execute(
                text(
                    f"INSERT INTO {table.name} ({names}) SELECT {', '.join(columns)} "
                    f"FROM {table.name} AS t CROSS JOIN generate_series(1, {copies}) AS k"
                )
            )
        for name, offset in offsets.items():
            await c.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                    f"{offset * (copies + 1)})"
                )
            )
    await settle(url)
    print(f"cloned {copies} times in {time.perf_counter() - started:.0f} s")
    await engine.dispose()


def p95(samples: list[float]) -> float:
    """The 95th percentile, in milliseconds."""
    return statistics.quantiles(samples, n=20)[-1] * 1000


def p99(samples: list[float]) -> float:
    """The 99th percentile, in milliseconds (with 40 runs, about the slowest)."""
    return statistics.quantiles(samples, n=100)[-1] * 1000


def median(samples: list[float]) -> float:
    """The median, in milliseconds."""
    return statistics.median(samples) * 1000


def _activity(found: list[Any]) -> list[tuple[int, int]]:
    return [
        (
            sum(1 for kinds in each.values() if sum(kinds.values())),
            sum(kinds.get(Contribution.POST, 0) for kinds in each.values()),
        )
        for each in found
    ]


def baseline(ref: str) -> type:
    """``SqlStatsRepository`` as ``storage/stats.py`` had it at git ``ref``: the baseline's
    queries, run in this process against this database."""
    source = subprocess.run(
        ["git", "-C", str(ROOT), "show", f"{ref}:storage/stats.py"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    module = types.ModuleType(f"stats_at_{ref}")
    exec(compile(source, f"{ref}:storage/stats.py", "exec"), module.__dict__)
    repository: type = module.SqlStatsRepository
    return repository


@contextlib.contextmanager
def patched(variant: str, before: type) -> Iterator[None]:
    """The ways figures were counted before, for the baselines in the same run: ``main``
    is the repository of the baseline ref (``before``, by default main) with the funnels
    computed in Python from its ``ideas()``, as main's core did; ``facts`` is that with
    every span's contributions counted from the facts one by one (before migration 0019);
    ``now`` changes nothing."""
    repository = SqlStatsRepository
    if variant == "now":
        yield
        return
    saved = dict(vars(repository))

    async def from_facts(
        self: Any, workspace_id: int, spans: Any, *, member_id: int | None = None
    ) -> list[Any]:
        return [
            await self.contributions_from_facts(workspace_id, a, b, member_id=member_id)
            for a, b in spans
        ]

    async def activity_from_facts(self: Any, workspace_id: int, spans: Any) -> list[Any]:
        return _activity(await from_facts(self, workspace_id, spans))

    async def funnels_in_python(
        self: Any, workspace_id: int, start: datetime, end: datetime, **by: Any
    ) -> IdeaFunnels:
        return idea_funnels(await self.ideas(workspace_id, start, end), **by)

    for name, value in vars(before).items():
        if callable(value) and not name.startswith("__"):
            setattr(repository, name, value)
    repository.funnels = funnels_in_python  # type: ignore[method-assign]
    if variant == "facts":
        repository.contributions_each = from_facts  # type: ignore[method-assign]
        repository.activity_each = activity_from_facts  # type: ignore[method-assign]
    try:
        yield
    finally:
        for name in [n for n in vars(repository) if n not in saved]:
            delattr(repository, name)
        for name, value in saved.items():
            if callable(value) and not name.startswith("__"):
                setattr(repository, name, value)


VARIANTS = (
    ("facts", "contributions from facts, funnels in Python (baseline)"),
    ("main", "as main counts them"),
    ("now", "this branch"),
)


async def measure(url: str, now: datetime, runs: int, team: str = "T1", ref: str = "main") -> None:
    """Time ``/chorus stats quarter`` and the dashboard's figures of the programme ``team``
    as Chorus counts them now and, as baselines in the same run, as it counted them
    before; the variants alternate so all see the same machine."""
    engine = create_engine(url)
    uow = SqlUnitOfWorkFactory(session_factory(engine))

    class Clock:
        def now(self) -> datetime:
            return now

    core = Core(
        uow, Programme(admins=frozenset({COORDINATOR}), timezone="Europe/Copenhagen"), Clock()
    )
    coordinator = Actor(Platform.SLACK, team, COORDINATOR, "Ann", channel_id="C1")
    async with uow() as unit:
        [workspace_id] = [w.id for w in await unit.workspaces.all() if w.external_id == team]

    async def chat() -> None:
        await core.handle_text(coordinator, "/chorus stats quarter")

    async def board(parts: frozenset[Part]) -> None:
        async with uow() as unit:
            workspace = await unit.workspaces.get(workspace_id)
            assert workspace is not None
            await dashboard(unit, workspace, PeriodSpec("quarter"), now, parts=parts)

    async def overview() -> None:  # what the overview page computes
        await board(PAGE_PARTS["overview"])

    async def everything() -> None:  # every page's figures at once (the quarterly report)
        await board(EVERY_PART)

    actions = (
        ("/chorus stats quarter", chat),
        ("dashboard overview", overview),
        ("dashboard, every page's figures", everything),
    )

    before = baseline(ref)
    await chat()  # warm up, first snapshot
    settle_heap()  # as `chorus serve` does once it has started
    samples: dict[tuple[str, str], list[float]] = {}
    for _ in range(runs):
        for name, action in actions:
            for variant, _label in VARIANTS:
                with patched(variant, before):
                    started = time.perf_counter()
                    await action()
                    samples.setdefault((name, variant), []).append(time.perf_counter() - started)
    print(f"\n{runs} runs each, {engine.dialect.name}, programme {team}, baseline {ref}\n")
    print("| what | counted | median ms | p95 ms | p99 ms | median vs baseline |")
    print("|---|---|---:|---:|---:|---:|")
    for name, _action in actions:
        base = median(samples[(name, "facts")])
        for variant, label in VARIANTS:
            found = samples[(name, variant)]
            print(
                f"| {name} | {label} | {median(found):.0f} | {p95(found):.0f} | "
                f"{p99(found):.0f} | "
                f"{median(found) / base:.2f} |"
            )
    await engine.dispose()


MANY = "chorus_bench_many"


async def _admin(url: str, statement: str) -> None:
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    async with engine.connect() as connection:
        await connection.execute(text(statement))
    await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default="")
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--seed-only", action="store_true")
    parser.add_argument(
        "--baseline", default="main", help="the git ref whose storage/stats.py is the baseline"
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="time a database seeded before with --seed-only (and, with --programmes, "
        "copied) instead of seeding one",
    )
    parser.add_argument(
        "--many-name",
        default=MANY,
        help=f"the database --programmes seeds and times (default {MANY}); give each "
        "engineer's their own name",
    )
    parser.add_argument(
        "--keep", action="store_true", help="leave the --programmes database in place at the end"
    )
    parser.add_argument(
        "--programmes",
        type=int,
        default=1,
        help="PostgreSQL only: seed one programme in a new database --many-name on the server "
        "of --database-url, copy it until there are this many, time the one in the middle, "
        "and drop the database at the end",
    )
    args = parser.parse_args()
    now = datetime.now(UTC).replace(microsecond=0)
    if args.programmes > 1:
        server = make_url(args.database_url)
        if server.get_backend_name() != "postgresql":
            parser.error("--programmes needs a PostgreSQL --database-url")
        many = args.many_name
        if not many.isidentifier():
            parser.error("--many-name must be a plain identifier")
        url = server.set(database=many).render_as_string(hide_password=False)
        if not args.reuse:
            asyncio.run(_admin(args.database_url, f"DROP DATABASE IF EXISTS {many}"))
            asyncio.run(_admin(args.database_url, f"CREATE DATABASE {many}"))
        try:
            if not args.reuse:
                asyncio.run(seed(url, args.members, args.days, now, random.Random(args.seed)))
                asyncio.run(clone(url, args.programmes - 1))
            if not args.seed_only:
                team = f"T{args.programmes // 2 + 1}"
                asyncio.run(measure(url, now, args.runs, team=team, ref=args.baseline))
        finally:
            if not (args.seed_only or args.keep):
                asyncio.run(_admin(args.database_url, f"DROP DATABASE IF EXISTS {many}"))
        return
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite+aiosqlite:///{folder}/bench.db"
        if not args.reuse:
            asyncio.run(seed(url, args.members, args.days, now, random.Random(args.seed)))
        if not args.seed_only:
            asyncio.run(measure(url, now, args.runs, ref=args.baseline))


if __name__ == "__main__":
    main()
