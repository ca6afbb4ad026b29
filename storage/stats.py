"""The period queries behind the programme's figures, the daily headcount and the dashboard's
sign-in links and sessions, on SQLAlchemy.

Each figure needs one aggregate query per period, served by the ``(workspace_id, created_at)``
indexes of migration 0011; nothing is loaded row by row. Contributions over whole UTC days
are read from ``stats_contribution_days``, which triggers on the fact tables keep up to date
(migration 0019): a quarter adds up about one row per member and active day instead of
counting three quarters' facts one by one; whole months from ``stats_contribution_months``
(0022), and the UTC hours between a period's local midnight and the UTC one from
``stats_contribution_hours`` (0024), so no fact is counted one by one unless a time zone's
midnight falls inside an hour. On PostgreSQL the figures' transaction runs without parallel
workers (see ``_serial``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from itertools import compress, pairwise
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Integer,
    Select,
    Subquery,
    and_,
    bindparam,
    case,
    delete,
    distinct,
    exists,
    func,
    literal,
    or_,
    select,
    text,
    union_all,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased
from sqlalchemy.types import TypeEngine

from bot.stats.ports import (
    Contribution,
    Contributions,
    Headcount,
    IdeaFact,
    IdeaFunnels,
    PostFact,
    SupportFacts,
)
from storage.models import (
    BookingRow,
    CafeRow,
    CheerRow,
    ContributionDayRow,
    ContributionHourRow,
    ContributionMonthRow,
    DashboardTokenRow,
    DraftFeedbackRow,
    DraftRow,
    DraftVersionRow,
    HeadcountRow,
    IdeaRow,
    IdeaThemeRow,
    MemberRow,
    PostEngagementRow,
    PostRow,
    SlotRow,
    ThemeRow,
    UtcDateTime,
)
from storage.stats_funnels import funnels

CANCELLED = "cancelled"


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _midnight(moment: datetime) -> datetime:
    """The UTC midnight at or before ``moment``."""
    return datetime.combine(moment.astimezone(UTC).date(), time(), tzinfo=UTC)


def _next_midnight(moment: datetime) -> datetime:
    """The UTC midnight at or after ``moment``."""
    midnight = _midnight(moment)
    return midnight if midnight == moment else midnight + timedelta(days=1)


# Each kind by its name in SQL (a dict lookup; Contribution(name) is several times slower).
_KINDS = {kind.value: kind for kind in Contribution}

# The summary's count columns and the kind each counts.
_DAY_COLUMNS = (
    ("ideas", Contribution.IDEA),
    ("drafts", Contribution.DRAFT),
    ("feedback", Contribution.FEEDBACK),
    ("posts", Contribution.POST),
    ("answers", Contribution.ANSWER),
    ("cheers", Contribution.CHEER),
    ("bookings", Contribution.BOOKING),
)
_DAY_KINDS = tuple(kind for _, kind in _DAY_COLUMNS)


def _windows(spans: Sequence[tuple[Any, ...]], kind: TypeEngine[Any]) -> Subquery:
    """``(span, first, last[, sign])`` rows as a small table to join facts to: each span
    becomes one index range of the facts (an OR of ranges would read every fact)."""
    rows = [
        select(
            literal(index).label("span"),
            literal(first, kind).label("first"),
            literal(last, kind).label("last"),
            *((literal(sign[0]).label("sign"),) if sign else ()),
        )
        for index, first, last, *sign in spans
    ]
    return (union_all(*rows) if len(rows) > 1 else rows[0]).subquery("spans")


def _hour(moment: datetime) -> datetime:
    """The start of the UTC hour ``moment`` falls in."""
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def _next_hour(moment: datetime) -> datetime:
    """The UTC hour's start at or after ``moment``."""
    hour = _hour(moment)
    return hour if hour == moment else hour + timedelta(hours=1)


def _inside(
    ranges: Sequence[tuple[int, datetime, datetime]],
    floor: Callable[[datetime], datetime],
    ceiling: Callable[[datetime], datetime],
) -> tuple[list[tuple[int, datetime, datetime]], list[tuple[int, datetime, datetime]]]:
    """Each range's stretch from its first to its last boundary (``ceiling`` of its start,
    ``floor`` of its end), and the rest before and after it, each tagged with its span."""
    whole: list[tuple[int, datetime, datetime]] = []
    rest: list[tuple[int, datetime, datetime]] = []
    for index, start, end in ranges:
        first, last = ceiling(start), floor(end)
        if first >= last:
            rest.append((index, start, end))
            continue
        whole.append((index, first, last))
        rest += [(index, a, b) for a, b in ((start, first), (last, end))]
    return whole, [(index, a, b) for index, a, b in rest if a < b]


