"""The quarterly evaluation report: what it adds to Chorus."""

from __future__ import annotations

from bot.capability import COORDINATORS, Capability, HelpLine
from bot.i18n import N_
from bot.report import service
from bot.report.commands import SendReport
from bot.report.grammar import CHORUS_WORDS

REPORT = Capability(
    "report",
    handlers={SendReport: service.send_report},
    chorus_words=CHORUS_WORDS,
    help=(
        HelpLine(
            "/chorus report [2026-Q4]",
            N_("the quarterly evaluation report as a PDF, privately"),
            "/chorus report 2026-Q4",
            SendReport,
            (COORDINATORS,),
        ),
    ),
)
