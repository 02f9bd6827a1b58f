"""The teacher's menu: classes, turns, the overview, worries, sharing, settings and the way back."""


from __future__ import annotations


import pygame

from ...engine.layout import Metrics, grid
from ...lessons.basics import Line
from ...frame.palette import INK, WHITE, shade
from ...progress.commands import (AddClass, ImportClassLists)
from ..about import open_about
from . import sharing
from ..base import Scene
from ..widgets import Button, Label, equalise_labels

from .common import TEACHER_BLUE, lesson_title
from . import screen_named


class TeacherMenuScene(Scene):
    name = "teacher"
    background = ((225, 232, 245), (245, 247, 252))
    message = ""  # the result of the last action, for the teacher
    worries = 0  # worries the teacher has not seen yet: the button's badge (read from the store when shown)

    def narration(self) -> list[Line]:
        return []

    def on_enter(self) -> None:
        super().on_enter()
        self._count_worries()

    def on_resume(self) -> None:
        super().on_resume()
        self.rebuild()  # what is said about sharing, a class or a problem may have changed meanwhile
        self._count_worries()  # the count of new worries may have changed

    def refresh(self) -> None:
        """Records came in from the class's tablets (game/sync/runner.py): a worry among them shows at once."""
        self._count_worries()

    def _count_worries(self) -> None:
        from ...progress.worries import unread

        def counted(done) -> None:
            count = unread(done.value) if done.ok else 0
            if count != self.worries:
                self.worries = count
                self.rebuild()

        self.ctx.recorder.worries(lesson_title(self.ctx), counted)

    def build(self, screen: pygame.Rect) -> None:
        m = Metrics.of(screen.size)
        self.add(Label("teacher-title", m.title_box(), "Teacher", int(m.target * 0.5), TEACHER_BLUE))
        worries = self.worries
        settings = self.ctx.settings
        entries = [
            ("back-to-game", "Back to the game", self.ctx.stack.home),
            ("class", f"Class: {settings.class_name or 'none'}", self.next_class),
            ("new-class", "New class", self.new_class),
            ("import-lists", "Import class lists", self.import_lists),
            ("who", "Who is playing?", self.choose_pupil),
            ("overview", "Class overview", self.open_overview),
            ("whole-class", f"Whole class: {'on' if settings.whole_class else 'off'}", self.toggle_class),
            ("worries", f"Worries: {worries} new" if worries else "Worries", self.open_worries),
            sharing.menu_entry(self.ctx),  # the class hub on this PC, or this tablet joining it
            ("settings", "Settings", lambda: self.ctx.stack.push(screen_named("settings")(self.ctx))),
            ("lessons", "Lessons children see", lambda: self.ctx.stack.push(screen_named("lessons")(self.ctx))),
            ("fullscreen", "Window" if self.ctx.window.is_fullscreen() else "Fullscreen", self.toggle_window),
            ("quit", "Close SMART Stars", self.ask_quit),
            ("about", "About SMART Stars", lambda: open_about(self.ctx)),
        ]
        area = pygame.Rect(m.margin, m.content_top, m.width - 2 * m.margin, m.content_bottom - m.content_top)
        buttons = []
        for (name, label, action), cell in zip(entries, grid(area, len(entries), 2 if not m.portrait else 1, m.gap)):
            fill = shade((240, 170, 60), 0.6) if name == "worries" and worries else WHITE
            buttons.append(self.add(Button(name, cell, action, fill=fill, label=label)))
        equalise_labels(buttons, self.ctx)
        if worries:  # unread worries: a count on the button's corner, seen across the room
            from .count_badge import CountBadge

            cell = self.widget("worries").rect
            side = max(24, int(cell.h * 0.7))
            self.add(CountBadge("worries-unread", (cell.right - side // 3, cell.top + side // 3), side, worries))
        if self.message:
            box = pygame.Rect(m.margin, m.content_top - m.gap, m.width - 2 * m.margin, m.gap)
            self.add(Label("message", box, self.message, int(m.gap * 0.9), TEACHER_BLUE))
        problem = " ".join(self.ctx.teacher_notices())  # progress, settings or the PIN not saved; a missing font
        status = sharing.menu_status(self.ctx)  # how sending to the class hub is going
        if status and not (problem or self.message):
            box = pygame.Rect(m.margin, m.content_top - m.gap, m.width - 2 * m.margin, m.gap)
            self.add(Label("sharing-status", box, status, int(m.gap * 0.9), TEACHER_BLUE))
        if problem:
            box = pygame.Rect(m.margin, m.content_top - m.gap, m.width - 2 * m.margin, m.gap)
            self.add(Label("problem", box, problem, int(m.gap * 0.9), shade(INK, 0.2)))

    def toggle_class(self) -> None:
        settings = self.ctx.settings
        settings.whole_class = not settings.whole_class
        if settings.whole_class:
            from ...progress.service import play_as_class

            play_as_class(self.ctx.recorder, settings.class_name)
        else:
            self.ctx.recorder.player.whole_class = False
        self.ctx.save_settings()
        self.rebuild()

    def next_class(self) -> None:
        """Step through the classes set up with  play.py class NAME --import FILE  (and 'none'); the
        names are read on the progress worker, so the next class shows a frame or two later."""
        def step(done) -> None:
            names: list[str | None] = [None, *(done.value if done.ok else [])]
            current = self.ctx.settings.class_name
            position = names.index(current) if current in names else 0
            self.ctx.settings.class_name = names[(position + 1) % len(names)]
            self.ctx.save_settings()
            self.rebuild()

        self.ctx.recorder.class_names(step)

    importing = False  # class lists are being read and added

    def import_lists(self) -> None:
        """Every list in class-lists/, read and added on the progress worker (a long list, or a slow
        shared drive, must not hold up a frame); what happened is shown when it is done."""
        if self.importing:
            return
        def done(outcome) -> None:
            self.importing = False
            lines = outcome.value if outcome.ok else [outcome.problem]
            if self.ctx.stack.top is self:
                self.message = ""
                self.ctx.stack.push(screen_named("import-results")(self.ctx, lines))
            else:  # the teacher went elsewhere meanwhile: the menu says it when they come back
                self.message = "; ".join(lines)
                self.rebuild()

        self.importing = True
        self.message = "Importing class lists…"
        self.rebuild()
        self.ctx.recorder.run(ImportClassLists(self.ctx.data_dir), then=done)

    def new_class(self) -> None:
        def made(name: str) -> None:
            def saved(done) -> None:
                self.message = done.problem or ""
                if done.ok:
                    self.ctx.settings.class_name = name
                    self.ctx.save_settings()
                self.rebuild()

            self.ctx.recorder.run(AddClass(name), then=saved)

        self.ctx.stack.push(screen_named("text-entry")(self.ctx, "Name of the new class", made, kind="class"))

    def choose_pupil(self) -> None:
        from ..pupils import open_picker

        # The class's pupils are read on the progress worker: the picker opens from the menu once they are
        # in (and the menu stays if there is no class with pupils yet).
        open_picker(self.ctx, before=self.ctx.stack.home)

    def ask_quit(self) -> None:
        """Closing the game is asked first: one stray tap on the board must not end a lesson."""
        self.ctx.stack.push(screen_named("confirm")(self.ctx, "Close SMART Stars?", self.ctx.window.quit,
                                         yes="Yes, close it", no="No, keep it open"))

    def toggle_window(self) -> None:
        self.ctx.window.toggle_fullscreen()
        self.rebuild()

    def open_overview(self) -> None:
        if self.ctx.settings.class_name:
            self.ctx.stack.push(screen_named("overview")(self.ctx, self.ctx.settings.class_name))

    def open_worries(self) -> None:
        self.ctx.stack.push(screen_named("worries")(self.ctx))
