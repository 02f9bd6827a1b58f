"""Moved to game/native/sdl.py; kept so code written before the move still imports. Import game.native.sdl."""

from .native.sdl import SDL, SDL_IMAGE, candidates

__all__ = ["SDL", "SDL_IMAGE", "candidates"]
