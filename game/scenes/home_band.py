"""Home's calm bottom band: what this child has earned, and "carry on" into a lesson they stopped part-way.

Small and quiet under the five letter tiles: a star with the child's count of stars, and a medal for
each badge (each letter whose lessons are all done), spoken with the welcome. When a lesson was
left part-way (home tapped mid-lesson, then "stop"), a green "carry on" card with the lesson's
picture reopens it at the scene the child left. Nothing earned and nothing to carry on: no band.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

from ..engine.layout import Metrics
from ..lessons.letters import LETTERS
from ..lessons.basics import Line
from ..frame.palette import INK, shade
from .letter import shown_lessons
from .widgets import RIGHT_GREEN, Button, Label, Picture

if TYPE_CHECKING:
    from .base import Scene
    from ..lessons.model import Lesson

TALLY_SHARE = 0.075  # of the short side: the earned strip's height when there is nothing to carry on


def earned(ctx) -> tuple[int, list]:
    """(stars, letters whose badge is earned) for the child playing now; nothing until the lessons are read."""
    if not ctx.library_ready:
        return 0, []
    progress = ctx.progress
    stars = sum(progress.total_stars(shown_lessons(ctx, item.key)) for item in LETTERS)
    badges = [item for item in LETTERS if progress.letter_done(shown_lessons(ctx, item.key))]
    return stars, badges


def left_lesson(ctx) -> "Lesson | None":
    """The lesson this child stopped part-way, if it is still one children see."""
    left = ctx.progress.left
    if left is None or not ctx.library_ready:
        return None
    lesson = ctx.library.by_id(left.lesson_id)
    if lesson is None or lesson.id in ctx.settings.hidden_lessons:
        return None
    return lesson


def earned_line(stars: int, badges: int) -> Line:
    words = f"You have {stars} star{'s' if stars != 1 else ''}"
    if badges:
        words += f" and {badges} badge{'s' if badges != 1 else ''}"
    return Line(f"ui.home.earned.{stars}.{badges}", words + ".")


def carry_on_line(lesson: "Lesson") -> Line:
    return Line(f"ui.home.carry-on.{lesson.id}", f"Carry on with {lesson.title.text}? Tap the green button.")


def band_narration(ctx) -> list[Line]:
    stars, badges = earned(ctx)
    lines = [earned_line(stars, len(badges))] if stars else []
    lesson = left_lesson(ctx)
    if lesson is not None:
        lines.append(carry_on_line(lesson))
    return lines


def add_home_band(scene: "Scene", m: Metrics, area: pygame.Rect) -> pygame.Rect:
    """Add the band at the bottom of ``area`` (where the tiles go); return what is left for the tiles."""
    ctx = scene.ctx
    stars, badges = earned(ctx)
    lesson = left_lesson(ctx)
    if not stars and lesson is None:
        return area
    height = m.target_min + 2 if lesson is not None else int(m.short * TALLY_SHARE)
    band = pygame.Rect(area.x, area.bottom - height, area.w, height)
    room = band.w  # for the tally, left of "carry on"
    if lesson is not None:
        width = min(band.w // 2, int(height * 2.6))
        carry = pygame.Rect(band.right - width, band.y, width, height)
        picture = lesson.picture.path if lesson.picture else ctx.icon("next")
        button = scene.add(Button("carry-on", carry, lambda: carry_on(ctx, lesson), fill=shade(RIGHT_GREEN, 0.7),
                                  icon=picture, label="Carry on"))
        button.speaks = carry_on_line(lesson).id
        room = carry.x - m.gap - band.x
    if stars:
        side = int(m.short * TALLY_SHARE)
        wanted = side * (1 + 1 / 6 + 0.6 * len(str(stars)) + 0.5) + len(badges) * (side + side // 6)
        if wanted > room:  # a narrow (portrait) screen with "carry on" beside: the tally comes down in size
            side = int(side * room / wanted)
        y = band.bottom - side  # along the bottom, level with the foot of "carry on"
        star = pygame.Rect(band.x, y, side, side)
        scene.add(Picture("earned-star", star, ctx.icon("star")))
        count = pygame.Rect(star.right + side // 6, y, side * 2, side)
        scene.add(Label("earned-stars", count, str(stars), int(side * 0.8), shade(INK, 0.15), align="left"))
        x = count.x + scene.ctx.text.fit(str(stars), count.size, INK, int(side * 0.8)).get_width() + side // 2
        for item in badges:
            scene.add(Picture(f"earned-badge-{item.key}", pygame.Rect(x, y, side, side), ctx.icon("badge")))
            x += side + side // 6
    return pygame.Rect(area.x, area.y, area.w, band.y - m.gap - area.y)


def carry_on(ctx, lesson: "Lesson") -> None:
    """Reopen the lesson at the scene the child left, over its letter (so "more lessons" leads there)."""
    from ..lessons.letters import BY_KEY
    from .screens import screen_named

    left = ctx.progress.left
    ctx.progress.left = None  # carried on: stopping again notes the new place
    ctx.stack.push(screen_named("letter")(ctx, BY_KEY[lesson.letter]))
    ctx.stack.push(screen_named("player")(ctx, lesson, carry_on=left))
