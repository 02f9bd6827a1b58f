"""Recording play without ever blocking the frame loop.

The game hands events to a ``Recorder``; one writer thread owns the SQLite
connection and commits each answer durably as soon as it arrives. A failed
write (disk full, read-only folder) is kept and tried again later, and held
in a file elsewhere meanwhile (game/held.py) so that closing the game loses
none of it; the game plays on and ``problem`` says what is wrong, for the teacher.
"""

from __future__ import annotations

import logging
import queue
import sqlite3
import threading
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .held import HeldProgress, describe
from .store import ProgressStore, StoreError, new_attempt_id, now

RETRY_SECONDS = 2.0
_STOP = object()


@dataclass
class Player:
    """Who is playing: a pupil on a tablet, or the whole class on the board (or nobody chosen yet)."""

    pupil_id: int | None = None
    class_id: int | None = None
    whole_class: bool = False


class WhoIsPlaying:
    """``player``, and the followers told each time it is set (game/preferences.py loads what the teacher
    chose for that child): one place, however the player comes to change (a child's own animal, teacher
    mode, whole-class mode, an erased pupil)."""

    _player: Player = Player()
    _followers: list[Callable[[Player], None]] = []

    @property
    def player(self) -> Player:
        return self._player

    @player.setter
    def player(self, player: Player) -> None:
        self._player = player
        for follower in list(self._followers):
            follower(player)

    def on_player_change(self, follower: Callable[[Player], None]) -> None:
        self._followers = [*self._followers, follower]  # this object's own list (the class's stays empty)


