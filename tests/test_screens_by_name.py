"""Screens that open one another do it by name (issue 16 point 3): each list names every screen once, by the
name the screen itself has, and no screen imports another it opens."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

import game.scenes.teacher as teacher
from game.scenes import screens as child_screens
from game.scenes.base import Scene

ROOT = Path(__file__).resolve().parents[1]


def test_every_teacher_screen_is_listed_once_under_its_own_name():
    listed = {teacher.screen_named(name) for name in teacher.SCREENS}
    for name in teacher.SCREENS:
        assert teacher.screen_named(name).name == name
    found = set()
    for module in pkgutil.iter_modules(teacher.__path__):
        loaded = importlib.import_module(f"{teacher.__name__}.{module.name}")
        found |= {cls for _, cls in inspect.getmembers(loaded, inspect.isclass)
                  if issubclass(cls, Scene) and cls.__module__ == loaded.__name__}
    assert found == listed, f"teacher screens not in SCREENS: {sorted(c.__name__ for c in found - listed)}"


def test_the_child_screens_that_lead_to_one_another_are_listed_under_their_own_names():
    for name in child_screens.SCREENS:
        assert child_screens.screen_named(name).name == name


def test_no_screen_imports_a_screen_it_opens():
    """A screen class named in either list is never imported by another screen's module (only by name)."""
    listed = {cls for _, cls in teacher.SCREENS.values()} | {cls for _, cls in child_screens.SCREENS.values()}
    # The authoring preview is a player (it subclasses it, to show a lesson as it is being written).
    builds_on = {"game/scenes/preview.py"}
    offenders = []
    for path in (ROOT / "game" / "scenes").rglob("*.py"):
        if path.relative_to(ROOT).as_posix() in builds_on:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for_types = {id(inner) for node in ast.walk(tree) if isinstance(node, ast.If)
                     and getattr(node.test, "id", getattr(node.test, "attr", "")) == "TYPE_CHECKING"
                     for inner in ast.walk(node)}  # names for type checkers only: never run
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and id(node) not in for_types:
                offenders += [f"{path.relative_to(ROOT)}: {alias.name}" for alias in node.names if alias.name in listed]
    assert not offenders, offenders
