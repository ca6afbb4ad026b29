"""The quarterly report rendered: a PDF whose text reads back, HTML that escapes what members
typed, a ZIP with one CSV per table, and the command line's answers."""

from __future__ import annotations

import base64
import io
import re
import zipfile
from pathlib import Path

import pytest
from PIL import ImageFont
from pypdf import PdfReader

from adapters.web import charts
from adapters.web.report import (
    report_charts,
    report_csv_zip,
    report_html,
    report_pdf,
    report_pdf_html,
)
from bot.config import Programme
from bot.core import Core
from bot.i18n import Translator
from bot.report.build import QuarterReport, quarterly_report
from bot.stats.metrics import OTHER
from bot.stats.views import theme_name
from tests.helpers import Chat
from tests.unit.fakes import FakeClock, FakeUnitOfWorkFactory

CITATION = "for <b>posts</b> & help that felt like her own voice"


@pytest.fixture
async def report() -> QuarterReport:
    uow_factory, clock = FakeUnitOfWorkFactory(), FakeClock()
    programme = Programme(admins=frozenset({"cora"}), channel_id="C1", timezone="Europe/Copenhagen")
    chat = Chat(Core(uow_factory, programme, clock))
    for user in ("cora", "ann", "bente", "dan", "eva"):
        await chat.say(user, "/chorus help")
    await chat.say("cora", "/chorus segment set @bente networker")
    await chat.say("ann", "/idea Why we test our backups every Friday #engineering")
    await chat.say("bente", "/posted https://www.linkedin.com/posts/bente-backups")
    await chat.say("cora", "/chorus survey start")
    for user, score in (("cora", "5"), ("ann", "4"), ("bente", "5"), ("dan", "2"), ("eva", "4")):
        await chat.form(user, "chorus survey answer 1", {"comfortable": score, "recommend": "9"})
    await chat.say("cora", "/chorus survey close")
    async with uow_factory() as uow:
        [workspace] = await uow.workspaces.all()
        await uow.awards.open_window(workspace.id, "2026-Q4", clock.now())
        await uow.commit()
    await chat.say("cora", "/chorus award runner-up @dan for the support desk series")
    await chat.say("cora", f"/chorus award pick @bente {CITATION}")
    async with uow_factory() as uow:
        return await quarterly_report(uow, workspace, "2026-Q4", clock.now(), programme=programme)


def test_the_pdf_reads_back_with_the_figures_the_survey_and_the_award(
    report: QuarterReport,
) -> None:
    tr = Translator("en", "Europe/Copenhagen")
    pdf = report_pdf(report_pdf_html(tr, report))
    assert pdf.startswith(b"%PDF")
    text = " ".join((page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages)
    flat = " ".join(text.split())
    assert "Quarterly evaluation 2026-Q4" in flat
    assert "Participation" in flat and "Ideas → drafts → posts" in flat
    assert "Activation" in flat and "per member" in flat  # the same cards as the overview
    assert "Quarterly pulse #1: 5 of 5 members answered." in flat
    assert "80 %" in flat  # 4 of 5 agree
    assert "+100" in flat  # everyone answered 9
    assert "Bente" in flat and "for <b>posts</b> & help" in flat
    assert "also mention: Dan: for the support desk series" in flat
    assert "What worked per theme, segment and network" in flat
    # One networker: counted, in the row of small groups (no row tells about one person).
    assert "others and small groups 1 1 (100%) 1 0" in flat


def test_the_html_escapes_the_citation_and_speaks_the_programme_language(
    report: QuarterReport,
) -> None:
    html = report_html(Translator("da", "Europe/Copenhagen"), report)
    assert "for &lt;b&gt;posts&lt;/b&gt; &amp; help" in html
    assert "<b>posts</b>" not in html
    assert "Kvartalets pulsmåling" in html


def test_the_csv_zip_has_one_file_per_table(report: QuarterReport) -> None:
    data = report_csv_zip(Translator("en", "UTC"), report)
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert sorted(archive.namelist()) == sorted(
        [
            "figures.csv",
            "funnel.csv",
            "themes.csv",
            "networks.csv",
            "times.csv",
            "survey.csv",
            "award.csv",
            "segments.csv",
        ]
    )
    survey = archive.read("survey.csv").decode()
    assert "comfortable,5,yes,80,," in survey
    assert "2026-Q4,Bente" in archive.read("award.csv").decode()
    assert ",Dan\r\n" in archive.read("award.csv").decode()
    assert "others and small groups,1,1,1,0" in archive.read("segments.csv").decode()


DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@pytest.mark.skipif(not DEJAVU.exists(), reason="Debian's fonts-dejavu-core is not installed")
def test_chart_labels_are_measured_in_the_font_they_are_drawn_in(report: QuarterReport) -> None:
    """The report's charts once named "sans-serif": vl-convert measured it as the narrow
    Liberation Sans, WeasyPrint drew DejaVu Sans, and long labels were cut off at the left."""
    tr = Translator("en", "Europe/Copenhagen")
    uri = report_charts(tr, report)["themes"]
    svg = base64.b64decode(uri.removeprefix("data:image/svg+xml;base64,")).decode("utf-8")
    assert 'font-family="DejaVu Sans, Verdana, sans-serif"' in svg
    assert float(re.search(r'<svg[^>]* width="([\d.]+)"', svg).group(1)) <= charts.WIDTH  # type: ignore[union-attr]
    label = theme_name(tr, OTHER)
    # The plot starts where the first group is moved to; the labels sit left of it.
    plot_left = float(re.search(r"translate\(([\d.]+),", svg).group(1))  # type: ignore[union-attr]
    size = charts.CONFIG["axis"]["labelFontSize"]
    drawn = ImageFont.truetype(str(DEJAVU), size).getlength(label)
    assert label in svg and drawn < plot_left
