"""Fonts that draw a home language's script, shaped and in its own direction.

Fredoka (the game's font) has Latin letters only, and not all of them (no ą, ę, ś, ż for Polish, no
ễ for a Vietnamese name). So a home-language line is drawn in a Noto font from a pip package:
Noto Sans for Latin scripts, Noto Sans Arabic for Urdu and Arabic, Noto Sans Tamil for Tamil, and Noto
Sans Bengali, Gurmukhi, Gujarati and Ethiopic (from manimgx-fonts) for Bengali, Panjabi, Gujarati and
Tigrinya. A language whose font is missing is heard, not shown (the teacher's screen says so: see
``shows_text``). SDL_ttf shapes text with HarfBuzz,
but only after ``Font.set_script`` (and ``set_direction`` for right-to-left): without them Arabic-script
letters come out unjoined and in the wrong order. Both are set on every font handed out here.
"""

from __future__ import annotations

import hashlib

import importlib
from collections import OrderedDict
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

import pygame

if TYPE_CHECKING:  # a name for the type only: the catalogue asks this module for font files
    from .catalogue import Language

HOME_INK = (30, 84, 150)  # the home-language line: a calm blue, told apart from the English at a glance


# kind -> (the pip package's module, the font file in it). fontpkg's packages keep their files in
# ``ROOT/files``; manimgx-fonts (the only pip package with Noto Sans Bengali, Gurmukhi, Gujarati and
# Ethiopic: fontpkg has not published them) keeps them beside its ``__init__.py``.
FONT_FILES: dict[str, tuple[str, str]] = {
    "latin": ("fontpkg_noto_sans", "NotoSans[wdth,wght].ttf"),
    "arabic": ("fontpkg_noto_sans_arabic", "NotoSansArabic[wdth,wght].ttf"),
    "tamil": ("fontpkg_noto_sans_tamil", "NotoSansTamil[wdth,wght].ttf"),
    "bengali": ("manimgx_fonts", "NotoSansBengali[wght].ttf"),
    "gurmukhi": ("manimgx_fonts", "NotoSansGurmukhi[wght].ttf"),
    "gujarati": ("manimgx_fonts", "NotoSansGujarati[wght].ttf"),
    "ethiopic": ("manimgx_fonts", "NotoSansEthiopic[wght].ttf"),
}


def font_path(kind: str) -> Path | None:
    """The bundled font file for a kind in ``FONT_FILES``; None if unknown or its package is missing."""
    if kind not in FONT_FILES:
        return None
    module, name = FONT_FILES[kind]
    try:
        package = importlib.import_module(module)
    except ImportError:
        return None
    root = getattr(package, "ROOT", None)
    folder = Path(root) / "files" if root is not None else Path(package.__file__).parent
    path = folder / name
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


ESTIMATE_PX = 40  # the size letters are looked up at (any size has the same glyphs)
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


def font_letters(path: Path, cache_dir: Path | None = None) -> frozenset[int]:
    """Every character a font file has a glyph for, read from its cmap with fontTools. With ``cache_dir``
    (the game), read in a process of its own and kept as a small JSON file: fontTools is pure Python and
    reading a big font's cmap on a thread beside the frame loop would hold Python's lock for frames at a
    time (SDL_ttf's metrics, 0.2-0.5 ms a letter, belong to the frame loop). Tools call it in-process."""
    if cache_dir is None:
        from fontTools.ttLib import TTFont

        return frozenset(TTFont(path, lazy=True).getBestCmap())
    import json
    import subprocess
    import sys

    status = Path(path).stat()
    key = hashlib.sha256(f"{Path(path).resolve()}:{status.st_size}:{status.st_mtime_ns}".encode()).hexdigest()[:16]
    memo = Path(cache_dir) / f"font-letters-{key}.json"
    if not memo.is_file():
        Path(cache_dir).mkdir(parents=True, exist_ok=True)
        subprocess.run([sys.executable, "-m", "game.languages.text", str(path), str(memo)],
                       cwd=Path(__file__).resolve().parents[2], timeout=60, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return frozenset(json.loads(memo.read_text(encoding="utf-8")))


def _write_letters(path: Path, memo: Path) -> None:
    import json
    import os
    import tempfile

    letters = sorted(font_letters(path))
    handle, temporary = tempfile.mkstemp(dir=memo.parent, suffix=".part")
    with os.fdopen(handle, "w", encoding="utf-8") as file:
        json.dump(letters, file)
    os.replace(temporary, memo)  # whole or not at all


def letters_of(texts: Iterable[str]) -> set[str]:
    """The letters to look up: all but spaces and the joiners (ZWJ, ZWNJ), which have no glyph of their own."""
    return {char for text in texts for char in text if not char.isspace() and char not in "\u200c\u200d"}


def missing_letters(font: pygame.font.Font, texts: Iterable[str]) -> set[str]:
    """The letters of these texts that the font has no glyph for (see ``lacks_glyphs``): drawn, each
    would be the font's "missing" box. ASCII is looked at too (Noto's Gujarati has no full stop).
    Spaces and the marks that join letters (ZWJ, ZWNJ, which have no glyph of their own) are not."""
    letters = sorted(letters_of(texts))
    if not letters:
        return set()
    missing = font.metrics(NOT_A_LETTER)[0]
    return {char for char, metric in zip(letters, font.metrics("".join(letters))) if metric == missing}


if __name__ == "__main__":  # reading a font's letters in a process of its own (see font_letters)
    import sys

    _write_letters(Path(sys.argv[1]), Path(sys.argv[2]))
