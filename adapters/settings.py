"""One typed settings object from the environment and the programme TOML.

Defaults come from ``config/programme.toml``; ``CHORUS_CONFIG`` names a file whose keys
override them. Unknown keys and wrong types stop the start with a message naming the key.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bot.config import Programme

CONFIG_DIR = Path(__file__).resolve().parent.parent / "config"
DEFAULT_PROGRAMME_FILE = CONFIG_DIR / "programme.toml"
DEFAULT_DATABASE_URL = "sqlite+aiosqlite:///./chorus.db"


class SettingsError(Exception):
    """Settings that cannot work; the message names the key and what is wrong."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class ProgrammeSection(_Strict):
    """``[programme]`` in the TOML."""

    locale: Literal["en", "da", "nl"] = "en"
    timezone: str = "UTC"
    cheer_emoji: str = Field(default="tada", pattern=r"^[a-z0-9_+'-]{1,64}$")
    themes: list[str] = Field(default_factory=list)
    page_size: int = Field(default=10, ge=1, le=25)

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"unknown time zone {value!r} (use a name like Europe/Copenhagen)"
            ) from None
        return value

    @field_validator("themes")
    @classmethod
    def _theme_words(cls, value: list[str]) -> list[str]:
        for theme in value:
            name = theme.lstrip("#")
            if not name or len(name) > 40 or not all(ch.isalnum() or ch in "-_" for ch in name):
                raise ValueError(
                    f"theme {theme!r} must be one word of at most 40 letters, digits or dashes"
                )
        return [t.lstrip("#") for t in value]


class ProgrammeFile(_Strict):
    """The whole programme TOML."""

    programme: ProgrammeSection = Field(default_factory=ProgrammeSection)


@dataclass(frozen=True)
class Settings:
    """Everything Chorus reads from outside, validated."""

    database_url: str
    programme: Programme
    host: str = "127.0.0.1"
    port: int = 3000
    config_path: Path | None = None


def _merge(base: dict[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise SettingsError(f"CHORUS_CONFIG: no such file: {path}") from None
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"{path}: not valid TOML: {error}") from None


def _explain(error: ValidationError, source: str) -> str:
    problems = []
    for item in error.errors():
        key = ".".join(str(part) for part in item["loc"])
        if item["type"] == "extra_forbidden":
            problems.append(f"{key}: unknown setting")
        else:
            problems.append(f"{key}: {item['msg']}")
    return f"{source}: " + "; ".join(problems)


def load_programme(path: Path | None) -> ProgrammeFile:
    """Defaults from ``config/``, overridden by ``path`` if given."""
    data = _read_toml(DEFAULT_PROGRAMME_FILE)
    source = str(DEFAULT_PROGRAMME_FILE.name)
    if path is not None:
        data = _merge(data, _read_toml(path))
        source = str(path)
    try:
        return ProgrammeFile.model_validate(data)
    except ValidationError as error:
        raise SettingsError(_explain(error, source)) from None


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Read and validate the environment and the programme TOML."""
    env = os.environ if env is None else env
    config_path = Path(env["CHORUS_CONFIG"]) if env.get("CHORUS_CONFIG") else None
    programme = load_programme(config_path).programme
    port_text = env.get("PORT", "3000")
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise SettingsError(f"PORT: must be a port number, not {port_text!r}")
    admins = frozenset(a.strip() for a in env.get("CHORUS_ADMINS", "").split(",") if a.strip())
    return Settings(
        database_url=env.get("DATABASE_URL") or DEFAULT_DATABASE_URL,
        programme=Programme(
            locale=programme.locale,
            timezone=programme.timezone,
            themes=tuple(programme.themes),
            admins=admins,
            channel_id=env.get("CHORUS_CHANNEL") or None,
            cheer_emoji=programme.cheer_emoji,
            page_size=programme.page_size,
        ),
        port=int(port_text),
        config_path=config_path,
    )
