"""`play.py export`: recorded progress as CSV, for the teacher's records or a spreadsheet."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, TextIO

from .private_files import private_folder, replacing, tighten_file
from .store import ANSWER_COLUMNS, STORE_FILE, ProgressStore, StoreError, write_csv

PROGRESS_COLUMNS = ["pupil", "avatar", "letter", "lesson_id", "attempts", "finished", "best_stars",
                    "right_first_time", "wrong_answers"]


def write_csv_file(path: Path, rows: Iterable[dict], columns: list[str]) -> int:
    """``rows`` as a CSV file at ``path``, written whole or not at all, readable only by its owner, every
    text cell guarded against spreadsheet formulas (``write_csv``). A folder it has to make is made
    as usual: it is where the user chose (the data folder's own are made private by their callers)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with replacing(path, newline="") as file:
        return write_csv(rows, columns, file)


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
        if answers_csv is not None:
            count = write_csv_file(answers_csv, store.answer_rows(), ANSWER_COLUMNS)
            out.write(f"wrote {count} answers to {answers_csv}\n")
    except OSError as error:  # the folder chosen cannot be written: said, and nothing half-written is left
        err.write(f"cannot write {error.filename or 'the export'}: {error.strerror or error}\n")
        return 1
    finally:
        store.close()
    return 0


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
        try:
            export_csv.parent.mkdir(parents=True, exist_ok=True)
            with replacing(export_csv, newline="") as file:  # 0600, whole or not at all
                count = store.export_class_csv(class_id, file)
        except OSError as error:
            err.write(f"cannot write {export_csv}: {error.strerror or error}\n")
            return 1
        out.write(f"wrote {count} pupils of {name} to {export_csv}\n")
        return 0
    finally:
        store.close()


CLASS_LISTS = "class-lists"


def import_class_lists(data_dir: Path) -> list[str]:
    """Import every ``<Class name>.csv`` in the data folder's class-lists/ folder, then move it to imported/.

    Returns one line per file, for the teacher.
    """
    folder = private_folder(data_dir / CLASS_LISTS)
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
            done = private_folder(folder / "imported")
            path.replace(done / path.name)
            tighten_file(done / path.name)  # a list the teacher copied in keeps its own mode: 0600 now
            results.append(f"{name}: {added} pupils added")
    return results
