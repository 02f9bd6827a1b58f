"""Fonts that draw a home language's script, shaped and in its own direction.

Fredoka (the game's font) has Latin letters only, and not all of them (no ą, ę, ś, ż for Polish, no
ễ for a Vietnamese name). So a home-language line is drawn in a Noto font from a pip package:
Noto Sans for Latin scripts, Noto Sans Arabic for Urdu and Arabic, Noto Sans Tamil for Tamil (no
Bengali, Gurmukhi or Gujarati font is packaged for pip yet: those languages are heard, not shown). SDL_ttf shapes text with HarfBuzz,
but only after ``Font.set_script`` (and ``set_direction`` for right-to-left): without them Arabic-script
letters come out unjoined and in the wrong order. Both are set on every font handed out here.
"""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

import pygame

from .catalogue import Language

HOME_INK = (30, 84, 150)  # the home-language line: a calm blue, told apart from the English at a glance


def font_path(kind: str) -> Path | None:
    """The bundled font file for "latin", "arabic" or "tamil"; None if its package is missing."""
    try:
        if kind == "latin":
            import fontpkg_noto_sans as package

            name = "NotoSans[wdth,wght].ttf"
        elif kind == "arabic":
            import fontpkg_noto_sans_arabic as package

            name = "NotoSansArabic[wdth,wght].ttf"
        elif kind == "tamil":
            import fontpkg_noto_sans_tamil as package

            name = "NotoSansTamil[wdth,wght].ttf"
        else:
            return None
    except ImportError:
        return None
    path = Path(package.ROOT) / "files" / name
    return path if path.is_file() else None


class ScriptFonts:
    """One script's font at any pixel size, shaped for its script and direction (a few sizes kept open)."""

    MAX_SIZES = 12

    def __init__(self, path: Path, script: str = "Latn", rtl: bool = False, bold: bool = False) -> None:
        self.path = path
        self.script = script
        self.rtl = rtl
        self.bold = bold
        self._fonts: OrderedDict[int, pygame.font.Font] = OrderedDict()

    @classmethod
    def for_language(cls, language: Language) -> "ScriptFonts | None":
        path = font_path(language.font)
        return cls(path, language.script, language.rtl) if path is not None else None

    def get(self, size_px: int) -> pygame.font.Font:
        size = max(6, int(size_px))
        font = self._fonts.pop(size, None)
        if font is None:
            while len(self._fonts) >= self.MAX_SIZES:
                self._fonts.popitem(last=False)
            font = pygame.font.Font(str(self.path), size)
            if self.script != "Latn":
                font.set_script(self.script)
            font.set_direction(pygame.DIRECTION_RTL if self.rtl else pygame.DIRECTION_LTR)
            font.bold = self.bold
        self._fonts[size] = font
        return font


NOT_A_LETTER = "\u0378"  # unassigned in Unicode: no font has it, so it shows the font's "missing" glyph


def lacks_glyphs(font: pygame.font.Font, text: str) -> bool:
    """True if the font has no glyph for some letter of the text. SDL_ttf gives a missing letter the font's
    "missing" glyph's metrics (its pixels differ: HarfBuzz draws "ễ" as "ê" and a lost accent, which is
    why a name such as Nguyễn lost its tilde). A real letter with exactly those five numbers is rare, and
    would only be drawn in Noto Sans. ASCII letters are all in Fredoka, so only the others are looked at."""
    letters = {char for char in text if ord(char) > 127 and not char.isspace()}
    if not letters:
        return False
    missing = font.metrics(NOT_A_LETTER)[0]
    return any(metric == missing for metric in font.metrics("".join(letters)))
