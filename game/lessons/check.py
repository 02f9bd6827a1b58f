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
    from ..languages.overlay import is_overlay

    missing = [path for path in paths if not path.exists()]
    school = [folder for folder in school if folder.is_dir()] if not paths else []
    # A translation named on its own is checked against its lesson (which is loaded, not listed).
    translations = {path.resolve() for path in paths if path.is_file() and is_overlay(path)}
    paths = [_lesson_of(path) if path.resolve() in translations else path for path in paths]
    library = LessonLibrary.load(LessonLoader(PictureCatalog(), check_picture_files=True),
                                 [p for p in paths if p.exists()] or ([] if paths else [BUILTIN_LESSONS_DIR]), school)
    translation_problems, coverage = _translations(library, paths, school, translations or None)
    summary = library.summary()
    summary["errors"] += sum(1 for problem in translation_problems if problem.severity == "error")
    summary["warnings"] += sum(1 for problem in translation_problems if problem.severity == "warning")
    summary["translations"] = {code: {"lines": c.lines, "translated": c.translated, "out_of_date": c.out_of_date,
                                      "checked_by_a_speaker": c.checked}
                               for code, c in sorted(coverage.items())}
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
    for problem in sorted(translation_problems, key=lambda p: (str(p.path), p.line)):
        out.write(f"{_shown(problem.path)}:{problem.line}:1: {problem.severity}: {problem.message}\n")
    problems = problems + translation_problems
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
    for code, counts in summary["translations"].items():
        out.write(f"translation {code}: {counts['translated']} of {counts['lines']} lines"
                  f" ({counts['out_of_date']} out of date); "
                  + (f"{counts['checked_by_a_speaker']} checked by a speaker" if counts['checked_by_a_speaker'] else
                     "none checked by a speaker (machine drafts until one has)") + "\n")
    out.write(f"{summary['errors']} error{'s' if summary['errors'] != 1 else ''}, "
              f"{summary['warnings']} warning{'s' if summary['warnings'] != 1 else ''}\n")
    return 1 if summary["errors"] else 0


def _lesson_of(translation: Path) -> Path:
    """private-or-share.pl.yaml -> private-or-share.yaml (or .yml) beside it."""
    from ..languages.overlay import OVERLAY_NAME

    stem = OVERLAY_NAME.match(translation.name).group("stem")
    for suffix in (".yaml", ".yml"):
        if (translation.parent / f"{stem}{suffix}").is_file():
            return translation.parent / f"{stem}{suffix}"
    return translation.parent / f"{stem}.yaml"  # missing: listed as "no file or folder here"


def _translations(library: LessonLibrary, paths: list[Path], school: Sequence[Path], only: set[Path] | None):
    """Translation problems for the lessons checked (and the game's own lines, when checking the built-ins)."""
    from ..languages.check import check_translations, orphans
    from ..languages.game_lines import game_lines

    with_game = not paths or only is not None or any(
        path.resolve() == BUILTIN_LESSONS_DIR.resolve() for path in paths if path.is_dir())
    lines = [line for line, _where in game_lines()] if with_game else None
    problems, coverage = check_translations(library.lessons, lines, only=only)
    if only is None:
        folders = [path for path in paths if path.is_dir()] or ([] if paths else [BUILTIN_LESSONS_DIR, *school])
        problems += orphans(folders, {lesson.path.resolve() for lesson in library.lessons})
    return problems, coverage
