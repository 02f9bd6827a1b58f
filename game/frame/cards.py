"""Cards: the rounded, lifted look of everything tappable, painted from fills and kept corner tiles."""

from __future__ import annotations

import functools

import pygame

from .fills import fill_opaque
from .palette import shade

CARD_RADIUS = 0.12  # of a card's shorter side: how round its corners are



def draw_card(
    surface: pygame.Surface,
    rect: pygame.Rect,
    fill: tuple[int, int, int],
    border: tuple[int, int, int] | None = None,
    radius_frac: float = CARD_RADIUS,
    lifted: bool = True,
    edge_px: int | None = None,
) -> None:
    """A rounded card with a soft drop shadow: the look of everything tappable.

    Painted straight onto the screen each time, as fills for its straight parts and four small kept
    tiles for its rounded corners (``_corner_tiles``). pygame's rounded rectangles cost a quarter of a
    millisecond each even when clipped to a few pixels, and a partial redraw over a card's edge (a
    piece of confetti, a dragged card) drew three of them: 0.6 ms at 4K, where these cost 20 us.
    The pixels are exactly those pygame draws (tests/test_cards.py). ``edge_px``: a thicker outline
    than the usual (high contrast, game/access/look.py).
    """
    clip = surface.get_clip()
    if rect.w <= 0 or rect.h <= 0 or not clip.colliderect(card_bounds(rect, lifted)):
        return  # nothing of it would show (clipped away)
    radius = card_radius(rect, radius_frac)
    edge = 0 if border is None else edge_px if edge_px is not None else max(3, min(rect.w, rect.h) // 28)
    if rect.inflate(-2 * radius, -2 * edge).contains(clip) or rect.inflate(-2 * edge, -2 * radius).contains(clip):
        fill_opaque(surface, fill, clip)  # only the card's flat middle shows (a partial redraw over a large card)
        return
    drop = max(2, rect.h // 40) if lifted else 0
    if 2 * radius + 2 > rect.w or 2 * radius + 2 + drop > rect.h or edge > radius:
        _draw_card_shapes(surface, rect, fill, border, radius, edge, drop)  # too small for tiles to pay
        return
    x, y, right, bottom, r = rect.x, rect.y, rect.right, rect.bottom, radius
    middle_w, middle_h = rect.w - 2 * r, rect.h - 2 * r
    side_w = r - edge  # each side of the middle column, inside the border: narrow, so its fill is quick
    for area in ((x + r, y + edge, middle_w, rect.h - 2 * edge), (x + edge, y + r, side_w, middle_h),
                 (right - r, y + r, side_w, middle_h)):
        _fill_clipped(surface, fill, clip, area)
    if border is not None:
        for area in ((x, y + r, edge, middle_h), (right - edge, y + r, edge, middle_h),
                     (x + r, y, middle_w, edge), (x + r, bottom - edge, middle_w, edge)):
            _fill_clipped(surface, border, clip, area)
    if drop:
        _fill_clipped(surface, shade(fill, -0.35), clip, (x + r, bottom, middle_w, drop))
    corners = _corner_tiles(r, edge, drop, tuple(fill), tuple(border) if border is not None else None)
    for tile, place in zip(corners, ((x, y), (right - r, y), (x, bottom - r), (right - r, bottom - r))):
        if clip.colliderect(place, tile.get_size()):
            surface.blit(tile, place)


def _fill_clipped(surface: pygame.Surface, colour: tuple[int, int, int], clip: pygame.Rect, area) -> None:
    part = clip.clip(area)
    if part.w > 0 and part.h > 0:
        fill_opaque(surface, colour, part)


def _draw_card_shapes(surface: pygame.Surface, rect: pygame.Rect, fill: tuple[int, int, int],
                      border: tuple[int, int, int] | None, radius: int, edge: int, drop: int) -> None:
    """The card drawn with pygame's rounded rectangles: what ``draw_card`` paints, and how its corner tiles are made."""
    if drop:
        clip = surface.get_clip()
        below = pygame.Rect(rect.x, rect.bottom - radius, rect.w, radius + drop).clip(clip)
        if below.w > 0 and below.h > 0:
            surface.set_clip(below)  # the card's straight sides and upper corners hide the rest of its shadow
            pygame.draw.rect(surface, shade(fill, -0.35), rect.move(0, drop), border_radius=radius)
            surface.set_clip(clip)
    pygame.draw.rect(surface, fill, rect, border_radius=radius)
    if border is not None:
        pygame.draw.rect(surface, border, rect, width=edge, border_radius=radius)


@functools.lru_cache(maxsize=48)  # a screen shows a handful of card styles; 48 at 4K are a few MB
def _corner_tiles(radius: int, edge: int, drop: int, fill: tuple[int, int, int],
                  border: tuple[int, int, int] | None) -> tuple[pygame.Surface, ...]:
    """A card's four corners (top left, top right, bottom left, bottom right; the bottom ones with the
    shadow below them), cut from a small card drawn by pygame: opaque, with a colour key where the
    background shows through, so blitting one copies the card's pixels exactly."""
    used = {tuple(fill), tuple(border or fill), shade(fill, -0.35)}
    key = next(colour for colour in ((255, 0, 255), (0, 255, 0), (0, 0, 255), (1, 2, 3)) if colour not in used)
    # Tall enough that, as on a real card, the shadow's own upper corners are hidden behind the card.
    width, height = 2 * radius + 2, 2 * radius + 2 + drop
    model = pygame.Surface((width, height + drop))
    model.fill(key)
    _draw_card_shapes(model, pygame.Rect(0, 0, width, height), fill, border, radius, edge, drop)
    tiles = []
    for area in ((0, 0, radius, radius), (width - radius, 0, radius, radius),
                 (0, height - radius, radius, radius + drop), (width - radius, height - radius, radius, radius + drop)):
        tile = model.subsurface(area).copy()
        tile.set_colorkey(key)
        tiles.append(tile.convert() if pygame.display.get_surface() is not None else tile)
    return tuple(tiles)


def card_radius(rect: pygame.Rect, radius_frac: float = CARD_RADIUS) -> int:
    return max(4, int(min(rect.w, rect.h) * radius_frac))


def card_interior(rect: pygame.Rect, radius_frac: float = CARD_RADIUS) -> list[pygame.Rect]:
    """Where a card drawn by ``draw_card`` is opaque for certain: all of it but its rounded corners,
    as two overlapping rects (the shadow below it adds to that, and is left out)."""
    if rect.w <= 0 or rect.h <= 0:
        return []
    radius = card_radius(rect, radius_frac)
    return [rect.inflate(-2 * radius, 0), rect.inflate(0, -2 * radius)]


def card_bounds(rect: pygame.Rect, lifted: bool = True) -> pygame.Rect:
    """Where draw_card puts pixels: the card and, lifted, its shadow below it."""
    return rect.union(rect.move(0, max(2, rect.h // 40))) if lifted else pygame.Rect(rect)
