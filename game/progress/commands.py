"""Every change to the progress store, as a typed, frozen command.

A command is plain data (what was done, by whom, when) that knows how to apply itself to a
``ProgressStore``: ``apply`` calls the store's own public methods, so rows are written exactly as the
store writes them (and whatever the store adds to a record, such as its statements for other devices,
comes with it). The progress service (service.py) runs commands one at a time, in order, on its worker.

There are two kinds, by what happens when the store cannot take one:

- a child's record (``CHILD_RECORD = True``: starting a lesson, an answer, finishing, a show of hands, a
  worry) is never lost: it waits, is held in a file elsewhere (held.py, in the format ``to_held`` writes)
  and is written once the store can take it. ``already_recorded`` says whether the store has it already
  (the game may stop between writing it and forgetting it), by its fields' names.
- a teacher's change (adding a class or a pupil, renaming, erasing, a note, a preference) is tried once,
  and what became of it is reported back to the screen that asked (``ProgressService.run(..., then=...)``).
"""

from __future__ import annotations

import dataclasses
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from .store import ProgressStore


class Command:
    """One change to the progress store."""

    CHILD_RECORD: ClassVar[bool] = False

    def apply(self, store: "ProgressStore") -> Any:
        raise NotImplementedError


# -- a child's records: never lost ---------------------------------------------------------------
class ChildRecord(Command):
    CHILD_RECORD: ClassVar[bool] = True
    METHOD: ClassVar[str]  # the store's method, and the name held progress used for it before version 2

    def already_recorded(self, store: "ProgressStore") -> bool:
        return False

    def to_held(self) -> dict:
        """The command as held progress keeps it (held.py: one JSON object a line, ``HELD_VERSION``)."""
        return {"v": HELD_VERSION, "command": type(self).__name__, "fields": dataclasses.asdict(self)}


@dataclass(frozen=True)
class StartLesson(ChildRecord):
    METHOD: ClassVar[str] = "start_attempt"
    attempt_id: str
    lesson_id: str
    letter: str
    pupil_id: int | None = None
    class_id: int | None = None
    whole_class: bool = False
    at: str | None = None

    def apply(self, store: "ProgressStore") -> None:
        store.start_attempt(self.attempt_id, self.lesson_id, self.letter, pupil_id=self.pupil_id,
                            class_id=self.class_id, whole_class=self.whole_class, at=self.at)
    # Starting again is harmless (INSERT OR IGNORE): never "already recorded".


@dataclass(frozen=True)
class RecordAnswer(ChildRecord):
    METHOD: ClassVar[str] = "record_answer"
    attempt_id: str
    scene_id: str
    answer_id: str
    right: bool
    try_number: int
    seconds: float
    at: str | None = None

    def apply(self, store: "ProgressStore") -> int:
        return store.record_answer(self.attempt_id, self.scene_id, self.answer_id, self.right, self.try_number,
                                   self.seconds, at=self.at)

    def already_recorded(self, store: "ProgressStore") -> bool:
        """The same answer if it was given at the same moment (times are kept to the millisecond)."""
        query = ("SELECT 1 FROM answers WHERE attempt_id = ? AND scene_id = ? AND answer_id = ? "
                 "AND try_number = ? AND at = ?")
        return store.db.execute(query, (self.attempt_id, self.scene_id, self.answer_id, self.try_number,
                                        self.at)).fetchone() is not None


@dataclass(frozen=True)
class FinishLesson(ChildRecord):
    METHOD: ClassVar[str] = "finish_attempt"
    attempt_id: str
    stars: int
    at: str | None = None

    def apply(self, store: "ProgressStore") -> None:
        store.finish_attempt(self.attempt_id, self.stars, at=self.at)
    # Finishing again sets the same values: never "already recorded".


@dataclass(frozen=True)
class RecordHands(ChildRecord):
    """A show of hands on the board: ``count`` of the class chose this answer."""

    METHOD: ClassVar[str] = "record_hands"
    attempt_id: str
    scene_id: str
    answer_id: str
    count: int
    at: str | None = None

    def apply(self, store: "ProgressStore") -> int:
        return store.record_hands(self.attempt_id, self.scene_id, self.answer_id, self.count, at=self.at)

    def already_recorded(self, store: "ProgressStore") -> bool:
        query = "SELECT 1 FROM hands WHERE attempt_id = ? AND scene_id = ? AND answer_id = ? AND at = ?"
        return store.db.execute(query, (self.attempt_id, self.scene_id, self.answer_id, self.at)).fetchone() is not None


@dataclass(frozen=True)
class AddWorry(ChildRecord):
    """A child asked to talk to a grown-up (``pupil_id`` None: no animal was tapped)."""

    METHOD: ClassVar[str] = "add_worry"
    lesson_id: str
    pupil_id: int | None = None
    class_id: int | None = None
    at: str | None = None

    def apply(self, store: "ProgressStore") -> int:
        return store.add_worry(self.lesson_id, self.pupil_id, self.class_id, at=self.at)

    def already_recorded(self, store: "ProgressStore") -> bool:
        query = "SELECT 1 FROM worries WHERE lesson_id = ? AND pupil_id IS ? AND class_id IS ? AND at = ?"
        return store.db.execute(query, (self.lesson_id, self.pupil_id, self.class_id, self.at)).fetchone() is not None


CHILD_RECORDS: dict[str, type[ChildRecord]] = {
    kind.__name__: kind for kind in (StartLesson, RecordAnswer, FinishLesson, RecordHands, AddWorry)}


# -- held progress: the commands on disk -----------------------------------------------------------
HELD_VERSION = 2
_SCALARS = (str, int, float, bool, type(None))


