"""Files that sit next to a lesson (pictures, recordings): found safely, or explained."""

from __future__ import annotations

from pathlib import Path


class LessonFileMissing(Exception):
    """The message says what to do, for a teacher."""


def lesson_file(label: str, lesson_dir: Path, what: str) -> Path:
    """The file ``label`` in the lesson's folder. It may not reach outside that folder."""
    base = lesson_dir.resolve()
    path = (base / label).resolve()
    if not path.is_relative_to(base):
        raise LessonFileMissing(
            f"the {what} '{label}' is outside the lesson's folder: put the {what} file in the same folder as the lesson"
        )
    if not path.is_file():
        raise LessonFileMissing(
            f"the {what} file '{label}' is not in {lesson_dir}: check the spelling, or copy the {what} into that folder"
        )
    return path
