"""The progress service: the one way from the game to the progress store, never blocking a frame.

One worker thread owns the SQLite connection and runs everything, one at a time, in the order it was
given: a child's records (commands.py: an answer, a lesson started or finished, a show of hands, a
worry), a teacher's changes (adding a pupil, renaming, erasing, a note, a preference) and the teacher
screens' questions (``queries``: the class's pupils, the overview, the worries, ...). What came of a
change or a question is handed back on the frame loop, to the callback the scene gave:

    ctx.recorder.run(RenamePupil(pupil_id, "Zoë"), then=lambda done: ... done.problem ...)
    ctx.recorder.roster(class_name, then=lambda done: ... done.value ...)

A child's record is durable at once (each is committed as it comes), and never lost: a failed write
(disk full, read-only folder) is kept and tried again, and held in a file elsewhere meanwhile
(held.py) so that closing the game loses none of it; the game plays on and ``problem`` says what is
wrong, for the teacher. A teacher's change is tried once, and the screen is told if it failed.
"""

from __future__ import annotations

import logging
import queue
import sqlite3
import threading
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Generic, TypeVar

from .store import ProgressStore, StoreError, new_attempt_id, now
from .held import HeldProgress, describe

if TYPE_CHECKING:
    from ..lessons.library import LessonLibrary
    from .commands import ChildRecord, Command

# The commands (commands.py: fourteen frozen dataclasses, some 5 ms to make) and the teacher screens'
# questions (queries.py) are imported where they are first used, not with this module: the game's first
# frame needs neither (tests/test_startup.py). The commands are imported after the first frame, with
# the screens a lesson opens (game/engine/app.py: settle_after_loading), so a lesson's first record does
# not pay for them on the frame loop; the questions are imported on the worker, which answers them.

RETRY_SECONDS = 2.0
_STOP = object()
T = TypeVar("T")

NOT_SAVED = "Not saved ({error}): try again when the data folder can be written"
NOT_READ = "Cannot read the progress file ({error})"
NO_PROGRESS_YET = "No progress has been recorded yet"


@dataclass
class Player:
    """Who is playing: a pupil on a tablet, or the whole class on the board (or nobody chosen yet)."""

    pupil_id: int | None = None
    class_id: int | None = None
    whole_class: bool = False


class WhoIsPlaying:
    """``player``, and the followers told each time it is set (game/progress/preferences.py loads what the teacher
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


@dataclass(frozen=True)
class Done(Generic[T]):
    """What came of a command or a question: its ``value``, or ``problem`` (for the teacher) if it failed."""

    value: T | None = None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


Then = Callable[[Done], None]


# _Task and _Flush are plain classes: they are made with this module, at every start, and a dataclass takes
# some 0.3 ms to make (tests/test_startup.py).
class _Task:
    """A teacher's change or a question: ``work(store)`` on the worker, then ``then(Done)``."""

    __slots__ = ("work", "then", "failed", "reads_only")

    def __init__(self, work: Callable[[ProgressStore], Any], then: Then | None, failed: str,
                 reads_only: bool = False) -> None:
        self.work = work
        self.then = then
        self.failed = failed  # the teacher's words if it fails, with {error}
        self.reads_only = reads_only  # a question: never makes a store that is not there yet


class _Flush:
    __slots__ = ("done",)

    def __init__(self, done: threading.Event) -> None:
        self.done = done


