"""Drive the running game the way a child does, for tests and the tour.

Every action posts real pygame events into the queue, exactly as SDL would
(a finger tap also posts SDL's synthetic mouse copy, flagged ``touch``), then
advances the real frame loop. Nothing reaches into a scene's handlers.
"""

from __future__ import annotations

import time
from typing import Iterable

import pygame

from .app import App
from ..scenes.base import Scene

FRAME = 1 / 60


class Pilot:
    def __init__(self, app: App) -> None:
        self.app = app
        self._next_finger = 1

    @property
    def scene(self) -> Scene:
        return self.app.stack.top

    def frames(self, count: int = 1, dt: float = FRAME) -> None:
        for _ in range(count):
            self.app.step(dt)

    def lessons_read(self) -> None:
        """Wait for the lessons the game reads in the background after its first frame.

        Taps wait for them first: the pilot can tap within a millisecond of the first frame, which
        no child can, and a letter tapped that early opens only once they are read.
        """
        if not self.app.ctx.library_ready:
            self.app.ctx.library  # noqa: B018 (waits for the loader thread)
            self.frames(1)  # the frame loop notices

    def _before_input(self) -> None:
        """What a child does before touching: waits until the lessons are there and the screen is on show."""
        self.lessons_read()
        self.progress_answered()
        self.shown()

    def progress_answered(self, timeout: float = 10.0) -> None:
        """Wait until the progress service has answered what the screens asked it (a class's pupils, the
        worries, a change written), and the answers are on show: it takes milliseconds, and no grown-up
        or child taps again that fast. The frame loop never waits for it (game/progress/service.py)."""
        recorder, handed_back = self.app.ctx.recorder, self.app.ctx.frame_jobs
        deadline = time.monotonic() + timeout
        while getattr(recorder, "answering", 0) or not handed_back.empty():
            while getattr(recorder, "answering", 0):
                if time.monotonic() > deadline:
                    raise AssertionError(f"the progress service was still answering after {timeout} s")
                time.sleep(0.001)
            self.frames(1)  # the answers are handed back on the frame loop (and may ask again)

    def shown(self, timeout: float = 10.0) -> None:
        """Run frames until the screen is on show, as a child looks before tapping: a new screen is put
        together over a few frames (game/frame/compose.py), its pictures drawn on a worker thread meanwhile."""
        deadline = time.monotonic() + timeout
        pictures = self.app.ctx.pictures
        while self.app.composer.busy or pictures.standing_in or self.app.stack.top.unsettled:  # a cast picture still being drawn: its stand-in
            if time.monotonic() > deadline:
                raise AssertionError(f"the screen was still being put together after {timeout} s")
            self.frames(1)
            if self.app.composer.waiting or (pictures.standing_in and not self.app.composer.busy):
                time.sleep(0.001)

    def wait(self, seconds: float) -> None:
        """Watch the screen for ``seconds`` of game time, from when it is on show."""
        self.shown()
        self.frames(max(1, round(seconds / FRAME)))

    def wait_until(self, condition, timeout: float = 5.0) -> None:
        """Run frames (with real time passing) until ``condition()``: for work done on other threads."""
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"still waiting after {timeout} s")
            self.frames(1)
            time.sleep(0.005)

    def _norm(self, pos: tuple[int, int]) -> tuple[float, float]:
        width, height = self.app.size()
        return (pos[0] / width, pos[1] / height)

    def _finger(self, kind: int, finger: int, pos: tuple[int, int]) -> pygame.event.Event:
        x, y = self._norm(pos)
        return pygame.event.Event(kind, touch_id=1, finger_id=finger, x=x, y=y, dx=0.0, dy=0.0, pressure=1.0)

    def _mouse_copy(self, kind: int, pos: tuple[int, int]) -> pygame.event.Event:
        attrs = {"pos": pos, "touch": True, "window": None}
        if kind == pygame.MOUSEMOTION:
            attrs.update(rel=(0, 0), buttons=(1, 0, 0))
        else:
            attrs["button"] = 1
        return pygame.event.Event(kind, attrs)

    def finger_down(self, pos: tuple[int, int], finger: int | None = None) -> int:
        finger = finger if finger is not None else self._new_finger()
        pygame.event.post(self._finger(pygame.FINGERDOWN, finger, pos))
        pygame.event.post(self._mouse_copy(pygame.MOUSEBUTTONDOWN, pos))
        return finger

    def finger_move(self, pos: tuple[int, int], finger: int) -> None:
        pygame.event.post(self._finger(pygame.FINGERMOTION, finger, pos))
        pygame.event.post(self._mouse_copy(pygame.MOUSEMOTION, pos))

    def finger_up(self, pos: tuple[int, int], finger: int) -> None:
        pygame.event.post(self._finger(pygame.FINGERUP, finger, pos))
        pygame.event.post(self._mouse_copy(pygame.MOUSEBUTTONUP, pos))

    def _new_finger(self) -> int:
        self._next_finger += 1
        return self._next_finger

    def tap(self, pos: tuple[int, int]) -> None:
        """A finger tap: down, one frame, up, one frame."""
        self._before_input()
        finger = self.finger_down(pos)
        self.frames(1)
        self.finger_up(pos, finger)
        self.frames(1)
        self.progress_answered()  # what the store says back comes in milliseconds: before the next look

    def click(self, pos: tuple[int, int]) -> None:
        """A mouse click (a real mouse: no ``touch`` flag, no finger events)."""
        self._before_input()
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=pos, button=1, touch=False, window=None))
        self.frames(1)
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=pos, button=1, touch=False, window=None))
        self.frames(1)
        self.progress_answered()  # what the store says back comes in milliseconds: before the next look

    def palm(self, positions: Iterable[tuple[int, int]]) -> None:
        """Several fingers landing at once, then lifting."""
        self._before_input()
        fingers = [(self.finger_down(pos), pos) for pos in positions]
        self.frames(1)
        for finger, pos in fingers:
            self.finger_up(pos, finger)
        self.frames(1)
        self.progress_answered()  # what the store says back comes in milliseconds: before the next look

    def key(self, key: int, mod: int = 0) -> None:
        self.shown()
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode="", scancode=0, window=None))
        pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=mod, unicode="", scancode=0, window=None))
        self.frames(1)
        self.progress_answered()  # what the store says back comes in milliseconds: before the next look

    def resize(self, size: tuple[int, int]) -> None:
        pygame.display.set_mode(size, pygame.RESIZABLE)
        pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, size=size, w=size[0], h=size[1], window=None))
        self.frames(1)

    def centre_of(self, widget_name: str) -> tuple[int, int]:
        return self.scene.widget(widget_name).rect.center

    def tap_widget(self, widget_name: str, *, mouse: bool = False) -> None:
        self.progress_answered()  # a screen filled in from the progress store: looked at before tapping
        self.shown()  # and laid out with all its words' sizes found (Scene.unsettled): where the widget is
        pos = self.centre_of(widget_name)
        if mouse:
            self.click(pos)
        else:
            self.tap(pos)

    def drag_widget(self, from_name: str, to_name: str, *, mouse: bool = False, steps: int = 6) -> None:
        """Press on one widget, move in steps (one frame each), release over another."""
        self._before_input()
        start, end = self.centre_of(from_name), self.centre_of(to_name)
        points = [(start[0] + (end[0] - start[0]) * i // steps, start[1] + (end[1] - start[1]) * i // steps)
                  for i in range(1, steps + 1)]
        if mouse:
            pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=start, button=1, touch=False, window=None))
            self.frames(1)
            for point in points:
                pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=point, rel=(0, 0), buttons=(1, 0, 0),
                                                     touch=False, window=None))
                self.frames(1)
            pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=end, button=1, touch=False, window=None))
        else:
            finger = self.finger_down(start)
            self.frames(1)
            for point in points:
                self.finger_move(point, finger)
                self.frames(1)
            self.finger_up(end, finger)
        self.frames(1)

    def screenshot(self, path) -> None:
        self.scene.draw(self.app.screen)
        pygame.image.save(self.app.screen, str(path))
