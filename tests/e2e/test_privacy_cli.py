"""A member's rights from the terminal: the console's export lands in a file, and operators
export and erase with ``chorus member``."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from tests.e2e.test_console import run_chorus


def test_console_export_is_saved_as_a_file_and_its_path_printed(
    database_url: str, tmp_path: Path
) -> None:
    session = "/idea Backups every Friday #engineering\n/chorus privacy export\n"
    result = run_chorus(["console", "--user", "ann"], database_url, session, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    line = next(line for line in result.stdout.splitlines() if "Saved to " in line)
    path = Path(line.split("Saved to ", 1)[1].strip())
    assert path.parent == tmp_path.resolve() and path.suffix == ".zip"
    with zipfile.ZipFile(path) as archive:
        ideas = json.loads(archive.read("ideas.json"))
    assert [i["text"] for i in ideas] == ["Backups every Friday"]


def test_operators_export_and_erase_a_member_by_platform_id(
    database_url: str, tmp_path: Path
) -> None:
    session = "/idea Backups every Friday\n:user bente\n/idea Office plants\n"
    assert run_chorus(["console", "--user", "ann"], database_url, session).returncode == 0
    out = tmp_path / "ann.zip"

    exported = run_chorus(["member", "export", "console:ann", "-o", str(out)], database_url)
    assert exported.returncode == 0, exported.stderr
    with zipfile.ZipFile(out) as archive:
        assert "README.txt" in archive.namelist()
        assert json.loads(archive.read("profile.json"))[0]["platform_id"] == "ann"

    erased = run_chorus(["member", "erase", "console:ann"], database_url)
    assert erased.returncode == 0, erased.stderr
    assert "Erased console:ann" in erased.stdout

    again = run_chorus(["member", "erase", "console:ann"], database_url)
    assert again.returncode == 2 and "no member console:ann" in again.stderr
    listing = run_chorus(["console", "--user", "bente"], database_url, "/idea list\n")
    assert "Office plants" in listing.stdout and "Backups" not in listing.stdout


def test_a_malformed_member_is_refused_with_the_shape_to_use(database_url: str) -> None:
    result = run_chorus(["member", "erase", "ann"], database_url)
    assert result.returncode == 2
    assert "PLATFORM:USER_ID" in result.stderr and "slack:U0123ABCD" in result.stderr
    wrong = run_chorus(["member", "export", "irc:ann", "-o", "x.zip"], database_url)
    assert wrong.returncode == 2 and "platform slack, teams or console" in wrong.stderr
