"""`play.py export`: recorded progress as CSV, for the teacher's records or a spreadsheet."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TextIO

from .store import ANSWER_COLUMNS, STORE_FILE, ProgressStore, StoreError, write_csv

PROGRESS_COLUMNS = ["pupil", "avatar", "letter", "lesson_id", "attempts", "finished", "best_stars",
                    "right_first_time", "wrong_answers"]


def write_csv_file(path: Path, rows, columns) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".part")
    with os.fdopen(handle, "w", newline="", encoding="utf-8") as file:
        count = write_csv(rows, columns, file)
    os.replace(temporary, path)
    return count


def run_export(data_dir: Path, class_name: str | None, class_csv: Path | None, answers_csv: Path | None,
               out: TextIO, err: TextIO) -> int:
    if not (class_name and class_csv) and answers_csv is None:
        err.write("say what to export: --class NAME --csv FILE, and/or --answers FILE\n")
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
    try:
        store = ProgressStore(data_dir / STORE_FILE)
    except StoreError as error:
        err.write(f"{error}\n")
        return 1
    try:
        class_id = store.class_id(name)
        if import_csv is not None:
            if class_id is None:
                class_id = store.add_class(name)
            try:
                with import_csv.open(newline="", encoding="utf-8-sig") as file:
                    added = store.import_class_csv(class_id, file)
            except (OSError, UnicodeDecodeError) as error:
                err.write(f"cannot read {import_csv}: {error}\n")
                return 1
            out.write(f"added {added} pupils to {name}\n")
            return 0
        if class_id is None:
            err.write(f"there is no class called '{name}'\n")
            return 1
        export_csv.parent.mkdir(parents=True, exist_ok=True)
        with export_csv.open("w", newline="", encoding="utf-8") as file:
            count = store.export_class_csv(class_id, file)
        out.write(f"wrote {count} pupils of {name} to {export_csv}\n")
        return 0
    finally:
        store.close()


CLASS_LISTS = "class-lists"


def import_class_lists(data_dir: Path) -> list[str]:
    """Import every ``<Class name>.csv`` in the data folder's class-lists/ folder, then move it to imported/.

    Returns one line per file, for the teacher.
    """
    folder = data_dir / CLASS_LISTS
    folder.mkdir(parents=True, exist_ok=True)
    results = []
    files = sorted(folder.glob("*.csv"))
    if not files:
        return [f"No class lists found: put <class name>.csv files (one first name per line) in {folder}"]
    with ProgressStore(data_dir / STORE_FILE) as store:
        for path in files:
            name = path.stem.strip()
            try:
                with path.open(newline="", encoding="utf-8-sig") as file:
                    class_id = store.class_id(name) or store.add_class(name)
                    added = store.import_class_csv(class_id, file)
            except (OSError, UnicodeDecodeError) as error:
                results.append(f"{path.name}: could not be read ({error})")
                continue
            done = folder / "imported"
            done.mkdir(exist_ok=True)
            path.replace(done / path.name)
            results.append(f"{name}: {added} pupils added")
    return results
