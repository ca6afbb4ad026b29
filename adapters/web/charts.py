"""Charts: one Vega-Lite spec per chart, built with Altair and rendered to SVG by
vl-convert (no browser, no network). The numbers come from ``bot.stats``; every chart is
also shown as a table on its page."""

from __future__ import annotations

import base64
import io
from typing import Any, Literal

import altair as alt
import vl_convert
from PIL import Image

from bot.i18n import Translator
from bot.messages import Chart
from bot.stats.dashboard import Dashboard
from bot.stats.views import network_name, theme_name, weekday_name

# The whole chart, labels and legend included ("fit-x"), so a page or the PDF scales every
# chart alike and none is squeezed.
WIDTH = 640
COLOUR = "#2f6f73"
# vl-convert measures label widths with the first of these it has, and the picture names the
# same fonts: "sans-serif" alone measures as the narrow Liberation Sans but is drawn (by
# WeasyPrint, by most browsers on Linux) as the wider DejaVu Sans, which clipped labels.
# Verdana, where DejaVu is missing, is as wide.
FONT = "DejaVu Sans, Verdana, sans-serif"
CONFIG: dict[str, Any] = {
    "font": FONT,
    "autosize": {"type": "fit-x", "contains": "padding"},
    "axis": {"labelFontSize": 11, "titleFontSize": 11, "labelLimit": 220},
    "legend": {"labelFontSize": 11, "titleFontSize": 11, "titleLimit": 0, "labelLimit": 220},
}


def _count_axis(rows: list[dict[str, Any]], field: str) -> alt.Axis:
    """An axis of whole ideas or posts: never a tick at 0.5. Vega's ``tickMinStep`` alone
    still ticks 0.5 and 1.5 on a small scale (labelled "1" and "2" twice under ``d``), so up
    to ten the ticks are given one by one."""
    top = max((int(row[field]) for row in rows), default=0)
    if top <= 10:
        return alt.Axis(values=list(range(top + 1)), format="d")
    return alt.Axis(tickMinStep=1, format="d")


# d3's number formats per language: 2,5 in Danish and Dutch.
_NUMBER_LOCALES: dict[str, Literal["en-US", "da-DK", "nl-NL"]] = {
    "en": "en-US",
    "da": "da-DK",
    "nl": "nl-NL",
}


def svg_data_uri(spec: dict[str, Any], locale: str = "en") -> str:
    """A chart as a ``data:`` URI for an ``<img>``: whatever text a chart holds, a picture
    cannot run anything or break out of the page. Numbers are written as ``locale`` does."""
    svg = vl_convert.vegalite_to_svg(
        vl_spec=spec, config=CONFIG, format_locale=_NUMBER_LOCALES.get(locale, "en-US")
    )
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


# Chat pictures: two pixels per CSS pixel, sharp on high-density screens; a palette of 32
# colours keeps a bar chart near 10 KB (from about 100 KB), small enough for a data: URI
# inside a Teams card.
PNG_SCALE = 2
PNG_COLOURS = 32


def chart_png(chart: Chart) -> bytes:
    """A chart the core described, as a PNG for chat (drawn by vl-convert: no browser)."""
    drawn = vl_convert.vegalite_to_png(vl_spec=bar_chart(chart), scale=PNG_SCALE)
    with Image.open(io.BytesIO(drawn)) as picture:
        palette = picture.convert("RGB").quantize(PNG_COLOURS, Image.Quantize.MEDIANCUT)
    out = io.BytesIO()
    palette.save(out, "PNG", optimize=True)
    return out.getvalue()


def _data(rows: list[dict[str, Any]]) -> Any:
    return alt.Data(values=rows)  # type: ignore[no-untyped-call]


def _spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    spec: dict[str, Any] = chart.to_dict()
    return spec


def participation_trend(tr: Translator, board: Dashboard) -> dict[str, Any]:
    """Participation per week, the last twelve weeks."""
    rows = [
        {
            "week": point.period.label(tr),
            "order": index,
            "participation": round((point.participation or 0) * 100, 1),
        }
        for index, point in enumerate(board.trend)
    ]
    chart = (
        alt.Chart(_data(rows))
        .mark_line(point=True, color=COLOUR)
        .encode(
            x=alt.X("week:N", sort=alt.SortField("order"), title=None),
            y=alt.Y(
                "participation:Q", title=tr._("Participation (%)"), scale=alt.Scale(domain=[0, 100])
            ),
        )
        .properties(width=WIDTH, height=220)
    )
    return _spec(chart)


