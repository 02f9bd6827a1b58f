"""Speech preparation off the main thread.

Two lanes (game/engine/jobs.py), so the frame loop never waits on a disk or a synthesiser:
- the *loader* ("speech-loader") finds a line's audio (the teacher's recording, or a
  cached render), reads it, and hands back a ready-to-play sound;
- the *synthesiser* ("speech-synth") owns the TTS engine (pyttsx3 engines belong to
  the thread that made them, so this lane keeps its one thread), renders lines that
  are not cached yet, one at a time in order, and caches them.
Results come back through a queue the main thread drains each frame (and waits on in
a frame's spare time, so a line starts the moment it is ready: game/speech/narrator.py).
"""

from __future__ import annotations

import queue
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..engine.jobs import Jobs
from .cache import SpeechCache
from .tts import SpeechEngine, SpeechFailed, SpeechUnavailable, wav_seconds

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
        jobs: Jobs | None = None,
    ) -> None:
        self.cache = cache
        self._engine_factory = engine_factory
        self._load_sound = load_sound
        jobs = jobs if jobs is not None else Jobs()
        self._loads = jobs.lane("speech-loader", keep_thread=True)  # lines are asked for by the frame loop
        self._renders = jobs.lane("speech-synth", keep_thread=True)
        self._engine: SpeechEngine | None = None
        self._results: queue.Queue = queue.Queue()
        self._early: list[SpeechResult] = []  # taken by wait_for_result, not yet by results()
        self._early_jobs: list[SpeechJob] = []  # submitted before start()
        self.engine_state = "starting" if engine_factory else "unavailable"
        self.engine_problem: str | None = None if engine_factory else "no speech engine is set up"
        self.renders_done = 0  # lines actually synthesised (not taken from the cache)
        self.voices: list = []  # the engine's voices (VoiceInfo), once it has started
        self._started = False
        self._closing = False

    def start(self) -> "SpeechPipeline":
        if not self._started:
            self._started = True
            self._renders.submit(self._start_engine)  # first on its lane: the engine lives on that thread
            for job in self._early_jobs:
                self._loads.submit(self._load, job)
            self._early_jobs = []
        return self

    def submit(self, job: SpeechJob) -> None:
        if not self._started:
            self._early_jobs.append(job)  # run once started, in order
            return
        self._loads.submit(self._load, job)

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
        deadline = time.monotonic() + timeout
        # Every load is done before the last render is asked for: the loader only ever adds renders.
        return self._loads.join(timeout) and self._renders.join(max(0.0, deadline - time.monotonic()))

    def close(self, timeout: float = 5.0) -> None:
        """Stop both lanes, dropping queued work. The espeak library is one per process,
        so the synthesiser must be finished before another engine may start."""
        self._closing = True
        self._loads.close(timeout)
        self._renders.close(timeout)

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

    def _load(self, job: SpeechJob) -> None:
        """On the loader lane: a recording or a cached render is played from disk; anything else is rendered."""
        if self._closing:
            return
        if job.recording is not None:
            if not job.cache_only:
                self._finish(job, job.recording)
        elif self.cache.has(job.key):
            if not job.cache_only:
                self._finish(job, self.cache.path(job.key))
        else:
            self._renders.submit(self._render_one, job)

    def _start_engine(self) -> None:
        """On the synthesiser lane, first: the engine belongs to this lane's one thread."""
        if self._engine_factory is None:
            return
        try:
            self._engine = self._engine_factory()
            self.voices = list(getattr(self._engine, "voices", []))
            self.engine_state = "ready"
        except SpeechUnavailable as problem:
            self.engine_state, self.engine_problem = "unavailable", str(problem)
        except Exception as problem:  # any other start-up failure is the same to a teacher
            self.engine_state, self.engine_problem = "unavailable", f"{type(problem).__name__}: {problem}"

    def _render_one(self, job: SpeechJob) -> None:
        if self._closing:
            return
        if self._engine is None:
            self._results.put(SpeechResult(job.ticket, None, None, None, self.engine_problem))
            return
        self._render(self._engine, job)

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
