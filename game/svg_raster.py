"""Drawing an SVG picture without holding Python's lock, straight into the window's pixel format.

Pictures are drawn ahead on a worker thread (``render.AheadDrawer``) so that a frame never waits for
one. But pygame keeps Python's lock for much of ``image.load_sized_svg``: measured at 4K, the frame
loop was held up for about half of the worker's busy time, in stretches of up to 12 ms, and the
frames of a celebration ran 18-38 ms while their own work took 5. The same SDL_image function called
through ctypes lets go of the lock for the whole call (ctypes always does), and so does SDL's own
conversion of the pixels to the window's format (ARGB on every desktop, straight into the new picture), which pygame would otherwise
do on the frame loop's thread (3 ms a million pixels). What comes back is the same picture, pixel for
pixel (tests/test_svg_raster.py).

Where the library or the function cannot be found, ``SvgRasteriser.find`` returns None and pygame's
own ``load_sized_svg`` is used, as before.
"""

from __future__ import annotations

import ctypes
import mmap
from pathlib import Path

import pygame

from .sdl_libs import SDL_IMAGE, candidates

SDL_PIXELFORMAT_ARGB8888 = 0x16362004  # bytes B, G, R, A in memory: pygame's "BGRA", the window's picture format


class _Surface(ctypes.Structure):
    """The leading fields of SDL 2's SDL_Surface, which are all this reads."""

    _fields_ = [("flags", ctypes.c_uint32), ("format", ctypes.c_void_p), ("w", ctypes.c_int),
                ("h", ctypes.c_int), ("pitch", ctypes.c_int), ("pixels", ctypes.c_void_p)]


_SurfacePointer = ctypes.POINTER(_Surface)


class SvgRasteriser:
    """SDL_image's SVG drawing, called through ctypes from any thread. Like pygame's, it must not run
    on two threads at once (the caller holds ``AheadDrawer.lock``)."""

    def __init__(self, image_library: ctypes.CDLL) -> None:
        lib = image_library  # SDL's own functions are found through it: the SDL that SDL_image uses
        self._from_memory = _function(lib.SDL_RWFromConstMem, ctypes.c_void_p, [ctypes.c_void_p, ctypes.c_int])
        self._close = _function(lib.SDL_RWclose, ctypes.c_int, [ctypes.c_void_p])
        self._load = _function(lib.IMG_LoadSizedSVG_RW, _SurfacePointer, [ctypes.c_void_p, ctypes.c_int, ctypes.c_int])
        self._convert = _function(lib.SDL_ConvertPixels, ctypes.c_int, [
            ctypes.c_int, ctypes.c_int, ctypes.c_uint32, ctypes.c_void_p, ctypes.c_int,
            ctypes.c_uint32, ctypes.c_void_p, ctypes.c_int])
        self._free = _function(lib.SDL_FreeSurface, None, [_SurfacePointer])

    @classmethod
    def find(cls) -> "SvgRasteriser | None":
        """The rasteriser for the SDL_image that pygame uses, or None if it cannot be found."""
        for path in candidates(SDL_IMAGE):
            try:
                return cls(ctypes.CDLL(str(path)))
            except (OSError, AttributeError):  # not loadable, or too old for sized SVGs (SDL_image < 2.6)
                continue
        return None

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


def _function(function, restype, argtypes):
    function.restype, function.argtypes = restype, argtypes
    return function
