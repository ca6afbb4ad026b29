"""The company/external balance: the mix of what members shared from the library."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from bot.access import require_coordinator
from bot.context import Context
from bot.i18n import Translator
from bot.library.commands import Period, ShowBalance
from bot.library.ports import ContentKind, SharedPost
from bot.messages import Block, Fields, Header, Note, Reply, Section, Text
from bot.posts.ports import Network
from bot.posts.urls import NETWORK_NAMES

PERIOD_DAYS = {Period.WEEK: 7, Period.MONTH: 30, Period.QUARTER: 91}

# The mix "drifts far" from the target when it is this many points off, over enough shares.
DRIFT_POINTS = 20
DRIFT_MIN_SHARES = 3


def company_percent(shared: list[SharedPost]) -> int | None:
    """The company share of the marked shares, rounded to a whole percent; None if none."""
    kinds = Counter(s.kind for s in shared if s.kind is not None)
    marked = kinds[ContentKind.COMPANY] + kinds[ContentKind.EXTERNAL]
    if not marked:
        return None
    return round(100 * kinds[ContentKind.COMPANY] / marked)


async def show_balance(ctx: Context, cmd: ShowBalance) -> Reply:
    """Coordinators: the mix over the period, per network, against the programme's target."""
    require_coordinator(ctx)
    tr = ctx.tr
    now = ctx.clock.now()
    start = now - timedelta(days=PERIOD_DAYS[cmd.period])
    # Up to and including this moment: a post announced just now counts.
    shared = await ctx.uow.library.shared_between(
        ctx.workspace.id, start, now + timedelta(seconds=1)
    )
    target = ctx.programme.company_share_percent
    title = {
        Period.WEEK: tr._("Company and external content, the last 7 days"),
        Period.MONTH: tr._("Company and external content, the last 30 days"),
        Period.QUARTER: tr._("Company and external content, the last 3 months"),
    }[cmd.period]
    blocks: list[Block] = [Header(title)]
    if not shared:
        blocks.append(
            Section(
                tr._t(
                    "Nothing from the library was announced with /posted in this period yet. The target is {target}% company content.",
                    target=target,
                )
            )
        )
        return Reply.private(*blocks)
    blocks.append(Fields(tuple(_mix_fields(tr, shared))))
    actual = company_percent(shared)
    if actual is None:
        blocks.append(
            Note(
                tr._t(
                    "None of the shared items is marked yet: mark them with /share company N or /share external N to see the mix."
                )
            )
        )
    else:
        blocks.append(
            Section(
                tr._t(
                    "{actual}% company content, against a target of {target}%.",
                    actual=actual,
                    target=target,
                )
            )
        )
        hint = drift_hint(tr, ctx.programme.company_share_percent, shared)
        if hint is not None:
            blocks.append(Note(hint))
    by_network: dict[Network, list[SharedPost]] = {}
    for share in shared:
        by_network.setdefault(share.network, []).append(share)
    if len(by_network) > 1:
        blocks.append(Section(tr._t("Per network:")))
        blocks.append(
            Fields(
                tuple(
                    (
                        NETWORK_NAMES.get(network) or tr._("Other web pages"),
                        Text.plain(_mix_line(tr, posts)),
                    )
                    for network, posts in sorted(by_network.items(), key=lambda kv: kv[0].value)
                )
            )
        )
    return Reply.private(*blocks)


def _mix_fields(tr: Translator, shared: list[SharedPost]) -> list[tuple[str, Text]]:
    kinds = Counter(s.kind for s in shared)
    return [
        (tr._("Shared from the library"), Text.plain(str(len(shared)))),
        (tr._("Company content"), Text.plain(str(kinds[ContentKind.COMPANY]))),
        (tr._("External content"), Text.plain(str(kinds[ContentKind.EXTERNAL]))),
        (tr._("Not marked"), Text.plain(str(kinds[None]))),
    ]


def _mix_line(tr: Translator, shared: list[SharedPost]) -> str:
    kinds = Counter(s.kind for s in shared)
    return tr._(
        "{company} company · {external} external · {unmarked} not marked",
        company=kinds[ContentKind.COMPANY],
        external=kinds[ContentKind.EXTERNAL],
        unmarked=kinds[None],
    )


def drift_hint(tr: Translator, target: int, shared: list[SharedPost]) -> Text | None:
    """A gentle hint when the mix is ``DRIFT_POINTS`` or more from ``target`` (the company
    share in percent); None while it is close enough."""
    actual = company_percent(shared)
    marked = sum(1 for s in shared if s.kind is not None)
    if actual is None or marked < DRIFT_MIN_SHARES or abs(actual - target) < DRIFT_POINTS:
        return None
    if actual > target:
        return tr._t(
            "Most of what was shared is company content. Audiences trust ambassadors who also share the industry's news: pin an external item or two as the week's picks."
        )
    return tr._t(
        "Little of what was shared is company content. Pin a company item as one of the week's picks, or ask who would like to give it their angle."
    )
