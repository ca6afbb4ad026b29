"""The journey's programme settings: capacity, offers, networks and segments."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.settings import SettingsError, load_settings
from bot.config import Programme


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "programme.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_the_shipped_segments_and_networks_are_the_cores_defaults() -> None:
    loaded = load_settings({}).programme
    core = Programme()
    assert [(s.key, dict(s.names), [dict(t) for t in s.post_types]) for s in loaded.segments] == [
        (s.key, dict(s.names), [dict(t) for t in s.post_types]) for s in core.segments
    ]
    assert loaded.networks == core.networks
    assert (loaded.capacity, loaded.offer_days, loaded.join_segment) == (None, 3, "ambassador")


def test_a_programme_file_sets_capacity_networks_and_its_own_segments(tmp_path: Path) -> None:
    config = write(
        tmp_path,
        '[programme]\ncapacity = 100\noffer_days = 5\nnetworks = ["LinkedIn", "github"]\n'
        'join_segment = "experts"\n\n'
        '[segments.experts]\nname = { en = "expert", da = "ekspert", nl = "expert" }\n'
        'post_types = [{ en = "A lesson", da = "En lektie", nl = "Een les" }]\n',
    )
    programme = load_settings({"CHORUS_CONFIG": config}).programme
    assert (programme.capacity, programme.offer_days) == (100, 5)
    assert programme.networks == ("linkedin", "github")
    assert [s.key for s in programme.segments] == ["experts"]  # replaces the defaults
    assert programme.segments[0].post_types[0]["da"] == "En lektie"


def test_an_empty_join_segment_puts_newcomers_in_none(tmp_path: Path) -> None:
    config = write(tmp_path, '[programme]\njoin_segment = ""\n')
    assert load_settings({"CHORUS_CONFIG": config}).programme.join_segment is None


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("[programme]\ncapacity = 0\n", "programme.capacity"),
        ("[programme]\ncapacity = -5\n", "programme.capacity"),
        ("[programme]\noffer_days = 0\n", "programme.offer_days"),
        ('[programme]\nnetworks = ["linked in"]\n', "programme.networks"),
        ('[programme]\nnetworks = ["x", "X"]\n', "programme.networks"),
        ('[programme]\njoin_segment = "nobody"\n', "programme.join_segment"),
        ('[segments.Experts]\nname = { en = "e", da = "e", nl = "e" }\n', "segments"),
        ('[segments.experts]\nname = { en = "expert" }\n', "segments.experts.name"),
        ('[segments.experts]\ncolour = "red"\n', "segments.experts"),
        ('[schedules.onboarding]\ncron = "every hour"\ngrace = "1h"\n', "schedules.onboarding"),
    ],
)
def test_bad_journey_settings_stop_the_start_naming_the_key(
    tmp_path: Path, text: str, named: str
) -> None:
    with pytest.raises(SettingsError, match=named.replace(".", r"\.")):
        load_settings({"CHORUS_CONFIG": write(tmp_path, text)})
