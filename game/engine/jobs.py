"""The one way to run work off the frame loop: jobs on named lanes, results back on the frame loop.

The frame loop must never wait on a disk, a parser, a synthesiser or a picture, so such work is
handed to a lane: ``jobs.submit(fn, *args, lane="disk", then=shown)`` returns a ``Job`` at once.

- A lane runs its jobs one at a time, in the order given (``urgent``: before the rest), on a thread of
  its own. One lane per kind of work ("pictures", "speech", "disk", "lessons" ...), so a slow kind
  never holds up another, and work of one kind never races itself (two writes to one file).
- A lane's thread lives only while it has jobs: an idle game has no worker thread waiting. A lane
  whose work must stay on one thread (a speech engine belongs to the thread that made it) is made
  with ``keep_thread=True``.
- ``then(result)`` / ``failed(error)`` run on the frame loop's thread at its next frame (through the
  app's ``Context.on_frame_loop``, which wakes a sleeping loop): that is where a scene may change.
  A job with ``then`` and no ``failed`` has its failure logged, never lost silently. A job with
  neither is waited for (``Job.result``, which raises its error): a tool, or a load needed later.
- ``Job.cancel`` takes a job off its lane before it starts (True); once started it runs to its end,
  but its ``then``/``failed`` are not run. ``Jobs.shutdown`` cancels what has not started and waits
  a little for what has.

A separate process (the cast's render process) stays a process: what talks to it runs as a job.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import deque
from typing import Any, Callable

log = logging.getLogger(__name__)

QUEUED, RUNNING, DONE, CANCELLED = "queued", "running", "done", "cancelled"


class JobCancelled(Exception):
    """The job was taken off its lane before it ran (``Job.cancel``, or the game closing)."""


class Job:
    """One piece of work given to a lane."""

    def __init__(self, lane: "Lane", fn: Callable[..., Any], args: tuple,
                 then: Callable[[Any], None] | None, failed: Callable[[BaseException], None] | None) -> None:
        self.lane = lane
        self._fn = fn
        self._args = args
        self._then = then
        self._failed = failed
        self.state = QUEUED
        self._unwanted = False  # cancelled while running: its result is not handed on
        self._result: Any = None
        self._error: BaseException | None = None
        self._finished = threading.Event()

    def __repr__(self) -> str:
        return f"<Job {getattr(self._fn, '__qualname__', self._fn)} on {self.lane.name}: {self.state}>"

    @property
    def done(self) -> bool:
        """Finished, failed or cancelled: nothing more will happen on its lane."""
        return self._finished.is_set()

    @property
    def cancelled(self) -> bool:
        return self.state == CANCELLED or self._unwanted

    def cancel(self) -> bool:
        """Take the job off its lane if it has not started (True). A running job runs to its end, but
        nothing is handed back to the frame loop for it (False)."""
        return self.lane._cancel(self)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the job is done (for tools and tests, never the frame loop). False: timed out."""
        return self._finished.wait(timeout)

    def result(self, timeout: float | None = None) -> Any:
        """What the job returned, waiting for it; its exception is raised here (JobCancelled if it never ran)."""
        if not self._finished.wait(timeout):
            raise TimeoutError(f"{self!r} is not done after {timeout} s")
        if self.state == CANCELLED:
            raise JobCancelled(repr(self))
        if self._error is not None:
            raise self._error
        return self._result

    def exception(self, timeout: float | None = None) -> BaseException | None:
        """The exception the job raised (None if it returned), waiting for it."""
        if not self._finished.wait(timeout):
            raise TimeoutError(f"{self!r} is not done after {timeout} s")
        return self._error

    def _run(self) -> None:
        try:
            self._result = self._fn(*self._args)
        except BaseException as error:  # noqa: BLE001 - handed to ``failed`` or ``result``, never lost
            self._error = error
        self.state = DONE
        self._finished.set()