class ProgressService(WhoIsPlaying):
    """``record``: keep the children's records (tools and previews do not; the teacher's screens still
    read and change the store through the service, which then opens it only when first asked)."""

    records = True

    def __init__(self, path: Path | None, on_recorded: Callable[[int], None] | None = None,
                 held: HeldProgress | None = None, deliver: Callable[[Callable[[], None]], None] | None = None) -> None:
        self.path = path
        self.player = Player()
        self.problem: str | None = None
        self.recorded = 0  # answers durably committed to the store so far
        self._on_recorded = on_recorded
        # Called on the worker after a child's record is written, with the store method's name (many tablets:
        # a sync client's nudge, so a worry reaches the board at once). An attribute: set once the game runs.
        self.on_written: Callable[[str], None] | None = None
        # A device id -> the name that tablet joined the class hub with (game/sync/runner.py sets it), so a
        # worry taken in from a tablet says which one it came from.
        self.device_name: Callable[[str | None], str | None] = lambda device_id: None
        self._held = held if self.records else None  # where records the store cannot take yet wait (None: memory)
        self._deliver = deliver  # runs a callback on the frame loop (ctx.on_frame_loop); None: on the worker
        self._replaying = 0  # how many of the waiting records, at the front, were read back from ``held``
        self._unheld = False  # the waiting records changed since they were last held
        self._jobs: queue.Queue = queue.Queue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._asked = 0  # teacher's changes and questions not yet answered
        if self.records and path is not None:
            self._start()  # at once: held progress is replayed, and a problem is known before the first answer

    def attach(self, deliver: Callable[[Callable[[], None]], None]) -> None:
        """Hand results back through ``deliver`` (the context's ``on_frame_loop``) from now on."""
        self._deliver = deliver

    # -- a child's records (frame loop; never waits) --------------------------------------------
    def lesson_started(self, lesson_id: str, letter: str) -> str:
        from .commands import StartLesson

        attempt_id = new_attempt_id()
        player = self.player
        self.record(StartLesson(attempt_id, lesson_id, letter, pupil_id=player.pupil_id, class_id=player.class_id,
                                whole_class=player.whole_class, at=now()))
        return attempt_id

    def answered(self, attempt_id: str, scene_id: str, answer_id: str, right: bool, try_number: int,
                 seconds: float) -> None:
        from .commands import RecordAnswer

        self.record(RecordAnswer(attempt_id, scene_id, answer_id, right, try_number, seconds, at=now()))

    def lesson_finished(self, attempt_id: str, stars: int) -> None:
        from .commands import FinishLesson

        self.record(FinishLesson(attempt_id, stars, at=now()))

    def hands(self, attempt_id: str, scene_id: str, counts: dict[str, int]) -> None:
        """A show of hands in whole-class mode: how many chose each answer (all counted at one moment)."""
        from .commands import RecordHands

        at = now()
        for answer_id, count in counts.items():
            self.record(RecordHands(attempt_id, scene_id, answer_id, int(count), at=at))

    def worry(self, lesson_id: str, who: Player | None = None) -> None:
        """``who``: the child who tapped their animal to say who the worry is from (else the one playing)."""
        from .commands import AddWorry

        player = who or self.player
        self.record(AddWorry(lesson_id, player.pupil_id, player.class_id, at=now()))

    def record(self, command: ChildRecord) -> None:
        if self.records:
            self._put(command)

    # -- a teacher's changes and questions (frame loop; the answer comes back on it) ------------------
    def run(self, command: Command, then: Then | None = None) -> None:
        """Apply ``command`` on the worker, after everything given before it; then ``then(Done)``."""
        if command.CHILD_RECORD:
            self.record(command)  # type: ignore[arg-type]
            if then is not None:
                self._hand_back(then, Done())
            return
        self._put(_Task(command.apply, then, NOT_SAVED))

    def ask(self, question: Callable[[ProgressStore], T], then: Then) -> None:
        """A question for the store (one of ``queries``), answered on the worker: ``then(Done(value))``."""
        self._put(_Task(question, then, NOT_READ, reads_only=True))

    def class_names(self, then: Then) -> None:
        """``Done(list[str])``: every class, by name."""
        self.ask(lambda store: _queries().class_names(store), then)

    def class_id(self, class_name: str, then: Then) -> None:
        """``Done(int | None)``."""
        self.ask(lambda store: store.class_id(class_name), then)

    def roster(self, class_name: str, then: Then) -> None:
        """``Done(queries.Roster | None)``: the class's id and its pupils (None: no such class)."""
        self.ask(lambda store: _queries().roster(store, class_name), then)

    def overview(self, class_name: str, library: Callable[[], "LessonLibrary"], then: Then) -> None:
        """``Done(Overview | None)`` (game/progress/overview.py; None: no such class). ``library`` is called on the worker."""
        self.ask(lambda store: _queries().overview(store, class_name, library()), then)

    def pupil_timeline(self, pupil_id: int, then: Then) -> None:
        """``Done(list[queries.Played])``: the pupil's last 40 lessons, newest first."""
        self.ask(lambda store: _queries().pupil_timeline(store, pupil_id), then)

    def pupil_letter_answers(self, pupil_id: int, letter_key: str, library: Callable[[], "LessonLibrary"],
                             then: Then) -> None:
        """``Done(list[QuestionAnswers])``: every answer the pupil gave in that letter's lessons."""
        self.ask(lambda store: _queries().pupil_letter_answers(store, pupil_id, letter_key, library()), then)

    def worries(self, lesson_title: Callable[[str], str], then: Then) -> None:
        """``Done(list[Worry])``: not yet followed up first, newest first within each."""
        self.ask(lambda store: _queries().worries(store, lesson_title, self.device_name), then)

    def preferences(self, class_name: str | None, pupil_id: int | None, then: Then,
                    class_id: int | None = None) -> None:
        """``Done(queries.Chosen)``: the class's (by id, else by name) and the pupil's choices."""
        self.ask(lambda store: _queries().preferences(store, class_id, class_name, pupil_id), then)

    def save_report(self, overview, folder: Path, then: Then) -> None:
        """``Done((page, [files]))``: the printable report and the class's CSVs, written into ``folder``."""
        self._put(_Task(lambda store: _queries().save_report(store, overview, folder), then,
                        "Could not save the report: {error}", reads_only=True))

    def export_worries(self, path: Path, lesson_title: Callable[[str], str], then: Then) -> None:
        """``Done(int)``: every worry written to ``path`` as a CSV for the safeguarding log; how many."""
        self._put(_Task(lambda store: _queries().export_worries(store, path, lesson_title, self.device_name), then,
                        "Could not save the log ({error}): try again when the data folder can be written",
                        reads_only=True))

    # -- for tools, tests and closing ------------------------------------------------------------
    @property
    def answering(self) -> int:
        """How many changes and questions are still to be answered (the pilot waits for them before a tap,
        as no grown-up taps within the milliseconds they take)."""
        return self._asked

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until everything handed over so far is written (or failed)."""
        with self._lock:
            if self._thread is None:
                return True  # nothing was ever handed over
        done = threading.Event()
        self._put(_Flush(done))
        return done.wait(timeout)

    def close(self, timeout: float = 10.0) -> None:
        with self._lock:
            thread = self._thread
        if thread is None:
            return
        self._jobs.put(_STOP)
        thread.join(timeout)

    # -- the worker ----------------------------------------------------------------------------------
    def _put(self, job: Any) -> None:
        if self.path is None:  # nowhere to keep anything (a context made without a data folder)
            if isinstance(job, _Flush):
                job.done.set()
            elif isinstance(job, _Task) and job.then is not None:
                self._hand_back(job.then, Done(problem=NO_PROGRESS_YET))
            return
        self._start()
        if isinstance(job, _Task):
            with self._lock:
                self._asked += 1
        self._jobs.put(job)

    def _start(self) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="progress", daemon=True)
                self._thread.start()

    def _hand_back(self, then: Then, done: Done) -> None:
        deliver = self._deliver
        if deliver is None:
            then(done)
        else:
            deliver(lambda: then(done))

    def _run(self) -> None:
        store: ProgressStore | None = None
        pending: deque[ChildRecord] = deque()  # records not yet in the store, oldest first: order is kept
        if self._held is not None:
            pending.extend(self._held.take())  # held by an earlier run that could not write the store
            self._replaying = len(pending)
        if self.records:
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
            if isinstance(job, _Flush):
                store = self._drain(store, pending)
                job.done.set()
                continue
            if isinstance(job, _Task):
                store = self._drain(store, pending)  # what came before it is written first: order is kept
                try:
                    self._do(job)
                finally:
                    with self._lock:
                        self._asked -= 1
                continue
            if job is not None:
                pending.append(job)
                self._unheld = True
            store = self._drain(store, pending)

    def _do(self, task: _Task) -> None:
        """A teacher's change or question: tried once, and what came of it handed back. Each has a
        connection of its own, opened for it and closed after, as teacher mode's changes always had: a
        data folder made read-only while the game runs is then met as a connection that cannot write,
        never as a write through pages an older connection still has mapped (SQLite's -shm)."""
        if task.reads_only and not self.path.exists():
            if task.then is not None:
                self._hand_back(task.then, Done(problem=NO_PROGRESS_YET))
            return
        try:
            with ProgressStore(self.path) as store:
                value = task.work(store)
        except Exception as error:  # noqa: BLE001 - any failure: tell the teacher, keep the worker going
            if task.then is not None:
                self._hand_back(task.then, Done(problem=task.failed.format(error=error)))
            return
        if task.then is not None:
            self._hand_back(task.then, Done(value))

    def _drain(self, store: ProgressStore | None, pending: deque) -> ProgressStore | None:
        """Write the waiting records in order; at the first failure, hold them all elsewhere instead."""
        if not pending:
            if store is not None and self._held is not None and self._held.where is not None:
                self._held.clear()  # an earlier run's file with nothing usable left in it
            return store
        from .commands import RecordAnswer  # imported already: a record is waiting

        while pending:
            try:
                if store is None:
                    store = ProgressStore(self.path)
                record = pending[0]
                if not (self._replaying and record.already_recorded(store)):
                    record.apply(store)
                    if isinstance(record, RecordAnswer):
                        self._count_recorded()
                    self._tell_written(record.METHOD)
            except sqlite3.IntegrityError:
                # Refused by the store's own rules (about a pupil the teacher erased a moment ago): it can
                # never be written, and kept first in line it would hold back every answer after it.
                pass
            except Exception as error:  # noqa: BLE001 - any failure: keep the record, tell the teacher
                if store is not None and not isinstance(error, StoreError):
                    _close(store)
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


class NullRecorder(ProgressService):
    """Keeps no child's records (tools, previews, and tests that are not about recording). Given a store,
    the teacher's screens still read and change it; it is opened only when they first do."""

    records = False

    def __init__(self, path: Path | None = None, deliver: Callable[[Callable[[], None]], None] | None = None) -> None:
        super().__init__(path, deliver=deliver)

    def lesson_started(self, lesson_id: str, letter: str) -> str:
        return ""


def whole_class_player(store_path: Path, class_name: str | None) -> Player:
    """On the board: answers are the class's, recorded against the chosen class (if any). Reads the store
    on the calling thread: for the game's start, before the first frame (teacher mode uses
    ``play_as_class``)."""
    class_id = None
    if class_name and store_path.exists():
        try:
            with ProgressStore(store_path) as store:
                class_id = store.class_id(class_name)
        except StoreError:
            pass
    return Player(pupil_id=None, class_id=class_id, whole_class=True)


def play_as_class(service: ProgressService, class_name: str | None) -> None:
    """The whole class plays on the board from now on; their class's id follows from the worker (the
    teacher is in teacher mode meanwhile, so no answer is recorded before it comes)."""
    player = Player(whole_class=True)
    service.player = player
    if not class_name:
        return

    def found(done: Done) -> None:
        if service.player is player and done.value is not None:
            service.player = Player(class_id=done.value, whole_class=True)

    service.class_id(class_name, found)


def _queries():
    """queries.py, imported on first use: on the worker, when a teacher screen first asks."""
    from . import queries

    return queries


def _close(store: ProgressStore) -> None:
    try:
        store.close()
    except Exception:  # noqa: BLE001
        pass


# For the code and tests written when the service was only the recorder of answers.
Recorder = ProgressService
