"""The class at a glance: every pupil's letters, the questions view, the report."""


from __future__ import annotations

from pathlib import Path

import pygame

from ...engine.layout import Metrics
from ...frame.palette import INK, shade
from ...progress.commands import AddPupil
from ..base import Scene
from ..widgets import Label

from .common import TEACHER_BLUE
from . import screen_named


class OverviewScene(Scene):
    """The whole class at a glance: each pupil's animal and name, then one cell per SMART letter with one
    pip per lesson (game/scenes/teacher/overview_pages.py draws them). Two columns of pupils on a landscape
    screen, so a class of 36 fits 1280x800; a larger class is shown a page at a time, and says so.
    Built off the frame loop."""

    name = "overview"
    background = ((225, 232, 245), (245, 247, 252))

    def __init__(self, ctx, class_name: str) -> None:
        super().__init__(ctx)
        self.class_name = class_name
        self.overview = None
        self.status = "Loading…"
        self.message = ""  # why the report could not be saved
        self.saved: Path | None = None  # the last report written
        self.saving = False  # a report is being written
        self.page = 0  # of pupils, when the class is too big for one screen
        self.reload()

    def reload(self) -> None:
        """Read the class's progress on the progress worker; shown when it is in."""
        def loaded(done) -> None:
            if not done.ok:
                self.status = done.problem
            elif done.value is None:
                self.status = f"There is no class called {self.class_name}."
            else:
                self.overview, self.status = done.value, ""
            self.relayout_soon()

        self.ctx.recorder.overview(self.class_name, lambda: self.ctx.library, loaded)

    def on_resume(self) -> None:
        super().on_resume()
        self.reload()  # a pupil may have been added, renamed or erased

    def add_pupil(self) -> None:
        def named(name: str) -> None:
            self.ctx.stack.push(screen_named("avatar-choice")(self.ctx, name, lambda avatar: self._store_pupil(name, avatar)))

        self.ctx.stack.push(screen_named("text-entry")(self.ctx, "The new pupil's first name", named))

    def _store_pupil(self, name: str, avatar: str) -> None:
        def saved(done) -> None:
            if done.problem:
                self.status = done.problem
                self.rebuild()
            else:
                self.reload()

        self.ctx.recorder.run(AddPupil(self.class_name, name, avatar), then=saved)

    def pages(self, m: Metrics, area: pygame.Rect) -> tuple[int, int, int]:
        """(columns, rows in a column, pupils on a page) for this screen: rows as tall as fits the class,
        no shorter than a teacher's target; if even that cannot hold the class, as many as fit a page."""
        from .overview_pages import TEACHER_TARGET_MIN

        columns = 2 if m.width > m.height else 1
        shortest = round(m.short * TEACHER_TARGET_MIN) + max(2, m.short // 200)
        fit = max(1, int((area.h - self.header_height(m)) // shortest))
        count = len(self.overview.pupils) if self.overview else 0
        rows = min(fit, max(1, -(-count // columns)))
        return columns, rows, columns * rows

    @staticmethod
    def header_height(m: Metrics) -> int:
        return int(m.short * 0.045)

    def build(self, screen: pygame.Rect) -> None:
        from .overview_pages import Legend, add_teacher_top, teacher_bottom

        m = Metrics.of(screen.size)
        ready = self.overview is not None and not self.status
        pupils = self.overview.pupils if ready else []
        title = f"Class {self.class_name}"
        buttons = [("questions", "Questions", self.open_questions, None),
                   ("add-pupil", "Add a pupil", self.add_pupil, None),
                   ("access", "Access", self.open_access, None),  # switches, bigger words and the like, for the class
                   ("language", "Home language", self.open_language, None),
                   ("report", "Saving…" if self.saving else "Save report", self.save_report, self.ctx.icon("save"))]
        if not ready:
            buttons = buttons[1:3] if self.overview is not None else []
        probe = add_teacher_top(self, m, title, buttons)  # to learn the grid's area; built again below if paged
        columns, rows, per_page = self.pages(m, probe)
        page_count = max(1, -(-len(pupils) // per_page))
        self.page = min(self.page, page_count - 1)
        if page_count > 1:  # too many to show at once: say which are shown, with a way to the others
            first = self.page * per_page
            shown = pupils[first:first + per_page]
            title = f"{title}: pupils {first + 1}–{first + len(shown)} of {len(pupils)}"
            turns = []
            if self.page > 0:
                turns.append(("previous-pupils", "Previous", lambda: self._turn(-1), self.ctx.icon("previous-page")))
            if self.page < page_count - 1:
                turns.append(("next-pupils", "More pupils", lambda: self._turn(1), self.ctx.icon("next-page")))
            self.widgets = []
            area = add_teacher_top(self, m, title, turns + buttons, button_w=int(m.width * 0.13))
            pupils = shown
        else:
            area = probe
        if not ready:
            self.add(Label("status", area, self.status or "Loading…", int(m.short * 0.04), INK))
            return
        legend = pygame.Rect(m.margin, teacher_bottom(m) + m.margin // 4, m.width - 2 * m.margin,
                             m.height - teacher_bottom(m) - m.margin // 2)
        if self.message:
            self.add(Label("message", legend, self.message, int(legend.h * 0.6), shade(INK, 0.2)))
        elif pupils:
            self.add(Legend("legend", legend, self.ctx.icon("worry")))
        if not pupils:
            self.add(Label("status", area, "No pupils yet: tap 'Add a pupil', or import a class list",
                           int(m.short * 0.04), INK))
            return
        self._build_grid(m, area, pupils, columns, rows)

    def open_access(self) -> None:
        from .access import open_access

        open_access(self.ctx, self.class_name)

    def open_language(self) -> None:

        self.ctx.stack.push(screen_named("home-language")(self.ctx, self.class_name))

    def _turn(self, step: int) -> None:
        self.page = max(0, self.page + step)
        self.rebuild()

    def _build_grid(self, m: Metrics, area: pygame.Rect, pupils, columns: int, rows: int) -> None:
        from ...cast.avatars import AVATARS
        from ...lessons.letters import LETTERS
        from .overview_pages import ProgressCell, PupilName

        overview = self.overview
        header_h = min(self.header_height(m), area.h // (rows + 1))
        row_h = min(int(m.short * 0.075), (area.h - header_h) // rows)
        gap = max(2, m.short // 200)
        column_w = (area.w - m.gap * (columns - 1)) // columns
        name_w = int(column_w * 0.3)
        cell_w = (column_w - name_w) // len(LETTERS)
        worry = self.ctx.icon("worry")
        catalog = self.ctx.catalog
        for column in range(columns):
            x = area.x + column * (column_w + m.gap)
            chunk = pupils[column * rows:(column + 1) * rows]
            if not chunk:
                break
            self.add(Label(f"head-pupil-{column}", pygame.Rect(x, area.y, name_w - gap, header_h), "Pupil",
                           int(header_h * 0.6), TEACHER_BLUE, align="left"))
            heads = [f"{item.letter} {item.word}" for item in LETTERS]
            # One size for the five, on one line each (a box too low for two lines).
            size = min(self.ctx.text.fitting_size(text, (cell_w - gap, int(header_h * 0.7)), header_h * 0.6, 8)
                       for text in heads)
            for index, item in enumerate(LETTERS):
                box = pygame.Rect(x + name_w + index * cell_w, area.y, cell_w - gap, header_h)
                self.add(Label(f"head-{item.key}-{column}", box, heads[index], size, shade(item.colour, -0.45)))
            for number, row in enumerate(chunk):
                y = area.y + header_h + number * row_h
                animal = catalog.emoji_svg(catalog.emoji_for_name(AVATARS.get(row.avatar, "owl")))
                self.add(PupilName(f"name-{row.pupil_id}", pygame.Rect(x, y, name_w - gap, row_h - gap),
                                   lambda row=row: self.ctx.stack.push(screen_named("pupil")(self.ctx, row.pupil_id, row.name,
                                                                                  self.class_name)),
                                   row.name, animal, worry if row.worries else None))
                for index, item in enumerate(LETTERS):
                    pips = tuple((row.lessons.get(lesson_id, "not started"), row.stars.get(lesson_id, 0))
                                 for lesson_id, _title in overview.lessons_by_letter.get(item.key, []))
                    box = pygame.Rect(x + name_w + index * cell_w, y, cell_w - gap, row_h - gap)
                    self.add(ProgressCell(
                        f"cell-{row.pupil_id}-{item.key}", box,
                        lambda row=row, key=item.key: self.ctx.stack.push(
                            screen_named("pupil-letter")(self.ctx, row.pupil_id, row.name, key)),
                        pips, item.key in row.help_letters, shade(item.colour, 0.88)))

    def open_questions(self) -> None:

        if self.overview is not None:
            self.ctx.stack.push(screen_named("class-questions")(self.ctx, self.overview))

    def save_report(self) -> None:
        """The printable report (HTML) and the class CSV, written off the frame loop; then a screen
        saying where they are, with a way to open them."""
        if self.overview is None or self.saving:
            return  # a second tap while saving would write the same files at once, and one would fail

        def saved(done) -> None:
            self.saving = False
            if done.ok:
                page, written = done.value
                self.saved, self.message = page, ""
            else:
                page, written, self.message = None, [], done.problem
            if page is not None and self.ctx.stack.top is self:
                self.ctx.stack.push(screen_named("report-saved")(self.ctx, page, written))
            else:
                self.rebuild()

        self.saving = True
        self.rebuild()
        # Written on the progress worker: the report, then the class's CSV and its class list.
        self.ctx.recorder.save_report(self.overview, self.ctx.data_dir / "reports", saved)
