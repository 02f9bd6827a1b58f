"""Worries a child chose to share ("I'd like to talk to a grown-up"), for the teacher only.

Read in teacher mode from the progress store (a few rows, on demand); written
by the game's recorder like every other record.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .names import shown_name
from .store import ProgressStore, StoreError


@dataclass(frozen=True)
class Worry:
    id: int
    who: str
    lesson_title: str
    when: str
    followed_up: bool


class Worries:
    def __init__(self, store_path: Path, lesson_title: Callable[[str], str]) -> None:
        self.store_path = store_path
        self.lesson_title = lesson_title

    def _store(self) -> ProgressStore | None:
        if not self.store_path.exists():
            return None
        try:
            return ProgressStore(self.store_path)
        except StoreError:
            return None

    def list(self) -> list[Worry]:
        """Not yet followed up first, newest first within each."""
        store = self._store()
        if store is None:
            return []
        try:
            rows = store.db.execute(
                "SELECT worries.id, pupils.name, worries.lesson_id, worries.at, worries.followed_up "
                "FROM worries LEFT JOIN pupils ON pupils.id = worries.pupil_id "
                "ORDER BY worries.followed_up, worries.at DESC").fetchall()
        except sqlite3.Error:  # an unreadable store: teacher mode still opens (its notice says why)
            rows = []
        finally:
            store.close()
        return [Worry(row_id, shown_name(name, "A child on this tablet"), self.lesson_title(lesson_id), when_text(at),
                      bool(done))
                for row_id, name, lesson_id, at, done in rows]

    def unread_count(self) -> int:
        return sum(1 for worry in self.list() if not worry.followed_up)

    def mark(self, worry_id: int, followed_up: bool) -> str | None:
        """Mark a worry; on a read-only or full data folder, return what to tell the teacher instead."""
        store = self._store()
        if store is None:
            return None
        try:
            with store.transaction():
                store.db.execute("UPDATE worries SET followed_up = ? WHERE id = ?", (int(followed_up), worry_id))
        except sqlite3.Error as error:
            return f"Not saved ({error}): try again when the data folder can be written"
        finally:
            store.close()
        return None


def when_text(stamp: str) -> str:
    """A stored time as a teacher reads it: 'Wed 25 Nov, 14:05' in local time."""
    try:
        moment = dt.datetime.fromisoformat(stamp).astimezone()
    except ValueError:
        return stamp
    return f"{moment:%a} {moment.day} {moment:%b}, {moment:%H:%M}"
