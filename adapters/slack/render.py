"""Neutral replies → Block Kit, within Slack's limits, with every piece of text escaped.

Slack reads ``&``, ``<`` and ``>`` as control characters everywhere (``<!channel>``,
``<@U1>``, ``<https://x|label>``), so each of them is escaped in every text field we send,
whoever wrote it. The only markup we emit ourselves is a mention of a real member id
(``<@U…>``), a validated link, bold ``*…*`` and the ``>`` of a quotation. Long content is
split over several blocks, or several messages, rather than cut off or refused.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from bot.messages import (
    Actions,
    Block,
    ButtonStyle,
    Chart,
    Divider,
    Fields,
    Form,
    Header,
    Message,
    Note,
    Quote,
    Section,
    Span,
    SpanKind,
    Text,
)

MESSAGE_BLOCKS = 50
SURFACE_BLOCKS = 100  # modals and the App Home
TEXT_CHARS = 3000  # section text, context elements
FIELD_CHARS = 2000
FIELDS_PER_SECTION = 10
CONTEXT_ELEMENTS = 10
HEADER_CHARS = 150
BUTTON_CHARS = 75
BUTTON_VALUE_CHARS = 2000
BUTTONS_PER_BLOCK = 25
VIEW_TITLE_CHARS = 24
INPUT_LABEL_CHARS = 2000
PLACEHOLDER_CHARS = 150
INPUT_CHARS = 3000
METADATA_CHARS = 3000
FALLBACK_CHARS = 3000
ERROR_CHARS = 1000

FORM_CALLBACK = "chorus:form"
ACTION_PREFIX = "chorus:"
ELLIPSIS = "…"

_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,}$")
_SAFE_URL = re.compile(r"^https?://[^\s<>|]+$")

SlackBlock = dict[str, Any]


def escape(text: str) -> str:
    """Escape Slack's three control characters."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _safe_cut(escaped: str, limit: int) -> int:
    """The largest cut ≤ ``limit`` that does not split an ``&…;`` entity."""
    cut = min(limit, len(escaped))
    amp = escaped.rfind("&", max(0, cut - 4), cut)
    if amp != -1 and escaped.find(";", amp, cut) == -1:
        cut = amp
    return cut


