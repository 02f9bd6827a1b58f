"""About: credits and licences (OpenMoji's CC BY-SA asks for attribution). For grown-ups: opened from teacher mode."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from ..engine.layout import Metrics
from ..frame.palette import INK, WHITE, shade
from .base import Scene
from .common import add_speaker_button
from ..lessons.basics import Line
from .widgets import Button, Label, Panel

if TYPE_CHECKING:
    from ..native.capabilities import Capabilities

CREDITS = (
    "SMART Stars teaches the SMART rules of staying safe online.\n"
    "All emojis designed by OpenMoji, the open-source emoji and icon project. "
    "Licence: CC BY-SA 4.0 (openmoji.org).\n"
    "The children and grown-ups: remix of \u201cToon Head\u201d by Johan Melin (johanmelin.com), "
    "licence CC BY 4.0, drawn with DiceBear (dicebear.com, MIT).\n"
    "Font: Fredoka by Milena Brandão and Hafontia, SIL Open Font License 1.1.\n"
    "For grown-ups: press Ctrl + Shift + Q to close the game."
)


ABOUT_LINE = Line("ui.about", "This page is for grown-ups. Tap the arrow to go back.")


def open_about(ctx) -> None:
    ctx.stack.push(AboutScene(ctx))


class AboutScene(Scene):
    name = "about"

    def narration(self) -> list[Line]:
        return [ABOUT_LINE]

    def build(self, screen: pygame.Rect) -> None:
        m = Metrics.of(screen.size)
        # Back to the teacher menu it was opened from.
        self.add(Button("back", m.home_button(), self.ctx.stack.pop, fill=WHITE, icon=self.ctx.icon("back")))
        add_speaker_button(self, m)
        title = m.title_box()
        self.add(Label("about-title", title, "About SMART Stars", int(title.h * 0.6), INK))
        box = pygame.Rect(m.margin, m.content_top, m.width - 2 * m.margin, m.content_bottom - m.content_top)
        self.add(Panel("credits-panel", box))
        inner = box.inflate(-4 * m.gap, -2 * m.gap)
        machine = pygame.Rect(inner.x, inner.bottom - inner.h // 6, inner.w, inner.h // 6)
        inner.h -= machine.h
        self.add(Label("credits", inner, CREDITS, int(m.height * 0.05), align="left"))
        # For whoever looks after the tablets: whether the game sleeps and draws as fast as it can here.
        self.add(Label("this-machine", machine, "This computer: " + self._capabilities().summary(),
                       int(m.height * 0.03), shade(INK, 0.2), align="left"))

    def _capabilities(self) -> "Capabilities":
        """The report made at start (game/native/capabilities.py); made now if this game had none."""
        if self.ctx.native is None:
            from ..native.capabilities import capabilities

            self.ctx.native = capabilities()
        return self.ctx.native
