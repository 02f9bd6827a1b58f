"""The narration port: the one channel through which scenes speak.

Scenes never talk to an audio or speech library directly; they hand lines to
a Narrator. This module holds the port and the quiet narrator used when no
speech is available: it still tracks what is "being said", so captions work.
"""

from __future__ import annotations

from typing import Protocol, Sequence

from .lessons.model import Line


class Narrator(Protocol):
    def say(self, lines: Sequence[Line]) -> None:
        """Queue lines after whatever is being said now."""

    def stop(self) -> None:
        """Stop at once and forget the queue (a scene is leaving, or a child tapped)."""

    def update(self, dt: float) -> None:
        """Called every frame from the main thread; must never block."""


class QuietNarrator:
    """Speaks nothing; keeps a record of what would have been said, in order."""

    def __init__(self) -> None:
        self.queue: list[Line] = []
        self.spoken: list[Line] = []

    def say(self, lines: Sequence[Line]) -> None:
        self.queue.extend(lines)

    def stop(self) -> None:
        self.queue.clear()

    def update(self, dt: float) -> None:
        self.spoken.extend(self.queue)
        self.queue.clear()
