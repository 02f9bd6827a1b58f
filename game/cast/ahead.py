"""Drawing the cast ahead of need: every character a lesson shows, at the window's sizes, into the cache.

A cast picture not drawn yet at a size is drawn by resvg when a screen first needs it (60-500 ms a
character, more at 4K), and the screen waits for it. So once the home screen is up and taking taps, the
Preparer (game/frame/prepare.py) lays out every screen of every lesson onto nothing, a few at a frame,
and hands the cast pictures they show to ``CastAhead``, which has them drawn, one at a time, by a render
process of its own started niced (``--low-priority``): it uses only time the frame loop, the on-screen
drawings (the game's own ``CastRenderer``) and the machine leave over, and never runs on a thread beside the
frame loop. Only the pictures of the letter or lesson on show (``prefer``), wanted in a moment as the
Preparer's guesses are, go to the game's own render process instead, when it has nothing to draw (and
only drawings short enough not to keep a screen waiting behind them long).
The drawings are PNG files in the cache folder, kept between games: a picture whose file is there is
skipped, so a second start draws nothing, and nothing drawn ahead is held in the game's memory (the
picture worker loads a file only when a screen is about to show it).

The order: the first screens of every lesson, then the second ones, and so on (a child opens a lesson far
more often than they reach its end, and the Preparer asks for a lesson's next screen while the child is on
the one before); ``prefer`` moves groups (the lessons of the letter on show, the lesson being played) to
the front. The process ends when nothing is left to draw, so its memory is given back.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Sequence

from ..engine.jobs import Jobs
from .pictures import CastRenderer, drawn_size, png_path

if TYPE_CHECKING:  # a hint only: concurrent.futures is not imported before the first frame (tests/test_startup.py)
    from concurrent.futures import Future

LANE = "cast-ahead"  # picks the next drawing and checks the cache folder (never the frame loop: disk)
# The largest drawing of the letter or lesson on show given to the game's own render process (0.2 s at most):
# a larger one (1536 px at 4K, 0.5 s) would keep a screen about to show waiting behind it, one tap in three.
LEND_UP_TO_PX = 768


class CastAhead:
    """A queue of cast pictures to draw ahead, in a niced render process, one at a time."""

    def __init__(self, jobs: Jobs, renderer: CastRenderer | None = None, beside: CastRenderer | None = None) -> None:
        self._jobs = jobs
        # The game's own render process (what a screen about to show needs): started with the first drawing
        # ahead, so that its start-up is paid before a screen waits for it; what it is drawing is skipped here.
        self._beside = beside
        self.renderer = renderer if renderer is not None else CastRenderer(
            jobs=jobs, low_priority=True, replies_lane="cast-ahead-replies")
        self._lock = threading.Lock()
        self._queue: list[tuple[str, tuple[Path, int]]] = []  # (group, picture and size), in drawing order
        self._queued: set[tuple[Path, int]] = set()  # the drawings in the queue (one a drawn size)
        self._going = False  # a pick is on the lane, or a drawing is in the render process
        self._preferred: set[str] = set()  # groups drawn first, those added later too
        self._closed = False
        self.drawn = 0  # drawings made ahead (tests, benches)

    def add(self, keys: Iterable[tuple[Path, int]], group: str = "") -> None:
        """Draw these (picture, size) ahead, after those added before. Safe on the frame loop: no disk."""
        with self._lock:
            for path, size in keys:
                drawing = (path, drawn_size(size))
                if drawing not in self._queued:
                    self._queued.add(drawing)
                    self._queue.append((group, (path, int(size))))
            if group in self._preferred:
                self._sort()
        self._go()

    def _sort(self) -> None:
        """The preferred groups' pictures first (holding ``_lock``); stable: the order added is kept in each part."""
        self._queue.sort(key=lambda item: item[0] not in self._preferred)

    def prefer(self, groups: Sequence[str]) -> None:
        """Draw the pictures of ``groups`` first, in the order they were added (the first screens of a letter's
        lessons before their second ones), the rest in their order after them."""
        with self._lock:
            self._preferred = set(groups)
            if self._preferred:
                self._sort()

    def start_over(self) -> None:
        """Forget what is queued (the window changed size: other sizes are wanted now)."""
        with self._lock:
            self._queue.clear()
            self._queued.clear()

    @property
    def idle(self) -> bool:
        """Nothing queued and nothing being drawn."""
        with self._lock:
            return not self._queue and not self._going

    def close(self) -> None:
        """The game is closing: nothing more is drawn (the drawing under way finishes in its process)."""
        with self._lock:
            self._closed = True
            self._queue.clear()
        self.renderer.close()

    def _go(self) -> None:
        with self._lock:
            if self._going or self._closed or not self._queue:
                return
            self._going = True
        self._jobs.submit(self._next, lane=LANE)

    def _next(self) -> None:
        """On the lane: ask the render process for the next picture not in the cache folder yet."""
        while True:
            with self._lock:
                if self._closed or not self._queue:
                    self._going = False
                    done = not self._closed
                    break
                group, key = self._queue.pop(0)
                self._queued.discard((key[0], drawn_size(key[1])))
                preferred = group in self._preferred
            beside = self._beside
            if png_path(*key).is_file() or (beside is not None and beside.is_drawing(*key)):
                continue
            if beside is not None:
                beside.start()
            # A picture of the letter or lesson on show is wanted soon, like the Preparer's guesses: drawn at the
            # game's own priority if its process has nothing to draw (niced, a busy machine starved it for seconds).
            lend = preferred and drawn_size(key[1]) <= LEND_UP_TO_PX
            renderer = beside if beside is not None and lend and not beside.drawing else self.renderer
            with self._lock:  # never a new process once closed (``close`` may run meanwhile)
                if self._closed:
                    self._going = False
                    return
                drawing = renderer.submit(*key)
            drawing.add_done_callback(self._drawn)
            return
        if done:
            self.renderer.close()  # nothing left: the process ends (and is started again if more is added)

    def _drawn(self, future: Future) -> None:
        """Told by the render process's reader, which may hold the renderer's lock (so ``_lock`` is not taken
        here: ``_next`` holds it while it asks the renderer): on to the next, on the lane."""
        if future.exception() is None:
            self.drawn += 1
        if self._closed:
            self._going = False
            return
        self._jobs.submit(self._next, lane=LANE)
