"""Cached drawing: fitted text, pictures at any size, and the game's shapes.

Text and pictures are rendered once per (content, size) and reused, so a frame
only blits. Layout changes (a resize) simply ask for new sizes.
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path
from typing import Hashable

import pygame

from .fonts import FontBook

INK = (40, 44, 72)
WHITE = (255, 255, 255)


class _Lru:
    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.items: OrderedDict[Hashable, object] = OrderedDict()

    def get(self, key: Hashable):
        value = self.items.get(key)
        if value is not None:
            self.items.move_to_end(key)
        return value

    def put(self, key: Hashable, value: object) -> None:
        self.items[key] = value
        self.items.move_to_end(key)
        while len(self.items) > self.capacity:
            self.items.popitem(last=False)


def wrap_words(font: pygame.font.Font, text: str, width: int) -> list[str]:
    """Greedy word wrap. A single word wider than the box stays on its own line."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split():
            trial = f"{current} {word}".strip()
            if current and font.size(trial)[0] > width:
                lines.append(current)
                current = word
            else:
                current = trial
        lines.append(current)
    return lines


class TextRenderer:
    """Renders text that fits a box: wraps, then shrinks until it fits."""

    def __init__(self, fonts: FontBook) -> None:
        self.fonts = fonts
        self._cache = _Lru(512)

    def fit(
        self,
        text: str,
        box: tuple[int, int],
        colour: tuple[int, int, int] = INK,
        max_px: int = 64,
        min_px: int = 10,
        align: str = "center",
    ) -> pygame.Surface:
        width, height = max(1, int(box[0])), max(1, int(box[1]))
        key = (text, width, height, colour, int(max_px), align)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        size = self.fitting_size(text, (width, height), max_px, min_px)
        font = self.fonts.get(size)
        lines = wrap_words(font, text, width)
        line_height = font.get_linesize()
        widest = max(font.size(line)[0] for line in lines)
        surface = pygame.Surface((min(widest, width), min(line_height * len(lines), height)), pygame.SRCALPHA)
        for index, line in enumerate(lines):
            rendered = font.render(line, True, colour)
            if align == "left":
                x = 0
            else:
                x = (surface.get_width() - rendered.get_width()) // 2
            surface.blit(rendered, (x, index * line_height))
        self._cache.put(key, surface)
        return surface


    def fitting_size(self, text: str, box: tuple[int, int], max_px: float, min_px: int = 10) -> int:
        """The largest font size (<= max_px) at which the wrapped text fits the box."""
        width, height = max(1, int(box[0])), max(1, int(box[1]))
        key = ("size", text, width, height, int(max_px), min_px)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        size = max(min_px, int(max_px))
        while size > min_px:
            font = self.fonts.get(size)
            lines = wrap_words(font, text, width)
            widest = max(font.size(line)[0] for line in lines)
            if widest <= width and font.get_linesize() * len(lines) <= height:
                break
            size = max(min_px, int(size * 0.92))
        self._cache.put(key, size)
        return size


class PictureCache:
    """Pictures (SVG or PNG) scaled to fit a square, rendered once per size."""

    def __init__(self) -> None:
        self._cache = _Lru(256)

    def get(self, path: Path, size: int) -> pygame.Surface:
        size = max(1, int(size))
        key = (path, size)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        try:
            if path.suffix.lower() == ".svg":
                surface = pygame.image.load_sized_svg(str(path), (size, size))
            else:
                image = pygame.image.load(str(path))
                if image.get_bitsize() < 24:  # smoothscale needs 24/32-bit pixels
                    full = pygame.Surface(image.get_size(), pygame.SRCALPHA)
                    full.blit(image, (0, 0))
                    image = full
                scale = size / max(image.get_width(), image.get_height())
                new_size = (max(1, round(image.get_width() * scale)), max(1, round(image.get_height() * scale)))
                surface = pygame.transform.smoothscale(image, new_size)
        except (pygame.error, OSError, FileNotFoundError):
            surface = missing_picture(size)
        self._cache.put(key, surface)
        return surface


def missing_picture(size: int) -> pygame.Surface:
    """A calm grey placeholder frame: a deleted picture must not crash a lesson."""
    surface = pygame.Surface((size, size), pygame.SRCALPHA)
    pygame.draw.rect(surface, (200, 204, 214), surface.get_rect(), width=max(2, size // 20),
                     border_radius=size // 8)
    return surface


def shade(colour: tuple[int, int, int], amount: float) -> tuple[int, int, int]:
    """Lighten (amount > 0) or darken (amount < 0) a colour."""
    if amount >= 0:
        return tuple(int(c + (255 - c) * amount) for c in colour)  # type: ignore[return-value]
    return tuple(int(c * (1 + amount)) for c in colour)  # type: ignore[return-value]


def draw_card(
    surface: pygame.Surface,
    rect: pygame.Rect,
    fill: tuple[int, int, int],
    border: tuple[int, int, int] | None = None,
    radius_frac: float = 0.12,
    lifted: bool = True,
) -> None:
    """A rounded card with a soft drop shadow: the look of everything tappable."""
    radius = max(4, int(min(rect.w, rect.h) * radius_frac))
    if lifted:
        offset = max(2, rect.h // 40)
        shadow = rect.move(0, offset)
        pygame.draw.rect(surface, shade(fill, -0.35), shadow, border_radius=radius)
    pygame.draw.rect(surface, fill, rect, border_radius=radius)
    if border is not None:
        pygame.draw.rect(surface, border, rect, width=max(3, min(rect.w, rect.h) // 28), border_radius=radius)


def vertical_gradient(size: tuple[int, int], top: tuple[int, int, int], bottom: tuple[int, int, int]) -> pygame.Surface:
    """A smooth background, drawn as a 2-pixel strip and scaled up (fast at 4K)."""
    strip = pygame.Surface((1, 2))
    strip.set_at((0, 0), top)
    strip.set_at((0, 1), bottom)
    return pygame.transform.smoothscale(strip, size)
