"""Pulse surveys: what they add to Chorus."""

from __future__ import annotations

from bot.capability import COORDINATORS, Capability, HelpLine, HelpTopic
from bot.i18n import N_
from bot.jobs.runner import Job
from bot.surveys import service
from bot.surveys.commands import (
    AnswerSurvey,
    CloseSurvey,
    ShowSurveyResults,
    ShowSurveyTemplates,
    StartSurvey,
)
from bot.surveys.grammar import CHORUS_WORDS, FORMS
from bot.surveys.jobs import survey_reminder

SURVEYS = Capability(
    "surveys",
    handlers={
        StartSurvey: service.start_survey,
        ShowSurveyTemplates: service.show_templates,
        CloseSurvey: service.close_survey,
        ShowSurveyResults: service.show_results,
        AnswerSurvey: service.answer_survey,
    },
    chorus_words=CHORUS_WORDS,
    forms=FORMS,
    help=(
        HelpLine(
            "/chorus survey start [TEMPLATE]",
            N_("send an anonymous survey to every member by DM"),
            "/chorus survey start pulse",
            StartSurvey,
            (COORDINATORS, "surveys"),
        ),
        HelpLine(
            "/chorus survey templates",
            N_("the surveys you can start, with their questions"),
            "/chorus survey templates",
            ShowSurveyTemplates,
            (COORDINATORS, "surveys"),
        ),
        HelpLine(
            "/chorus survey close",
            N_("close the running survey and see its results"),
            "/chorus survey close",
            CloseSurvey,
            (COORDINATORS, "surveys"),
        ),
        HelpLine(
            "/chorus survey results [N]",
            N_("a closed survey's results, for questions with enough answers"),
            "/chorus survey results",
            ShowSurveyResults,
            (COORDINATORS, "surveys"),
        ),
        HelpLine(
            "/chorus survey answer N",
            N_("answer a survey, anonymously"),
            "/chorus survey answer 1",
            AnswerSurvey,
            ("surveys",),
        ),
    ),
    topics=(HelpTopic("surveys", N_("Surveys")),),
    jobs=(
        Job(
            "survey-reminder",
            N_("reminds members who have not answered a survey, once, and closes it when due"),
            survey_reminder,
        ),
    ),
)