def _split(
    spans: Sequence[tuple[datetime, datetime]],
) -> tuple[
    list[tuple[int, date, date]],
    list[tuple[int, datetime, datetime, int]],
    list[tuple[int, datetime, datetime]],
]:
    """Each span's whole UTC days; the whole UTC hours before its first and after its last
    UTC midnight (a period starts at midnight in the programme's time zone); and what is
    left of those hours (only where a time zone's midnight falls within an hour), each
    tagged with the span's index; overlapping spans are refused."""
    ordered = sorted(spans)
    if any(b[0] < a[1] for a, b in pairwise(ordered)):
        raise ValueError("contribution spans overlap")
    days, edges = _inside(
        [(index, start, end) for index, (start, end) in enumerate(spans)],
        _midnight,
        _next_midnight,
    )
    hours, rest = _inside(edges, _hour, _next_hour)
    return (
        [(index, first.date(), last.date()) for index, first, last in days],
        [(index, first, last, 1) for index, first, last in hours],
        rest,
    )


def _first_draft_and_post(period: Sequence[ColumnElement[bool]]) -> tuple[Subquery, Subquery]:
    """(idea, at) of the first draft and of the first post of each idea matching ``period``;
    only the drafts and posts of those ideas are aggregated."""
    in_period = select(IdeaRow.id).where(*period)
    drafted = (
        select(DraftRow.idea_id, func.min(DraftRow.created_at).label("at"))
        .where(DraftRow.idea_id.in_(in_period))
        .group_by(DraftRow.idea_id)
        .subquery("drafted")
    )
    published = (
        select(DraftRow.idea_id, func.min(PostRow.created_at).label("at"))
        .join(PostRow, PostRow.draft_id == DraftRow.id)
        .where(DraftRow.idea_id.in_(in_period))
        .group_by(DraftRow.idea_id)
        .subquery("published")
    )
    return drafted, published


def _month(day: date) -> date:
    return day.replace(day=1)


def _next_month(day: date) -> date:
    return (_month(day) + timedelta(days=32)).replace(day=1)


def _months(low: date, high: date) -> list[date]:
    """The first days of the months from ``low``'s to before ``high``'s."""
    found = []
    while low < high:
        found.append(low)
        low = _next_month(low)
    return found


def _by_month(
    ranges: Sequence[tuple[int, date, date]],
) -> tuple[list[tuple[int, date, date, int]], list[tuple[int, date, date, int]]]:
    """Each span's UTC days ``[first, last)`` as (span, first, last, sign) ranges of days
    and of months (a month by its first day) that add up to them: the months a span covers
    whole, and a month it covers mostly, read whole with the days outside the span taken
    away (sign -1), whichever needs fewer days. A quarter is then three or four month rows
    per member and a few days, instead of ninety days."""
    days: list[tuple[int, date, date, int]] = []
    months: list[tuple[int, date, date, int]] = []
    for index, first, last in ranges:
        head, tail = [], []
        low, high = _month(first), _month(last)
        if low != first:
            if (first - low) < (_next_month(low) - first):
                head.append((index, low, first, -1))
            else:
                head.append((index, first, _next_month(low), 1))
                low = _next_month(low)
        if high != last:
            if (_next_month(high) - last) < (last - high):
                tail.append((index, last, _next_month(high), -1))
                high = _next_month(high)
            else:
                tail.append((index, high, last, 1))
        # A month row per member stands for about one day's rows: months are read only
        # where they save days (a week in mid-month is its own days, not a month minus 24).
        read = sum((b - a).days for _, a, b, _ in head + tail) + len(_months(low, high))
        if low >= high or read >= (last - first).days:
            days.append((index, first, last, 1))
            continue
        days += head + tail
        months.append((index, low, high, 1))
    return days, months


# The summaries a span's ranges are read from: (table, its time column, the column's type).
_SUMMARIES: tuple[tuple[Any, Any, TypeEngine[Any]], ...] = (
    (ContributionDayRow, ContributionDayRow.day, Date()),
    (ContributionMonthRow, ContributionMonthRow.month, Date()),
    (ContributionHourRow, ContributionHourRow.hour, UtcDateTime()),
)
# A range to read: (summary by its place in _SUMMARIES, span, first, last, sign).
_Piece = tuple[int, int, Any, Any, int]


