"""Finding the SDL libraries pygame itself loaded, to call what pygame does not expose (with ctypes).

Two modules need this: ``waiting`` (SDL's real wait for input) and ``svg_raster`` (SDL_image's SVG
drawing, called so that Python's lock is let go meanwhile). Both must use the very copy pygame set
up: a second copy of SDL would wait on no window, and a surface must be freed by the library that made it.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Iterator

import pygame

SDL = "libSDL2-2"
SDL_IMAGE = "libSDL2_image-2"
_SYSTEM_NAMES = {SDL: ("/libSDL2-2", "/libSDL2.so"), SDL_IMAGE: ("/libSDL2_image-2", "/libSDL2_image.so")}
_OTHER_PLATFORMS = {
    SDL: {"win32": ["SDL2.dll"], "darwin": [".dylibs/libSDL2-2*.dylib", "libSDL2*.dylib"]},
    SDL_IMAGE: {"win32": ["SDL2_image.dll"], "darwin": [".dylibs/libSDL2_image*.dylib", "libSDL2_image*.dylib"]},
}


def candidates(library: str) -> Iterator[Path]:
    """Where ``library`` (``SDL`` or ``SDL_IMAGE``) that pygame loaded may be: the copy its wheel
    ships, else the one in the process's own map on Linux (a pygame built on the system's SDL), else
    beside pygame. The caller checks that a candidate is the copy pygame uses; the wheel's comes
    first because reading the map costs 5-25 ms of start-up."""
    package = Path(pygame.__file__).parent
    yield from sorted((package.parent / "pygame_ce.libs").glob(f"{library}*.so*"))
    found: list[Path] = []
    maps = Path("/proc/self/maps")
    if maps.exists():
        for line in maps.read_text(errors="replace").splitlines():
            name = line.rsplit(" ", 1)[-1]
            if any(part in name for part in _SYSTEM_NAMES[library]):
                path = Path(name)
                if path not in found:
                    found.append(path)
    for pattern in _OTHER_PLATFORMS[library].get(sys.platform, []):
        found += sorted(package.glob(pattern))
    yield from found
