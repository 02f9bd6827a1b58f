"""The narration port: the one channel through which scenes speak.

Scenes never talk to an audio or speech library directly; they hand lines to
a Narrator (``game/speech/narrator.py`` is the real one). ``QuietNarrator``
speaks nothing and keeps a record, for tools and tests that need no sound.
"""

from __future__ import annotations

from typing import Protocol, Sequence

from .lessons.basics import Line


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
    """Speaks nothing; records what would have been said, in order."""

    def __init__(self) -> None:
        self.queue: list[Line] = []
        self.spoken: list[Line] = []
        self.effects: list[str] = []
        self.current: Line | None = None
        self.version = 0

    def say(self, lines: Sequence[Line], effect: str | None = None) -> None:
        if effect:
            self.effects.append(effect)
        self.queue.extend(lines)

    def prepare(self, lines: Sequence[Line]) -> None:
        pass

    def stop(self) -> None:
        self.queue.clear()

    def update(self, dt: float) -> None:
        self.spoken.extend(self.queue)
        self.queue.clear()

    def close(self) -> None:
        self.stop()

    def wait(self, timeout: float) -> bool:
        return False

    def expect_sound(self) -> None:
        pass

    @property
    def busy(self) -> bool:
        return False

    @property
    def caption(self) -> str | None:
        return None

    @property
    def notices(self) -> list[str]:
        return []
