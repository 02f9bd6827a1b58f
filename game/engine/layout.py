"""Screen geometry, computed from the window size alone.

Sizes are fractions of the screen so one lesson fits a 1280x800 tablet, a
1080p board and a 4K board. The child-target rule: 20 mm on a 10-inch
1280x800 tablet is about 15% of the screen height, so every child target is at
least ``TARGET_MIN`` of the screen's short side, and ends ``BOTTOM_CLEAR`` above the bottom
edge (away from tablet bezels and gesture bars). A tablet turned to portrait is
the same tablet, so the rule follows the short side of the screen.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

TARGET_MIN = 0.15
BOTTOM_CLEAR = 0.04


@dataclass(frozen=True)
class Metrics:
    width: int
    height: int

    @classmethod
    def of(cls, size: tuple[int, int]) -> "Metrics":
        return cls(max(1, size[0]), max(1, size[1]))

    @property
    def short(self) -> int:
        return min(self.width, self.height)

    @property
    def margin(self) -> int:
        return round(self.short * 0.035)

    @property
    def gap(self) -> int:
        return round(self.short * 0.03)

    @property
    def target(self) -> int:
        """The side of a standard square button: a little above the minimum."""
        return round(self.short * 0.17)

    @property
    def target_min(self) -> int:
        """The smallest child target: 20 mm is 15% of a tablet's short side, in either orientation."""
        return round(self.short * TARGET_MIN)

    @property
    def top_bar(self) -> pygame.Rect:
        return pygame.Rect(self.margin, self.margin, self.width - 2 * self.margin, self.target)

    @property
    def content_top(self) -> int:
        return self.top_bar.bottom + self.gap

    @property
    def content_bottom(self) -> int:
        """The lowest y any child target may reach."""
        return self.height - round(self.height * BOTTOM_CLEAR) - self.margin // 2

    @property
    def portrait(self) -> bool:
        return self.height > self.width

    def home_button(self) -> pygame.Rect:
        bar = self.top_bar
        return pygame.Rect(bar.x, bar.y, self.target, self.target)

    def corner_button(self) -> pygame.Rect:
        bar = self.top_bar
        return pygame.Rect(bar.right - self.target, bar.y, self.target, self.target)

    def title_box(self) -> pygame.Rect:
        """The top bar between the two corner buttons."""
        bar = self.top_bar
        inset = self.target + self.gap
        return pygame.Rect(bar.x + inset, bar.y, bar.w - 2 * inset, bar.h)


def row(area: pygame.Rect, count: int, gap: int, max_width: int | None = None) -> list[pygame.Rect]:
    """``count`` equal cells across ``area``, centred, each at most ``max_width`` wide."""
    if count <= 0:
        return []
    width = (area.w - gap * (count - 1)) // count
    if max_width is not None:
        width = min(width, max_width)
    total = width * count + gap * (count - 1)
    x = area.x + (area.w - total) // 2
    return [pygame.Rect(x + i * (width + gap), area.y, width, area.h) for i in range(count)]


def grid(area: pygame.Rect, count: int, columns: int, gap: int,
         max_cell: tuple[int, int] | None = None) -> list[pygame.Rect]:
    """Cells for ``count`` items in ``columns`` columns, filling rows top to bottom, centred."""
    if count <= 0:
        return []
    rows = -(-count // columns)
    width = (area.w - gap * (columns - 1)) // columns
    height = (area.h - gap * (rows - 1)) // rows
    if max_cell is not None:
        width, height = min(width, max_cell[0]), min(height, max_cell[1])
    total_h = height * rows + gap * (rows - 1)
    y0 = area.y + (area.h - total_h) // 2
    cells: list[pygame.Rect] = []
    for r in range(rows):
        in_row = min(columns, count - r * columns)
        total_w = width * in_row + gap * (in_row - 1)
        x0 = area.x + (area.w - total_w) // 2
        for c in range(in_row):
            cells.append(pygame.Rect(x0 + c * (width + gap), y0 + r * (height + gap), width, height))
    return cells
