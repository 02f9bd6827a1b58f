"""A count in a round badge on a button's corner (the teacher menu's unread worries): seen at a glance."""

from __future__ import annotations

import pygame

from ...frame.palette import WHITE
from ..widgets import Element, Label

BADGE_RED = (200, 50, 60)


class CountBadge(Label):
    def __init__(self, name: str, centre: tuple[int, int], diameter: int, count: int) -> None:
        box = pygame.Rect(0, 0, diameter, diameter)
        box.center = centre
        super().__init__(name, box, str(count), int(diameter * 0.55), WHITE)
        self.count = count

    def draw(self, surface, ctx) -> None:
        pygame.draw.circle(surface, BADGE_RED, self.rect.center, self.rect.w // 2)
        pygame.draw.circle(surface, WHITE, self.rect.center, self.rect.w // 2, max(2, self.rect.w // 16))
        super().draw(surface, ctx)

    def elements(self, ctx) -> list[Element]:
        return [Element(self.name, self.rect, "decor")]  # sits on its button's corner on purpose
