"""Files about children that only the teacher's own account can read, and file names that are safe.

On a machine shared by several accounts (a school's Windows or Linux PC), a file made with the usual
0644 mode in a 0755 folder can be read by every other account: first names and children's worries
would be. So the data folder is made 0700 and every file in it 0600. On Windows the modes mean
little; the user's profile folders already keep other accounts out, and their ACLs are left as they are.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from pathlib import Path

POSIX = os.name == "posix"
FOLDER_MODE = 0o700
FILE_MODE = 0o600


def private_folder(path: Path) -> Path:
    """``path`` made (with its parents) and, where the mode means something, readable only by its owner.

    A folder made before this (0755 from an older version) is tightened too, if this user owns it."""
    path.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
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
        if status.st_uid == os.getuid() and (status.st_mode & 0o777) != mode and not path.is_symlink():
            os.chmod(path, mode)
    except OSError:
        pass  # not ours, or gone: nothing to tighten (and never a reason to stop the game)


def write_private(path: Path, data: str | bytes, encoding: str = "utf-8") -> Path:
    """Write ``data`` to ``path`` whole or not at all, readable only by its owner.

    ``mkstemp`` makes the temporary file 0600 and ``os.replace`` keeps that mode, so the file is never
    readable by others, not even for a moment; a kill half-way leaves only a ``.part`` file."""
    private_folder(path.parent)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data.encode(encoding) if isinstance(data, str) else data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
    return path


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
