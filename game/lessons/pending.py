"""Lessons loaded on a background thread, so the first screen appears before any YAML is parsed.

Parsing and validating every lesson (and importing the YAML and JSON Schema libraries to do it)
takes longer than drawing the home screen, which needs no lesson. The game starts this once the
first frame is on screen; whoever needs the lessons first waits for them (by then they are
almost always ready: a child takes longer than that to tap a letter).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from .library import LessonLibrary


class PendingLibrary:
    def __init__(self, load: Callable[[], "LessonLibrary"]) -> None:
        self._load = load
        self._library: "LessonLibrary | None" = None
        self._error: BaseException | None = None
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Begin loading in the background (once)."""
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="lesson-loader", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        try:
            self._library = self._load()
        except BaseException as error:  # handed to whoever asks for the lessons, on their thread
            self._error = error

    @property
    def ready(self) -> bool:
        return self._thread is not None and not self._thread.is_alive()

    def get(self) -> "LessonLibrary":
        """The lessons, waiting for them if they are still loading (starting the load if need be)."""
        self.start()
        assert self._thread is not None
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._library is not None
        return self._library
