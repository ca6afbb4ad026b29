"""``chorus report --quarter YYYY-Qn [--format html|pdf|csv] [-o FILE]``: the quarterly
evaluation report, written to a file."""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime
from pathlib import Path

from adapters.runtime import Runtime
from adapters.web.report import report_csv_zip, report_html, report_pdf, report_pdf_html
from bot.errors import ChorusError
from bot.i18n import Translator
from bot.model import Workspace
from bot.report.build import quarterly_report

FORMATS = ("pdf", "html", "csv")
SUFFIX = {"pdf": "pdf", "html": "html", "csv": "zip"}


async def _workspace(runtime: Runtime, chosen: str | None) -> Workspace | str:
    async with runtime.uow() as uow:
        spaces = await uow.workspaces.all()
    if chosen is not None:
        spaces = [w for w in spaces if w.external_id == chosen]
    if not spaces:
        return (
            "no programme yet: nobody has used Chorus in this database"
            if chosen is None
            else f"no workspace {chosen}"
        )
    if len(spaces) > 1:
        names = ", ".join(w.external_id for w in spaces)
        return f"several workspaces ({names}): choose one with --workspace"
    return spaces[0]


async def report(
    runtime: Runtime, quarter: str, form: str, output: str | None, workspace: str | None
) -> int:
    """Write the report of ``quarter`` in ``form``; 2 with a reason for bad input."""
    found = await _workspace(runtime, workspace)
    if isinstance(found, str):
        print(f"chorus report: {found}", file=sys.stderr)
        return 2
    tr = Translator(found.locale, found.timezone)
    try:
        async with runtime.uow() as uow:
            built = await quarterly_report(
                uow, found, quarter, datetime.now(UTC), programme=runtime.settings.programme
            )
            await uow.commit()  # the headcounts it brought up to date
    except ChorusError as error:
        print(f"chorus report: {tr._(error.msgid, **error.params)}", file=sys.stderr)
        return 2
    if form == "csv":
        data = await asyncio.to_thread(report_csv_zip, tr, built)
    elif form == "html":
        data = (await asyncio.to_thread(report_html, tr, built)).encode("utf-8")
    else:
        html = await asyncio.to_thread(report_pdf_html, tr, built)
        data = await asyncio.to_thread(report_pdf, html)
    target = Path(output or f"chorus-report-{built.quarter}.{SUFFIX[form]}")
    try:
        await asyncio.to_thread(target.write_bytes, data)
    except OSError as error:
        print(f"chorus report: cannot write {target}: {error.strerror}", file=sys.stderr)
        return 1
    print(f"Wrote the {built.quarter} report to {target} ({len(data)} bytes).")
    return 0
