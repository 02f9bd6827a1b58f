"""Home: the five SMART letters as big picture tiles."""

from __future__ import annotations

import pygame

from ..layout import Metrics, grid
from ..letters import LETTERS, SmartLetter
from ..lessons.model import Line
from ..render import INK, WHITE, shade
from .base import Scene
from .widgets import Button, Label, Picture, equalise_labels


class HomeScene(Scene):
    name = "home"

    def on_enter(self) -> None:
        self.ctx.narrator.say([Line("ui.home.welcome", "Welcome to SMART Stars! Tap a letter to play.")])

    def on_resume(self) -> None:
        super().on_resume()
        self.ctx.narrator.stop()

    def build(self, screen: pygame.Rect) -> None:
        m = Metrics.of(screen.size)
        title_box = m.title_box()
        words_box = title_box
        if title_box.w > title_box.h * 4:  # room for a star either side of the name
            side = int(title_box.h * 0.8)
            top = title_box.y + (title_box.h - side) // 2
            for name, x in (("title-star-left", title_box.x), ("title-star-right", title_box.right - side)):
                self.add(Picture(name, pygame.Rect(x, top, side, side), self.ctx.icon("title")))
            words_box = title_box.inflate(-2 * (side + m.gap), 0)
        self.add(Label("title", words_box, "SMART Stars", int(title_box.h * 0.75), INK))
        self.add(Button("about", m.corner_button(), self._open_about, fill=WHITE, icon=self.ctx.icon("about")))

        area = pygame.Rect(m.margin, m.content_top + m.gap, m.width - 2 * m.margin,
                           m.content_bottom - m.content_top - m.gap)
        columns = 5 if m.width >= m.height * 1.2 else 3
        cells = grid(area, len(LETTERS), columns, m.gap,
                     max_cell=(int(area.h * 0.75) if columns == 5 else area.w, area.h))
        tiles = [self.add(self._tile(item, cell)) for item, cell in zip(LETTERS, cells)]
        equalise_labels(tiles, self.ctx)

    def _tile(self, item: SmartLetter, cell: pygame.Rect) -> Button:
        return Button(
            f"letter-{item.key}",
            cell,
            lambda item=item: self._open_letter(item),
            fill=shade(item.colour, 0.78),
            icon=self.ctx.catalog.emoji_svg(item.picture),
            label=item.word,
            big_letter=item.letter,
            letter_colour=shade(item.colour, -0.2),
        )

    def _open_letter(self, item: SmartLetter) -> None:
        from .letter import LetterScene

        self.ctx.stack.push(LetterScene(self.ctx, item))

    def _open_about(self) -> None:
        from .about import AboutScene

        self.ctx.stack.push(AboutScene(self.ctx))
