"""The Teams app package: manifest with the bot's id, two icons of the sizes Teams wants."""

from __future__ import annotations

import json
import struct
import zipfile
from pathlib import Path

import pytest

from adapters.teams.package import TEAMS_DIR, PackageError, build, main, manifest

APP_ID = "11111111-2222-3333-4444-555555555555"


def png_size(data: bytes) -> tuple[int, int, int, int]:
    """Width, height, bit depth and colour type from a PNG's header."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    width, height, depth, colour = struct.unpack(">IIBB", data[16:26])
    return width, height, depth, colour


def test_the_icons_are_pngs_of_the_sizes_teams_requires() -> None:
    assert png_size((TEAMS_DIR / "color.png").read_bytes()) == (192, 192, 8, 6)
    assert png_size((TEAMS_DIR / "outline.png").read_bytes()) == (32, 32, 8, 6)


def test_the_package_command_zips_a_filled_manifest_with_both_icons(tmp_path: Path) -> None:
    output = tmp_path / "chorus.zip"
    assert (
        main(
            [
                "--app-id",
                APP_ID,
                "--website",
                "https://intranet.example.com/chorus",
                "--output",
                str(output),
            ]
        )
        == 0
    )
    with zipfile.ZipFile(output) as archive:
        assert sorted(archive.namelist()) == ["color.png", "manifest.json", "outline.png"]
        filled = json.loads(archive.read("manifest.json"))
        assert archive.read("color.png") == (TEAMS_DIR / "color.png").read_bytes()
    assert filled["manifestVersion"] == "1.17"
    assert filled["id"] == APP_ID and filled["bots"][0]["botId"] == APP_ID
    assert set(filled["bots"][0]["scopes"]) == {"personal", "team", "groupChat"}
    assert filled["developer"]["privacyUrl"] == "https://intranet.example.com/chorus"
    assert filled["icons"] == {"color": "color.png", "outline": "outline.png"}
    assert "{{" not in json.dumps(filled)


def test_the_package_refuses_a_missing_app_id_or_a_plain_http_page(tmp_path: Path) -> None:
    with pytest.raises(PackageError, match="--app-id"):
        manifest("", "https://intranet.example.com")
    with pytest.raises(PackageError, match="--website"):
        manifest(APP_ID, "http://intranet.example.com")
    assert (
        main(
            [
                "--app-id",
                "nope",
                "--website",
                "https://x.example",
                "--output",
                str(tmp_path / "z.zip"),
            ]
        )
        == 2
    )
    assert not (tmp_path / "z.zip").exists()
    assert build(manifest(APP_ID, "https://x.example"), tmp_path / "ok.zip").exists()
