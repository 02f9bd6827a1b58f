"""Everything a scene may use, handed to it explicitly (no globals)."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol
from pathlib import Path

import pygame

from .lessons.pending import PendingLibrary
from .lessons.pictures import PictureCatalog
from .narration import Narrator
from .progress import SessionProgress
from .recording import NullRecorder, Recorder
from .settings import Settings
from .worries import Worries
from .render import PictureCache, TextRenderer, vertical_gradient

if TYPE_CHECKING:
    from .lessons.library import LessonLibrary

UI_EMOJI = {
    "home": "🏠",
    "next": "➡️",
    "back": "⬅️",
    "about": "ℹ️",
    "again": "🔁",
    "more": "📚",
    "star": "⭐",
    "right": "✅",
    "wrong": "❌",
    "title": "🌟",
    "previous-page": "⏪",
    "next-page": "⏩",
    "speaker": "🔊",
    "badge": "🏅",
    "certificate": "🏆",
    "save": "💾",
    "worry": "🙋",
}


_SETTINGS_WRITE = threading.Lock()
SETTINGS_RETRY_SECONDS = 2.0


class WindowControl(Protocol):
    def quit(self) -> None: ...
    def toggle_fullscreen(self) -> None: ...
    def is_fullscreen(self) -> bool: ...


class Backgrounds:
    """Background gradients, drawn from one cached column each.

    A gradient changes only down the screen, so what is kept per (height, colours) is a single
    column of it (4 KB at 1080p) rather than the whole screen (8 MB at 1080p, 33 MB at 4K: with a
    background per letter, per lesson and per reward that was 70 MB and more). ``draw`` stretches
    the column across the window, or across one rect of it for a partial redraw, straight into the
    target: as fast as blitting a whole-screen copy (faster at 4K), and pixel for pixel the same.
    """

    MAX_COLUMNS = 32  # a few KB each

    def __init__(self) -> None:
        self._columns: OrderedDict[tuple, pygame.Surface] = OrderedDict()
        self._whole: tuple[tuple, pygame.Surface] | None = None  # get()'s last surface, for reuse

    def column(self, height: int, top, bottom) -> pygame.Surface:
        """The gradient one pixel wide, in the window's pixel format."""
        key = (max(1, int(height)), tuple(top), tuple(bottom))
        column = self._columns.get(key)
        if column is None:
            column = vertical_gradient((1, key[0]), top, bottom)
            self._columns[key] = column
            while len(self._columns) > self.MAX_COLUMNS:
                self._columns.popitem(last=False)
        else:
            self._columns.move_to_end(key)
        return column

    def draw(self, surface: pygame.Surface, size: tuple[int, int], top, bottom,
             area: pygame.Rect | None = None) -> None:
        """Paint the background of a ``size`` window onto ``surface`` at (0, 0): all of it, or only ``area``."""
        rect = pygame.Rect(0, 0, *size).clip(surface.get_rect())
        if area is not None:
            rect = rect.clip(area)
        if rect.w <= 0 or rect.h <= 0:
            return
        strip = self.column(size[1], top, bottom).subsurface((0, rect.y, 1, rect.h))
        try:
            pygame.transform.scale(strip, rect.size, surface.subsurface(rect))
        except ValueError:  # a target in another pixel format (an off-screen copy): stretch, then blit
            surface.blit(pygame.transform.scale(strip, rect.size), rect)

    def get(self, size: tuple[int, int], top, bottom) -> pygame.Surface:
        """The whole background as a surface of its own. Prefer ``draw``: only the last one is kept."""
        key = (tuple(size), tuple(top), tuple(bottom))
        if self._whole is None or self._whole[0] != key:
            self._whole = None  # let the old one go before making the new one
            surface = pygame.Surface(size)
            surface = surface.convert() if pygame.display.get_surface() is not None else surface
            self.draw(surface, size, top, bottom)
            self._whole = (key, surface)
        return self._whole[1]


@dataclass
class Context:
    lessons: "LessonLibrary | PendingLibrary"
    catalog: PictureCatalog
    text: TextRenderer
    pictures: PictureCache
    narrator: Narrator
    settings: Settings = field(default_factory=Settings)
    recorder: "Recorder | NullRecorder" = field(default_factory=NullRecorder)
    progress: SessionProgress = field(default_factory=SessionProgress)
    backgrounds: Backgrounds = field(default_factory=Backgrounds)
    stack: "object" = None  # the SceneStack, set by the App that owns both
    player_name: str | None = None  # the child's first name, for the certificate
    data_dir: Path | None = None  # where certificates, settings and progress are kept
    window: "WindowControl | None" = None  # quit and fullscreen: teacher mode only
    worries: "Worries | None" = None
    # Why settings or the PIN are not on disk (a read-only or full data folder), for the teacher.
    settings_problem: str | None = None
    pin_problem: str | None = None
    unsaved_pin: "object | None" = None  # the TeacherPin, while it cannot be saved: kept for the session
    _settings_wanted: int = field(default=0, repr=False)  # bumped by each save_settings call

    @property
    def library(self) -> "LessonLibrary":
        """Every lesson; waits for them if they are still loading in the background."""
        lessons = self.lessons
        return lessons.get() if isinstance(lessons, PendingLibrary) else lessons

    @property
    def library_ready(self) -> bool:
        return not isinstance(self.lessons, PendingLibrary) or self.lessons.ready

    def save_settings(self) -> None:
        """Write the settings file off the frame loop. Each write takes the latest values under
        one lock, so a quick run of changes always ends with the last one on disk.

        If the data folder cannot be written (read-only, or the disk is full) the settings stay
        in force in memory, ``settings_problem`` tells the teacher, and the write is tried again
        every few seconds until it works (or a newer change takes over the retrying), so nothing
        is lost once the folder can be written again.
        """
        if self.data_dir is None:
            return
        self._settings_wanted += 1
        mine = self._settings_wanted

        def write() -> None:
            while True:
                with _SETTINGS_WRITE:
                    if mine != self._settings_wanted:
                        return  # a newer change is being saved, with these values too
                    try:
                        Settings(**vars(self.settings)).save(self.data_dir)
                        self.settings_problem = None
                        return
                    except OSError as error:
                        self.settings_problem = (f"settings are not being saved ({error.strerror or error}); "
                                                 "they will be saved when they can be")
                time.sleep(SETTINGS_RETRY_SECONDS)

        threading.Thread(target=write, name="settings-save", daemon=True).start()

    def teacher_notices(self) -> list[str]:
        """What a grown-up should know is not being kept, or not working as it should: one sentence each.
        The home screen and teacher mode show them (speech problems are the narrator's own notices)."""
        fonts = getattr(self.text, "fonts", None)
        found = [self.recorder.problem, self.settings_problem, self.pin_problem, getattr(fonts, "problem", None)]
        missing = sorted(path.name for path in getattr(self.pictures, "missing", ()))
        if missing:
            shown = ", ".join(missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
            found.append(f"{'a picture is' if len(missing) == 1 else 'some pictures are'} missing ({shown}), "
                         "so a grey frame is shown instead: check the lessons' folders")
        return [f"{text[0].upper()}{text[1:]}" + ("" if text.endswith(".") else ".") for text in found if text]

    def icon(self, name: str) -> Path:
        path = self.catalog.emoji_svg(UI_EMOJI[name])
        assert path is not None, f"OpenMoji has no {UI_EMOJI[name]}"
        return path

    @property
    def ui_icons(self) -> dict[str, Path]:
        return {"right": self.icon("right"), "wrong": self.icon("wrong")}
