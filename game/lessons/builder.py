"""A lesson's schema-valid data into its typed ``Lesson`` (game/lessons/model.py).

The lesson's own fields are built here; each scene by the builder its kind registers (game/lessons/kinds.py),
with the pieces they all share (game/lessons/build_parts.py). What a schema cannot see is reported through
``report`` at its line; the caller (game/lessons/loader.py) keeps no lesson that has an error.
"""

from __future__ import annotations

from pathlib import Path

from .letters import BY_KEY, letter_key
from .build_parts import LessonBuild, Report
from .kinds import KINDS
from .model import Lesson, Scene
from .pictures import PictureCatalog
from .yamlsource import LocatedDict


def build_lesson(path: Path, data: LocatedDict, pictures: PictureCatalog, report: Report,
                 check_picture_files: bool = False) -> Lesson:
    """The lesson in ``data`` (read from ``path``, valid by lessons/schema.json)."""
    build = LessonBuild(path, data, pictures, report, check_picture_files)
    key = letter_key(data["letter"])
    assert key is not None  # the schema's enum guarantees it
    folder = path.parent.name.lower()
    folder_key = letter_key(folder) if folder in BY_KEY else None
    if folder_key and folder_key != key:
        report(
            data.value_positions["letter"],
            f"this lesson says letter {data['letter']} but sits in the '{folder}' folder: "
            f"move it to lessons/{key}/ or change the letter",
            "warning",
        )
    title = build.line(data, "title", f"{build.lesson_id}.title")
    rule = build.line(data, "rule", f"{build.lesson_id}.rule") if "rule" in data else None
    build.check_unique_ids(data["scenes"], "scenes", build.lesson_id)
    scenes = []
    for index, scene_data in enumerate(data["scenes"]):
        build.scene_index = index
        scenes.append(_scene(build, scene_data))
    return Lesson(
        id=build.lesson_id,
        letter=key,
        title=title,
        year=data["year"],
        outcomes=tuple(data["outcomes"]),
        strands=tuple(data.get("strands", ())),
        scenes=tuple(scenes),
        path=path,
        picture=build.picture(data, "picture") if "picture" in data else None,
        rule=rule,
        id_line=data.value_positions["id"][0],
    )


def _scene(build: LessonBuild, data: LocatedDict) -> Scene:
    prefix = f"{build.lesson_id}.{data['id']}"
    picture = build.picture(data, "picture") if "picture" in data else None
    return KINDS[data["kind"]].build(build, data, prefix, picture)
