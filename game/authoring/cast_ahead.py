"""`play.py narrate` also draws the cast: every lesson's characters at the sizes common windows show them.

The game draws them itself once its home screen is up (game/cast/ahead.py), in a niced process, a few
seconds' work at a classroom board's size; a teacher who runs `narrate` before the lesson has them all in
the cache folder already, so no tablet, board or first lesson ever waits for one. Each size is laid out
exactly as the game lays it out (the real game, headless: a fresh data folder, nothing recorded), so the
drawings are the ones a window of that size asks for; a drawing in the cache folder already is skipped.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import TextIO

# Tablets (1280x800, 1366x768), laptops and boards (1920x1080, 1920x1200), large and 4K boards.
COMMON_SIZES = ((1280, 800), (1366, 768), (1920, 1080), (1920, 1200), (2560, 1440), (3840, 2160))


def draw_cast_ahead(cache_dir: Path, lesson_dirs: list[Path], school_dirs: list[Path], log: TextIO,
                    sizes: tuple[tuple[int, int], ...] = COMMON_SIZES, timeout: float = 900.0) -> int:
    """Draw every lesson's cast at ``sizes`` into ``cache_dir``/cast; returns how many drawings were made."""
    from ..engine.app import App, Options, headless_environment
    from ..engine.pilot import Pilot
    from ..speech.narration import QuietNarrator

    headless_environment()
    made = 0
    started = time.monotonic()
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="smart-stars-cast-") as data_dir:
            # Whole-class mode: each question laid out before and after its talk pause (every place a picture sits).
            app = App.create(Options(fullscreen=False, size=size, lesson_dirs=lesson_dirs, school_dirs=school_dirs,
                                     cache_dir=cache_dir, data_dir=Path(data_dir), whole_class=True, record=False,
                                     share=False), narrator=QuietNarrator())
            try:
                pilot = Pilot(app)
                pilot.frames(1)
                pilot.lessons_read()
                # The home screen's coming screens (each letter's lesson tiles) are drawn by the game's own render
                # process (``pictures.cast``), every lesson's screens by the niced one drawing ahead.
                preparer, ahead, own = app.preparer, app.ctx.pictures.cast_ahead, app.ctx.pictures.cast
                deadline = started + timeout
                while not (preparer.looked_for_cast and ahead.idle and not own.drawing) and time.monotonic() < deadline:
                    pilot.frames(1)  # the Preparer looks through every screen in each frame's spare time
                    if preparer.looked_for_cast:
                        time.sleep(0.05)  # only drawing left, in the render processes
                made += ahead.drawn + own.requests
            finally:
                app.close()
        log.write(f"the cast drawn for {size[0]}x{size[1]} windows ({made} drawings so far)\n")
    return made
