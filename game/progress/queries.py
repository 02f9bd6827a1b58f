"""The teacher screens' questions to the progress store, answered with plain data.

Each takes the store (on the progress service's worker: service.py runs them, never the frame loop)
and gives back dataclasses, tuples and lists: nothing that holds a connection.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from . import preferences as chosen_preferences

if TYPE_CHECKING:
    from ..lessons.library import LessonLibrary
    from .overview import Overview, QuestionAnswers
    from .store import ProgressStore
    from .worries import Worry


@dataclass(frozen=True)
class Roster:
    class_id: int
    pupils: list[tuple[int, str, str]]  # (id, name as it may be shown, animal), by name


@dataclass(frozen=True)
class Played:
    """One lesson a pupil started: for their timeline."""

    lesson_id: str
    started: str
    stars: int | None
    right: int
    wrong: int


@dataclass(frozen=True)
class Chosen:
    """A class's and a pupil's own preferences (``class_id`` None: no such class)."""

    class_id: int | None
    found: chosen_preferences.Preferences


def class_names(store: "ProgressStore") -> list[str]:
    return [name for _, name in store.classes()]


def roster(store: "ProgressStore", class_name: str) -> Roster | None:
    class_id = store.class_id(class_name)
    return Roster(class_id, store.pupils(class_id)) if class_id is not None else None


def overview(store: "ProgressStore", class_name: str, library: "LessonLibrary") -> "Overview | None":
    from .overview import build_overview

    class_id = store.class_id(class_name)
    return build_overview(store, class_id, class_name, library) if class_id is not None else None


def pupil_timeline(store: "ProgressStore", pupil_id: int, limit: int = 40) -> list[Played]:
    rows = store.db.execute(
        "SELECT attempts.lesson_id, attempts.started, attempts.stars, "
        "SUM(answers.right = 1), SUM(answers.right = 0) FROM attempts "
        "LEFT JOIN answers ON answers.attempt_id = attempts.id WHERE attempts.pupil_id = ? "
        "GROUP BY attempts.id ORDER BY attempts.started DESC LIMIT ?", (pupil_id, limit)).fetchall()
    return [Played(lesson_id, started, stars, right or 0, wrong or 0) for lesson_id, started, stars, right, wrong in rows]


def pupil_letter_answers(store: "ProgressStore", pupil_id: int, letter_key: str,
                         library: "LessonLibrary") -> "list[QuestionAnswers]":
    from .overview import pupil_letter_answers as answers

    return answers(store, pupil_id, [lesson.id for lesson in library.for_letter(letter_key)], library)


def worries(store: "ProgressStore", lesson_title: Callable[[str], str],
            device_name: Callable[[str | None], str | None] = lambda device_id: None) -> "list[Worry]":
    from .worries import read_worries

    return read_worries(store, lesson_title, device_name)


def preferences(store: "ProgressStore", class_id: int | None, class_name: str | None,
                pupil_id: int | None) -> Chosen:
    """By the class's id if given; else the pupil's own class; else the class of that name."""
    if class_id is None and pupil_id is not None:
        row = store.db.execute("SELECT class_id FROM pupils WHERE id = ?", (pupil_id,)).fetchone()
        class_id = row[0] if row else None
    elif class_id is None and class_name:
        class_id = store.class_id(class_name)
    return Chosen(class_id, chosen_preferences.read(store, class_id, pupil_id))


def save_report(store: "ProgressStore", overview: "Overview", folder: Path) -> tuple[Path, list[Path]]:
    """The printable report, then the class's progress CSV and its class list (in the name,avatar form
    "Import class lists" reads), all into ``folder``: (the report, the CSVs)."""
    from .export import PROGRESS_COLUMNS, write_csv_file
    from .overview import write_report
    from ..engine.private_files import safe_file_stem

    page = write_report(overview, folder)
    class_id = store.class_id(overview.class_name)
    written = [page.with_suffix(".csv"), folder / f"{safe_file_stem(overview.class_name)}.csv"]
    write_csv_file(written[0], store.class_progress_rows(class_id), PROGRESS_COLUMNS)
    roster = ({"name": name, "avatar": avatar} for _, name, avatar in store.pupils(class_id))
    write_csv_file(written[1], roster, ["name", "avatar"])
    return page, written


def export_worries(store: "ProgressStore", path: Path, lesson_title: Callable[[str], str],
                   device_name: Callable[[str | None], str | None] = lambda device_id: None) -> int:
    """Every worry, for the school's safeguarding log, as a CSV at ``path``: how many."""
    from .export import write_csv_file
    from .worries import EXPORT_COLUMNS, export_rows, read_worries

    return write_csv_file(path, export_rows(read_worries(store, lesson_title, device_name)), EXPORT_COLUMNS)
