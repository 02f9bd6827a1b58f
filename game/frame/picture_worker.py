"""The picture worker: draws pictures a screen will need before it is shown, off the frame loop."""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path
from typing import Callable, Iterator

import pygame

from ..cast.pictures import CastRenderer, is_cast, png_path
from ..engine.jobs import Job, Jobs
from ..native.svg import SvgRasteriser
from .caches import pixels_of
from . import picture_load
from .surfaces import display_ready


class AheadDrawer:
    """Pictures drawn before they are needed, one at a time, on the "pictures" lane (game/engine/jobs.py): a
    picture needed on screen now (``urgent``) goes before those asked for ahead.

    Why it is safe: the worker only reads a file and rasterises it into a new surface no other thread
    can see until it is handed over (``finished``/``take``, under a lock); it never touches the window,
    the caches or fonts. ``lock`` lets only one rasterisation run at a time in the whole game, so
    SDL_image's SVG code is never run by two threads at once. A picture that fails is simply dropped:
    ``get`` draws it, or notes it missing, when it is needed.
    What it costs the frame loop: with ``rasteriser`` (game/native/svg.py) nothing; an SVG comes back
    in the window's format, drawn and converted while Python's lock is let go. Without it, pygame holds
    the lock for part of each SVG (the loop was held up for about half of the worker's busy time, in
    stretches of up to 12 ms) and the picture is converted on the frame loop's thread
    (``PictureCache.take_drawn``), so pictures are asked for while the screen is quiet (game/frame/prepare.py).
    """

    def __init__(self, on_done: Callable[[], None] | None = None, rasteriser: SvgRasteriser | None = None,
                 cast: CastRenderer | None = None, jobs: Jobs | None = None) -> None:
        self.on_done = on_done  # told (on the worker thread) after each picture: wakes a sleeping frame loop
        self.rasteriser = rasteriser
        self.cast = cast
        self.lock = threading.Lock()  # held around every rasterisation, on either thread
        # Cleared while the frame loop waits for ``lock``: a lock is not fair, and the worker, going
        # from one picture to the next, took it back again and again (the loop waited 60 ms for a 220 px one).
        self._worker_may_draw = threading.Event()
        self._worker_may_draw.set()
        self._state = threading.Lock()  # guards the four collections below
        # Its thread is kept while the game runs: asking for a picture from the frame loop must never pay
        # for starting a thread (a screen asks for a dozen at once); waiting for work, it costs nothing.
        self._lane = (jobs if jobs is not None else Jobs()).lane("pictures", keep_thread=True)
        self._queued: dict[tuple[Path, int], Job] = {}  # each picture's job on the lane, to cancel or hurry it
        self._wanted: set[tuple[Path, int]] = set()  # requested and not yet taken
        self._done: dict[tuple[Path, int], pygame.Surface | None] = {}
        self._working: tuple[Path, int] | None = None

    @property
    def busy(self) -> bool:
        with self._state:
            return bool(self._wanted)

    @property
    def has_finished(self) -> bool:
        with self._state:
            return bool(self._done)

    def request(self, key: tuple[Path, int], urgent: bool = False) -> None:
        with self._state:
            if key in self._wanted:
                if urgent and key != self._working and key not in self._done:
                    self._queue(key, urgent=True)  # asked for ahead, now needed on screen: draw it next
                return
            self._wanted.add(key)
            self._queue(key, urgent)

    def _queue(self, key: tuple[Path, int], urgent: bool) -> None:
        """Put the picture on the lane (holding ``_state``); one queued already is taken off first."""
        queued = self._queued.pop(key, None)
        if queued is not None:
            queued.cancel()
        self._queued[key] = self._lane.submit(self._draw, key, urgent=urgent)

    def _forget(self, key: tuple[Path, int]) -> None:
        """Nobody wants the picture any more (holding ``_state``): off the lane, if it is still on it."""
        self._wanted.discard(key)
        queued = self._queued.pop(key, None)
        if queued is not None:
            queued.cancel()

    def wants(self, key: tuple[Path, int]) -> bool:
        with self._state:
            return key in self._wanted

    def next_finished_pixels(self) -> int:
        """How many pixels of the next finished picture the frame loop must convert: 1 for one in the
        window's format already (taking it in costs nothing), 0 if none is finished."""
        with self._state:
            if not self._done:
                return 0
            surface = next(iter(self._done.values()))
        if surface is None or display_ready(surface):
            # None: it could not be drawn (missing, damaged, refused as too large). Taken in as nothing, so
            # a screen waiting for it goes on at once (the placeholder is made as it is painted): counted as
            # 0 it was never taken in, and the screen waited LONGEST_WAIT_SECONDS (2 s) for it after a tap.
            return 1
        return pixels_of(surface)

    def finished(self) -> tuple[tuple[Path, int], pygame.Surface | None] | None:
        with self._state:
            if not self._done:
                return None
            key = next(iter(self._done))
            self._forget(key)
            return key, self._done.pop(key)

    def take(self, key: tuple[Path, int]) -> pygame.Surface | None:
        """The picture if the worker has it or is drawing it now (waiting for it: sooner than starting
        again); None if it is not being drawn (then nothing waits: the caller draws it)."""
        while True:
            with self._state:
                if key in self._done:
                    self._forget(key)
                    return self._done.pop(key)
                if self._working != key:
                    self._forget(key)  # still queued: taken off the lane
                    return None
            with self.frame_loop_turn():  # the worker holds it while drawing this very picture: wait for it
                pass

    @contextlib.contextmanager
    def frame_loop_turn(self) -> Iterator[None]:
        """Hold ``lock`` for the frame loop, which waits for at most the picture being drawn now."""
        self._worker_may_draw.clear()
        try:
            with self.lock:
                yield
        finally:
            self._worker_may_draw.set()

    def stop(self) -> None:
        """The game is closing: pictures not begun are dropped; the one being drawn (if any) finishes."""
        self._lane.close(timeout=0)

    def _draw(self, key: tuple[Path, int]) -> None:
        """One picture, on the lane's thread."""
        self._worker_may_draw.wait()  # before it says what it draws: ``take`` waits only for a picture begun
        with self._state:
            if key not in self._wanted or key in self._done:
                return  # taken (drawn by the frame loop itself) before its turn came, or a repeat
        if self.cast is not None and is_cast(key[0]) and not png_path(*key).is_file():
            # Drawn in the render process; when its PNG is there this picture is queued again. Meanwhile
            # the lane goes on with other pictures, holding no lock (``take`` never waits for this).
            self.cast.submit(*key).add_done_callback(lambda _, key=key: self._cast_drawn(key))
            return
        with self._state:
            if key not in self._wanted or key in self._done:
                return
            self._working = key
        surface: pygame.Surface | None = None
        try:
            with self.lock:
                surface = picture_load.load_picture(*key, self.rasteriser)
        except Exception:  # noqa: BLE001 - drawing ahead is only a head start: any failure, get() retries
            surface = None
        finally:
            with self._state:
                self._working = None
                if key in self._wanted:
                    self._done[key] = surface
            if self.on_done is not None:
                self.on_done()

    def _cast_drawn(self, key: tuple[Path, int]) -> None:
        """The render process is done with a cast picture (or failed: then loading it fails, and
        ``get`` shows it as missing): load it next."""
        if png_path(*key).is_file():
            with self._state:
                self._queue(key, urgent=True)
        else:
            with self._state:
                if key in self._wanted:
                    self._done[key] = None
            if self.on_done is not None:
                self.on_done()
