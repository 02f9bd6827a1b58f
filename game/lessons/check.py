"""`play.py check`: every problem as file:line:col, then a summary."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Sequence, TextIO

from .library import BUILTIN_LESSONS_DIR, LessonLibrary
from .loader import LessonLoader
from .pictures import PictureCatalog


def _shown(path: Path) -> str:
    """Paths as the author would type them: relative when under the current folder."""
    if path.is_absolute() and path.is_relative_to(Path.cwd()):
        return str(path.relative_to(Path.cwd()))
    return str(path)


def run_check(paths: list[Path], as_json: bool, out: TextIO, school: Sequence[Path] = ()) -> int:
    """Check lesson files and folders; return the exit status (1 if any errors).

    With no ``paths``: the built-in lessons and the ``school`` folders, as the game loads them
    (a school lesson with a built-in's id replaces it).
    """
    missing = [path for path in paths if not path.exists()]
    school = [folder for folder in school if folder.is_dir()] if not paths else []
    library = LessonLibrary.load(LessonLoader(PictureCatalog(), check_picture_files=True),
                                 [p for p in paths if p.exists()] or ([] if paths else [BUILTIN_LESSONS_DIR]), school)
    summary = library.summary()
    if missing:
        summary["errors"] += len(missing)
    if as_json:
        out.write(json.dumps(summary) + "\n")
        return 1 if summary["errors"] else 0
    for path in missing:
        out.write(f"{_shown(path)}:1:1: error: there is no file or folder here: check the name\n")
    problems = sorted(library.problems, key=lambda p: (str(p.path), p.line, p.column))
    for problem in problems:
        out.write(f"{_shown(problem.path)}:{problem.line}:{problem.column}: {problem.severity}: {problem.message}\n")
    if problems or missing:
        out.write("\n")
    for folder in school:
        out.write(f"with the school's own lessons in {_shown(folder)}\n")
    lessons = summary["lessons"]
    total = sum(lessons.values())
    out.write(f"{total} lesson{'s' if total != 1 else ''} in {library.files} file{'s' if library.files != 1 else ''}: "
              + ", ".join(f"{key} {count}" for key, count in lessons.items()) + "\n")
    out.write("scenes: " + ", ".join(f"{kind} {count}" for kind, count in summary["scene_kinds"].items()) + "\n")
    out.write(f"spoken lines: {summary['lines']}\n")
    out.write(f"{summary['errors']} error{'s' if summary['errors'] != 1 else ''}, "
              f"{summary['warnings']} warning{'s' if summary['warnings'] != 1 else ''}\n")
    return 1 if summary["errors"] else 0
