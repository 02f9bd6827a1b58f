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
    yield from visit_getting_lost(pilot, mouse=mouse)


def visit_getting_lost(pilot: Pilot, *, mouse: bool = False) -> Iterator[str]:
    """Home with what the child has earned; home tapped mid-lesson ("Stop this story?"), carrying on,
    stopping, and "carry on" offered on home. Names start with "lost-"."""
    yield "lost-home-earned"
    library = pilot.app.ctx.library
    lesson = next(lesson for lesson in library.for_letter("tell") if len(lesson.scenes) > 2)
    pilot.tap_widget("letter-tell", mouse=mouse)
    pilot.tap_widget(f"lesson-{lesson.id}", mouse=mouse)
    for _ in solve_scene(pilot, lesson.scenes[0], mouse=mouse):
        pass
    pilot.tap_widget("next", mouse=mouse)  # on to the second scene: leaving now would lose the place
    pilot.tap_widget("home", mouse=mouse)
    yield "lost-stop-question"
    pilot.tap_widget("carry-on", mouse=mouse)
    yield "lost-carried-on"
    pilot.tap_widget("home", mouse=mouse)
    pilot.tap_widget("home", mouse=mouse)  # "stop": home, with "carry on" offered
    yield "lost-home-carry-on"
    pilot.tap_widget("carry-on", mouse=mouse)
    yield "lost-back-where-they-were"
    pilot.tap_widget("home", mouse=mouse)
    pilot.tap_widget("home", mouse=mouse)


def run_tour(out: Path, size: tuple[int, int], lesson_dirs: list[Path], log: TextIO,
             school_dirs: list[Path] = ()) -> int:
    os.environ["SDL_VIDEODRIVER"] = "dummy"
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    from .app import App, Options
    from .narration import QuietNarrator

    out.mkdir(parents=True, exist_ok=True)
    # Quiet: screenshots should not depend on how far a spoken line has got.
    pilot = Pilot(App.create(Options(fullscreen=False, size=size, lesson_dirs=lesson_dirs, school_dirs=list(school_dirs),
                                       record=False),
                               narrator=QuietNarrator()))
    saved = 0
    for name in visit_every_screen(pilot):
        saved += 1
        pilot.frames(2)
        pilot.screenshot(out / f"{saved:03d}-{name}.png")
    for name in visit_whole_class(pilot):  # the board's screens
        saved += 1
        pilot.frames(2)
        pilot.screenshot(out / f"{saved:03d}-{name}.png")
    log.write(f"saved {saved} screens at {size[0]}x{size[1]} to {out}\n")
    return 0


def visit_whole_class(pilot: Pilot, *, lesson_id: str | None = None, mouse: bool = False) -> Iterator[str]:
    """Whole-class mode on the board: one lesson (the one with the most answers to a question, unless
    named), each question before and after its answers appear, and a show of hands counted. Names
    start with "class-". Whole-class mode is switched on for the walk and off again after it."""
    ctx = pilot.app.ctx
    library = ctx.library
    lesson = (library.by_id(lesson_id) if lesson_id else
              max(library.lessons, key=lambda item: max(len(getattr(s, "answers", ())) for s in item.scenes)))
    was = ctx.settings.whole_class
    ctx.settings.whole_class = True
    try:
        pilot.tap_widget(f"letter-{lesson.letter}", mouse=mouse)
        pilot.tap_widget(f"lesson-{lesson.id}", mouse=mouse)
        counted = False
        for number, scene in enumerate(lesson.scenes, start=1):
            base = f"class-{lesson.id}-{number:02d}-{scene.id}"
            if pilot.scene.talking:
                yield f"{base}-talk"
                pilot.tap_widget("ready", mouse=mouse)
            yield base
            names = {widget.name for widget in pilot.scene.widgets}
            if "hands" in names and not counted:
                counted = True
                pilot.tap_widget("hands", mouse=mouse)
                for index, answer in enumerate(scene.answers):
                    for _ in range(2 + 3 * index):
                        pilot.tap_widget(f"more-{answer.id}", mouse=mouse)
                yield f"{base}-hands"
                pilot.tap_widget("hands-done", mouse=mouse)
                yield f"{base}-hands-counted"
            for _ in solve_scene(pilot, scene, mouse=mouse):
                pass
            pilot.tap_widget("next", mouse=mouse)
        pilot.wait(1.0)
        yield f"class-{lesson.id}-reward"
        pilot.tap_widget("home", mouse=mouse)
    finally:
        ctx.settings.whole_class = was
