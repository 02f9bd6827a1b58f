"""Background gradients, painted as bands of solid colour (whole, or in one rect of a partial redraw)."""

from __future__ import annotations

import bisect
from collections import OrderedDict

import pygame

from .fills import blit_opaque, fill_opaque, vertical_gradient
from .surfaces import for_display


class Backgrounds:
    """Background gradients, drawn as bands of solid colour.

    A gradient changes only down the screen, and only a few dozen times (its colours are a few dozen
    steps apart), so what is kept per (height, colours) is the list of its bands: runs of rows of
    one colour, read once from a one-pixel column of the gradient. ``draw`` fills those bands
    across the window, or across one rect of it for a partial redraw: pixel for pixel the column
    stretched sideways, at the speed of a fill (2.7 ms for a whole 4K screen, against 5.5 ms for
    blitting a copy of it, and no 33 MB copy kept). Narrow rects are copied from a narrow tile of it.
    """

    MAX_GRADIENTS = 32  # a few hundred bytes each
    TILE_WIDTH = 128  # a narrow rect is copied from a tile of the gradient this wide: one blit, not a fill a band
    MAX_TILES = 3  # 1 MB each at 4K: the screen on show and those just before it

    def __init__(self) -> None:
        self._bands: OrderedDict[tuple, list[tuple[int, int, tuple[int, int, int]]]] = OrderedDict()
        self._tiles: OrderedDict[tuple, pygame.Surface] = OrderedDict()
        self._whole: tuple[tuple, pygame.Surface] | None = None  # get()'s last surface, for reuse
        self.plain: tuple[int, int, int] | None = None  # high contrast: this one colour, no gradient

    def bands(self, height: int, top, bottom) -> list[tuple[int, int, tuple[int, int, int]]]:
        """The gradient as (first row, rows, colour) runs, top to bottom."""
        key = (max(1, int(height)), tuple(top), tuple(bottom))
        bands = self._bands.get(key)
        if bands is None:
            column = vertical_gradient((1, key[0]), top, bottom)
            bands = []
            for y in range(key[0]):
                colour = tuple(column.get_at((0, y)))[:3]
                if bands and bands[-1][2] == colour:
                    first, rows, _ = bands[-1]
                    bands[-1] = (first, rows + 1, colour)
                else:
                    bands.append((y, 1, colour))
            self._bands[key] = bands
            while len(self._bands) > self.MAX_GRADIENTS:
                self._bands.popitem(last=False)
        else:
            self._bands.move_to_end(key)
        return bands

    def draw(self, surface: pygame.Surface, size: tuple[int, int], top, bottom,
             area: pygame.Rect | None = None) -> None:
        """Paint the background of a ``size`` window onto ``surface`` at (0, 0): all of it, or only ``area``."""
        rect = pygame.Rect(0, 0, *size).clip(surface.get_rect())
        if area is not None:
            rect = rect.clip(area)
        if rect.w <= 0 or rect.h <= 0:
            return
        if self.plain is not None:
            fill_opaque(surface, self.plain, rect)
            return
        if rect.w <= self.TILE_WIDTH and surface.get_bitsize() == 32 and not surface.get_flags() & pygame.SRCALPHA:
            # Falling confetti repaints dozens of small rects a frame, each crossing a few bands.
            blit_opaque(surface, self._tile(size[1], top, bottom), rect.topleft, pygame.Rect(0, rect.y, rect.w, rect.h))
            return
        self._fill_bands(surface, rect, self.bands(size[1], top, bottom))

    @staticmethod
    def _fill_bands(surface: pygame.Surface, rect: pygame.Rect, bands) -> None:
        # The band holding rect's top row, found by bisection: partial redraws paint dozens of small rects.
        index = bisect.bisect_right(bands, rect.y, key=lambda band: band[0]) - 1
        bottom_edge = rect.bottom
        for first, rows, colour in bands[max(0, index):]:
            if first >= bottom_edge:
                break
            y = max(first, rect.y)
            fill_opaque(surface, colour, (rect.x, y, rect.w, min(first + rows, bottom_edge) - y))

    def _tile(self, height: int, top, bottom) -> pygame.Surface:
        key = (max(1, int(height)), tuple(top), tuple(bottom))
        tile = self._tiles.get(key)
        if tile is None:
            tile = for_display(pygame.Surface((self.TILE_WIDTH, key[0])), alpha=False)
            self._fill_bands(tile, tile.get_rect(), self.bands(key[0], top, bottom))
            self._tiles[key] = tile
            while len(self._tiles) > self.MAX_TILES:
                self._tiles.popitem(last=False)
        else:
            self._tiles.move_to_end(key)
        return tile

    def get(self, size: tuple[int, int], top, bottom) -> pygame.Surface:
        """The whole background as a surface of its own. Prefer ``draw``: only the last one is kept."""
        key = (tuple(size), tuple(top), tuple(bottom), self.plain)
        if self._whole is None or self._whole[0] != key:
            self._whole = None  # let the old one go before making the new one
            surface = pygame.Surface(size)
            surface = surface.convert() if pygame.display.get_surface() is not None else surface
            self.draw(surface, size, top, bottom)
            self._whole = (key, surface)
        return self._whole[1]
