"""Lessons loaded on a background thread, so the first screen appears before any YAML is parsed.

Parsing and validating every lesson (and importing the YAML and JSON Schema libraries to do it)
takes longer than drawing the home screen, which needs no lesson. The game starts this once the
first frame is on screen; whoever needs the lessons first waits for them (by then they are
almost always ready: a child takes longer than that to tap a letter).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Callable

from ..engine.jobs import Job, Jobs

if TYPE_CHECKING:
    from .library import LessonLibrary


class PendingLibrary:
    def __init__(self, load: Callable[[], "LessonLibrary"], jobs: Jobs | None = None) -> None:
        self._load = load
        self._jobs = jobs if jobs is not None else Jobs()
        self._lock = threading.Lock()
        self._job: Job | None = None

    def start(self) -> None:
        """Begin loading in the background (once), on the "lessons" lane."""
        with self._lock:
            if self._job is None:
                self._job = self._jobs.submit(self._load, lane="lessons")

    @property
    def ready(self) -> bool:
        return self._job is not None and self._job.done

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the lessons are read or failed (tools and tests; never the frame loop). False: not yet."""
        self.start()
        assert self._job is not None
        return self._job.wait(timeout)

    def get(self) -> "LessonLibrary":
        """The lessons, waiting for them if they are still loading (starting the load if need be).
        A failure to load is raised here, on the caller's thread."""
        self.start()
        assert self._job is not None
        return self._job.result()
