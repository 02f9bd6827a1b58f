"""A child's screens that lead to one another, opened by name (``screen_named("player")``), never by importing each
other: a letter's page opens a lesson, a lesson its reward, the reward the letter's page again. By name, each
is imported when first opened, and no import cycle joins them (tests/test_architecture.py). Teacher mode's
screens have their own list (game/scenes/teacher/__init__.py)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .base import Scene

SCREENS: dict[str, tuple[str, str]] = {
    "letter": ("letter", "LetterScene"),
    "player": ("player", "PlayerScene"),
    "reward": ("reward", "RewardScene"),
}


def screen_named(name: str) -> type["Scene"]:
    """The screen class called ``name`` (its module imported now, the first time)."""
    module, cls = SCREENS[name]
    return getattr(importlib.import_module(f"{__package__}.{module}"), cls)
