"""`play.py export`: recorded progress as CSV, for the teacher's records or a spreadsheet."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, TextIO

from ..engine.private_files import private_folder, replacing, tighten_file
from .store import ANSWER_COLUMNS, STORE_FILE, ProgressStore, StoreError, write_csv

if TYPE_CHECKING:
    from ..lessons.library import LessonLibrary

PROGRESS_COLUMNS = ["pupil", "avatar", "letter", "lesson_id", "attempts", "finished", "best_stars",
                    "right_first_time", "wrong_answers"]


def write_csv_file(path: Path, rows: Iterable[dict], columns: list[str]) -> int:
    """``rows`` as a CSV file at ``path``, written whole or not at all, readable only by its owner, every
    text cell guarded against spreadsheet formulas (``write_csv``). A folder it has to make is made
    as usual: it is where the user chose (the data folder's own are made private by their callers)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with replacing(path, newline="") as file:
        return write_csv(rows, columns, file)


HANDS_COLUMNS = ["class", "lesson_id", "lesson", "scene_id", "question", "answer_id", "answer", "hands", "at",
                 "attempt_id"]


def hands_export_rows(store: ProgressStore, library: "LessonLibrary | None") -> Iterator[dict]:
    """Every show of hands on the board, one row per answer counted, with the words the children saw
    (from the lessons loaded now; an id only for a lesson no longer there)."""
    from .overview import Wording

    wording = Wording(library) if library is not None else None
    for row in store.hands_rows():
        lesson_id, scene_id, answer_id = row["lesson_id"], row["scene_id"], row["answer_id"]
        yield {"class": row["class"], "lesson_id": lesson_id, "scene_id": scene_id, "answer_id": answer_id,
               "lesson": wording.title(lesson_id) if wording else lesson_id,
               "question": wording.question(lesson_id, scene_id) if wording else scene_id,
               "answer": wording.answer(lesson_id, scene_id, answer_id) if wording else answer_id,
               "hands": row["count"], "at": row["at"], "attempt_id": row["attempt_id"]}


def run_export(data_dir: Path, class_name: str | None, class_csv: Path | None, answers_csv: Path | None,
               out: TextIO, err: TextIO, hands_csv: Path | None = None,
               library: "Callable[[], LessonLibrary] | None" = None) -> int:
    """``library``: loads the lessons, for the words of a show of hands (only asked for with ``hands_csv``)."""
    if not (class_name and class_csv) and answers_csv is None and hands_csv is None:
        err.write("say what to export: --class NAME --csv FILE, --answers FILE and/or --hands FILE\n")
        return 2
    store_path = data_dir / STORE_FILE
    if not store_path.exists():
        err.write(f"no progress has been recorded yet in {data_dir}\n")
        return 1
    try:
        store = ProgressStore(store_path)
    except StoreError as error:
        err.write(f"{error}\n")
        return 1
    try:
        if class_name and class_csv:
            class_id = store.class_id(class_name)
            if class_id is None:
                known = ", ".join(name for _, name in store.classes()) or "none yet"
                err.write(f"there is no class called '{class_name}' (classes: {known})\n")
                return 1
            count = write_csv_file(class_csv, store.class_progress_rows(class_id), PROGRESS_COLUMNS)
            out.write(f"wrote {count} rows for class {class_name} to {class_csv}\n")
            if count == 0:
                board = sum(1 for row in store.answer_rows(class_id) if row["pupil"] is None)
                out.write(no_progress_yet(class_name, len(store.pupils(class_id)), board) + "\n")
        if answers_csv is not None:
            count = write_csv_file(answers_csv, store.answer_rows(), ANSWER_COLUMNS)
            out.write(f"wrote {count} answers to {answers_csv}\n")
        if hands_csv is not None:
            rows = list(hands_export_rows(store, library() if library is not None else None))
            count = write_csv_file(hands_csv, rows, HANDS_COLUMNS)
            out.write(f"wrote {count} counts from shows of hands on the board to {hands_csv}\n")
            if count == 0:
                out.write("none yet: in whole-class mode, the hand button beside a question's answers counts them\n")
    except OSError as error:  # the folder chosen cannot be written: said, and nothing half-written is left
        err.write(f"cannot write {error.filename or 'the export'}: {error.strerror or error}\n")
        return 1
    finally:
        store.close()
    return 0


def no_progress_yet(class_name: str, pupils: int, board_answers: int = 0) -> str:
    """Why a class's progress file is only its header row."""
    who = f"{pupils} pupil{'s' if pupils != 1 else ''}" if pupils else "no pupils added yet"
    what = "no pupil's progress" if board_answers else "no progress"
    said = (f"class {class_name} has {what} recorded yet ({who}): rows appear once its pupils have played "
            "on a tablet, each child tapping their own animal first")
    if board_answers:
        said += (f"; its {board_answers} answer{'s' if board_answers != 1 else ''} on the board (whole-class mode) "
                 "are in `export --answers FILE`")
    return said


def run_class(data_dir: Path, name: str, import_csv: Path | None, export_csv: Path | None,
              out: TextIO, err: TextIO) -> int:
    """`play.py class NAME --import FILE | --export FILE`."""
    from .classlist import ClassListError, import_class_list, read_class_list
    from .names import clean_class_name, shown_text

    class_name, problem = clean_class_name(name)
    if class_name is None:
        err.write(f"that cannot be a class's name: {problem}\n")
        return 2
    if import_csv is not None:
        try:
            class_list = read_class_list(import_csv)  # all of it, before the store is touched
        except ClassListError as error:
            err.write(f"nothing imported: {error}\n")
            return 1
    try:
        store = ProgressStore(data_dir / STORE_FILE)
    except StoreError as error:
        err.write(f"{error}\n")
        return 1
    try:
        if import_csv is not None:
            try:
                result = import_class_list(store, class_name, class_list)
            except sqlite3.Error as error:
                err.write(f"nothing imported: the progress file {store.path} cannot be written ({error})\n")
                return 1
            out.write(f"added {len(result.added)} pupils to {class_name}\n")
            for line in result.lines(shown_text(import_csv.name))[1:]:
                out.write(line + "\n")
            return 0
        class_id = store.class_id(class_name)
        if class_id is None:
            err.write(f"there is no class called '{class_name}'\n")
            return 1
        try:
            export_csv.parent.mkdir(parents=True, exist_ok=True)
            with replacing(export_csv, newline="") as file:  # 0600, whole or not at all
                count = store.export_class_csv(class_id, file)
        except OSError as error:
            err.write(f"cannot write {export_csv}: {error.strerror or error}\n")
            return 1
        out.write(f"wrote {count} pupils of {class_name} to {export_csv}\n")
        return 0
    finally:
        store.close()


CLASS_LISTS = "class-lists"


def class_list_files(folder: Path) -> list[Path]:
    """The class lists waiting in ``folder``: .csv files (.CSV too), not the lock files Excel leaves
    (``~$Robins.csv``) nor hidden ones."""
    try:
        return sorted(path for path in folder.iterdir() if path.suffix.lower() == ".csv"
                      and not path.name.startswith(("~$", ".")) and path.is_file())
    except OSError:
        return []


def import_class_lists(data_dir: Path, store: ProgressStore) -> list[str]:
    """Import every ``<Class name>.csv`` in the data folder's class-lists/ folder, then move it to imported/.

    Returns what happened, for the teacher: for each file a summary line and anything they should know.
    A file that cannot be imported adds nothing, stays where it is, and its line says why and what to
    do. Slow on a big folder (files and commits): run it off the frame loop."""
    from .classlist import ClassListError, import_class_list, read_class_list
    from .names import clean_class_name, shown_text

    folder = private_folder(data_dir / CLASS_LISTS)
    results: list[str] = []
    files = class_list_files(folder)
    if not files:
        return [f"No class lists found: put <class name>.csv files (one first name per line) in {folder}"]
    for path in files:
        shown = shown_text(path.name)  # a file name may hold anything the folder allows
        class_name, problem = clean_class_name(path.stem)
        if class_name is None:
            results.append(f"{shown}: not imported, its file name is the class's name and {problem}")
            continue
        try:
            result = import_class_list(store, class_name, read_class_list(path))
        except ClassListError as error:
            results.append(f"Not imported: {error}")
            continue
        except sqlite3.Error as error:
            results.append(f"{shown}: not imported, the progress file cannot be written ({error}): "
                           f"try again when the data folder can be written")
            continue
        except Exception as error:  # noqa: BLE001 - a hostile file must never stop the game
            results.append(f"{shown}: not imported ({type(error).__name__}: {error})")
            continue
        results += result.lines(shown)
        try:
            done = private_folder(folder / "imported")
            path.replace(done / path.name)
            tighten_file(done / path.name)  # a list the teacher copied in keeps its own mode: 0600 now
        except OSError as error:
            results.append(f"{shown} was imported but could not be moved to imported/ ({error}): "
                           f"move or delete it, or it is read again next time (nobody is added twice)")
    return results
