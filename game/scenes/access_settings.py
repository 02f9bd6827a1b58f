"""Access: what a teacher turns on for a child who needs it, for the whole class or for one pupil.

Opened with the "access" button on the class overview (for the class) and on a pupil's page (for that
pupil: their own choice is over the class's). Each row is one on/off preference from ``TOGGLES``: to add
an access need, declare its preference (``preferences.declare(key, False, words=...)``) in its own module
and add ``(key, label)`` here. Values are read and written on the store thread (``change_store``), never
on the frame loop, and put in force for whoever plays now (``preferences.reload``).
"""

from __future__ import annotations

import pygame

from .. import motion  # noqa: F401 - declares less_movement
from ..layout import Metrics
from ..preferences import DECLARED, Preferences, read, reload, write
from ..render import INK, WHITE, shade
from .base import Scene
from .widgets import Label

# (preference key, what the teacher reads): one on/off row each. Other access needs add their own here.
TOGGLES: list[tuple[str, str]] = [
    ("less_movement", "Less movement"),
]

ON_GREEN = (46, 170, 90)


class AccessScene(Scene):
    """The access toggles for a class (``pupil_id`` None) or one pupil of it."""

    name = "access"
    background = ((225, 232, 245), (245, 247, 252))

    def __init__(self, ctx, class_name: str | None = None, pupil_id: int | None = None,
                 pupil_name: str | None = None) -> None:
        super().__init__(ctx)
        self.class_name = class_name
        self.pupil_id = pupil_id
        self.pupil_name = pupil_name
        self.class_id: int | None = None
        self.values: Preferences | None = None  # the class's and the pupil's own choices, once read
        self.status = "Loading…"
        self._load()

    @property
    def who(self) -> str:
        return self.pupil_name if self.pupil_id is not None else f"Class {self.class_name}"

    def _load(self) -> None:
        from .teacher import change_store

        found: dict = {}

        def look(store) -> None:
            class_id = None
            if self.pupil_id is not None:
                row = store.db.execute("SELECT class_id FROM pupils WHERE id = ?", (self.pupil_id,)).fetchone()
                class_id = row[0] if row else None
            elif self.class_name is not None:
                class_id = store.class_id(self.class_name)
            found["class_id"] = class_id
            found["values"] = read(store, class_id, self.pupil_id) if class_id is not None else None

        def loaded(problem: str | None) -> None:
            self.class_id, self.values = found.get("class_id"), found.get("values")
            if problem:
                self.status = problem
            elif self.values is None:
                self.status = f"There is no {'pupil' if self.pupil_id is not None else 'class'} {self.who} any more."
            else:
                self.status = ""
            self.rebuild()

        change_store(self.ctx, look, loaded)

    def value(self, key: str) -> bool:
        return bool(self.values.get(key)) if self.values is not None else bool(DECLARED[key].default)

    def where(self, key: str) -> str:
        """Where the value in force for this screen's class or pupil comes from, in the teacher's words."""
        if self.values is None:
            return ""
        source = self.values.where(key)
        if self.pupil_id is None:
            return "" if source == "class" else " (as usual)"
        return {"pupil": " (for this pupil)", "class": " (as the class)", "default": " (as usual)"}[source]

    def toggle(self, key: str) -> None:
        self._write(key, not self.value(key))

    def as_the_class(self, key: str) -> None:
        self._write(key, None)  # the pupil's own choice taken away: they follow the class again

    def _write(self, key: str, value) -> None:
        from .teacher import change_store

        if self.class_id is None:
            return
        class_id, pupil_id = self.class_id, self.pupil_id

        def saved(problem: str | None) -> None:
            if problem:
                self.status = problem
                self.rebuild()
                return
            reload(self.ctx)  # in force at once if this class or pupil is playing on this tablet
            self._load()

        change_store(self.ctx, lambda store: write(store, class_id, pupil_id, key, value), saved)

    def build(self, screen: pygame.Rect) -> None:
        from .teacher_overview import TeacherButton, add_teacher_top

        m = Metrics.of(screen.size)
        area = add_teacher_top(self, m, f"Access: {self.who}")
        if self.status:
            self.add(Label("status", area, self.status, int(m.short * 0.04), INK))
            return
        row_h = max(m.target // 2, int(m.short * 0.09))
        y = area.y + m.gap
        for key, label in TOGGLES:
            on = self.value(key)
            toggle = pygame.Rect(area.x, y, int(area.w * 0.45), row_h)
            self.add(TeacherButton(f"access-{key}", toggle, lambda key=key: self.toggle(key),
                                   fill=shade(ON_GREEN, 0.75) if on else WHITE,
                                   label=f"{label}: {'on' if on else 'off'}{self.where(key)}"))
            x = toggle.right + m.gap
            if self.pupil_id is not None and self.values is not None and self.values.where(key) == "pupil":
                back = pygame.Rect(x, y, int(area.w * 0.18), row_h)
                self.add(TeacherButton(f"access-{key}-class", back, lambda key=key: self.as_the_class(key),
                                       fill=WHITE, label="As the class"))
                x = back.right + m.gap
            words = DECLARED[key].words
            self.add(Label(f"access-{key}-words", pygame.Rect(x, y, area.right - x, row_h), words,
                           int(row_h * 0.3), shade(INK, 0.2), align="left"))
            y += row_h + m.gap
