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

from .paint_rate import PaintRate, bands
from .prepare import WAIT, Budget, Scratch, Steps, take_pictures
from .redraw import Screen

if TYPE_CHECKING:
    from ..engine.context import Context

COMPOSE_SECONDS = 0.003  # of each frame, for putting the new screen together
PAINT_AT_ONCE_MS = 2.5  # a change estimated to paint in less is painted in its frame, as ever
LONGEST_WAIT_SECONDS = 2.0  # for the picture worker; then the screen is painted with what it has


def widgets_in(entries, areas: list[pygame.Rect]) -> list:
    """The widgets of ``entries`` (``Screen.to_draw``) that put pixels in any of ``areas``."""
    return [entry.widget for entry in entries if any(area.collidelist(entry.areas) != -1 for area in areas)]


class Composer:
    """Puts one scene at a time together on the window's surface: all of it, or the areas of a large
    change (an answer judged turns cards and brings in the feedback: at 4K several million pixels)."""

    def __init__(self, ctx: "Context") -> None:
        self.ctx = ctx
        self.scene: Screen | None = None  # the scene being put together
        self.areas: list[pygame.Rect] | None = None  # where (None: all of it)
        self._job: tuple | None = None  # what a whole screen was started for: a layout or surface change restarts it
        self._steps: Steps | None = None
        self.rate = PaintRate()

    @property
    def busy(self) -> bool:
        """A screen is being put together."""
        return self._steps is not None

    @property
    def waiting(self) -> bool:
        """Only waiting for the picture worker (which wakes the frame loop when it hands one back)."""
        return self._steps is not None and self._steps.waiting

    def start(self, scene: "Screen", surface: pygame.Surface, areas: list[pygame.Rect] | None = None) -> None:
        """Begin putting ``scene`` together on ``surface``: all of it, or only ``areas`` (from
        ``Screen.changes``: the rest of the surface already shows the scene)."""
        self.scene, self.areas = scene, areas
        self._job = (scene, scene.layouts, surface, surface.get_size())
        self._steps = Steps(self._units(scene, surface, areas))

    def has_all_for(self, entries, areas: list[pygame.Rect]) -> bool:
        """Every picture and word the widgets in ``areas`` draw is ready, so painting them at once draws
        none on the frame loop. A small change can still need new ones (a feedback's picture, a
        button's at a new size): drawn then, a dozen of them made a 68 ms frame, so such a change is
        put together instead, its pictures drawn by the worker meanwhile (asked for here already)."""
        if not areas:
            return True
        scratch = Scratch(self.ctx, urgent=True)
        for widget in widgets_in(entries, areas):
            widget.draw(scratch.nowhere, scratch.ctx)
        return not scratch.asked_anything

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

    def _units(self, scene: "Screen", surface: pygame.Surface,
               areas: list[pygame.Rect] | None) -> Iterator[float | None]:
        if type(scene).draw is not Screen.draw:  # a scene drawing more than its widgets: as it draws itself
            yield self.rate.ms(surface.get_width() * surface.get_height())
            scene.draw(surface)
            return
        entries = scene.to_draw()
        screen = pygame.Rect(0, 0, *scene.size).clip(surface.get_rect())
        areas = [screen] if areas is None else areas
        scratch = Scratch(self.ctx, urgent=True)
        yield from scratch.draw_onto_nothing(widgets_in(entries, areas))
        yield from scratch.text.fit_asked()
        deadline = time.monotonic() + LONGEST_WAIT_SECONDS
        for cost in take_pictures(self.ctx.pictures, scratch.pictures):
            if cost is WAIT and time.monotonic() > deadline:
                break  # a stuck worker: whatever is still missing is drawn as the screen is painted
            yield cost
        yield from scratch.pictures.make_variants()
        # Widgets are painted as they are when their band comes; what changed since ``entries`` (a tap,
        # a spoken line) differs from them, so the caller's next render repaints it.
        for area in areas:
            for band in bands(area, self.rate):
                yield self.rate.ms(band.w * band.h)
                self.rate.paint(scene, surface, entries, band)
        scene.drawn_as(surface, entries)