class Recorder(WhoIsPlaying):
    def __init__(self, path: Path, on_recorded: Callable[[int], None] | None = None,
                 held: HeldProgress | None = None) -> None:
        self.path = path
        self.player = Player()
        self.problem: str | None = None
        self.recorded = 0  # answers durably committed to the store so far
        self._on_recorded = on_recorded
        # Called on the writer thread after anything is written (a start, answer, finish, show of hands or
        # worry, each with its statement): many tablets' SyncClient.nudge, so a worry reaches the board at
        # once. An attribute, not an argument: sharing is switched on after the game has started.
        self.on_written: Callable[[str], None] | None = None
        self._held = held  # where progress the store cannot take yet is kept meanwhile (None: memory only)
        self._replaying = 0  # how many of the waiting jobs, at the front, were read back from ``held``
        self._unheld = False  # the waiting jobs changed since they were last held
        self._jobs: queue.Queue = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="progress-writer", daemon=True)
        self._thread.start()

    # -- what the game calls (main thread; never waits) --------------------------------
    def lesson_started(self, lesson_id: str, letter: str) -> str:
        attempt_id = new_attempt_id()
        player = self.player
        self._jobs.put(("start_attempt", (attempt_id, lesson_id, letter),
                        {"pupil_id": player.pupil_id, "class_id": player.class_id,
                         "whole_class": player.whole_class, "at": now()}))
        return attempt_id

    def answered(self, attempt_id: str, scene_id: str, answer_id: str, right: bool, try_number: int,
                 seconds: float) -> None:
        self._jobs.put(("record_answer", (attempt_id, scene_id, answer_id, right, try_number, seconds),
                        {"at": now()}))

    def lesson_finished(self, attempt_id: str, stars: int) -> None:
        self._jobs.put(("finish_attempt", (attempt_id, stars), {"at": now()}))

    def hands(self, attempt_id: str, scene_id: str, counts: dict[str, int]) -> None:
        """A show of hands in whole-class mode: how many chose each answer (all counted at one moment)."""
        at = now()
        for answer_id, count in counts.items():
            self._jobs.put(("record_hands", (attempt_id, scene_id, answer_id, int(count)), {"at": at}))

    def worry(self, lesson_id: str, who: Player | None = None) -> None:
        """``who``: the child who tapped their animal to say who the worry is from (else the one playing)."""
        player = who or self.player
        self._jobs.put(("add_worry", (lesson_id, player.pupil_id, player.class_id), {"at": now()}))

    def flush(self, timeout: float = 10.0) -> bool:
        """For tools and tests: wait until everything handed over so far is written (or failed)."""
        done = threading.Event()
        self._jobs.put(("_flush", (done,), {}))
        return done.wait(timeout)

    def close(self, timeout: float = 10.0) -> None:
        self._jobs.put(_STOP)
        self._thread.join(timeout)

    # -- the writer thread -----------------------------------------------------------------
    def _run(self) -> None:
        store: ProgressStore | None = None
        pending: deque = deque()  # jobs not yet in the store, oldest first: order is kept
        if self._held is not None:
            pending.extend(self._held.take())  # held by an earlier run that could not write the store
            self._replaying = len(pending)
        try:
            store = ProgressStore(self.path)  # open early: teacher mode learns of a problem at once
        except StoreError as error:
            if self._held is not None and not pending:
                self._held.hold([])  # nothing to hold yet: find where answers will be held, to say so
            self._failed(error)
        store = self._drain(store, pending)
        while True:
            try:
                job = self._jobs.get(timeout=RETRY_SECONDS if pending else None)
            except queue.Empty:
                job = None
            if job is _STOP:
                self._drain(store, pending)
                if store is not None:
                    store.close()
                return
            if job is not None and job[0] == "_flush":
                store = self._drain(store, pending)
                job[1][0].set()
                continue
            if job is not None:
                pending.append(job)
                self._unheld = True
            store = self._drain(store, pending)

    def _drain(self, store: ProgressStore | None, pending: deque) -> ProgressStore | None:
        """Write the waiting jobs in order; at the first failure, hold them all elsewhere instead."""
        if not pending:
            if store is not None and self._held is not None and self._held.where is not None:
                self._held.clear()  # an earlier run's file with nothing usable left in it
            return store
        while pending:
            try:
                if store is None:
                    store = ProgressStore(self.path)
                method, args, kwargs = pending[0]
                if not (self._replaying and store.already_recorded(method, args, kwargs)):
                    getattr(store, method)(*args, **kwargs)
                    if method == "record_answer":
                        self._count_recorded()
                    self._tell_written(method)
            except sqlite3.IntegrityError:
                # Refused by the store's own rules (about a pupil the teacher erased a moment ago): it can
                # never be written, and kept first in line it would hold back every answer after it.
                pass
            except Exception as error:  # noqa: BLE001 - any failure: keep the job, tell the teacher
                if store is not None and not isinstance(error, StoreError):
                    try:
                        store.close()
                    except Exception:  # noqa: BLE001
                        pass
                self._hold(pending)
                self._failed(error)
                return None
            pending.popleft()
            self._replaying = max(0, self._replaying - 1)
            self._unheld = True
            self.problem = None
        if self._held is not None and self._held.where is not None:
            self._held.clear()  # all of it is in the store now
        self._unheld = False
        return store

    def _tell_written(self, method: str) -> None:
        if self.on_written is not None:
            try:
                self.on_written(method)
            except Exception:  # noqa: BLE001 - written is written: a listener's failure must not write it again
                logging.getLogger(__name__).exception("on_written failed")

    def _count_recorded(self) -> None:
        self.recorded += 1
        if self._on_recorded is not None:
            self._on_recorded(self.recorded)

    def _hold(self, pending: deque) -> None:
        if self._held is not None and self._unheld:
            self._held.hold(list(pending))
            self._unheld = False

    def _failed(self, error: Exception) -> None:
        where = self._held.where if self._held is not None else None
        self.problem = f"progress is not being saved ({error}); {describe(where)}"


class NullRecorder(WhoIsPlaying):
    """Records nothing (tools, and tests that are not about recording)."""

    problem = None
    recorded = 0

    def lesson_started(self, lesson_id: str, letter: str) -> str:
        return ""

    def answered(self, *args, **kwargs) -> None: ...
    def lesson_finished(self, *args, **kwargs) -> None: ...
    def hands(self, *args, **kwargs) -> None: ...
    def worry(self, *args, **kwargs) -> None: ...

    def flush(self, timeout: float = 10.0) -> bool:
        return True

    def close(self, timeout: float = 10.0) -> None: ...



def whole_class_player(store_path: Path, class_name: str | None) -> Player:
    """On the board: answers are the class's, recorded against the chosen class (if any)."""
    class_id = None
    if class_name and store_path.exists():
        try:
            with ProgressStore(store_path) as store:
                class_id = store.class_id(class_name)
        except StoreError:
            pass
    return Player(pupil_id=None, class_id=class_id, whole_class=True)
