"""What a survey looks like: the invitation, the form and the results."""

from __future__ import annotations

from collections.abc import Sequence

from bot.i18n import Translator
from bot.messages import (
    Actions,
    Block,
    Button,
    ButtonStyle,
    Divider,
    Fields,
    Form,
    Header,
    Input,
    Note,
    Quote,
    Section,
    Span,
    Text,
)
from bot.surveys.figures import QuestionResult
from bot.surveys.ports import TEXT_ANSWER_MAX_CHARS, Survey, Turnout
from bot.surveys.templates import Scale, Template


def invitation(tr: Translator, survey: Survey, template: Template) -> list[Block]:
    """The private note that asks a member to answer, with the button that opens the form."""
    return [
        Header(tr._("📋 {title}", title=template.title_in(tr))),
        Section(
            tr._nt(
                "{n} short question about the programme, until {day}.",
                "{n} short questions about the programme, until {day}.",
                len(template.questions),
                day=tr.date(survey.closes_at.astimezone(tr.timezone).date()),
            )
        ),
        Note(
            tr._t(
                "Anonymous: Chorus keeps that you answered (so you are not reminded) apart from what you answered, with nothing linking the two. Results appear only with at least {n} answers.",
                n=survey.threshold,
            )
        ),
        Actions(
            (Button(tr._("Answer"), f"/chorus survey answer {survey.number}", ButtonStyle.PRIMARY),)
        ),
    ]


def templates(tr: Translator, offered: Sequence[Template]) -> list[Block]:
    """The surveys a coordinator can start, with their questions and how each is answered."""
    blocks: list[Block] = [Header(tr._("📋 Surveys you can start"))]
    for number, template in enumerate(offered):
        blocks.append(Divider())
        line = tr._t(
            "{title}: /chorus survey start {name}",
            title=Span(template.title_in(tr), bold=True),
            name=template.name,
        )
        blocks.append(Section(line))
        blocks.append(
            Note(
                Text.plain(
                    "\n".join(
                        f"• {q.text_in(tr)} ({_scale(tr, q.scale)})" for q in template.questions
                    )
                )
            )
        )
        if number == 0:
            blocks.append(Note(tr._t("Started when you name none.")))
    return blocks


def _scale(tr: Translator, scale: Scale) -> str:
    if scale is Scale.AGREE:
        return tr._("1 to 5")
    if scale is Scale.TEN:
        return tr._("0 to 10")
    return tr._("free text")


def _hint(tr: Translator, scale: Scale) -> str:
    if scale is Scale.AGREE:
        return tr._("1 (disagree) to 5 (agree); leave empty to skip")
    if scale is Scale.TEN:
        return tr._("0 (not at all) to 10 (very); leave empty to skip")
    return tr._("optional")


def form(
    tr: Translator, survey: Survey, template: Template, errors: Sequence[tuple[str, str]] = ()
) -> Form:
    """The survey form: one field per question, every one optional."""
    return Form(
        title=template.title_in(tr),
        submit_label=tr._("Send anonymously"),
        command=f"chorus survey answer {survey.number}",
        inputs=tuple(
            Input(
                q.key,
                q.text_in(tr),
                multiline=q.scale is Scale.TEXT,
                max_length=TEXT_ANSWER_MAX_CHARS if q.scale is Scale.TEXT else 2,
                optional=True,
                hint=_hint(tr, q.scale),
            )
            for q in template.questions
        ),
        errors=tuple(errors),
    )


def _change(tr: Translator, now: int | None, before: int | None) -> Text | None:
    if now is None or before is None:
        return None
    delta = format(now - before, "+d")
    return tr._t("{delta} points against the survey before", delta=delta)


def results(
    tr: Translator,
    survey: Survey,
    template: Template,
    turnout: Turnout,
    found: Sequence[QuestionResult],
    previous: Sequence[QuestionResult] | None,
) -> list[Block]:
    """Per question: the distribution and its figure, free text, and the change against the
    survey before; held-back questions say so, and differently from questions nobody answered."""
    blocks: list[Block] = [
        Header(
            tr._("📋 {title} #{number}: results", title=template.title_in(tr), number=survey.number)
        ),
        Section(
            tr._t(
                "{answered} of {invited} members answered.",
                answered=turnout.answered,
                invited=turnout.invited,
            )
        ),
    ]
    before = {r.question.key: r for r in previous or ()}
    for result in found:
        blocks.append(Divider())
        blocks.append(Section(Text.plain(result.question.text_in(tr))))
        if result.answered == 0:
            blocks.append(Note(tr._t("No answers to this question.")))
            continue
        if not result.released:
            blocks.append(
                Note(
                    tr._t(
                        "Below the threshold: fewer than {n} answers, so nothing is shown.",
                        n=survey.threshold,
                    )
                )
            )
            continue
        if result.question.scale is Scale.TEXT:
            blocks.extend(Quote(text) for text in result.texts)
            continue
        items: list[tuple[str, Text]] = [
            (tr._("Answers"), Text.plain(tr.number(result.answered, 0)))
        ]
        if result.agreeing is not None:
            items.append((tr._("Agreeing (4-5)"), Text.plain(f"{result.agreeing} %")))
        if result.eight_or_higher is not None:
            items.append((tr._("Rating 8 or higher"), Text.plain(f"{result.eight_or_higher} %")))
        if result.enps is not None:
            items.append((tr._("eNPS"), Text.plain(f"{result.enps:+d}")))
        blocks.append(Fields(tuple(items)))
        blocks.append(
            Note(Text.plain("  ".join(f"{score}: {count}" for score, count in result.distribution)))
        )
        earlier = before.get(result.question.key)
        change = _change(tr, result.headline, earlier.headline if earlier else None)
        if change is not None:
            blocks.append(Note(change))
    return blocks
