"""Sleeping until the next input event, without polling: what lets an idle game use almost no battery.

pygame's own ``event.wait`` polls (it checks the queue every millisecond: about 3% of a core),
and a fixed low-rate tick makes every tap wait for the next tick. SDL itself can really sleep:
``SDL_WaitEventTimeout`` blocks on the window system's connection until an event arrives (or
another thread posts one), then returns at once. pygame does not expose it, so we call it in the
SDL library pygame already loaded, with ctypes (which lets other threads run while we sleep).

Where that is not possible (SDL's dummy driver in tests, which itself polls, or an SDL library
we cannot find), ``event_waiter()`` returns None and the frame loop ticks at a low rate instead.
"""

from __future__ import annotations

import ctypes

import pygame

from .sdl_libs import SDL, candidates

SDL_INIT_VIDEO = 0x20
# Drivers whose SDL_WaitEventTimeout polls anyway: a low-rate tick is as good and simpler.
POLLING_DRIVERS = {"dummy", "offscreen", "evdev"}


class EventWaiter:
    def __init__(self, sdl: ctypes.CDLL) -> None:
        self._wait = sdl.SDL_WaitEventTimeout
        self._wait.argtypes = [ctypes.c_void_p, ctypes.c_int]
        self._wait.restype = ctypes.c_int

    def wait(self, seconds: float) -> None:
        """Return when an event is waiting in the queue (left there for the input router) or after ``seconds``."""
        self._wait(None, max(1, int(seconds * 1000)))


def event_waiter() -> EventWaiter | None:
    """A real waiter for the open display, or None if the frame loop should tick instead."""
    if pygame.display.get_driver() in POLLING_DRIVERS:
        return None
    for path in candidates(SDL):
        try:
            sdl = ctypes.CDLL(str(path))
            sdl.SDL_WasInit.restype = ctypes.c_uint32
            sdl.SDL_WasInit.argtypes = [ctypes.c_uint32]
            # A second copy of SDL would wait on nothing: make sure this is the one pygame set up.
            if sdl.SDL_WasInit(SDL_INIT_VIDEO) and hasattr(sdl, "SDL_WaitEventTimeout"):
                return EventWaiter(sdl)
        except OSError:
            continue
    return None
