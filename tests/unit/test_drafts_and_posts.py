"""Drafts, guideline hints, feedback, published posts and their calls, and cheers — the
rules of issue 5 on the core, with in-memory fakes."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.drafts.ports import DraftStatus
from bot.guidelines.check import check
from bot.ideas.ports import IdeaStatus
from bot.messages import Audience, Form
from bot.posts.ports import Engagement, Network
from bot.posts.urls import network_of, url_key
from tests.helpers import Chat, answer, button_commands, channel_posts, notes
from tests.unit.fakes import FakeClock, FakeUnitOfWorkFactory

POST = (
    "Why do we test our backups every Friday?\n"
    "Because a backup you never restored is only a hope. #engineering #backup #ops"
)
URL = "https://www.linkedin.com/posts/ann_backups-activity-1"


async def _draft(chat: Chat, user: str = "ann", text: str = POST) -> str:
    return answer(await chat.say(user, f"/draft {text}"))


# ------------------------------------------------------------------------- drafts


async def test_a_draft_is_saved_privately_with_a_number(chat: Chat) -> None:
    outcome = await chat.say("ann", f"/draft {POST}")
    assert "Draft #1 is saved. Only you and the coordinators can see it." in answer(outcome)
    assert channel_posts(outcome) == () and notes(outcome) == ()


async def test_draft_alone_opens_an_empty_editor(chat: Chat) -> None:
    outcome = await chat.say("ann", "/draft")
    message = outcome.reply.answer
    assert message is not None
    form = next(b for b in message.blocks if isinstance(b, Form))
    assert form.command == "draft" and form.inputs[0].name == "text"


async def test_every_save_is_a_new_version_and_old_ones_stay_readable(chat: Chat) -> None:
    await _draft(chat)
    saved = answer(await chat.say("ann", "/draft edit 1 A better opening line for our backups"))
    assert "saved as version 2" in saved
    assert "A better opening" in answer(await chat.say("ann", "/draft show 1"))
    first = answer(await chat.say("ann", "/draft show 1 v1"))
    assert "version 1 of 2" in first and "Why do we test our backups" in first


async def test_the_editor_form_saves_a_new_version(chat: Chat) -> None:
    await _draft(chat)
    editor = (await chat.say("ann", "/draft edit 1")).reply.answer
    assert editor is not None
    form = next(b for b in editor.blocks if isinstance(b, Form))
    assert form.inputs[0].initial == POST
    outcome = await chat.form("ann", form.command, {"text": POST + "\nOne more line."})
    assert "version 2" in answer(outcome)


async def test_an_empty_draft_is_refused_in_the_form_field(chat: Chat) -> None:
    outcome = await chat.form("ann", "draft", {"text": "   "})
    assert outcome.error_field == "text"
    assert "Write your draft" in answer(outcome)


async def test_a_huge_paste_is_refused_with_the_limit_and_nothing_is_stored(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    outcome = await chat.form("ann", "draft", {"text": "x" * 20_000})
    assert outcome.error_field == "text"
    assert "at most 10,000 characters; yours has 20,000" in answer(outcome)
    assert uow_factory.state.drafting.drafts == {}


async def test_drafts_are_private_to_the_author_and_coordinators(chat: Chat) -> None:
    await _draft(chat)
    assert "There is no draft #1 you can see" in answer(await chat.say("bente", "/draft show 1"))
    assert "Why do we test" in answer(await chat.say("cora", "/draft show 1"))
    assert "Only the author of draft #1" in answer(await chat.say("cora", "/draft edit 1 x"))
    assert "There is no draft #1 you can see" in answer(await chat.say("bente", "/draft edit 1 x"))


async def test_draft_list_shows_mine_only(chat: Chat) -> None:
    await _draft(chat)
    await _draft(chat, "bente", "Bente's own post about onboarding")
    listed = answer(await chat.say("ann", "/draft list"))
    assert "#1" in listed and "onboarding" not in listed
    assert "Only coordinators" in answer(await chat.say("ann", "/draft list all"))
    assert "onboarding" in answer(await chat.say("cora", "/draft list all"))


async def test_a_discarded_draft_comes_back_within_30_days_only(
    chat: Chat, clock: FakeClock
) -> None:
    await _draft(chat)
    await _draft(chat)
    assert "discarded" in answer(await chat.say("ann", "/draft discard 1"))
    assert "Restore it first" in answer(await chat.say("ann", "/draft edit 1 new text"))
    assert "Draft #1 is back." in answer(await chat.say("ann", "/draft restore 1"))
    await chat.say("ann", "/draft discard 2")
    clock.advance(days=31)
    assert "more than 30 days ago" in answer(await chat.say("ann", "/draft restore 2"))


async def test_a_draft_from_a_claimed_idea_is_seeded_and_the_idea_is_drafted(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await chat.say("bente", "/idea Lessons from our cloud migration #engineering")
    refused = answer(await chat.say("ann", "/idea draft 1"))
    assert "Claim idea #1 first" in refused
    await chat.say("ann", "/idea claim 1")
    outcome = await chat.say("ann", "/idea draft 1")
    assert "Draft #1 is started from idea #1" in answer(outcome)
    assert "Lessons from our cloud migration" in answer(outcome)
    assert [m.key for m in channel_posts(outcome)] == ["idea:1"]
    idea = next(iter(uow_factory.state.ideas.values()))
    assert idea.status is IdeaStatus.DRAFTED
    again = answer(await chat.say("ann", "/idea draft 1"))
    assert "You already have draft #1 for idea #1" in again
    discarded = await chat.say("ann", "/draft discard 1")
    assert "Claimed by" in channel_posts(discarded)[0].text
    assert next(iter(uow_factory.state.ideas.values())).status is IdeaStatus.CLAIMED
    restored = await chat.say("ann", "/draft restore 1")
    assert "Being drafted" in channel_posts(restored)[0].text


# ------------------------------------------------------------------------- guidelines


def test_off_limits_terms_match_whole_words_ignoring_case_and_accents() -> None:
    hints = check("We helped ACME Corp and Zoë Labs move.", off_limits=["acme corp", "Zoe Labs"])
    assert "acme corp, Zoe Labs" in str(hints[0].values["terms"])
    partial = check("Acmes corporation and Subacme", off_limits=["acme"])
    assert not any("off-limits" in h.msgid for h in partial)


def test_sales_pitch_phrases_are_hinted_in_every_locale() -> None:
    assert any("sales pitch" in h.msgid for h in check("Køb nu! " + POST))
    assert any("sales pitch" in h.msgid for h in check("Book a demo today. " + POST))
    assert not any("sales pitch" in h.msgid for h in check(POST))


def test_length_hook_hashtags_links_and_mentions_are_noted() -> None:
    long_text = "Short hook line that works well?\n" + "word " * 700
    assert any("LinkedIn takes at most" in h.msgid for h in check(long_text))
    assert any("first line runs past" in h.msgid for h in check("x" * 300))
    assert any("hook" in h.msgid for h in check("I'm happy to announce our new team! #a #b #c"))
    tags = [h for h in check("A good opening line for people #one") if "hashtag" in h.msgid]
    assert tags and tags[0].count == 1
    assert not any("hashtag" in h.msgid for h in check(POST))
    noted = check(POST + " https://example.com with @bente")
    assert any("link" in h.msgid for h in noted) and any("colleague" in h.msgid for h in noted)


async def test_hints_come_with_every_save_and_never_block(chat: Chat) -> None:
    await chat.say("cora", "/chorus offlimits add Acme Corp")
    saved = answer(await chat.say("ann", "/draft Buy now: how acme corp saved money"))
    assert "Draft #1 is saved" in saved
    assert "off-limits" in saved and "sales pitch" in saved


async def test_coordinators_keep_the_guidelines_members_read(chat: Chat) -> None:
    refused = answer(await chat.say("ann", "/chorus guidelines Be nice"))
    assert "Only coordinators" in refused
    form = (await chat.say("cora", "/chorus guidelines")).reply.answer
    assert form is not None and any(isinstance(b, Form) for b in form.blocks)
    await chat.form("cora", "chorus guidelines", {"text": "Never name customers."})
    assert "Never name customers." in answer(await chat.say("ann", "/chorus help guidelines"))


# ------------------------------------------------------------------------- feedback


async def test_feedback_goes_to_coordinators_and_a_colleague_and_back_to_the_author(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory, clock: FakeClock
) -> None:
    await chat.say("bente", "/chorus help")  # bente is known
    await chat.say("cora", "/chorus help")
    await _draft(chat)
    asked = await chat.say("ann", "/draft feedback 1 @bente")
    assert "is on its way to" in answer(asked)
    recipients = sorted(m.recipient_id or "" for m in notes(asked))
    assert recipients == ["bente", "cora"]
    assert "draft review 1 v1" in button_commands(notes(asked)[0])
    await chat.say("ann", "/draft edit 1 A second version")
    clock.advance(hours=3)
    form = (await chat.say("bente", "draft review 1 v1")).reply.answer
    assert form is not None and "version 1" in form.text
    given = await chat.form("bente", "draft review 1 v1", {"text": "Lovely opening."})
    assert "Thank you!" in answer(given)
    (note,) = notes(given)
    assert note.recipient_id == "ann" and "(version 1)" in note.text
    stored = uow_factory.state.drafting.feedback[0]
    assert (stored.version, stored.text) == (1, "Lovely opening.")
    draft = next(iter(uow_factory.state.drafting.drafts.values()))
    assert draft.feedback_requested_at is not None and draft.first_feedback_at is not None
    assert draft.first_feedback_at - draft.feedback_requested_at == timedelta(hours=3)


async def test_strangers_and_authors_cannot_give_feedback(chat: Chat) -> None:
    await _draft(chat)
    assert "no draft #1 you can see" in answer(await chat.say("dan", "/draft review 1 Nice"))
    assert "Feedback comes from colleagues" in answer(await chat.say("ann", "/draft review 1 x"))


async def test_feedback_on_a_discarded_draft_is_refused(chat: Chat) -> None:
    await _draft(chat)
    await chat.say("ann", "/draft discard 1")
    refused = await chat.form("cora", "draft review 1 v1", {"text": "Too late"})
    assert "was discarded by its author" in answer(refused)


# ------------------------------------------------------------------------- posts


def test_networks_are_recognised_and_urls_normalised() -> None:
    assert network_of(URL) is Network.LINKEDIN
    assert network_of("https://x.com/ann/status/1") is Network.X
    assert network_of("https://twitter.com/ann/status/1") is Network.X
    assert network_of("https://old.reddit.com/r/x") is Network.REDDIT
    assert network_of("https://youtu.be/abc") is Network.YOUTUBE
    assert network_of("https://fosstodon.org/@ann/1234567") is Network.MASTODON
    assert network_of("https://blog.example.com/post") is Network.WEB
    assert url_key("https://WWW.LinkedIn.com/posts/a/?utm_source=x#top") == url_key(
        "https://linkedin.com/posts/a"
    )


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.com/x", "doesn't look like the link"),
        ("linkedin.com/posts/a", "doesn't look like the link"),
        ("https://ann:secret@example.com/post", "user name or password"),
        ("https://example.com/" + "a" * 2100, "longer than 2,000"),
        ("https://localhost/x", "doesn't look like the link"),
    ],
)
async def test_bad_urls_are_refused(chat: Chat, url: str, message: str) -> None:
    assert message in answer(await chat.say("ann", f"/posted {url}"))


async def test_posted_puts_a_like_and_comment_call_in_the_channel(chat: Chat) -> None:
    await _draft(chat)
    outcome = await chat.say("ann", f"/posted {URL} 1")
    assert "announced as post #1" in answer(outcome)
    (call,) = channel_posts(outcome)
    assert call.key == "post:1"
    assert "on LinkedIn" in call.text and "Why do we test our backups" in call.text
    assert "great post!" in call.text
    assert button_commands(call) == [
        "posted like 1",
        "posted comment 1",
        "posted share 1",
        "posted cheer 1",
    ]
    assert "Draft #1 is published" in answer(await chat.say("ann", "/draft edit 1 more"))


async def test_posting_a_drafted_idea_moves_the_idea_to_published(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await chat.say("bente", "/idea Lessons from our cloud migration")
    await chat.say("ann", "/idea claim 1")
    await chat.say("ann", "/idea draft 1")
    outcome = await chat.say("ann", f"/posted {URL} 1")
    assert sorted(m.key or "" for m in channel_posts(outcome)) == ["idea:1", "post:1"]
    assert next(iter(uow_factory.state.ideas.values())).status is IdeaStatus.PUBLISHED
    draft = next(iter(uow_factory.state.drafting.drafts.values()))
    assert draft.status is DraftStatus.PUBLISHED


async def test_the_same_url_twice_links_to_the_first_call(chat: Chat) -> None:
    await chat.say("ann", f"/posted {URL}")
    again = await chat.say("bente", f"/posted {URL}?utm_source=share")
    assert "announced already, as post #1" in answer(again)
    assert channel_posts(again) == ()
    assert button_commands(again.reply.answer) == ["posted show 1"]  # type: ignore[arg-type]


async def test_each_member_counts_once_per_kind_and_counts_update_in_place(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await chat.say("ann", f"/posted {URL}")
    first = await chat.say("bente", "posted like 1")
    assert "Thank you for liking post #1" in answer(first)
    assert "1 like" in channel_posts(first)[0].text
    second = await chat.say("bente", "posted like 1")
    assert "counted already" in answer(second) and channel_posts(second) == ()
    third = await chat.say("carl", "posted like 1")
    assert channel_posts(third)[0].key == "post:1" and "2 likes" in channel_posts(third)[0].text
    await chat.say("carl", "posted comment 1")
    undone = await chat.say("carl", "posted undo like 1")
    assert "1 like · 1 comment" in channel_posts(undone)[0].text
    assert len(uow_factory.state.drafting.engagements) == 2


async def test_the_author_cannot_boost_their_own_post(chat: Chat) -> None:
    await chat.say("ann", f"/posted {URL}")
    assert "your own post" in answer(await chat.say("ann", "posted like 1"))


async def test_nobody_is_listed_as_not_having_engaged(chat: Chat) -> None:
    await chat.say("bente", "/chorus help")
    outcome = await chat.say("ann", f"/posted {URL}")
    assert "Bente" not in channel_posts(outcome)[0].text


async def test_a_stale_call_button_gets_a_private_explanation(chat: Chat) -> None:
    outcome = await chat.say("bente", "posted like 42")
    assert "There is no post #42" in answer(outcome)
    assert outcome.reply.for_audience(Audience.CHANNEL) == ()


# ------------------------------------------------------------------------- cheers


async def test_a_cheer_is_announced_and_the_receiver_gets_the_reason(chat: Chat) -> None:
    await chat.say("bente", "/chorus help")
    outcome = await chat.say("ann", "/cheer @bente for explaining backups so clearly")
    assert "is in the channel and with them" in answer(outcome)
    (post,) = channel_posts(outcome)
    assert "cheers" in post.text and "explaining backups" in post.text
    (note,) = notes(outcome)
    assert note.recipient_id == "bente" and "explaining backups" in note.text


async def test_cheer_mistakes_are_refused(chat: Chat) -> None:
    await chat.say("bente", "/chorus help")
    assert "Cheers are for colleagues" in answer(await chat.say("ann", "/cheer @ann for me"))
    assert "I don't know nobody yet" in answer(await chat.say("ann", "/cheer @nobody thanks"))
    assert "Say why" in answer(await chat.say("ann", "/cheer @bente"))


async def test_the_daily_allowance_keeps_cheers_meaningful(chat: Chat, clock: FakeClock) -> None:
    await chat.say("bente", "/chorus help")
    for _ in range(5):
        assert "Your cheer" in answer(await chat.say("ann", "/cheer @bente thanks"))
    exhausted = await chat.say("ann", "/cheer @bente thanks again")
    assert "all 5 cheers for today" in answer(exhausted) and notes(exhausted) == ()
    clock.advance(days=1)
    assert "Your cheer" in answer(await chat.say("ann", "/cheer @bente new day"))


async def test_opted_out_members_are_cheered_privately_only(chat: Chat) -> None:
    await chat.say("bente", "/chorus cheers private")
    outcome = await chat.say("ann", "/cheer @bente thanks")
    assert "privately" in answer(outcome)
    assert channel_posts(outcome) == () and len(notes(outcome)) == 1


async def test_the_cheer_button_on_a_call_cheers_the_author_once(chat: Chat) -> None:
    await chat.say("ann", f"/posted {URL}")
    first = await chat.say("bente", "posted cheer 1")
    assert "Your cheer went to" in answer(first)
    assert notes(first)[0].recipient_id == "ann"
    assert "already" in answer(await chat.say("bente", "posted cheer 1"))
    assert "Cheers are for colleagues" in answer(await chat.say("ann", "posted cheer 1"))


# ------------------------------------------------------------------------- roundup


async def test_the_roundup_lists_posts_since_the_last_one_in_one_message(
    uow_factory: FakeUnitOfWorkFactory, chat: Chat, clock: FakeClock
) -> None:
    from bot.registry import run_fire

    await chat.say("ann", f"/posted {URL}")
    await chat.say("bente", "/posted https://blog.example.com/onboarding")
    workspace_id = next(iter(uow_factory.state.workspaces))
    fire = clock.now() + timedelta(hours=1)
    await run_fire(uow_factory, chat.core.programme, "roundup", workspace_id, fire)
    roundups = [o for o in uow_factory.state.outbox if "roundup" in o.message.summary.casefold()]
    assert len(roundups) == 1
    assert "#1" in roundups[0].message.text and "#2" in roundups[0].message.text
    clock.advance(days=1)
    await chat.say("ann", "/posted https://x.com/ann/status/2")
    await run_fire(
        uow_factory, chat.core.programme, "roundup", workspace_id, clock.now() + timedelta(hours=1)
    )
    roundups = [o for o in uow_factory.state.outbox if "roundup" in o.message.summary.casefold()]
    assert len(roundups) == 2
    assert "#3" in roundups[1].message.text and "#1 " not in roundups[1].message.text
    await run_fire(
        uow_factory, chat.core.programme, "roundup", workspace_id, clock.now() + timedelta(days=1)
    )
    assert (
        len([o for o in uow_factory.state.outbox if "roundup" in o.message.summary.casefold()]) == 2
    )


def test_engagement_kinds_are_stable() -> None:
    assert [e.value for e in Engagement] == ["liked", "commented", "shared"]


# ------------------------------------------------------------------------- issue 21


async def _published_with_history(chat: Chat) -> None:
    """bente's draft: version 2 of 3 named an off-limits customer and got private
    feedback from ann and the coordinator; version 3 was published as post #1."""
    await chat.say("cora", "/chorus offlimits add Acme Corp")
    await chat.say("ann", "/chorus help")
    await chat.say("carl", "/chorus help")
    await chat.say("bente", "/draft Our backup story, first try")
    await chat.say("bente", "/draft edit 1 How we rescued Acme Corp from a failed backup")
    await chat.say("bente", "/draft feedback 1 @ann")
    await chat.say("ann", "/draft review 1 Ann's private note: drop the customer")
    await chat.say("cora", "/draft review 1 Cora's private note: never name Acme Corp")
    await chat.say("bente", "/draft edit 1 Why we test our backups every Friday")
    await chat.say("bente", f"/posted {URL} 1")


