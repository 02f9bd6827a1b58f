"""Which lessons the class sees, and in what order."""


from __future__ import annotations


import pygame

from ...engine.layout import Metrics, grid
from ...frame.palette import INK, WHITE, shade
from ..base import Scene
from ..widgets import Button, Label

from .common import TEACHER_BLUE


class LessonsScene(Scene):
    """Which lessons children see, and in what order: per letter, show or hide, and move earlier."""

    name = "lessons"
    background = ((225, 232, 245), (245, 247, 252))

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.letter_key = "safe"

    def build(self, screen: pygame.Rect) -> None:
        from ...lessons.letters import LETTERS
        from ..letter import shown_lessons

        m = Metrics.of(screen.size)
        settings = self.ctx.settings
        self.add(Button("back", m.home_button(), self.ctx.stack.pop, fill=WHITE, icon=self.ctx.icon("back")))
        self.add(Label("lessons-title", m.title_box(), "Lessons children see", int(m.target * 0.4), TEACHER_BLUE))
        tabs = pygame.Rect(m.margin, m.content_top, m.width - 2 * m.margin, int(m.target * 0.6))
        for item, cell in zip(LETTERS, grid(tabs, len(LETTERS), len(LETTERS), m.gap)):
            fill = shade(item.colour, 0.6) if item.key == self.letter_key else WHITE
            self.add(Button(f"tab-{item.key}", cell, lambda key=item.key: self._show(key), fill=fill,
                            label=f"{item.letter} {item.word}"))
        visible = shown_lessons(self.ctx, self.letter_key)
        hidden = [lesson for lesson in self.ctx.library.for_letter(self.letter_key)
                  if lesson.id in settings.hidden_lessons]
        area = pygame.Rect(m.margin, tabs.bottom + m.gap, m.width - 2 * m.margin, m.content_bottom - tabs.bottom - m.gap)
        lessons = visible + hidden
        row_h = min(int(m.target * 0.7), (area.h - m.gap * max(0, len(lessons) - 1)) // max(1, len(lessons)))
        for index, lesson in enumerate(lessons):
            row = pygame.Rect(area.x, area.y + index * (row_h + m.gap // 2), area.w, row_h)
            is_hidden = lesson.id in settings.hidden_lessons
            self.add(Button(f"show-{lesson.id}", pygame.Rect(row.x, row.y, row_h * 3, row_h),
                            lambda lesson=lesson: self._toggle(lesson.id), fill=WHITE if is_hidden else
                            shade((46, 170, 90), 0.75), label="Hidden" if is_hidden else "Shown"))
            self.add(Label(f"title-{lesson.id}", pygame.Rect(row.x + row_h * 3 + m.gap, row.y,
                                                            row.w - row_h * 5 - 2 * m.gap, row_h),
                           f"{lesson.title.text}  ({lesson.year})", int(row_h * 0.45),
                           shade(INK, 0.4) if is_hidden else INK, align="left"))
            if not is_hidden and index > 0:
                self.add(Button(f"earlier-{lesson.id}", pygame.Rect(row.right - row_h * 2, row.y, row_h * 2, row_h),
                                lambda lesson=lesson: self._earlier(lesson.id, visible), fill=WHITE,
                                label="Earlier"))

    def _show(self, key: str) -> None:
        self.letter_key = key
        self.rebuild()

    def _toggle(self, lesson_id: str) -> None:
        hidden = self.ctx.settings.hidden_lessons
        if lesson_id in hidden:
            hidden.remove(lesson_id)
        else:
            hidden.append(lesson_id)
        self.ctx.save_settings()
        self.rebuild()

    def _earlier(self, lesson_id: str, visible: list) -> None:
        ids = [lesson.id for lesson in visible]
        position = ids.index(lesson_id)
        ids[position - 1], ids[position] = ids[position], ids[position - 1]
        others = [item for item in self.ctx.settings.lesson_order if item not in ids]
        self.ctx.settings.lesson_order = others + ids
        self.ctx.save_settings()
        self.rebuild()
