"""Pieces shared by several screens."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..engine.layout import Metrics
from ..frame.palette import WHITE
from .widgets import Button

if TYPE_CHECKING:
    from .base import Scene


def add_home_button(scene: "Scene", metrics: Metrics) -> Button:
    """The big way home, top-left on every screen but Home itself."""
    return scene.add(
        Button("home", metrics.home_button(), scene.ctx.stack.home, fill=WHITE, icon=scene.ctx.icon("home"))
    )


def add_speaker_button(scene: "Scene", metrics: Metrics) -> Button:
    """Top-right on every screen: say this screen's words again."""
    return scene.add(
        Button("speaker", metrics.corner_button(), scene.replay, fill=WHITE, icon=scene.ctx.icon("speaker"))
    )


def add_corner_buttons(scene: "Scene", metrics: Metrics) -> None:
    add_home_button(scene, metrics)
    add_speaker_button(scene, metrics)
