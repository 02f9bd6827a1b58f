"""Progress the store cannot take yet, held in a file elsewhere until it can.

When the data folder is read-only or its disk is full, answers wait in the recorder's memory and
are written once the folder can be written again. Held only in memory, they would be lost if the
game were closed (or the tablet's battery ran out) before then. So each time progress is left
waiting, all of it is also written, whole and atomically, to a file in another folder: ``held/`` in
the cache folder, else this user's own folder in the system's temporary folder. The next time the
store can be opened, what that file holds is written to the store and the file removed.

Whatever is read back here goes into a child's record, so only this user may be able to put it
there: each folder is made 0700 and must be this user's own (one someone else made first, or a
symlink planted in its place, is refused, and then the next place is tried, or memory only); a held
file is read only if it is a plain file this user owns, never through a symlink; and the system's
shared temporary folder itself is never used (another account could leave a file there for the game
to read). The ``.part`` files a kill mid-write leaves behind are removed once they are old.

The file holds only what the store would: lesson and answer ids, times, and pupil and class
numbers, never a name. Its format, version 2: one JSON object a line, a child's record as a command
(commands.py), every field by name:

    {"v": 2, "command": "RecordAnswer", "fields": {"attempt_id": "6f1c...", "scene_id": "q1",
     "answer_id": "tell-kofi", "right": false, "try_number": 1, "seconds": 2.5, "at": "2026-12-01T09:00:03.100+00:00"}}

(the commands: StartLesson, RecordAnswer, FinishLesson, RecordHands, AddWorry). Version 1, written
before there were commands, is read too, so nothing held by an older version is lost: a JSON list a
line, the store's method, its values in order and its named ones: ``["record_answer", ["6f1c...", "q1",
"tell-kofi", false, 1, 2.5], {"at": "..."}]``. Lines are read back with ``json.loads`` and only ever
turned into one of those commands, each field a plain value of its declared type
(``commands.from_held``), so a damaged or tampered file can do nothing else.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import tempfile
import time
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from ..engine.private_files import POSIX, owned_private_folder, read_owned

if TYPE_CHECKING:
    from .commands import ChildRecord

HELD_FOLDER = "held"  # in each folder given: the held file's own private folder
# A ``.part`` file older than this was left by a kill mid-write (a write takes milliseconds); a younger
# one may be another copy of the game writing right now, so it is left for next time.
STALE_PART_SECONDS = 60.0


def private_temp_folder() -> Path:
    """This user's own folder in the system's temporary folder (never that shared folder itself).
    On Windows the temporary folder is already the user's own, in their profile."""
    name = f"smart-stars-{os.getuid()}" if POSIX else "smart-stars"
    return Path(tempfile.gettempdir()) / name


class HeldProgress:
    """The file progress is held in, for one store: in ``held/`` of the first of ``folders`` that can
    be this user's own (then this user's folder in the system's temporary folder, if ``then_system_temp``)."""

    def __init__(self, store_path: Path, folders: list[Path], then_system_temp: bool = False) -> None:
        self.store_path = store_path
        self.folders = list(folders)
        self.then_system_temp = then_system_temp
        self.where: Path | None = None  # where progress is held now (None: nowhere, or only in memory)
        self._writing: set[str] = set()  # this run's .part files being written now: never cleaned up

    @cached_property
    def name(self) -> str:
        """Worked out on first use, on the writer thread: the store's full path touches the disk,
        which the frame loop never waits for."""
        digest = hashlib.sha256(str(Path(self.store_path).resolve()).encode("utf-8")).hexdigest()[:16]
        return f"held-progress-{digest}.jsonl"

    @cached_property
    def places(self) -> list[Path]:
        """Where progress may be held, best first (finding the temporary folder touches the disk too)."""
        folders = [folder / HELD_FOLDER for folder in self.folders]
        folders += [private_temp_folder()] if self.then_system_temp else []
        return [folder / self.name for folder in folders]

    @cached_property
    def earlier_places(self) -> list[Path]:
        """Where versions before ``held/`` kept it, in the cache folder itself: read (if this user's
        own, in a folder nobody else can write to) so an update loses nothing held, then removed.
        The shared temporary folder those versions also used is never read."""
        return [folder / self.name for folder in self.folders]

    def hold(self, records: list[ChildRecord]) -> Path | None:
        """Write every record, replacing what was held before. Returns where, or None if no folder would
        take it (then it is held only in memory)."""
        lines = "".join(json.dumps(record.to_held()) + "\n" for record in records)
        for place in self.places:
            if owned_private_folder(place.parent) is None:
                continue  # someone else's folder, or a symlink, or it cannot be made: never written
            self._clean_parts(place.parent)
            try:
                self._write_atomically(place, lines)
            except OSError:
                continue
            for other in self.places + self.earlier_places:
                if other != place:
                    self._remove(other)  # one place at a time: never the same answer held twice
            self.where = place
            return place
        self.where = None
        return None

    def take(self) -> list[ChildRecord]:
        """What was held (by this run or an earlier one), oldest first. Lines that are not a child's
        record (a line cut short by a power cut, a damaged file) are left out; so is a file that is not
        this user's own, or in a folder that is not."""
        records: list[ChildRecord] = []
        for place in self.earlier_places + self.places:
            if not self._trusted(place.parent):
                continue
            self._clean_parts(place.parent)
            data = read_owned(place)
            if data is None:
                continue
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                continue
            records += [record for record in map(_record_of, text.splitlines()) if record is not None]
            self.where = place
        return records

    def clear(self) -> None:
        """Everything held is in the store now."""
        for place in self.places + self.earlier_places:
            self._remove(place)
        self.where = None

    def _trusted(self, folder: Path) -> bool:
        """Whether only this user can have put files in ``folder``: a real folder (not a symlink), this
        user's own, that nobody else may write to. (``hold`` also makes its folders 0700.)"""
        try:
            status = folder.lstat()
        except OSError:
            return False
        return stat.S_ISDIR(status.st_mode) and (not POSIX or (
            status.st_uid == os.getuid() and not status.st_mode & 0o022))

    def _remove(self, place: Path) -> None:
        if self._trusted(place.parent):
            _remove(place)  # unlinking removes a symlink planted there, never what it points to

    def _clean_parts(self, folder: Path) -> None:
        """Remove the ``.part`` files a kill mid-write left behind (old ones, none this run is writing)."""
        old = time.time() - STALE_PART_SECONDS
        try:
            leftovers = list(folder.glob(f"{self.name}*.part"))
        except OSError:
            return
        for part in leftovers:
            if str(part) in self._writing:
                continue
            try:
                if part.lstat().st_mtime < old:
                    part.unlink()
            except OSError:
                pass

    def _write_atomically(self, place: Path, text: str) -> None:
        """mkstemp makes the new file 0600 (never through a symlink); os.replace puts it in place of
        whatever is at ``place``, a planted symlink included, without following it."""
        handle, temp_name = tempfile.mkstemp(dir=place.parent, prefix=f"{place.name}-", suffix=".part")
        self._writing.add(temp_name)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(text)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temp_name, place)
        except BaseException:
            _remove(Path(temp_name))
            raise
        finally:
            self._writing.discard(temp_name)
        _sync_folder(place.parent)


def _record_of(line: str) -> ChildRecord | None:
    # Imported here, on the progress worker, only when something was held: the game's start does not
    # make the commands' fourteen dataclasses before its first frame (some 5 ms; tests/test_startup.py).
    from .commands import from_held

    try:
        data = json.loads(line)
    except (ValueError, TypeError):
        return None
    return from_held(data)


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

