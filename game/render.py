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
    """Least-recently-used cache, bounded by entries and, for surfaces, by pixels: a 4K screen's
    pictures are 16 times the size of a small tablet's, so a count alone would not bound memory."""

    def __init__(self, capacity: int, max_pixels: int | None = None) -> None:
        self.capacity = capacity
        self.max_pixels = max_pixels
        self.pixels = 0
        self.items: OrderedDict[Hashable, object] = OrderedDict()

    def get(self, key: Hashable):
        value = self.items.get(key)
        if value is not None:
            self.items.move_to_end(key)
        return value

    def put(self, key: Hashable, value: object) -> None:
        old = self.items.pop(key, None)
        self.pixels -= _pixels(old)
        self.items[key] = value
        self.pixels += _pixels(value)
        while len(self.items) > 1 and (len(self.items) > self.capacity or
                                       (self.max_pixels is not None and self.pixels > self.max_pixels)):
            _, dropped = self.items.popitem(last=False)
            self.pixels -= _pixels(dropped)


def _pixels(value: object) -> int:
    return value.get_width() * value.get_height() if isinstance(value, pygame.Surface) else 0


def for_display(surface: pygame.Surface, alpha: bool = True) -> pygame.Surface:
    """The surface in the window's pixel format, so blitting it is a plain copy or blend.

    SVG pictures come out of SDL_image as RGBA, the window is XRGB: blitting one unconverted
    converts every pixel every frame (38 ms for a 1200 px picture, 0.7 ms once converted).
    Without a window (a tool drawing off screen) the surface is kept as it is.
    """
    if pygame.display.get_surface() is None:
        return surface
    return surface.convert_alpha() if alpha else surface.convert()


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
        self._cache = _Lru(512, max_pixels=32_000_000)

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
            if font.size(line)[0] == 0:
                continue  # e.g. a lone zero-width space wrapped onto its own line: SDL refuses zero-width text
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
        self._cache = _Lru(256, max_pixels=48_000_000)  # about 190 MB at most, reached only at 4K
        self.missing: set[Path] = set()  # pictures that could not be drawn (deleted after loading): for the teacher

    def faded(self, path: Path, size: int, alpha: int) -> pygame.Surface:
        """The picture drawn see-through (a wrong answer, an unearned star's slot), made once per size."""
        key = ("faded", path, max(1, int(size)), alpha)
        cached = self._cache.get(key)
        if cached is None:
            cached = self.get(path, size).copy()
            cached.set_alpha(alpha)
            self._cache.put(key, cached)
        return cached

    def dimmed(self, path: Path, size: int, multiply: tuple[int, int, int, int], alpha: int) -> pygame.Surface:
        """The picture darkened (multiplied) and see-through: an empty slot's grey star, made once per size."""
        key = ("dimmed", path, max(1, int(size)), multiply, alpha)
        cached = self._cache.get(key)
        if cached is None:
            cached = self.get(path, size).copy()
            cached.fill(multiply, special_flags=pygame.BLEND_RGBA_MULT)
            cached.set_alpha(alpha)
            self._cache.put(key, cached)
        return cached

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
            self.missing.add(path)
        surface = for_display(surface)
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
    """A rounded card with a soft drop shadow: the look of everything tappable.

    Drawn once per (size, colours, shape) and then only blitted: rounded rectangles cost a few
    milliseconds each at 4K, and a screen has a dozen. The cached card is opaque with a colour key
    (its edges are hard, as pygame draws them), so the blit is a copy, and pixel for pixel the same.
    """
    if rect.w <= 0 or rect.h <= 0:
        return
    key = (rect.size, fill, border, radius_frac, lifted)
    card = _CARDS.get(key)
    if card is None:
        card = _card_surface(rect.size, fill, border, radius_frac, lifted)
        _CARDS.put(key, card)
    surface.blit(card, rect.topleft)


def card_bounds(rect: pygame.Rect, lifted: bool = True) -> pygame.Rect:
    """Where draw_card puts pixels: the card and, lifted, its shadow below it."""
    return rect.union(rect.move(0, max(2, rect.h // 40))) if lifted else pygame.Rect(rect)


_CARDS = _Lru(160, max_pixels=24_000_000)


def _card_surface(size: tuple[int, int], fill, border, radius_frac: float, lifted: bool) -> pygame.Surface:
    rect = pygame.Rect((0, 0), size)
    radius = max(4, int(min(rect.w, rect.h) * radius_frac))
    shadow_colour = shade(fill, -0.35)
    offset = max(2, rect.h // 40) if lifted else 0
    used = {tuple(fill), tuple(border or fill), shadow_colour if lifted else tuple(fill)}
    key = next(colour for colour in ((255, 0, 255), (0, 255, 1), (1, 2, 3)) if colour not in used)
    card = pygame.Surface((rect.w, rect.h + offset))
    card.fill(key)
    if lifted:
        pygame.draw.rect(card, shadow_colour, rect.move(0, offset), border_radius=radius)
    pygame.draw.rect(card, fill, rect, border_radius=radius)
    if border is not None:
        pygame.draw.rect(card, border, rect, width=max(3, min(rect.w, rect.h) // 28), border_radius=radius)
    card = for_display(card, alpha=False)
    card.set_colorkey(key, pygame.RLEACCEL)
    return card


def vertical_gradient(size: tuple[int, int], top: tuple[int, int, int], bottom: tuple[int, int, int]) -> pygame.Surface:
    """A smooth background, drawn as a 2-pixel strip and scaled up (fast at 4K)."""
    strip = pygame.Surface((1, 2))
    strip.set_at((0, 0), top)
    strip.set_at((0, 1), bottom)
    return for_display(pygame.transform.smoothscale(strip, size), alpha=False)