def _pieces(
    ranges: list[tuple[int, date, date]], hours: list[tuple[int, datetime, datetime, int]]
) -> list[_Piece]:
    """The summary ranges that add up to each span's counts on its UTC days ``[first,
    last)`` and in its UTC ``hours``: whole months from the monthly summary, the other days
    from the daily one (days taken away from a month read whole count negative), and the
    hours from the hourly summary."""
    days, months = _by_month(ranges)
    groups: tuple[Sequence[tuple[int, Any, Any, int]], ...] = (days, months, hours)
    return [(at, *piece) for at, group in enumerate(groups) for piece in group]


def _parameters(workspace_id: int, member_id: int | None, pieces: list[_Piece]) -> dict[str, Any]:
    """The values of a statement of :func:`_summed`, piece ``n``'s named ``*_n``."""
    found: dict[str, Any] = {"workspace_id": workspace_id, "member_id": member_id}
    for n, (_, index, first, last, sign) in enumerate(pieces):
        found.update({f"span_{n}": index, f"first_{n}": first, f"last_{n}": last})
        found[f"sign_{n}"] = sign
    return found


@lru_cache(maxsize=256)
def _summed(postgres: bool, summaries: tuple[int, ...], mine: bool) -> Subquery:
    """(span, member, a column per kind) rows of the pieces, read from the summary each is
    of (``summaries``, piece by piece), their bounds and signs as parameters (see
    :func:`_parameters`): built once for each shape, a statement also keeps its cache key,
    which took longer to work out than the trend's query to run."""
    workspace: Any = bindparam("workspace_id", type_=Integer())
    parts: list[Any] = []
    for at, (table, column, kind) in enumerate(_SUMMARIES):
        numbers = [n for n, of in enumerate(summaries) if of == at]
        if not numbers:
            continue
        part: Any
        ours = and_(
            table.workspace_id == workspace,
            *((table.member_id == bindparam("member_id", type_=Integer()),) if mine else ()),
        )

        def value(name: str, n: int, kind: TypeEngine[Any] | None = None) -> Any:
            return bindparam(f"{name}_{n}", type_=kind or Integer())

        if postgres:
            # Each range itself, not a joined table (see _facts); one SELECT each, as a
            # span's days taken from a month may be another span's days.
            part = union_all(
                *(
                    select(
                        value("span", n).label("span"),
                        table.member_id.label("member"),
                        *(
                            (value("sign", n) * getattr(table, name)).label(name)
                            for name, _ in _DAY_COLUMNS
                        ),
                    ).where(
                        ours, column >= value("first", n, kind), column < value("last", n, kind)
                    )
                    for n in numbers
                )
            )
        else:
            rows = [
                select(
                    value("span", n).label("span"),
                    value("first", n, kind).label("first"),
                    value("last", n, kind).label("last"),
                    value("sign", n).label("sign"),
                )
                for n in numbers
            ]
            windows = (union_all(*rows) if len(rows) > 1 else rows[0]).subquery("spans")
            part = (
                select(
                    windows.c.span,
                    table.member_id.label("member"),
                    *(
                        (windows.c.sign * getattr(table, name)).label(name)
                        for name, _ in _DAY_COLUMNS
                    ),
                )
                .select_from(windows)
                .join(table, and_(ours, column >= windows.c.first, column < windows.c.last))
            )
        parts.append(part)
    summed: Any = parts[0] if len(parts) == 1 else union_all(*parts)
    subquery: Subquery = summed.subquery("summed")
    return subquery


@lru_cache(maxsize=256)
def _added_up(postgres: bool, summaries: tuple[int, ...], mine: bool) -> Select[Any]:
    """The pieces' counts added up per span and member."""
    summed = _summed(postgres, summaries, mine)
    return select(
        summed.c.span,
        summed.c.member,
        *(func.sum(summed.c[column]) for column, _ in _DAY_COLUMNS),
    ).group_by(summed.c.span, summed.c.member)


def _made(summed: Subquery) -> Select[Any]:
    """(span, member, contributions, posts) of the summaries' rows."""
    made = sum((summed.c[column] for column, _ in _DAY_COLUMNS), literal(0))
    return select(summed.c.span, summed.c.member, made, summed.c.posts)


