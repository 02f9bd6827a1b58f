"""Bounded caches for what the frame pipeline draws once and reuses (fitted text, pictures at a size)."""

from __future__ import annotations

from collections import OrderedDict
from typing import Hashable

import pygame


class Lru:
    """Least-recently-used cache, bounded by entries and, for surfaces, by pixels: a 4K screen's
    pictures are 16 times the size of a small tablet's, so a count alone would not bound memory.

    ``screens`` bounds the pixels by the window's own area instead (issue 7: memory): what one screen
    shows scales with the window, so this many windows' worth holds a screen and those just before it
    at any size, where a fixed count of pixels is either too small at 4K or hundreds of MB at 1080p."""

    def __init__(self, capacity: int, max_pixels: int | None = None, screens: float | None = None) -> None:
        self.capacity = capacity
        self.max_pixels = max_pixels
        self.screens = screens
        self.pixels = 0
        self.items: OrderedDict[Hashable, object] = OrderedDict()

    def get(self, key: Hashable):
        value = self.items.get(key)
        if value is not None:
            self.items.move_to_end(key)
        return value

    def put(self, key: Hashable, value: object) -> None:
        old = self.items.pop(key, None)
        self.pixels -= pixels_of(old)
        self.items[key] = value
        self.pixels += pixels_of(value)
        limit = self.max_pixels if self.screens is None else int(self.screens * _window_pixels())
        while len(self.items) > 1 and (len(self.items) > self.capacity or
                                       (limit is not None and self.pixels > limit)):
            _, dropped = self.items.popitem(last=False)
            self.pixels -= pixels_of(dropped)


def pixels_of(value: object) -> int:
    return value.get_width() * value.get_height() if isinstance(value, pygame.Surface) else 0


def _window_pixels() -> int:
    """The window's area in pixels (1920x1080's without a window: tools drawing off screen)."""
    display = pygame.display.get_surface()
    width, height = display.get_size() if display is not None else (1920, 1080)
    return max(1, width * height)
