"""``/chorus report``: the quarterly evaluation report as a PDF, privately (uploaded into the
coordinator's direct messages in Slack, a file in the console; Teams takes no files from a
bot, so there the dashboard's report page has it)."""

from __future__ import annotations

import asyncio

from bot.access import require_coordinator
from bot.award import quarters
from bot.context import Context
from bot.errors import NotAllowed
from bot.i18n import N_
from bot.messages import Attachment, Audience, Message, Reply, Section
from bot.model import Platform
from bot.report.build import quarterly_report
from bot.report.commands import SendReport


async def send_report(ctx: Context, cmd: SendReport) -> Reply:
    """Build the report of the quarter asked for (this one by default) and hand over its PDF."""
    require_coordinator(ctx)
    if ctx.workspace.platform is Platform.TEAMS:
        raise NotAllowed(
            N_(
                "Teams takes no files from a bot. Type /chorus dashboard for a sign-in link: the Quarterly report page has the PDF."
            )
        )
    if ctx.report_pdf is None:
        raise NotAllowed(
            N_("This Chorus cannot draw PDFs. On its server, chorus report --quarter 2026-Q4 can.")
        )
    quarter = cmd.quarter or quarters.label(quarters.today_in(ctx.now, ctx.workspace.timezone))
    report = await quarterly_report(
        ctx.uow, ctx.workspace, quarter, ctx.now, programme=ctx.programme
    )
    pdf = await asyncio.to_thread(ctx.report_pdf, ctx.tr, report)
    message = Message(
        (
            Section(
                ctx.tr._t(
                    "The quarterly evaluation of {quarter}, as a PDF.", quarter=report.quarter
                )
            ),
        ),
        Audience.PRIVATE,
        attachment=Attachment(f"chorus-report-{report.quarter}.pdf", pdf, "application/pdf"),
    )
    return Reply((message,))