def _active(parts: list[Select[Any]], adding: bool) -> Select[Any]:
    """(span, members with a contribution, posts) from the (span, member, contributions,
    posts) rows of ``parts``."""
    rows = (union_all(*parts) if len(parts) > 1 else parts[0]).subquery("made")
    made, posts = rows.c[2], rows.c[3]
    if adding:
        # Every row adds and counts are never negative, so a member is active where any
        # of their rows has a contribution: counted distinct, without adding up each
        # member's rows first.
        return select(
            rows.c.span,
            func.count(distinct(case((made > 0, rows.c.member)))),
            func.sum(posts),
        ).group_by(rows.c.span)
    members = (
        select(rows.c.span, func.sum(made).label("made"), func.sum(posts).label("posts"))
        .group_by(rows.c.span, rows.c.member)
        .subquery("members")
    )
    return select(
        members.c.span,
        func.sum(case((members.c.made > 0, 1), else_=0)),
        func.sum(members.c.posts),
    ).group_by(members.c.span)


@lru_cache(maxsize=256)
def _activity(postgres: bool, summaries: tuple[int, ...], adding: bool) -> Select[Any]:
    """:func:`_active` of the summaries alone, built once for each shape."""
    return _active([_made(_summed(postgres, summaries, False))], adding)


def _headcount(row: HeadcountRow) -> Headcount:
    return Headcount(row.day, row.enrolled, row.joined, row.departed)


# A period's authors without an earlier post, each looked up in the (author_id, created_at)
# index; and its posts with their answers counted (each post's from its key: a join let
# PostgreSQL hash every programme's answers). Built once, the period as parameters.
_EARLIER = aliased(PostRow)
_IN_PERIOD = (
    PostRow.workspace_id == bindparam("workspace_id"),
    PostRow.created_at >= bindparam("start"),
    PostRow.created_at < bindparam("end"),
)
_FIRST_POSTERS = (
    select(PostRow.author_id)
    .distinct()
    .where(
        *_IN_PERIOD,
        ~exists().where(
            _EARLIER.author_id == PostRow.author_id,
            _EARLIER.created_at < bindparam("start"),
            _EARLIER.workspace_id == bindparam("workspace_id"),
        ),
    )
)
_POSTS = (
    select(
        PostRow.author_id,
        PostRow.network,
        PostRow.created_at,
        select(func.count())
        .where(PostEngagementRow.post_id == PostRow.id)
        .correlate(PostRow)
        .scalar_subquery(),
    )
    .where(*_IN_PERIOD)
    .order_by(PostRow.created_at)
)


_POST_TOTALS = select(
    func.count(),
    func.coalesce(
        func.sum(
            select(func.count())
            .where(PostEngagementRow.post_id == PostRow.id)
            .correlate(PostRow)
            .scalar_subquery()
        ),
        0,
    ),
).where(*_IN_PERIOD)
_HEADCOUNTS = (
    select(HeadcountRow.day, HeadcountRow.enrolled, HeadcountRow.joined, HeadcountRow.departed)
    .where(
        HeadcountRow.workspace_id == bindparam("workspace_id"),
        HeadcountRow.day >= bindparam("first"),
        HeadcountRow.day <= bindparam("last"),
    )
    .order_by(HeadcountRow.day)
)


