"""Home tapped mid-lesson: "Stop this story?" asked in pictures and aloud before the child's place is lost.

A big green arrow carries on (the default, and the larger target); the house stops and goes home,
where "carry on" then offers the lesson again at the scene the child left.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from ..engine.layout import Metrics
from ..lessons.basics import Line
from ..frame.palette import WHITE, shade
from .base import Scene
from .common import add_speaker_button
from .widgets import RIGHT_GREEN, Button, Label, equalise_labels

if TYPE_CHECKING:
    from .player import PlayerScene

STOP_ASK = Line("ui.stop.ask", "Stop this story?")
CARRY_ON = Line("ui.stop.carry-on", "Tap the green arrow to carry on.")
STOP_HOME = Line("ui.stop.home", "Tap the house to stop and go home.")


class StopLessonScene(Scene):
    name = "stop-lesson"
    scannable = True  # a child's screen: switch access may scan it (game/access/scanning.py)

    def __init__(self, ctx, player: "PlayerScene") -> None:
        super().__init__(ctx)
        self.player = player
        self.background = player.background

    def narration(self) -> list[Line]:
        return [STOP_ASK, CARRY_ON, STOP_HOME]

    def build(self, screen: pygame.Rect) -> None:
        m = Metrics.of(screen.size)
        add_speaker_button(self, m)
        title = m.title_box()
        self.add(Label("stop-question", title, STOP_ASK.text, int(title.h * 0.6),
                       shade(self.player.letter.colour, -0.35)))
        area = pygame.Rect(m.margin, m.content_top, m.width - 2 * m.margin, m.content_bottom - m.content_top)
        big = min(area.h, int(m.target * 2.6), (area.w - 3 * m.gap) * 3 // 5)
        small = max(m.target_min + 2, big * 2 // 3)
        total = small + 3 * m.gap + big
        x = area.centerx - total // 2
        y = area.y + (area.h - big) // 2
        home = pygame.Rect(x, y + (big - small), small, small)  # both sit on one line, in reach
        carry = pygame.Rect(home.right + 3 * m.gap, y, big, big)
        stop = self.add(Button("home", home, self.stop, fill=WHITE, icon=self.ctx.icon("home"), label="Stop"))
        stop.speaks = STOP_HOME.id
        carry_on = self.add(Button("carry-on", carry, self.carry_on, fill=shade(RIGHT_GREEN, 0.7),
                                   icon=self.ctx.icon("next"), label="Carry on"))
        carry_on.speaks = CARRY_ON.id
        equalise_labels([stop, carry_on], self.ctx)

    def carry_on(self) -> None:
        self.ctx.stack.pop()

    def stop(self) -> None:
        self.player.leave()
