"""Pulse surveys: sent by DM, answered anonymously, results released when the survey closes
and only for questions with enough answers."""

from __future__ import annotations

from datetime import timedelta

from bot.access import require_coordinator
from bot.context import Context
from bot.errors import Conflict, NotFound, UsageError
from bot.i18n import N_
from bot.messages import Audience, Message, Reply, Section
from bot.model import char_count
from bot.surveys import views
from bot.surveys.commands import (
    AnswerSurvey,
    CloseSurvey,
    ShowSurveyResults,
    ShowSurveyTemplates,
    StartSurvey,
)
from bot.surveys.figures import summarise
from bot.surveys.ports import MIN_THRESHOLD, TEXT_ANSWER_MAX_CHARS, Answer, Survey, SurveyStatus
from bot.surveys.templates import Template, snapshot, survey_template, templates


def template_of(ctx: Context, survey: Survey) -> Template:
    """The survey's questions: those it asked when it started."""
    return survey_template(ctx.programme, survey.template, survey.questions)


def _closed(ctx: Context, survey: Survey) -> bool:
    return survey.status is SurveyStatus.CLOSED or ctx.now >= survey.closes_at


async def start_survey(ctx: Context, cmd: StartSurvey) -> Reply:
    """Send a survey to every member by DM; one survey runs at a time."""
    require_coordinator(ctx)
    offered = templates(ctx.programme)
    name = cmd.template or next(iter(offered))
    template = offered.get(name)
    if template is None:
        raise UsageError(
            N_("There is no survey called {name}. Choose one of: {names}."),
            name=name,
            names=", ".join(offered),
        )
    running = await ctx.uow.surveys.current(ctx.workspace.id)
    if running is not None and _closed(ctx, running):
        await ctx.uow.surveys.close(running.id, ctx.now)  # past its day; the job was late
    elif running is not None:
        raise Conflict(
            N_("Survey #{number} is still running. Close it first with /chorus survey close."),
            number=running.number,
        )
    members = [m for m in await ctx.uow.members.all(ctx.workspace.id) if m.left_at is None]
    threshold = max(MIN_THRESHOLD, ctx.programme.survey_threshold)
    survey = await ctx.uow.surveys.start(
        ctx.workspace.id,
        template.name,
        threshold,
        ctx.now,
        ctx.now + timedelta(days=ctx.programme.survey_days),
        [m.id for m in members],
        snapshot(template),
    )
    invitations = []
    for member in members:
        tr = ctx.translator_for(member)
        invitations.append(
            Message(
                tuple(views.invitation(tr, survey, template)),
                Audience.MEMBER,
                recipient_id=member.external_id,
                summary=template.title_in(tr),
            )
        )
    answer = ctx.tr._t(
        "Survey #{number} ({title}) went to {n} members and takes answers until {day}. Results appear when it closes, for questions with at least {threshold} answers.",
        number=survey.number,
        title=template.title_in(ctx.tr),
        n=len(members),
        day=ctx.tr.date(survey.closes_at.astimezone(ctx.tr.timezone).date()),
        threshold=threshold,
    )
    return Reply.private(Section(answer)).with_messages(invitations)


async def show_templates(ctx: Context, cmd: ShowSurveyTemplates) -> Reply:
    """The surveys a coordinator can start, the default first, with their questions."""
    require_coordinator(ctx)
    return Reply.private(*views.templates(ctx.tr, list(templates(ctx.programme).values())))


async def _survey(ctx: Context, number: int) -> Survey:
    survey = await ctx.uow.surveys.by_number(ctx.workspace.id, number)
    if survey is None:
        raise NotFound(N_("There is no survey #{number}."), number=number)
    return survey


async def _askable(ctx: Context, number: int) -> Survey:
    """The survey, if it is open and waits for this member's answer."""
    survey = await _survey(ctx, number)
    if _closed(ctx, survey):
        raise Conflict(N_("Survey #{number} has closed. Thank you all the same!"), number=number)
    answered = await ctx.uow.surveys.invited(survey.id, ctx.member.id)
    if answered is None:
        raise NotFound(N_("Survey #{number} was not sent to you."), number=number)
    if answered:
        raise Conflict(N_("You have answered survey #{number} already. Thank you!"), number=number)
    return survey


