"""Teacher mode: a class's or one pupil's home language, and what the child hears (issue 21).

Kept as preferences (game/progress/preferences.py: ``home_language``, ``language_mode``), so the choice follows
the child to any tablet. A pupil's own choice is over the class's; "Same as the class" takes it away.
Read and written off the frame loop (the progress service's worker, as every teacher change is).
"""

from __future__ import annotations

import pygame

from ...progress import preferences
from ...languages.catalogue import LANGUAGES, MODES
from ...progress.commands import SetPreference
from ...engine.layout import Metrics, grid
from ...frame.palette import INK, WHITE, shade
from ..base import Scene
from ..widgets import Button, Label

TEACHER_BLUE = (40, 80, 160)
CHOSEN = shade((46, 170, 90), 0.6)
MODE_WORDS = {"both": "Home language, then English", "home": "Home language only", "english": "English only"}


class HomeLanguageScene(Scene):
    """Choose the home language (or none) and how the lines are heard, for a class or one pupil."""

    name = "home-language"
    background = ((225, 232, 245), (245, 247, 252))

    def __init__(self, ctx, class_name: str, pupil_id: int | None = None, pupil_name: str | None = None) -> None:
        super().__init__(ctx)
        self.class_name = class_name
        self.pupil_id = pupil_id
        self.who = pupil_name or f"Class {class_name}"
        self.class_id: int | None = None
        self.values: dict[str, object] = {}  # this class's or pupil's own choices
        self.inherited: preferences.Preferences | None = None  # what is in force for them
        self.status = "Loading…"
        self.translated = 0
        self._load()

    def _load(self) -> None:
        """The choices, read on the progress worker; then how many lines are translated, off the frame loop."""
        def loaded(done) -> None:
            if not done.ok:
                self.status = f"Cannot read the choices ({done.problem})"
                self.relayout_soon()
                return
            found = done.value.found

            def counted() -> None:  # reading the translations takes a while: off the frame loop too
                translated = self._count(found.get("home_language") or "")

                def show() -> None:
                    self.class_id, self.inherited, self.translated = done.value.class_id, found, translated
                    self.values = found.pupil_values if self.pupil_id is not None else found.class_values
                    self.status = ""
                    self.relayout_soon()

                self.ctx.on_frame_loop(show)

            self.ctx.jobs.submit(counted, lane="languages", then=_done)  # where translations are read

        self.ctx.recorder.preferences(self.class_name, self.pupil_id, loaded)

    def _count(self, code: str) -> int:
        """How many lines are translated into that language (read here, off the frame loop)."""
        from ...languages.game_lines import game_lines
        from ...languages.home import load

        home = load(code, "both", self.ctx.library.lessons, [line for line, _where in game_lines()]) if code else None
        return len(home.by_id) if home is not None else 0

    def build(self, screen: pygame.Rect) -> None:
        from .overview_pages import TeacherButton

        m = Metrics.of(screen.size)
        self.add(Button("back", m.home_button(), self.ctx.stack.pop, fill=WHITE, icon=self.ctx.icon("back")))
        self.add(Label("title", m.title_box(), f"Home language: {self.who}", int(m.target * 0.5), TEACHER_BLUE))
        area = pygame.Rect(m.margin, m.content_top, m.width - 2 * m.margin, m.content_bottom - m.content_top)
        if self.status or self.inherited is None:
            self.add(Label("status", area, self.status or "Loading…", int(m.short * 0.04), INK))
            return
        code = self.inherited.get("home_language") or ""
        mode = self.inherited.get("language_mode")
        row_h = max(m.target // 2, int(area.h * 0.11))
        choices = [("", "No home language")] + [(lang.code, lang.name) for lang in LANGUAGES.values()]
        if self.pupil_id is not None:
            choices.insert(0, (None, "Same as the class"))
        rows = -(-len(choices) // 4)
        languages = pygame.Rect(area.x, area.y, area.w, rows * row_h + (rows - 1) * m.gap // 2)
        for (value, words), cell in zip(choices, grid(languages, len(choices), 4, m.gap // 2)):
            chosen = ("home_language" not in self.values) if value is None else (
                "home_language" in self.values and value == code)
            self.add(TeacherButton(f"lang-{value if value is not None else 'class'}", cell,
                                   lambda value=value: self.choose("home_language", value),
                                   fill=CHOSEN if chosen else WHITE, label=words))
        modes = pygame.Rect(area.x, languages.bottom + m.gap, area.w, row_h)
        for value, cell in zip(MODES, grid(modes, len(MODES), len(MODES), m.gap // 2)):
            self.add(TeacherButton(f"mode-{value}", cell, lambda value=value: self.choose("language_mode", value),
                                   fill=CHOSEN if value == mode else WHITE, label=MODE_WORDS[value]))
        note = pygame.Rect(area.x, modes.bottom + m.gap, area.w, area.bottom - modes.bottom - m.gap)
        self.add(Label("note", note, self.note(code, mode), int(m.short * 0.032), INK, align="left"))

    def note(self, code: str, mode: str) -> str:
        """What the teacher should know about the language in force: where it comes from, voice, font."""
        language = LANGUAGES.get(code)
        where = {"pupil": "chosen for this pupil", "class": "the class's choice",
                 "default": "nothing chosen"}[self.inherited.where("home_language")]
        if language is None:
            return f"Children hear and see English only ({where})."
        heard = {"both": f"{language.name}, then English", "home": f"{language.name} only",
                 "english": "English only"}[mode]
        lines = [f"{language.name} ({where}): children hear {heard}. The English words stay on screen, "
                 f"with the {language.name} under them.",
                 f"{self.translated} lines are translated into {language.name}"
                 + ("." if self.translated else
                    ": none yet, so children hear and see English (translators: see the README).")]
        if language.voice is None:
            lines.append(language.note)
        if language.font_note:
            lines.append(language.font_note)
        lines.append("Lines not yet translated are said in English. Translations are machine drafts that no "
                     "speaker has checked yet (see the README).")
        return "\n".join(lines)

    def choose(self, key: str, value) -> None:
        """Write the choice (None: take it away) off the frame loop, then put it in force for whoever plays."""
        if self.class_id is None:
            return
        if key == "home_language" and value == "" and self.pupil_id is None:
            value = None  # the class's "English only" is the default: nothing kept

        def saved(done) -> None:
            if done.problem:
                self.status = done.problem
            preferences.reload(self.ctx)
            self._load()

        self.ctx.recorder.run(SetPreference(self.class_id, self.pupil_id, key, value), then=saved)


def _done(_result: object) -> None:
    """Nothing to hand back: the job shows its own result (a failure is logged by the jobs API)."""
