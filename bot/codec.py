"""Neutral messages to JSON and back, so a message can wait in the outbox and be rendered
for its platform only when it is delivered."""

from __future__ import annotations

import dataclasses
import json
from enum import Enum
from typing import Any

from bot import messages as m

_TYPES: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        m.Span,
        m.Text,
        m.Button,
        m.Header,
        m.Section,
        m.Quote,
        m.Fields,
        m.Note,
        m.Actions,
        m.Divider,
        m.Input,
        m.Form,
        m.Bar,
        m.Chart,
        m.Message,
    )
}
_TYPES["Context"] = m.Note  # messages queued before the block was renamed
_ENUMS: dict[str, type[Enum]] = {
    "SpanKind": m.SpanKind,
    "ButtonStyle": m.ButtonStyle,
    "Audience": m.Audience,
}


def _encode(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        encoded = {f.name: _encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
        encoded["@"] = type(value).__name__
        return encoded
    if isinstance(value, Enum):
        return {"@enum": type(value).__name__, "value": value.value}
    if isinstance(value, (tuple, list)):
        return [_encode(v) for v in value]
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_decode(v) for v in value)
    if isinstance(value, dict):
        if "@enum" in value:
            return _ENUMS[value["@enum"]](value["value"])
        kind = _TYPES[value["@"]]
        return kind(**{k: _decode(v) for k, v in value.items() if k != "@"})
    return value


def dumps(message: m.Message) -> str:
    """A message as compact JSON."""
    return json.dumps(_encode(message), ensure_ascii=False, separators=(",", ":"))


def loads(payload: str) -> m.Message:
    """The message :func:`dumps` wrote."""
    message = _decode(json.loads(payload))
    if not isinstance(message, m.Message):
        raise ValueError("not a message")
    return message
