"""The idea bank's rules, on the core with in-memory fakes."""

from __future__ import annotations

import pytest

from bot.config import Programme
from bot.core import Core
from bot.ideas.ports import IdeaStatus
from bot.messages import Actions, Audience, Quote, SpanKind
from bot.model import Platform
from tests.helpers import Chat, answer, button_commands, channel_posts, notes
from tests.unit.fakes import FakeClock, FakeUnitOfWorkFactory


def ideas(uow_factory: FakeUnitOfWorkFactory) -> list[tuple[int, str, IdeaStatus]]:
    return sorted((i.number, i.text, i.status) for i in uow_factory.state.ideas.values())


async def test_idea_is_parked_with_its_theme_and_posted_to_the_channel(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    outcome = await chat.say("ann", "/idea Why we test our backups every Friday #engineering")

    assert "Idea #1 is parked" in answer(outcome)
    [post] = channel_posts(outcome)
    assert post.key == "idea:1"
    assert "#engineering" in post.text and "0 votes" in post.text
    assert button_commands(post) == ["idea vote 1", "idea claim 1"]
    [idea] = uow_factory.state.ideas.values()
    assert idea.text == "Why we test our backups every Friday"
    assert uow_factory.state.idea_themes  # tagged


@pytest.mark.parametrize("line", ["/idea", "/idea    ", "/idea \n\t ", "/idea #engineering"])
async def test_an_idea_without_words_is_refused_and_nothing_is_stored(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, line: str
) -> None:
    outcome = await chat.say("ann", line)

    assert "/idea" in answer(outcome)
    assert channel_posts(outcome) == ()
    assert uow_factory.state.ideas == {}


async def test_an_idea_of_2000_characters_is_parked_and_2001_is_refused_with_the_limit(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    refused = await chat.say("ann", "/idea " + "x" * 2001)
    assert "2,000" in answer(refused) and "2,001" in answer(refused)
    assert uow_factory.state.ideas == {}

    parked = await chat.say("ann", "/idea " + "ø" * 2000 + "   ")
    assert "parked" in answer(parked)
    assert len(ideas(uow_factory)) == 1


async def test_themes_count_towards_the_limit(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    outcome = await chat.say("ann", "/idea " + "x" * 1990 + " #engineering")
    assert "2,000" in answer(outcome)
    assert uow_factory.state.ideas == {}


async def test_an_unknown_theme_keeps_the_idea_and_suggests_the_closest_theme(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    outcome = await chat.say("ann", "/idea Pair programming with juniors #enginering")

    text = answer(outcome)
    assert "Idea #1 is parked" in text
    assert "Did you mean #engineering?" in text
    assert "#culture, #engineering, #sustainability" in text
    [(_, stored, _)] = ideas(uow_factory)
    assert stored == "Pair programming with juniors #enginering"
    assert not uow_factory.state.idea_themes


@pytest.mark.parametrize(
    "text",
    [
        "Æbleskiver og åbenhed: hvad vi lærte i år 🎄",
        "בדיקת גיבויים כל יום שישי",
        "Emoji 👩🏽‍💻 + ZWJ ✅",
    ],
)
async def test_unicode_is_stored_and_shown_unchanged(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, text: str
) -> None:
    outcome = await chat.say("ann", f"/idea {text}")

    [(_, stored, _)] = ideas(uow_factory)
    assert stored == text
    [post] = channel_posts(outcome)
    assert Quote(text) in post.blocks


async def test_a_vote_counts_once_and_voting_again_takes_it_back(chat: Chat) -> None:
    await chat.say("ann", "/idea Lessons from the outage")

    first = await chat.say("bente", "/idea vote 1")
    assert "It has 1 vote now" in answer(first)
    assert "Vote (1)" in channel_posts(first)[0].text

    second = await chat.say("bente", "/idea vote #1")
    assert "took back your vote" in answer(second)
    assert "Vote (0)" in channel_posts(second)[0].text

    await chat.say("bente", "/idea vote 1")
    third = await chat.say("carl", "/idea vote 1")
    assert "It has 2 votes now" in answer(third)


async def test_an_author_cannot_vote_for_their_own_idea(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await chat.say("ann", "/idea Lessons from the outage")
    outcome = await chat.say("ann", "/idea vote 1")
    assert "own idea" in answer(outcome)
    assert uow_factory.state.votes == set()


@pytest.mark.parametrize("action", ["vote", "claim", "unclaim", "archive", "show"])
async def test_acting_on_an_idea_that_does_not_exist_explains_it(chat: Chat, action: str) -> None:
    outcome = await chat.say("bente", f"/idea {action} 42")
    assert "There is no idea #42" in answer(outcome)
    assert "/idea list" in answer(outcome)


@pytest.mark.parametrize("action", ["vote", "claim"])
async def test_an_archived_idea_cannot_be_voted_for_or_claimed(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, action: str
) -> None:
    await chat.say("ann", "/idea Lessons from the outage")
    await chat.say("ann", "/idea archive 1")

    outcome = await chat.say("bente", f"/idea {action} 1")

    assert "archived" in answer(outcome)
    assert uow_factory.state.votes == set()
    assert ideas(uow_factory)[0][2] is IdeaStatus.ARCHIVED


async def test_claiming_tells_the_author_and_updates_the_channel_post(chat: Chat) -> None:
    await chat.say("ann", "/idea Lessons from the outage")

    outcome = await chat.say("bente", "/idea claim 1")

    assert "yours to write" in answer(outcome)
    [post] = channel_posts(outcome)
    assert "Claimed by @Bente" in post.text
    assert button_commands(post) == ["idea vote 1"]
    [note] = notes(outcome)
    assert note.recipient_id == "ann"
    assert "@Bente claimed your idea #1" in note.text


async def test_an_idea_claimed_by_someone_else_cannot_be_claimed(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await chat.say("ann", "/idea Lessons from the outage")
    await chat.say("bente", "/idea claim 1")

    outcome = await chat.say("carl", "/idea claim 1")

    assert "already claimed by @Bente" in answer(outcome)
    [idea] = uow_factory.state.ideas.values()
    claimer = uow_factory.state.members[idea.claimed_by_id or 0]
    assert claimer.external_id == "bente"


async def test_claiming_your_own_claim_again_is_harmless(chat: Chat) -> None:
    await chat.say("ann", "/idea Lessons from the outage")
    await chat.say("bente", "/idea claim 1")
    outcome = await chat.say("bente", "/idea claim 1")
    assert "already claimed idea #1" in answer(outcome)


async def test_only_the_claimer_or_a_coordinator_can_unclaim(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await chat.say("ann", "/idea Lessons from the outage")
    await chat.say("bente", "/idea claim 1")

    refused = await chat.say("carl", "/idea unclaim 1")
    assert "Only the member who claimed idea #1" in answer(refused)

    done = await chat.say("cora", "/idea unclaim 1")  # cora is in CHORUS_ADMINS
    assert "back in the bank" in answer(done)
    assert ideas(uow_factory)[0][2] is IdeaStatus.OPEN


async def test_archiving_offers_undo_and_restore_brings_the_idea_back(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await chat.say("ann", "/idea Lessons from the outage")

    refused = await chat.say("bente", "/idea archive 1")
    assert "Only the author" in answer(refused)

    archived = await chat.say("ann", "/idea archive 1")
    assert answer(archived).startswith("Idea #1 is archived")
    assert button_commands(archived.reply.messages[0]) == ["idea restore 1"]

    restored = await chat.say("ann", "idea restore 1")
    assert "back in the bank" in answer(restored)
    assert ideas(uow_factory)[0][2] is IdeaStatus.OPEN


async def test_list_shows_active_ideas_most_voted_first_with_paging(chat: Chat) -> None:
    for n in range(1, 6):
        await chat.say("ann", f"/idea Idea number {n}")
    await chat.say("bente", "/idea vote 2")
    await chat.say("bente", "/idea claim 4")

    first = await chat.say("carl", "/idea list")
    text = answer(first)
    assert "Ideas 1–3 of 5" in text
    assert text.index("Idea number 2") < text.index("Idea number 5") < text.index("Idea number 4")
    assert button_commands(first.reply.messages[0])[-1] == "idea list 2"

    second = await chat.say("carl", "/idea list 2")
    assert "Ideas 4–5 of 5" in answer(second)

    open_only = await chat.say("carl", "/idea list open")
    assert "of 4" in answer(open_only) and "Idea number 4" not in answer(open_only)


async def test_list_mine_shows_ideas_i_wrote_or_claimed(chat: Chat) -> None:
    await chat.say("ann", "/idea Written by Ann")
    await chat.say("carl", "/idea Written by Carl")
    await chat.say("ann", "/idea claim 2")

    text = answer(await chat.say("ann", "/idea list mine"))
    assert "Written by Ann" in text and "Written by Carl" in text

    text = answer(await chat.say("bente", "/idea list mine"))
    assert "No ideas here yet" in text


async def test_list_by_theme_and_an_unknown_theme(chat: Chat) -> None:
    await chat.say("ann", "/idea Culture one #culture")
    await chat.say("ann", "/idea Engineering one #Engineering")

    text = answer(await chat.say("bente", "/idea list #culture"))
    assert "Culture one" in text and "Engineering one" not in text

    text = answer(await chat.say("bente", "/idea list #nope"))
    assert "There is no theme #nope" in text


async def test_member_text_is_marked_as_user_text_for_escaping(chat: Chat) -> None:
    outcome = await chat.say("ann", "/idea <!channel> look #culture")
    [post] = channel_posts(outcome)
    assert Quote("<!channel> look") in post.blocks
    unknown = await chat.say("ann", "/idea x #<!here>")
    spans = [
        s
        for b in unknown.reply.messages[0].blocks
        for s in getattr(getattr(b, "text", None), "spans", ())
    ]
    assert all("<!here>" not in s.text or s.kind is SpanKind.USER for s in spans)


async def test_without_an_ambassador_channel_ideas_stay_private(
    uow_factory: FakeUnitOfWorkFactory, clock: FakeClock
) -> None:
    chat = Chat(Core(uow_factory, Programme(), clock))
    outcome = await chat.say("ann", "/idea Lessons from the outage")
    assert "no ambassador channel yet" in answer(outcome)
    assert all(m.audience is Audience.PRIVATE for m in outcome.reply.messages)


async def test_workspaces_number_their_ideas_separately(
    uow_factory: FakeUnitOfWorkFactory, core: Core
) -> None:
    slack = Chat(core, workspace="T1")
    teams = Chat(core, platform=Platform.TEAMS, workspace="tenant")
    await slack.say("ann", "/idea One")
    outcome = await teams.say("ann", "/idea Two")
    assert "Idea #1 is parked" in answer(outcome)


async def test_an_unexpected_failure_answers_kindly_and_stores_nothing(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.unit import fakes

    async def broken(self: object, idea_id: int, member_id: int) -> bool:
        raise RuntimeError("disk on fire")

    await chat.say("ann", "/idea Lessons from the outage")
    monkeypatch.setattr(fakes.FakeIdeas, "toggle_vote", broken)
    outcome = await chat.say("bente", "/idea vote 1")
    assert "nothing was saved" in answer(outcome)
    assert uow_factory.state.votes == set()


async def test_the_idea_form_submits_through_the_same_rules(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    form = await chat.say("ann", "/idea form")
    assert "Park an idea" in answer(form)

    empty = await chat.form("ann", "idea", {"text": "  ", "themes": ""})
    assert empty.error_field == "text"

    long = await chat.form("ann", "idea", {"text": "y" * 2001, "themes": ""})
    assert long.error_field == "text" and "2,000" in answer(long)

    done = await chat.form(
        "ann", "idea", {"text": "Line one\nLine two", "themes": "#culture, engineering"}
    )
    assert "parked" in answer(done)
    [idea] = uow_factory.state.ideas.values()
    assert idea.text == "Line one\nLine two"
    assert len(uow_factory.state.idea_themes) == 2


# ------------------------------------------------------------------------- issue 21


@pytest.mark.parametrize(
    ("line", "meant", "keep"),
    [
        ("/idea lst", "idea list", "idea new lst"),
        ("/idea vot 3", "idea vote 3", "idea new vot 3"),
        ("/draft shwo 4", "draft show 4", "draft new shwo 4"),
        ("/draft lis", "draft list", "draft new lis"),
    ],
)
async def test_a_typo_in_a_sub_command_is_asked_about_and_nothing_is_stored(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, line: str, meant: str, keep: str
) -> None:
    outcome = await chat.say("ann", line)
    assert f"Did you mean /{meant}?" in answer(outcome)
    assert channel_posts(outcome) == () and notes(outcome) == ()
    assert uow_factory.state.ideas == {} and uow_factory.state.drafting.drafts == {}
    message = outcome.reply.answer
    assert message is not None and button_commands(message) == [meant, keep]
    kept = await chat.say("ann", keep)
    stored = uow_factory.state.ideas or uow_factory.state.drafting.drafts
    assert len(stored) == 1, answer(kept)


async def test_the_park_button_posts_the_idea_only_when_pressed(chat: Chat) -> None:
    asked = await chat.say("ann", "/idea lst")
    labels = [
        b.label
        for m in asked.reply.messages
        for block in m.blocks
        if isinstance(block, Actions)
        for b in block.buttons
    ]
    assert labels == ["Yes: /idea list", 'Park "lst" as an idea']
    parked = await chat.say("ann", "idea new lst")
    assert [m.key for m in channel_posts(parked)] == ["idea:1"]


async def test_longer_text_and_real_words_are_still_stored(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await chat.say("ann", "/idea lst of things we learned from the migration")
    await chat.say("ann", "/idea Backups")
    await chat.say("ann", "/draft shw me the money: a post about budgets")
    assert len(uow_factory.state.ideas) == 2
    assert len(uow_factory.state.drafting.drafts) == 1


async def test_a_stale_claim_button_on_a_published_idea_says_it_is_published(
    chat: Chat,
) -> None:
    await chat.say("bente", "/idea Lessons from our cloud migration")
    await chat.say("ann", "/idea claim 1")
    await chat.say("ann", "/idea draft 1")
    await chat.say("ann", "/posted https://www.linkedin.com/posts/ann_cloud-activity-1 1")
    stale = answer(await chat.say("carl", "idea claim 1"))
    assert "written and published already" in stale and "already claimed" not in stale


async def test_a_number_alone_says_what_a_number_is_for(chat: Chat) -> None:
    said = answer(await chat.say("ann", "9999"))
    assert "I don't know the command" not in said
    assert "/idea show 9999" in said and "button" in said


async def test_did_you_mean_offers_a_button_that_tags_the_idea(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    parked = await chat.say("ann", "/idea Why we reuse our old laptops #bæredygtighed")
    message = parked.reply.answer
    assert message is not None and "Did you mean #sustainability?" in message.text
    assert button_commands(message)[0] == "idea tag 1 #sustainability"
    assert "Only the author" in answer(await chat.say("bente", "idea tag 1 #sustainability"))
    tagged = await chat.say("ann", "idea tag 1 #sustainability")
    assert "Idea #1 is tagged #sustainability." in answer(tagged)
    assert "#sustainability" in channel_posts(tagged)[0].text
    assert len(uow_factory.state.idea_themes) == 1
    assert "I don't know the theme #fintech" in answer(
        await chat.say("ann", "/idea tag 1 #fintech")
    )
