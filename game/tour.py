"""`play.py tour`: play through everything headlessly, saving a PNG of each screen.

The tour drives the real game with the pilot (taps on real widgets), so what
it saves is exactly what a child would see, every answer's feedback included.
The same walk is used by the tests, so every screen the tour shows is also
checked for overlaps and target sizes, and every wrong answer is tried once.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator, TextIO

from .letters import LETTERS
from .pilot import Pilot


def solve_scene(pilot: Pilot, scene, *, mouse: bool = False, drag: bool = False) -> Iterator[str]:
    """Answer one lesson scene like a curious child: every wrong answer once, then the right ones.

    Yields a name after each action. ``drag`` sorts by dragging instead of tap-then-tap.
    """
    kind = scene.kind
    if kind == "story":
        return
    if kind == "sort":
        other = {scene.groups[0].id: scene.groups[1].id, scene.groups[1].id: scene.groups[0].id}
        for item in scene.items:
            for group in (other[item.group], item.group):
                if drag:
                    pilot.drag_widget(f"item-{item.id}", f"group-{group}", mouse=mouse)
                else:
                    pilot.tap_widget(f"item-{item.id}", mouse=mouse)
                    pilot.tap_widget(f"group-{group}", mouse=mouse)
                yield f"{item.id}-in-{group}"
        return
    wrong = [a for a in scene.answers if not a.right]
    right = [a for a in scene.answers if a.right]
    if kind != "tap-all":
        right = right[:1]  # one right answer ends the question
    for answer in wrong + right:
        pilot.tap_widget(f"answer-{answer.id}", mouse=mouse)
        yield answer.id


def visit_every_screen(pilot: Pilot, *, mouse: bool = False, drag: bool = False) -> Iterator[str]:
    """Tap through every screen; yield a name while each one is showing."""
    library = pilot.app.ctx.library
    pilot.frames(2)
    yield "home"
    pilot.tap_widget("about", mouse=mouse)
    yield "about"
    pilot.tap_widget("home", mouse=mouse)
    for letter in LETTERS:
        pilot.tap_widget(f"letter-{letter.key}", mouse=mouse)
        yield letter.key
        for lesson in library.for_letter(letter.key):
            pilot.tap_widget(f"lesson-{lesson.id}", mouse=mouse)
            for number, scene in enumerate(lesson.scenes, start=1):
                base = f"{lesson.id}-{number:02d}-{scene.id}"
                yield base
                for step in solve_scene(pilot, scene, mouse=mouse, drag=drag):
                    yield f"{base}-{step}"
                pilot.tap_widget("next", mouse=mouse)
            pilot.wait(1.0)  # mid-celebration
            yield f"{lesson.id}-reward"
            pilot.tap_widget("more", mouse=mouse)
        pilot.tap_widget("home", mouse=mouse)


def run_tour(out: Path, size: tuple[int, int], lesson_dirs: list[Path], log: TextIO,
             school_dirs: list[Path] = (), cache_dir: Path | None = None, data_dir: Path | None = None) -> int:
    os.environ["SDL_VIDEODRIVER"] = "dummy"
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    from .app import App, Options
    from .narration import QuietNarrator

    out.mkdir(parents=True, exist_ok=True)
    # Quiet: screenshots should not depend on how far a spoken line has got.
    pilot = Pilot(App.create(Options(fullscreen=False, size=size, lesson_dirs=lesson_dirs, school_dirs=list(school_dirs),
                                       cache_dir=cache_dir, data_dir=data_dir, record=False),
                               narrator=QuietNarrator()))
    saved = 0
    for name in visit_every_screen(pilot):
        saved += 1
        pilot.frames(2)
        pilot.screenshot(out / f"{saved:03d}-{name}.png")
    log.write(f"saved {saved} screens at {size[0]}x{size[1]} to {out}\n")
    return 0
