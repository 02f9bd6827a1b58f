"""The narration port: the one channel through which scenes speak.

Scenes never talk to an audio or speech library directly; they hand lines to
a Narrator (``game/speech/narrator.py`` is the real one). ``QuietNarrator``
speaks nothing and keeps a record, for tools and tests that need no sound.
"""

from __future__ import annotations

from typing import Protocol, Sequence

from ..lessons.basics import Line


class Narrator(Protocol):
    current: Line | None  # the line being spoken (or captioned) now
    version: int  # changes whenever ``current`` changes

    def say(self, lines: Sequence[Line], effect: str | None = None) -> None:
        """Queue lines after whatever is being said now, optionally after a sound effect."""

    def prepare(self, lines: Sequence[Line]) -> None:
        """Get these lines ready ahead of time, without saying them."""

    def stop(self) -> None:
        """Stop at once and forget the queue (a scene is leaving, or a child tapped)."""

    def update(self, dt: float) -> None:
        """Called every frame from the main thread; must never block."""

    def close(self) -> None:
        """The game is closing: stop, and let go of any threads and devices."""

    def wait(self, timeout: float) -> bool:
        """Wait up to timeout seconds for a queued line to become ready; True if one did."""

    def expect_sound(self) -> None:
        """A finger is down, so a sound may follow: have the output ready (it may sleep in silence)."""

    @property
    def busy(self) -> bool:
        """True while lines wait to start (the frame loop then runs at full rate)."""

    @property
    def caption(self) -> str | None:
        """The words to show on screen now, or None."""

    @property
    def notices(self) -> list[str]:
        """Why narration is degraded, in words for a teacher."""


class QuietNarrator:
    """Speaks nothing; records what would have been said, in order.

    By default every line is over the moment it is queued. ``line_seconds`` makes each line last that
    long in game time instead (one at a time, ``current`` set while it lasts, as the real narrator
    does): tests use it to see what happens while words are still being read and once they end.
    ``captions`` shows each line as a caption while it lasts, as the real narrator does by default.
    """

    def __init__(self, line_seconds: float = 0.0, captions: bool = False) -> None:
        self.queue: list[Line] = []
        self.spoken: list[Line] = []
        self.effects: list[str] = []
        self.current: Line | None = None
        self.version = 0
        self.line_seconds = line_seconds
        self.captions = captions
        self._left = 0.0

    def say(self, lines: Sequence[Line], effect: str | None = None) -> None:
        if effect:
            self.effects.append(effect)
        self.queue.extend(lines)

    def prepare(self, lines: Sequence[Line]) -> None:
        pass

    def stop(self) -> None:
        self.queue.clear()
        self._set_current(None)

    def update(self, dt: float) -> None:
        if not self.line_seconds:
            self.spoken.extend(self.queue)
            self.queue.clear()
            return
        if self.current is not None:
            self._left -= dt
            if self._left > 0:
                return
            self._set_current(None)
        if self.queue:
            line = self.queue.pop(0)
            self.spoken.append(line)
            self._left = self.line_seconds
            self._set_current(line)

    def _set_current(self, line: Line | None) -> None:
        if line != self.current:
            self.current = line
            self.version += 1

    def close(self) -> None:
        self.stop()

    def wait(self, timeout: float) -> bool:
        return False

    def expect_sound(self) -> None:
        pass

    @property
    def busy(self) -> bool:
        return bool(self.line_seconds) and bool(self.queue)

    @property
    def caption(self) -> str | None:
        return self.current.text if self.captions and self.current is not None else None

    @property
    def notices(self) -> list[str]:
        return []
