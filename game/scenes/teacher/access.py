"""Access, for a whole class or one pupil: what a teacher turns on so that every child can play.

Opened from the class overview and from a pupil's page (a button named "access"). Each entry of
``ENTRIES`` is a declared preference (game/progress/preferences.py) shown as one row: its value for this class
or pupil and where that comes from; "Change" steps to its next choice, and on a pupil's page "Like the
class" takes the pupil's own choice away. Read and written on the progress worker, never the frame loop,
and put in force for whoever plays now (``preferences.reload``).

Features add their rows to ``ENTRIES`` (one line each), so several can be merged as a union.
"""

from __future__ import annotations

from typing import Any

import pygame

from ...access import look as access_look# noqa: F401 - declares bigger words and high contrast
from ...engine import motion# noqa: F401 - declares "less movement"
from ...access import scanning# noqa: F401 - declares the switch preferences listed below
from ...speech import narrator  # noqa: F401 - declares "slower speech"
from ...engine.layout import Metrics
from ...progress.preferences import DECLARED, Preferences, reload
from ...progress.commands import SetPreference
from ...frame.palette import INK, WHITE, shade
from ..base import Scene
from ..widgets import Label

# (preference key, what the teacher reads): the rows, in order.
ENTRIES: list[tuple[str, str]] = [
    ("bigger_words", "Bigger words"),
    ("high_contrast", "High contrast (dark words on plain light cards, thick outlines)"),
    ("less_movement", "Less movement (no confetti, Ollie and pictures keep still)"),
    ("scanning", "Switches"),
    ("scan_seconds", "Switch speed (one switch)"),
    ("slower_speech", "Slower speech (a longer pause after each sentence)"),
]

VALUE_WORDS: dict[tuple[str, Any], str] = {
    ("scanning", "off"): "off (keys do nothing)",
    ("scanning", "two-switch"): "two switches: Space moves the highlight, Enter chooses",
    ("scanning", "auto"): "one switch: the highlight moves by itself, Space or Enter chooses",
}


def value_words(key: str, value: Any) -> str:
    if (key, value) in VALUE_WORDS:
        return VALUE_WORDS[(key, value)]
    if key == "scan_seconds":
        return f"{value:g} seconds on each thing"
    if isinstance(value, bool):
        return "on" if value else "off"
    return str(value)


WHERE_WORDS = {"pupil": "for this pupil", "class": "for the class", "default": "as standard"}


class AccessSettingsScene(Scene):
    name = "access"
    background = ((225, 232, 245), (245, 247, 252))

    def __init__(self, ctx, class_name: str | None, pupil_id: int | None = None, pupil_name: str | None = None) -> None:
        super().__init__(ctx)
        self.class_name = class_name
        self.pupil_id = pupil_id
        self.pupil_name = pupil_name
        self.class_id: int | None = None
        self.values: Preferences | None = None
        self.status = "Loading…"
        self.message = ""  # a change that could not be saved, for the teacher
        self._load()

    def _load(self) -> None:
        """Read this class's (and pupil's) choices on the progress worker, then show them."""
        def show(done) -> None:
            chosen = done.value
            if not done.ok:
                self.class_id, self.values, self.status = None, None, f"Could not read the settings ({done.problem})."
            elif chosen.class_id is None:
                self.class_id, self.values, self.status = None, None, "There is no such class or pupil any more."
            else:
                self.class_id, self.values, self.status = chosen.class_id, chosen.found, ""
            self.rebuild()

        self.ctx.recorder.preferences(self.class_name, self.pupil_id, show)

    def build(self, screen: pygame.Rect) -> None:
        from .overview_pages import TeacherButton, add_teacher_top

        m = Metrics.of(screen.size)
        who = self.pupil_name if self.pupil_id is not None else f"class {self.class_name}"
        area = add_teacher_top(self, m, f"Access for {who}")
        if self.values is None or self.status:
            self.add(Label("status", area, self.status or "Loading…", int(m.short * 0.04), INK))
            return
        row_h = min(m.target, (area.h - m.gap * len(ENTRIES)) // max(1, len(ENTRIES) + 1))
        button_w = int(m.width * 0.14)
        buttons = 2 if self.pupil_id is not None else 1
        for index, (key, label) in enumerate(entry for entry in ENTRIES if entry[0] in DECLARED):
            y = area.y + index * (row_h + m.gap)
            value, where = self.values.get(key), self.values.where(key)
            text = f"{label}: {value_words(key, value)} ({WHERE_WORDS[where]})"
            words_w = area.w - buttons * (button_w + m.gap)
            self.add(Label(f"{key}-text", pygame.Rect(area.x, y, words_w, row_h), text, int(row_h * 0.4), INK,
                           align="left"))
            x = area.x + words_w + m.gap
            self.add(TeacherButton(f"{key}-change", pygame.Rect(x, y, button_w, row_h),
                                   lambda key=key: self.step(key), fill=WHITE, label="Change"))
            if self.pupil_id is not None:
                self.add(TeacherButton(f"{key}-like-class", pygame.Rect(x + button_w + m.gap, y, button_w, row_h),
                                       lambda key=key: self.choose(key, None), fill=shade(WHITE, -0.05),
                                       label="Like the class"))
        if self.message:
            box = pygame.Rect(area.x, area.bottom - row_h, area.w, row_h)
            self.add(Label("message", box, self.message, int(row_h * 0.35), shade(INK, 0.2), align="left"))

    def step(self, key: str) -> None:
        """The next of the preference's choices (a yes/no one: the other)."""
        preference = DECLARED[key]
        choices = preference.choices or ((False, True) if isinstance(preference.default, bool) else None)
        if self.values is None or not choices:
            return
        now = self.values.get(key)
        position = choices.index(now) if now in choices else -1
        self.choose(key, choices[(position + 1) % len(choices)])

    def choose(self, key: str, value: Any) -> None:
        """Written on the progress worker; then what the child playing now has is read again."""
        if self.class_id is None:
            return

        def saved(done) -> None:
            self.message = done.problem or ""
            if done.problem:
                self.rebuild()
                return
            reload(self.ctx)
            self._load()

        self.ctx.recorder.run(SetPreference(self.class_id, self.pupil_id, key, value), then=saved)


def open_access(ctx, class_name: str | None, pupil_id: int | None = None, pupil_name: str | None = None) -> None:
    ctx.stack.push(AccessSettingsScene(ctx, class_name, pupil_id, pupil_name))
