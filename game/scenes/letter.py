"""A letter's screen: its rule, and its lessons as picture tiles."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from ..engine.layout import Metrics, grid
from ..lessons.basics import Line
from ..lessons.letters import SmartLetter
from ..frame.palette import WHITE, shade
from .base import Scene
from .common import add_corner_buttons
from .widgets import Button, Label, Panel, equalise_labels

if TYPE_CHECKING:
    from ..lessons.model import Lesson


def shown_lessons(ctx, key: str) -> list[Lesson]:
    """A letter's lessons as the teacher set them: hidden ones left out, their order first."""
    settings = ctx.settings
    order = {lesson_id: index for index, lesson_id in enumerate(settings.lesson_order)}
    lessons = [lesson for lesson in ctx.library.for_letter(key) if lesson.id not in settings.hidden_lessons]
    # for_letter sorts by year band then title; a stable sort keeps that for lessons with no place set
    return sorted(lessons, key=lambda lesson: order.get(lesson.id, len(order)))


def rule_line(letter: SmartLetter) -> Line:
    return Line(f"ui.letter.{letter.key}", letter.rule)


class LetterScene(Scene):
    name = "letter"
    scannable = True  # a child's screen: switch access may scan it (game/access/scanning.py)

    def __init__(self, ctx, letter: SmartLetter) -> None:
        super().__init__(ctx)
        self.letter = letter
        self.lessons: list[Lesson] = shown_lessons(ctx, letter.key)
        self.page = 0
        top = shade(letter.colour, 0.85)
        self.background = (top, (250, 246, 232))

    def narration(self) -> list[Line]:
        per_page = self._columns_rows(Metrics.of(self.size))
        shown = self.lessons[self.page * per_page[0] * per_page[1]:(self.page + 1) * per_page[0] * per_page[1]]
        return [rule_line(self.letter)] + [lesson.title for lesson in shown]

    def on_resume(self) -> None:
        super().on_resume()
        self.rebuild()  # stars may have changed

    def _columns_rows(self, m: Metrics) -> tuple[int, int]:
        """(columns, rows) of lesson tiles per page: tall picture tiles in one row when four fit."""
        if m.portrait:
            return 2, 2
        return (max(1, len(self.lessons)), 1) if len(self.lessons) <= 4 else (3, 2)

    def build(self, screen: pygame.Rect) -> None:
        m = Metrics.of(screen.size)
        add_corner_buttons(self, m)
        title = m.title_box()
        self.add(Label("letter-word", title, f"{self.letter.letter} is for {self.letter.word}",
                       int(title.h * 0.7), shade(self.letter.colour, -0.3)))

        rule_box = pygame.Rect(m.margin, m.content_top, m.width - 2 * m.margin, int(m.height * 0.13))
        self.add(Panel("rule-panel", rule_box, fill=WHITE))
        self.add(Label("rule", rule_box.inflate(-2 * m.gap, -m.gap), self.letter.rule, int(rule_box.h * 0.5)))

        area_top = rule_box.bottom + m.gap
        area = pygame.Rect(m.margin, area_top, m.width - 2 * m.margin, m.content_bottom - area_top)
        if not self.lessons:
            self.add(Label("empty", area, "No lessons here yet.", int(m.height * 0.06)))
            return
        columns, rows = self._columns_rows(m)
        per_page = columns * rows
        pages = -(-len(self.lessons) // per_page)
        self.page = min(self.page, pages - 1)
        if pages > 1:
            side = m.target
            prev_rect = pygame.Rect(area.x, area.centery - side // 2, side, side)
            next_rect = pygame.Rect(area.right - side, area.centery - side // 2, side, side)
            if self.page > 0:
                self.add(Button("previous-page", prev_rect, lambda: self._turn(-1), icon=self.ctx.icon("previous-page")))
            if self.page < pages - 1:
                self.add(Button("next-page", next_rect, lambda: self._turn(1), icon=self.ctx.icon("next-page")))
            area = area.inflate(-2 * (side + m.gap), 0)
        shown = self.lessons[self.page * per_page:(self.page + 1) * per_page]
        use_rows = rows if len(shown) > columns else 1
        max_h = area.h if use_rows == 1 else None
        cells = grid(area, len(shown), min(columns, len(shown)) if use_rows == 1 else columns, m.gap,
                     max_cell=(int(area.h * 1.3) if use_rows == 1 else area.w, max_h or area.h))
        tiles = []
        for lesson, cell in zip(shown, cells):
            picture = lesson.picture.path if lesson.picture else self.ctx.catalog.emoji_svg(self.letter.picture)
            tiles.append(self.add(Button(f"lesson-{lesson.id}", cell, lambda lesson=lesson: self._open(lesson),
                                         fill=WHITE, icon=picture, label=lesson.title.text, caption=lesson.year,
                                         stars=self.ctx.progress.stars(lesson.id))))
            tiles[-1].speaks = lesson.title.id
        equalise_labels(tiles, self.ctx)

    def cast_first(self) -> list[str]:
        """The lessons on this page: one of them is opened next."""
        return [widget.name.removeprefix("lesson-") for widget in self.widgets if widget.name.startswith("lesson-")]

    def _turn(self, step: int) -> None:
        self.page += step
        self.rebuild()
        self.replay()

    def _open(self, lesson: Lesson) -> None:
        from .screens import screen_named

        self.ctx.stack.push(screen_named("player")(self.ctx, lesson))
