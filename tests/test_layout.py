"""Every screen, at tablet, 1080p and 4K sizes: on screen, not overlapping, big enough."""

import pygame
import pytest

from game.layout import BOTTOM_CLEAR, TARGET_MIN
from game.tour import visit_every_screen

SIZES = [(1280, 800), (1920, 1080), (3840, 2160)]


def layout_problems(scene, size):
    width, height = size
    screen = pygame.Rect(0, 0, width, height)
    problems = []
    elements = [e for e in scene.elements() if e.role != "decor"]
    for element in elements:
        if not screen.contains(element.rect):
            problems.append(f"{element.name} {element.rect} is off-screen")
        if element.role == "target":
            # 20 mm on a 10-inch 1280x800 tablet: 15% of the short side, whichever way up
            if min(element.rect.w, element.rect.h) < TARGET_MIN * min(width, height):
                problems.append(f"{element.name} {element.rect.size} is under {TARGET_MIN:.0%} of the short side")
            if element.rect.bottom > height * (1 - BOTTOM_CLEAR):
                problems.append(f"{element.name} reaches the bottom edge ({element.rect.bottom} of {height})")
    for i, first in enumerate(elements):
        for second in elements[i + 1:]:
            if first.rect.colliderect(second.rect):
                problems.append(f"{first.name} {first.rect} overlaps {second.name} {second.rect}")
    return problems


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
def test_every_screen_fits(make_pilot, size):
    pilot = make_pilot(size=size)
    checked = 0
    for name in visit_every_screen(pilot):
        assert pilot.app.size() == size
        problems = layout_problems(pilot.scene, size)
        assert not problems, f"{name} at {size}: " + "; ".join(problems)
        checked += 1
    assert checked >= 5 + 5 + 20  # home, about, letters, and every lesson scene


def test_portrait_tablet_fits(make_pilot):
    """A tablet turned on its side still gets a usable, tidy screen."""
    size = (800, 1280)
    pilot = make_pilot(size=size)
    for name in visit_every_screen(pilot):
        problems = layout_problems(pilot.scene, size)
        assert not problems, f"{name} at {size}: " + "; ".join(problems)


def test_resize_mid_lesson_relays_out_and_keeps_the_place(make_pilot):
    pilot = make_pilot(size=(1280, 800))
    pilot.tap_widget("letter-tell")
    lesson = pilot.app.ctx.library.for_letter("tell")[0]
    pilot.tap_widget(f"lesson-{lesson.id}")
    pilot.tap_widget("next")
    small_next = pilot.scene.widget("next").rect.copy()
    pilot.resize((1920, 1080))
    assert pilot.app.size() == (1920, 1080)
    assert pilot.scene.index == 1, "a resize must not lose the child's place"
    assert pilot.scene.widget("next").rect != small_next
    assert not layout_problems(pilot.scene, (1920, 1080))
    pilot.tap_widget("home")
    assert pilot.scene.name == "stop-lesson" and not layout_problems(pilot.scene, (1920, 1080))
    pilot.tap_widget("home")  # stop
    # the covered scenes are laid out again for the new size when they come back
    assert pilot.scene.name == "home"
    assert not layout_problems(pilot.scene, (1920, 1080))
