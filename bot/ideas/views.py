"""How an idea looks: its channel card and the unknown-theme answer."""

from __future__ import annotations

from bot.context import Context
from bot.i18n import Translator
from bot.ideas.ports import Idea, IdeaStatus
from bot.ideas.themes import guess_theme
from bot.messages import (
    Actions,
    Audience,
    Block,
    Button,
    ButtonStyle,
    Message,
    Note,
    Quote,
    Section,
    Text,
)
from bot.programme.ports import Theme

LIST_EXCERPT_CHARS = 280


def unknown_themes_text(
    tr: Translator, unknown: list[str], themes: list[Theme], number: int
) -> list[Block]:
    """The answer to unknown themes: a guess for each (with a button that tags the idea with
    it) and the programme's themes."""
    names = sorted((t.name for t in themes), key=str.casefold)
    text = Text(())
    guesses: list[str] = []
    for tag in unknown:
        guess = guess_theme(tag, names)
        if guess is not None:
            text += tr._t(
                "I don't know the theme #{tag}. Did you mean #{guess}?",
                tag=tag,
                guess=guess,
            )
            if guess not in guesses:
                guesses.append(guess)
        else:
            text += tr._t("I don't know the theme #{tag}.", tag=tag)
        text += Text.plain(" ")
    if names:
        text += tr._t(
            "The programme's themes are: {themes}. I saved the idea without the unknown theme; a coordinator can add themes with /chorus theme add.",
            themes=", ".join(f"#{n}" for n in names),
        )
    else:
        text += tr._t(
            "The programme has no themes yet; a coordinator can add them with /chorus theme add. I saved the idea without the theme."
        )
    blocks: list[Block] = [Section(text)]
    if guesses:
        blocks.append(
            Actions(
                tuple(
                    Button(tr._("Tag it #{theme}", theme=guess), f"idea tag {number} #{guess}")
                    for guess in guesses
                )
            )
        )
    return blocks


async def idea_post(ctx: Context, idea: Idea, *, first: bool = False) -> Message:
    """The idea's card in the ambassador channel (posted once, then updated in place);
    ``first``: the idea is new, so this is the first card under its key."""
    blocks = await idea_blocks(ctx, ctx.channel_tr, idea, headline=True)
    return Message(
        tuple(blocks),
        Audience.CHANNEL,
        key=f"idea:{idea.number}",
        summary=ctx.channel_tr._("Idea #{number}", number=idea.number),
        first=first,
    )


async def channel_update(ctx: Context, idea: Idea) -> list[Message]:
    return [await idea_post(ctx, idea)] if ctx.workspace.channel_id else []


async def idea_blocks(
    ctx: Context, tr: Translator, idea: Idea, *, excerpt: bool = False, headline: bool = False
) -> list[Block]:
    author = await ctx.mention(idea.author_id)
    if headline:
        title = tr._t("💡 New idea #{number} from {author}", number=idea.number, author=author)
    else:
        title = tr._t("Idea #{number} from {author}", number=idea.number, author=author)
    text = idea.text
    if excerpt and len(text) > LIST_EXCERPT_CHARS:
        text = text[: LIST_EXCERPT_CHARS - 1].rstrip() + "…"
    facts = Text.plain(tr._n("{n} vote", "{n} votes", idea.vote_count))
    if idea.themes:
        facts = Text.user(" ".join(f"#{t}" for t in idea.themes)) + Text.plain(" · ") + facts
    status = {
        IdeaStatus.OPEN: tr._t("Open — waiting for a writer"),
        IdeaStatus.CLAIMED: tr._t(
            "Claimed by {claimer}",
            claimer=await ctx.mention(idea.claimed_by_id) if idea.claimed_by_id else "…",
        ),
        IdeaStatus.DRAFTED: tr._t("Being drafted"),
        IdeaStatus.PUBLISHED: tr._t("Published"),
        IdeaStatus.ARCHIVED: tr._t("Archived"),
    }[idea.status]
    blocks: list[Block] = [Section(title), Quote(text), Note(facts + Text.plain(" · ") + status)]
    buttons: list[Button] = []
    if idea.status in (IdeaStatus.OPEN, IdeaStatus.CLAIMED):
        buttons.append(
            Button(
                tr._("Vote ({votes})", votes=idea.vote_count),
                f"idea vote {idea.number}",
                ButtonStyle.PRIMARY,
            )
        )
    if idea.status is IdeaStatus.OPEN:
        buttons.append(Button(tr._("Claim"), f"idea claim {idea.number}"))
    if buttons:
        blocks.append(Actions(tuple(buttons)))
    return blocks
