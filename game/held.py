"""Progress the store cannot take yet, held in a file elsewhere until it can.

When the data folder is read-only or its disk is full, answers wait in the recorder's memory and
are written once the folder can be written again. Held only in memory, they would be lost if the
game were closed (or the tablet's battery ran out) before then. So each time progress is left
waiting, all of it is also written, whole and atomically, to a file in another folder (the cache
folder, else the system's temporary folder). The next time the store can be opened, what that file
holds is written to the store and the file removed.

The file holds only what the store would: lesson and answer ids, times, and pupil and class
numbers, never a name. Lines are JSON, read back with ``json.loads`` and only ever turned into calls
of the four recording calls below, with the values they take, so a damaged or tampered file can do nothing else.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import cached_property
from pathlib import Path

Job = tuple[str, tuple, dict]

# The recording calls a held line may be, with how many values they take and the names they may be given.
RECORDING_CALLS = {
    "start_attempt": (3, {"pupil_id", "class_id", "whole_class", "at"}),
    "record_answer": (6, {"at"}),
    "finish_attempt": (2, {"at"}),
    "add_worry": (3, {"at"}),
    "record_hands": (4, {"at"}),
}
_SCALARS = (str, int, float, bool, type(None))


class HeldProgress:
    """The file progress is held in, for one store: the first of ``folders`` it can be written to
    (then the system's temporary folder, if ``then_system_temp``)."""

    def __init__(self, store_path: Path, folders: list[Path], then_system_temp: bool = False) -> None:
        self.store_path = store_path
        self.folders = list(folders)
        self.then_system_temp = then_system_temp
        self.where: Path | None = None  # where progress is held now (None: nowhere, or only in memory)

    @cached_property
    def places(self) -> list[Path]:
        """Worked out on first use, on the writer thread: finding the temporary folder and the store's
        full path touch the disk, which the frame loop never waits for."""
        folders = self.folders + ([Path(tempfile.gettempdir())] if self.then_system_temp else [])
        digest = hashlib.sha256(str(Path(self.store_path).resolve()).encode("utf-8")).hexdigest()[:16]
        return [folder / f"held-progress-{digest}.jsonl" for folder in folders]

    def hold(self, jobs: list[Job]) -> Path | None:
        """Write every job, replacing what was held before. Returns where, or None if no folder would
        take it (then it is held only in memory)."""
        lines = "".join(json.dumps([method, list(args), kwargs]) + "\n" for method, args, kwargs in jobs)
        for place in self.places:
            try:
                _write_atomically(place, lines)
            except OSError:
                continue
            for other in self.places:
                if other != place:
                    _remove(other)  # one place at a time: never the same answer held twice
            self.where = place
            return place
        self.where = None
        return None

    def take(self) -> list[Job]:
        """What was held (by this run or an earlier one), oldest first. Lines that are not a recording
        call (a line cut short by a power cut, a damaged file) are left out."""
        jobs: list[Job] = []
        for place in self.places:
            try:
                text = place.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            jobs += [job for job in map(_job_of, text.splitlines()) if job is not None]
            self.where = place
        return jobs

    def clear(self) -> None:
        """Everything held is in the store now."""
        for place in self.places:
            _remove(place)
        self.where = None


def _job_of(line: str) -> Job | None:
    try:
        method, args, kwargs = json.loads(line)
    except (ValueError, TypeError):
        return None
    if not isinstance(method, str) or method not in RECORDING_CALLS:
        return None
    count, names = RECORDING_CALLS[method]
    if (not isinstance(args, list) or len(args) != count or not isinstance(kwargs, dict)
            or not set(kwargs) <= names
            or not all(isinstance(value, _SCALARS) for value in [*args, *kwargs.values()])):
        return None
    return method, tuple(args), kwargs


def _write_atomically(place: Path, text: str) -> None:
    place.parent.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(dir=place.parent, prefix=place.name, suffix=".part")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temp_name, place)
    except BaseException:
        _remove(Path(temp_name))
        raise
    _sync_folder(place.parent)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself survive a power cut (where the system allows opening a folder)."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def _remove(place: Path) -> None:
    try:
        place.unlink(missing_ok=True)
    except OSError:
        pass


def describe(where: Path | None) -> str:
    """For the teacher's message: what becomes of progress not saved yet."""
    if where is None:
        return "it will be saved when it can be, if the game is left open"
    return f"it is kept in {where.parent} and will be saved when it can be"

