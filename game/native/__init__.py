"""Every call into SDL that pygame does not expose, made with ctypes, in one place.

- ``sdl``: finding the SDL libraries pygame itself loaded, and refusing any SDL whose major version is
  not 2 (the names and struct layouts here are SDL 2's).
- ``wait``: SDL_WaitEventTimeout, so an idle game sleeps until input instead of polling.
- ``svg``: SDL_image's SVG drawing, so drawing a picture lets go of Python's lock.
- ``capabilities``: which of these fast paths are in use and, where one fell back, why (logged once at
  start, printed by ``play.py --about``, shown on the teacher's About page).
"""
