"""`play.py preview FILE`: one lesson in a window, shown again each time its author saves it.

For the PSHE lead writing a lesson: edit, save, glance at the window. A job on the "preview" lane
(game/engine/jobs.py) looks at the file four times a second, for as long as the window is open, reading, hashing and parsing it there, so the frame loop never
waits on the disk or the parser; the frame loop only picks up the finished result
(``LessonWatcher.take``). The screen itself is ``game/scenes/preview.py``.
"""

from __future__ import annotations

import hashlib
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ..engine.jobs import Job, Jobs
from ..lessons.loader import LessonLoader, LoadResult, Problem
from ..lessons.pictures import PictureCatalog

if TYPE_CHECKING:
    from ..engine.app import App, Options
    from ..speech.narration import Narrator
    from ..scenes.preview import PreviewScene
    from ..engine.stop_signals import StopSignals

POLL_SECONDS = 0.25  # a save shows within about this plus the parse (~10 ms): well inside a second
UNREADABLE = b"unreadable"  # the digest of a file that is not there (mid-save, or deleted)


@dataclass(frozen=True)
class Reload:
    """One version of the file, parsed. ``forced``: the author asked (R), so show it afresh."""

    result: LoadResult
    forced: bool = False
    text: str = ""  # the file as read, so the screen can quote a line with a mistake


class LessonWatcher:
    """Watches one lesson file off the frame loop and hands over each new version, parsed.

    The whole file is read and hashed on every look rather than trusting its modified time:
    a lesson is a few kilobytes, and shared drives keep times to the second or two, so a quick
    second save of the same length would otherwise be missed. A version with errors is only
    handed over once it has been seen twice in a row (a quarter of a second later), so an
    editor that writes a file in pieces never flashes a false error.
    """

    def __init__(self, path: Path, loader: LessonLoader | None = None, interval: float = POLL_SECONDS,
                 jobs: Jobs | None = None) -> None:
        self.path = path
        self._jobs = jobs if jobs is not None else Jobs()
        # Its own picture catalog: the thread never shares a cache with the frame loop.
        self.loader = loader or LessonLoader(PictureCatalog(), check_picture_files=True)
        self.interval = interval
        self.last_load_seconds = 0.0  # how long the last parse took (for the curious, and the tests)
        self._lock = threading.Lock()
        self._ready: Reload | None = None
        self._forced = False
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._job: Job | None = None
        self._shown: bytes | None = None  # digest of the version last handed over
        self._pending: tuple[bytes, Reload] | None = None  # a broken version seen once

    def load_now(self) -> Reload:
        """The first version, on the caller's thread, so the window opens with the lesson in it."""
        self._shown, text = self._read()
        return Reload(self._load(), True, text)

    def start(self) -> "LessonWatcher":
        self._job = self._jobs.submit(self._run, lane="preview")
        return self

    def reload_now(self) -> None:
        """Parse the file again at once, changed or not (the author pressed R)."""
        with self._lock:
            self._forced = True
        self._wake.set()

    def take(self) -> Reload | None:
        """The newest version not yet taken, or None. Called by the frame loop; never waits long."""
        with self._lock:
            ready, self._ready = self._ready, None
        return ready

    def close(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._job is not None:
            self._job.wait(timeout=2.0)

    # -- the watching job ------------------------------------------------------------------
    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self.interval)
            self._wake.clear()
            if self._stop.is_set() or self._jobs.closing.is_set():
                return  # the window closed (or the game is closing: its lanes are shut down)
            with self._lock:
                forced, self._forced = self._forced, False
            self.poll(forced)

    def poll(self, forced: bool = False) -> None:
        """One look at the file: hand over a new version if there is one."""
        digest, text = self._read()
        if not forced and digest == self._shown:
            self._pending = None
            return
        if not forced and self._pending is not None and self._pending[0] == digest:
            version = self._pending[1]  # broken twice in a row: a real mistake, not a half-saved file
        else:
            version = Reload(self._load(), forced, text)
            if not forced and version.result.lesson is None:
                self._pending = (digest, version)
                return
        self._pending = None
        self._shown = digest
        with self._lock:
            if self._ready is not None and self._ready.forced:  # not taken yet: keep "show it afresh"
                version = replace(version, forced=True)
            self._ready = version

    def _read(self) -> tuple[bytes, str]:
        """The file's digest and text (as best it decodes: the loader explains bad encodings)."""
        try:
            raw = self.path.read_bytes()
        except OSError:
            return UNREADABLE, ""
        return hashlib.blake2b(raw, digest_size=16).digest(), raw.decode("utf-8", errors="replace")

    def _load(self) -> LoadResult:
        started = time.perf_counter()
        try:
            return self.loader.load(self.path)
        except Exception as error:  # a bug in the loader must not end the preview: say so on screen
            problem = Problem(self.path, 1, 1, "error", f"the preview could not read this lesson ({error!r})")
            return LoadResult(self.path, None, (problem,))
        finally:
            self.last_load_seconds = time.perf_counter() - started


def start_preview(path: Path, options: "Options", narrator: "Narrator | None" = None,
                  log: TextIO | None = None) -> tuple["App", "PreviewScene"]:
    """Open a window showing the lesson in ``path``, watched for changes.

    Nothing is recorded and no pupil picker is shown: the App opens the picker only outside
    whole-class mode, so it is created in whole-class mode and then switched to what was asked
    for (``--class`` or not), in memory only. Captions are on, so the author sees every line.
    """
    import pygame

    from ..engine.app import App
    from ..scenes.preview import PreviewScene

    whole_class = bool(options.whole_class)
    options = replace(options, fullscreen=False, record=False, whole_class=True)
    app = App.create(options, narrator=narrator)
    settings = app.ctx.settings
    settings.whole_class = whole_class  # never saved: the preview changes no settings file
    settings.captions = True
    pygame.display.set_caption(f"SMART Stars preview: {path.name}")
    watcher = LessonWatcher(path, jobs=app.ctx.jobs)
    scene = PreviewScene(app.ctx, path, watcher, watcher.load_now(), log)
    app.stack.replace(scene)  # the home screen goes: this window is only ever this lesson
    watcher.start()
    return app, scene


def run_preview(path: Path, options: "Options", log: TextIO, stop: "StopSignals | None" = None) -> int:
    """`play.py preview FILE`: run until the window is closed (or Esc, or Ctrl+C in the terminal: ``stop``)."""
    if not path.is_file():
        print(f"{path}: there is no lesson file here: check the file's name and folder", file=log)
        return 1
    app, scene = start_preview(path, options, log=log)
    if stop is not None:
        stop.stop_with(app.quit)
    try:
        app.run()
    finally:
        scene.close()
    return 0
