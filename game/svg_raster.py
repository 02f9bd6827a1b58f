"""Moved to game/native/svg.py; kept so code written before the move still imports. Import game.native.svg."""

from .native.svg import SDL_PIXELFORMAT_ARGB8888, SvgRasteriser

__all__ = ["SDL_PIXELFORMAT_ARGB8888", "SvgRasteriser"]
