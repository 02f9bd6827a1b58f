"""Every scene kind, registered once: its model, its builder, the activity that plays it, and whether it
asks a question.

A lesson's scene says ``kind: choose``; this table is where the game looks that word up. To add a kind:
its rules in lessons/schema.json ($defs and the scene's ``kind`` enum), its dataclass in
game/lessons/model.py, its builder in game/lessons/scene_builders.py, its activity in
game/scenes/activities/, and one ``SceneKind`` row here. tests/test_kinds.py fails, naming what is missing,
until all of them agree.

The activity is named, not imported: lessons are data, loaded on their own thread before any screen exists,
and the scenes import the lessons' model, so the lessons must not import the scenes back. It is imported
the first time a scene of its kind is played.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable

from .build_parts import LessonBuild
from .model import (
    ChooseScene,
    FeelingsScene,
    HotspotScene,
    PictureRef,
    Scene,
    SortScene,
    StoryScene,
    TapAllScene,
    ThumbsScene,
)
from .scene_builders import (
    build_choose,
    build_feelings,
    build_hotspot,
    build_sort,
    build_story,
    build_tap_all,
    build_thumbs,
)
from .yamlsource import LocatedDict

# Where activities live, relative to this package (game.lessons): game.scenes.activities
ACTIVITIES_PACKAGE = "..scenes.activities"


@dataclass(frozen=True)
class SceneKind:
    name: str  # as a lesson writes it:  kind: tap-all
    model: type  # the frozen dataclass it becomes (game/lessons/model.py)
    build: Callable[[LessonBuild, LocatedDict, str, PictureRef | None], Scene]  # scene_builders.py
    activity: str  # "module:Class" in game/scenes/activities/: what plays it
    asks_question: bool  # counts towards the stars; whole-class mode pauses to talk before its answers show

    def activity_class(self) -> type:
        """The activity that plays this kind (imported on first use: see the module's docstring)."""
        module_name, class_name = self.activity.split(":")
        module = importlib.import_module(f"{ACTIVITIES_PACKAGE}.{module_name}", __package__)
        return getattr(module, class_name)


# In the order lessons/schema.json lists them (play.py check --json counts them in this order too).
KINDS: dict[str, SceneKind] = {kind.name: kind for kind in (
    SceneKind("story", StoryScene, build_story, "story:StoryActivity", asks_question=False),
    SceneKind("choose", ChooseScene, build_choose, "pick_one:PickOneActivity", asks_question=True),
    SceneKind("thumbs", ThumbsScene, build_thumbs, "pick_one:PickOneActivity", asks_question=True),
    SceneKind("sort", SortScene, build_sort, "sort:SortActivity", asks_question=True),
    SceneKind("hotspot", HotspotScene, build_hotspot, "hotspot:HotspotActivity", asks_question=True),
    SceneKind("tap-all", TapAllScene, build_tap_all, "tap_all:TapAllActivity", asks_question=True),
    SceneKind("feelings", FeelingsScene, build_feelings, "feelings:FeelingsActivity", asks_question=True),
)}


def import_activities() -> None:
    """Import every kind's activity now (the player does, as it is imported): one cost when a lesson opens,
    not a pause mid-lesson the first time a kind is played (together they take tens of milliseconds)."""
    for kind in KINDS.values():
        kind.activity_class()


def kind_of(scene: Scene) -> SceneKind:
    """The registered kind of a built scene."""
    return KINDS[scene.kind]


def asks_question(scene: Scene) -> bool:
    """Is this scene a question (not a story page)?"""
    return KINDS[scene.kind].asks_question


def questions(scenes: tuple[Scene, ...] | list[Scene]) -> list[Scene]:
    """The scenes that ask a question, in playing order: what a lesson's stars are out of."""
    return [scene for scene in scenes if KINDS[scene.kind].asks_question]
