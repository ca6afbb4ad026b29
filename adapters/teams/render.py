"""Neutral replies → Adaptive Cards 1.5 for Teams.

Every piece of text is escaped for the card markdown of a ``TextBlock`` so what a member
typed can never become a link, a mention, formatting or a card date function. A MENTION
span shows the member's name in bold: cards stay valid Adaptive Card 1.5 (Teams' mention
entities would need the ``msteams`` extension, which that schema does not allow).

Buttons carry their command line in the action data. Cards shared in a channel use
``Action.Execute`` (Teams sends an ``adaptiveCard/action`` invoke and can refresh the card
for the presser at once); private cards use ``Action.Submit`` (a message with ``value``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.messages import (
    Actions,
    Block,
    Button,
    ButtonStyle,
    Chart,
    Divider,
    Fields,
    Form,
    Header,
    Input,
    Message,
    Note,
    Quote,
    Section,
    Span,
    SpanKind,
    Text,
)

CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
CARD_SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
CARD_VERSION = "1.5"
VERB = "chorus"  # the one Action.Execute verb: the command is in the data
COMMAND_KEY = "chorus"  # action data: the command line a button runs
CARD_KEY = "chorus_key"  # action data: the Message.key of the shared card it sits on
FORM_KEY = "chorus_form"  # action data: the form's command
FORM_DEF_KEY = "chorus_form_def"  # action data: enough of the form to show it again

# Characters with a meaning in card markdown (emphasis, code, links, mentions and HTML,
# entities, the {{DATE()}} functions); a backslash makes each one literal.
_SPECIAL = frozenset("\\`*_~[]<>{}&")
_LIST_MARKER = re.compile(r"^(\s*)([-+#]|\d+)([.)]?)(?=\s|$)")
_NAME_UNSAFE = re.compile(r"[\\`*_~\[\]<>{}&|]")

BUTTON_STYLES = {ButtonStyle.PRIMARY: "positive", ButtonStyle.DANGER: "destructive"}


def escape(text: str) -> str:
    """One line of text made inert for TextBlock markdown."""
    escaped = "".join("\\" + ch if ch in _SPECIAL else ch for ch in text)
    return _LIST_MARKER.sub(_inert_marker, escaped)


def _inert_marker(match: re.Match[str]) -> str:
    indent, marker, dot = match.groups()
    if marker.isdigit():
        return f"{indent}{marker}\\{dot}" if dot else match.group(0)
    return f"{indent}\\{marker}{dot}"


def mention_label(name: str) -> str:
    """A display name as it may sit between ``<at>`` and ``</at>``."""
    return _NAME_UNSAFE.sub("", name).strip() or "…"


@dataclass
class _Card:
    """One card being built."""

    shared: bool
    key: str | None
    images: Mapping[Chart, str] = field(default_factory=dict)
    body: list[dict[str, Any]] = field(default_factory=list)
    separate_next: bool = False

    def add(self, element: dict[str, Any]) -> None:
        if self.separate_next:
            element["separator"] = True
            element["spacing"] = "Medium"
            self.separate_next = False
        self.body.append(element)

    def mention(self, span: Span) -> str:
        # A real Teams mention needs the card's ``msteams`` extension, which the Adaptive
        # Card 1.5 schema does not allow; the name is shown in bold instead, and the person
        # is told through their own private note where the core sends one.
        return f"**{escape(mention_label(span.text))}**"

    def inline(self, spans: tuple[Span, ...]) -> str:
        parts: list[str] = []
        for span in spans:
            if span.kind is SpanKind.MENTION and span.user_id:
                parts.append(self.mention(span))
            elif span.kind is SpanKind.LINK and span.url and _is_web_url(span.url):
                parts.append(f"[{escape(span.text) or escape(span.url)}]({_url(span.url)})")
            elif span.bold and span.text.strip():
                lead = span.text[: len(span.text) - len(span.text.lstrip())]
                trail = span.text[len(span.text.rstrip()) :]
                parts.append(f"{lead}**{escape(span.text.strip())}**{trail}")
            else:
                parts.append(escape(span.text))
        return "".join(parts)

    def text_blocks(self, text: Text, **style: Any) -> list[dict[str, Any]]:
        """A text as one TextBlock per line: line breaks survive every Teams client."""
        blocks: list[dict[str, Any]] = []
        gap = False
        for line in _lines(text):
            if not "".join(s.text for s in line).strip():
                gap = bool(blocks)
                continue
            block: dict[str, Any] = {"type": "TextBlock", "text": self.inline(line), "wrap": True}
            block.update(style)
            if blocks:
                block["spacing"] = "Medium" if gap else "None"
            gap = False
            blocks.append(block)
        return blocks

    def action(self, button: Button) -> dict[str, Any]:
        action: dict[str, Any]
        if self.shared:
            data: dict[str, Any] = {COMMAND_KEY: button.command}
            if self.key:
                data[CARD_KEY] = self.key
            action = {"type": "Action.Execute", "title": button.label, "verb": VERB, "data": data}
        else:
            action = {
                "type": "Action.Submit",
                "title": button.label,
                "data": {COMMAND_KEY: button.command},
            }
        if button.style in BUTTON_STYLES:
            action["style"] = BUTTON_STYLES[button.style]
        return action

    def block(self, block: Block) -> None:
        match block:
            case Header(text=text):
                self.add(
                    {
                        "type": "TextBlock",
                        "text": escape(text),
                        "size": "Medium",
                        "weight": "Bolder",
                        "wrap": True,
                    }
                )
            case Section(text=text):
                self._add_all(self.text_blocks(text))
            case Note(text=text):
                self._add_all(self.text_blocks(text, isSubtle=True, size="Small"))
            case Quote(text=text):
                items = self.text_blocks(Text.user(text))
                if items:
                    self.add({"type": "Container", "style": "emphasis", "items": items})
            case Fields(items=items):
                for label, value in items:
                    self.add(self._field(label, value))
            case Actions(buttons=buttons):
                if buttons:
                    self.add({"type": "ActionSet", "actions": [self.action(b) for b in buttons]})
            case Divider():
                self.separate_next = bool(self.body)
            case Form():
                self._form(block)
            case Chart(alt=alt):
                url = self.images.get(block)
                if url:
                    self.add({"type": "Image", "url": url, "altText": alt, "size": "Stretch"})
                else:  # not drawn: the same numbers in words
                    self._add_all(self.text_blocks(Text.plain(alt), isSubtle=True))

    def _add_all(self, elements: list[dict[str, Any]]) -> None:
        for element in elements:
            self.add(element)

    def _field(self, label: str, value: Text) -> dict[str, Any]:
        value_blocks = self.text_blocks(value) or [{"type": "TextBlock", "text": "—", "wrap": True}]
        return {
            "type": "ColumnSet",
            "spacing": "Small",
            "columns": [
                {
                    "type": "Column",
                    "width": "auto",
                    "items": [
                        {
                            "type": "TextBlock",
                            "text": escape(label),
                            "weight": "Bolder",
                            "wrap": True,
                        }
                    ],
                },
                {"type": "Column", "width": "stretch", "items": value_blocks},
            ],
        }

    def _form(self, form: Form) -> None:
        errors = dict(form.errors)
        self.add(
            {
                "type": "TextBlock",
                "text": escape(form.title),
                "size": "Medium",
                "weight": "Bolder",
                "wrap": True,
            }
        )
        for item in form.inputs:
            element: dict[str, Any] = {
                "type": "Input.Text",
                "id": item.name,
                "label": item.label,
                "isMultiline": item.multiline,
                "isRequired": not item.optional,
            }
            if item.initial:
                element["value"] = item.initial
            if item.placeholder:
                element["placeholder"] = item.placeholder
            if item.max_length is not None:
                element["maxLength"] = item.max_length
            if item.name in errors:
                element["errorMessage"] = errors[item.name]
            self.add(element)
            if item.hint:
                self.add(
                    {
                        "type": "TextBlock",
                        "text": escape(item.hint),
                        "isSubtle": True,
                        "size": "Small",
                        "spacing": "Small",
                        "wrap": True,
                    }
                )
            if item.name in errors:
                self.add(
                    {
                        "type": "TextBlock",
                        "text": escape(errors[item.name]),
                        "color": "Attention",
                        "spacing": "Small",
                        "wrap": True,
                    }
                )
        self.add(
            {
                "type": "ActionSet",
                "actions": [
                    {
                        "type": "Action.Submit",
                        "title": form.submit_label,
                        "style": "positive",
                        "data": {FORM_KEY: form.command, FORM_DEF_KEY: form_definition(form)},
                    }
                ],
            }
        )


def _lines(text: Text) -> list[tuple[Span, ...]]:
    lines: list[list[Span]] = [[]]
    for span in text.spans:
        pieces = span.text.split("\n")
        for index, piece in enumerate(pieces):
            if index:
                lines.append([])
            if piece:
                lines[-1].append(Span(piece, span.kind, span.bold, span.user_id, span.url))
    return [tuple(line) for line in lines]


def _is_web_url(url: str) -> bool:
    return re.match(r"^https?://[^\s<>]+$", url) is not None


def _url(url: str) -> str:
    return url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")


def render_card(
    message: Message, *, shared: bool, images: Mapping[Chart, str] | None = None
) -> dict[str, Any]:
    """The Adaptive Card for one message; ``shared`` for a card everyone in a channel sees;
    ``images`` are the URLs of its charts' pictures (a chart without one is told in words)."""
    card = _Card(shared=shared, key=message.key, images=images or {})
    for block in message.blocks:
        card.block(block)
    content: dict[str, Any] = {
        "type": "AdaptiveCard",
        "$schema": CARD_SCHEMA,
        "version": CARD_VERSION,
        "body": card.body,
    }
    return content


