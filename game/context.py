"""Everything a scene may use, handed to it explicitly (no globals)."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Protocol
from pathlib import Path

import pygame

from .lessons.library import LessonLibrary
from .lessons.pictures import PictureCatalog
from .narration import Narrator
from .progress import SessionProgress
from .recording import NullRecorder, Recorder
from .settings import Settings
from .worries import Worries
from .render import PictureCache, TextRenderer, vertical_gradient

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


class WindowControl(Protocol):
    def quit(self) -> None: ...
    def toggle_fullscreen(self) -> None: ...
    def is_fullscreen(self) -> bool: ...


class Backgrounds:
    """Background gradients, made once per (size, colours)."""

    def __init__(self) -> None:
        self._cache: dict[tuple, pygame.Surface] = {}

    def get(self, size: tuple[int, int], top, bottom) -> pygame.Surface:
        key = (size, top, bottom)
        if key not in self._cache:
            if len(self._cache) > 8:
                self._cache.clear()
            self._cache[key] = vertical_gradient(size, top, bottom)
        return self._cache[key]


@dataclass
class Context:
    library: LessonLibrary
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

    def save_settings(self) -> None:
        """Write the settings file off the frame loop. Each write takes the latest values under
        one lock, so a quick run of changes always ends with the last one on disk."""
        if self.data_dir is None:
            return

        def write() -> None:
            with _SETTINGS_WRITE:
                Settings(**vars(self.settings)).save(self.data_dir)

        threading.Thread(target=write, name="settings-save", daemon=True).start()

    def icon(self, name: str) -> Path:
        path = self.catalog.emoji_svg(UI_EMOJI[name])
        assert path is not None, f"OpenMoji has no {UI_EMOJI[name]}"
        return path

    @property
    def ui_icons(self) -> dict[str, Path]:
        return {"right": self.icon("right"), "wrong": self.icon("wrong")}
