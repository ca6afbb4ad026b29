"""The quarterly evaluation report as HTML, PDF (WeasyPrint) and CSV (one file per table in a
ZIP). The numbers come from ``bot.report``; the template is the dashboard's report page."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from adapters.web import charts
from adapters.web.pages import HERE, csv_bytes, csv_rows, environment
from bot.i18n import Translator
from bot.report.build import QuarterReport
from bot.stats.metrics import OTHER
from bot.stats.views import network_name, number, percent, points, theme_name, weekday_name

# The page itself for print: A4, margins, no navigation, charts kept whole.
PRINT_CSS = """
@page { size: A4; margin: 16mm 14mm; @bottom-right { content: counter(page) " / " counter(pages); font-size: 9pt; color: #5b6b6c; } }
body { font-size: 10.5pt; background: #fff; }
main { max-width: none; padding: 0; }
.top { border: 0; padding: 0 0 4mm; }
.cards { display: flex; gap: 4mm; }
.card { flex: 1; }
.chart { width: 100%; page-break-inside: avoid; }
section { page-break-inside: auto; }
h2 { page-break-after: avoid; }
table { font-size: 9.5pt; }
.csv { display: none; }
.together { page-break-inside: avoid; }
"""
TABLES = ("figures", "funnel", "themes", "networks", "times")


def report_charts(tr: Translator, report: QuarterReport) -> dict[str, str]:
    """The report's charts as SVG data URIs (only those with something to show)."""
    board = report.board
    specs: dict[str, dict[str, Any]] = {}
    if report.empty:
        return {}
    if board.now.funnel.ideas:
        specs["funnel"] = charts.funnel_bars(tr, board)
    if board.now.themes:
        specs["themes"] = charts.theme_bars(tr, board)
    if board.now.best_times:
        specs["times"] = charts.best_times_heatmap(tr, board)
    return {key: charts.svg_data_uri(spec, tr.locale) for key, spec in specs.items()}


def report_html(tr: Translator, report: QuarterReport, **page: Any) -> str:
    """The report page; ``page`` adds the dashboard's navigation when served there."""
    return (
        environment()
        .get_template("report.html")
        .render(
            _=tr._,
            _n=tr._n,
            tr=tr,
            percent=lambda v: percent(tr, v),
            number=lambda v, digits=1: number(tr, v, digits),
            points=lambda v: points(tr, v),
            theme_name=lambda t: theme_name(tr, t),
            network_name=lambda n: network_name(tr, n),
            weekday_name=lambda d: weekday_name(tr, d),
            OTHER=OTHER,
            report=report,
            charts=report_charts(tr, report),
            **page,
        )
    )


def report_pdf_html(tr: Translator, report: QuarterReport) -> str:
    """The report page as the PDF renders it: the stylesheet comes with the PDF, not a link."""
    return report_html(tr, report, for_print=True)


def report_pdf(html: str) -> bytes:
    """The report page as a PDF. Only inline (``data:``) pictures are fetched: a report never
    reaches out, and the stylesheet is handed over as text."""
    from weasyprint import CSS, HTML, URLFetcher  # heavy: only when a PDF is drawn

    fetcher = URLFetcher(allowed_protocols=("data",), fail_on_errors=False)
    document = HTML(string=html, base_url="https://chorus.invalid/", url_fetcher=fetcher)
    style = (HERE / "static" / "dashboard.css").read_text(encoding="utf-8")
    pdf: bytes = document.write_pdf(stylesheets=[CSS(string=style + PRINT_CSS)])
    return pdf


def report_csv_zip(tr: Translator, report: QuarterReport) -> bytes:
    """One CSV per table, and the survey's, in a ZIP."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in TABLES:
            columns, rows = csv_rows(report.board, table, tr)
            archive.writestr(f"{table}.csv", csv_bytes(columns, rows))
        archive.writestr(
            "segments.csv",
            csv_bytes(
                ["segment", "members", "active", "posts", "answers"],
                [
                    [
                        row.segment.key if row.segment else tr._("others and small groups"),
                        row.members,
                        row.active,
                        row.posts,
                        row.answers,
                    ]
                    for row in report.segments
                ],
            ),
        )
        survey_rows: list[list[object]] = []
        if report.survey is not None:
            for r in report.survey.results:
                survey_rows.append(
                    [
                        r.question.key,
                        r.answered,
                        "yes" if r.released else "no",
                        r.agreeing,
                        r.eight_or_higher,
                        r.enps,
                    ]
                )
        archive.writestr(
            "survey.csv",
            csv_bytes(
                [
                    "question",
                    "answers",
                    "released",
                    "agreeing_percent",
                    "eight_or_higher_percent",
                    "enps",
                ],
                survey_rows,
            ),
        )
        archive.writestr(
            "award.csv",
            csv_bytes(
                ["quarter", "ambassador", "citation", "runners_up"],
                [
                    [
                        report.quarter,
                        report.winner,
                        report.award.citation if report.winner and report.award else "",
                        "; ".join(name for name, _ in report.runners_up),
                    ]
                ],
            ),
        )
    return buffer.getvalue()
