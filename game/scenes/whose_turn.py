"""Whose turn it is, on home: the child's own animal, big (a tap says their name), and "Not you?".

On a class tablet children hand it on themselves, so the next child changes turns here with no PIN: "Not
you?" opens the class's animals (game/scenes/pupils.py), where they tap their own. With no class chosen, or
the whole class on the board, nothing is added and home is as it always was.
"""

from __future__ import annotations

import pygame

from ..engine.layout import Metrics
from ..lessons.basics import Line
from ..cast.avatars import AVATARS
from ..frame.palette import WHITE, shade
from .widgets import Button

NOT_YOU = Line("ui.turn.not-you", "Not you? Tap the two children to find your animal.")
WHO_NOW = Line("ui.turn.who", "Who is playing? Tap the question mark to find your animal.")
NO_PUPILS = Line("ui.turn.no-pupils", "Ask your teacher to put you in the class.")
TURN_FILL = shade((120, 180, 240), 0.7)


def turn_line(name: str) -> Line:
    return Line(f"ui.turn.name.{name.lower()}", f"It's {name}'s turn.")


def shows_turns(ctx) -> bool:
    return bool(ctx.settings.class_name) and not ctx.settings.whole_class


def turn_lines(ctx) -> list[Line]:
    """What home says about turns (after its welcome); nothing without a class."""
    if not shows_turns(ctx):
        return []
    current = ctx.turns.current(ctx)
    return [turn_line(current[1]), NOT_YOU] if current else [WHO_NOW]


def add_whose_turn(scene, m: Metrics, area: pygame.Rect) -> pygame.Rect:
    """Add the whose-turn controls beside the letters (above them on a portrait tablet) and return the
    area left for the letters; with no class, add nothing and return ``area`` as it was."""
    ctx = scene.ctx
    if not shows_turns(ctx):
        return area
    current = ctx.turns.current(ctx)
    catalog = ctx.catalog
    if current is not None:
        pupil_id, name, avatar = current
        animal = catalog.emoji_svg(catalog.emoji_for_name(AVATARS.get(avatar, "bear")) or "🐻")
        turn = Button("turn", pygame.Rect(0, 0, 1, 1), lambda: _say_name(ctx, name), fill=WHITE, icon=animal,
                      label=name)
        turn.speaks = turn_line(name).id
    else:
        turn = Button("turn", pygame.Rect(0, 0, 1, 1), lambda: _choose(ctx, way_back=False), fill=TURN_FILL,
                      icon=catalog.emoji_svg("❓"), label="Who's playing?")
        turn.speaks = WHO_NOW.id
    widgets = [turn]
    if current is not None:
        other = Button("not-you", pygame.Rect(0, 0, 1, 1), lambda: _choose(ctx, way_back=True), fill=TURN_FILL,
                       icon=catalog.emoji_svg("🧑‍🤝‍🧑") or catalog.emoji_svg("👥"), label="Not you?")
        other.speaks = NOT_YOU.id
        widgets.append(other)
    if m.portrait:  # a row above the letters
        x = area.x
        for widget in widgets:
            widget.rect = pygame.Rect(x, area.y, int(m.target * 2.2), m.target)
            x = widget.rect.right + m.gap
        left = pygame.Rect(area.x, area.y + m.target + m.gap, area.w, area.h - m.target - m.gap)
    else:  # a column left of the letters, the animal big on top
        width = int(m.target * 1.3)
        below = m.target + m.gap if len(widgets) > 1 else 0
        turn_h = min(int(width * 1.3), area.h - below)
        top = area.y + (area.h - turn_h - below) // 2
        turn.rect = pygame.Rect(area.x, top, width, turn_h)
        if len(widgets) > 1:
            widgets[1].rect = pygame.Rect(area.x, turn.rect.bottom + m.gap, width, m.target)
        left = pygame.Rect(area.x + width + m.gap, area.y, area.w - width - m.gap, area.h)
    for widget in widgets:
        scene.add(widget)
    return left


def _say_name(ctx, name: str) -> None:
    ctx.narrator.stop()
    ctx.narrator.say([turn_line(name)])


def _choose(ctx, way_back: bool) -> None:
    """The class's animals, for the child to tap their own (with a way back if someone is playing)."""
    from .pupils import open_picker

    def nobody() -> None:
        ctx.narrator.stop()
        ctx.narrator.say([NO_PUPILS])  # a class with nobody in it yet: the teacher adds them

    open_picker(ctx, way_back=way_back, otherwise=nobody)