def _parse_answers(template: Template, values: dict[str, str]) -> list[Answer]:
    answers = []
    for question in template.questions:
        raw = values.get(question.key, "").strip()
        if not raw:
            continue
        bounds = question.scale.bounds
        if bounds is None:
            if char_count(raw) > TEXT_ANSWER_MAX_CHARS:
                raise UsageError(
                    N_("An answer can be at most {limit} characters; yours has {count}."),
                    field=question.key,
                    limit=TEXT_ANSWER_MAX_CHARS,
                    count=char_count(raw),
                )
            answers.append(Answer(question.key, text=raw))
            continue
        low, high = bounds
        if not (raw.isascii() and raw.isdigit()) or not low <= int(raw) <= high:
            raise UsageError(
                N_("Answer with a whole number from {low} to {high}, or leave it empty."),
                field=question.key,
                low=low,
                high=high,
            )
        answers.append(Answer(question.key, score=int(raw)))
    return answers


async def answer_survey(ctx: Context, cmd: AnswerSurvey) -> Reply:
    """Without values: the survey's form. With them: store the answers without a link to the
    member; nothing is stored if one is wrong."""
    survey = await _askable(ctx, cmd.number)
    template = template_of(ctx, survey)
    if cmd.values is None:
        return Reply.private(views.form(ctx.tr, survey, template))
    answers = _parse_answers(template, dict(cmd.values))
    if not answers:
        raise UsageError(
            N_("Answer at least one question, or close the form if you'd rather not."),
            field=template.questions[0].key,
        )
    if not await ctx.uow.surveys.answer(survey.id, ctx.member.id, answers):
        raise Conflict(
            N_("You have answered survey #{number} already. Thank you!"), number=cmd.number
        )
    return Reply.private(
        Section(
            ctx.tr._t(
                "Thank you! Your answers are stored without your name; results appear when the survey closes."
            )
        )
    )


async def results_reply(ctx: Context, survey: Survey) -> Reply:
    """The results of a closed survey, against the one before of the same template."""
    template = template_of(ctx, survey)
    found = summarise(template, await ctx.uow.surveys.answers(survey.id), survey.threshold)
    earlier = await ctx.uow.surveys.latest_closed(
        ctx.workspace.id, template=survey.template, before=survey.number
    )
    previous = (
        summarise(template, await ctx.uow.surveys.answers(earlier.id), earlier.threshold)
        if earlier is not None
        else None
    )
    turnout = await ctx.uow.surveys.turnout(survey.id)
    return Reply.private(*views.results(ctx.tr, survey, template, turnout, found, previous))


async def close_survey(ctx: Context, cmd: CloseSurvey) -> Reply:
    """Close the running survey and show its results."""
    require_coordinator(ctx)
    survey = await ctx.uow.surveys.current(ctx.workspace.id)
    if survey is None:
        raise NotFound(N_("No survey is running. Start one with /chorus survey start."))
    await ctx.uow.surveys.close(survey.id, ctx.now)
    return await results_reply(ctx, survey)


async def show_results(ctx: Context, cmd: ShowSurveyResults) -> Reply:
    """A closed survey's results (the newest unless a number is given)."""
    require_coordinator(ctx)
    if cmd.number is not None:
        survey = await _survey(ctx, cmd.number)
    else:
        found = await ctx.uow.surveys.current(ctx.workspace.id)
        found = found or await ctx.uow.surveys.latest_closed(ctx.workspace.id)
        if found is None:
            raise NotFound(N_("No survey yet. Start one with /chorus survey start."))
        survey = found
    if not _closed(ctx, survey):
        turnout = await ctx.uow.surveys.turnout(survey.id)
        raise Conflict(
            N_(
                "Survey #{number} is still running ({answered} of {invited} answered so far). Results are released when it closes: /chorus survey close."
            ),
            number=survey.number,
            answered=turnout.answered,
            invited=turnout.invited,
        )
    return await results_reply(ctx, survey)
