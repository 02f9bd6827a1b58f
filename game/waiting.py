"""Moved to game/native/wait.py; kept so code written before the move still imports. Import game.native.wait."""

from .native.wait import POLLING_DRIVERS, SDL_INIT_VIDEO, EventWaiter, event_waiter

__all__ = ["POLLING_DRIVERS", "SDL_INIT_VIDEO", "EventWaiter", "event_waiter"]
