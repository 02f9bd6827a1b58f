"""The game's one typeface: Fredoka SemiBold.

Fredoka has the single-storey a and g that infants learn to write. It ships as
a variable font, and SDL_ttf can only draw a variable font's default (Light)
instance, so the SemiBold instance is cut out once with fontTools and kept in
the user cache folder. If that ever fails we fall back to the variable font
with synthetic bold: never pygame's default font.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pygame

WEIGHT = 600
FAMILY_FILE = "Fredoka[wdth,wght].ttf"


def variable_font_path() -> Path:
    import fontpkg_fredoka

    return Path(fontpkg_fredoka.ROOT) / "files" / FAMILY_FILE


def semibold_font_path(cache_dir: Path) -> Path | None:
    """The cached SemiBold instance, made on first use. None if it cannot be made."""
    source = variable_font_path()
    target = cache_dir / f"Fredoka-{WEIGHT}-{int(source.stat().st_mtime)}.ttf"
    if target.is_file():
        return target
    try:
        from fontTools.ttLib import TTFont
        from fontTools.varLib import instancer

        cache_dir.mkdir(parents=True, exist_ok=True)
        font = instancer.instantiateVariableFont(TTFont(source), {"wght": WEIGHT, "wdth": 100})
        handle, temp_name = tempfile.mkstemp(dir=cache_dir, suffix=".ttf.part")
        os.close(handle)
        font.save(temp_name)
        os.replace(temp_name, target)  # atomic: a half-written font is never picked up
        return target
    except Exception:  # a read-only cache or a fontTools problem: fall back, never crash
        return None


class FontBook:
    """Hands out the game font at any pixel size, cached."""

    MAX_SIZES = 64

    def __init__(self, cache_dir: Path) -> None:
        semibold = semibold_font_path(cache_dir)
        self.path = semibold or variable_font_path()
        self.synthetic_bold = semibold is None
        self._fonts: dict[int, pygame.font.Font] = {}

    def get(self, size_px: int) -> pygame.font.Font:
        size = max(6, int(size_px))
        font = self._fonts.get(size)
        if font is None:
            if len(self._fonts) >= self.MAX_SIZES:
                self._fonts.clear()  # a resize asks for a new set of sizes
            font = self._fonts[size] = pygame.font.Font(str(self.path), size)
            font.bold = self.synthetic_bold
        return font
