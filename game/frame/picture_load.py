"""One picture read from its file and drawn to fit a square: what the picture worker runs (and the
frame loop, for a picture needed at once). Nothing here touches the window or a cache."""

from __future__ import annotations

from pathlib import Path

import pygame

from ..cast.pictures import CastNotDrawn, is_cast, png_path
from ..native.svg import SvgRasteriser


class PictureRefused(Exception):
    """The picture's header says it is too large to decode safely (or it is no picture): why, in words that
    follow its name, for the teacher."""


def load_picture(path: Path, size: int, rasteriser: SvgRasteriser | None = None) -> pygame.Surface:
    """A picture read and drawn to fit a square of ``size`` pixels, in whatever format it comes (an SVG
    drawn by ``rasteriser`` comes in the window's format already). A cast picture is read from the PNG
    the render process drew at this size; CastNotDrawn if there is none yet (nothing is drawn here).

    Its header is read first (game/lessons/picture_header.py): a 100 KB file declaring 30000 x 30000 pixels
    would take gigabytes and seconds to decode, so such a picture is refused before any decoding. This
    runs on the picture worker (``AheadDrawer``), as the decoding does; the header costs one small read."""
    from ..lessons.picture_header import picture_refusal  # imported by the first picture drawn, not at start-up

    if is_cast(path):
        drawn_png = png_path(path, size)
        if not drawn_png.is_file():
            raise CastNotDrawn(str(drawn_png))
        path = drawn_png
    refusal = picture_refusal(path)
    if refusal is not None:
        raise PictureRefused(refusal)
    if path.suffix.lower() == ".svg":
        drawn = rasteriser.draw(path, size) if rasteriser is not None else None
        return drawn if drawn is not None else pygame.image.load_sized_svg(str(path), (size, size))
    image = pygame.image.load(str(path))
    if image.get_bitsize() < 24:  # smoothscale needs 24/32-bit pixels
        full = pygame.Surface(image.get_size(), pygame.SRCALPHA)
        full.blit(image, (0, 0))
        image = full
    if max(image.get_width(), image.get_height()) == size:
        return image  # drawn at this size (a cast picture)
    scale = size / max(image.get_width(), image.get_height())
    new_size = (max(1, round(image.get_width() * scale)), max(1, round(image.get_height() * scale)))
    return pygame.transform.smoothscale(image, new_size)


def missing_picture(size: int) -> pygame.Surface:
    """A calm grey placeholder frame: a deleted picture must not crash a lesson."""
    surface = pygame.Surface((size, size), pygame.SRCALPHA)
    pygame.draw.rect(surface, (200, 204, 214), surface.get_rect(), width=max(2, size // 20),
                     border_radius=size // 8)
    return surface
