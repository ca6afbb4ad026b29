"""Settings fail at start, naming the key, instead of misbehaving later."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.settings import DEFAULT_DATABASE_URL, SettingsError, load_settings


def write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "programme.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_defaults_come_from_the_config_folder() -> None:
    settings = load_settings({})
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert settings.port == 3000
    assert settings.programme.locale == "en"
    assert settings.programme.cheer_emoji == "tada"
    assert "engineering" in settings.programme.themes
    assert settings.programme.company_share_percent == 33
    assert settings.programme.link_previews is False  # links are never fetched unless asked


def test_the_company_share_target_and_link_previews_come_from_the_programme_file(
    tmp_path: Path,
) -> None:
    config = write(tmp_path, "[programme]\ncompany_share_percent = 50\nlink_previews = true\n")
    programme = load_settings({"CHORUS_CONFIG": config}).programme
    assert programme.company_share_percent == 50 and programme.link_previews is True


def test_the_environment_and_a_programme_file_override_the_defaults(tmp_path: Path) -> None:
    config = write(
        tmp_path,
        '[programme]\nlocale = "da"\ntimezone = "Europe/Amsterdam"\nthemes = ["#Fintech", "grøn-omstilling"]\n',
    )
    settings = load_settings(
        {
            "CHORUS_CONFIG": config,
            "CHORUS_ADMINS": "U1, U2,,",
            "CHORUS_CHANNEL": "C9",
            "PORT": "8080",
            "DATABASE_URL": "postgresql+asyncpg://x/y",
        }
    )
    assert settings.programme.locale == "da"
    assert settings.programme.timezone == "Europe/Amsterdam"
    assert settings.programme.themes == ("Fintech", "grøn-omstilling")
    assert settings.programme.cheer_emoji == "tada"  # untouched keys keep their default
    assert settings.programme.admins == frozenset({"U1", "U2"})
    assert settings.programme.channel_id == "C9"
    assert settings.port == 8080
    assert settings.database_url == "postgresql+asyncpg://x/y"


@pytest.mark.parametrize(
    ("toml", "named"),
    [
        ('[programme]\nlocal = "da"\n', "programme.local: unknown setting"),
        ('[programm]\nlocale = "da"\n', "programm: unknown setting"),
        ('[programme]\nlocale = "fr"\n', "programme.locale"),
        ('[programme]\ntimezone = "Mars/Olympus"\n', "programme.timezone"),
        ("[programme]\ntimezone = 1\n", "programme.timezone"),
        ('[programme]\nthemes = "culture"\n', "programme.themes"),
        ('[programme]\nthemes = ["two words"]\n', "programme.themes"),
        ('[programme]\npage_size = "10"\n', "programme.page_size"),
        ("[programme]\ncompany_share_percent = 120\n", "programme.company_share_percent"),
        ("[programme\n", "not valid TOML"),
    ],
)
def test_bad_programme_files_name_the_key(tmp_path: Path, toml: str, named: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings({"CHORUS_CONFIG": write(tmp_path, toml)})
    assert named in str(caught.value)


def test_a_missing_programme_file_and_a_bad_port_are_named(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="CHORUS_CONFIG"):
        load_settings({"CHORUS_CONFIG": str(tmp_path / "nope.toml")})
    with pytest.raises(SettingsError, match="PORT"):
        load_settings({"PORT": "eighty"})


def test_links_follow_the_address_chorus_serve_is_bound_to_unless_a_public_url_is_set() -> None:
    settings = load_settings({"PORT": "3999"})
    assert settings.programme.public_url == "http://127.0.0.1:3999"
    for host, url in (
        ("127.0.0.1", "http://127.0.0.1:8080"),
        ("localhost", "http://localhost:8080"),
        ("0.0.0.0", "http://127.0.0.1:8080"),
        ("::", "http://[::1]:8080"),
        ("::1", "http://[::1]:8080"),
    ):
        bound = settings.bound_to(host, 8080)
        assert (bound.host, bound.port, bound.programme.public_url) == (host, 8080, url)
    public = load_settings({"CHORUS_PUBLIC_URL": "https://chorus.example.com/", "PORT": "3999"})
    assert public.bound_to("0.0.0.0", 8080).programme.public_url == "https://chorus.example.com"
