"""One pupil: their letters, rename, animal, access and home language, erase."""


from __future__ import annotations


import pygame

from ...engine.layout import Metrics, grid
from ...frame.palette import INK, WHITE, shade
from ...progress.commands import (ErasePupil, RenamePupil)
from ..base import Scene
from ..widgets import Button, Label, equalise_labels

from .common import TEACHER_BLUE, lesson_title
from . import screen_named


class PupilScene(Scene):
    """One pupil's timeline (most recent first), and erasing everything about them."""

    name = "pupil"
    background = ((225, 232, 245), (245, 247, 252))

    def __init__(self, ctx, pupil_id: int, pupil_name: str, class_name: str) -> None:
        super().__init__(ctx)
        self.pupil_id = pupil_id
        self.pupil_name = pupil_name
        self.class_name = class_name  # the overview's class: the pupil's home language is chosen within it
        self.timeline: list[str] | None = None
        self.ctx.recorder.pupil_timeline(pupil_id, self._loaded)

    def _loaded(self, done) -> None:
        from ...progress.worries import when_text

        if not done.ok:
            self.timeline = [done.problem]
        else:
            title = lesson_title(self.ctx)
            self.timeline = [
                f"{when_text(played.started)}  {title(played.lesson_id)}: "
                + (f"{played.stars} star{'s' if played.stars != 1 else ''}" if played.stars else "not finished")
                + f" ({played.right} right, {played.wrong} to try again)"
                for played in done.value] or ["Nothing played yet."]
        self.relayout_soon()

    def build(self, screen: pygame.Rect) -> None:
        m = Metrics.of(screen.size)
        self.add(Button("back", m.home_button(), self.ctx.stack.pop, fill=WHITE, icon=self.ctx.icon("back")))
        self.add(Label("pupil-title", m.title_box(), self.pupil_name, int(m.target * 0.5), TEACHER_BLUE))
        # Access, Home language, Rename and Erase share the bottom row.
        erase = pygame.Rect(0, 0, min(m.target * 3, (m.width - 2 * m.margin - 3 * m.gap) // 4), m.target // 2)
        erase.bottomright = (m.width - m.margin, m.content_bottom)
        from .overview_pages import TeacherButton  # a grown-up's buttons: half a child's height

        self.add(TeacherButton("erase", erase, self.ask_erase, fill=shade((220, 90, 80), 0.7),
                               label=f"Erase {self.pupil_name}'s data"))
        self.add(TeacherButton("rename", erase.move(-(erase.w + m.gap), 0), self.ask_rename, fill=WHITE,
                               label="Rename"))
        language = erase.move(-2 * (erase.w + m.gap), 0)
        self.add(TeacherButton("language", language, self.open_language, fill=WHITE, label="Home language"))
        access = language.move(-(language.w + m.gap), 0)
        self.add(TeacherButton("access", access, self.open_access, fill=WHITE,
                               label="Access"))  # switches and the like, for this child (scenes/teacher/access.py)
        # Each letter's answers, in the children's words (the same page a tap on the overview's grid opens).
        letters = pygame.Rect(m.margin, erase.top - m.gap - erase.h, m.width - 2 * m.margin, erase.h)
        self._add_letter_links(m, letters)
        area = pygame.Rect(m.margin, m.content_top, m.width - 2 * m.margin, letters.top - m.gap - m.content_top)
        lines = self.timeline if self.timeline is not None else ["Loading…"]
        self.add(Label("timeline", area, "\n".join(lines[:12]), int(m.short * 0.03), INK, align="left"))

    def _add_letter_links(self, m: Metrics, row: pygame.Rect) -> None:
        from ...lessons.letters import LETTERS
        from .overview_pages import TeacherButton

        links = [self.add(TeacherButton(f"answers-{item.key}", cell, lambda key=item.key: self.ctx.stack.push(
            screen_named("pupil-letter")(self.ctx, self.pupil_id, self.pupil_name, key)), fill=shade(item.colour, 0.8),
            label=f"{item.letter} {item.word} answers"))
            for item, cell in zip(LETTERS, grid(row, len(LETTERS), len(LETTERS), m.gap // 2))]
        equalise_labels(links, self.ctx)

    def open_access(self) -> None:
        from .access import open_access

        open_access(self.ctx, None, self.pupil_id, self.pupil_name)

    def open_language(self) -> None:

        self.ctx.stack.push(screen_named("home-language")(self.ctx, self.class_name, self.pupil_id, self.pupil_name))

    def ask_rename(self) -> None:
        self.ctx.stack.push(screen_named("text-entry")(self.ctx, f"A new name for {self.pupil_name}", self.rename,
                                           text=self.pupil_name))

    def rename(self, name: str) -> None:
        def saved(done) -> None:
            if done.problem:
                self.timeline = [done.problem]
            else:
                self.pupil_name = name
            self.rebuild()

        self.ctx.recorder.run(RenamePupil(self.pupil_id, name), then=saved)

    def ask_erase(self) -> None:
        self.ctx.stack.push(screen_named("confirm")(self.ctx, f"Erase everything about {self.pupil_name}? This cannot be undone.",
                                         self.erase))

    def erase(self) -> None:
        def erased(done) -> None:
            if done.problem:  # a read-only or full data folder: nothing was erased, and the teacher is told
                self.timeline = [done.problem.replace("Not saved", "Not erased", 1)]
                self.rebuild()
                return
            if self.ctx.recorder.player.pupil_id == self.pupil_id:
                # The child on this tablet was the one erased: nothing more is kept about them (the store
                # would refuse it anyway, a pupil that no longer exists), and their stars and name go too.
                from ...progress.service import Player

                self.ctx.recorder.player = Player()
                self.ctx.player_name = None
                self.ctx.progress.reset()
            self.ctx.stack.pop_to(lambda scene: scene.name == "teacher")

        self.ctx.recorder.run(ErasePupil(self.pupil_id), then=erased)
