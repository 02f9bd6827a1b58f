"""Starting SDL's video, and refusing to play where nobody could see the game.

With no display (an SSH session, a server, a desktop session not started yet) SDL quietly falls back
to its "offscreen" driver: the game would run for ever with nothing on any screen. Unless someone
asked for a driver themselves (SDL_VIDEODRIVER, as the tests, the tour and the storyboard do for
drawing headlessly), an invisible driver means there is no display: say so, instead of playing.
"""

from __future__ import annotations

import os
import sys

import pygame

INVISIBLE_DRIVERS = {"offscreen", "dummy"}  # draw into memory only


class NoDisplay(RuntimeError):
    """There is no screen to show the game on; the message says what to do."""


def _where_to_look() -> str:
    """What a technician would check first."""
    if sys.platform.startswith("linux"):
        named = [f"{name}={os.environ[name]}" for name in ("DISPLAY", "WAYLAND_DISPLAY") if os.environ.get(name)]
        if not named:
            return "neither DISPLAY nor WAYLAND_DISPLAY is set"
        return f"{' and '.join(named)} could not be opened"
    return "the system offered no screen"


def start_display() -> str:
    """Initialise SDL's video and return its driver's name; NoDisplay if the game could not be seen."""
    asked = os.environ.get("SDL_VIDEODRIVER")
    advice = ("start the game from the desktop (or a terminal on it), or set SDL_VIDEODRIVER "
              "to choose a video driver yourself")
    try:
        pygame.display.init()
    except pygame.error as error:
        raise NoDisplay(f"no display found: {error} ({_where_to_look()}): {advice}") from None
    driver = pygame.display.get_driver()
    if not asked and driver in INVISIBLE_DRIVERS:
        pygame.display.quit()
        raise NoDisplay(f"no display found: {_where_to_look()}, and SDL could only draw off screen "
                        f"(its '{driver}' driver), where nobody would see the game: {advice}")
    return driver
