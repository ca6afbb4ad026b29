"""The content library of issue 19 on the core, with in-memory fakes: suggest, browse,
pick with an angle, coordinators' marks, the link to /posted, the picks and the balance."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.config import Programme
from bot.core import Core
from bot.home.commands import ShowHome
from bot.library.ports import ContentKind
from bot.messages import Audience, Quote
from bot.registry import run_fire
from tests.helpers import Chat, answer, button_commands, channel_posts
from tests.unit.fakes import FakeClock, FakeUnitOfWorkFactory

ARTICLE = "https://www.example.com/green-data-centres"
REPORT = "https://chorus.example.org/annual-report"
MONDAY_9 = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)


def items(uow_factory: FakeUnitOfWorkFactory) -> list[tuple[int, str]]:
    return sorted((i.number, i.url) for i in uow_factory.state.library.items.values())


# ---------------------------------------------------------------------------- suggest


async def test_a_suggestion_is_kept_with_its_theme_and_note(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    outcome = await chat.say("ann", f"/share {ARTICLE} #sustainability Our numbers are in it")

    text = answer(outcome)
    assert "Item #1 is in the library" in text
    assert "#sustainability" in text and "Our numbers are in it" in text
    assert "share pick 1" in button_commands(outcome.reply.answer)  # type: ignore[arg-type]
    assert channel_posts(outcome) == ()
    assert items(uow_factory) == [(1, ARTICLE)]


async def test_a_slack_link_escape_and_a_slack_channel_theme_are_understood(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    text = answer(await chat.say("ann", f"/share <{ARTICLE}|green> <#C9|culture> Worth a read"))

    assert "Item #1" in text and "#culture" in text
    assert items(uow_factory) == [(1, ARTICLE)]


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,<b>hi</b>",
        "ftp://example.com/file",
        "example.com/no-scheme",
        "https://user:secret@example.com/article",
        "https://localhost/article",
    ],
)
async def test_links_that_are_not_web_addresses_are_refused_and_nothing_is_kept(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, url: str
) -> None:
    text = answer(await chat.say("ann", f"/share {url}"))

    assert "doesn't look like a web link" in text
    assert items(uow_factory) == []


async def test_a_link_over_two_thousand_characters_is_refused(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    long = "https://example.com/" + "a" * 2_000
    assert "longer than 2,000 characters" in answer(await chat.say("ann", f"/share {long}"))
    assert items(uow_factory) == []


async def test_share_alone_says_what_to_type(chat: Chat) -> None:
    assert "/share https://example.com/article" in answer(await chat.say("ann", "/share"))


async def test_an_overlong_note_is_refused(chat: Chat, uow_factory: FakeUnitOfWorkFactory) -> None:
    text = answer(await chat.say("ann", f"/share {ARTICLE} {'x' * 501}"))
    assert "at most 500 characters" in text
    assert items(uow_factory) == []


async def test_an_unknown_theme_gets_a_did_you_mean_and_the_item_is_kept(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    text = answer(await chat.say("ann", f"/share {ARTICLE} #sustainabilty"))

    assert "Did you mean #sustainability?" in text and "kept the item" in text
    assert items(uow_factory) == [(1, ARTICLE)]
    [item] = uow_factory.state.library.items.values()
    assert uow_factory.state.library.theme_ids[item.id] is None


async def test_a_note_with_markup_and_mentions_stays_user_text(chat: Chat) -> None:
    outcome = await chat.say("ann", f"/share {ARTICLE} <!channel> see <https://evil.example|here>")
    message = outcome.reply.answer
    assert message is not None
    [quote] = [b for b in message.blocks if isinstance(b, Quote)]
    assert quote.text == "<!channel> see <https://evil.example|here>"


async def test_the_same_link_again_is_merged_into_the_first_item(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await chat.say("ann", f"/share {ARTICLE}")
    tracked = "https://example.com/green-data-centres/?utm_source=newsletter#top"

    text = answer(await chat.say("ben", f"/share {tracked} #sustainability Great charts"))

    assert "in the library already, as item #1" in text
    assert "Your theme or note was added to it." in text
    assert items(uow_factory) == [(1, ARTICLE)]
    shown = answer(await chat.say("cora", "/share show 1"))
    assert "Great charts" in shown and "#sustainability" in shown


async def test_a_merge_keeps_the_first_suggesters_note(chat: Chat) -> None:
    await chat.say("ann", f"/share {ARTICLE} The first words")
    text = answer(await chat.say("ben", f"/share {ARTICLE} Other words"))
    assert "added to it" not in text
    assert "The first words" in text and "Other words" not in text


# ---------------------------------------------------------------------------- browse


async def test_the_list_shows_pinned_then_most_picked_then_newest(
    chat: Chat, clock: FakeClock
) -> None:
    await chat.say("ann", "/share https://example.com/one")
    clock.advance(minutes=1)
    await chat.say("ann", "/share https://example.com/two")
    clock.advance(minutes=1)
    await chat.say("ann", "/share https://example.com/three")
    await chat.say("ben", "/share pick 1")
    await chat.say("cora", "/share pin 2")

    text = answer(await chat.say("ben", "/share list"))

    assert text.index("example.com/two") < text.index("example.com/one")
    assert text.index("example.com/one") < text.index("example.com/three")
    assert "📌 Item #2" in text and "1 pick" in text


async def test_the_list_filters_by_theme_and_kind_and_pages(chat: Chat) -> None:
    await chat.say("ann", f"/share {ARTICLE} #sustainability")
    await chat.say("ann", f"/share {REPORT} #culture")
    await chat.say("ann", "/share https://example.com/a")
    await chat.say("ann", "/share https://example.com/b")
    await chat.say("cora", "/share company 2")

    themed = answer(await chat.say("ann", "/share list #sustainability"))
    assert ARTICLE in themed and REPORT not in themed
    company = answer(await chat.say("ann", "/share list company"))
    assert REPORT in company and ARTICLE not in company
    first = await chat.say("ann", "/share list")
    assert "share list 2" in button_commands(first.reply.answer)  # type: ignore[arg-type]
    second = answer(await chat.say("ann", "/share list 2"))
    assert ARTICLE in second


async def test_listing_an_unknown_theme_names_the_themes(chat: Chat) -> None:
    text = answer(await chat.say("ann", "/share list #nosuch"))
    assert "I don't know the theme #nosuch" in text and "#engineering" in text


async def test_an_empty_library_invites_a_suggestion(chat: Chat) -> None:
    assert "Nothing to share here yet" in answer(await chat.say("ann", "/share list"))


# ---------------------------------------------------------------------------- coordinators


async def test_only_coordinators_mark_expire_and_pin(chat: Chat) -> None:
    await chat.say("ann", f"/share {ARTICLE}")
    for line in ("/share company 1", "/share expire 1 2026-12-31", "/share pin 1"):
        assert "Only coordinators" in answer(await chat.say("ann", line))


async def test_a_coordinator_marks_an_item_company_or_external(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await chat.say("ann", f"/share {ARTICLE}")

    assert "marked as company content" in answer(await chat.say("cora", "/share company 1"))
    [item] = uow_factory.state.library.items.values()
    assert uow_factory.state.library.items[item.id].kind is ContentKind.COMPANY
    await chat.say("cora", "/share external 1")
    assert uow_factory.state.library.items[item.id].kind is ContentKind.EXTERNAL
    await chat.say("cora", "/share unmark 1")
    assert uow_factory.state.library.items[item.id].kind is None


async def test_an_expired_item_leaves_the_list_and_a_pick_gets_a_friendly_answer(
    chat: Chat, clock: FakeClock
) -> None:
    await chat.say("ann", f"/share {ARTICLE}")
    expiry = answer(await chat.say("cora", "/share expire 1 2026-11-30"))
    assert "Item #1 can be shared until Nov 30, 2026" in expiry
    assert "until Nov 30, 2026" in answer(await chat.say("ann", "/share list"))

    clock.moment = datetime(2026, 11, 30, 23, 30, tzinfo=UTC)  # Dec 1 in Copenhagen

    assert "Nothing to share here yet" in answer(await chat.say("ann", "/share list"))
    text = answer(await chat.say("ben", "/share pick 1"))
    assert "Item #1 has expired" in text and "news goes stale" in text


async def test_an_expiry_in_the_past_is_refused(chat: Chat) -> None:
    await chat.say("ann", f"/share {ARTICLE}")
    assert "That day is over" in answer(await chat.say("cora", "/share expire 1 2026-11-01"))
    assert "no longer expires" in answer(await chat.say("cora", "/share expire 1 never"))
    assert "Give the item's number" in answer(await chat.say("cora", "/share expire 1 soon"))


async def test_at_most_three_items_are_pinned(chat: Chat) -> None:
    for n in range(4):
        await chat.say("ann", f"/share https://example.com/{n}")
    for n in (1, 2, 3):
        assert "is pinned" in answer(await chat.say("cora", f"/share pin {n}"))

    refused = await chat.say("cora", "/share pin 4")

    assert "Three items are pinned already: #1, #2, #3" in answer(refused)
    assert "share unpin 1" in button_commands(refused.reply.answer)  # type: ignore[arg-type]
    await chat.say("cora", "/share unpin 1")
    assert "is pinned" in answer(await chat.say("cora", "/share pin 4"))


# ---------------------------------------------------------------------------- pick


async def test_a_pick_is_recorded_once_and_answers_with_three_angles(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await chat.say("ann", f"/share {ARTICLE}")

    outcome = await chat.say("ben", "/share pick 1")

    text = answer(outcome)
    assert "What surprised you?" in text
    assert "What does this mean for your customers?" in text
    assert "One thing you'd add" in text
    commands = button_commands(outcome.reply.answer)  # type: ignore[arg-type]
    assert commands == ["share draft 1 1", "share draft 1 2", "share draft 1 3"]
    assert "picked item #1 already" in answer(await chat.say("ben", "/share pick 1"))
    assert len(uow_factory.state.library.picks) == 1
    assert outcome.reply.for_audience(Audience.CHANNEL) == ()


async def test_the_angles_come_in_the_members_language(chat: Chat) -> None:
    await chat.say("ann", f"/share {ARTICLE}")
    await chat.say("ben", "/chorus language da")
    text = answer(await chat.say("ben", "/share pick 1"))
    assert "What surprised you?" not in text


async def test_a_draft_from_an_item_carries_the_angle_and_the_link_and_gets_hints(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await chat.say("ann", f"/share {ARTICLE}")
    await chat.say("ben", "/share pick 1")

    text = answer(await chat.say("ben", "/share draft 1 2"))

    assert "Draft #1 is started from item #1" in text
    shown = answer(await chat.say("ben", "/draft show 1"))
    assert "What does this mean for your customers?" in shown and ARTICLE in shown
    assert "hashtag" in text.casefold()  # the usual guideline hints came with it
    again = answer(await chat.say("ben", "/share draft 1 3"))
    assert "You already have draft #1 for item #1" in again
    assert len(uow_factory.state.drafting.drafts) == 1


async def test_an_angle_out_of_range_is_refused(chat: Chat) -> None:
    await chat.say("ann", f"/share {ARTICLE}")
    assert "Choose angle 1, 2 or 3" in answer(await chat.say("ben", "/share draft 1 7"))


async def test_an_unknown_item_gets_a_friendly_answer(chat: Chat) -> None:
    assert "There is no item #9" in answer(await chat.say("ben", "/share pick 9"))


# ---------------------------------------------------------------------------- /posted


async def test_posting_the_draft_links_the_post_to_the_item_and_the_call_says_so(
    chat: Chat,
) -> None:
    await chat.say("ann", f"/share {ARTICLE}")
    await chat.say("ben", "/share pick 1")
    await chat.say("ben", "/share draft 1 1")

    outcome = await chat.say("ben", "/posted https://www.linkedin.com/posts/ben-green-1 1")

    assert "linked to library item #1" in answer(outcome)
    [call] = channel_posts(outcome)[:1]
    assert "Shared from the content library (item #1)" in call.text


async def test_posting_without_a_draft_links_the_newest_open_pick(chat: Chat) -> None:
    await chat.say("ann", f"/share {ARTICLE}")
    await chat.say("ben", "/share pick 1")

    first = answer(await chat.say("ben", "/posted https://www.linkedin.com/posts/ben-1"))
    second = answer(await chat.say("ben", "/posted https://www.linkedin.com/posts/ben-2"))

    assert "linked to library item #1" in first
    assert "library item" not in second


async def test_a_post_without_a_pick_is_not_linked(chat: Chat) -> None:
    await chat.say("ann", f"/share {ARTICLE}")
    outcome = await chat.say("ben", "/posted https://www.linkedin.com/posts/ben-1")
    assert "library item" not in answer(outcome)
    assert "content library" not in channel_posts(outcome)[0].text


async def test_an_old_pick_is_not_linked_to_a_later_post(chat: Chat, clock: FakeClock) -> None:
    await chat.say("ann", f"/share {ARTICLE}")
    await chat.say("ben", "/share pick 1")
    clock.advance(days=15)
    assert "library item" not in answer(
        await chat.say("ben", "/posted https://www.linkedin.com/posts/ben-1")
    )


# ---------------------------------------------------------------------------- picks


async def test_the_digest_and_the_home_show_the_pinned_picks(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, programme: Programme, clock: FakeClock
) -> None:
    clock.moment = MONDAY_9 - timedelta(days=2)
    await chat.say("ann", f"/share {ARTICLE}")
    await chat.say("ann", f"/share {REPORT}")
    await chat.say("cora", "/share pin 2")
    [workspace] = uow_factory.state.workspaces.values()
    uow_factory.state.outbox.clear()

    await run_fire(uow_factory, programme, "digest", workspace.id, MONDAY_9)

    [post] = uow_factory.state.outbox
    assert "Worth sharing this week" in post.message.text
    assert REPORT in post.message.text and ARTICLE not in post.message.text
    assert "share pick 2" in button_commands(post.message)
    home = answer(await chat.core.handle(chat.actor("ben"), ShowHome()))
    assert "Worth sharing this week" in home and REPORT in home


async def test_without_pins_the_picks_are_the_weeks_most_picked(
    chat: Chat, clock: FakeClock
) -> None:
    clock.advance(days=-10)
    await chat.say("ann", "/share https://example.com/old")
    clock.advance(days=10)
    for n in range(4):
        await chat.say("ann", f"/share https://example.com/new-{n}")
    await chat.say("ben", "/share pick 5")

    home = answer(await chat.core.handle(chat.actor("ben"), ShowHome()))

    assert "example.com/new-3" in home and "example.com/old" not in home
    assert home.index("new-3") < home.index("new-2")
    assert "new-0" not in home  # three at most


async def test_an_empty_library_adds_nothing_to_the_home(chat: Chat) -> None:
    home = answer(await chat.core.handle(chat.actor("ben"), ShowHome()))
    assert "Worth sharing" not in home


# ---------------------------------------------------------------------------- balance


async def _share(chat: Chat, user: str, url: str, kind: str | None, n: int) -> None:
    await chat.say("cora", f"/share {url}")
    if kind:
        await chat.say("cora", f"/share {kind} {n}")
    await chat.say(user, f"/share pick {n}")
    await chat.say(user, f"/posted https://www.linkedin.com/posts/{user}-{n}")


async def test_the_balance_shows_the_mix_against_the_target_with_a_gentle_hint(
    chat: Chat,
) -> None:
    await _share(chat, "ann", "https://example.com/1", "company", 1)
    await _share(chat, "ben", "https://example.com/2", "company", 2)
    await _share(chat, "dan", "https://example.com/3", "company", 3)
    await _share(chat, "eva", "https://example.com/4", None, 4)

    text = answer(await chat.say("cora", "/share stats"))

    assert "Shared from the library: 4" in text
    assert "Company content: 3" in text and "Not marked: 1" in text
    assert "100% company content, against a target of 33%" in text
    assert "Most of what was shared is company content" in text


async def test_a_mix_near_the_target_gets_no_hint_and_networks_are_split(chat: Chat) -> None:
    await _share(chat, "ann", "https://example.com/1", "company", 1)
    await _share(chat, "ben", "https://example.com/2", "external", 2)
    await _share(chat, "dan", "https://example.com/3", "external", 3)
    await chat.say("cora", "/share https://example.com/4")
    await chat.say("eva", "/share pick 4")
    await chat.say("eva", "/posted https://x.com/eva/status/4")

    text = answer(await chat.say("cora", "/share stats month"))

    assert "33% company content, against a target of 33%" in text
    assert "Most of what" not in text and "Little of what" not in text
    assert "LinkedIn: 1 company · 2 external · 0 not marked" in text
    assert "X: 0 company · 0 external · 1 not marked" in text


async def test_the_balance_looks_back_over_the_period_asked_for(
    chat: Chat, clock: FakeClock
) -> None:
    await _share(chat, "ann", "https://example.com/1", "company", 1)
    clock.advance(days=10)
    assert "Nothing from the library" in answer(await chat.say("cora", "/share stats week"))
    assert "Shared from the library: 1" in answer(await chat.say("cora", "/share stats month"))


async def test_the_balance_is_for_coordinators(chat: Chat) -> None:
    assert "Only coordinators" in answer(await chat.say("ann", "/share stats"))


async def test_the_target_comes_from_the_programme(
    uow_factory: FakeUnitOfWorkFactory, programme: Programme, clock: FakeClock
) -> None:
    chat = Chat(Core(uow_factory, replace(programme, company_share_percent=50), clock))
    await _share(chat, "ann", "https://example.com/1", "company", 1)

    text = answer(await chat.say("cora", "/share stats"))

    assert "100% company content, against a target of 50%." in text
    assert "Most of what" not in text  # one share is too few for a hint
