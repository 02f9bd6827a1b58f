"""Which native fast paths the game is using, and, where one fell back, why: in words for a grown-up.

The fast paths (game/native/wait.py, game/native/svg.py) give way silently to pygame's slower ways when
SDL cannot be called as they expect: an idle game then polls (about 3% of a core, a tablet's battery)
and pictures are drawn holding Python's lock (frames held up while a picture is drawn). Nothing looks
wrong, so this report says it: logged once at start (``log``), printed by ``play.py --about`` and shown,
in a few words, on the teacher's About page (``summary``).
"""

from __future__ import annotations

import ctypes
import logging
import platform
from dataclasses import dataclass

import pygame

from .sdl import Finder, Loader, Version, candidates, dotted, sdl_image_version, sdl_version
from .svg import find_svg
from .wait import POLLING_DRIVERS, find_wait

LOG = logging.getLogger(__name__)


@dataclass(frozen=True)
class FastPath:
    """One fast path: ``line`` says what is used; ``fallback`` why the fast path is not (None: no problem)."""

    name: str  # "idle wait", "SVG"
    in_use: bool  # what the game uses now
    found: bool  # the native call was found: it would be used wherever it is any faster
    line: str  # e.g. "idle wait: SDL_WaitEventTimeout (libSDL2-2.0.so.0)"
    short: str  # a few words for the About page
    fallback: str | None = None  # why the game fell back to pygame's way


@dataclass(frozen=True)
class Capabilities:
    idle: FastPath
    svg: FastPath
    sdl: str  # "SDL 2.32.10"
    sdl_image: str  # "SDL_image 2.8.12"
    pygame: str  # "pygame-ce 2.5.8"
    python: str
    platform: str  # "Linux 6.1.0 x86_64"
    display: str  # the video driver, e.g. "x11"

    @property
    def fallbacks(self) -> list[FastPath]:
        return [path for path in (self.idle, self.svg) if path.fallback]

    def lines(self) -> list[str]:
        """The whole report, a line each (``play.py --about``, the log)."""
        return [self.idle.line, self.svg.line, f"{self.sdl}, {self.sdl_image}, {self.pygame}, Python {self.python}",
                f"platform: {self.platform}, display: {self.display}"]

    def summary(self) -> str:
        """A few words for the teacher's About page."""
        return (f"Idle: {self.idle.short}. Pictures: {self.svg.short}. "
                f"{self.sdl}, {self.pygame}, {self.platform.split(' ')[0]}.")

    def log(self, logger: logging.Logger = LOG) -> None:
        """Log the report once: a warning if a fast path fell back (shown even where logging is not set up)."""
        level = logging.WARNING if self.fallbacks else logging.INFO
        logger.log(level, "native calls:\n  %s", "\n  ".join(self.lines()))


def capabilities(find: Finder = candidates, load: Loader = ctypes.CDLL,
                 versions: tuple[Version | None, Version | None] | None = None,
                 driver: str | None = None) -> Capabilities:
    """What the game uses on this machine now (the display should be started: SDL's wait is checked to
    be in the SDL pygame started). ``find``, ``load``, ``versions`` ((SDL, SDL_image)) and ``driver``
    stand in for the real ones in tests."""
    sdl, image = versions or (sdl_version(), sdl_image_version())
    driver = driver or _driver()
    return Capabilities(
        idle=_idle(find, load, sdl, driver),
        svg=_svg(find, load, (sdl, image)),
        sdl=f"SDL {dotted(sdl)}",
        sdl_image=f"SDL_image {dotted(image) if image else 'missing'}",
        pygame=f"{'pygame-ce' if getattr(pygame, 'IS_CE', False) else 'pygame (not pygame-ce)'} {pygame.version.ver}",
        python=platform.python_version(),
        platform=" ".join(part for part in (platform.system(), platform.release(), platform.machine()) if part),
        display=driver,
    )


def report_at_start(logger: logging.Logger = LOG) -> Capabilities | None:
    """Make the report and log it; None (and the error logged) if it could not be made: a report
    must never stop the game (it runs on the thread that reads the lessons)."""
    try:
        report = capabilities()
    except Exception:  # noqa: BLE001 - anything at all: the game plays on, pygame's ways or not
        logger.exception("native calls: the report could not be made")
        return None
    report.log(logger)
    return report


def _driver() -> str:
    try:
        return pygame.display.get_driver()
    except pygame.error:
        return "not started"


def _idle(find: Finder, load: Loader, sdl: Version, driver: str) -> FastPath:
    found = find_wait(find, load, sdl)
    name = "idle wait"
    if found.value is None:
        return FastPath(name, False, False, f"{name}: pygame polling (fallback: {found.why_not})",
                        "polling (fallback: see play.py --about)", found.why_not)
    if driver in POLLING_DRIVERS:  # not a fallback: SDL's own wait polls on this display
        return FastPath(name, False, True, f"{name}: pygame polling (the {driver} display polls anyway; "
                                           f"SDL_WaitEventTimeout ready in {found.where})",
                        f"polling, as the {driver} display does")
    return FastPath(name, True, True, f"{name}: SDL_WaitEventTimeout ({found.where})", "SDL's wait")


def _svg(find: Finder, load: Loader, versions: tuple[Version | None, Version | None]) -> FastPath:
    found = find_svg(find, load, versions)
    if found.value is None:
        return FastPath("SVG", False, False, f"SVG: pygame (holds Python's lock) because {found.why_not}",
                        "pygame, holding Python's lock (see play.py --about)", found.why_not)
    return FastPath("SVG", True, True, f"SVG: SDL_image off Python's lock ({found.where})",
                    "SDL_image, off Python's lock")
