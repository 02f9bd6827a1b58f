"""A story page: a picture and a few sentences."""

from __future__ import annotations

import pygame

from ...engine.layout import Metrics
from ...lessons.basics import Line
from ..ollie import MovingPicture, Ollie, is_ollie, motion_for
from ..widgets import Label, Panel
from .base import Activity


class StoryActivity(Activity):
    """Not a question (game/lessons/kinds.py): nothing to answer, so it is done as soon as it shows."""

    @property
    def done(self) -> bool:
        return True

    def narration(self) -> list[Line]:
        return list(self.scene.lines)

    def build(self, m: Metrics) -> None:
        scene = self.scene
        top, bottom = m.content_top, m.content_bottom
        height = bottom - top
        if m.portrait:
            side = min(int(height * 0.5), m.width - 2 * m.margin)
            picture_box = pygame.Rect((m.width - side) // 2, top, side, side)
            text_box = pygame.Rect(m.margin, picture_box.bottom + m.gap, m.width - 2 * m.margin,
                                   bottom - m.target - 2 * m.gap - picture_box.bottom)
        else:
            # The left column stays free for the back button, bottom-left.
            left = m.margin + m.target + m.gap
            words = sum(len(line.text.split()) for line in scene.lines)
            side = min(height, int(m.width * (0.4 if words <= 24 else 0.32)))  # long pages: more room for words
            picture_box = pygame.Rect(left, top + (height - side) // 2, side, side)
            left = picture_box.right + m.gap * 2
            text_box = pygame.Rect(left, top, m.width - m.margin - left, height - m.target - m.gap)
        if is_ollie(scene.picture):  # he greets, bobs now and then, and reads the page again when tapped
            self.add(Ollie("ollie", picture_box, scene.picture.path,
                           motion_for(self.player, "ollie", "greet", idle=True), self.player.replay))
        elif scene.picture is not None:  # the page's character comes in with a short, calm slide
            self.add(MovingPicture("story-picture", picture_box, scene.picture.path,
                                   motion_for(self.player, "story-picture", "enter")))
        else:
            text_box = pygame.Rect(m.margin, top, m.width - 2 * m.margin, height - m.target - m.gap)
        self.add(Panel("story-panel", text_box))
        text = "\n".join(line.text for line in scene.lines)
        self.add(Label("story-text", text_box.inflate(-2 * m.gap, -2 * m.gap), text, int(m.short * 0.08)))
