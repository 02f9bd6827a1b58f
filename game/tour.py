"""`play.py tour`: play through everything headlessly, saving a PNG of each screen.

The tour drives the real game with the pilot (taps on real widgets), so what
it saves is exactly what a child would see, every answer's feedback included.
The same walk is used by the layout tests, so every screen the tour shows is
also checked for overlaps and target sizes.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator, TextIO

from .lessons.model import ChooseScene
from .letters import LETTERS
from .pilot import Pilot


def visit_every_screen(pilot: Pilot) -> Iterator[str]:
    """Tap through every screen; yield a name while each one is showing."""
    library = pilot.app.ctx.library
    pilot.frames(2)
    yield "home"
    pilot.tap_widget("about")
    yield "about"
    pilot.tap_widget("home")
    for letter in LETTERS:
        pilot.tap_widget(f"letter-{letter.key}")
        yield letter.key
        for lesson in library.for_letter(letter.key):
            pilot.tap_widget(f"lesson-{lesson.id}")
            for number, scene in enumerate(lesson.scenes, start=1):
                base = f"{lesson.id}-{number:02d}-{scene.id}"
                yield base
                if isinstance(scene, ChooseScene):
                    wrong = [a for a in scene.answers if not a.right]
                    right = next(a for a in scene.answers if a.right)
                    for answer in wrong + [right]:
                        pilot.tap_widget(f"answer-{answer.id}")
                        yield f"{base}-{answer.id}"
                pilot.tap_widget("next")
            pilot.wait(1.0)  # mid-celebration
            yield f"{lesson.id}-reward"
            pilot.tap_widget("more")
        pilot.tap_widget("home")


def run_tour(out: Path, size: tuple[int, int], lesson_dirs: list[Path], log: TextIO) -> int:
    os.environ["SDL_VIDEODRIVER"] = "dummy"
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    from .app import App, Options

    out.mkdir(parents=True, exist_ok=True)
    from .narration import QuietNarrator

    # Quiet: screenshots should not depend on how far a spoken line has got.
    pilot = Pilot(App.create(Options(fullscreen=False, size=size, lesson_dirs=lesson_dirs), narrator=QuietNarrator()))
    saved = 0
    for name in visit_every_screen(pilot):
        saved += 1
        pilot.frames(2)
        pilot.screenshot(out / f"{saved:03d}-{name}.png")
    log.write(f"saved {saved} screens at {size[0]}x{size[1]} to {out}\n")
    return 0
