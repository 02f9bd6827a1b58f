"""The only reader of the pygame event queue: raw events in, intents out.

Why one place: SDL reports each touch twice (a FINGER event and a synthetic
mouse event flagged ``touch``), boards differ in what they send, and children
put whole palms on the screen. Deciding here, once, what counts as a press
keeps every scene simple: scenes only ever see ``PointerDown`` and friends.

Rules:
- a mouse event with ``touch`` set is SDL's copy of a finger: ignored;
- only the first finger is followed; while it is down, other fingers are ignored;
- several fingers landing together (in one poll) are a palm: all ignored until
  every finger has lifted;
- finger ``pressure`` is never read (pygame-ce 2.5.8 puts dy there).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Union

import pygame


@dataclass(frozen=True)
class PointerDown:
    pos: tuple[int, int]


@dataclass(frozen=True)
class PointerMove:
    pos: tuple[int, int]


@dataclass(frozen=True)
class PointerUp:
    pos: tuple[int, int]


@dataclass(frozen=True)
class KeyPress:
    key: int
    mod: int


@dataclass(frozen=True)
class TextTyped:
    """Characters from a physical keyboard (teacher mode's name entry only)."""

    text: str


@dataclass(frozen=True)
class Resized:
    size: tuple[int, int]


@dataclass(frozen=True)
class QuitRequest:
    """The adult quit combination (Ctrl+Shift+Q), or the window's close button."""

    from_window: bool = False


Intent = Union[PointerDown, PointerMove, PointerUp, KeyPress, TextTyped, Resized, QuitRequest]

QUIT_KEY = pygame.K_q
QUIT_MODS = pygame.KMOD_CTRL | pygame.KMOD_SHIFT


# Posted by other threads (a finished load, a checked PIN) so an idle frame loop wakes to show it.
WAKE_EVENT = pygame.USEREVENT + 1


def wake_frame_loop() -> None:
    """Wake the frame loop if it is asleep waiting for input. Safe from any thread."""
    if pygame.display.get_init():
        try:
            pygame.event.post(pygame.event.Event(WAKE_EVENT))
        except pygame.error:
            pass  # the queue is full: the loop is awake anyway


def is_quit_combo(key: int, mod: int) -> bool:
    return key == QUIT_KEY and bool(mod & pygame.KMOD_CTRL) and bool(mod & pygame.KMOD_SHIFT)


class InputRouter:
    """Turns each frame's raw events into intents, applying the touch rules above."""

    def __init__(self, window_size: Callable[[], tuple[int, int]]) -> None:
        self._window_size = window_size
        self._active_finger: int | None = None
        self._fingers_down: set[int] = set()
        self._palm = False
        self._mouse_down = False

    def poll(self) -> list[Intent]:
        return self.translate(pygame.event.get())

    def translate(self, events: list[pygame.event.Event]) -> list[Intent]:
        intents: list[Intent] = []
        new_fingers = [e for e in events if e.type == pygame.FINGERDOWN]
        if len(new_fingers) > 1 or (new_fingers and self._palm):
            self._start_palm(intents)
        for event in events:
            intent = self._translate_one(event)
            if intent is not None:
                intents.append(intent)
        return intents

    def _start_palm(self, intents: list[Intent]) -> None:
        if self._active_finger is not None:
            # The first finger was part of a palm after all: release it off-screen
            # so no target treats the palm as a finished tap or drag.
            intents.append(PointerUp((-1, -1)))
        self._palm = True
        self._active_finger = None

    def _finger_pos(self, event: pygame.event.Event) -> tuple[int, int]:
        width, height = self._window_size()
        x = min(max(event.x, 0.0), 1.0)
        y = min(max(event.y, 0.0), 1.0)
        return (min(int(x * width), width - 1), min(int(y * height), height - 1))

    def _translate_one(self, event: pygame.event.Event) -> Intent | None:
        kind = event.type
        if kind == pygame.FINGERDOWN:
            self._fingers_down.add(event.finger_id)
            if self._palm or self._active_finger is not None:
                return None
            self._active_finger = event.finger_id
            return PointerDown(self._finger_pos(event))
        if kind == pygame.FINGERMOTION:
            if event.finger_id == self._active_finger and not self._palm:
                return PointerMove(self._finger_pos(event))
            return None
        if kind == pygame.FINGERUP:
            self._fingers_down.discard(event.finger_id)
            was_active = event.finger_id == self._active_finger
            if was_active:
                self._active_finger = None
            if not self._fingers_down:
                self._palm = False
            if was_active:
                return PointerUp(self._finger_pos(event))
            return None
        if kind in (pygame.MOUSEBUTTONDOWN, pygame.MOUSEBUTTONUP, pygame.MOUSEMOTION):
            return self._translate_mouse(event)
        if kind == pygame.KEYDOWN:
            if is_quit_combo(event.key, event.mod):
                return QuitRequest()
            return KeyPress(event.key, event.mod)
        if kind == pygame.TEXTINPUT:
            return TextTyped(event.text)
        if kind in (pygame.VIDEORESIZE, pygame.WINDOWSIZECHANGED):
            return Resized(self._window_size())
        if kind == pygame.QUIT:
            return QuitRequest(from_window=True)
        return None

    def _translate_mouse(self, event: pygame.event.Event) -> Intent | None:
        if getattr(event, "touch", False):
            return None  # SDL's mouse copy of a finger: the FINGER event already counted
        if self._active_finger is not None or self._palm:
            return None
        if event.type == pygame.MOUSEBUTTONDOWN:
            if event.button != 1:
                return None
            self._mouse_down = True
            return PointerDown(tuple(event.pos))
        if event.type == pygame.MOUSEBUTTONUP:
            if event.button != 1 or not self._mouse_down:
                return None
            self._mouse_down = False
            return PointerUp(tuple(event.pos))
        if self._mouse_down:
            return PointerMove(tuple(event.pos))
        return None
