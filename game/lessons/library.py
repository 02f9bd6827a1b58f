"""All the lessons the game knows, loaded from one or more folders.

A broken file never stops the others: its problems are kept alongside the
lessons that did load, for ``play.py check`` and (later) teacher mode.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from .letters import LETTERS

if TYPE_CHECKING:  # imported only when lessons are read: the loader pulls in YAML and JSON Schema,
    from .loader import LessonLoader, LoadResult, Problem  # and the model's types cost the first frame
    from .model import Lesson

LESSON_SUFFIXES = (".yaml", ".yml")
BUILTIN_LESSONS_DIR = Path(__file__).resolve().parents[2] / "lessons"
# private-or-share.pl.yaml: a lesson's translation (game/languages/overlay.py), never a lesson itself
TRANSLATION_NAME = re.compile(r"^(?P<stem>.+)\.(?P<code>[a-z]{2,3})\.ya?ml$")


def lesson_files(paths: Iterable[Path]) -> list[Path]:
    """Expand folders into their lesson files (sorted); keep files as given."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p for p in path.rglob("*") if p.suffix.lower() in LESSON_SUFFIXES and p.is_file()
                and not TRANSLATION_NAME.match(p.name)
            )
        else:
            found.append(path)
    return found


@dataclass
class LessonLibrary:
    lessons: list[Lesson] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: int = 0

    @classmethod
    def load(cls, loader: LessonLoader, paths: Iterable[Path], school: Iterable[Path] = ()) -> "LessonLibrary":
        """Lessons from ``paths``, then the school's own folders, whose lessons replace any with the same id.

        A broken school file never stops anything: its problems are listed and the built-in stays.
        """
        library = cls()
        for path in lesson_files(paths):
            library.add(loader.load(path))
        built_in = {lesson.id for lesson in library.lessons}
        for path in lesson_files([folder for folder in school if folder.is_dir()]):
            library.add(loader.load(path), replaces=built_in)
        return library

    def add(self, result: LoadResult, replaces: set[str] = frozenset()) -> None:
        self.files += 1
        self.problems += result.problems
        lesson = result.lesson
        if lesson is None:
            return
        clash = next((other for other in self.lessons if other.id == lesson.id), None)
        if clash is not None and lesson.id in replaces:
            self.lessons[self.lessons.index(clash)] = lesson  # the school's version wins
            replaces.discard(lesson.id)  # ... once: two school files with one id is still a mistake
            return
        if clash is not None:
            from .loader import Problem

            self.problems.append(
                Problem(lesson.path, lesson.id_line, 1, "error",
                        f"the lesson id '{lesson.id}' is already used by {clash.path}: give this lesson its own id")
            )
            return
        self.lessons.append(lesson)

    def for_letter(self, key: str) -> list[Lesson]:
        """Lessons of one letter, youngest year band first, then by title."""
        from .model import YEAR_BANDS

        chosen = [lesson for lesson in self.lessons if lesson.letter == key]
        return sorted(chosen, key=lambda l: (YEAR_BANDS.index(l.year), l.title.text.lower()))

    def by_id(self, lesson_id: str) -> Lesson | None:
        return next((lesson for lesson in self.lessons if lesson.id == lesson_id), None)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    def summary(self) -> dict:
        """The shape `play.py check --json` prints."""
        from .kinds import KINDS

        kinds = Counter(scene.kind for lesson in self.lessons for scene in lesson.scenes)
        return {
            "lessons": {item.key: len(self.for_letter(item.key)) for item in LETTERS},
            "scene_kinds": {kind: kinds.get(kind, 0) for kind in KINDS},
            "lines": sum(len(lesson.spoken_lines()) for lesson in self.lessons),
            "errors": len(self.errors),
            "warnings": len(self.warnings),
        }
