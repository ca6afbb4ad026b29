"""The chart of `/chorus stats` outside the core: drawn as a PNG with Altair and vl-convert,
as text bars in the console, queued and read back, and behind signed links on
``chorus serve`` (``GET /charts/<token>.png``) that expire and cannot be forged."""

from __future__ import annotations

import io
import re
from urllib.parse import urlsplit

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from PIL import Image

from adapters.console.render import BAR_WIDTH, Style, render_message
from adapters.web.charts import bar_chart, chart_png
from adapters.web.chat_charts import ChartLinks, link_key, mount
from bot import codec
from bot.messages import Audience, Bar, Chart, Message

PNG = b"\x89PNG\r\n\x1a\n"
FUNNEL = Chart(
    title="Ideas → drafts → posts: 2026-Q4",
    bars=(
        Bar("Ideas", 2431, "2,431"),
        Bar("Claimed", 1400, "1,400"),
        Bar("Drafted", 900, "900"),
        Bar("Published", 0, "0"),
    ),
    alt="Bar chart of the funnel in 2026-Q4: 2,431 ideas parked, 1,400 claimed, 900 drafted, 0 published.",
    axis="Ideas parked in the period",
    name="chorus-funnel-2026-10-01..2026-12-31",
)


class Clock:
    """Seconds since the epoch, moved by hand."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


def test_the_chart_is_one_vega_lite_spec_with_its_bars_in_order_and_their_numbers() -> None:
    spec = bar_chart(FUNNEL)
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
    assert spec["title"] == FUNNEL.title
    values = spec["data"]["values"]
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["bar", "text"]
    assert [(v["label"], v["value"], v["shown"]) for v in values] == [
        ("Ideas", 2431, "2,431"),
        ("Claimed", 1400, "1,400"),
        ("Drafted", 900, "900"),
        ("Published", 0, "0"),
    ]


def test_the_png_is_drawn_without_a_browser_and_stays_small_enough_for_a_card() -> None:
    png = chart_png(FUNNEL)
    assert png.startswith(PNG)
    assert len(png) < 20_000  # a data: URI of it leaves room in a 28 KB Teams card
    with Image.open(io.BytesIO(png)) as picture:
        assert picture.width >= 1000  # drawn at twice the CSS size, sharp on dense screens


def test_the_console_draws_the_chart_as_text_bars_in_proportion() -> None:
    message = Message((FUNNEL,), Audience.PRIVATE)
    lines = render_message(message, Style(enabled=False), lambda command: "1", channel="#c")
    assert lines[0] == FUNNEL.title
    ideas, claimed, drafted, published = lines[1:5]
    assert ideas == "  Ideas     " + "█" * BAR_WIDTH + " 2,431"
    # 1400/2431 of 40 characters is 184.3 eighths; 900/2431 is 118.5 (14 full and 6/8).
    assert claimed == "  Claimed   " + "█" * 23 + " 1,400"
    assert drafted == "  Drafted   " + "█" * 14 + "▊ 900"
    assert published == "  Published  0"
    assert lines[5] == "  (Ideas parked in the period)"


def test_a_chart_of_nothing_but_zeros_draws_empty_bars() -> None:
    zeros = Chart("Nothing", (Bar("Ideas", 0, "0"),), "No ideas.")
    lines = render_message(
        Message((zeros,), Audience.PRIVATE), Style(enabled=False), lambda c: "1", channel="#c"
    )
    assert lines == ["Nothing", "  Ideas  0"]


def test_a_chart_survives_the_outbox_codec() -> None:
    message = Message((FUNNEL,), Audience.PRIVATE)
    assert codec.loads(codec.dumps(message)) == message


def test_a_signed_link_opens_until_it_expires() -> None:
    clock = Clock()
    links = ChartLinks(link_key("secret"), "https://chorus.example.com/", clock=clock)
    url = links.link(FUNNEL)
    assert url.startswith("https://chorus.example.com/charts/") and url.endswith(".png")
    token = url.removeprefix("https://chorus.example.com/charts/").removesuffix(".png")
    assert links.open(token) == FUNNEL
    clock.now += 24 * 3600 + 1
    assert links.open(token) is None


def test_a_link_signed_with_another_key_or_altered_is_refused() -> None:
    clock = Clock()
    ours = ChartLinks(link_key("secret"), "", clock=clock)
    theirs = ChartLinks(link_key("another secret"), "", clock=clock)
    token = theirs.link(FUNNEL).removeprefix("/charts/").removesuffix(".png")
    assert ours.open(token) is None
    payload, expires, signature = ours.link(FUNNEL).split("/")[-1][:-4].split(".")
    assert ours.open(f"{payload}.{int(expires) + 9999}.{signature}") is None  # longer life
    assert ours.open(f"{payload[:-2]}AA.{expires}.{signature}") is None  # other chart
    assert ours.open(f"{payload}.{expires}") is None
    assert ours.open("") is None
    # Replicas that share the secret agree; without one, every process has its own key.
    assert ChartLinks(link_key("secret"), "", clock=clock).open(f"{payload}.{expires}.{signature}")
    assert link_key("") != link_key("")


async def test_the_route_serves_the_picture_of_a_live_link_and_404_otherwise() -> None:
    clock = Clock()
    links = ChartLinks(link_key("secret"), "http://127.0.0.1:3000", clock=clock)
    app = web.Application()
    mount(app, links)
    path = urlsplit(links.link(FUNNEL)).path
    async with TestClient(TestServer(app)) as client:
        response = await client.get(path)
        assert response.status == 200
        assert response.headers["Content-Type"] == "image/png"
        assert (await response.read()).startswith(PNG)
        assert (await client.get(path)).status == 200  # Teams clients fetch it again
        assert (await client.get("/charts/" + "A" * 40 + ".png")).status == 404
        assert (await client.get("/charts/a.1.%00%ff.png")).status == 404
        clock.now += 24 * 3600 + 1
        expired = await client.get(path)
        assert expired.status == 404
        assert "expired" in await expired.text()


def test_a_small_count_axis_ticks_whole_numbers_once() -> None:
    import altair as alt
    import vl_convert

    from adapters.web.charts import _count_axis, _data

    rows: list[dict[str, object]] = [{"step": "Ideas", "count": 2}, {"step": "Claimed", "count": 1}]
    chart = (
        alt.Chart(_data(rows))
        .mark_bar()
        .encode(x=alt.X("count:Q", title=None, axis=_count_axis(rows, "count")), y="step:N")
    )
    svg = vl_convert.vegalite_to_svg(chart.to_dict())
    ticks = [t for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg) if t.isdigit()]
    assert ticks == ["0", "1", "2"]  # not 0, 1, 1, 2, 2 (ticks at 0.5 labelled as whole)