def summary(message: Message, limit: int = 160) -> str:
    """A one-line plain-text preview (notifications, invoke toasts)."""
    if message.summary:
        return message.summary
    first = next((line.strip() for line in message.text.splitlines() if line.strip()), "")
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"


def form_definition(form: Form) -> dict[str, Any]:
    """What a form card carries about itself, so a refused submit can show it again."""
    return {
        "title": form.title,
        "submit": form.submit_label,
        "inputs": [
            {
                "name": i.name,
                "label": i.label,
                "multiline": i.multiline,
                "placeholder": i.placeholder,
                "max_length": i.max_length,
                "optional": i.optional,
                "hint": i.hint,
            }
            for i in form.inputs
        ],
    }


def form_from_definition(command: str, data: object) -> Form | None:
    """The form a submitted card described, or None if the data is not one of ours."""
    if not isinstance(data, dict):
        return None
    try:
        inputs = tuple(
            Input(
                name=_str(i["name"]),
                label=_str(i["label"]),
                multiline=bool(i["multiline"]),
                placeholder=_str(i.get("placeholder", "")),
                max_length=_optional_int(i.get("max_length")),
                optional=bool(i["optional"]),
                hint=_str(i.get("hint", "")),
            )
            for i in data["inputs"]
        )
        return Form(
            title=_str(data["title"]),
            submit_label=_str(data["submit"]),
            command=command,
            inputs=inputs,
        )
    except (KeyError, TypeError, ValueError):
        return None


def _str(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("not a string")
    return value


def _optional_int(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("not a number")
    return value
