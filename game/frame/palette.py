"""The game's few fixed colours, and lighter or darker shades of any colour."""

from __future__ import annotations

INK = (40, 44, 72)
WHITE = (255, 255, 255)


def shade(colour: tuple[int, int, int], amount: float) -> tuple[int, int, int]:
    """Lighten (amount > 0) or darken (amount < 0) a colour."""
    if amount >= 0:
        return tuple(int(c + (255 - c) * amount) for c in colour)  # type: ignore[return-value]
    return tuple(int(c * (1 + amount)) for c in colour)  # type: ignore[return-value]
