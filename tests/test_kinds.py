"""Every scene kind is registered once (game/lessons/kinds.py), and the registry agrees with everything else
that knows the kinds: lessons/schema.json, the model's dataclasses, the builders, the activities.

Adding a kind in one place only fails here with a message saying where else it is missing.
"""

from __future__ import annotations

import dataclasses
import inspect
import json
import subprocess
import sys
import typing
from pathlib import Path

from game.lessons import model, scene_builders
from game.lessons.kinds import KINDS, SceneKind, asks_question, questions
from game.lessons.loader import SCHEMA_PATH, LessonLoader
from game.lessons.pictures import PictureCatalog
from game.scenes.activities import Activity

ROOT = Path(__file__).resolve().parents[1]
ALL_KINDS = ROOT / "tests" / "lessons_all_kinds" / "tell" / "all-kinds.yaml"
PARK = ROOT / "lessons" / "meeting" / "lets-meet-at-the-park.yaml"
SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def registry_problems(schema: dict, kinds: dict[str, SceneKind], scene_models: tuple[type, ...]) -> list[str]:
    """What disagrees between the schema, the registry and the model, each said with where to fix it."""
    problems: list[str] = []
    in_schema = list(schema["$defs"]["scene"]["properties"]["kind"]["enum"])
    registered = list(kinds)
    for name in in_schema:
        if name not in kinds:
            problems.append(f"'{name}' is a kind in lessons/schema.json but not registered in game/lessons/kinds.py "
                            "(add a SceneKind row: its model, builder, activity and whether it asks a question)")
    for name in registered:
        if name not in in_schema:
            problems.append(f"'{name}' is registered in game/lessons/kinds.py but lessons/schema.json does not "
                            "allow it (add it to the scene's kind enum, an if/then rule and its own $defs entry)")
    if not problems and in_schema != registered:
        problems.append(f"the kinds are listed in another order in lessons/schema.json ({in_schema}) and "
                        f"game/lessons/kinds.py ({registered}): `play.py check --json` counts them in the "
                        "schema's order")
    for name, kind in kinds.items():
        where = f"the kind '{name}' in game/lessons/kinds.py"
        if kind.name != name:
            problems.append(f"{where} is filed under another name ('{kind.name}')")
        if name not in schema["$defs"]:
            problems.append(f"'{name}' has no $defs entry of its own in lessons/schema.json")
        fields = {f.name: f for f in dataclasses.fields(kind.model)} if dataclasses.is_dataclass(kind.model) else {}
        if not fields:
            problems.append(f"{where}: its model {kind.model!r} is not a dataclass in game/lessons/model.py")
        elif fields.get("kind") is None or fields["kind"].default != name:
            problems.append(f"{where}: its model {kind.model.__name__} should say  kind: str = "
                            f"field(default=\"{name}\", init=False)")
        if kind.model not in scene_models:
            problems.append(f"{where}: its model {getattr(kind.model, '__name__', kind.model)} is missing from "
                            "Scene in game/lessons/model.py")
        elif fields and ("question" in fields) != kind.asks_question:
            problems.append(f"{where} says asks_question={kind.asks_question}, but its model "
                            f"{'has' if 'question' in fields else 'has no'} 'question'")
        if not callable(kind.build) or len(inspect.signature(kind.build).parameters) != 4:
            problems.append(f"{where}: its builder should be a function (build, data, prefix, picture) in "
                            "game/lessons/scene_builders.py")
        try:
            activity = kind.activity_class()
        except (ImportError, AttributeError, ValueError) as error:
            problems.append(f"{where} names the activity '{kind.activity}', which cannot be imported from "
                            f"game/scenes/activities/: {error}")
        else:
            if not (isinstance(activity, type) and issubclass(activity, Activity)):
                problems.append(f"{where} names '{kind.activity}', which is not an Activity")
    for scene_model in scene_models:
        if not any(kind.model is scene_model for kind in kinds.values()):
            problems.append(f"{scene_model.__name__} is a Scene in game/lessons/model.py but no kind in "
                            "game/lessons/kinds.py builds it")
    return problems


def test_the_schema_the_registry_and_the_model_name_the_same_kinds():
    problems = registry_problems(SCHEMA, KINDS, typing.get_args(model.Scene))
    assert problems == [], "\n".join(problems)
    for kind in KINDS.values():
        assert kind.build.__module__ == scene_builders.__name__, kind.name


def test_a_kind_added_in_one_place_only_is_named_with_where_else_it_is_missing():
    schema = json.loads(json.dumps(SCHEMA))
    schema["$defs"]["scene"]["properties"]["kind"]["enum"].append("quiz")
    [problem] = registry_problems(schema, KINDS, typing.get_args(model.Scene))
    assert "'quiz'" in problem and "not registered in game/lessons/kinds.py" in problem

    @dataclasses.dataclass(frozen=True)
    class QuizScene:
        id: str
        kind: str = dataclasses.field(default="quiz", init=False)

    kinds = dict(KINDS, quiz=SceneKind("quiz", QuizScene, scene_builders.build_choose, "quiz:QuizActivity", True))
    problems = "\n".join(registry_problems(SCHEMA, kinds, typing.get_args(model.Scene)))
    assert "'quiz' is registered in game/lessons/kinds.py but lessons/schema.json does not allow it" in problems
    assert "QuizScene is missing from Scene" in problems
    assert "names the activity 'quiz:QuizActivity', which cannot be imported" in problems

    [problem] = registry_problems(SCHEMA, KINDS, typing.get_args(model.Scene | QuizScene))
    assert problem.startswith("QuizScene is a Scene in game/lessons/model.py but no kind")


def test_each_kind_builds_its_own_model_and_is_a_question_as_registered():
    loader = LessonLoader(PictureCatalog())
    scenes = [scene for path in (ALL_KINDS, PARK) for scene in loader.load(path).lesson.scenes]
    assert {scene.kind for scene in scenes} == set(KINDS)
    for scene in scenes:
        assert type(scene) is KINDS[scene.kind].model, scene.kind
        assert asks_question(scene) == (scene.kind != "story"), scene.kind
    assert questions(scenes) == [scene for scene in scenes if scene.kind != "story"]


def test_the_lessons_import_no_screen():
    """Lessons load on their own thread before any screen exists, and screens import the lessons' model:
    the registry names each activity and imports it only when a scene of its kind is played."""
    code = ("import sys; import game.lessons.loader, game.lessons.kinds; "
            "print(sorted(m for m in sys.modules if m.startswith('game.scenes')))")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
