"""Putting a new screen together over a few frames, while the last one stays on show.

A screen that has to be drawn whole (it was just chosen, or the window changed) cost one long frame:
at 4K its pictures' SVGs, its words and a full repaint add up to 20-120 ms, during which nothing
else moved and no tap was read. Instead, the screen is got ready the way ``prepare.Preparer`` gets a
coming screen ready (words fitted one per unit, pictures drawn by the worker thread and taken in one
per unit) and then painted onto the window's surface in bands, a few milliseconds of each frame.
Only when the last band is painted is the window updated, so a child never sees half a screen: the
last screen stays up meanwhile, with the pressed button on it. The frame loop runs these frames
back to back, without waiting for the next tick, so the new screen comes as soon as its work is
done (and sooner than before, as the pictures are drawn on the other core meanwhile).

A screen guessed by the Preparer is already ready: it only has to be painted.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Iterator

import pygame

from .prepare import WAIT, Budget, Scratch, Steps, take_pictures

if TYPE_CHECKING:
    from .context import Context
    from .scenes.base import Scene

COMPOSE_SECONDS = 0.005  # of each frame, for putting the new screen together
PAINT_AT_ONCE_MS = 5.0  # a change estimated to paint in less is painted in its frame, as ever
BAND_PIXELS = 1_000_000  # painted a band of about this many pixels at a time (1080p in two, 4K in eight): 2 ms
PAINT_MS_PER_MPX = 2.0  # background, cards, pictures and words, for one million pixels of screen
LONGEST_WAIT_SECONDS = 2.0  # for the picture worker; then the screen is painted with what it has


def paint_ms(rect: pygame.Rect) -> float:
    return PAINT_MS_PER_MPX * rect.w * rect.h / 1_000_000


def paint_ms_of(areas: list[pygame.Rect]) -> float:
    return sum(paint_ms(area) for area in areas)


def bands(screen: pygame.Rect) -> list[pygame.Rect]:
    """An area cut into horizontal bands of about BAND_PIXELS each (one, if it is small)."""
    count = max(1, min(screen.h, round(screen.w * screen.h / BAND_PIXELS)))
    edges = [screen.y + screen.h * index // count for index in range(count + 1)]
    return [pygame.Rect(screen.x, top, screen.w, bottom - top) for top, bottom in zip(edges, edges[1:])]


class Composer:
    """Puts one scene at a time together on the window's surface: all of it, or the areas of a large
    change (an answer judged turns cards and brings in the feedback: at 4K several million pixels)."""

    def __init__(self, ctx: "Context") -> None:
        self.ctx = ctx
        self.scene: Scene | None = None  # the scene being put together
        self.areas: list[pygame.Rect] | None = None  # where (None: all of it)
        self._job: tuple | None = None  # what a whole screen was started for: a layout or surface change restarts it
        self._steps: Steps | None = None

    @property
    def busy(self) -> bool:
        """A screen is being put together."""
        return self._steps is not None

    @property
    def waiting(self) -> bool:
        """Only waiting for the picture worker (which wakes the frame loop when it hands one back)."""
        return self._steps is not None and self._steps.waiting

    def start(self, scene: "Scene", surface: pygame.Surface, areas: list[pygame.Rect] | None = None) -> None:
        """Begin putting ``scene`` together on ``surface``: all of it, or only ``areas`` (from
        ``Scene.changes``: the rest of the surface already shows the scene)."""
        self.scene, self.areas = scene, areas
        self._job = (scene, scene.layouts, surface, surface.get_size())
        self._steps = Steps(self._units(scene, surface, areas))

    def go_on(self, frame_started: float) -> bool:
        """Work on it in what is left of this frame. True once it is done: the caller then shows it."""
        assert self._steps is not None and self.scene is not None
        scene, surface = self.scene, self._job[2] if self._job else None
        if self.areas is None and self._job != (scene, scene.layouts, surface, surface.get_size()):
            self.start(scene, surface)  # laid out afresh meanwhile: the whole of it again
        self._steps.run(Budget(frame_started, COMPOSE_SECONDS))
        if not self._steps.done:
            return False
        self._steps = None
        return True

    def _units(self, scene: "Scene", surface: pygame.Surface,
               areas: list[pygame.Rect] | None) -> Iterator[float | None]:
        from .scenes.base import Scene

        if type(scene).draw is not Scene.draw:  # a scene drawing more than its widgets: as it draws itself
            yield paint_ms(surface.get_rect())
            scene.draw(surface)
            return
        entries = scene.to_draw()
        screen = pygame.Rect(0, 0, *scene.size).clip(surface.get_rect())
        areas = [screen] if areas is None else areas
        scratch = Scratch(self.ctx, urgent=True)
        yield from scratch.draw_onto_nothing([entry.widget for entry in entries
                                              if any(area.collidelist(entry.areas) != -1 for area in areas)])
        yield from scratch.text.fit_asked()
        deadline = time.monotonic() + LONGEST_WAIT_SECONDS
        for cost in take_pictures(self.ctx.pictures, scratch.pictures):
            if cost is WAIT and time.monotonic() > deadline:
                break  # a stuck worker: whatever is still missing is drawn as the screen is painted
            yield cost
        # Widgets are painted as they are when their band comes; what changed since ``entries`` (a tap,
        # a spoken line) differs from them, so the caller's next render repaints it.
        for area in areas:
            for band in bands(area):
                yield paint_ms(band)
                scene.paint_area(surface, entries, band)
        scene.drawn_as(surface, entries)
