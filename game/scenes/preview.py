"""The preview's one screen: a lesson as a child sees it, with a bar and any errors for its author.

It wraps the ordinary lesson screens (the player, then the reward) instead of changing them,
so the author sees exactly what a child will see. Those screens get a stack of their own
(``PageStack``) so that their home, finish and "play again" buttons move within this lesson
instead of leaving it. Keys work here because this scene asks for them (``wants_keys``); the
normal game's screens never do, so children's key presses still do nothing there.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING, Callable, TextIO

import pygame

from ..engine.input import Intent, KeyPress, PointerDown, TextTyped
from ..engine.layout import Metrics
from ..lessons.kinds import questions
from ..lessons.loader import Problem
from ..lessons.model import Lesson, Line
from ..progress import stars_for
from .base import Scene
from .player import PlayerScene
from .preview_bar import (BAR_TEXT, ERROR_RED, WARNING_AMBER, bar_rect, draw_bar, draw_problem_panel,
                          source_lines)
from .reward import RewardScene
from .widgets import Element, Widget

if TYPE_CHECKING:
    from ..authoring.preview import LessonWatcher, Reload

KEYS_HELP = "Left / Right: scenes   Home: first   R: reload   Esc: close"
UPDATED_SECONDS = 2.5  # how long the bar says "updated" after a save
UPDATED_GREEN = (130, 220, 150)
NEXT_KEYS = (pygame.K_RIGHT, pygame.K_PAGEDOWN)
BACK_KEYS = (pygame.K_LEFT, pygame.K_PAGEUP)
SHORTCUT_MODS = pygame.KMOD_CTRL | pygame.KMOD_ALT | pygame.KMOD_META


class PreviewPlayer(PlayerScene):
    """The ordinary lesson player, opened at any scene (the author skips ahead with a key)."""

    ask_before_home = False  # its home is this lesson's first scene: nothing to lose, nothing to carry on

    def __init__(self, ctx, lesson: Lesson, index: int = 0) -> None:
        super().__init__(ctx, lesson)
        if index:
            self._show(index)


class PageStack:
    """What a lesson screen inside the preview sees as ``ctx.stack``: every move stays in the lesson."""

    def __init__(self, preview: "PreviewScene") -> None:
        self._preview = preview

    @property
    def top(self) -> Scene | None:
        return self._preview.page

    def push(self, scene: Scene) -> None:  # the certificate, from the reward
        self._preview.set_page(scene)

    def replace(self, scene: Scene) -> None:  # the player's finish, the reward's "play again"
        self._preview.set_page(scene)

    def pop(self) -> None:
        self._preview.go_to(0)

    def pop_to(self, predicate: Callable[[Scene], bool]) -> None:  # the reward's "more lessons"
        self._preview.go_to(0)

    def home(self) -> None:  # the home button: this lesson's first scene is the preview's home
        self._preview.go_to(0)


class PreviewScene(Scene):
    name = "preview"
    wants_keys = True  # for the adult at the keyboard: see game/engine/app.py App.handle

    def __init__(self, ctx, path: Path, watcher: "LessonWatcher", first: "Reload",
                 log: TextIO | None = None) -> None:
        super().__init__(ctx)
        self.path = path
        self.watcher = watcher
        self.log = log
        self.page_ctx = dataclasses.replace(ctx, stack=PageStack(self))
        self.lesson: Lesson | None = None
        self.page: Scene | None = None  # the lesson screen showing: a player, or the reward at the end
        self.problems: tuple[Problem, ...] = ()  # of the newest version of the file
        self.text = ""  # the newest version of the file, to quote the lines with problems
        self.versions = 0  # versions of the file taken in, the first included
        self.show_warnings = False
        self.panel: list[tuple[str, pygame.Rect]] = []  # the problem panel's rows as last drawn, and where
        self._updated_left = 0.0
        self._take(first)
        self._updated_left = 0.0  # the first version is not an update

    # -- what is showing --------------------------------------------------------------
    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def position(self) -> int:
        """The scene showing (0-based); the number of scenes when the lesson's end is showing."""
        if self.lesson is None:
            return 0
        if isinstance(self.page, PlayerScene):
            return self.page.index
        return len(self.lesson.scenes)

    @property
    def dirty(self) -> bool:  # type: ignore[override]
        return self._dirty or (self.page is not None and self.page.dirty)

    @dirty.setter
    def dirty(self, value: bool) -> None:
        self._dirty = value

    @property
    def animating(self) -> bool:  # type: ignore[override]
        return self.page is not None and self.page.animating

    @property
    def unsettled(self) -> bool:  # type: ignore[override]
        """Its page was laid out with some words' sizes guessed (Scene.layout): laid out again first."""
        return self.page is not None and self.page.unsettled

    @unsettled.setter
    def unsettled(self, value: bool) -> None:
        pass  # the page's own layout says

    # -- moving around ----------------------------------------------------------------
    def set_page(self, page: Scene) -> None:
        if self.page is not None and self.page is not page:
            self.page.on_exit()
        self.page = page
        if self.size != (0, 0):
            page.layout(self.size)
            page.on_enter()
        self._dirty = True

    def go_to(self, index: int) -> None:
        """Show scene ``index`` (0-based), or the end (stars and rule) for ``len(scenes)``."""
        if self.lesson is None:
            return
        scenes = self.lesson.scenes
        index = max(0, min(index, len(scenes)))
        if index == len(scenes):
            asked = len(questions(scenes))
            self.set_page(RewardScene(self.page_ctx, self.lesson, stars_for(asked, asked)))
        else:
            self.set_page(PreviewPlayer(self.page_ctx, self.lesson, index))

    def step(self, change: int) -> None:
        target = max(0, min(self.position + change, len(self.lesson.scenes) if self.lesson else 0))
        if target != self.position:
            self.go_to(target)

    # -- a new version of the file ----------------------------------------------------
    def _take(self, version: "Reload") -> None:
        result, forced = version.result, version.forced
        was_broken = bool(self.errors)
        self.problems = result.problems
        self.text = version.text
        self.versions += 1
        self._updated_left = UPDATED_SECONDS
        self._dirty = True
        if self.log is not None:
            for problem in result.problems:
                print(problem.format(), file=self.log, flush=True)
        new = result.lesson
        if new is None:
            self.show_warnings = False
            self.ctx.narrator.stop()  # the last good version must not talk over its own errors
            return
        if not self.warnings:
            self.show_warnings = False
        old, position = self.lesson, self.position
        index = same_place(old, new, position)
        self.lesson = new
        page = self.page
        if (not forced and not was_broken and isinstance(page, PlayerScene) and old is not None
                and position < len(old.scenes) and index < len(new.scenes)
                and old.scenes[position] == new.scenes[index]):
            page.lesson = new  # the words on screen did not change: keep its answers, and its speech going
            page.rebuild()
            return
        self.go_to(index)

    def close(self) -> None:
        """Stop watching the file (the window is closing)."""
        self.watcher.close()

    # -- the scene stack's hooks, passed on to the page -----------------------------------
    def on_enter(self) -> None:
        if self.page is not None:
            self.page.on_enter()

    def on_pause(self) -> None:
        if self.page is not None:
            self.page.on_pause()

    def on_resume(self) -> None:
        if self.page is not None:
            if self.page.size != self.size:
                self.page.layout(self.size)
            self.page.on_resume()
        self._dirty = True

    def on_exit(self) -> None:
        if self.page is not None:
            self.page.on_exit()

    def narration(self) -> list[Line]:
        return self.page.narration() if self.page is not None else []

    def replay(self) -> None:
        if self.page is not None:
            self.page.replay()

    def on_narration(self, line: Line | None) -> None:
        if self.page is not None:
            self.page.on_narration(line)

    def layout(self, size: tuple[int, int]) -> None:
        self.size = size
        if self.page is not None:
            self.page.layout(size)
        self._dirty = True

    def build(self, screen: pygame.Rect) -> None:  # the page builds its own widgets
        pass

    def relayout_soon(self) -> None:
        if self.page is not None:
            self.page.relayout_soon()
        self._dirty = True

    def widget(self, name: str) -> Widget:
        if self.page is None:
            raise KeyError(f"the preview shows no lesson, so it has no widget {name!r}")
        return self.page.widget(name)

    def elements(self) -> list[Element]:
        found = self.page.elements() if self.page is not None and not self.errors else []
        found.append(Element("preview-bar", bar_rect(self.size), "decor"))
        if self.errors or self.show_warnings:
            found.append(Element("preview-problems", self.panel_rect(), "text"))
        return found

    # -- the frame ----------------------------------------------------------------------
    def handle(self, intent: Intent) -> None:
        if isinstance(intent, KeyPress):
            self.key(intent.key, intent.mod)
        elif isinstance(intent, TextTyped):
            return
        elif self.errors:
            return  # the panel covers the lesson: nothing under it to tap
        elif self.show_warnings:
            if isinstance(intent, PointerDown):
                self.show_warnings = False  # a tap anywhere puts the advice away
                self._dirty = True
        elif self.page is not None:
            self.page.handle(intent)

    def key(self, key: int, mod: int = 0) -> None:
        if mod & SHORTCUT_MODS:
            return  # Ctrl+Shift+Q and friends belong to the game
        if key == pygame.K_ESCAPE:
            if self.show_warnings:
                self.show_warnings = False
                self._dirty = True
            elif self.ctx.window is not None:
                self.ctx.window.quit()
        elif key == pygame.K_r:
            self.watcher.reload_now()
        elif self.errors:
            return  # nothing to step through until the mistake is fixed
        elif key == pygame.K_w and self.warnings:
            self.show_warnings = not self.show_warnings
            self._dirty = True
        elif key in NEXT_KEYS:
            self.step(1)
        elif key in BACK_KEYS:
            self.step(-1)
        elif key == pygame.K_HOME:
            self.go_to(0)
        elif key == pygame.K_END:
            self.go_to(len(self.lesson.scenes) if self.lesson else 0)

    def update(self, dt: float) -> None:
        version = self.watcher.take()
        if version is not None:
            self._take(version)
        if self._updated_left > 0:
            self._updated_left -= dt
            if self._updated_left <= 0:
                self._dirty = True  # the "updated" note goes
        if self.page is not None:
            self.page.update(dt)

    def draw(self, surface: pygame.Surface) -> None:
        if self.page is not None:
            self.page.draw(surface)
        else:
            self.ctx.backgrounds.draw(surface, self.size, *self.background)
        fonts = self.ctx.text.fonts
        self.panel = []
        if self.errors:
            count = len(self.errors)
            mistakes = "a mistake" if count == 1 else f"{count} mistakes"
            behind = " Behind this is the last version that worked." if self.lesson is not None else ""
            self.panel = draw_problem_panel(
                surface, fonts, self.panel_rect(), f"This lesson has {mistakes}, so it cannot play yet.",
                f"Fix it in your editor and save: the preview updates by itself.{behind}",
                self.places(self.errors), ERROR_RED,
                "…and {count} more: run  python play.py check  on the file to see them all.")
        elif self.show_warnings and self.warnings:
            count = len(self.warnings)
            self.panel = draw_problem_panel(
                surface, fonts, self.panel_rect(),
                f"{count} warning{'s' if count != 1 else ''}: advice only, the lesson still plays.",
                "Press W or tap to put this away.", self.places(self.warnings), WARNING_AMBER,
                "…and {count} more: run  python play.py check  on the file to see them all.")
        draw_bar(surface, fonts, bar_rect(self.size), self.bar_text(), KEYS_HELP)
        self._dirty = False

    # -- words for the author -----------------------------------------------------------
    @property
    def panel_rows(self) -> list[str]:
        """The words on the problem panel as last drawn, row by row (empty when it is not showing)."""
        return [text for text, _ in self.panel]

    def places(self, problems: list[Problem]) -> list[tuple[str, str, list[str]]]:
        """Each problem, top of the file first: where ("lesson.yaml:12"; the full path if another file),
        what it is, and that line as written. A lone problem (a typing slip such as a missing ':', which
        the reader only notices on the next line) also shows the line before it."""
        shown = []
        for problem in sorted(problems, key=lambda p: (p.line, p.column)):
            if problem.path != self.path:
                shown.append((f"{problem.path}:{problem.line}", problem.message, []))
                continue
            lines = source_lines(self.text, problem.line)
            shown.append((f"{problem.path.name}:{problem.line}", problem.message,
                           lines if len(problems) == 1 else lines[-1:]))
        return shown

    def panel_rect(self) -> pygame.Rect:
        m = Metrics.of(self.size)
        bar = bar_rect(self.size)
        return pygame.Rect(m.margin, m.margin, m.width - 2 * m.margin, bar.top - 2 * m.margin)

    def bar_text(self) -> list[tuple[str, tuple[int, int, int]]]:
        """The bar's left side: the file, where in the lesson, and anything to know about it."""
        pieces = [(self.path.name, BAR_TEXT)]
        if self.errors:
            count = len(self.errors)
            pieces.append((f"   {count} mistake{'s' if count != 1 else ''} to fix", (255, 170, 150)))
        elif self.lesson is not None:
            count = len(self.lesson.scenes)
            if self.position < count:
                scene = self.lesson.scenes[self.position]
                pieces.append((f"   scene {self.position + 1} of {count}: {scene.id}", BAR_TEXT))
            else:
                pieces.append(("   the end: stars and rule", BAR_TEXT))
            if self.warnings:
                count = len(self.warnings)
                pieces.append((f"   {count} warning{'s' if count != 1 else ''} (W)", (255, 205, 120)))
        if self._updated_left > 0:
            pieces.append(("   updated", UPDATED_GREEN))
        return pieces

    def bar_words(self) -> str:
        """The bar's words, in one string (tests read it)."""
        return "".join(text for text, _ in self.bar_text()) + "   " + KEYS_HELP


def same_place(old: Lesson | None, new: Lesson, position: int) -> int:
    """Where to stay after the file changed: the same scene id, else the same number, else the last."""
    if old is None:
        return 0
    if position >= len(old.scenes):
        return len(new.scenes)  # the end stays the end
    scene_id = old.scenes[position].id
    for index, scene in enumerate(new.scenes):
        if scene.id == scene_id:
            return index
    return min(position, len(new.scenes) - 1)
