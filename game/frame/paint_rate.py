"""Paint-rate learning: what painting a million pixels costs on this machine, learnt from each paint timed.

Bands of a screen being put together (game/frame/compose.py) are cut to this rate, and a change is
painted in its own frame only if this rate says it is small (game/engine/app.py).
"""

from __future__ import annotations

import time
from collections import deque
from typing import TYPE_CHECKING, Iterator

import pygame

if TYPE_CHECKING:
    from .redraw import Screen

BAND_MS = 1.0  # a screen is painted in bands cut to cost about this each, at the paint rate learnt so far
PAINT_MS_PER_MPX = 4.0  # background, cards, pictures and words, for one million pixels at 4K: the first guess
LEARN_FROM_PIXELS = 50_000  # smaller paints say more about Python's overhead than about painting


def _cpu_clock():
    """The frame loop thread's own CPU time, if this system counts it finely (Linux does): a paint the
    machine interrupted should not teach that painting is slow. Otherwise wall time."""
    info = time.get_clock_info("thread_time")
    return time.thread_time if info.resolution <= 1e-6 else time.perf_counter


class PaintRate:
    """What painting a million pixels of screen costs on this machine, learnt from each paint timed.

    A guess fixed beforehand was out by two or three times: at 4K, a band of cards, pictures and words
    estimated at 2 ms took 5-6, and one frame took all of it. So the cost is learnt as the game paints:
    the median of the last few paints large enough to say (a paint that had to draw a picture or words
    not ready, or that the machine interrupted, is one odd figure among them, not the new rate). Bands
    are cut to this rate, and a change is painted at once only if this rate says it is small."""

    KEPT = 9

    def __init__(self, ms_per_mpx: float = PAINT_MS_PER_MPX, clock=None) -> None:
        self.ms_per_mpx = ms_per_mpx
        self.clock = clock or _cpu_clock()
        self._seen: deque[float] = deque([ms_per_mpx], maxlen=self.KEPT)

    def ms(self, pixels: int) -> float:
        return self.ms_per_mpx * pixels / 1_000_000

    def ms_of(self, areas: list[pygame.Rect]) -> float:
        return self.ms(sum(area.w * area.h for area in areas))

    def rows_for(self, width: int, ms: float) -> int:
        """How many rows of ``width`` pixels paint in about ``ms``."""
        return max(1, int(ms * 1_000_000 / (self.ms_per_mpx * max(1, width))))

    def learn(self, pixels: int, ms: float) -> None:
        if pixels < LEARN_FROM_PIXELS:
            return
        self._seen.append(ms * 1_000_000 / pixels)
        self.ms_per_mpx = max(0.2, _median(self._seen))

    def paint(self, scene: "Screen", surface: pygame.Surface, entries, area: pygame.Rect) -> None:
        """``scene.paint_area``, timed and learnt from."""
        started = self.clock()
        scene.paint_area(surface, entries, area)
        self.learn(area.w * area.h, (self.clock() - started) * 1000)


def _median(values: "deque[float]") -> float:
    """As ``statistics.median``, for the few figures kept: importing statistics (and fractions and decimal with
    it) cost every start some 1.5 ms before its first frame (tests/test_startup.py)."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def bands(area: pygame.Rect, rate: PaintRate, ms: float = BAND_MS) -> Iterator[pygame.Rect]:
    """``area`` cut into horizontal bands that paint in about ``ms`` each, at ``rate`` as it is when
    each band is cut (it learns from the band before)."""
    top = area.y
    while top < area.bottom:
        band = pygame.Rect(area.x, top, area.w, min(rate.rows_for(area.w, ms), area.bottom - top))
        yield band
        top = band.bottom
