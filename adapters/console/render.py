"""Neutral replies → readable terminal text with numbered buttons."""

from __future__ import annotations

import textwrap
from collections.abc import Callable

from bot.messages import (
    Actions,
    Audience,
    Block,
    Chart,
    Divider,
    Fields,
    Form,
    Header,
    Message,
    Note,
    Quote,
    Section,
    SpanKind,
    Text,
)

WIDTH = 78
BAR_WIDTH = 40  # the longest bar of a chart, in characters
EIGHTHS = "▏▎▍▌▋▊▉"  # a bar's last, partly filled character


class Style:
    """ANSI styling, or none when the output is not a terminal."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def _wrap(self, code: str, text: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self.enabled and text else text

    def bold(self, text: str) -> str:
        """Bold text."""
        return self._wrap("1", text)

    def dim(self, text: str) -> str:
        """Secondary text."""
        return self._wrap("2", text)

    def accent(self, text: str) -> str:
        """Buttons and mentions."""
        return self._wrap("36", text)


def _inline(text: Text, style: Style) -> str:
    parts = []
    for span in text.spans:
        if span.kind is SpanKind.MENTION:
            parts.append(style.accent(f"@{span.text}"))
        elif span.kind is SpanKind.LINK:
            parts.append(f"{span.text} <{span.url}>" if span.url != span.text else span.text)
        else:
            parts.append(style.bold(span.text) if span.bold else span.text)
    return "".join(parts)


def _paragraph(text: str, indent: str = "") -> list[str]:
    lines: list[str] = []
    for raw in text.split("\n"):
        lines.extend(
            textwrap.wrap(
                raw,
                WIDTH - len(indent),
                break_long_words=False,
                break_on_hyphens=False,  # links stay whole, so they can be copied
                replace_whitespace=False,
            )
            or [""]
        )
    return [indent + line for line in lines]


def render_message(
    message: Message,
    style: Style,
    press_key: Callable[[str], str],
    *,
    channel: str,
    recipient: str | None = None,
    updated: bool = False,
) -> list[str]:
    """Lines for one message. ``press_key`` registers a button command and returns its key."""
    lines: list[str] = []
    if message.audience is Audience.CHANNEL:
        label = f"── {channel} {'(updated)' if updated else ''}".rstrip() + " "
        lines.append(style.dim(label + "─" * max(3, WIDTH - len(label))))
    elif message.audience is Audience.MEMBER:
        label = f"── private note to @{recipient or '?'} "
        lines.append(style.dim(label + "─" * max(3, WIDTH - len(label))))
    for block in message.blocks:
        lines.extend(render_block(block, style, press_key))
    return lines


def render_block(block: Block, style: Style, press_key: Callable[[str], str]) -> list[str]:
    """Lines for one block."""
    match block:
        case Header(text=text):
            return [style.bold(text.upper())]
        case Section(text=text):
            return _paragraph(_inline(text, style))
        case Quote(text=text):
            return [style.dim("│ ") + line for line in _paragraph(text)]
        case Fields(items=items):
            return [f"{style.bold(label)}: {_inline(value, style)}" for label, value in items]
        case Note(text=text):
            return [style.dim(line) for line in _paragraph(_inline(text, style))]
        case Actions(buttons=buttons):
            return [
                "   ".join(style.accent(f"[{press_key(b.command)}] {b.label}") for b in buttons)
            ]
        case Divider():
            return [style.dim("·" * 20)]
        case Form(title=title, inputs=inputs):
            return [style.bold(title), *(style.dim(f"  • {i.label}") for i in inputs)]
        case Chart():
            return chart_lines(block, style)
    return []


def chart_lines(chart: Chart, style: Style) -> list[str]:
    """A bar chart in text: the title, then one bar per line drawn with block characters
    (in eighths) in proportion to the largest value, with its number."""
    top = max((bar.value for bar in chart.bars), default=0.0)
    label_width = max((len(bar.label) for bar in chart.bars), default=0)
    lines = [style.bold(chart.title)]
    for bar in chart.bars:
        eighths = round(max(0.0, bar.value) / top * BAR_WIDTH * 8) if top > 0 else 0
        full, part = divmod(eighths, 8)
        drawn = "█" * full + (EIGHTHS[part - 1] if part else "")
        lines.append(f"  {bar.label.ljust(label_width)} {style.accent(drawn)} {bar.shown}")
    if chart.axis:
        lines.append(style.dim(f"  ({chart.axis})"))
    return lines
