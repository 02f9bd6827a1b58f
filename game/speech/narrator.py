"""The one narration channel: lines in, speech and captions out, never blocking.

Scenes call ``say`` and ``stop``; ``update`` runs once a frame on the main
thread and only ever looks at queues and the mixer, so a tap is answered at
once even while a long line is still being synthesised. When there is no
audio device or no speech engine, each line is shown as a caption for about
as long as it would take to say, and the game plays on.
"""

from __future__ import annotations

import itertools
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Callable, Sequence

from ..lessons.basics import Line
from ..progress.preferences import Preferences, declare
from ..engine.settings import Settings
from .audio import AudioOut
from .cache import VoiceKey
from .worker import SpeechJob, SpeechPipeline, SpeechResult

LINE_GAP_SECONDS = 0.3  # a breath between sentences
SLOWER_GAP_SECONDS = 1.2  # "slower speech": time to take each sentence in before the next
SLOWER_SPEECH = declare("slower_speech", False,
                        words="Slower speech: a longer pause after each sentence (the words themselves are spoken "
                              "at the speed set in Settings, as slow as 80 words a minute)")
WAIT_FOR_AUDIO_SECONDS = 3.0  # then show the caption alone rather than stall
EFFECT_OVERLAP = 0.6  # speech starts when the effect is this far through


def caption_seconds(text: str) -> float:
    """About how long a slow, clear voice takes to say this (for caption-only mode)."""
    return 0.6 + 0.42 * len(text.split())


@dataclass
class _Item:
    ticket: int
    line: Line
    asked_at: float
    result: SpeechResult | None = None


@dataclass
class _Playing:
    item: _Item
    started_at: float
    silent_seconds_left: float | None = None  # None: the mixer is playing it


