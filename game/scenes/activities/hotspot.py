"""Tap the thing in a picture: spots sit on a big picture; each spot is a tappable target."""

from __future__ import annotations

import pygame

from ...layout import Metrics
from ...lessons.model import Answer, Line
from ..widgets import Button, Picture
from .pick_one import PickOneActivity


class HotspotActivity(PickOneActivity):
    def narration(self) -> list[Line]:
        if self.feedback is not None:
            return [self.feedback]
        return [self.scene.question]  # the spots are found by looking, not listed

    def build(self, m: Metrics) -> None:
        top, bottom = m.content_top, m.content_bottom
        height = bottom - top
        if m.portrait:
            side = min(int(height * 0.55), m.width - 2 * m.margin)
            board = pygame.Rect((m.width - side) // 2, bottom - m.target - m.gap - side, side, side)
            prompt = pygame.Rect(m.margin, top, m.width - 2 * m.margin, board.top - m.gap - top)
        else:
            left = m.margin + m.target + m.gap
            side = min(height, int(m.width * 0.46))
            board = pygame.Rect(left, bottom - side, side, side)  # low down: within children's reach
            prompt = pygame.Rect(board.right + 2 * m.gap, top, m.width - m.margin - board.right - 2 * m.gap,
                                 height - m.target - m.gap)
        if self.scene.picture is not None:
            self.add(Picture("hotspot-picture", board, self.scene.picture.path, role="decor"))
        self.prompt_panel(m, prompt, self.scene.question, with_picture=False)
        for spot in self.scene.spots:
            self.add(self._spot_button(m, board, spot))

    def _spot_button(self, m: Metrics, board: pygame.Rect, spot) -> Button:
        side = max(int(board.w * spot.size / 100), m.target_min + 2)
        rect = pygame.Rect(0, 0, side, side)
        rect.center = (board.x + int(board.w * spot.x / 100), board.y + int(board.h * spot.y / 100))
        rect.clamp_ip(board)
        answer: Answer = spot.answer
        button = Button(f"answer-{answer.id}", rect, lambda answer=answer: self.choose(answer),
                        fill=(255, 255, 255), icon=answer.picture.path if answer.picture else None)
        button.speaks = answer.text.id
        button.state = self.state(answer)
        button.translucent = answer.picture is None  # an invisible spot on the picture: just a ring
        return button
