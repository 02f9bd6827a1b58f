"""`play.py tour`: play through everything headlessly, saving a PNG of each screen.

The tour drives the real game with the pilot (taps on real widgets), so what
it saves is exactly what a child would see, every answer's feedback included.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TextIO


def run_tour(out: Path, size: tuple[int, int], lesson_dirs: list[Path], log: TextIO) -> int:
    os.environ["SDL_VIDEODRIVER"] = "dummy"
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    from .app import App, Options
    from .lessons.model import ChooseScene
    from .letters import LETTERS
    from .pilot import Pilot

    out.mkdir(parents=True, exist_ok=True)
    app = App.create(Options(fullscreen=False, size=size, lesson_dirs=lesson_dirs))
    pilot = Pilot(app)
    saved: list[Path] = []

    def shot(name: str) -> None:
        pilot.frames(2)
        path = out / f"{len(saved) + 1:03d}-{name}.png"
        pilot.screenshot(path)
        saved.append(path)

    shot("home")
    pilot.tap_widget("about")
    shot("about")
    pilot.tap_widget("home")

    for letter in LETTERS:
        pilot.tap_widget(f"letter-{letter.key}")
        shot(f"{letter.key}")
        for lesson in app.ctx.library.for_letter(letter.key):
            pilot.tap_widget(f"lesson-{lesson.id}")
            for number, scene in enumerate(lesson.scenes, start=1):
                base = f"{lesson.id}-{number:02d}-{scene.id}"
                shot(base)
                if isinstance(scene, ChooseScene):
                    wrong = [a for a in scene.answers if not a.right]
                    right = next(a for a in scene.answers if a.right)
                    for answer in wrong + [right]:
                        pilot.tap_widget(f"answer-{answer.id}")
                        shot(f"{base}-{answer.id}")
                pilot.tap_widget("next")
            pilot.wait(1.0)  # mid-celebration
            shot(f"{lesson.id}-reward")
            pilot.tap_widget("more")
        pilot.tap_widget("home")

    log.write(f"saved {len(saved)} screens at {size[0]}x{size[1]} to {out}\n")
    return 0
