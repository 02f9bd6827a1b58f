"""A translation's missing, extra and out-of-date lines, each with file:line (for ``play.py check``).

- missing: a line the lesson (or the game) says that the translation lacks: said in English alone.
  Reported at the English line, in the lesson file, so the translator sees what to translate.
- extra: a translated id the lesson no longer has (renamed or removed): never said.
- out of date: the English has changed since it was translated (the ``en:`` kept with each line).
All three are warnings (the game plays on in English); an unreadable file is an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from ..lessons.basics import Line
from .catalogue import language
from .overlay import GAME_LINES_DIR, OVERLAY_NAME, Overlay, read_overlay
from .text import letters_of


@dataclass(frozen=True)
class TranslationProblem:
    path: Path
    line: int
    severity: str  # "error" or "warning"
    message: str


@dataclass
class Coverage:
    code: str
    lines: int = 0
    translated: int = 0
    out_of_date: int = 0
    checked: int = 0  # translated lines in files a speaker has checked (``checked: true``)


def overlays_beside(lesson_path: Path) -> list[Path]:
    """The translation files of one lesson: <lesson>.<code>.yaml in its folder."""
    found = []
    for path in sorted(lesson_path.parent.glob(f"{lesson_path.stem}.*.y*ml")):
        match = OVERLAY_NAME.match(path.name)
        if match and match.group("stem") == lesson_path.stem:
            found.append(path)
    return found


@lru_cache(maxsize=16)
def letters_drawn(kind: str) -> frozenset[int]:
    """Every character the game can draw in a home language's font (with the Latin a completed font gets)."""
    from .script_font import COMPLETED, LATIN
    from .text import font_letters, font_path

    path = font_path(kind)
    if path is None:
        return frozenset()
    return font_letters(path) | frozenset(LATIN) if kind in COMPLETED else font_letters(path)


def compare(overlay: Overlay, lines: Sequence[Line], english_path: Path | None,
            coverage: dict[str, Coverage]) -> list[TranslationProblem]:
    """One translation against the lines it translates."""
    code = overlay.language
    known = language(code)
    name = f"{known.name} ({code})" if known else f"'{code}'"
    problems = [TranslationProblem(overlay.path, line, "error", message) for line, message in overlay.problems]
    if known is None:
        problems.append(TranslationProblem(overlay.path, 1, "warning",
                                           f"'{code}' is not a language the game knows yet: add it to "
                                           "game/languages/catalogue.py to use this translation"))
    if overlay.problems and not overlay.entries:
        return problems  # unreadable: its error says why; listing every line as missing would bury it
    counted = coverage.setdefault(code, Coverage(code))
    wanted = {}
    for line in lines:
        wanted.setdefault(line.id, line)
    for line_id, line in wanted.items():
        counted.lines += 1
        entry = overlay.entries.get(line_id)
        if entry is None:
            where, at = (english_path, line.source_line or 1) if english_path else (overlay.path, 1)
            problems.append(TranslationProblem(where, at, "warning",
                                               f"no {name} translation of '{line_id}' in {overlay.path.name} "
                                               f"(\"{line.text}\"): it is said in English only"))
            continue
        counted.translated += 1
        counted.checked += 1 if overlay.checked else 0
        if entry.en and entry.en != line.text:
            counted.out_of_date += 1
            problems.append(TranslationProblem(overlay.path, entry.line, "warning",
                                               f"out of date: '{line_id}' was translated from \"{entry.en}\" but the "
                                               f"English is now \"{line.text}\": translate it again and update 'en:'"))
        elif not entry.en:
            problems.append(TranslationProblem(overlay.path, entry.line, "warning",
                                               f"'{line_id}' does not say which English it was translated from: "
                                               f"add  en: {line.text}"))
    drawn = letters_drawn(known.font) if known is not None and known.shown else None
    for line_id, entry in overlay.entries.items():
        lacking = sorted(char for char in letters_of([entry.text]) if ord(char) not in drawn) if drawn else []
        if lacking:
            letters = ", ".join(f"'{char}' (U+{ord(char):04X})" for char in lacking)
            problems.append(TranslationProblem(overlay.path, entry.line, "warning",
                                               f"'{line_id}': the {known.name} font has no {letters}, so this line "
                                               "is shown in English alone (it is still heard): a typing slip, or a "
                                               "letter of another script?"))
    for line_id, entry in overlay.entries.items():
        if line_id not in wanted:
            problems.append(TranslationProblem(overlay.path, entry.line, "warning",
                                               f"extra: there is no line '{line_id}' to translate "
                                               "(renamed or removed from the English): delete it or fix its id"))
    return problems


def check_translations(lessons: Iterable, game_lines: Sequence[Line] | None = None,
                       game_folder: Path = GAME_LINES_DIR, only: set[Path] | None = None,
                       ) -> tuple[list[TranslationProblem], dict[str, Coverage]]:
    """Every translation beside these lessons (and, given ``game_lines``, the game's own overlays)."""
    problems: list[TranslationProblem] = []
    coverage: dict[str, Coverage] = {}
    for lesson in lessons:
        for path in overlays_beside(lesson.path):
            if only is None or path.resolve() in only:
                problems += compare(read_overlay(path), lesson.spoken_lines(), lesson.path, coverage)
    if game_lines is not None and game_folder.is_dir():
        for path in sorted(game_folder.glob("game.*.y*ml")):
            if only is None or path.resolve() in only:
                problems += compare(read_overlay(path), game_lines, None, coverage)
    return problems, coverage


def orphans(folders: Iterable[Path], lesson_paths: set[Path]) -> list[TranslationProblem]:
    """Translation files with no lesson of that name beside them."""
    found = []
    for folder in folders:
        for path in sorted(folder.rglob("*.y*ml")) if folder.is_dir() else []:
            match = OVERLAY_NAME.match(path.name)
            if match and not any((path.parent / f"{match.group('stem')}{suffix}").resolve() in lesson_paths
                                 for suffix in (".yaml", ".yml")):
                found.append(TranslationProblem(path, 1, "warning",
                                                f"a translation with no lesson beside it: {match.group('stem')}.yaml "
                                                "is not in this folder, so it is never used"))
    return found
