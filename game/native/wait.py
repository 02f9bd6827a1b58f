"""Sleeping until the next input event, without polling: what lets an idle game use almost no battery.

pygame's own ``event.wait`` polls (it checks the queue every millisecond: about 3% of a core),
and a fixed low-rate tick makes every tap wait for the next tick. SDL itself can really sleep:
``SDL_WaitEventTimeout`` blocks on the window system's connection until an event arrives (or
another thread posts one), then returns at once. pygame does not expose it, so we call it in the
SDL library pygame already loaded, with ctypes (which lets other threads run while we sleep).

Where that is not possible (SDL's dummy driver in tests, which itself polls, an SDL library we
cannot find, or an SDL that is not SDL 2), ``event_waiter()`` returns None and the frame loop ticks
at a low rate instead; ``find_wait()`` says why (game/native/capabilities.py reports it).
"""

from __future__ import annotations

import ctypes

import pygame

from .sdl import SDL, Finder, Found, Loader, Version, bind, candidates, load_library, sdl_version, unsupported, \
    where_looked

SDL_INIT_VIDEO = 0x20
# Drivers whose SDL_WaitEventTimeout polls anyway: a low-rate tick is as good and simpler.
POLLING_DRIVERS = {"dummy", "offscreen", "evdev"}


class EventWaiter:
    def __init__(self, sdl: ctypes.CDLL) -> None:
        # SDL 2: int SDL_WaitEventTimeout(SDL_Event *event, int timeout) (SDL 3 returns a bool: see sdl.py)
        self._wait = bind(sdl, "SDL_WaitEventTimeout", ctypes.c_int, [ctypes.c_void_p, ctypes.c_int])

    def wait(self, seconds: float) -> None:
        """Return when an event is waiting in the queue (left there for the input router) or after ``seconds``."""
        self._wait(None, max(1, int(seconds * 1000)))


def find_wait(find: Finder = candidates, load: Loader = ctypes.CDLL, version: Version | None = None) -> Found[EventWaiter]:
    """SDL's wait in the SDL pygame set up (whatever the display driver), or why it was not found.
    ``find``, ``load`` and ``version`` stand in for the real lookup in tests."""
    problem = unsupported("SDL", version or sdl_version(), "in SDL 3 SDL_WaitEventTimeout returns a bool")
    if problem:
        return Found(None, why_not=problem)
    tried: list[str] = []
    for path in find(SDL):
        sdl, why = load_library(path, load)
        if sdl is None:
            tried.append(why)
            continue
        if not hasattr(sdl, "SDL_WaitEventTimeout"):
            tried.append(f"SDL_WaitEventTimeout not found in {path.name}")
            continue
        try:
            was_init = bind(sdl, "SDL_WasInit", ctypes.c_uint32, [ctypes.c_uint32])
        except AttributeError:
            tried.append(f"SDL_WasInit not found in {path.name}")
            continue
        # A second copy of SDL would wait on nothing: make sure this is the one pygame set up.
        if not was_init(SDL_INIT_VIDEO):
            tried.append(f"{path.name} is not the SDL pygame started (its video is off)")
            continue
        return Found(EventWaiter(sdl), path.name)
    return Found(None, why_not="; ".join(tried) or where_looked(SDL))


def event_waiter() -> EventWaiter | None:
    """A real waiter for the open display, or None if the frame loop should tick instead."""
    if pygame.display.get_driver() in POLLING_DRIVERS:
        return None
    return find_wait().value
