"""How the figures look in chat: `/chorus stats`, `/chorus me` and the status note."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from bot.context import mention_of
from bot.i18n import N_, Translator
from bot.messages import Bar, Block, Chart, Fields, Header, Note, Section, Span, Text
from bot.model import Member
from bot.stats.groups import GroupRow, Groups
from bot.stats.metrics import OTHER, Figures, Funnel, TimeCell, change, share
from bot.stats.periods import Period
from bot.stats.ports import Contribution

# How many quiet members the chat answer names at most (the dashboard lists all).
QUIET_SHOWN = 10
WEEKDAYS = (
    N_("Mondays"),
    N_("Tuesdays"),
    N_("Wednesdays"),
    N_("Thursdays"),
    N_("Fridays"),
    N_("Saturdays"),
    N_("Sundays"),
)


def percent(tr: Translator, value: float | None) -> str:
    """A share as a percentage, or a dash when there is nothing to divide by."""
    return "—" if value is None else tr.percent(value)


def number(tr: Translator, value: float | None, digits: int = 1) -> str:
    """A number in the reader's locale, or a dash."""
    return "—" if value is None else tr.number(value, digits)


def points(tr: Translator, delta: float | None) -> str:
    """A change of a share in percentage points: ``+5 points``."""
    if delta is None:
        return ""
    value = round(delta * 100)
    return tr._n("{sign}{n} point", "{sign}{n} points", abs(value), sign="+" if value >= 0 else "−")


def difference(tr: Translator, current: float | None, previous: float | None) -> str:
    """A change of a count: ``+3``, ``−1``, ``±0``."""
    delta = change(current, previous)
    if delta is None:
        return ""
    if delta == 0:
        return "±0"
    return ("+" if delta > 0 else "−") + tr.number(abs(delta))


def weekday_name(tr: Translator, weekday: int) -> str:
    """``Tuesdays``, in the reader's language."""
    return tr._(WEEKDAYS[weekday])


def best_cell(cells: Sequence[TimeCell]) -> TimeCell | None:
    """The weekday × hour whose posts got the most answers per post (ties: more posts)."""
    return max(cells, key=lambda c: (c.answers / c.posts, c.posts), default=None)


def funnel_line(tr: Translator, funnel: Funnel) -> Text:
    """``12 ideas → 6 claimed (50%) → 4 drafted (67%) → 2 published (50%)``."""
    return tr._t(
        "{ideas} ideas → {claimed} claimed ({to_claimed}) → {drafted} drafted ({to_drafted}) → {published} published ({to_published})",
        ideas=funnel.ideas,
        claimed=funnel.claimed,
        to_claimed=percent(tr, share(funnel.claimed, funnel.ideas)),
        drafted=funnel.drafted,
        to_drafted=percent(tr, share(funnel.drafted, funnel.claimed)),
        published=funnel.published,
        to_published=percent(tr, share(funnel.published, funnel.drafted)),
    )


FUNNEL_STEPS = {
    "ideas": N_("Ideas"),
    "claimed": N_("Claimed"),
    "drafted": N_("Drafted"),
    "published": N_("Published"),
}


def funnel_chart(tr: Translator, figures: Figures, theme: str | None) -> Chart | None:
    """The funnel as the one chart of ``/chorus stats`` (None when no idea was parked:
    there is nothing to draw); its alt text carries every number."""
    funnel = figures.funnel
    if not funnel.ideas:
        return None
    label = figures.period.label(tr)
    title = (
        tr._("Ideas → drafts → posts for #{theme}: {period}", theme=theme, period=label)
        if theme
        else tr._("Ideas → drafts → posts: {period}", period=label)
    )
    return Chart(
        title=title,
        bars=tuple(
            Bar(tr._(FUNNEL_STEPS[step]), count, tr.number(count))
            for step, count, _ in funnel.steps
        ),
        alt=tr._(
            "Bar chart of the funnel in {period}: {ideas} ideas parked, {claimed} claimed, {drafted} drafted, {published} published.",
            period=label,
            ideas=tr.number(funnel.ideas),
            claimed=tr.number(funnel.claimed),
            drafted=tr.number(funnel.drafted),
            published=tr.number(funnel.published),
        ),
        axis=tr._("Ideas parked in the period"),
        name=f"chorus-funnel-{figures.period.slug}",
    )


