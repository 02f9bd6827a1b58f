"""The worries children shared, for the teacher only: seen, noted, followed up, exported."""


from __future__ import annotations

from pathlib import Path

import pygame

from ...engine.layout import Metrics
from ...frame.palette import INK, WHITE, shade
from ...progress.commands import (MarkWorriesSeen, SetWorryFollowedUp, SetWorryNote)
from ..base import Scene
from ..widgets import Button, Label, Panel, equalise_labels

from .common import TEACHER_BLUE, lesson_title
from . import screen_named


class WorriesScene(Scene):
    """Children who asked to talk to a grown-up: unread first, each one markable as followed up, each with a
    short note, all of them saved as a CSV for the school's safeguarding log."""

    name = "worries"
    background = ((225, 232, 245), (245, 247, 252))
    message = ""  # where the log was saved, or why the last change was not saved (a read-only or full folder)
    page = 0

    def __init__(self, ctx) -> None:
        super().__init__(ctx)
        self.worries: list | None = None  # read on the progress worker: None until it is in
        self.new_here: set[int] = set()  # new when this visit began: they keep their "New" mark until left
        self._load(first=True)

    def _load(self, first: bool = False) -> None:
        def loaded(done) -> None:
            if not done.ok:
                self.message = done.problem
            self.worries = done.value or []
            # Seen now: the menu's unread count goes down (it is read after this is written). Those that
            # arrive from a tablet while the list is open are seen too, and marked new like the others.
            fresh = {worry.id for worry in self.worries if not worry.seen} - self.new_here
            if fresh:
                self.new_here |= fresh
                self.ctx.recorder.run(MarkWorriesSeen(tuple(sorted(fresh))), then=self._saved)
            self.rebuild()

        self.ctx.recorder.worries(lesson_title(self.ctx), loaded)

    def refresh(self) -> None:
        """Records came in from the class's tablets (game/sync/runner.py): read the list again."""
        self._load()

    def build(self, screen: pygame.Rect) -> None:
        m = Metrics.of(screen.size)
        self.add(Button("back", m.home_button(), self.ctx.stack.pop, fill=WHITE, icon=self.ctx.icon("back")))
        self.add(Label("worries-title", m.title_box(), "Worries", int(m.target * 0.5), TEACHER_BLUE))
        if self.message:
            box = pygame.Rect(m.margin, m.content_top - m.gap, m.width - 2 * m.margin, m.gap)
            self.add(Label("message", box, self.message, int(m.gap * 0.9), TEACHER_BLUE))
        worries = self.worries
        area = pygame.Rect(m.margin, m.content_top, m.width - 2 * m.margin, m.content_bottom - m.content_top)
        if worries is None:
            self.add(Label("loading", area, "Loading…", int(m.target * 0.3), INK))
            return
        if not worries:
            self.add(Label("none", area, "No worries recorded.", int(m.target * 0.3), INK))
            return
        # The bottom row: saving the log on the right, pages on the left when there are more than fit.
        bottom_h = int(m.short * 0.07)
        bottom = pygame.Rect(area.x, area.bottom - bottom_h, area.w, bottom_h)
        export = pygame.Rect(0, bottom.y, m.target * 4, bottom_h)
        export.right = bottom.right
        self.add(Button("export", export, self.export, fill=WHITE, label="Save for the safeguarding log (CSV)"))
        area.h -= bottom_h + m.gap
        row_h = max(m.target_min, min(m.target, area.h // max(1, len(worries))))
        per_page = max(1, area.h // row_h)
        pages = -(-len(worries) // per_page)
        self.page = min(self.page, pages - 1)
        if pages > 1:
            for index, (name, step, words) in enumerate((("previous-page", -1, "Newer"), ("next-page", 1, "Older"))):
                box = pygame.Rect(bottom.x + index * (m.target * 2 + m.gap), bottom.y, m.target * 2, bottom_h)
                if 0 <= self.page + step < pages:
                    self.add(Button(name, box, lambda step=step: self._turn(step), fill=WHITE, label=words))
        buttons = []
        for index, worry in enumerate(worries[self.page * per_page:(self.page + 1) * per_page]):
            row = pygame.Rect(area.x, area.y + index * row_h, area.w, row_h - m.gap // 2)
            self.add(Panel(f"worry-{worry.id}", row, fill=WHITE if worry.followed_up else shade((240, 170, 60), 0.75)))
            new = not worry.seen or worry.id in self.new_here
            words = " · ".join(part for part in (("New: " if new else "") + worry.who, worry.class_name,
                                                 worry.lesson_title, worry.when) if part)
            if worry.note:
                words += f"\nNote: {worry.note}"
            buttons_w = row.h * 4 + m.gap
            self.add(Label(f"worry-text-{worry.id}", pygame.Rect(row.x + m.gap, row.y, row.w - buttons_w - 2 * m.gap,
                                                                 row.h), words, int(row.h * 0.24), INK, align="left"))
            follow = pygame.Rect(row.right - row.h * 2 - m.gap // 2, row.y + row.h // 10, row.h * 2, row.h * 8 // 10)
            label = "Followed up" if worry.followed_up else "Mark followed up"
            buttons += [self.add(Button(f"follow-{worry.id}", follow, lambda worry=worry: self.toggle(worry),
                                        label=label)),
                        self.add(Button(f"note-{worry.id}", follow.move(-(follow.w + m.gap // 2), 0),
                                        lambda worry=worry: self.ask_note(worry), fill=WHITE,
                                        label="Change the note" if worry.note else "Add a note"))]
        equalise_labels(buttons, self.ctx)

    def open_language(self) -> None:

        self.ctx.stack.push(screen_named("home-language")(self.ctx, self.class_name))

    def _turn(self, step: int) -> None:
        self.page += step
        self.rebuild()

    def _saved(self, done) -> None:
        self.message = done.problem or self.message
        self.rebuild()

    def _changed(self, done) -> None:
        """A change to a worry was written (or not): the list is read again, with the teacher told if not."""
        self.message = done.problem or ""
        self._load()

    def toggle(self, worry) -> None:
        self.ctx.recorder.run(SetWorryFollowedUp(worry.id, not worry.followed_up), then=self._changed)

    def ask_note(self, worry) -> None:
        """A short note typed by the teacher (who was spoken to, what was done), kept with the worry."""
        def noted(note: str) -> None:
            self.ctx.recorder.run(SetWorryNote(worry.id, note), then=self._changed)

        self.ctx.stack.push(screen_named("text-entry")(self.ctx, f"A note about the worry from {worry.who}", noted,
                                           text=worry.note, kind="note"))

    def export(self) -> None:
        """Every worry as a CSV for the school's safeguarding log, into reports/ in the data folder. Written
        on the progress worker (reading the store and writing the file wait for the disk); the teacher is
        told where it went."""
        import datetime as dt

        from ...engine.private_files import safe_file_stem

        path = (self.ctx.data_dir / "reports" / f"{safe_file_stem(f'worries {dt.date.today():%Y-%m-%d}')}.csv")
        self.message = "Saving…"
        self.rebuild()

        def written(done) -> None:
            count = done.value
            said = done.problem or f"Saved {count} worr{'y' if count == 1 else 'ies'} for the safeguarding log to {path}"
            self._exported(said, path)

        self.ctx.recorder.export_worries(path, lesson_title(self.ctx), written)

    def _exported(self, said: str, path: Path) -> None:
        self.message = said
        self.exported = path
        self.rebuild()
