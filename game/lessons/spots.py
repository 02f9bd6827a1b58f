"""A hotspot scene's spots on its picture: the square each covers, and which cannot be tapped at all.

The builder (game/lessons/build_parts.py) warns about a spot hidden under later ones; the squares are
kept inside the picture as the hotspot screen (game/scenes/activities/hotspot.py) keeps them.
"""

from __future__ import annotations

from .model import Spot


def spot_square(spot: Spot, aspect: float = 1.0) -> tuple[float, float, float, float]:
    """The spot's square in percent of the picture's width and height, kept inside it as the hotspot screen
    does. ``aspect``: the picture's width over its height; a spot's size is a percentage of its longer side."""
    half_x = spot.size / 2 * (1 if aspect >= 1 else 1 / aspect)
    half_y = spot.size / 2 * (aspect if aspect >= 1 else 1)
    x = 50 if half_x >= 50 else min(max(spot.x, half_x), 100 - half_x)  # too big to fit: centred, as pygame's clamp
    y = 50 if half_y >= 50 else min(max(spot.y, half_y), 100 - half_y)
    return (x - half_x, y - half_y, x + half_x, y + half_y)


def hidden_spots(spots: list[Spot], aspect: float = 1.0) -> list[list[int]]:
    """For each spot, the later spots that together cover all of it (empty if any of it can be tapped).

    Sampled on a 1%-of-the-picture grid: finer than any finger.
    """
    squares = [spot_square(spot, aspect) for spot in spots]
    result: list[list[int]] = []
    for index, (left, top, right, bottom) in enumerate(squares):
        covering: set[int] = set()
        visible = False
        steps = max(2, int(max(right - left, bottom - top)) + 1)
        for i in range(steps + 1):
            x = left + (right - left) * i / steps
            for j in range(steps + 1):
                y = top + (bottom - top) * j / steps
                above = [k for k in range(index + 1, len(squares))
                         if squares[k][0] <= x <= squares[k][2] and squares[k][1] <= y <= squares[k][3]]
                if not above:
                    visible = True
                    break
                covering.add(above[-1])
            if visible:
                break
        result.append([] if visible else sorted(covering))
    return result

