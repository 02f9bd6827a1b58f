"""The game's one typeface: Fredoka SemiBold.

Fredoka has the single-storey a and g that infants learn to write. It ships as
a variable font, and SDL_ttf can only draw a variable font's default (Light)
instance, so the SemiBold instance is cut out once with fontTools and kept in
the user cache folder. If that fails we fall back to the variable font with
synthetic bold; if Fredoka itself is missing or unreadable (a broken install,
a damaged cache) we fall back to pygame's default font, so every word is still
shown, and ``problem`` says why for the teacher.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import time
from pathlib import Path
from typing import Iterator

import pygame

WEIGHT = 600
FAMILY_FILE = "Fredoka[wdth,wght].ttf"
# Not "Fredoka-600-*": earlier versions of the game deleted every such file but their own.
CUT_PREFIX = f"Fredoka-SemiBold{WEIGHT}-"
UNUSED_DAYS = 60


def variable_font_path() -> Path:
    import fontpkg_fredoka

    return Path(fontpkg_fredoka.ROOT) / "files" / FAMILY_FILE


def semibold_font_path(cache_dir: Path) -> Path | None:
    """The cached SemiBold instance, made on first use. None if it cannot be made.

    The cut is named by the variable font's content, so every install of the game with the same font
    (two virtual environments, or a tablet's and a shared drive's copy using one cache folder) uses
    the same cut, and a font update gets its own. Another install's cut is never deleted while in use:
    only cuts none has opened for ``UNUSED_DAYS`` are cleared, when a new one is made.
    """
    try:
        source = variable_font_path()
        key = hashlib.sha256(source.read_bytes()).hexdigest()[:16]  # 160 KB: a fraction of a millisecond
        target = cache_dir / f"{CUT_PREFIX}{key}.ttf"
        if target.is_file():
            _mark_used(target)
            return target
        from fontTools.ttLib import TTFont
        from fontTools.varLib import instancer

        cache_dir.mkdir(parents=True, exist_ok=True)
        font = instancer.instantiateVariableFont(TTFont(source), {"wght": WEIGHT, "wdth": 100})
        handle, temp_name = tempfile.mkstemp(dir=cache_dir, suffix=".ttf.part")
        os.close(handle)
        font.save(temp_name)
        os.replace(temp_name, target)  # atomic: a half-written font is never picked up
        _clear_unused(cache_dir, keep=target)
        return target
    except Exception:  # a read-only cache or a fontTools problem: fall back, never crash
        return None


def _mark_used(cut: Path) -> None:
    """Touch the cut (once a day at most), so that clearing old cuts leaves one any install still uses."""
    try:
        if time.time() - cut.stat().st_mtime > 86400:
            os.utime(cut)
    except OSError:
        pass  # a read-only cache: it is read all the same


def _clear_unused(cache_dir: Path, keep: Path) -> None:
    """Cuts no install has opened for a long while: from fonts since updated (or older game versions)."""
    now = time.time()
    for old in [*cache_dir.glob(f"{CUT_PREFIX}*.ttf"), *cache_dir.glob(f"Fredoka-{WEIGHT}-*.ttf")]:
        try:
            if old != keep and now - old.stat().st_mtime > UNUSED_DAYS * 86400:
                old.unlink()
        except OSError:
            pass  # gone already (another install cleared it), or not ours to remove


def _usable(path: Path | None, size: int = 12) -> pygame.font.Font | None:
    """The font at that size if it really draws (SDL opens a file of garbage, then fails on first use)."""
    try:
        font = pygame.font.Font(str(path) if path is not None else None, size)
        font.size("Ag")
        return font
    except (OSError, pygame.error, ValueError):  # missing, truncated or not a font at all
        return None


MISSING_FONT = "The Fredoka font is missing or damaged, so a plain font is used: reinstall SMART Stars to fix it"


class FontBook:
    """Hands out the game font at any pixel size, cached.

    Only the sizes used most recently are kept open: each open size holds SDL_ttf's glyph cache
    (100-400 KB at the large sizes a 1080p screen uses), and fitting text tries many sizes on its
    way down, so keeping every size ever asked for held 6-7 MB after one play of every lesson.
    Opening a size again costs about a millisecond, and each text's fitted size is itself cached.
    """

    MAX_SIZES = 24

    def __init__(self, cache_dir: Path) -> None:
        self.problem: str | None = None  # for the teacher: why the game's own font is not used
        self.cache_dir = cache_dir  # also where a home language's completed font is kept (languages/script_font.py)
        semibold = semibold_font_path(cache_dir)
        if semibold is not None and _usable(semibold) is None:
            semibold.unlink(missing_ok=True)  # a damaged cache: cut it again, once
            semibold = semibold_font_path(cache_dir)
            semibold = semibold if semibold is not None and _usable(semibold) is not None else None
        try:
            fallback: Path | None = variable_font_path()
        except Exception:  # noqa: BLE001 - fontpkg_fredoka not installed, or broken
            fallback = None
        self.path: Path | None = semibold or (fallback if fallback is not None and _usable(fallback) else None)
        self.synthetic_bold = semibold is None
        if self.path is None:
            self.problem = MISSING_FONT
        self._fonts: dict[int, pygame.font.Font] = {}

    def get(self, size_px: int) -> pygame.font.Font:
        size = max(6, int(size_px))
        font = self._fonts.pop(size, None)
        if font is not None:
            self._fonts[size] = font  # the most recently used last
        else:
            while len(self._fonts) >= self.MAX_SIZES:
                del self._fonts[next(iter(self._fonts))]  # the least recently used
            font = _usable(self.path, size)
            if font is None:  # the file went away or was damaged after start-up
                self.path, self.problem = None, MISSING_FONT
                font = pygame.font.Font(None, size)
            font.bold = self.synthetic_bold
            self._fonts[size] = font
        return font


WARM_UNIT_MS = 1.0  # a run of words measured at a new size costs about this at most
COLD_WORD_MS = 0.3  # a word at a size whose glyphs FreeType has not loaded (HarfBuzz-shaped Urdu at 1080p)


def warm_units(font: pygame.font.Font, text: str) -> Iterator[float]:
    """Measure ``text``'s words with ``font`` a short run at a time, yielding each run's expected cost (ms) first.

    At a size it has not drawn before, a font loads every glyph it shapes: for a home language's script
    (Urdu, shaped by HarfBuzz) that is 0.1-0.3 ms a word, 6-7 ms for a story page's sentences, and fitting
    a text tries a few sizes. Done in one go, that made bilingual screens' units (game/frame/compose.py,
    game/frame/prepare.py) 10-36 ms long. Measured here first, in runs, the glyphs are loaded when the text is
    wrapped at that size, which then costs well under a millisecond. The first run is a few words; how long
    it took sets the length of the next (a size already warm goes through the rest in one run)."""
    words = text.split()
    per_word = COLD_WORD_MS
    index = 0
    while index < len(words):
        count = max(1, int(WARM_UNIT_MS / per_word))
        yield per_word * count
        started = time.perf_counter()
        for word in words[index:index + count]:
            font.size(word)
        per_word = max(0.002, (time.perf_counter() - started) * 1000 / count)
        index += count
