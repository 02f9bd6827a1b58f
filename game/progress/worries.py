"""Worries a child chose to share ("I'd like to talk to a grown-up"), for the teacher only.

Read in teacher mode from the progress store (a few rows, on demand, on the progress service's
worker: ``ProgressService.worries``); written as a child's record (commands.AddWorry) like every other.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable

from .names import shown_name, shown_text

if TYPE_CHECKING:
    from .store import ProgressStore


@dataclass(frozen=True)
class Worry:
    id: int
    who: str
    lesson_title: str
    when: str
    followed_up: bool
    class_name: str = ""
    note: str = ""
    seen: bool = True
    at: str = ""  # as stored (UTC, ISO 8601)


EXPORT_COLUMNS = ["date", "child", "class", "lesson", "note", "followed up"]


def who_text(name: str | None, class_name: str | None, device: str | None) -> str:
    """Who a worry is from, for the teacher: the child's name; if none was known, the device it came from."""
    if name:
        return shown_name(name)  # an older version may have kept a name that cannot be drawn
    class_name = shown_text(class_name) if class_name else class_name
    device = shown_text(device) if device else device
    if class_name:
        return f"A child in {class_name} on {device or 'this tablet'} (no animal was tapped)"
    return f"A child on {device or 'this tablet'} (no class was chosen on it)"


def read_worries(store: "ProgressStore", lesson_title: Callable[[str], str],
                 device_name: Callable[[str | None], str | None] = lambda device_id: None) -> list[Worry]:
    """Every worry: not yet followed up first, newest first within each (on the progress worker).
    ``device_name``: a device id -> the name that tablet joined the class hub with (game/sync/runner.py),
    so a worry taken in from a tablet says which one it came from."""
    rows = store.db.execute(
        "SELECT worries.id, pupils.name, classes.name, worries.device, worries.lesson_id, worries.at, "
        "worries.followed_up, worries.note, worries.seen, worries.origin "
        "FROM worries LEFT JOIN pupils ON pupils.id = worries.pupil_id "
        "LEFT JOIN classes ON classes.id = worries.class_id "
        "ORDER BY worries.followed_up, worries.at DESC").fetchall()
    here = store.device_id
    return [Worry(row_id, _who(name, class_name, device, origin, here, device_name), lesson_title(lesson_id),
                  when_text(at), bool(done), class_name or "", note or "", bool(seen), at)
            for row_id, name, class_name, device, lesson_id, at, done, note, seen, origin in rows]


def _who(name: str | None, class_name: str | None, device: str | None, origin: str | None, here: str | None,
         device_name: Callable[[str | None], str | None]) -> str:
    """The child, and the tablet the worry came from when it was not this device (many tablets sharing:
    its name as it joined the class hub; a statement itself carries no computer's name)."""
    if origin and here and origin != here:
        tablet = device_name(origin) or "another tablet"
        if name:
            return f"{who_text(name, class_name, device)} (on {shown_text(tablet)})"
        return who_text(None, class_name, device or tablet)
    return who_text(name, class_name, device)


def unread(worries: list[Worry], seen_here: set[int] = frozenset()) -> int:
    """Worries the teacher has not yet seen in the list: the menu's badge."""
    return sum(1 for worry in worries if not worry.seen and worry.id not in seen_here)


def export_rows(worries: list[Worry]) -> list[dict]:
    """Every worry, oldest first, as the school's safeguarding log wants it: the lesson's title (never
    its id), the local date and time, the note, and whether it was followed up."""
    return [{"date": date_text(worry.at), "child": worry.who, "class": worry.class_name,
             "lesson": worry.lesson_title, "note": worry.note, "followed up": "yes" if worry.followed_up else "no"}
            for worry in sorted(worries, key=lambda worry: worry.at)]


def when_text(stamp: str) -> str:
    """A stored time as a teacher reads it: 'Wed 25 Nov, 14:05' in local time."""
    try:
        moment = dt.datetime.fromisoformat(stamp).astimezone()
    except ValueError:
        return stamp
    return f"{moment:%a} {moment.day} {moment:%b}, {moment:%H:%M}"


def date_text(stamp: str) -> str:
    """A stored time as a log wants it: '2026-11-25 14:05' in local time, which sorts as text too."""
    try:
        return f"{dt.datetime.fromisoformat(stamp).astimezone():%Y-%m-%d %H:%M}"
    except ValueError:
        return stamp
