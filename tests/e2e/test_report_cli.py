"""``chorus report`` as the Contract pins it: a PDF, HTML or a ZIP of CSVs for a quarter, and
a clear refusal for a quarter that has not started."""

from __future__ import annotations

import zipfile
from datetime import UTC, datetime
from pathlib import Path

from tests.e2e.test_console import run_chorus


def _this_quarter() -> str:
    today = datetime.now(UTC).date()
    return f"{today.year}-Q{(today.month - 1) // 3 + 1}"


def test_the_report_is_written_in_each_format(database_url: str, tmp_path: Path) -> None:
    said = run_chorus(["console", "--user", "ann"], database_url, stdin="/idea Backups on Friday\n")
    assert said.returncode == 0, said.stderr
    quarter = _this_quarter()
    for form, name in (("pdf", "r.pdf"), ("html", "r.html"), ("csv", "r.zip")):
        done = run_chorus(
            ["report", "--quarter", quarter, "--format", form, "-o", str(tmp_path / name)],
            database_url,
        )
        assert done.returncode == 0, done.stderr
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    assert f"Quarterly evaluation {quarter}" in (tmp_path / "r.html").read_text()
    assert "funnel.csv" in zipfile.ZipFile(tmp_path / "r.zip").namelist()


def test_a_quarter_that_has_not_started_is_refused_clearly(database_url: str) -> None:
    run_chorus(["console", "--user", "ann"], database_url, stdin="/chorus help\n")
    refused = run_chorus(["report", "--quarter", "2999-Q1"], database_url)
    assert refused.returncode == 2
    assert "2999-Q1 has not started yet" in refused.stderr
    bad = run_chorus(["report", "--quarter", "soon"], database_url)
    assert bad.returncode == 2 and "like 2026-Q4" in bad.stderr