def theme_name(tr: Translator, theme: str) -> str:
    """A theme as shown, with the folded row named."""
    return f"#{theme}" if theme != OTHER else tr._("other themes and small groups")


NETWORK_NAMES = {
    "linkedin": "LinkedIn",
    "x": "X",
    "reddit": "Reddit",
    "mastodon": "Mastodon",
    "youtube": "YouTube",
}


def network_name(tr: Translator, network: str) -> str:
    """A network as shown, with the folded row named."""
    if network == OTHER:
        return tr._("other networks and small groups")
    if network == "web":
        return tr._("other web pages")
    return NETWORK_NAMES.get(network, network)


def group_name(tr: Translator, row: GroupRow, *, network: bool = False) -> str:
    """A segment or network as shown, with the folded row named."""
    if row.key == OTHER:
        return tr._("others and small groups")
    if network:
        return network_name(tr, row.key)
    return row.names.get(tr.locale) or row.names.get("en") or row.key


def group_lines(tr: Translator, rows: Sequence[GroupRow], *, network: bool = False) -> str:
    """``Role model: 60% active (6 of 10), 4 posts``, one line per group."""
    return "\n".join(
        tr._n(
            "{group}: {share} active ({active} of {members}), {posts} post",
            "{group}: {share} active ({active} of {members}), {posts} posts",
            row.posts,
            group=group_name(tr, row, network=network),
            share=percent(tr, row.participation),
            active=tr.number(row.active, 0),
            members=tr.number(row.members, 0),
            posts=tr.number(row.posts, 0),
        )
        for row in rows
    )


def mix_blocks(tr: Translator, groups: Groups, target: int) -> list[Block]:
    """The company/external mix of library shares against the target, per segment."""
    actual = groups.company_percent
    if actual is None:
        return []
    lines = [
        tr._(
            "{group}: {share}% company ({company} company, {external} external)",
            group=group_name(tr, row),
            share=row.company_percent,
            company=row.company,
            external=row.external,
        )
        for row in groups.segments
        if row.company_percent is not None
    ]
    text = Text((Span(tr._("Company and external content"), bold=True),)) + Text.plain("\n")
    text = text + tr._t(
        "{actual}% company content, against a target of {target}%.",
        actual=actual,
        target=target,
    )
    if lines:
        text = text + Text.user("\n" + "\n".join(lines))
    return [Section(text)]


def group_blocks(tr: Translator, groups: Groups, target: int) -> list[Block]:
    """Participation and posts per segment and per network, and the mix of library shares."""
    blocks: list[Block] = []
    for title, rows, network in (
        (tr._("By segment"), groups.segments, False),
        (tr._("By network (the members who post there)"), groups.networks, True),
    ):
        if rows:
            blocks.append(
                Section(
                    Text((Span(title, bold=True),))
                    + Text.user("\n" + group_lines(tr, rows, network=network))
                )
            )
    return blocks + mix_blocks(tr, groups, target)


