"""Erasure reaches cheers already announced in the channel: a cheer for the erased member
is withdrawn in place, one they gave stays, from "a former member"."""

from __future__ import annotations

from tests.helpers import Chat, answer, channel_posts
from tests.unit.fakes import FakeUnitOfWorkFactory


async def test_an_announced_cheer_has_a_key_the_channel_post_can_be_found_by(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await chat.say("ann", "/chorus help")
    cheered = await chat.say("ben", "/cheer @ann thanks for the backup talk")

    (post,) = channel_posts(cheered)
    (cheer_id,) = uow_factory.state.cheers
    assert post.key == f"cheer:{cheer_id}"
    assert "Ben" in post.text and "Ann" in post.text and "backup talk" in post.text


async def test_erasing_a_member_updates_the_cheer_posts_that_named_them(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    for member in ("cora", "ann", "carl"):
        await chat.say(member, "/chorus help")
    await chat.say("ben", "/cheer @ann thanks for the backup talk")  # for Ann: goes
    await chat.say("ann", "/cheer @carl thanks for the review")  # from Ann: stays
    await chat.say("ben", "/cheer @carl thanks for the coffee")  # neither: untouched
    await chat.say("carl", "/chorus cheers private")
    await chat.say("ann", "/cheer @carl a private one")  # never in the channel
    ids = {c.reason: c.id for c in uow_factory.state.cheers.values()}
    uow_factory.deliver()

    erased = await chat.say("cora", "/chorus member erase @ann confirm")

    assert "Erased" in answer(erased)
    updates = {str(p.key): p.text for p in channel_posts(erased)}
    assert set(updates) == {
        f"cheer:{ids['thanks for the backup talk']}",
        f"cheer:{ids['thanks for the review']}",
    }
    withdrawn = updates[f"cheer:{ids['thanks for the backup talk']}"]
    assert "Removed, with the data of the member this cheer was for." in withdrawn
    assert "backup talk" not in withdrawn and "Ann" not in withdrawn
    kept = updates[f"cheer:{ids['thanks for the review']}"]
    assert "a former member cheers" in kept and "Carl" in kept and "the review" in kept
    assert "Ann" not in kept
    assert ids["thanks for the review"] in uow_factory.state.cheers
    assert ids["thanks for the backup talk"] not in uow_factory.state.cheers
    queued = [o.message.key for o in uow_factory.state.outbox if o.message.key is not None]
    assert sorted(queued) == sorted(updates)


async def test_a_cheer_that_never_reached_the_channel_needs_no_update(
    chat: Chat, uow_factory: FakeUnitOfWorkFactory
) -> None:
    await chat.say("ann", "/chorus help")
    await chat.say("ben", "/cheer @ann thanks for the backup talk")  # still queued

    erased = await chat.say("cora", "/chorus member erase @ann confirm")

    assert channel_posts(erased) == ()
    assert not any("backup talk" in o.message.text for o in uow_factory.state.outbox)
