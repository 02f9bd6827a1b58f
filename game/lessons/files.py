"""Files that sit next to a lesson (pictures, recordings): found safely, or explained."""

from __future__ import annotations

import unicodedata
from pathlib import Path


class LessonFileMissing(Exception):
    """The message says what to do, for a teacher."""


EXAMPLE_NAME = {"picture": "our-school.png", "recording": "hello.wav"}


def _unusable(char: str) -> bool:
    """A control character (NUL, newline: only reachable with a "\\0"-style escape) or half a surrogate pair."""
    return unicodedata.category(char) in ("Cc", "Cs")


def _shown(label: str) -> str:
    return "".join("?" if _unusable(char) else char for char in label)


def lesson_file(label: str, lesson_dir: Path, what: str) -> Path:
    """The file ``label`` in the lesson's folder. It may not reach outside that folder.

    A hostile or mistyped name must give a message, never a traceback: a NUL byte or a lone
    surrogate cannot be a file name (``resolve`` raises ValueError or UnicodeEncodeError), and
    a shortcut (symlink) that points at itself makes ``resolve`` raise RuntimeError on 3.11.
    """
    if any(_unusable(char) for char in label):
        raise LessonFileMissing(
            f"the {what} name '{_shown(label)}' holds a character that file names cannot use: "
            f"write the file's name with ordinary letters, for example  {EXAMPLE_NAME.get(what, 'my-file.png')}"
        )
    base = lesson_dir.resolve()
    try:
        path = (base / label).resolve()
    except (OSError, ValueError, RuntimeError):
        raise LessonFileMissing(
            f"the {what} file '{label}' cannot be opened (it may be a shortcut that points at itself): "
            f"copy the {what} itself into {lesson_dir}"
        ) from None
    if not path.is_relative_to(base):
        raise LessonFileMissing(
            f"the {what} '{label}' is outside the lesson's folder: put the {what} file in the same folder as the lesson"
        )
    if not path.is_file():
        raise LessonFileMissing(
            f"the {what} file '{label}' is not in {lesson_dir}: check the spelling, or copy the {what} into that folder"
        )
    return path