def key_fields(tr: Translator, now: Figures, before: Figures) -> Fields:
    """Participation, activation, posts and cheers, each with its change."""
    return Fields(
        (
            (
                tr._("Participation"),
                tr._t(
                    "{share} ({active} of {enrolled} members) {change}",
                    share=percent(tr, now.participation),
                    active=now.active,
                    enrolled=now.enrolled,
                    change=points(tr, change(now.participation, before.participation)),
                ),
            ),
            (
                tr._("Activation"),
                tr._nt(
                    "{share} more active than the period before; {first} first post ever",
                    "{share} more active than the period before; {first} first posts ever",
                    now.first_posts,
                    share=percent(tr, now.activation),
                    first=now.first_posts,
                ),
            ),
            (
                tr._("Posts announced"),
                tr._t(
                    "{posts} {change} · {answers} likes, comments and shares per post",
                    posts=now.posts,
                    change=difference(tr, now.posts, before.posts),
                    answers=number(tr, now.answers_per_post),
                ),
            ),
            (
                tr._("Cheers given"),
                tr._t(
                    "{cheers} {change} · {per_member} per member",
                    cheers=now.cheers,
                    change=difference(tr, now.cheers, before.cheers),
                    per_member=number(tr, now.cheers_per_member),
                ),
            ),
        )
    )


def stats_blocks(
    tr: Translator,
    now: Figures,
    before: Figures,
    quiet: Sequence[Member],
    *,
    theme: str | None,
    running: bool,
    groups: Groups | None = None,
    target: int = 33,
) -> list[Block]:
    """The private answer to ``/chorus stats``."""
    label = now.period.label(tr)
    title = tr._("📊 Programme figures: {period}", period=label)
    if running:
        title = tr._("📊 Programme figures: {period} (so far)", period=label)
    blocks: list[Block] = [Header(title)]
    if now.enrolled == 0:
        blocks.append(
            Section(tr._t("No members yet in this period, so there is nothing to count."))
        )
        return blocks
    blocks.append(key_fields(tr, now, before))
    blocks.append(Note(tr._t("Compared with {period}.", period=before.period.label(tr))))
    funnel_title = (
        tr._("Ideas → drafts → posts for #{theme}", theme=theme)
        if theme
        else tr._("Ideas → drafts → posts")
    )
    blocks.append(
        Section(
            Text((Span(funnel_title, bold=True),)) + Text.plain("\n") + funnel_line(tr, now.funnel)
        )
    )
    chart = funnel_chart(tr, now, theme)
    if chart is not None:
        blocks.append(chart)
    if now.funnel.days_to_draft is not None or now.funnel.days_to_post is not None:
        blocks.append(
            Note(
                tr._t(
                    "Median days from idea to first draft: {to_draft}; from draft to post: {to_post}.",
                    to_draft=number(tr, now.funnel.days_to_draft),
                    to_post=number(tr, now.funnel.days_to_post),
                )
            )
        )
    if not theme and now.themes:
        lines = [
            tr._(
                "{theme}: {ideas} ideas, {published} published",
                theme=theme_name(tr, name),
                ideas=row.ideas,
                published=row.published,
            )
            for name, row in list(now.themes.items())[:3]
        ]
        blocks.append(
            Section(
                Text((Span(tr._("Top themes"), bold=True),)) + Text.user("\n" + "\n".join(lines))
            )
        )
    cell = best_cell(now.best_times)
    if cell is not None:
        blocks.append(
            Section(
                tr._nt(
                    "Best time so far: {weekday} {hour}:00-{next}:00 ({answers} per post, {posts} post).",
                    "Best time so far: {weekday} {hour}:00-{next}:00 ({answers} per post, {posts} posts).",
                    cell.posts,
                    weekday=weekday_name(tr, cell.weekday),
                    hour=str(cell.hour).zfill(2),
                    next=str((cell.hour + 1) % 24).zfill(2),
                    answers=number(tr, cell.answers / cell.posts),
                    posts=cell.posts,
                )
            )
        )
    blocks.append(Section(support_line(tr, now)))
    if groups is not None:
        blocks.extend(group_blocks(tr, groups, target))
    if quiet:
        names: list[Span] = []
        for index, member in enumerate(quiet[:QUIET_SHOWN]):
            if index:
                names.append(Span(", "))
            names.append(mention_of(member))
        more = len(quiet) - QUIET_SHOWN
        text = tr._t("Could use a hand (nothing this period or the one before): ") + Text(
            tuple(names)
        )
        if more > 0:
            text = text + tr._t(" and {n} more on the dashboard.", n=more)
        blocks.append(Section(text))
    blocks.append(
        Note(
            tr._t(
                "Active = at least one idea, draft, feedback, post, like/comment/share, cheer or booking. /chorus dashboard has the charts, every formula and CSV files."
            )
        )
    )
    return blocks


