"""``/chorus report`` in Slack: the quarterly report's PDF, drawn by WeasyPrint, uploaded into
the coordinator's chat with the app."""

from __future__ import annotations

from tests.adapters.slack.conftest import COORDINATOR, Chorus


async def test_the_quarterly_report_pdf_is_uploaded_into_the_coordinators_dm(
    chorus: Chorus,
) -> None:
    reply = await chorus.slack.command(COORDINATOR, "report", command="/chorus")
    assert reply.status == 200
    await chorus.settle()
    [asked] = chorus.api.find("files.getUploadURLExternal")
    assert asked.args["filename"].startswith("chorus-report-")
    assert asked.args["filename"].endswith(".pdf")
    [data] = chorus.api.uploads.values()
    assert data.startswith(b"%PDF")
