"""Pixel formats and new surfaces made in no time.

Every picture and text is kept in the window's own pixel format (``for_display``), so a frame only copies
or blends; a new transparent surface is an anonymous memory map (zero already), not a surface SDL clears;
a large picture is converted a strip of rows at a time (``StripConversion``) so each step shares a frame.
"""

from __future__ import annotations

import functools
import mmap
import sys
from typing import Hashable

import pygame


def for_display(surface: pygame.Surface, alpha: bool = True) -> pygame.Surface:
    """The surface in the window's pixel format, so blitting it is a plain copy or blend.

    SVG pictures come out of SDL_image as RGBA, the window is XRGB: blitting one unconverted
    converts every pixel every frame (38 ms for a 1200 px picture, 0.7 ms once converted).
    Without a window (a tool drawing off screen) the surface is kept as it is.
    """
    if display_ready(surface, alpha):
        return surface
    if alpha:
        return surface.convert_alpha()
    return surface.convert()


def display_ready(surface: pygame.Surface, alpha: bool = True) -> bool:
    """Already in the pixel format ``for_display`` would give (or there is no window to match)."""
    display = pygame.display.get_surface()
    if display is None:
        return True
    if alpha:  # ARGB over the window's RGB order (text, most PNGs): a copy would be wasted
        return bool(surface.get_flags() & pygame.SRCALPHA) and surface.get_bitsize() == 32 \
            and surface.get_masks()[:3] == display.get_masks()[:3]
    return not surface.get_flags() & pygame.SRCALPHA and surface.get_bitsize() == display.get_bitsize() \
        and surface.get_masks() == display.get_masks()


def blank_display_picture(size: tuple[int, int]) -> pygame.Surface:
    """A new transparent surface in the window's picture format, made in no time.

    SDL clears every new surface's pixels itself: 9 ms for a large 4K picture, all at once. Pixels
    in an anonymous memory map are zero already and only cost anything when first written (and go
    straight back to the system when the surface is dropped). Used where the window's picture format
    is plain ARGB ("BGRA" in memory), as it is on every desktop; otherwise SDL makes it."""
    masks = pygame.Surface((1, 1), pygame.SRCALPHA).convert_alpha().get_masks()
    if masks == ARGB_MASKS and size[0] > 0 and size[1] > 0:
        return pygame.image.frombuffer(mmap.mmap(-1, size[0] * size[1] * 4), size, "BGRA")
    return pygame.Surface(size, pygame.SRCALPHA, 32, masks)


ARGB_MASKS = (0xFF0000, 0xFF00, 0xFF, 0xFF000000)
STRIP_PIXELS = 300_000  # converted at a time: 1-2 ms


class StripConversion:
    """A picture converted to the window's format a strip of rows at a time.

    Converting a large 4K picture at once takes 10-15 ms (16 MB of new pixels, each touched for the
    first time); strip by strip, each step is short enough to share a frame. Each strip is converted
    on its own and copied into place unblended (blend mode none): the same pixels as converting it whole.
    """

    def __init__(self, key: Hashable, source: pygame.Surface) -> None:
        self.key = key
        self.source = source
        self.target = blank_display_picture(source.get_size())
        self.rows_per_strip = max(1, STRIP_PIXELS // max(1, source.get_width()))
        self.row = 0

    @property
    def next_pixels(self) -> int:
        return self.source.get_width() * min(self.rows_per_strip, self.source.get_height() - self.row)

    def step(self) -> bool:
        """Convert the next strip; True once the whole picture is done."""
        width, height = self.source.get_size()
        rows = min(self.rows_per_strip, height - self.row)
        if rows > 0:
            strip = self.source.subsurface((0, self.row, width, rows)).convert_alpha()
            strip.set_alpha(None)  # copied as it is, alpha and all, not blended onto the blank target
            self.target.blit(strip, (0, self.row))
            self.row += rows
        return self.row >= height

    def finish(self) -> pygame.Surface:
        while not self.step():
            pass
        return self.target


def blank_text_surface(size: tuple[int, int]) -> pygame.Surface:
    """A new transparent surface for words, made in no time (see ``blank_display_picture``: SDL
    clears a new surface itself, 2-3 ms for a wordy 4K text box, before a word is drawn)."""
    if size[0] > 0 and size[1] > 0 and _srcalpha_is_argb():
        return pygame.image.frombuffer(mmap.mmap(-1, size[0] * size[1] * 4), size, "BGRA")
    return pygame.Surface(size, pygame.SRCALPHA)


@functools.lru_cache(maxsize=1)
def _srcalpha_is_argb() -> bool:
    """pygame's own transparent surfaces are plain ARGB ("BGRA" in memory) here, as on every desktop."""
    return pygame.Surface((1, 1), pygame.SRCALPHA).get_masks() == ARGB_MASKS and sys.byteorder == "little"