class SqlStatsRepository:
    """Implements ``bot.stats.ports.StatsRepository``."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session
        self._serial_in: object = None  # the transaction told to use no parallel workers

    @property
    def _postgres(self) -> bool:
        return self._session.get_bind().dialect.name == "postgresql"

    async def _serial(self) -> None:
        """On PostgreSQL, no parallel workers for the rest of the transaction (once per
        transaction): the figures' queries each read a few thousand rows of one programme
        by index, and starting workers on two cores cost more than the queries took."""
        if not self._postgres:
            return
        if self._session.in_transaction() and self._session.get_transaction() is self._serial_in:
            return
        await self._session.execute(text("SET LOCAL max_parallel_workers_per_gather = 0"))
        self._serial_in = self._session.get_transaction()

    async def members_on(
        self, workspace_id: int, start: datetime, end: datetime
    ) -> tuple[int, int]:
        """Members enrolled at ``end`` and how many of them joined in ``[start, end)``."""
        row = (
            await self._session.execute(
                select(
                    func.count(),
                    func.count().filter(MemberRow.created_at >= start),
                ).where(MemberRow.workspace_id == workspace_id, MemberRow.created_at < end)
            )
        ).one()
        return int(row[0]), int(row[1])

    async def last_headcount(self, workspace_id: int) -> Headcount | None:
        """The newest snapshot."""
        row = (
            await self._session.execute(
                select(HeadcountRow)
                .where(HeadcountRow.workspace_id == workspace_id)
                .order_by(HeadcountRow.day.desc())
                .limit(1)
            )
        ).scalar_one_or_none()
        return _headcount(row) if row else None

    async def save_headcount(self, workspace_id: int, headcount: Headcount, at: datetime) -> None:
        """Write or overwrite one day's snapshot."""
        row = await self._session.get(HeadcountRow, (workspace_id, headcount.day))
        if row is None:
            self._session.add(
                HeadcountRow(
                    workspace_id=workspace_id,
                    day=headcount.day,
                    enrolled=headcount.enrolled,
                    joined=headcount.joined,
                    departed=headcount.departed,
                    recorded_at=at,
                )
            )
        else:
            row.enrolled, row.joined, row.departed = (
                headcount.enrolled,
                headcount.joined,
                headcount.departed,
            )
            row.recorded_at = at
        await self._session.flush()

    async def headcounts(self, workspace_id: int, first: date, last: date) -> list[Headcount]:
        """Snapshots of ``first`` to ``last``, oldest first (plain rows: the figures read
        several periods' of them per page)."""
        rows = await self._session.execute(
            _HEADCOUNTS, {"workspace_id": workspace_id, "first": first, "last": last}
        )
        return [Headcount(*row) for row in rows]

    async def contributions(
        self, workspace_id: int, start: datetime, end: datetime, *, member_id: int | None = None
    ) -> Contributions:
        """Contributions in ``[start, end)``: see :meth:`contributions_each`."""
        [found] = await self.contributions_each(workspace_id, [(start, end)], member_id=member_id)
        return found

    async def contributions_each(
        self,
        workspace_id: int,
        spans: Sequence[tuple[datetime, datetime]],
        *,
        member_id: int | None = None,
    ) -> list[Contributions]:
        """Contributions in each of ``spans`` (which must not overlap), in one query however
        many there are. Whole UTC days come from ``stats_contribution_days`` (and whole
        months of them from ``stats_contribution_months``), the whole hours before the first
        and after the last midnight of a span (a period starts at midnight in the programme's
        time zone) from ``stats_contribution_hours``; only parts of an hour, in a time zone
        whose midnight falls within one, are counted from the facts, in a second query."""
        days, hours, edges = _split(spans)
        await self._serial()
        found: list[Contributions] = [{} for _ in spans]
        for index, member, kinds in (
            *(await self._days(workspace_id, days, hours, member_id)),
            *(await self._edges(workspace_id, edges, member_id)),
        ):
            mine = found[index].get(member)
            if mine is None:
                found[index][member] = kinds
                continue
            for kind, count in kinds.items():
                mine[kind] = mine.get(kind, 0) + count
        return found

    async def activity_each(
        self, workspace_id: int, spans: Sequence[tuple[datetime, datetime]]
    ) -> list[tuple[int, int]]:
        """(members with a contribution, posts announced) in each of ``spans``, counted in
        the database: a trend needs twelve pairs of numbers, not twelve weeks of rows."""
        if not spans:
            return []
        days, hours, edges = _split(spans)
        await self._serial()
        pieces = _pieces(days, hours)
        summaries = tuple(p[0] for p in pieces)
        # Every row adds (no days taken from a month) unless a sign is negative.
        adding = all(sign > 0 for *_, sign in pieces)
        query: Any
        if not edges:
            query = _activity(self._postgres, summaries, adding)
        else:
            parts = [_made(_summed(self._postgres, summaries, False))] if pieces else []
            every = self._facts(workspace_id, edges)
            is_post = case((every.c.kind == Contribution.POST.value, 1), else_=0)
            parts.append(select(every.c.span, every.c.member, literal(1), is_post))
            query = _active(parts, adding)
        found = [(0, 0)] * len(spans)
        parameters = _parameters(workspace_id, None, pieces)
        for index, active, posts in await self._session.execute(query, parameters):
            found[int(index)] = (int(active or 0), int(posts or 0))
        return found

    async def _days(
        self,
        workspace_id: int,
        ranges: list[tuple[int, date, date]],
        hours: list[tuple[int, datetime, datetime, int]],
        member_id: int | None,
    ) -> list[tuple[int, int, dict[Contribution, int]]]:
        """(span, member, counts) on the UTC days ``[first, last)`` and in the UTC hours of
        each span, from the monthly, daily and hourly summaries, added up per member in the
        database."""
        if not ranges and not hours:
            return []
        pieces = _pieces(ranges, hours)
        query = _added_up(self._postgres, tuple(p[0] for p in pieces), member_id is not None)
        found = []
        parameters = _parameters(workspace_id, member_id, pieces)
        for index, member, *counts in await self._session.execute(query, parameters):
            # The kinds with a count (sums of integers come back as int on both databases).
            kinds = dict(compress(zip(_DAY_KINDS, map(int, counts), strict=True), counts))
            if kinds:
                found.append((int(index), int(member), kinds))
        return found

    async def _edges(
        self,
        workspace_id: int,
        spans: list[tuple[int, datetime, datetime]],
        member_id: int | None,
    ) -> list[tuple[int, int, dict[Contribution, int]]]:
        """(span, member, counts) in the hours around the spans' UTC midnights, counted
        from the facts."""
        if not spans:
            return []
        every = self._facts(workspace_id, spans)
        query = select(every.c.span, every.c.member, every.c.kind, func.count()).group_by(
            every.c.span, every.c.member, every.c.kind
        )
        if member_id is not None:
            query = query.where(every.c.member == member_id)
        found: dict[tuple[int, int], dict[Contribution, int]] = {}
        for index, member, kind, count in await self._session.execute(query):
            found.setdefault((int(index), int(member)), {})[_KINDS[kind]] = int(count)
        return [(index, member, kinds) for (index, member), kinds in found.items()]

    def _facts(
        self, workspace_id: int, ranges: Sequence[tuple[int, datetime, datetime]]
    ) -> Subquery:
        """One UNION ALL of the seven kinds of contribution made in any of ``ranges``
        (``span``, ``first``, ``last``): (span, member, kind), straight from the facts.

        On SQLite each table is joined to the ranges as a small table, so every range is one
        index range. PostgreSQL cannot see the bounds of a joined table when it plans: it
        guessed hundreds of thousands of rows in a database of many programmes and read them
        all, so there each table gets the ranges themselves, as an OR its indexes serve."""

        # Answers, versions and feedback carry no workspace: each is kept to this one's by
        # its post or draft (SQLite looks it up by key, PostgreSQL hashes the programme's
        # from their workspace index); a join let PostgreSQL hash every programme's.
        def ours(table: type[PostRow] | type[DraftRow], key: Any) -> ColumnElement[bool]:
            return exists().where(table.id == key, table.workspace_id == workspace_id)

        author = (
            select(DraftRow.author_id)
            .where(DraftRow.id == DraftVersionRow.draft_id)
            .correlate(DraftVersionRow)
            .scalar_subquery()
        )
        # (who, what, when, whose) of each kind of fact
        facts: tuple[tuple[Any, Contribution, Any, ColumnElement[bool]], ...] = (
            (IdeaRow.author_id, Contribution.IDEA, IdeaRow.created_at,
             IdeaRow.workspace_id == workspace_id),
            (author, Contribution.DRAFT, DraftVersionRow.created_at,
             ours(DraftRow, DraftVersionRow.draft_id)),
            (DraftFeedbackRow.reviewer_id, Contribution.FEEDBACK, DraftFeedbackRow.created_at,
             ours(DraftRow, DraftFeedbackRow.draft_id)),
            (PostRow.author_id, Contribution.POST, PostRow.created_at,
             PostRow.workspace_id == workspace_id),
            (PostEngagementRow.member_id, Contribution.ANSWER, PostEngagementRow.created_at,
             ours(PostRow, PostEngagementRow.post_id)),
            (CheerRow.giver_id, Contribution.CHEER, CheerRow.created_at,
             CheerRow.workspace_id == workspace_id),
            (BookingRow.member_id, Contribution.BOOKING, BookingRow.created_at,
             BookingRow.workspace_id == workspace_id),
        )  # fmt: skip
        parts: list[Any] = []
        if self._postgres:
            for member, of, at, whose in facts:

                def within(first: datetime, last: datetime, at: Any = at) -> ColumnElement[bool]:
                    return and_(at >= first, at < last)

                span = case(*((within(a, b), index) for index, a, b in ranges))
                parts.append(
                    select(
                        span.label("span"), member.label("member"), literal(of.value).label("kind")
                    )
                    .select_from(at.class_)
                    .where(whose, or_(*(within(a, b) for _, a, b in ranges)))
                )
        else:
            spans = _windows(ranges, UtcDateTime())
            for member, of, at, whose in facts:
                parts.append(
                    select(spans.c.span, member.label("member"), literal(of.value).label("kind"))
                    .select_from(spans)
                    .join(at.class_, and_(whose, at >= spans.c.first, at < spans.c.last))
                )
        return union_all(*parts).subquery("contributions")

    async def _counted(
        self,
        workspace_id: int,
        spans: list[tuple[datetime, datetime]],
        member_id: int | None,
    ) -> Contributions:
        """Contributions in ``spans`` counted per member and kind straight from the facts."""
        every = self._facts(workspace_id, [(0, a, b) for a, b in spans])
        query = select(every.c.member, every.c.kind, func.count()).group_by(
            every.c.member, every.c.kind
        )
        if member_id is not None:
            query = query.where(every.c.member == member_id)
        found: Contributions = {}
        for member, kind, count in await self._session.execute(query):
            found.setdefault(int(member), {})[Contribution(kind)] = int(count)
        return found

    async def contributions_from_facts(
        self, workspace_id: int, start: datetime, end: datetime, *, member_id: int | None = None
    ) -> Contributions:
        """The same as :meth:`contributions`, counted from the facts alone: what the daily
        summary is checked against, and the benchmark's baseline."""
        return await self._counted(workspace_id, [(start, end)], member_id)

    async def first_posters(self, workspace_id: int, start: datetime, end: datetime) -> set[int]:
        """Authors whose earliest post falls in ``[start, end)``: the period's authors
        without an earlier post, each looked up in the ``(author_id, created_at)`` index
        (not every post before the period grouped by author)."""
        await self._serial()
        rows = await self._session.execute(
            _FIRST_POSTERS, {"workspace_id": workspace_id, "start": start, "end": end}
        )
        return {int(author) for author in rows.scalars()}

    async def posts(self, workspace_id: int, start: datetime, end: datetime) -> list[PostFact]:
        """Posts announced in the period, with their answers counted (each post's from its
        key: a join let PostgreSQL hash every programme's answers)."""
        await self._serial()
        rows = await self._session.execute(
            _POSTS, {"workspace_id": workspace_id, "start": start, "end": end}
        )
        return [
            PostFact(int(author), network, _aware(created), int(count))
            for author, network, created, count in rows
        ]

    async def post_totals(
        self, workspace_id: int, start: datetime, end: datetime
    ) -> tuple[int, int]:
        """Posts announced in the period and the answers they got, counted in the database."""
        await self._serial()
        posts, answers = (
            await self._session.execute(
                _POST_TOTALS, {"workspace_id": workspace_id, "start": start, "end": end}
            )
        ).one()
        return int(posts), int(answers)

    async def ideas(self, workspace_id: int, start: datetime, end: datetime) -> list[IdeaFact]:
        """Ideas parked in the period with their first draft, first post and themes."""
        period = (
            IdeaRow.workspace_id == workspace_id,
            IdeaRow.created_at >= start,
            IdeaRow.created_at < end,
        )
        drafted, published = _first_draft_and_post(period)
        rows = await self._session.execute(
            select(
                IdeaRow.id,
                IdeaRow.author_id,
                IdeaRow.created_at,
                IdeaRow.claimed_by_id,
                IdeaRow.status,
                drafted.c.at,
                published.c.at,
            )
            .outerjoin(drafted, drafted.c.idea_id == IdeaRow.id)
            .outerjoin(published, published.c.idea_id == IdeaRow.id)
            .where(*period)
            .order_by(IdeaRow.created_at)
        )
        themes: dict[int, list[str]] = {}
        for idea_id, name in await self._session.execute(
            select(IdeaThemeRow.idea_id, ThemeRow.name)
            .join(ThemeRow, ThemeRow.id == IdeaThemeRow.theme_id)
            .join(IdeaRow, IdeaRow.id == IdeaThemeRow.idea_id)
            .where(*period)
            .order_by(ThemeRow.name)
        ):
            themes.setdefault(int(idea_id), []).append(name)
        return [
            IdeaFact(
                author_id=int(author),
                created_at=_aware(created),
                claimed=claimed_by is not None or status in ("claimed", "drafted", "published"),
                themes=tuple(themes.get(int(idea_id), ())),
                drafted_at=_aware(drafted_at) if drafted_at else None,
                published_at=_aware(published_at) if published_at else None,
            )
            for idea_id, author, created, claimed_by, status, drafted_at, published_at in rows
        ]

    async def funnels(
        self,
        workspace_id: int,
        start: datetime,
        end: datetime,
        *,
        min_authors: int,
        theme: str | None = None,
    ) -> IdeaFunnels:
        """The funnels of the period's ideas, added up in the database: see
        :mod:`storage.stats_funnels`."""
        await self._serial()
        return await funnels(
            self._session, workspace_id, start, end, min_authors=min_authors, theme=theme
        )

    async def cheers_received(
        self, workspace_id: int, member_id: int, start: datetime, end: datetime
    ) -> int:
        """Cheers the member received in the period."""
        count = await self._session.scalar(
            select(func.count()).where(
                CheerRow.workspace_id == workspace_id,
                CheerRow.receiver_id == member_id,
                CheerRow.created_at >= start,
                CheerRow.created_at < end,
            )
        )
        return int(count or 0)

    async def support(self, workspace_id: int, start: datetime, end: datetime) -> SupportFacts:
        """Waits for first feedback on drafts sent in the period, and slot and café use."""
        await self._serial()
        asked = await self._session.execute(
            select(DraftRow.feedback_requested_at, DraftRow.first_feedback_at).where(
                DraftRow.workspace_id == workspace_id,
                DraftRow.feedback_requested_at >= start,
                DraftRow.feedback_requested_at < end,
            )
        )
        waits = []
        waiting = 0
        for requested, answered in asked:
            if requested is None or answered is None:
                waiting += 1
            else:
                waits.append(_aware(answered) - _aware(requested))
        booked = (
            select(BookingRow.slot_id)
            .where(BookingRow.status == "active", BookingRow.slot_id.is_not(None))
            .subquery("booked")
        )
        slots = (
            await self._session.execute(
                select(func.count(SlotRow.id), func.count(booked.c.slot_id))
                .outerjoin(booked, booked.c.slot_id == SlotRow.id)
                .where(
                    SlotRow.workspace_id == workspace_id,
                    SlotRow.status != CANCELLED,
                    SlotRow.starts_at >= start,
                    SlotRow.starts_at < end,
                )
            )
        ).one()
        cafes = (
            await self._session.execute(
                select(
                    func.coalesce(func.sum(CafeRow.capacity), 0),
                    func.coalesce(func.sum(CafeRow.seats_taken), 0),
                ).where(
                    CafeRow.workspace_id == workspace_id,
                    CafeRow.status != CANCELLED,
                    CafeRow.starts_at >= start,
                    CafeRow.starts_at < end,
                )
            )
        ).one()
        return SupportFacts(
            feedback_waits=tuple(sorted(waits)),
            waiting_for_feedback=waiting,
            slots_offered=int(slots[0]),
            slots_booked=int(slots[1]),
            cafe_seats=int(cafes[0]),
            cafe_seats_taken=int(cafes[1]),
        )

    async def add_token(
        self,
        token_hash: str,
        kind: str,
        workspace_id: int,
        member_id: int,
        *,
        now: datetime,
        expires_at: datetime,
    ) -> None:
        """Keep the fingerprint of a new link or session; expired ones are swept here."""
        await self._session.execute(
            delete(DashboardTokenRow).where(DashboardTokenRow.expires_at < now)
        )
        self._session.add(
            DashboardTokenRow(
                token_hash=token_hash,
                kind=kind,
                workspace_id=workspace_id,
                member_id=member_id,
                created_at=now,
                expires_at=expires_at,
            )
        )
        await self._session.flush()

    async def link_is_open(self, token_hash: str, now: datetime) -> bool:
        """Whether the link is there, unused and unexpired."""
        found = await self._session.scalar(
            select(func.count()).where(
                DashboardTokenRow.token_hash == token_hash,
                DashboardTokenRow.kind == "link",
                DashboardTokenRow.used_at.is_(None),
                DashboardTokenRow.expires_at > now,
            )
        )
        return bool(found)

    async def use_link(self, token_hash: str, now: datetime) -> tuple[int, int] | None:
        """One conditional UPDATE spends the link, so two requests cannot both sign in."""
        result = await self._session.execute(
            update(DashboardTokenRow)
            .where(
                DashboardTokenRow.token_hash == token_hash,
                DashboardTokenRow.kind == "link",
                DashboardTokenRow.used_at.is_(None),
                DashboardTokenRow.expires_at > now,
            )
            .values(used_at=now)
            .returning(DashboardTokenRow.workspace_id, DashboardTokenRow.member_id)
        )
        row = result.one_or_none()
        return (int(row[0]), int(row[1])) if row else None

    async def session(self, token_hash: str, now: datetime) -> tuple[int, int] | None:
        """The (workspace, member) of a live session."""
        row = (
            await self._session.execute(
                select(DashboardTokenRow.workspace_id, DashboardTokenRow.member_id).where(
                    DashboardTokenRow.token_hash == token_hash,
                    DashboardTokenRow.kind == "session",
                    DashboardTokenRow.expires_at > now,
                )
            )
        ).one_or_none()
        return (int(row[0]), int(row[1])) if row else None

    async def end_session(self, token_hash: str) -> None:
        """Sign out: the session's fingerprint goes."""
        await self._session.execute(
            delete(DashboardTokenRow).where(
                DashboardTokenRow.token_hash == token_hash, DashboardTokenRow.kind == "session"
            )
        )
