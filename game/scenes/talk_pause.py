"""Whole-class mode: before each question, a calm "talk to your partner" pause.

The class sees the question but not the answers; a ring empties quietly as the
seconds pass. The teacher can start at once ("Ready") or give more time (+10).
Then the answers appear and the teacher taps the one the class chose.
"""

from __future__ import annotations

import math

import pygame

from ..lessons.basics import Line
from ..frame.cards import draw_card
from ..frame.palette import INK, shade
from .widgets import Element, Widget

TALK_LINE = Line("ui.class.talk", "Talk to your partner. What do you think?")
EXTRA_SECONDS = 10


class TalkPause(Widget):
    """The pause panel: two friends talking, the words, and the quiet countdown ring."""

    WORDS = "Talk to your partner"

    def __init__(self, name: str, box: pygame.Rect, seconds_left, total, picture, text_px: int = 0) -> None:
        super().__init__(name, box)
        self.seconds_left = seconds_left  # callables: the player owns the clock
        self.total = total
        self.picture = picture
        self.text_px = text_px  # the words at least this size where they fit (the board's class size)

    def look(self):
        """The clock is the player's: the ring and number change with the seconds left."""
        return (type(self), tuple(self.rect), self.picture, max(0.0, self.seconds_left()), self.total(), self.text_px)

    def _parts(self) -> tuple[pygame.Rect, pygame.Rect, pygame.Rect]:
        r = self.rect.inflate(-self.rect.h // 8, -self.rect.h // 8)
        side = min(r.h, r.w // 4)  # a squarish panel (over a hotspot's picture) keeps room for the words
        picture = pygame.Rect(r.x, r.centery - side // 2, side, side)
        ring = pygame.Rect(r.right - side, r.centery - side // 2, side, side)
        words = pygame.Rect(picture.right + r.h // 8, r.y, ring.x - picture.right - r.h // 4, r.h)
        return picture, words, ring

    def draw(self, surface, ctx) -> None:
        draw_card(surface, self.rect, (255, 250, 235), shade((240, 190, 80), -0.05), radius_frac=0.1, lifted=False)
        picture, words, ring = self._parts()
        image = ctx.pictures.get(self.picture, int(picture.h * 0.9))
        surface.blit(image, image.get_rect(center=picture.center))
        text = ctx.text.fit(self.WORDS, words.size, INK, self.words_px(words))
        surface.blit(text, text.get_rect(center=words.center))
        left = max(0.0, self.seconds_left())
        fraction = left / max(1.0, self.total())
        width = max(6, ring.w // 10)
        pygame.draw.circle(surface, shade((240, 190, 80), 0.6), ring.center, ring.w // 2, width)
        if fraction > 0:
            pygame.draw.arc(surface, (240, 170, 60), ring, math.pi / 2, math.pi / 2 + 2 * math.pi * fraction, width)
        number = ctx.text.fit(str(math.ceil(left)), (ring.w // 2, ring.h // 2), INK, int(ring.h * 0.4))
        surface.blit(number, number.get_rect(center=ring.center))

    def words_px(self, words: pygame.Rect | None = None) -> int:
        """The largest size the words are drawn at: a third of the panel's height, or the class size if larger."""
        words = words or self._parts()[1]
        return max(int(words.h * 0.3), self.text_px)

    def shown_text(self) -> tuple[str, ...]:
        return (self.WORDS,)

    def elements(self, ctx) -> list[Element]:
        return [Element(self.name, self.rect, "picture")]

