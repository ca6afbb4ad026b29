"""The booking settings: where calendar links point, and when reminders go out."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.settings import SettingsError, load_settings


def test_calendar_links_point_at_the_local_server_unless_told_otherwise() -> None:
    assert load_settings({}).programme.public_url == "http://127.0.0.1:3000"
    assert load_settings({"PORT": "8080"}).programme.public_url == "http://127.0.0.1:8080"
    chosen = load_settings({"CHORUS_PUBLIC_URL": "https://chorus.example.com/"})
    assert chosen.programme.public_url == "https://chorus.example.com"


def test_a_public_url_that_is_not_http_stops_the_start() -> None:
    with pytest.raises(SettingsError, match="CHORUS_PUBLIC_URL"):
        load_settings({"CHORUS_PUBLIC_URL": "chorus.example.com"})


def test_reminders_default_to_a_day_and_a_quarter_of_an_hour_before(tmp_path: Path) -> None:
    assert load_settings({}).programme.reminder_minutes == (1440, 15)
    config = tmp_path / "programme.toml"
    config.write_text("[programme]\nreminder_minutes = [60]\n", encoding="utf-8")
    assert load_settings({"CHORUS_CONFIG": str(config)}).programme.reminder_minutes == (60,)


def test_a_reminder_offset_out_of_range_names_the_key(tmp_path: Path) -> None:
    config = tmp_path / "programme.toml"
    config.write_text("[programme]\nreminder_minutes = [0]\n", encoding="utf-8")
    with pytest.raises(SettingsError, match=r"programme\.reminder_minutes"):
        load_settings({"CHORUS_CONFIG": str(config)})