class Lane:
    """Jobs run one at a time, in order, on one thread (see the module's docstring)."""

    def __init__(self, name: str, owner: "Jobs | None" = None, keep_thread: bool = False) -> None:
        self.name = name
        self.keep_thread = keep_thread
        self._owner = owner if owner is not None else Jobs()
        self._queue: deque[Job] = deque()
        self._running: Job | None = None
        self._ready = threading.Condition()
        self._thread: threading.Thread | None = None
        self._closed = False

    @property
    def busy(self) -> bool:
        """A job is queued or running."""
        with self._ready:
            return bool(self._queue) or self._running is not None

    def submit(self, fn: Callable[..., Any], *args: Any, then: Callable[[Any], None] | None = None,
               failed: Callable[[BaseException], None] | None = None, urgent: bool = False) -> Job:
        if (then is not None or failed is not None) and self._owner.deliver is None:
            raise ValueError(f"lane {self.name!r} has no frame loop to hand results to: wait with Job.result")
        job = Job(self, fn, args, then, failed)
        with self._ready:
            if self._closed:
                job.state = CANCELLED
                job._finished.set()
                return job
            if urgent:
                self._queue.appendleft(job)
            else:
                self._queue.append(job)
            if self._thread is None:
                self._thread = threading.Thread(target=self._work, name=self.name, daemon=True)
                self._thread.start()
            else:
                self._ready.notify()
        return job

    def _cancel(self, job: Job) -> bool:
        with self._ready:
            if job.state == QUEUED:
                self._queue.remove(job)
                job.state = CANCELLED
                job._finished.set()
                return True
            if job.state == RUNNING:
                job._unwanted = True
            return False

    def _work(self) -> None:
        while True:
            with self._ready:
                while not self._queue:
                    if self._closed or not self.keep_thread:
                        self._thread = None
                        self._ready.notify_all()
                        return
                    self._ready.wait()
                job = self._running = self._queue.popleft()
                job.state = RUNNING
            try:
                job._run()
                self._hand_back(job)
            except Exception:  # noqa: BLE001 - handing back failed (the game closing): the lane goes on
                log.exception("job %r could not hand its result back", job)
            finally:
                with self._ready:
                    self._running = None
                    self._ready.notify_all()

    def _hand_back(self, job: Job) -> None:
        if job._unwanted:
            return
        error = job._error
        if error is None:
            if job._then is not None:
                then, result = job._then, job._result
                self._owner.deliver(lambda: None if job._unwanted else then(result))  # type: ignore[misc]
        elif job._failed is not None:
            failed = job._failed
            self._owner.deliver(lambda: None if job._unwanted else failed(error))  # type: ignore[misc]
        elif job._then is not None and isinstance(error, Exception):  # nobody waits for it: say so
            log.error("job %r failed", job, exc_info=(type(error), error, error.__traceback__))
        # A job with no ``then`` is waited for: ``result`` raises its error for whoever waits.

    def join(self, timeout: float | None = None) -> bool:
        """Wait until the lane has nothing queued or running. False: timed out."""
        with self._ready:
            return self._ready.wait_for(lambda: not self._queue and self._running is None, timeout)

    def close(self, timeout: float | None = 2.0) -> None:
        """Cancel what has not started; wait up to ``timeout`` for the running job; let the thread end."""
        with self._ready:
            self._closed = True
            while self._queue:
                job = self._queue.popleft()
                job.state = CANCELLED
                job._finished.set()
            self._ready.notify_all()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)


class Jobs:
    """Every lane of one game (or tool). ``deliver`` runs a callable on the frame loop's thread
    (``Context.on_frame_loop``, set when the game's Context is made); without it, jobs' results are
    waited for (``Job.result``)."""

    def __init__(self, deliver: Callable[[Callable[[], None]], None] | None = None) -> None:
        self.deliver = deliver
        self._lanes: dict[str, Lane] = {}
        self._lock = threading.Lock()
        # Set once the game is closing: a job that waits between tries (a write retried every few
        # seconds) waits on this instead of sleeping, so closing never waits out its pause.
        self.closing = threading.Event()

    def lane(self, name: str, keep_thread: bool = False) -> Lane:
        """The lane of this name, made on first use (``keep_thread`` then decides its kind)."""
        with self._lock:
            lane = self._lanes.get(name)
            if lane is None:
                lane = self._lanes[name] = Lane(name, self, keep_thread)
            return lane

    def submit(self, fn: Callable[..., Any], *args: Any, lane: str, then: Callable[[Any], None] | None = None,
               failed: Callable[[BaseException], None] | None = None, urgent: bool = False) -> Job:
        """Run ``fn(*args)`` on ``lane``; ``then(result)`` or ``failed(error)`` on the frame loop afterwards."""
        return self.lane(lane).submit(fn, *args, then=then, failed=failed, urgent=urgent)

    @property
    def busy(self) -> bool:
        with self._lock:
            lanes = list(self._lanes.values())
        return any(lane.busy for lane in lanes)

    def join(self, timeout: float | None = None) -> bool:
        """Wait until every lane is idle (tools and tests). False: timed out."""
        with self._lock:
            lanes = list(self._lanes.values())
        return all(lane.join(timeout) for lane in lanes)

    def shutdown(self, timeout: float = 2.0) -> None:
        """The game is closing: cancel what has not started, give what has ``timeout`` seconds in all."""
        self.closing.set()
        with self._lock:
            lanes = list(self._lanes.values())
        deadline = time.monotonic() + timeout
        for lane in lanes:
            lane.close(max(0.0, deadline - time.monotonic()))