async def test_publishing_a_draft_makes_only_its_published_text_public(chat: Chat) -> None:
    await _published_with_history(chat)
    secrets = ("Acme", "private note", "first try", "guideline", "Feedback from")
    seen: list[str] = []
    shown = await chat.say("carl", "/draft show 1")
    assert "Why we test our backups every Friday" in answer(shown)
    seen.append(answer(shown))
    pressed = [c for m in shown.reply.messages for c in button_commands(m)]
    for line in (
        "/draft show 1 v1",
        "/draft show 1 v2",
        "/draft show 1 v3",
        "/draft show 1 v9",
        "draft review 1",
        "draft review 1 v2",
        "/draft review 1 Nice one",
        "posted show 1",
        *pressed,
    ):
        outcome = await chat.say("carl", line)
        seen.extend(m.text for m in outcome.reply.messages)
        for message in outcome.reply.messages:
            for command in button_commands(message):
                seen.extend(m.text for m in (await chat.say("carl", command)).reply.messages)
    form = await chat.form("carl", "draft review 1 v2", {"text": "Late feedback"})
    seen.extend(m.text for m in form.reply.messages)
    leaks = [(secret, text) for text in seen for secret in secrets if secret in text]
    assert leaks == []
    assert "earlier versions stay with its author" in answer(
        await chat.say("carl", "/draft show 1 v2")
    )
    # The author, a reviewer and the coordinators still read the whole history.
    for user in ("bente", "ann", "cora"):
        history = answer(await chat.say(user, "/draft show 1 v2"))
        assert "Acme Corp" in history and "private note" in history and "off-limits" in history


