"""Drawing an SVG picture without holding Python's lock, straight into the window's pixel format.

Pictures are drawn ahead on a worker thread (``frame.picture_worker.AheadDrawer``) so that a frame never waits for
one. But pygame keeps Python's lock for much of ``image.load_sized_svg``: measured at 4K, the frame
loop was held up for about half of the worker's busy time, in stretches of up to 12 ms, and the
frames of a celebration ran 18-38 ms while their own work took 5. The same SDL_image function called
through ctypes lets go of the lock for the whole call (ctypes always does), and so does SDL's own
conversion of the pixels to the window's format (ARGB on every desktop, straight into the new picture), which pygame would otherwise
do on the frame loop's thread (3 ms a million pixels). What comes back is the same picture, pixel for
pixel (tests/test_svg_raster.py).

Where the library or the function cannot be found, or pygame runs on an SDL that is not SDL 2,
``SvgRasteriser.find`` returns None and pygame's own ``load_sized_svg`` is used, as before;
``find_svg`` says why (game/native/capabilities.py reports it).
"""

from __future__ import annotations

import ctypes
import mmap
from pathlib import Path
from typing import Any

import pygame

from .sdl import SDL, SDL_IMAGE, Finder, Found, Loader, Version, bind, candidates, load_library, sdl_image_version, \
    sdl_version, unsupported, where_looked

SDL_PIXELFORMAT_ARGB8888 = 0x16362004  # bytes B, G, R, A in memory: pygame's "BGRA", the window's picture format
# SDL's own functions the rasteriser calls (besides SDL_image's IMG_LoadSizedSVG_RW)
SDL_FUNCTIONS = ("SDL_RWFromConstMem", "SDL_RWclose", "SDL_ConvertPixels", "SDL_FreeSurface")


class _Surface(ctypes.Structure):
    """The leading fields of SDL 2's SDL_Surface, which are all this reads."""

    _fields_ = [("flags", ctypes.c_uint32), ("format", ctypes.c_void_p), ("w", ctypes.c_int),
                ("h", ctypes.c_int), ("pitch", ctypes.c_int), ("pixels", ctypes.c_void_p)]


_SurfacePointer = ctypes.POINTER(_Surface)


class SvgRasteriser:
    """SDL_image's SVG drawing, called through ctypes from any thread. Like pygame's, it must not run
    on two threads at once (the caller holds ``AheadDrawer.lock``)."""

    def __init__(self, image_library: ctypes.CDLL, sdl_library: Any = None) -> None:
        """SDL's own functions are found through ``image_library`` where they can be (Linux, macOS: its
        handle reaches the very SDL it was linked with), else in ``sdl_library`` (Windows: GetProcAddress
        sees only a DLL's own exports, so they are in SDL2.dll, not SDL2_image.dll)."""
        lib = image_library if hasattr(image_library, SDL_FUNCTIONS[0]) or sdl_library is None else sdl_library
        self._from_memory = bind(lib, "SDL_RWFromConstMem", ctypes.c_void_p, [ctypes.c_void_p, ctypes.c_int])
        self._close = bind(lib, "SDL_RWclose", ctypes.c_int, [ctypes.c_void_p])
        self._load = bind(image_library, "IMG_LoadSizedSVG_RW", _SurfacePointer,
                          [ctypes.c_void_p, ctypes.c_int, ctypes.c_int])
        self._convert = bind(lib, "SDL_ConvertPixels", ctypes.c_int, [
            ctypes.c_int, ctypes.c_int, ctypes.c_uint32, ctypes.c_void_p, ctypes.c_int,
            ctypes.c_uint32, ctypes.c_void_p, ctypes.c_int])
        self._free = bind(lib, "SDL_FreeSurface", None, [_SurfacePointer])

    @classmethod
    def find(cls) -> "SvgRasteriser | None":
        """The rasteriser for the SDL_image that pygame uses, or None if it cannot be found."""
        return find_svg().value

    def draw(self, path: Path, size: int) -> pygame.Surface | None:
        """The SVG at ``path`` drawn to fit a ``size`` square, as a pygame surface in ARGB; None if SDL_image
        could not draw it (the caller then asks pygame, which says why)."""
        data = path.read_bytes()
        stream = self._from_memory(data, len(data))
        if not stream:
            return None
        try:
            drawn = self._load(stream, size, size)
        finally:
            self._close(stream)
        if not drawn:
            return None
        try:
            return self._in_argb(drawn.contents)
        finally:
            self._free(drawn)

    def _in_argb(self, source: _Surface) -> pygame.Surface | None:
        """A new pygame surface holding ``source``'s pixels converted to ARGB by SDL, straight into an
        anonymous memory map (zero already, so nothing is cleared first): one pass, with Python's lock let go."""
        width, height, row = source.w, source.h, source.w * 4
        if width <= 0 or height <= 0:
            return None
        pixels = mmap.mmap(-1, row * height)
        target = ctypes.c_char.from_buffer(pixels)
        try:
            source_format = ctypes.cast(source.format, ctypes.POINTER(ctypes.c_uint32)).contents.value
            failed = self._convert(width, height, source_format, source.pixels, source.pitch,
                                   SDL_PIXELFORMAT_ARGB8888, ctypes.addressof(target), row)
        finally:
            del target  # the memory map can be closed (with the surface) only once nothing else points into it
        if failed:
            pixels.close()
            return None
        return pygame.image.frombuffer(pixels, (width, height), "BGRA")


