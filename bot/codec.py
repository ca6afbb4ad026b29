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


# Each message type's field names, in order (asked of ``dataclasses`` once per type: a card
# has dozens of blocks and spans, and every one of them is encoded when it is queued).
_FIELDS: dict[type, tuple[str, ...]] = {
    cls: tuple(f.name for f in dataclasses.fields(cls)) for cls in _TYPES.values()
}
_PLAIN = frozenset({str, int, float, bool, type(None)})  # exactly these: no enum is plain


def _encode(value: Any) -> Any:
    if type(value) in _PLAIN:  # most values
        return value
    names = _FIELDS.get(type(value))
    if names is None and dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _FIELDS[type(value)] = tuple(f.name for f in dataclasses.fields(value))
    if names is not None:
        encoded = {name: _encode(getattr(value, name)) for name in names}
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
