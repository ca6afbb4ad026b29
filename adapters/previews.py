"""Link previews for the content library: the page title of a suggested link, fetched only
when the programme turns previews on (``link_previews = true``), and only the title.

Every fetch has a timeout and reads at most the first 64 KiB; it never reaches a private,
loopback, link-local or otherwise non-public address — checked for every host name it
resolves and every redirect it follows, at the moment of connecting, so a name that
resolves somewhere else later gains nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import ipaddress
import logging
import re
import socket
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult

from bot.messages import inert
from bot.ports import UnitOfWorkFactory

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 5.0
MAX_BYTES = 64 * 1024
MAX_REDIRECTS = 3
TITLE_MAX_CHARS = 200
POLL_SECONDS = 30
BATCH = 10

_TITLE = re.compile(rb"<title[^>]*>(.{0,4000}?)</title", re.IGNORECASE | re.DOTALL)
_CHARSET = re.compile(r"charset=([\w-]+)", re.IGNORECASE)

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
AddressPolicy = Callable[[Address], bool]


class RefusedAddress(OSError):
    """The link leads to an address Chorus never fetches from."""


def is_public(address: Address) -> bool:
    """Only public unicast addresses: no private, loopback, link-local (cloud metadata),
    multicast, reserved or unspecified ones, also when mapped into IPv6."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


class _VettingResolver(AbstractResolver):
    """Resolves like the system does, then refuses if any address is not allowed."""

    def __init__(self, allowed: AddressPolicy) -> None:
        self._inner = aiohttp.ThreadedResolver()
        self._allowed = allowed

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        results = await self._inner.resolve(host, port, family)
        for result in results:
            if not self._allowed(ipaddress.ip_address(result["host"])):
                raise RefusedAddress(f"{host} resolves to a non-public address")
        return results

    async def close(self) -> None:
        await self._inner.close()


def _check_url(url: str, allowed: AddressPolicy) -> None:
    """http(s) only; a literal address must be allowed (names are vetted on resolving)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise RefusedAddress("not a web link")
    host = parts.hostname
    if re.fullmatch(r"[\d.]+", host) or ":" in host:
        try:
            literal = ipaddress.ip_address(host)
        except ValueError:
            raise RefusedAddress("not a canonical address") from None
        if not allowed(literal):
            raise RefusedAddress("a non-public address")


async def fetch_title(url: str, *, allowed: AddressPolicy = is_public) -> str | None:
    """The page's title, or None when there is none, the page is not HTML, it is too slow,
    or the link leads somewhere Chorus does not fetch from."""
    timeout = aiohttp.ClientTimeout(total=TIMEOUT_SECONDS)
    connector = aiohttp.TCPConnector(resolver=_VettingResolver(allowed), use_dns_cache=False)
    try:
        async with aiohttp.ClientSession(
            timeout=timeout, connector=connector, trust_env=False
        ) as session:
            for _ in range(MAX_REDIRECTS + 1):
                _check_url(url, allowed)
                async with session.get(
                    url, allow_redirects=False, headers={"Accept": "text/html"}
                ) as response:
                    if response.status in (301, 302, 303, 307, 308):
                        url = urljoin(url, response.headers.get("Location", ""))
                        continue
                    if response.status != 200 or response.content_type != "text/html":
                        return None
                    head = await _first_bytes(response)
                    return _title(head, response.headers.get("Content-Type", ""))
    except (aiohttp.ClientError, OSError, TimeoutError, ValueError) as error:
        log.info("no preview for a library link: %s", type(error).__name__)
    return None


async def _first_bytes(response: aiohttp.ClientResponse) -> bytes:
    chunks: list[bytes] = []
    size = 0
    while size < MAX_BYTES:
        chunk = await response.content.read(MAX_BYTES - size)
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _title(head: bytes, content_type: str) -> str | None:
    match = _TITLE.search(head)
    if match is None:
        return None
    charset = _CHARSET.search(content_type)
    encoding = charset.group(1) if charset else "utf-8"
    try:
        raw = match.group(1).decode(encoding, errors="replace")
    except LookupError:
        raw = match.group(1).decode("utf-8", errors="replace")
    title = " ".join(inert(html.unescape(raw)).split())
    if len(title) > TITLE_MAX_CHARS:
        title = title[: TITLE_MAX_CHARS - 1].rstrip() + "…"
    return title or None


class PreviewWorker:
    """Looks up the titles of new library items, a few at a time, outside any transaction."""

    def __init__(
        self,
        uow: UnitOfWorkFactory,
        *,
        fetch: Callable[[str], Any] = fetch_title,
        poll_seconds: float = POLL_SECONDS,
    ) -> None:
        self._uow = uow
        self._fetch = fetch
        self._poll = poll_seconds

    async def run_once(self) -> int:
        """Preview the items waiting for one; how many were looked at."""
        async with self._uow() as uow:
            waiting = await uow.library.awaiting_preview(BATCH)
        for item in waiting:
            title = await self._fetch(item.url)
            async with self._uow() as uow:
                await uow.library.set_title(item.id, title, datetime.now(UTC))
                await uow.commit()
        return len(waiting)

    async def run(self, stop: asyncio.Event) -> None:
        """Until ``stop`` is set."""
        while not stop.is_set():
            try:
                await self.run_once()
            except Exception:
                log.exception("link previews failed; trying again later")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=self._poll)
