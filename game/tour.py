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
    saved = tour_class_overview(out, size, lesson_dirs, school_dirs, saved)
    log.write(f"saved {saved} screens at {size[0]}x{size[1]} to {out}\n")
    return 0


# -- teacher mode: a class of 30 with a term of answers (its own block, for merging other tours in) ---------
TOUR_CLASS = "Robins 1B"
TOUR_PIN = "2468"


def visit_class_overview(pilot: Pilot, pin: str = TOUR_PIN) -> Iterator[str]:
    """Into teacher mode (setting ``pin`` on first use), then the class overview, a pupil's page, their
    answers for a letter, the class's questions, and the report saved. The settings must name a class
    (game/demo_class.py makes one) and be in whole-class mode, so no picker comes first."""
    import pygame

    pilot.key(pygame.K_q, pygame.KMOD_CTRL | pygame.KMOD_SHIFT)
    for _ in range(2):  # a first PIN is typed twice
        for digit in pin:
            pilot.tap_widget(f"pin-{digit}")
        pilot.tap_widget("pin-ok")
        pilot.wait_until(lambda: not getattr(pilot.scene, "checking", False), timeout=20)
        if pilot.scene.name == "teacher":
            break
    pilot.tap_widget("overview")
    pilot.wait_until(lambda: any(w.name.startswith("cell-") for w in pilot.scene.widgets), timeout=20)
    yield "teacher-overview"
    pupils = pilot.scene.overview.pupils
    busy = max(pupils, key=lambda row: (len(row.help_letters), len(row.wrong_answers)))
    pilot.tap_widget(f"name-{busy.pupil_id}")
    pilot.wait_until(lambda: "Loading" not in pilot.scene.widget("timeline").text)
    yield "teacher-pupil"
    pilot.tap_widget("back")
    letter = sorted(busy.help_letters or ["safe"])[0]
    pilot.wait_until(lambda: pilot.scene.name == "overview" and any(w.name.startswith("cell-") for w in pilot.scene.widgets))
    pilot.tap_widget(f"cell-{busy.pupil_id}-{letter}")
    pilot.wait_until(lambda: pilot.scene.questions is not None)
    yield "teacher-pupil-letter"
    pilot.tap_widget("back")
    pilot.wait_until(lambda: pilot.scene.name == "overview" and any(w.name.startswith("cell-") for w in pilot.scene.widgets))
    pilot.tap_widget("questions")
    yield "teacher-questions"
    pilot.tap_widget("back")
    pilot.wait_until(lambda: pilot.scene.name == "overview" and any(w.name.startswith("cell-") for w in pilot.scene.widgets))
    pilot.tap_widget("report")
    pilot.wait_until(lambda: pilot.scene.name == "report-saved", timeout=20)
    yield "teacher-report-saved"


def tour_class_overview(out: Path, size: tuple[int, int], lesson_dirs: list[Path], school_dirs, saved: int,
                        cache_dir: Path | None = None) -> int:
    """The teacher's screens for a made-up class of 30, in a temporary data folder (never the real one);
    the HTML report is copied next to the pictures."""
    import shutil
    import tempfile

    from .app import App, Options
    from .demo_class import fill_demo_class
    from .narration import QuietNarrator
    from .settings import Settings

    with tempfile.TemporaryDirectory(prefix="smart-stars-tour-") as folder:
        data_dir = Path(folder) / "data"
        data_dir.mkdir()
        pilot = Pilot(App.create(Options(fullscreen=False, size=size, lesson_dirs=lesson_dirs, data_dir=data_dir,
                                           cache_dir=cache_dir,
                                           school_dirs=list(school_dirs), record=False),
                                   narrator=QuietNarrator()))
        try:
            pilot.frames(1)
            pilot.lessons_read()
            fill_demo_class(data_dir, pilot.app.ctx.library, TOUR_CLASS)
            pilot.app.ctx.settings.class_name, pilot.app.ctx.settings.whole_class = TOUR_CLASS, True
            Settings(**vars(pilot.app.ctx.settings)).save(data_dir)
            for name in visit_class_overview(pilot):
                saved += 1
                pilot.frames(2)
                pilot.shown()
                pilot.screenshot(out / f"{saved:03d}-{name}.png")
            report = pilot.app.ctx.stack.top.report
            shutil.copyfile(report, out / f"{saved:03d}-teacher-report.html")
        finally:
            pilot.app.close()
    return saved
