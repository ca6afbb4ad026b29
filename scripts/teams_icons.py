"""Draw the Teams app icons into ``config/teams/`` (run once; the PNGs are committed).

``color.png`` is 192x192 (a white speech bubble with three voices on the accent colour),
``outline.png`` 32x32 (the same bubble as a white outline on transparency), as the Teams
app manifest requires. Pure Python: a tiny PNG writer and 4x4 supersampling.

    python -m scripts.teams_icons
"""

from __future__ import annotations

import math
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "config" / "teams"
ACCENT = (0x5B, 0x5F, 0xC7)
WHITE = (255, 255, 255)
SAMPLES = 4

Shape = Callable[[float, float], bool]  # (x, y) in 0..1 → inside?


def png(width: int, height: int, rows: list[bytes]) -> bytes:
    """An 8-bit RGBA PNG from rows of ``width * 4`` bytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    raw = b"".join(b"\x00" + row for row in rows)
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def _rounded_rect(
    x: float, y: float, left: float, top: float, right: float, bottom: float, r: float
) -> bool:
    cx = min(max(x, left + r), right - r)
    cy = min(max(y, top + r), bottom - r)
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r and left <= x <= right and top <= y <= bottom


def bubble(x: float, y: float) -> bool:
    """A speech bubble with a tail at the lower left."""
    if _rounded_rect(x, y, 0.14, 0.18, 0.86, 0.70, 0.12):
        return True
    # The tail: a triangle below the body.
    return 0.70 <= y <= 0.86 and 0.24 <= x <= 0.24 + (0.86 - y) * 1.2 and x <= 0.42


def voices(x: float, y: float) -> bool:
    """Three dots in the bubble: the chorus."""
    return any(math.hypot(x - cx, y - 0.44) <= 0.065 for cx in (0.32, 0.50, 0.68))


def outline(x: float, y: float) -> bool:
    """The bubble's rim, about one 32-pixel stroke wide, plus the dots."""
    inner = _rounded_rect(x, y, 0.22, 0.26, 0.78, 0.62, 0.07)
    return (bubble(x, y) and not inner) or voices(x, y)


def draw(size: int, colour: Callable[[float, float], tuple[int, int, int, int]]) -> bytes:
    """Render ``colour`` (RGBA at a point) with supersampling."""
    rows: list[bytes] = []
    for py in range(size):
        row = bytearray()
        for px in range(size):
            acc = [0, 0, 0, 0]
            for sy in range(SAMPLES):
                for sx in range(SAMPLES):
                    r, g, b, a = colour(
                        (px + (sx + 0.5) / SAMPLES) / size, (py + (sy + 0.5) / SAMPLES) / size
                    )
                    acc[0] += r * a
                    acc[1] += g * a
                    acc[2] += b * a
                    acc[3] += a
            n = SAMPLES * SAMPLES
            alpha = acc[3] / n
            if alpha:
                row += bytes(round(acc[i] / acc[3]) for i in range(3)) + bytes([round(alpha)])
            else:
                row += b"\x00\x00\x00\x00"
        rows.append(bytes(row))
    return png(size, size, rows)


def color_icon(x: float, y: float) -> tuple[int, int, int, int]:
    """Full-bleed accent background, white bubble, accent dots."""
    if voices(x, y):
        return (*ACCENT, 255)
    if bubble(x, y):
        return (*WHITE, 255)
    return (*ACCENT, 255)


def outline_icon(x: float, y: float) -> tuple[int, int, int, int]:
    """White on transparency, as Teams asks for the outline icon."""
    return (*WHITE, 255) if outline(x, y) else (0, 0, 0, 0)


def main() -> None:
    """Write both icons."""
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "color.png").write_bytes(draw(192, color_icon))
    (OUT / "outline.png").write_bytes(draw(32, outline_icon))
    print(f"wrote {OUT / 'color.png'} and {OUT / 'outline.png'}")


if __name__ == "__main__":
    main()
