"""Charts the core described (:class:`bot.messages.Chart`), drawn for chat: PNG bytes for a
Slack upload or a Teams card, and short-lived signed links to them on ``chorus serve``
(``GET /charts/<token>.png``) for a Teams card a picture inside would make too big.

A link carries the chart's description itself (compressed), its expiry and an HMAC-SHA256
signature, so nothing is stored, any replica holding the key can draw it, and nobody can
have the server draw anything it did not sign. Altair and vl-convert load on first use."""

from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import hmac
import json
import logging
import secrets
import time
import zlib
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from aiohttp import web

from bot.messages import Bar, Chart

log = logging.getLogger(__name__)

ROUTE = "/charts/{token}.png"
LINK_SECONDS = 24 * 3600  # a card is read the day it arrives; later the link says it expired
_CONTEXT = b"chorus chart links v1"
_DRAWN_KEPT = 32  # pictures kept in memory, for the clients that fetch a card's image again


async def draw_png(chart: Chart) -> bytes:
    """The chart as a PNG, drawn off the event loop."""
    from adapters.web.charts import chart_png

    return await asyncio.to_thread(chart_png, chart)


def data_uri(png: bytes) -> str:
    """A PNG as a ``data:`` URI."""
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def link_key(secret: str) -> bytes:
    """The signing key: derived from a configured secret (so every replica agrees), or
    random for this process when there is none (a single local server)."""
    if not secret:
        return secrets.token_bytes(32)
    return hmac.new(secret.encode("utf-8"), _CONTEXT, hashlib.sha256).digest()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _encode(chart: Chart) -> bytes:
    body = {
        "title": chart.title,
        "alt": chart.alt,
        "axis": chart.axis,
        "name": chart.name,
        "bars": [[bar.label, bar.value, bar.shown] for bar in chart.bars],
    }
    return zlib.compress(json.dumps(body, ensure_ascii=False).encode("utf-8"), 9)


def _decode(data: bytes) -> Chart:
    body: Any = json.loads(zlib.decompress(data))
    bars = tuple(Bar(str(label), float(value), str(shown)) for label, value, shown in body["bars"])
    return Chart(str(body["title"]), bars, str(body["alt"]), str(body["axis"]), str(body["name"]))


class ChartLinks:
    """Signs and opens chart links; ``base_url`` is where ``chorus serve`` is reached."""

    def __init__(
        self,
        key: bytes,
        base_url: str,
        *,
        seconds: int = LINK_SECONDS,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._key = key
        self._base = base_url.rstrip("/")
        self._seconds = seconds
        self._clock = clock
        self._drawn: OrderedDict[str, bytes] = OrderedDict()

    def _signature(self, payload: str, expires: str) -> str:
        message = f"{payload}.{expires}".encode("ascii")
        return _b64(hmac.new(self._key, message, hashlib.sha256).digest())

    def link(self, chart: Chart) -> str:
        """A link to the chart's picture, good for ``seconds`` from now."""
        payload = _b64(_encode(chart))
        expires = str(int(self._clock()) + self._seconds)
        token = f"{payload}.{expires}.{self._signature(payload, expires)}"
        return f"{self._base}{ROUTE.replace('{token}', token)}"

    def open(self, token: str) -> Chart | None:
        """The chart a token describes, if we signed it and it has not expired."""
        parts = token.split(".")
        if len(parts) != 3 or not parts[1].isdigit():
            return None
        payload, expires, signature = parts
        if not hmac.compare_digest(signature, self._signature(payload, expires)):
            return None
        if int(expires) < self._clock():
            return None
        try:
            return _decode(_unb64(payload))
        except (binascii.Error, zlib.error, ValueError, KeyError, TypeError):
            log.warning("a signed chart link held no chart")
            return None

    async def png(self, token: str) -> bytes | None:
        """The picture behind a live token (drawn once, then kept for a while), or None."""
        chart = self.open(token)
        if chart is None:
            return None
        if token in self._drawn:
            self._drawn.move_to_end(token)
            return self._drawn[token]
        picture = await draw_png(chart)
        self._drawn[token] = picture
        while len(self._drawn) > _DRAWN_KEPT:
            self._drawn.popitem(last=False)
        return picture


def mount(app: web.Application, links: ChartLinks) -> None:
    """Add ``GET /charts/<token>.png`` to ``app``."""

    async def picture(request: web.Request) -> web.Response:
        png = await links.png(request.match_info["token"])
        if png is None:
            return web.Response(
                status=404,
                text="This chart link is unknown or has expired. Ask Chorus again: chorus stats\n",
                headers={"Cache-Control": "no-store"},
            )
        return web.Response(
            body=png,
            content_type="image/png",
            headers={"Cache-Control": "private, max-age=3600"},
        )

    app.router.add_get(ROUTE, picture)