def find_svg(find: Finder = candidates, load: Loader = ctypes.CDLL,
             versions: tuple[Version | None, Version | None] | None = None) -> Found[SvgRasteriser]:
    """The rasteriser for the SDL_image pygame uses, or why there is none. ``find``, ``load`` and
    ``versions`` ((SDL, SDL_image)) stand in for the real lookup in tests."""
    sdl, image = versions or (sdl_version(), sdl_image_version())
    if image is None:
        return Found(None, why_not="pygame was built without SDL_image")
    problem = (unsupported("SDL", sdl, "SDL 3 lays SDL_Surface out differently and renamed SDL_RWFromConstMem")
               or unsupported("SDL_image", image, "SDL_image 3 has IMG_LoadSizedSVG_IO, not IMG_LoadSizedSVG_RW"))
    if problem:
        return Found(None, why_not=problem)
    tried: list[str] = []
    for path in find(SDL_IMAGE):
        library, why = load_library(path, load)
        if library is None:
            tried.append(why)
            continue
        if not hasattr(library, "IMG_LoadSizedSVG_RW"):  # SDL_image before 2.6
            tried.append(f"IMG_LoadSizedSVG_RW not found in {path.name} (SDL_image 2.6 or later draws SVGs to a size)")
            continue
        where, beside = path.name, None
        if not all(hasattr(library, name) for name in SDL_FUNCTIONS):  # Windows: they are in SDL2.dll itself
            beside = _sdl_with(SDL_FUNCTIONS, find, load)
            if beside is None:
                tried.append(f"SDL's own functions ({', '.join(SDL_FUNCTIONS)}) not found through {path.name} "
                             f"nor in any {SDL} library")
                continue
            where = f"{path.name}, SDL's functions from {beside[1]}"
        try:
            return Found(SvgRasteriser(library, beside[0] if beside else None), where)
        except AttributeError as error:  # a stand-in library, or one that lost a function after the checks
            tried.append(f"{path.name}: {error}")
    return Found(None, why_not="; ".join(tried) or where_looked(SDL_IMAGE))


def _sdl_with(names: tuple[str, ...], find: Finder, load: Loader) -> tuple[Any, str] | None:
    """(the first SDL library pygame may have loaded that has every function in ``names``, its file's name)."""
    for path in find(SDL):
        library, _ = load_library(path, load)
        if library is not None and all(hasattr(library, name) for name in names):
            return library, path.name
    return None
