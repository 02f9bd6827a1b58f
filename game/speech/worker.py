"""Speech preparation off the main thread.

Two threads, so the frame loop never waits on a disk or a synthesiser:
- the *loader* finds a line's audio (the teacher's recording, or a cached
  render), reads it, and hands back a ready-to-play sound;
- the *synthesiser* owns the TTS engine (pyttsx3 engines belong to the thread
  that made them), renders lines that are not cached yet, and caches them.
Results come back through a queue the main thread drains each frame.
"""

from __future__ import annotations

import queue
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .cache import SpeechCache
from .tts import SpeechEngine, SpeechFailed, SpeechUnavailable, wav_seconds

_STOP = object()


@dataclass(frozen=True)
class SpeechJob:
    ticket: int  # the narrator's id for this request
    text: str
    key: str  # the cache key for this text in the current voice
    recording: Path | None = None
    cache_only: bool = False  # just make sure it is in the cache; nobody is waiting to play it
    language: str | None = None  # a home language's code: that language's voice says it (None: English)


@dataclass(frozen=True)
class SpeechResult:
    ticket: int
    path: Path | None
    seconds: float | None
    sound: object | None  # a pygame Sound when there is an audio device
    error: str | None = None


class SpeechPipeline:
    def __init__(
        self,
        cache: SpeechCache,
        engine_factory: Callable[[], SpeechEngine] | None,
        load_sound: Callable[[Path], object] | None,
    ) -> None:
        self.cache = cache
        self._engine_factory = engine_factory
        self._load_sound = load_sound
        self._loads: queue.Queue = queue.Queue()
        self._renders: queue.Queue = queue.Queue()
        self._results: queue.Queue = queue.Queue()
        self._early: list[SpeechResult] = []  # taken by wait_for_result, not yet by results()
        self.engine_state = "starting" if engine_factory else "unavailable"
        self.engine_problem: str | None = None if engine_factory else "no speech engine is set up"
        self.renders_done = 0  # lines actually synthesised (not taken from the cache)
        self.voices: list = []  # the engine's voices (VoiceInfo), once it has started
        self._threads = [
            threading.Thread(target=self._load_loop, name="speech-loader", daemon=True),
            threading.Thread(target=self._render_loop, name="speech-synth", daemon=True),
        ]
        self._started = False
        self._closing = False

    def start(self) -> "SpeechPipeline":
        if not self._started:
            self._started = True
            for thread in self._threads:
                thread.start()
        return self

    def submit(self, job: SpeechJob) -> None:
        self._loads.put(job)

    def wait_for_result(self, timeout: float) -> bool:
        """Block up to ``timeout`` seconds for a result (the frame loop's idle time)."""
        try:
            self._early.append(self._results.get(timeout=max(0.0, timeout)))
            return True
        except queue.Empty:
            return False

    def results(self) -> list[SpeechResult]:
        out, self._early = self._early, []
        while True:
            try:
                out.append(self._results.get_nowait())
            except queue.Empty:
                return out

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """For tools and tests: block until every submitted job has a result."""
        done = threading.Event()

        def watch() -> None:
            self._loads.join()
            self._renders.join()
            done.set()

        threading.Thread(target=watch, daemon=True).start()
        return done.wait(timeout)

    def close(self, timeout: float = 5.0) -> None:
        """Stop both threads, dropping queued work. The espeak library is one per process,
        so the synthesiser must be finished before another engine may start."""
        self._closing = True
        self._loads.put(_STOP)
        self._renders.put(_STOP)
        if self._started:
            for thread in self._threads:
                thread.join(timeout)

    # -- threads -------------------------------------------------------------------
    def _finish(self, job: SpeechJob, path: Path) -> None:
        try:
            seconds = wav_seconds(path) if path.suffix.lower() == ".wav" else None
            sound = self._load_sound(path) if self._load_sound else None
            if sound is not None and seconds is None:
                seconds = sound.get_length()
            self._results.put(SpeechResult(job.ticket, path, seconds, sound))
        except Exception as error:  # a damaged file: say so, the narrator shows captions
            self._results.put(SpeechResult(job.ticket, path, None, None, f"cannot play {path.name}: {error}"))

    def _load_loop(self) -> None:
        while True:
            job = self._loads.get()
            try:
                if job is _STOP:
                    return
                if self._closing:
                    continue
                if job.recording is not None:
                    if not job.cache_only:
                        self._finish(job, job.recording)
                elif self.cache.has(job.key):
                    if not job.cache_only:
                        self._finish(job, self.cache.path(job.key))
                else:
                    self._renders.put(job)
            finally:
                self._loads.task_done()

    def _render_loop(self) -> None:
        engine = None
        if self._engine_factory is not None:
            try:
                engine = self._engine_factory()
                self.voices = list(getattr(engine, "voices", []))
                self.engine_state = "ready"
            except SpeechUnavailable as problem:
                self.engine_state, self.engine_problem = "unavailable", str(problem)
            except Exception as problem:  # any other start-up failure is the same to a teacher
                self.engine_state, self.engine_problem = "unavailable", f"{type(problem).__name__}: {problem}"
        while True:
            job = self._renders.get()
            try:
                if job is _STOP:
                    return
                if self._closing:
                    continue
                if engine is None:
                    self._results.put(SpeechResult(job.ticket, None, None, None, self.engine_problem))
                    continue
                self._render(engine, job)
            finally:
                self._renders.task_done()

    def _render(self, engine: SpeechEngine, job: SpeechJob) -> None:
        if self.cache.has(job.key):  # asked twice before the first render finished
            if not job.cache_only:
                self._finish(job, self.cache.path(job.key))
            return
        temporary = None
        try:
            temporary = self.cache.temporary_path(job.key)
            if job.language:
                engine.render(job.text, temporary, language=job.language)
            else:
                engine.render(job.text, temporary)
            path = self.cache.publish(temporary, job.key)
            self.renders_done += 1
        except (SpeechFailed, OSError) as problem:
            if temporary is not None:
                temporary.unlink(missing_ok=True)
            self.engine_state, self.engine_problem = "failed", str(problem)
            self._results.put(SpeechResult(job.ticket, None, None, None, str(problem)))
            return
        except Exception as problem:  # an engine bug must not kill the thread
            if temporary is not None:
                temporary.unlink(missing_ok=True)
            self.engine_state, self.engine_problem = "failed", f"{type(problem).__name__}: {problem}"
            self._results.put(SpeechResult(job.ticket, None, None, None, self.engine_problem))
            return
        if self.engine_state == "failed":
            self.engine_state = "ready"
        if not job.cache_only:
            self._finish(job, path)