def support_line(tr: Translator, now: Figures) -> Text:
    """Feedback time and slot and café use."""
    s = now.support
    hours = number(tr, s.feedback_hours) if s.feedback_hours is not None else "—"
    return tr._t(
        "Support: first feedback after {hours} hours (median, {answered} drafts; {waiting} still waiting); {booked} of {slots} feedback slots booked; {taken} of {seats} café seats taken.",
        hours=hours,
        answered=s.answered,
        waiting=s.waiting,
        booked=s.slots_booked,
        slots=s.slots_offered,
        taken=s.cafe_seats_taken,
        seats=s.cafe_seats,
    )


MY_LINES: tuple[tuple[Contribution, str], ...] = (
    (Contribution.IDEA, N_("Ideas parked")),
    (Contribution.DRAFT, N_("Draft versions saved")),
    (Contribution.FEEDBACK, N_("Feedback given")),
    (Contribution.POST, N_("Posts announced")),
    (Contribution.ANSWER, N_("Likes, comments and shares for colleagues")),
    (Contribution.CHEER, N_("Cheers given")),
    (Contribution.BOOKING, N_("Slots and café seats booked")),
)


def _with_change(tr: Translator, now: int, before: int) -> str:
    return f"{now} ({difference(tr, now, before)})"


def my_blocks(
    tr: Translator,
    period: Period,
    mine: Mapping[Contribution, int],
    before: Mapping[Contribution, int],
    cheered: int,
    first_post: bool,
    *,
    running: bool,
) -> list[Block]:
    """The private answer to ``/chorus me``: only the member's own figures."""
    label = period.label(tr)
    title = tr._("Your figures: {period}", period=label)
    if running:
        title = tr._("Your figures: {period} (so far)", period=label)
    items = tuple(
        (
            tr._(name),
            Text.plain(
                f"{mine.get(kind, 0)} ({difference(tr, mine.get(kind, 0), before.get(kind, 0))})"
            ),
        )
        for kind, name in MY_LINES
    )
    blocks: list[Block] = [
        Header(title),
        Fields((*items, (tr._("Cheers you received"), Text.plain(str(cheered))))),
    ]
    if first_post:
        blocks.append(Section(tr._t("🎉 Your first post ever was announced in this period!")))
    if not sum(mine.values()):
        blocks.append(
            Section(
                tr._t(
                    "Nothing yet in this period, and that is fine. A small step: park an idea with /idea, or cheer a colleague with /cheer."
                )
            )
        )
    blocks.append(
        Note(
            tr._t(
                "In brackets: the change against {period}. Only you see these figures, and Chorus never ranks members.",
                period=period.previous().label(tr),
            )
        )
    )
    return blocks


def status_note_blocks(
    tr: Translator, now: Figures, before: Figures, mix_hint: Text | None = None
) -> list[Block]:
    """The weekly status note for coordinators: last week's key figures and what changed,
    and a hint when the company/external mix has drifted far from the target."""
    blocks: list[Block] = [
        Header(tr._("📈 Last week in the programme: {period}", period=now.period.label(tr)))
    ]
    if now.enrolled == 0:
        blocks.append(Section(tr._t("No members yet, so there is nothing to count.")))
        return blocks
    blocks.append(key_fields(tr, now, before))
    blocks.append(Section(funnel_line(tr, now.funnel)))
    blocks.append(Section(support_line(tr, now)))
    if mix_hint is not None:
        blocks.append(Section(mix_hint))
    blocks.append(
        Note(
            tr._t(
                "Compared with {period}. /chorus stats shows any period; /chorus dashboard the charts.",
                period=before.period.label(tr),
            )
        )
    )
    return blocks
