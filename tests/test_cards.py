"""Cards painted from fills and kept corner tiles (frame.cards.draw_card) show exactly the pixels pygame's
rounded rectangles give, drawn whole or clipped to any part, on the window or on a see-through surface."""

from __future__ import annotations

import os
import random

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame
import pytest

from game.frame.cards import CARD_RADIUS, _draw_card_shapes, card_bounds, card_radius, draw_card
from game.frame.fills import fill_opaque
from game.scenes.widgets import PANEL_RADIUS


def pygame_card(surface, rect, fill, border=None, radius_frac=CARD_RADIUS, lifted=True) -> None:
    """The card as pygame's rounded rectangles draw it (draw_card before its corner tiles)."""
    clip = surface.get_clip()
    if rect.w <= 0 or rect.h <= 0 or not clip.colliderect(card_bounds(rect, lifted)):
        return
    radius = card_radius(rect, radius_frac)
    edge = max(3, min(rect.w, rect.h) // 28) if border is not None else 0
    if rect.inflate(-2 * radius, -2 * edge).contains(clip) or rect.inflate(-2 * edge, -2 * radius).contains(clip):
        fill_opaque(surface, fill, clip)
        return
    _draw_card_shapes(surface, rect, fill, border, radius, edge, max(2, rect.h // 40) if lifted else 0)


@pytest.fixture(scope="module")
def window():
    pygame.display.init()
    yield pygame.display.set_mode((1600, 1000))
    pygame.display.quit()


def backdrop(size, alpha: bool) -> pygame.Surface:
    surface = pygame.Surface(size, pygame.SRCALPHA) if alpha else pygame.display.get_surface().copy()
    for row in range(0, size[1], 7):
        surface.fill(((row * 3) % 256, 120, (255 - row) % 256, 255 if not alpha else (row * 5) % 256), (0, row, size[0], 7))
    return surface


def cards(seed: int, count: int):
    rng = random.Random(seed)
    for _ in range(count):
        w, h = rng.randint(12, 1400), rng.randint(12, 900)
        rect = pygame.Rect(rng.randint(-40, 1600 - w // 2), rng.randint(-40, 1000 - h // 2), w, h)
        fill = (rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255))
        border = rng.choice([None, (rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255)), (255, 0, 255)])
        yield rect, fill, border, rng.choice([CARD_RADIUS, PANEL_RADIUS, 0.1, 0.2]), rng.random() < 0.6, rng


@pytest.mark.parametrize("alpha", [False, True], ids=["window", "see-through"])
def test_a_whole_card_is_what_pygame_draws(window, alpha):
    for rect, fill, border, radius_frac, lifted, _ in cards(seed=1, count=60):
        ours, theirs = backdrop(window.get_size(), alpha), backdrop(window.get_size(), alpha)
        draw_card(ours, rect, fill, border, radius_frac, lifted)
        pygame_card(theirs, rect, fill, border, radius_frac, lifted)
        assert pygame.image.tobytes(ours, "RGBA") == pygame.image.tobytes(theirs, "RGBA"), (rect, border, lifted)


def test_any_part_of_a_card_is_what_pygame_draws_there(window):
    """Partial redraws clip a card to small areas (a piece of confetti, a dragged card's last place),
    often across its rounded corners and its shadow."""
    for rect, fill, border, radius_frac, lifted, rng in cards(seed=2, count=80):
        ours, theirs = backdrop(window.get_size(), False), backdrop(window.get_size(), False)
        bounds = card_bounds(rect, lifted)
        for _ in range(4):
            w, h = rng.randint(1, 120), rng.randint(1, 160)
            clip = pygame.Rect(rng.randint(bounds.x - w, bounds.right), rng.randint(bounds.y - h, bounds.bottom), w, h)
            for surface, paint in ((ours, draw_card), (theirs, pygame_card)):
                surface.set_clip(clip)
                paint(surface, rect, fill, border, radius_frac, lifted)
                surface.set_clip(None)
        assert pygame.image.tobytes(ours, "RGB") == pygame.image.tobytes(theirs, "RGB"), (rect, border, lifted)
