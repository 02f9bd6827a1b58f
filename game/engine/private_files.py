"""Files about children that only the teacher's own account can read, and file names that are safe.

On a machine shared by several accounts (a school's Windows or Linux PC), a file made with the usual
0644 mode in a 0755 folder can be read by every other account: first names and children's worries
would be. So the data folder is made 0700 and every file in it 0600. On Windows the modes mean
little; the user's profile folders already keep other accounts out, and their ACLs are left as they are.
"""

from __future__ import annotations

import os
import re
import stat
import tempfile
import unicodedata
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterator

POSIX = os.name == "posix"
FOLDER_MODE = 0o700
FILE_MODE = 0o600


def private_folder(path: Path) -> Path:
    """``path`` made (with its parents) and, where the mode means something, readable only by its owner.

    A folder made before this (0755 from an older version) is tightened too, if this user owns it.
    Missing parents are made 0700 too (``mkdir -p`` would make them 0755): ``reports/`` made before
    the data folder itself must not leave that open."""
    missing, folder = [], path
    while not folder.exists() and folder.parent != folder:
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        folder.mkdir(mode=FOLDER_MODE, exist_ok=True)
    path.mkdir(exist_ok=True, mode=FOLDER_MODE)  # raises as mkdir does when it cannot be a folder
    if POSIX:
        _tighten(path, FOLDER_MODE)
    return path


def tighten_file(path: Path) -> None:
    """An existing file made readable only by its owner (a no-op where it is missing or not ours)."""
    if POSIX:
        _tighten(path, FILE_MODE)


def _tighten(path: Path, mode: int) -> None:
    try:
        status = path.lstat()
        if (status.st_uid == os.getuid() and (status.st_mode & 0o777) != mode
                and not stat.S_ISLNK(status.st_mode)):
            os.chmod(path, mode)
    except OSError:
        pass  # not ours, or gone: nothing to tighten (and never a reason to stop the game)


def create_private_file(path: Path) -> None:
    """Make ``path`` an empty file only its owner can read, if it is not there yet.

    For files another library then opens and writes (SQLite): made first, they start 0600, and SQLite
    gives its ``-wal`` and ``-shm`` files the database's own mode. Failing (a read-only folder) is left
    for that library to report."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), FILE_MODE))
    except OSError:
        pass


@contextmanager
def replacing(path: Path, binary: bool = False, newline: str | None = None,
              encoding: str = "utf-8") -> Iterator[IO]:
    """A file to write that replaces ``path`` whole once the ``with`` block ends without an error.

    ``mkstemp`` makes the temporary file 0600 and ``os.replace`` keeps that mode, so the file is never
    readable by others, not even for a moment; a kill half-way leaves only a ``.part`` file beside it.
    ``os.replace`` puts the new file where a symlink at ``path`` was: it never writes through one.
    The folder is the caller's (``write_private`` makes it private; an export goes where the user chose)."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".part")
    try:
        with os.fdopen(handle, "wb" if binary else "w", **({} if binary else {"newline": newline,
                                                                              "encoding": encoding})) as file:
            yield file
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


def write_private(path: Path, data: str | bytes, encoding: str = "utf-8") -> Path:
    """Write ``data`` to ``path`` whole or not at all, readable only by its owner, in a private folder."""
    private_folder(path.parent)
    with replacing(path, binary=True) as file:
        file.write(data.encode(encoding) if isinstance(data, str) else data)
    return path


def owned_private_folder(path: Path) -> Path | None:
    """``path`` as a folder only this user can use, made if need be; None if it cannot be trusted.

    For files read back later as this user's own (game/progress/held.py): a folder someone else made there
    first, or a symlink planted there, would let them hand the game what it reads, so it is refused,
    never followed and never changed. One of ours made by an older version is tightened to 0700."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            path.mkdir(mode=FOLDER_MODE)
        except FileExistsError:
            pass
        status = path.lstat()
    except OSError:
        return None
    if not stat.S_ISDIR(status.st_mode):
        return None  # a symlink (lstat does not follow it) or a file
    if POSIX:
        if status.st_uid != os.getuid():
            return None
        if status.st_mode & 0o077:
            try:
                os.chmod(path, FOLDER_MODE)
            except OSError:
                return None
    return path


def read_owned(path: Path) -> bytes | None:
    """The bytes of ``path`` if it is a plain file this user owns, never read through a symlink
    (``O_NOFOLLOW``) nor from a pipe someone left there (``O_NONBLOCK``); None otherwise."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError:
        return None
    try:
        with os.fdopen(descriptor, "rb") as file:
            status = os.fstat(file.fileno())
            if not stat.S_ISREG(status.st_mode) or (POSIX and status.st_uid != os.getuid()):
                return None
            return file.read()
    except OSError:
        return None  # unreadable (a failing disk): as if it were not there


# Names Windows keeps for devices: a file called "CON.csv" cannot be made there.
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)), *(f"lpt{n}" for n in range(1, 10))}


def safe_file_stem(name: str, fallback: str = "class", limit: int = 60) -> str:
    """A file name made from ``name`` (a class name a teacher typed) that stays inside its folder on
    every system: letters (accents kept) and digits, other runs as one ``-``; never empty, ``.``/``..``,
    a path, or a Windows device name. ``Robins 1B`` -> ``Robins-1B``; ``../../escaped`` -> ``escaped``."""
    text = unicodedata.normalize("NFC", name)
    text = re.sub(r"[^\w]+", "-", text, flags=re.UNICODE).strip("-_")[:limit].strip("-_")
    if not text or text.lower() in _RESERVED:
        text = f"{fallback}-{text}" if text else fallback
    return text
