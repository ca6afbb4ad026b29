"""Post addresses: validation, the network they belong to, and a key that ignores tracking."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from bot.errors import UsageError
from bot.i18n import N_, Count
from bot.posts.ports import URL_MAX_CHARS, Network

_TRACKING = re.compile(r"^(utm_\w+|trk\w*|fbclid|gclid|si)$", re.IGNORECASE)


_HOST = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$")


NETWORK_NAMES = {
    Network.LINKEDIN: "LinkedIn",
    Network.X: "X",
    Network.REDDIT: "Reddit",
    Network.MASTODON: "Mastodon",
    Network.YOUTUBE: "YouTube",
}


_NETWORK_HOSTS = {
    "linkedin.com": Network.LINKEDIN,
    "lnkd.in": Network.LINKEDIN,
    "x.com": Network.X,
    "twitter.com": Network.X,
    "reddit.com": Network.REDDIT,
    "redd.it": Network.REDDIT,
    "youtube.com": Network.YOUTUBE,
    "youtu.be": Network.YOUTUBE,
}


_MASTODON_PATH = re.compile(r"^/@[\w.-]+/\d+/?$")


BAD_URL = N_(
    "That doesn't look like the link of a published post. Paste the whole address, starting with https://, for example: /posted https://www.linkedin.com/posts/..."
)


def validate_url(raw: str) -> str:
    """The URL as announced: http(s), a real host name, no credentials, not too long."""
    url = raw.strip()
    if len(url) > URL_MAX_CHARS:
        raise UsageError(
            N_("That link is longer than {limit} characters. Paste the post's own address."),
            limit=Count(URL_MAX_CHARS),
        )
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise UsageError(BAD_URL) from None
    host = (parts.hostname or "").casefold()
    ascii_host = _ascii_host(host)
    if (
        parts.scheme.casefold() not in ("http", "https")
        or ascii_host is None
        or not _HOST.match(ascii_host)
        or port == 0
    ):
        raise UsageError(BAD_URL)
    if parts.username is not None or parts.password is not None:
        raise UsageError(
            N_(
                "That link carries a user name or password. Paste the post's public address without them."
            )
        )
    if any(ch.isspace() or ch in "<>\"'" for ch in url):
        raise UsageError(BAD_URL)
    if ascii_host != host:  # an international name (ærø.dk) is kept as its punycode
        netloc = ascii_host if port is None else f"{ascii_host}:{port}"
        url = urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    return url


def _ascii_host(host: str) -> str | None:
    """The host name in ASCII (``ærø.dk`` → ``xn--r-3fa9c.dk``); None when it is no name."""
    if host.isascii():
        return host
    try:
        return host.encode("idna").decode("ascii")
    except UnicodeError:
        return None


def network_of(url: str) -> Network:
    """The network a post lives on; anything unknown is the web (a blog, a site)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").casefold().removeprefix("www.").removeprefix("m.")
    for domain, network in _NETWORK_HOSTS.items():
        if host == domain or host.endswith("." + domain):
            return network
    if "mastodon" in host or _MASTODON_PATH.match(parts.path):
        return Network.MASTODON
    return Network.WEB


def url_key(url: str) -> str:
    """The form two links to the same post share: no ``www.``, fragment, tracking
    parameters or trailing slash; host and scheme in lower case."""
    parts = urlsplit(url)
    host = (parts.hostname or "").casefold().removeprefix("www.")
    if parts.port:
        host = f"{host}:{parts.port}"
    query = "&".join(
        pair for pair in parts.query.split("&") if pair and not _TRACKING.match(pair.split("=")[0])
    )
    return urlunsplit(("https", host, parts.path.rstrip("/"), query, ""))
