"""Tap the thing in a picture: spots sit on a big picture; each spot is a tappable target."""

from __future__ import annotations

import pygame

from ...engine.layout import Metrics
from ...lessons.model import Answer, Line
from ..widgets import Button, Picture
from .pick_one import PickOneActivity


def picture_board(m: Metrics) -> pygame.Rect:
    """The square the scene's picture is fitted into (the guide says how big it is, for a school's own)."""
    top, bottom = m.content_top, m.content_bottom
    height = bottom - top
    if m.portrait:
        side = min(int(height * 0.55), m.width - 2 * m.margin)
        return pygame.Rect((m.width - side) // 2, bottom - m.target - m.gap - side, side, side)
    side = min(height, int(m.width * 0.46))
    return pygame.Rect(m.margin + m.target + m.gap, bottom - side, side, side)  # low down: within children's reach


def picture_area(board: pygame.Rect, size: tuple[int, int] | None) -> pygame.Rect:
    """Where a picture of this width and height shows in the square ``board``: as large as fits, keeping its
    shape, centred (as game/frame/pictures.py draws it and the Picture widget places it). None: a square picture."""
    if size is None:
        return board.copy()
    width, height = size
    scale = min(board.w, board.h) / max(width, height)
    area = pygame.Rect(0, 0, max(1, round(width * scale)), max(1, round(height * scale)))
    area.center = board.center
    return area


class HotspotActivity(PickOneActivity):
    def narration(self) -> list[Line]:
        if self.feedback is not None:
            return [self.feedback]
        return [self.scene.question]  # the spots are found by looking, not listed

    def build(self, m: Metrics) -> None:
        top, bottom = m.content_top, m.content_bottom
        height = bottom - top
        board = picture_board(m)
        if m.portrait:
            prompt = pygame.Rect(m.margin, top, m.width - 2 * m.margin, board.top - m.gap - top)
        else:
            prompt = pygame.Rect(board.right + 2 * m.gap, top, m.width - m.margin - board.right - 2 * m.gap,
                                 height - m.target - m.gap)
        if self.scene.picture is not None:
            self.add(Picture("hotspot-picture", board, self.scene.picture.path, role="decor"))
        self.prompt_panel(m, prompt, self.scene.question, with_picture=False)
        shown = picture_area(board, self.scene.picture_size)
        for spot in self.scene.spots:
            self.add(self._spot_button(m, shown, spot))

    def _spot_button(self, m: Metrics, shown: pygame.Rect, spot) -> Button:
        # 'at' is in percent of the picture's own width and height; 'size' of its longer side.
        side = max(int(max(shown.w, shown.h) * spot.size / 100), m.target_min + 2)
        rect = pygame.Rect(0, 0, side, side)
        rect.center = (shown.x + int(shown.w * spot.x / 100), shown.y + int(shown.h * spot.y / 100))
        rect.clamp_ip(shown)
        answer: Answer = spot.answer
        button = Button(f"answer-{answer.id}", rect, lambda answer=answer: self.choose(answer),
                        fill=(255, 255, 255), icon=answer.picture.path if answer.picture else None)
        button.speaks = answer.text.id
        button.state = self.state(answer)
        button.translucent = answer.picture is None  # an invisible spot on the picture: just a ring
        return button