async def test_announcing_a_draft_with_off_limits_terms_warns_privately_first(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await chat.say("cora", "/chorus offlimits add Acme Corp")
    await chat.say("ann", "/draft Nice to see you")
    await chat.say(
        "ann",
        "/draft How we rescued Acme Corp from a failed backup\n"
        "It took a weekend and a lot of coffee.\nThe lesson: restore every Friday.",
    )
    await chat.say("ann", "/draft feedback 2")
    warned = await chat.say("ann", f"/posted {URL} 2")
    text = answer(warned)
    assert "Acme Corp" in text and "off-limits" in text
    assert "asked for feedback" in text and "nobody has answered" in text
    assert channel_posts(warned) == () and uow_factory.state.drafting.posts == {}
    message = warned.reply.answer
    assert message is not None
    confirm = button_commands(message)[0]
    assert confirm == f"posted confirm {URL} 2"
    announced = await chat.say("ann", confirm)
    assert "announced as post #1" in answer(announced)
    (call,) = channel_posts(announced)
    assert "How we rescued Acme Corp from a failed backup …" in call.text
    assert "a lot of coffee" not in call.text and "restore every Friday" not in call.text


async def test_a_clean_draft_is_announced_without_a_warning(chat: Chat) -> None:
    await chat.say("cora", "/chorus offlimits add Acme Corp")
    await _draft(chat)
    outcome = await chat.say("ann", f"/posted {URL} 1")
    assert "announced as post #1" in answer(outcome)
    assert len(channel_posts(outcome)) == 1


async def test_a_restored_draft_offers_edit_not_restore(chat: Chat) -> None:
    await _draft(chat)
    await chat.say("ann", "/draft discard 1")
    restored = await chat.say("ann", "/draft restore 1")
    assert "Draft #1 is back." in answer(restored)
    assert restored.reply.answer is not None
    assert button_commands(restored.reply.answer) == [
        "draft edit 1",
        "draft feedback 1",
        "draft discard 1",
    ]


async def test_everyones_drafts_are_headed_as_everyones(chat: Chat) -> None:
    await _draft(chat)
    listed = answer(await chat.say("cora", "/draft list all"))
    assert "Everyone's drafts:" in listed and "Your drafts" not in listed
    assert "Your drafts:" in answer(await chat.say("ann", "/draft list"))


async def test_an_international_domain_is_accepted_and_kept_as_punycode(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    outcome = await chat.say("ann", "/posted https://ærø.dk/nyheder/vores-backups")
    assert "announced as post #1" in answer(outcome)
    (post,) = uow_factory.state.drafting.posts.values()
    assert post.url == "https://xn--r-3fa9c.dk/nyheder/vores-backups"