def from_held(data: Any) -> ChildRecord | None:
    """A child's record read back from held progress, or None if ``data`` is not exactly one.

    Version 2 (``{"v": 2, "command": "RecordAnswer", "fields": {...}}``) names every field; version 1
    (``["record_answer", [args...], {kwargs...}]``, written before commands existed) gave the store's
    method and its values in order. Either way only a child's record can come of it, each field of the
    type it is declared with, so a damaged or tampered file can do nothing else."""
    if isinstance(data, dict):
        if data.get("v") != HELD_VERSION or set(data) != {"v", "command", "fields"}:
            return None
        kind = CHILD_RECORDS.get(data["command"]) if isinstance(data["command"], str) else None
        fields = data["fields"]
        if kind is None or not isinstance(fields, dict):
            return None
        return _made(kind, fields)
    if isinstance(data, list) and len(data) == 3:
        return _from_v1(*data)
    return None


# Version 1: how many values in order each method took, and the names it could be given.
_V1_CALLS = {
    "start_attempt": (3, {"pupil_id", "class_id", "whole_class", "at"}),
    "record_answer": (6, {"at"}),
    "finish_attempt": (2, {"at"}),
    "add_worry": (3, {"at"}),
    "record_hands": (4, {"at"}),
}


def _from_v1(method: Any, args: Any, kwargs: Any) -> ChildRecord | None:
    if not isinstance(method, str) or method not in _V1_CALLS:
        return None
    count, names = _V1_CALLS[method]
    if (not isinstance(args, list) or len(args) != count or not isinstance(kwargs, dict)
            or not set(kwargs) <= names):
        return None
    kind = next(kind for kind in CHILD_RECORDS.values() if kind.METHOD == method)
    fields = [field.name for field in dataclasses.fields(kind)]
    return _made(kind, {**dict(zip(fields, args)), **kwargs})


def _made(kind: type[ChildRecord], values: dict) -> ChildRecord | None:
    """``kind`` made of ``values`` if they are exactly its fields (the optional ones may be left out),
    each a plain value of its declared type."""
    hints = typing.get_type_hints(kind)
    fields = dataclasses.fields(kind)
    required = {field.name for field in fields if field.default is dataclasses.MISSING}
    if not required <= set(values) <= {field.name for field in fields}:
        return None
    for name, value in values.items():
        if not isinstance(value, _SCALARS) or not _fits(value, hints[name]):
            return None
    return kind(**values)


def _fits(value: Any, hint: Any) -> bool:
    allowed = typing.get_args(hint) or (hint,)
    for kind in allowed:
        if kind is type(None) and value is None:
            return True
        if kind is bool and isinstance(value, bool):
            return True
        if kind is int and isinstance(value, int) and not isinstance(value, bool):
            return True
        if kind is float and isinstance(value, (int, float)) and not isinstance(value, bool):
            return True
        if kind is str and isinstance(value, str):
            return True
    return False


# -- a teacher's changes: reported back ---------------------------------------------------------
@dataclass(frozen=True)
class AddClass(Command):
    """A new class (nothing happens if one of that name is there already). Gives the class's id."""

    name: str

    def apply(self, store: "ProgressStore") -> int:
        found = store.class_id(self.name)
        return found if found is not None else store.add_class(self.name)


@dataclass(frozen=True)
class AddPupil(Command):
    """A pupil of the class called ``class_name`` (nothing if there is no such class). Gives the pupil's id."""

    class_name: str
    name: str
    avatar: str

    def apply(self, store: "ProgressStore") -> int | None:
        class_id = store.class_id(self.class_name)
        return store.add_pupil(class_id, self.name, self.avatar) if class_id is not None else None


@dataclass(frozen=True)
class RenamePupil(Command):
    pupil_id: int
    name: str

    def apply(self, store: "ProgressStore") -> None:
        store.rename_pupil(self.pupil_id, self.name)


@dataclass(frozen=True)
class ErasePupil(Command):
    """The pupil and everything recorded about them."""

    pupil_id: int

    def apply(self, store: "ProgressStore") -> None:
        store.erase_pupil(self.pupil_id)


@dataclass(frozen=True)
class ImportClassLists(Command):
    """Every ``<class name>.csv`` in the data folder's class-lists/ (game/progress/export.py). Gives what happened,
    a line each, for the teacher."""

    data_dir: Path

    def apply(self, store: "ProgressStore") -> list[str]:
        from .export import import_class_lists

        return import_class_lists(self.data_dir, store)


@dataclass(frozen=True)
class SetWorryNote(Command):
    worry_id: int
    note: str

    def apply(self, store: "ProgressStore") -> None:
        store.set_worry_note(self.worry_id, self.note)


@dataclass(frozen=True)
class SetWorryFollowedUp(Command):
    worry_id: int
    followed_up: bool

    def apply(self, store: "ProgressStore") -> None:
        store.set_worry_followed_up(self.worry_id, self.followed_up)


@dataclass(frozen=True)
class MarkWorriesSeen(Command):
    worry_ids: tuple[int, ...]

    def apply(self, store: "ProgressStore") -> None:
        store.mark_worries_seen(self.worry_ids)


@dataclass(frozen=True)
class SetPreference(Command):
    """A class's (``pupil_id`` None) or one pupil's choice (game/progress/preferences.py); ``value`` None takes it away."""

    class_id: int
    pupil_id: int | None
    key: str
    value: Any

    def apply(self, store: "ProgressStore") -> None:
        from . import preferences

        preferences.write(store, self.class_id, self.pupil_id, self.key, self.value)
