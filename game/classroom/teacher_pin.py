"""The teacher's PIN: a salted, deliberately slow hash, and a lock that grows after wrong tries.

Only the hash is stored (``hashlib.scrypt``). The count of wrong tries and the
lock's end are stored with it, so restarting the game does not reset the lock.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, TextIO

from ..engine.private_files import private_folder

PIN_FILE = "teacher.json"
FREE_TRIES = 5  # wrong tries before the lock
FIRST_LOCK_SECONDS = 30  # then 60, 120, ... for each further wrong try
SCRYPT = {"n": 2 ** 14, "r": 8, "p": 1, "dklen": 32}


def valid_pin(pin: str) -> bool:
    return pin.isdigit() and 4 <= len(pin) <= 6


def lock_seconds(wrong: int) -> float:
    """How long a lock after ``wrong`` wrong tries lasts: 30 s at the fifth, doubling to at most 2 h 8 min."""
    return FIRST_LOCK_SECONDS * 2 ** min(max(wrong - FREE_TRIES, 0), 8)


def hash_pin(pin: str, salt: bytes) -> bytes:
    return hashlib.scrypt(pin.encode(), salt=salt, maxmem=64 * 1024 * 1024, **SCRYPT)


@dataclass
class _Record:
    salt: str = ""
    hash: str = ""
    wrong: int = 0
    locked_until: float = 0.0


class TeacherPin:
    def __init__(self, data_dir: Path, clock: Callable[[], float] = time.time) -> None:
        self.path = data_dir / PIN_FILE
        self.clock = clock
        self.problem: str | None = None  # for the teacher: why the PIN is not on disk
        self.record = self._load()

    def _load(self) -> _Record:
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            return _Record(str(raw["salt"]), str(raw["hash"]), int(raw.get("wrong", 0)),
                           float(raw.get("locked_until", 0.0)))
        except (OSError, ValueError, KeyError, TypeError):
            return _Record()

    def _save(self) -> None:
        """Write the record. If the data folder cannot be written (read-only, or the disk is full) the
        PIN and its lock still work from memory until the game closes, and ``problem`` says so; the
        next check, once the folder can be written again, saves it."""
        temporary = None
        try:
            private_folder(self.path.parent)  # mkstemp makes the file itself 0600
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, prefix=".teacher-", suffix=".tmp")
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                json.dump(asdict(self.record), file)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, self.path)
        except OSError as error:
            if temporary is not None:
                Path(temporary).unlink(missing_ok=True)
            self.problem = (f"the teacher PIN is not being saved ({error.strerror or error}); "
                            "it works until SMART Stars is closed")
        else:
            self.problem = None

    @property
    def is_set(self) -> bool:
        return bool(self.record.hash)

    def set(self, pin: str) -> None:
        if not valid_pin(pin):
            raise ValueError("a PIN is 4 to 6 digits")
        salt = secrets.token_bytes(16)
        self.record = _Record(salt.hex(), hash_pin(pin, salt).hex())
        self._save()

    def seconds_locked(self) -> float:
        """How long the lock has left, never more than the lock's own length.

        The lock's end is a wall-clock time (it must outlive a restart), so a clock set back (by hand, or
        a school laptop whose battery went flat) would move it far into the future: set back a year, it
        locked teacher mode for a year. A lock that says it has longer left than it lasts is counted again
        from now, in memory; the next try after it ends stores a new one.
        """
        now = self.clock()
        longest = lock_seconds(self.record.wrong)
        if self.record.locked_until - now > longest:
            self.record.locked_until = now + longest
        return max(0.0, self.record.locked_until - now)

    def check(self, pin: str) -> bool:
        """True if right. While locked, nothing is even tried (so guessing gains nothing)."""
        if not self.is_set or self.seconds_locked() > 0:
            return False
        right = hmac.compare_digest(hash_pin(pin, bytes.fromhex(self.record.salt)).hex(), self.record.hash)
        if right:
            self.record.wrong = 0
            self.record.locked_until = 0.0
        else:
            self.record.wrong += 1
            if self.record.wrong >= FREE_TRIES:
                self.record.locked_until = self.clock() + lock_seconds(self.record.wrong)
        self._save()
        return right


def reset_pin(data_dir: Path, out: TextIO, err: TextIO) -> int:
    """`play.py reset-pin`: forget the teacher PIN and its lock, so teacher mode asks for a new PIN.

    For a forgotten PIN. Whoever can run commands on this computer as this user can already read and
    change the data folder, so this gives them nothing new; a child at the game cannot reach it.
    """
    path = data_dir / PIN_FILE
    leftovers = sorted(data_dir.glob(".teacher-*.tmp"))  # a save cut off part way (it holds a hash too)
    if not path.exists() and not leftovers:
        out.write(f"There is no teacher PIN in {data_dir}, so there is nothing to reset: teacher mode asks for "
                  "a new PIN when it is next opened.\n")
        return 0
    out.write(f"Removing the teacher PIN (and any lock after wrong tries) kept in {path}. "
              "Classes, progress and settings stay as they are.\n")
    try:
        for file in [path, *leftovers]:
            file.unlink(missing_ok=True)
    except OSError as error:
        err.write(f"The teacher PIN could not be removed ({error.strerror or error}): check that this account "
                  f"can change the files in {data_dir}, then run  python play.py reset-pin  again.\n")
        return 1
    out.write("Done. The next time teacher mode is opened (hold the SMART Stars title for three seconds, or press "
              "Ctrl + Shift + Q) it asks for a new PIN.\n")
    return 0
