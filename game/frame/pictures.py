"""Pictures (SVG or PNG) at any size, drawn once per size and kept; drawn ahead by the picture worker.

A picture not drawn yet is asked of the worker (game/frame/picture_worker.py) while a screen is being got
ready, taken back in strips on the frame loop (``take_drawn``), and kept in the window's pixel format.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pygame

from ..cast.ahead import CastAhead
from ..cast.pictures import CastNotDrawn, CastRenderer
from ..engine.jobs import Jobs
from ..native.svg import SvgRasteriser
from .caches import Lru
from . import picture_load
from .picture_load import PictureRefused, missing_picture
from .picture_worker import AheadDrawer
from .surfaces import STRIP_PIXELS, StripConversion, blank_display_picture, display_ready, for_display


class PictureCache:
    """Pictures (SVG or PNG) scaled to fit a square, rendered once per size."""

    def __init__(self, jobs: "Jobs | None" = None) -> None:
        self.jobs = jobs  # the game's lanes: pictures are drawn ahead on its "pictures" lane
        self._cache = Lru(256, screens=2.0)  # home and all five letter screens (prepared on home) are 0.95 of one
        self.missing: set[Path] = set()  # pictures that could not be drawn (deleted after loading): for the teacher
        self.refused: dict[Path, str] = {}  # pictures too large to draw safely (a picture bomb), and why: for the teacher
        self._ahead: AheadDrawer | None = None  # started on the first draw_ahead
        self._converting: StripConversion | None = None  # a picture back from the worker, being taken in
        self.on_drawn_ahead: Callable[[], None] | None = None  # told on the worker thread as each is done
        self._svg: SvgRasteriser | None | bool = False  # False: not looked for yet
        # Cast pictures (game/cast/pictures.py) are drawn in another process; one not drawn yet at a
        # size is shown as a transparent stand-in, never waited for, and the screen is put together
        # again when it comes (``late``). Tools that print screens wait instead (``wait_for_cast``).
        self.cast = CastRenderer(jobs=jobs)  # starts its process only when first asked
        # The cast of every lesson drawn ahead, at the window's sizes, by a niced process of its own
        # (game/cast/ahead.py; the Preparer finds what to draw), so a screen rarely asks ``cast`` at all.
        self.cast_ahead = CastAhead(jobs if jobs is not None else Jobs(), beside=self.cast)
        self.wait_for_cast = False
        self._stand_ins: set[tuple[Path, int]] = set()
        self._blanks: dict[int, pygame.Surface] = {}
        self.late = False  # a picture shown as a stand-in has come: the screen on show needs it

    @property
    def standing_in(self) -> bool:
        """A cast picture on show is a stand-in still (or has just come and is not on show yet)."""
        return bool(self._stand_ins) or self.late

    def _stand_in(self, key: tuple[Path, int]) -> pygame.Surface:
        self._stand_ins.add(key)
        self.draw_ahead(*key, urgent=True)  # drawn (in the render process) and then loaded by the worker
        blank = self._blanks.get(key[1])
        if blank is None:
            if len(self._blanks) > 8:
                self._blanks.clear()
            blank = self._blanks[key[1]] = blank_display_picture((key[1], key[1]))
        return blank

    def has(self, path: Path, size: int) -> bool:
        """The picture at this size is kept (``get`` returns it at once)."""
        return self._cache.get((path, max(1, int(size)))) is not None

    def has_variant(self, kind: str, path: Path, size: int, *args) -> bool:
        """``faded`` or ``dimmed`` with these arguments is kept."""
        return self._cache.get((kind, path, max(1, int(size)), *args)) is not None

    def faded(self, path: Path, size: int, alpha: int) -> pygame.Surface:
        """The picture drawn see-through (a wrong answer, an unearned star's slot), made once per size."""
        key = ("faded", path, max(1, int(size)), alpha)
        cached = self._cache.get(key)
        if cached is None:
            cached = self.get(path, size).copy()
            cached.set_alpha(alpha)
            if (path, max(1, int(size))) not in self._stand_ins:  # a stand-in's is made again when it comes
                self._cache.put(key, cached)
        return cached

    def dimmed(self, path: Path, size: int, multiply: tuple[int, int, int, int], alpha: int) -> pygame.Surface:
        """The picture darkened (multiplied) and see-through: an empty slot's grey star, made once per size."""
        key = ("dimmed", path, max(1, int(size)), multiply, alpha)
        cached = self._cache.get(key)
        if cached is None:
            cached = self.get(path, size).copy()
            cached.fill(multiply, special_flags=pygame.BLEND_RGBA_MULT)
            cached.set_alpha(alpha)
            if (path, max(1, int(size))) not in self._stand_ins:
                self._cache.put(key, cached)
        return cached

    def turned(self, path: Path, size: int, degrees: int) -> pygame.Surface:
        """The picture turned (Ollie's tilt), smoothed, made once per size and angle: a tilt passes
        through a few angles only, so each is turned once and then only blitted."""
        key = ("turned", path, max(1, int(size)), degrees)
        cached = self._cache.get(key)
        if cached is None:
            cached = pygame.transform.rotozoom(self.get(path, size), degrees, 1.0)
            if (path, max(1, int(size))) not in self._stand_ins:
                self._cache.put(key, cached)
        return cached

    def get(self, path: Path, size: int) -> pygame.Surface:
        size = max(1, int(size))
        key = (path, size)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        if self._converting is not None and self._converting.key == key:
            surface, self._converting = self._converting.finish(), None  # needed now: the rest of it at once
            self._cache.put(key, surface)
            return surface
        try:
            ready = self._ahead.take(key) if self._ahead is not None else None
            surface = ready if ready is not None else self._ahead_lock_load(path, size)
        except CastNotDrawn:
            if key not in self.cast.failed and not self.wait_for_cast:
                return self._stand_in(key)  # never waited for: drawn in the render process meanwhile
            try:
                if key in self.cast.failed:
                    raise CastNotDrawn(self.cast.failed[key])
                self.cast.draw_now(path, size)  # a tool printing screens (never the game's frame loop)
                surface = self._ahead_lock_load(path, size)
            except Exception:  # noqa: BLE001 - it cannot be drawn: a grey frame, and the teacher is told
                surface = missing_picture(size)
                self.missing.add(path)
        except PictureRefused as refused:
            surface = missing_picture(size)
            self.refused[path] = str(refused)
        except (pygame.error, OSError, FileNotFoundError):
            surface = missing_picture(size)
            self.missing.add(path)
        surface = for_display(surface)
        self._put_drawn(key, surface)  # a stand-in shown before for it is done with: the screen gets this one
        return surface

    def _ahead_lock_load(self, path: Path, size: int) -> pygame.Surface:
        if self._ahead is None:
            return picture_load.load_picture(path, size, self._rasteriser())
        with self._ahead.frame_loop_turn():  # never two SVG rasterisations at once (see AheadDrawer)
            return picture_load.load_picture(path, size, self._rasteriser())

    def _rasteriser(self) -> SvgRasteriser | None:
        """SDL_image's SVG drawing without Python's lock (game/native/svg.py), looked for on first use."""
        if self._svg is False:
            self._svg = SvgRasteriser.find()
        return self._svg

    # -- drawing ahead, off the frame loop (game/frame/prepare.py, game/frame/compose.py) ------------------
    def draw_ahead(self, path: Path, size: int, urgent: bool = False) -> tuple[Path, int] | None:
        """Start drawing a picture a screen will need, on a worker thread: ``take_drawn`` or ``get``
        takes it. ``urgent``: for the screen being put together now, before any screen guessed at.
        Returns the picture's key if it is being drawn (None: it is already kept)."""
        size = max(1, int(size))
        if self._cache.get((path, size)) is not None:
            return None
        if self._ahead is None:
            self._ahead = AheadDrawer(self.on_drawn_ahead, self._rasteriser(), self.cast, self.jobs)
        self._ahead.request((path, size), urgent)
        return (path, size)

    def drawing(self, key: tuple[Path, int]) -> bool:
        """Asked for ahead and not yet taken in (being drawn, queued, back and waiting, or being converted)."""
        if self._converting is not None and self._converting.key == key:
            return True
        return self._ahead is not None and self._ahead.wants(key)

    def next_drawn_pixels(self) -> int:
        """How many pixels the next ``take_drawn`` converts (0: nothing to take in): what it costs."""
        if self._converting is not None:
            return self._converting.next_pixels
        pixels = self._ahead.next_finished_pixels() if self._ahead is not None else 0
        return min(pixels, STRIP_PIXELS) if pixels else 0

    def take_drawn(self) -> bool:
        """Take in a strip of a picture the worker finished, converting it to the window's format (which
        only this, the frame loop's thread, does); a picture is put into the cache once it is whole.
        True if there was anything to do."""
        if self._converting is None:
            finished = self._ahead.finished() if self._ahead is not None else None
            if finished is None:
                return False
            key, surface = finished
            if surface is None and key in self._stand_ins:  # a cast picture that could not be drawn
                self._stand_ins.discard(key)
                self.late = True  # the screen is put together again, with a grey frame for it
            if surface is None or self._cache.get(key) is not None:
                if surface is not None and key in self._stand_ins:  # loaded meanwhile by ``get``
                    self._stand_ins.discard(key)
                    self.late = True
                return True
            if display_ready(surface):
                self._put_drawn(key, surface)
                return True
            self._converting = StripConversion(key, surface)
        if self._converting.step():
            self._put_drawn(self._converting.key, self._converting.target)
            self._converting = None
        return True

    def _put_drawn(self, key: tuple[Path, int], surface: pygame.Surface) -> None:
        self._cache.put(key, surface)
        if key in self._stand_ins:
            self._stand_ins.discard(key)
            self.late = True

    def close(self) -> None:
        """Stop the picture worker (the game is closing)."""
        if self._ahead is not None:
            self._ahead.stop()
        self.cast.close()
        self.cast_ahead.close()

    @property
    def drawing_ahead(self) -> bool:
        """Pictures asked for and not yet taken in."""
        return self._converting is not None or (self._ahead is not None and self._ahead.busy)

    @property
    def drawn_ahead(self) -> bool:
        """Pictures back from the worker (or half converted), waiting for ``take_drawn``."""
        return self._converting is not None or (self._ahead is not None and self._ahead.has_finished)
