"""Ctrl+C, `kill` and a closed terminal: an adult asking, from outside the game, for it to close.

Inside the game, keys and the window's close button are ignored in fullscreen, because children press
them. A signal from the terminal cannot come from a child, so it closes the game the way teacher mode's
"Close" does: the frame loop stops, and ``App.close`` writes every answer still waiting to the store.

SDL would otherwise turn SIGINT and SIGTERM into a window close (which fullscreen ignores, so only
``kill -9`` worked), and Python turns SIGINT into a KeyboardInterrupt wherever the loop happens to be
(a traceback, and answers left unwritten). ``SDL_NO_SIGNAL_HANDLERS`` keeps SDL's handlers out, and
ours only ask the loop to stop: it does at its next frame (within the idle loop's one-second sleep).
A second signal is not caught: should closing ever hang, pressing Ctrl+C again stops it at once.
"""

from __future__ import annotations

import os
import signal
from typing import Callable

SDL_HINT = "SDL_NO_SIGNAL_HANDLERS"
# Only signals a person (or the system shutting down) sends: SIGHUP is the terminal window closing.
STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


class StopSignals:
    """Catches the stop signals from before the game opens until it has closed (a context manager);
    ``stop_with`` names what closes it."""

    def __init__(self) -> None:
        self.received: int | None = None  # the signal that asked the game to close, if one did
        self._stop: Callable[[], None] | None = None
        self._before: dict[int, object] = {}
        self._hint_before: str | None = None

    def __enter__(self) -> "StopSignals":
        """On the main thread, before the display is opened (SDL reads its hint then)."""
        self._hint_before = os.environ.get(SDL_HINT)
        os.environ[SDL_HINT] = "1"
        for number in STOP_SIGNALS:
            handler = signal.getsignal(number)
            if handler is not signal.SIG_IGN:  # ignored on purpose (nohup, a background job): left so
                self._before[number] = handler
                signal.signal(number, self._on_signal)
        return self

    def __exit__(self, *_exc) -> None:
        """The game has closed: whatever handled these signals before does again (a test run, a tool)."""
        for number, handler in self._before.items():
            signal.signal(number, handler if handler is not None else signal.SIG_DFL)
        self._before.clear()
        if self._hint_before is None:
            os.environ.pop(SDL_HINT, None)
        else:
            os.environ[SDL_HINT] = self._hint_before

    def stop_with(self, stop: Callable[[], None]) -> None:
        """What closes the game; called at once if a signal came while it was opening."""
        self._stop = stop
        if self.received is not None:
            stop()

    def _on_signal(self, number: int, _frame) -> None:
        # Python runs this on the main thread between two steps of the frame loop: no lock is held.
        self.received = number
        signal.signal(number, signal.SIG_DFL)  # the next one is not caught: it stops the process outright
        if self._stop is not None:
            self._stop()
