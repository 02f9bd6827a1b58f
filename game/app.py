"""The running game: window, frame loop and the services scenes are given."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pygame

from .context import Context
from .fonts import FontBook
from .input import InputRouter, Intent, KeyPress, QuitRequest, Resized
from .lessons.library import BUILTIN_LESSONS_DIR, LessonLibrary
from .lessons.loader import LessonLoader
from .lessons.pictures import PictureCatalog
from .narration import Narrator, QuietNarrator
from .render import PictureCache, TextRenderer
from .scenes.base import SceneStack
from .scenes.home import HomeScene

ACTIVE_FPS = 60
IDLE_FPS = 15
DEFAULT_WINDOW = (1280, 800)


def default_cache_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("smart-stars", appauthor=False))


@dataclass
class Options:
    fullscreen: bool = True
    size: tuple[int, int] | None = None
    lesson_dirs: list[Path] = field(default_factory=lambda: [BUILTIN_LESSONS_DIR])
    cache_dir: Path | None = None


def open_window(options: Options) -> pygame.Surface:
    pygame.display.set_caption("SMART Stars")
    if options.fullscreen:
        return pygame.display.set_mode(options.size or (0, 0), pygame.FULLSCREEN)
    return pygame.display.set_mode(options.size or DEFAULT_WINDOW, pygame.RESIZABLE)


class App:
    """Owns the window, the scene stack and the frame loop."""

    def __init__(self, screen: pygame.Surface, ctx: Context, fullscreen: bool) -> None:
        self.screen = screen
        self.ctx = ctx
        self.fullscreen = fullscreen
        self.router = InputRouter(self.size)
        self.stack = SceneStack(self.size)
        ctx.stack = self.stack
        self.clock = pygame.time.Clock()
        self.running = True
        self.stack.push(HomeScene(ctx))

    @classmethod
    def create(cls, options: Options, narrator: Narrator | None = None) -> "App":
        pygame.display.init()
        pygame.font.init()
        screen = open_window(options)
        catalog = PictureCatalog()
        library = LessonLibrary.load(LessonLoader(catalog), options.lesson_dirs)
        fonts = FontBook(options.cache_dir or default_cache_dir())
        ctx = Context(
            library=library,
            catalog=catalog,
            text=TextRenderer(fonts),
            pictures=PictureCache(),
            narrator=narrator or QuietNarrator(),
        )
        return cls(screen, ctx, options.fullscreen)

    def size(self) -> tuple[int, int]:
        surface = pygame.display.get_surface() or self.screen
        return surface.get_size()

    # -- the loop ------------------------------------------------------------------
    def run(self) -> None:
        while self.step():
            pass
        pygame.quit()

    def step(self, dt: float | None = None) -> bool:
        """One frame: read input, update, draw if anything changed. False once quitting.

        ``dt`` is given by tests and tools to advance time without waiting.
        """
        intents = self.router.poll()
        for intent in intents:
            self.handle(intent)
        if not self.running:
            return False
        top = self.stack.top
        if dt is None:
            busy = bool(intents) or top.animating or top.dirty
            dt = self.clock.tick(ACTIVE_FPS if busy else IDLE_FPS) / 1000.0
        top.update(dt)
        self.ctx.narrator.update(dt)
        if top.dirty or top.animating:
            self.screen = pygame.display.get_surface() or self.screen
            top.draw(self.screen)
            pygame.display.flip()
        return True

    def handle(self, intent: Intent) -> None:
        if isinstance(intent, QuitRequest):
            # In fullscreen a child cannot reach a close button; Alt+F4 and the
            # like are ignored there. The adult key combination always works.
            if not (intent.from_window and self.fullscreen):
                self.running = False
        elif isinstance(intent, Resized):
            self.screen = pygame.display.get_surface() or self.screen
            self.stack.resize(intent.size)
        elif isinstance(intent, KeyPress):
            pass  # children press keys: no key does anything for them (Escape included)
        else:
            self.stack.top.handle(intent)


def headless_environment() -> None:
    """For tools and tests: no window, no sound device."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
