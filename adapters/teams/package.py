"""Build the Teams app package: ``config/teams/manifest.json`` with your bot's app id and
your organisation's pages filled in, zipped with the two icons.

    python -m adapters.teams.package --app-id $TEAMS_APP_ID --website https://intranet.example.com/chorus

Upload the zip in Teams (Apps → Manage your apps → Upload an app) or in the Teams admin
centre. ``--app-id`` defaults to ``TEAMS_APP_ID``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import zipfile
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from adapters.settings import CONFIG_DIR

TEAMS_DIR = CONFIG_DIR / "teams"
FILES = ("manifest.json", "color.png", "outline.png")
DEFAULT_OUTPUT = Path("build") / "chorus-teams.zip"
_GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
_TOKEN = re.compile(r"\{\{(\w+)\}\}")


class PackageError(Exception):
    """The package cannot be built; the message says which option to fix."""


def _version() -> str:
    try:
        return metadata.version("chorus-bot")
    except metadata.PackageNotFoundError:
        return "0.1.0"


def _https(option: str, url: str) -> str:
    parsed = urlparse(url)
    if parsed.scheme != "https" or not parsed.netloc:
        raise PackageError(f"{option}: Teams needs an https:// address, not {url!r}")
    return url


def _fill(node: Any, values: dict[str, str]) -> Any:
    if isinstance(node, str):
        return _TOKEN.sub(lambda m: values[m.group(1)], node)
    if isinstance(node, list):
        return [_fill(item, values) for item in node]
    if isinstance(node, dict):
        return {key: _fill(value, values) for key, value in node.items()}
    return node


def manifest(
    app_id: str,
    website: str,
    *,
    developer: str = "Chorus",
    privacy_url: str | None = None,
    terms_url: str | None = None,
    source: Path = TEAMS_DIR,
) -> dict[str, Any]:
    """The manifest with every ``{{token}}`` filled in."""
    if not _GUID.match(app_id):
        raise PackageError(
            f"--app-id: the bot's Microsoft app id is a GUID (TEAMS_APP_ID), not {app_id!r}"
        )
    values = {
        "app_id": app_id.lower(),
        "version": _version(),
        "developer": developer,
        "website_url": _https("--website", website),
        "privacy_url": _https("--privacy-url", privacy_url or website),
        "terms_url": _https("--terms-url", terms_url or website),
    }
    template = json.loads((source / "manifest.json").read_text(encoding="utf-8"))
    filled: dict[str, Any] = _fill(template, values)
    return filled


def build(filled: dict[str, Any], output: Path, *, source: Path = TEAMS_DIR) -> Path:
    """Write the zip Teams accepts: the manifest and both icons at its root."""
    output.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(filled, indent=2, ensure_ascii=False))
        for name in FILES[1:]:
            archive.write(source / name, name)
    return output


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m adapters.teams.package``; returns the exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m adapters.teams.package", description="Build the Chorus Teams app package."
    )
    parser.add_argument("--app-id", default=os.environ.get("TEAMS_APP_ID", ""))
    parser.add_argument("--website", required=True, help="https page about Chorus at your org")
    parser.add_argument("--privacy-url", default=None, help="default: --website")
    parser.add_argument("--terms-url", default=None, help="default: --website")
    parser.add_argument("--developer", default="Chorus", help="publisher name shown in Teams")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    try:
        filled = manifest(
            args.app_id,
            args.website,
            developer=args.developer,
            privacy_url=args.privacy_url,
            terms_url=args.terms_url,
        )
    except PackageError as error:
        print(f"teams package: {error}", file=sys.stderr)
        return 2
    print(build(filled, args.output))
    return 0


if __name__ == "__main__":
    sys.exit(main())