@dataclass
class SpeechNarrator:
    pipeline: SpeechPipeline
    audio: AudioOut | None
    voice: VoiceKey
    settings: Settings
    audio_problem: str | None = None
    clock: Callable[[], float] = time.monotonic
    spoken: list[Line] = field(default_factory=list)  # every line started, in order
    version: int = 0  # changes whenever the current line changes (scenes redraw)

    def __post_init__(self) -> None:
        self._tickets = itertools.count(1)
        self._queue: deque[_Item] = deque()
        self._waiting: dict[int, _Item] = {}
        self._playing: _Playing | None = None
        self._gap_left = 0.0
        self._effect_left = 0.0
        self.current: Line | None = None
        self.line_gap = LINE_GAP_SECONDS  # longer for a child with "slower speech" (follow_pace)

    # -- the port ------------------------------------------------------------------
    def say(self, lines: Sequence[Line], effect: str | None = None) -> None:
        if effect and self.audio is not None:
            length = self.audio.play_effect(effect, self.settings.effects_volume)
            self._effect_left = max(self._effect_left, length * EFFECT_OVERLAP)
        for line in lines:
            item = _Item(next(self._tickets), line, self.clock())
            self._queue.append(item)
            self._request(item)

    def prepare(self, lines: Sequence[Line]) -> None:
        """Render these lines ahead of time (into the cache), without queueing them."""
        for line in lines:
            if line.audio is None:
                self.pipeline.submit(SpeechJob(0, line.text, self.voice.for_text(line.text, line.lang), cache_only=True,
                                               language=line.lang))

    def stop(self) -> None:
        self._queue.clear()
        self._waiting.clear()
        self._gap_left = 0.0
        self._effect_left = 0.0
        if self._playing is not None:
            if self.audio is not None:
                self.audio.stop_voice()
            self._playing = None
        self._set_current(None)

    def close(self) -> None:
        """Stop speaking and end the speech threads (the game is closing)."""
        self.stop()
        self.pipeline.close()

    @property
    def busy(self) -> bool:
        return bool(self._queue) or self._effect_left > 0

    @property
    def caption(self) -> str | None:
        if not self.settings.captions or self.current is None:
            return None
        return self.current.text

    @property
    def notices(self) -> list[str]:
        """Why the game is quieter than it should be, in short words for a teacher."""
        found = []
        if self.audio is None:
            found.append(f"Sound is off ({self.audio_problem or 'no sound device was found'}).")
        state, problem = self.pipeline.engine_state, self.pipeline.engine_problem
        if state == "unavailable":
            found.append(f"Speech is off ({problem}).")
        elif state == "failed":
            found.append(f"Speech stopped working ({problem}).")
        return found

    def wait(self, timeout: float) -> bool:
        """Spend up to ``timeout`` of the frame's spare time waiting for a line to be ready.

        True if one arrived: the caller runs ``update(0)`` to start it now rather than a
        frame later (about 16 ms sooner to the child's ear).
        """
        if not self._waiting:
            return False
        return self.pipeline.wait_for_result(timeout)

    def seconds_left(self) -> float | None:
        """About how long the line being said has still to go; None if none is, or its length is not known."""
        playing = self._playing
        if playing is None:
            return None
        if playing.silent_seconds_left is not None:
            return max(0.0, playing.silent_seconds_left)
        result = playing.item.result
        if result is None or not result.seconds:
            return None
        return max(0.0, result.seconds - (self.clock() - playing.started_at))

    def rest_audio(self) -> None:
        """Nothing will be said for a while (auto-scanning between steps): close the sound device now."""
        if self.audio is not None and not self.busy and self._playing is None:
            self.audio.rest()

    # -- every frame ---------------------------------------------------------------
    def expect_sound(self) -> None:
        if self.audio is not None:
            self.audio.wake()

    def update(self, dt: float) -> None:
        if self.audio is not None and not self.busy and self._playing is None:
            self.audio.idle_check()
        for result in self.pipeline.results():
            item = self._waiting.pop(result.ticket, None)
            if item is not None:
                item.result = result
        if self._effect_left > 0:
            self._effect_left -= dt
            return
        if self._playing is not None:
            if not self._finished(self._playing, dt):
                return
            self._playing = None
            self._gap_left = self.line_gap
        if self._gap_left > 0 and self._queue:
            self._gap_left -= dt
            return
        if not self._queue:
            self._set_current(None)
            return
        head = self._queue[0]
        if head.result is None and self.clock() - head.asked_at < WAIT_FOR_AUDIO_SECONDS:
            return  # still being prepared; the frame goes on
        self._queue.popleft()
        self._waiting.pop(head.ticket, None)
        self._start(head)

    # -- inside --------------------------------------------------------------------
    def _request(self, item: _Item) -> None:
        self._waiting[item.ticket] = item
        line = item.line
        self.pipeline.submit(SpeechJob(item.ticket, line.text, self.voice.for_text(line.text, line.lang), line.audio,
                                       language=line.lang))

    def _start(self, item: _Item) -> None:
        result = item.result
        playing = _Playing(item, self.clock())
        if result is not None and result.sound is not None and self.audio is not None:
            self.audio.play_voice(result.sound, self.settings.speech_volume)
        else:
            seconds = result.seconds if result is not None and result.seconds else caption_seconds(item.line.text)
            playing.silent_seconds_left = seconds
        self._playing = playing
        self.spoken.append(item.line)
        self._set_current(item.line)

    def _finished(self, playing: _Playing, dt: float) -> bool:
        if playing.silent_seconds_left is not None:
            playing.silent_seconds_left -= dt
            return playing.silent_seconds_left <= 0
        return not self.audio.voice_busy()

    def _set_current(self, line: Line | None) -> None:
        if line != self.current:
            self.current = line
            self.version += 1


def pace_for(preferences: Preferences) -> float:
    """The pause between sentences for whoever plays: longer with "slower speech"."""
    return SLOWER_GAP_SECONDS if preferences.get("slower_speech") else LINE_GAP_SECONDS


def follow_pace(ctx) -> None:
    """Keep the narrator's pause between sentences as the preferences of whoever plays say."""
    narrator = ctx.narrator
    if not hasattr(narrator, "line_gap"):
        return  # a narrator that says nothing aloud (tools, tests)

    def apply(found: Preferences) -> None:
        narrator.line_gap = pace_for(found)

    apply(ctx.preferences)
    ctx.preference_listeners.append(apply)
