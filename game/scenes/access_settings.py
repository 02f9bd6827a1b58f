"""The teacher's access screen: what a class, or one pupil, has turned on (issue 20).

Opened by "Access" on the class overview (for the whole class) and on a pupil's page (for that child).
Each row of ``ACCESS_SETTINGS`` is a preference (game/preferences.py) shown as a toggle saying what is in
force and where it comes from; a pupil's own choice is over the class's, and "As the class" takes it away.
Read and written on the teacher-change thread (``change_store``), never on the frame loop; the
preferences of whoever plays are read again after each change (``preferences.reload``).

A feature adds its toggle by adding a row to ``ACCESS_SETTINGS`` (and declaring its preference).
"""

from __future__ import annotations

import pygame

from .. import access_look  # noqa: F401 - declares bigger_words and high_contrast
from .. import preferences
from ..layout import Metrics
from ..render import INK, WHITE, shade
from .base import Scene
from .widgets import Label

# (preference key, what the teacher reads): one row each. Less movement and switch scanning add theirs.
ACCESS_SETTINGS: list[tuple[str, str]] = [
    ("bigger_words", "Bigger words"),
    ("high_contrast", "High contrast"),
]

ON_GREEN = (0, 158, 115)  # the colour of "on" (with the word "on": never colour alone)


class AccessSettingsScene(Scene):
    name = "access"
    background = ((225, 232, 245), (245, 247, 252))

    def __init__(self, ctx, class_name: str, pupil_id: int | None = None, pupil_name: str | None = None) -> None:
        super().__init__(ctx)
        self.class_name, self.pupil_id, self.pupil_name = class_name, pupil_id, pupil_name
        self.class_id: int | None = None
        self.found: preferences.Preferences | None = None  # the values chosen, once read
        self.status = "Loading…"
        self._read()

    # -- off the frame loop ------------------------------------------------------------------------
    def _read(self) -> None:
        from .teacher import change_store

        read: dict = {}

        def load(store) -> None:
            class_id = store.class_id(self.class_name)
            read["class_id"] = class_id
            read["found"] = preferences.read(store, class_id, self.pupil_id) if class_id is not None else None

        def loaded(problem: str | None) -> None:
            self.class_id, self.found = read.get("class_id"), read.get("found")
            if problem:
                self.status = problem
            elif self.class_id is None:
                self.status = f"There is no class called {self.class_name}."
            else:
                self.status = ""
            self.relayout_soon()

        change_store(self.ctx, load, loaded)

    def choose(self, key: str, value) -> None:
        """Write ``value`` (None: take the pupil's own choice away) for the class or the pupil."""
        from .teacher import change_store

        if self.class_id is None:
            return
        class_id, pupil_id = self.class_id, self.pupil_id

        def saved(problem: str | None) -> None:
            if problem:
                self.status = problem
                self.relayout_soon()
                return
            preferences.reload(self.ctx)  # whoever plays now: their look follows at once
            self._read()

        change_store(self.ctx, lambda store: preferences.write(store, class_id, pupil_id, key, value), saved)

    def toggle(self, key: str) -> None:
        if self.found is not None:
            self.choose(key, not self.found.get(key))

    # -- screen ------------------------------------------------------------------------------------
    def build(self, screen: pygame.Rect) -> None:
        from .teacher_overview import TeacherButton, add_teacher_top

        m = Metrics.of(screen.size)
        who = f"{self.pupil_name} (class {self.class_name})" if self.pupil_name else f"class {self.class_name}"
        area = add_teacher_top(self, m, f"Access for {who}")
        if self.status or self.found is None:
            self.add(Label("status", area, self.status or "Loading…", int(m.short * 0.04), INK))
            return
        row_h = max(int(m.short * 0.09), int(m.short * 0.035) + 8)
        for index, (key, words) in enumerate(ACCESS_SETTINGS):
            row = pygame.Rect(area.x, area.y + index * (row_h + m.gap // 2), area.w, row_h)
            if row.bottom > area.bottom:
                break
            on = bool(self.found.get(key))
            where = self.found.where(key)
            source = {"pupil": f"{self.pupil_name}'s own", "class": "the class's", "default": "as usual"}[where]
            toggle = pygame.Rect(row.x, row.y, int(row.w * 0.5), row.h)
            self.add(TeacherButton(f"access-{key}", toggle, lambda key=key: self.toggle(key),
                                   fill=shade(ON_GREEN, 0.75) if on else WHITE,
                                   label=f"{words}: {'on' if on else 'off'}"))
            described = pygame.Rect(toggle.right + m.gap, row.y, row.w - toggle.w - m.gap, row.h)
            if self.pupil_id is not None and where == "pupil":
                undo = pygame.Rect(described.right - int(row.w * 0.18), row.y, int(row.w * 0.18), row.h)
                self.add(TeacherButton(f"access-{key}-as-class", undo, lambda key=key: self.choose(key, None),
                                       fill=WHITE, label="As the class"))
                described.w -= undo.w + m.gap
            self.add(Label(f"access-{key}-where", described, f"({source})", int(row_h * 0.4), shade(INK, 0.2),
                           align="left"))