def funnel_bars(tr: Translator, board: Dashboard) -> dict[str, Any]:
    """Ideas → claimed → drafted → published."""
    names = {
        "ideas": tr._("Ideas"),
        "claimed": tr._("Claimed"),
        "drafted": tr._("Drafted"),
        "published": tr._("Published"),
    }
    rows = [
        {"step": names[step], "order": index, "count": count}
        for index, (step, count, _) in enumerate(board.now.funnel.steps)
    ]
    chart = (
        alt.Chart(_data(rows))
        .mark_bar(color=COLOUR)
        .encode(
            y=alt.Y("step:N", sort=alt.SortField("order"), title=None),
            x=alt.X(
                "count:Q",
                title=tr._("Ideas parked in the period"),
                axis=_count_axis(rows, "count"),
            ),
        )
        .properties(width=WIDTH, height=160)
    )
    return _spec(chart)


def theme_bars(tr: Translator, board: Dashboard) -> dict[str, Any]:
    """Ideas and published posts per theme."""
    rows = []
    for index, (theme, funnel) in enumerate(board.now.themes.items()):
        name = theme_name(tr, theme)
        rows.append({"theme": name, "order": index, "what": tr._("Ideas"), "count": funnel.ideas})
        rows.append(
            {"theme": name, "order": index, "what": tr._("Published"), "count": funnel.published}
        )
    chart = (
        alt.Chart(_data(rows))
        .mark_bar()
        .encode(
            y=alt.Y("theme:N", sort=alt.SortField("order"), title=None),
            x=alt.X("count:Q", title=None, axis=_count_axis(rows, "count")),
            color=alt.Color(
                "what:N",
                title=None,
                scale=alt.Scale(range=[COLOUR, "#e0a458"]),
                legend=alt.Legend(orient="bottom", direction="horizontal"),
            ),
            yOffset="what:N",
        )
        .properties(width=WIDTH)
    )
    return _spec(chart)


def network_bars(tr: Translator, board: Dashboard) -> dict[str, Any]:
    """Posts per network."""
    rows = [
        {"network": network_name(tr, row.network), "order": index, "posts": row.posts}
        for index, row in enumerate(board.now.networks)
    ]
    chart = (
        alt.Chart(_data(rows))
        .mark_bar(color=COLOUR)
        .encode(
            y=alt.Y("network:N", sort=alt.SortField("order"), title=None),
            x=alt.X("posts:Q", title=tr._("Posts announced"), axis=_count_axis(rows, "posts")),
        )
        .properties(width=WIDTH)
    )
    return _spec(chart)


def best_times_heatmap(tr: Translator, board: Dashboard) -> dict[str, Any]:
    """Posts by weekday × hour, shaded by answers per post."""
    rows = [
        {
            "weekday": weekday_name(tr, cell.weekday),
            "order": cell.weekday,
            "hour": cell.hour,
            "posts": cell.posts,
            "per_post": round(cell.answers / cell.posts, 1),
        }
        for cell in board.now.best_times
    ]
    chart = (
        alt.Chart(_data(rows))
        .mark_rect()
        .encode(
            x=alt.X("hour:O", title=tr._("Hour"), scale=alt.Scale(domain=list(range(24)))),
            y=alt.Y(
                "weekday:N",
                title=None,
                sort=[weekday_name(tr, day) for day in range(7)],
                scale=alt.Scale(domain=[weekday_name(tr, day) for day in range(7)]),
            ),
            color=alt.Color(
                "per_post:Q",
                title=tr._("Likes, comments and shares per post"),
                scale=alt.Scale(scheme="teals"),
                legend=alt.Legend(orient="bottom", direction="horizontal", type="symbol"),
            ),
        )
        .properties(width=WIDTH, height=200)
    )
    return _spec(chart)


def bar_chart(chart: Chart) -> dict[str, Any]:
    """A :class:`~bot.messages.Chart` as horizontal bars with their numbers beside them,
    titled, in the bars' order."""
    rows = [
        {"label": bar.label, "order": index, "value": bar.value, "shown": bar.shown}
        for index, bar in enumerate(chart.bars)
    ]
    base = alt.Chart(_data(rows)).encode(
        y=alt.Y("label:N", sort=alt.SortField("order"), title=None),
        x=alt.X("value:Q", title=chart.axis or None),
    )
    bars = base.mark_bar(color=COLOUR)
    labels = base.mark_text(align="left", dx=4).encode(text="shown:N")
    layered = (bars + labels).properties(
        width=WIDTH,
        height=max(80, 32 * len(rows)),
        title=chart.title,
        background="white",
    )
    return _spec(layered)
