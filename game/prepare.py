"""Getting the next screen ready while the child is still looking at this one.

A screen's first frame renders its words and pictures: at 4K one large picture takes 13-25 ms to
draw from its SVG, so a scene change was one long frame. While a screen stays up (a child listens to
it for seconds) the frame loop spends what is left of each frame, a few milliseconds, laying out the
screen most likely to come next on a scratch copy and drawing it onto nothing: its words go into the
text cache, and its pictures are drawn by a worker thread (``render.AheadDrawer``) and taken into the
picture cache one per frame. When the child moves on, the new screen only has to be blitted.

Nothing here changes what is shown: the scratch screens are never entered, and their drawing lands
on a surface with nothing in its clip.
"""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path
from typing import TYPE_CHECKING, Iterator

import pygame

from .input import wake_frame_loop

if TYPE_CHECKING:
    from .context import Context
    from .render import PictureCache
    from .scenes.base import Scene

PREPARE_UNTIL_SECONDS = 0.004  # into a frame: work only while the frame so far took less than this


class _AheadPictures:
    """The picture cache as a screen being prepared sees it: pictures not drawn yet are handed to
    the worker thread instead of being drawn here, and a blank stands in (it is drawn onto nothing)."""

    def __init__(self, pictures: "PictureCache") -> None:
        self._pictures = pictures
        self._blank = pygame.Surface((1, 1), pygame.SRCALPHA)

    def get(self, path: Path, size: int) -> pygame.Surface:
        self._pictures.draw_ahead(path, size)
        return self._blank

    def faded(self, path: Path, size: int, alpha: int) -> pygame.Surface:
        return self.get(path, size)

    def dimmed(self, path: Path, size: int, multiply, alpha: int) -> pygame.Surface:
        return self.get(path, size)

    @property
    def missing(self) -> set[Path]:
        return self._pictures.missing


class Preparer:
    """Works through the coming screen of whatever scene is on top, a step at a time."""

    def __init__(self, ctx: "Context") -> None:
        self.ctx = ctx
        ctx.pictures.on_drawn_ahead = wake_frame_loop
        self._nowhere = pygame.Surface((1, 1))
        self._nowhere.set_clip(pygame.Rect(0, 0, 0, 0))  # every blit and card lands outside: nothing is drawn
        self._planned_for: tuple | None = None  # (scene, its layout count, size) the plan was made for
        self.enabled = True  # off: every screen renders its words and pictures when first shown
        self._steps: Iterator[None] | None = None

    @property
    def pending(self) -> bool:
        """Work left: screens to lay out, or pictures on (or back from) the worker."""
        return self._steps is not None or self.ctx.pictures.drawing_ahead

    @property
    def ready(self) -> bool:
        """Work the frame loop can do now (not just pictures still being drawn by the worker, which
        wakes the loop when one is done): while there is, the loop does not sleep."""
        return self._steps is not None or self.ctx.pictures.drawn_ahead

    def work(self, top: "Scene", until: float) -> None:
        """Prepare for ``top`` (planning afresh if it changed since) until ``until`` (perf_counter)."""
        if not self.enabled:
            return
        key = (top, top.layouts, top.size)  # the scene itself (compared by identity), not a reusable id()
        if key != self._planned_for:
            self._planned_for = key
            self._steps = self._plan(top)
        while time.perf_counter() < until:
            if self.ctx.pictures.take_drawn():
                continue
            if self._steps is None:
                return
            try:
                next(self._steps)
            except StopIteration:
                self._steps = None
            except Exception:  # noqa: BLE001 - a head start only: whatever fails is drawn when it is shown
                self._steps = None

    def _plan(self, top: "Scene") -> Iterator[None]:
        size = top.size
        if size[0] <= 0 or size[1] <= 0:
            return
        scratch_ctx = dataclasses.replace(self.ctx, pictures=_AheadPictures(self.ctx.pictures))
        for make in top.upcoming(scratch_ctx):
            scene = make()
            yield
            scene.layout(size)
            yield
            self.ctx.backgrounds.column(size[1], *scene.background)
            yield
            for widget in scene.widgets:
                if widget.visible:
                    widget.draw(self._nowhere, scratch_ctx)
                    yield