def _split(escaped: str, limit: int) -> list[str]:
    """Pieces of at most ``limit`` characters, broken at a line end or space if possible."""
    pieces: list[str] = []
    rest = escaped
    while len(rest) > limit:
        cut = _safe_cut(rest, limit)
        soft = max(rest.rfind("\n", limit // 2, cut), rest.rfind(" ", limit // 2, cut))
        if soft > 0:
            cut = soft + 1
        pieces.append(rest[:cut])
        rest = rest[cut:]
    if rest or not pieces:
        pieces.append(rest)
    return pieces


def clip(text: str, limit: int) -> str:
    """``text`` escaped and shortened to ``limit`` characters (with an ellipsis if cut)."""
    escaped = escape(text)
    if len(escaped) <= limit:
        return escaped
    return escaped[: _safe_cut(escaped, limit - 1)].rstrip() + ELLIPSIS


def plain(text: str, limit: int = TEXT_CHARS) -> dict[str, Any]:
    """A ``plain_text`` object."""
    return {"type": "plain_text", "text": clip(text, limit) or " ", "emoji": True}


def _mrkdwn(text: str) -> dict[str, Any]:
    # verbatim: Slack must not turn bare URLs or names in members' text into links.
    return {"type": "mrkdwn", "text": text or " ", "verbatim": True}


def _is_plain(text: Text) -> bool:
    return all(s.kind in (SpanKind.TRUSTED, SpanKind.USER) and not s.bold for s in text.spans)


def _atoms(span: Span, limit: int) -> list[str]:
    """A span as mrkdwn pieces, none longer than ``limit``; mentions and links stay whole."""
    if span.kind is SpanKind.MENTION:
        if span.user_id and _USER_ID.match(span.user_id):
            return [f"<@{span.user_id}>"]
        return _split(escape(f"@{span.text}"), limit)
    if span.kind is SpanKind.LINK and span.url and _SAFE_URL.match(span.url):
        url = escape(span.url)
        if span.text in ("", span.url):
            link = f"<{url}>"
        else:
            link = f"<{url}|{clip(span.text, max(1, limit - len(url) - 3))}>"
        if len(link) <= limit:
            return [link]
        return _split(escape(span.text or span.url), limit)
    if span.bold and span.text.strip():
        return [f"*{piece}*" for piece in _split(escape(span.text), limit - 2)]
    return _split(escape(span.text), limit)


def _pack(atoms: list[str], limit: int) -> list[str]:
    chunks: list[str] = []
    current = ""
    for atom in atoms:
        if current and len(current) + len(atom) > limit:
            chunks.append(current)
            current = ""
        current += atom
    if current or not chunks:
        chunks.append(current)
    return chunks


def mrkdwn_chunks(text: Text, limit: int = TEXT_CHARS) -> list[str]:
    """``text`` as mrkdwn strings of at most ``limit`` characters each."""
    atoms = [atom for span in text.spans for atom in _atoms(span, limit)]
    return _pack(atoms, limit)


def text_objects(text: Text, limit: int = TEXT_CHARS) -> list[dict[str, Any]]:
    """``plain_text`` where no formatting is needed, ``mrkdwn`` where it is."""
    if _is_plain(text):
        return [
            {"type": "plain_text", "text": piece or " ", "emoji": True}
            for piece in _split(escape(text.raw), limit)
        ]
    return [_mrkdwn(chunk) for chunk in mrkdwn_chunks(text, limit)]


def _quote_chunks(text: str) -> list[str]:
    lines: list[str] = []
    for line in text.strip("\n").split("\n"):
        for piece in _split(escape(line), TEXT_CHARS - 2):
            lines.append(f"> {piece}" if piece else ">")
    return _pack([line + "\n" for line in lines], TEXT_CHARS)


@dataclass
class _ActionIds:
    """Hands out ``chorus:0``, ``chorus:1`` … so action ids are unique within a message."""

    next: int = 0

    def take(self) -> str:
        action_id = f"{ACTION_PREFIX}{self.next}"
        self.next += 1
        return action_id


def _field(label: str, value: Text) -> dict[str, Any]:
    head = f"*{clip(label, 200)}*\n"
    chunks = mrkdwn_chunks(value, FIELD_CHARS - len(head) - 1)
    body = chunks[0] + (ELLIPSIS if len(chunks) > 1 else "")
    return _mrkdwn(head + body)


def render_block(block: Block, ids: _ActionIds) -> Iterator[SlackBlock]:
    """One neutral block → one or more Slack blocks (forms are not blocks; see ``modal``)."""
    match block:
        case Header(text=text):
            yield {"type": "header", "text": plain(text, HEADER_CHARS)}
        case Section(text=text):
            for obj in text_objects(text):
                yield {"type": "section", "text": obj}
        case Quote(text=text):
            for chunk in _quote_chunks(text):
                yield {"type": "section", "text": _mrkdwn(chunk.rstrip("\n"))}
        case Fields(items=items):
            fields = [_field(label, value) for label, value in items]
            for start in range(0, len(fields), FIELDS_PER_SECTION):
                yield {"type": "section", "fields": fields[start : start + FIELDS_PER_SECTION]}
        case Note(text=text):
            objects = text_objects(text)
            for start in range(0, len(objects), CONTEXT_ELEMENTS):
                yield {"type": "context", "elements": objects[start : start + CONTEXT_ELEMENTS]}
        case Actions(buttons=buttons):
            elements: list[dict[str, Any]] = []
            for button in buttons:
                if len(button.command) > BUTTON_VALUE_CHARS:
                    continue  # cannot be carried by Slack; the command still works when typed
                element: dict[str, Any] = {
                    "type": "button",
                    "action_id": ids.take(),
                    "text": plain(button.label, BUTTON_CHARS),
                    "value": button.command,
                }
                if button.style is ButtonStyle.PRIMARY:
                    element["style"] = "primary"
                elif button.style is ButtonStyle.DANGER:
                    element["style"] = "danger"
                elements.append(element)
            for start in range(0, len(elements), BUTTONS_PER_BLOCK):
                yield {"type": "actions", "elements": elements[start : start + BUTTONS_PER_BLOCK]}
        case Divider():
            yield {"type": "divider"}
        case Form() | Chart():
            return  # a form opens as a modal; a chart's picture is uploaded (see app.py)


def fallback_text(message: Message) -> str:
    """The notification / screen-reader text of a message, escaped."""
    return clip(message.summary or message.text, FALLBACK_CHARS)


def _trim_dividers(blocks: list[SlackBlock]) -> list[SlackBlock]:
    while blocks and blocks[0]["type"] == "divider":
        blocks = blocks[1:]
    while blocks and blocks[-1]["type"] == "divider":
        blocks = blocks[:-1]
    return blocks


@dataclass(frozen=True)
class SlackMessage:
    """One Slack message: blocks and the fallback ``text``."""

    blocks: list[SlackBlock]
    text: str

    def payload(self) -> dict[str, Any]:
        """Keyword arguments for chat.postMessage / respond / ack."""
        return {"blocks": self.blocks, "text": self.text}


def render_message(message: Message) -> list[SlackMessage]:
    """A neutral message as one or more Slack messages of at most 50 blocks each.

    Action ids are unique per Slack message, so each part numbers its buttons afresh.
    """
    parts: list[SlackMessage] = []
    current: list[SlackBlock] = []
    ids = _ActionIds()
    text = fallback_text(message)
    for block in message.blocks:
        rendered = list(render_block(block, ids))
        if current and len(current) + len(rendered) > MESSAGE_BLOCKS:
            parts.append(SlackMessage(_trim_dividers(current), text))
            current, ids = [], _ActionIds()
            rendered = list(render_block(block, ids))
        for piece in rendered:
            if len(current) == MESSAGE_BLOCKS:
                parts.append(SlackMessage(_trim_dividers(current), text))
                current = []
            current.append(piece)
    current = _trim_dividers(current)
    if current or not parts:
        parts.append(SlackMessage(current, text))
    return [p for p in parts if p.blocks] or [SlackMessage([], text)]


def forms_of(message: Message) -> list[Form]:
    """The forms a message carries (opened as modals)."""
    return [b for b in message.blocks if isinstance(b, Form)]


def surface_blocks(message: Message) -> list[SlackBlock]:
    """Blocks for a modal or the App Home (at most 100; the rest is left out, never an error)."""
    ids = _ActionIds()
    blocks = [piece for block in message.blocks for piece in render_block(block, ids)]
    blocks = _trim_dividers(blocks)
    if len(blocks) > SURFACE_BLOCKS:
        blocks = [*blocks[: SURFACE_BLOCKS - 1], {"type": "context", "elements": [plain(ELLIPSIS)]}]
    return blocks


def home_view(message: Message) -> dict[str, Any]:
    """The App Home tab."""
    return {"type": "home", "blocks": surface_blocks(message)}


def modal(form: Form, *, channel_id: str | None) -> dict[str, Any]:
    """A form as a modal; the command and the channel travel in ``private_metadata``."""
    blocks: list[SlackBlock] = []
    errors = dict(form.errors)
    for field in form.inputs:
        element: dict[str, Any] = {
            "type": "plain_text_input",
            "action_id": field.name,
            "multiline": field.multiline,
        }
        if field.initial:
            element["initial_value"] = clip(field.initial, INPUT_CHARS)
        if field.placeholder:
            element["placeholder"] = plain(field.placeholder, PLACEHOLDER_CHARS)
        if field.max_length:
            element["max_length"] = min(field.max_length, INPUT_CHARS)
        block: dict[str, Any] = {
            "type": "input",
            "block_id": field.name,
            "label": plain(field.label, INPUT_LABEL_CHARS),
            "optional": field.optional,
            "element": element,
        }
        if field.hint:
            block["hint"] = plain(field.hint, INPUT_LABEL_CHARS)
        blocks.append(block)
        if field.name in errors:
            blocks.append({"type": "context", "elements": [plain(errors[field.name])]})
    metadata = json.dumps({"command": form.command, "channel": channel_id})
    return {
        "type": "modal",
        "callback_id": FORM_CALLBACK,
        "title": plain(form.title, VIEW_TITLE_CHARS),
        "submit": plain(form.submit_label, VIEW_TITLE_CHARS),
        "private_metadata": metadata[:METADATA_CHARS],
        "blocks": blocks[:SURFACE_BLOCKS],
    }


def form_error(message: Message | None) -> str:
    """The text of an answer, for an inline error under a modal's input."""
    return clip(message.text if message else "", ERROR_CHARS)
