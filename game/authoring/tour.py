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

from ..lessons.letters import LETTERS
from ..engine.pilot import Pilot


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


# -- turns and worries on a class tablet ------------------------------------------------------------------
TOUR_CLASS = ["Zoë", "José", "Siobhán", "Aleksandra-Marie", "Bo", "Nguyễn", "Mohammed-Ali", "Priya", "Sam", "Leo",
              "Amelia", "Oliver", "Isla", "Noah", "Ava", "Muhammad", "Freya", "Jack", "Layla", "Harry", "Mia",
              "Theo", "Grace", "Oscar", "Sophia", "Arthur", "Lily", "Finley", "Evie", "Zara"]
TOUR_PIN = "2580"
TURNS_AND_WORRIES_SCREENS = ("turns-picker", "turns-picker-page-2", "turns-home", "turns-not-you",
                             "turns-home-nobody", "worry-tap-your-animal", "teacher-menu-unread-worries",
                             "worries-with-notes")


def _class_tablet(data_dir: Path) -> None:
    """A class of 30 (names of every length, with accents) chosen on this tablet, and a PIN."""
    from ..cast.avatars import AVATARS
    from ..engine.settings import Settings
    from ..progress.store import STORE_FILE, ProgressStore
    from ..classroom.teacher_pin import TeacherPin

    TeacherPin(data_dir).set(TOUR_PIN)
    with ProgressStore(data_dir / STORE_FILE) as store:
        class_id = store.add_class("Robins 1B")
        for name, avatar in zip(TOUR_CLASS, AVATARS):
            store.add_pupil(class_id, name, avatar)
    Settings(class_name="Robins 1B").save(data_dir)


def _worries(data_dir: Path, lesson_ids: list[str]) -> None:
    """Three children's worries, the oldest followed up with a note."""
    from ..progress.store import STORE_FILE, ProgressStore

    with ProgressStore(data_dir / STORE_FILE) as store:
        class_id = store.class_id("Robins 1B")
        pupils = store.pupils(class_id)
        for (pupil_id, _, _), lesson_id, day in zip(pupils[5:8], lesson_ids, (24, 25, 26)):
            store.add_worry(lesson_id, pupil_id, class_id, at=f"2026-11-{day}T10:{day}:00.000+00:00")
        first = store.db.execute("SELECT MIN(id) FROM worries").fetchone()[0]
        store.set_worry_note(first, "Spoke with them and Mum at 3:15; a game chat, blocked together.")
        with store.transaction():
            store.db.execute("UPDATE worries SET followed_up = 1, seen = 1 WHERE id = ?", (first,))


def visit_turns_and_worries(size: tuple[int, int], lesson_dirs: list[Path], school_dirs: list[Path] = (),
                            cache_dir: Path | None = None) -> Iterator[tuple[str, Pilot]]:
    """A class tablet with 30 pupils: the picker, whose turn on home, "Not you?", the worry's animal
    question, and the teacher's menu (unread badge) and worries list (notes). Played in a folder of its
    own, deleted after, so the tour never touches a teacher's real class, PIN or worries."""
    import tempfile

    import pygame

    from ..engine.app import App, Options
    from ..speech.narration import QuietNarrator

    with tempfile.TemporaryDirectory(prefix="smart-stars-tour-") as folder:
        data_dir = Path(folder)
        _class_tablet(data_dir)
        pilot = Pilot(App.create(Options(fullscreen=False, size=size, lesson_dirs=lesson_dirs,
                                         school_dirs=list(school_dirs), data_dir=data_dir, cache_dir=cache_dir,
                                         record=False), narrator=QuietNarrator()))
        pilot.frames(1)
        pilot.lessons_read()
        tell = [lesson.id for lesson in pilot.app.ctx.library.for_letter("tell")] or ["tell"]
        _worries(data_dir, (tell * 3)[:3])
        try:
            pilot.frames(2)
            yield "turns-picker", pilot
            if "next-page" in {widget.name for widget in pilot.scene.widgets}:
                pilot.tap_widget("next-page")
            yield "turns-picker-page-2", pilot
            chosen = next(w for w in pilot.scene.widgets if w.name.startswith("pupil-") and len(w.label or "") > 6)
            pilot.tap_widget(chosen.name)
            yield "turns-home", pilot
            pilot.tap_widget("not-you")
            yield "turns-not-you", pilot
            pilot.tap_widget("home")
            from ..progress.service import Player
            from ..scenes.pupils import open_picker
            from ..scenes.reward import WORRY_WHO

            pilot.app.ctx.recorder.player = Player()  # the class chosen in teacher mode, nobody picked yet
            pilot.app.stack.top.rebuild()
            yield "turns-home-nobody", pilot
            # What a child with no pupil chosen is asked after tapping "I'd like to talk to a grown-up".
            open_picker(pilot.app.ctx, WORRY_WHO, on_pick=lambda *_: pilot.app.stack.pop())
            pilot.wait_until(lambda: pilot.scene.name == "pupils", timeout=20)
            yield "worry-tap-your-animal", pilot
            pilot.app.stack.home()
            pilot.key(pygame.K_q, pygame.KMOD_CTRL | pygame.KMOD_SHIFT)
            for digit in TOUR_PIN:
                pilot.tap_widget(f"pin-{digit}")
            pilot.tap_widget("pin-ok")
            pilot.wait_until(lambda: pilot.scene.name == "teacher" and pilot.scene.worries > 0, timeout=20)
            yield "teacher-menu-unread-worries", pilot
            pilot.tap_widget("worries")
            pilot.wait_until(lambda: pilot.scene.worries is not None, timeout=20)
            yield "worries-with-notes", pilot
        finally:
            pilot.app.close()


def run_tour(out: Path, size: tuple[int, int], lesson_dirs: list[Path], log: TextIO,
             school_dirs: list[Path] = (), cache_dir: Path | None = None, data_dir: Path | None = None) -> int:
    os.environ["SDL_VIDEODRIVER"] = "dummy"
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
    from ..engine.app import App, Options
    from ..speech.narration import QuietNarrator

    out.mkdir(parents=True, exist_ok=True)
    # Quiet: screenshots should not depend on how far a spoken line has got.
    pilot = Pilot(App.create(Options(fullscreen=False, size=size, lesson_dirs=lesson_dirs, school_dirs=list(school_dirs),
                                       cache_dir=cache_dir, data_dir=data_dir, record=False),
                               narrator=QuietNarrator()))
    # A tour is for looking at: each screen waits for its cast to be drawn (the first run at a size is
    # slower, later ones find the drawings in the cache), never a blank stand-in where a character goes.
    pilot.app.ctx.pictures.wait_for_cast = True
    saved = 0
    for name in visit_every_screen(pilot):
        saved += 1
        pilot.frames(2)
        settle_movement(pilot)
        pilot.screenshot(out / f"{saved:03d}-{name}.png")
    for name in visit_whole_class(pilot):  # the board's screens
        saved += 1
        pilot.frames(2)
        settle_movement(pilot)
        pilot.screenshot(out / f"{saved:03d}-{name}.png")
    for name in visit_switch_scanning(pilot):  # the highlight of switch access, on each kind of screen
        saved += 1
        pilot.frames(2)
        pilot.screenshot(out / f"{saved:03d}-{name}.png")
    for name in visit_access_looks(pilot):  # bigger words, high contrast
        saved += 1
        pilot.frames(2)
        pilot.shown()
        pilot.screenshot(out / f"{saved:03d}-{name}.png")
    pilot.app.close()
    # Turns and worries, on a class tablet of its own (a temporary folder).
    for name, turns_pilot in visit_turns_and_worries(size, lesson_dirs, school_dirs, cache_dir=cache_dir):
        saved += 1
        turns_pilot.frames(2)
        turns_pilot.screenshot(out / f"{saved:03d}-{name}.png")
    saved = tour_sharing(out, size, lesson_dirs, school_dirs, saved, cache_dir=cache_dir)
    saved = tour_class_overview(out, size, lesson_dirs, school_dirs, saved, cache_dir=cache_dir)
    log.write(f"saved {saved} screens at {size[0]}x{size[1]} to {out}\n")
    return 0


# -- teacher mode: a class of 30 with a term of answers (its own block, for merging other tours in) ---------
OVERVIEW_CLASS = "Robins 1B"


def visit_class_overview(pilot: Pilot, pin: str = TOUR_PIN) -> Iterator[str]:
    """Into teacher mode (setting ``pin`` on first use), then the class overview, a pupil's page, their
    answers for a letter, the class's questions, and the report saved. The settings must name a class
    (game/progress/demo_class.py makes one) and be in whole-class mode, so no picker comes first."""
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
    yield from visit_access(pilot, "teacher-pupil-access")
    pilot.wait_until(lambda: "Loading" not in pilot.scene.widget("timeline").text)
    pilot.tap_widget("language")  # their home language (issue 21)
    pilot.wait_until(lambda: pilot.scene.name == "home-language" and any(
        w.name == "lang-pl" for w in pilot.scene.widgets), timeout=20)
    yield "teacher-home-language"
    pilot.tap_widget("back")
    pilot.wait_until(lambda: pilot.scene.name == "pupil")
    pilot.tap_widget("back")
    letter = sorted(busy.help_letters or ["safe"])[0]
    pilot.wait_until(lambda: pilot.scene.name == "overview" and any(w.name.startswith("cell-") for w in pilot.scene.widgets))
    pilot.tap_widget(f"cell-{busy.pupil_id}-{letter}")
    pilot.wait_until(lambda: pilot.scene.questions is not None)
    yield "teacher-pupil-letter"
    pilot.tap_widget("back")
    pilot.wait_until(lambda: pilot.scene.name == "overview" and any(w.name.startswith("cell-") for w in pilot.scene.widgets))
    yield from visit_access(pilot, "teacher-class-access")
    pilot.wait_until(lambda: pilot.scene.name == "overview" and any(w.name.startswith("cell-") for w in pilot.scene.widgets))
    pilot.tap_widget("questions")
    yield "teacher-questions"
    pilot.tap_widget("back")
    pilot.wait_until(lambda: pilot.scene.name == "overview" and any(w.name.startswith("cell-") for w in pilot.scene.widgets))
    pilot.tap_widget("report")
    pilot.wait_until(lambda: pilot.scene.name == "report-saved", timeout=20)
    yield "teacher-report-saved"


def settle_movement(pilot: Pilot) -> None:
    """Let Ollie's hop or a story picture's slide-in end (game/scenes/ollie.py): a screen at rest is shown."""
    from ..scenes.ollie import MovingPicture

    for _ in range(90):
        if not any(isinstance(w, MovingPicture) and w.animating for w in pilot.scene.widgets):
            return
        pilot.frames(1)


def visit_access(pilot: Pilot, shot: str) -> Iterator[str]:
    """The access page (game/scenes/teacher/access.py) from the screen on show, every yes/no need turned on."""
    from ..progress.preferences import DECLARED
    from ..scenes.teacher.access import ENTRIES

    pilot.tap_widget("access")
    pilot.wait_until(lambda: pilot.scene.name == "access" and pilot.scene.values is not None, timeout=20)
    for key, _ in ENTRIES:
        if isinstance(DECLARED[key].default, bool) and not pilot.scene.values.get(key):
            pilot.tap_widget(f"{key}-change")
            pilot.wait_until(lambda key=key: pilot.scene.values is not None and pilot.scene.values.get(key),
                             timeout=20)
    yield shot
    pilot.tap_widget("back")


def tour_class_overview(out: Path, size: tuple[int, int], lesson_dirs: list[Path], school_dirs, saved: int,
                        cache_dir: Path | None = None) -> int:
    """The teacher's screens for a made-up class of 30, in a temporary data folder (never the real one);
    the HTML report is copied next to the pictures."""
    import shutil
    import tempfile

    from ..engine.app import App, Options
    from ..progress.demo_class import fill_demo_class
    from ..speech.narration import QuietNarrator
    from ..engine.settings import Settings
    from ..classroom.teacher_pin import TeacherPin

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
            fill_demo_class(data_dir, pilot.app.ctx.library, OVERVIEW_CLASS)
            pilot.app.ctx.settings.class_name, pilot.app.ctx.settings.whole_class = OVERVIEW_CLASS, True
            Settings(**vars(pilot.app.ctx.settings)).save(data_dir)
            TeacherPin(data_dir).set(TOUR_PIN)  # set ahead, as a teacher's would be: no grown-up question
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


# -- switch access: the scanning highlight on every kind of screen (its own block) -----------------------
def scan_to(pilot: Pilot, name: str, choose: bool = False, limit: int = 80) -> None:
    """Two switches: Space until ``name`` is highlighted (then Enter, if ``choose``)."""
    import pygame

    scanner = pilot.app.scanner
    for _ in range(limit):
        pilot.shown()
        if scanner.focus == name and scanner.ring_for(pilot.scene) is not None:
            if choose:
                pilot.key(pygame.K_RETURN)
            return
        pilot.key(pygame.K_SPACE)
    raise AssertionError(f"switch scanning never reached {name} on {pilot.scene.name}")


def visit_switch_scanning(pilot: Pilot) -> Iterator[str]:
    """Two-switch scanning (as a teacher turns it on for a child): home, a letter, then one screen of each
    kind with a wrong answer highlighted and after the right one was chosen (the highlight on "next"),
    a sort card picked up with its group highlighted, and the reward. Names start with "scan-"."""
    from ..progress.preferences import Preferences

    ctx = pilot.app.ctx
    was = ctx.preferences
    ctx.preferences = Preferences({"scanning": "two-switch"})
    seen: set[str] = set()
    try:
        scan_to(pilot, "letter-safe")
        yield "scan-home"
        for letter in LETTERS:
            scan_to(pilot, f"letter-{letter.key}", choose=True)
            if not seen:
                scan_to(pilot, f"lesson-{ctx.library.for_letter(letter.key)[0].id}")
                yield "scan-letter"
            for lesson in ctx.library.for_letter(letter.key):
                if not {scene.kind for scene in lesson.scenes} - seen:
                    continue
                scan_to(pilot, f"lesson-{lesson.id}", choose=True)
                for scene in lesson.scenes:
                    new = scene.kind not in seen
                    seen.add(scene.kind)
                    if scene.kind == "story" and new:
                        yield "scan-story"
                    elif scene.kind == "sort":
                        for item in scene.items:
                            scan_to(pilot, f"item-{item.id}", choose=True)
                            if new:
                                new = False
                                yield "scan-sort-group"
                            scan_to(pilot, f"group-{item.group}", choose=True)
                    elif scene.kind != "story":
                        right = [answer for answer in scene.answers if answer.right] or list(scene.answers[:1])
                        wrong = [answer for answer in scene.answers if not answer.right]
                        if new:
                            scan_to(pilot, f"answer-{(wrong or right)[0].id}")
                            yield f"scan-{scene.kind}"
                        for answer in right if scene.kind == "tap-all" else right[:1]:
                            scan_to(pilot, f"answer-{answer.id}", choose=True)
                        if new:
                            yield f"scan-{scene.kind}-answered"
                    scan_to(pilot, "next", choose=True)
                if "reward" not in seen:
                    seen.add("reward")
                    pilot.wait(3.0)  # after the celebration
                    scan_to(pilot, "more")
                    yield "scan-reward"
                scan_to(pilot, "more", choose=True)
            scan_to(pilot, "home", choose=True)
    finally:
        ctx.preferences = was


# -- bigger words and high contrast (issue 20): a few key screens in each look --------------------------------
ACCESS_LOOKS = (("bigger-words", {"bigger_words": True}), ("high-contrast", {"high_contrast": True}))
ACCESS_LESSON = "accepting-friend-request"  # a story, thumbs, a choice and a sort


def visit_access_screens(pilot: Pilot, prefix: str, *, lesson_id: str | None = None) -> Iterator[str]:
    """Home, a letter, and one lesson (``ACCESS_LESSON`` if it is there, else the one with the most kinds of
    question): each scene, a question before and after its first and last answers, and the reward; then home."""
    library = pilot.app.ctx.library
    lesson = library.by_id(lesson_id or ACCESS_LESSON) or max(
        library.lessons, key=lambda item: len({scene.kind for scene in item.scenes}))
    pilot.app.stack.home()
    pilot.frames(2)
    yield f"{prefix}-home"
    pilot.tap_widget(f"letter-{lesson.letter}")
    yield f"{prefix}-{lesson.letter}"
    pilot.tap_widget(f"lesson-{lesson.id}")
    for number, scene in enumerate(lesson.scenes, start=1):
        base = f"{prefix}-{lesson.id}-{number:02d}-{scene.id}"
        if scene.kind != "story" or number == 1:
            yield base
        last = _count_actions(scene) - 1
        for index, _ in enumerate(solve_scene(pilot, scene)):  # each answer given as the walk goes on
            if index in (0, last):
                yield f"{base}-{'first' if index == 0 else 'last'}"
        pilot.tap_widget("next")
    pilot.wait(1.0)
    yield f"{prefix}-{lesson.id}-reward"
    pilot.tap_widget("home")


def _count_actions(scene) -> int:
    """How many answers ``solve_scene`` gives on ``scene``."""
    if scene.kind == "story":
        return 0
    if scene.kind == "sort":
        return 2 * len(scene.items)
    wrong = sum(1 for answer in scene.answers if not answer.right)
    right = sum(1 for answer in scene.answers if answer.right)
    return wrong + (right if scene.kind == "tap-all" else min(1, right))


def visit_access_looks(pilot: Pilot, *, lesson_id: str | None = None) -> Iterator[str]:
    """The key screens in each look (bigger words, high contrast), put in force as a class's preferences;
    the plain look again after."""
    from ..access.look import try_on

    try:
        for name, values in ACCESS_LOOKS:
            try_on(pilot.app.ctx, values)
            yield from visit_access_screens(pilot, f"access-{name}", lesson_id=lesson_id)
    finally:
        try_on(pilot.app.ctx, {})


# -- sharing with tablets (issue 17): the board's code and tablets, and a tablet joining (its own block) -----
def enter_teacher(pilot: Pilot, pin: str = TOUR_PIN) -> None:
    """Into teacher mode with a PIN set before (no grown-up question), as a teacher's would be."""
    import pygame

    pilot.key(pygame.K_q, pygame.KMOD_CTRL | pygame.KMOD_SHIFT)
    for digit in pin:
        pilot.tap_widget(f"pin-{digit}")
    pilot.tap_widget("pin-ok")
    pilot.wait_until(lambda: pilot.scene.name == "teacher", timeout=20)


SHARING_SCREENS = ["sharing-off", "sharing-board", "teacher-menu-sharing", "worries-from-tablets", "join-hub",
                   "join-type-address", "join-type-code", "sharing-tablet-joined", "teacher-menu-tablet"]


def visit_sharing_board(pilot: Pilot) -> Iterator[str]:
    """On the teacher's PC (a class with tablets joined, teacher mode open): sharing off, the switch
    tapped (the hub's address, the class code, the tablets), the menu's status line, the worries with the
    tablet each came from, and the join screen and keypads a tablet would show."""
    pilot.tap_widget("sharing")
    yield "sharing-off"
    pilot.tap_widget("hub-switch")
    pilot.wait_until(lambda: pilot.app.ctx.sharing.hub is not None and not pilot.app.ctx.sharing.busy, timeout=20)
    pilot.wait_until(lambda: pilot.app.ctx.sharing.counts, timeout=20)
    pilot.frames(2)
    yield "sharing-board"
    pilot.tap_widget("back")
    yield "teacher-menu-sharing"
    pilot.tap_widget("worries")
    yield "worries-from-tablets"
    pilot.tap_widget("back")
    pilot.tap_widget("sharing")
    pilot.tap_widget("hub-switch")
    pilot.wait_until(lambda: pilot.app.ctx.sharing.hub is None and not pilot.app.ctx.sharing.busy, timeout=20)
    pilot.frames(1)
    pilot.tap_widget("join")
    pilot.frames(2)
    yield "join-hub"
    pilot.tap_widget("type-address")
    for key in "192.168.1.20:47474":
        pilot.tap_widget(f"key-{key}")
    yield "join-type-address"
    pilot.tap_widget("key-ok")
    for key in "ACEFH":
        pilot.tap_widget(f"key-{key}")
    yield "join-type-code"


def visit_sharing_tablet(pilot: Pilot, address: str, code: str) -> Iterator[str]:
    """On a tablet (teacher mode open): joining the hub at ``address`` by typing it and the code, then how
    its sending is going, on the sharing screen and on the teacher's menu."""
    pilot.tap_widget("sharing")
    pilot.tap_widget("join")
    pilot.tap_widget("type-address")
    for key in address.split("://", 1)[-1]:
        pilot.tap_widget(f"key-{key}")
    pilot.tap_widget("key-ok")
    for key in code:
        pilot.tap_widget(f"key-{key}")
    pilot.tap_widget("key-ok")
    pilot.wait_until(lambda: pilot.scene.name == "sharing", timeout=20)
    client = pilot.app.ctx.sharing.client
    pilot.wait_until(lambda: client.rounds >= 1, timeout=20)
    pilot.frames(70)  # the screen looks again each second
    yield "sharing-tablet-joined"
    pilot.tap_widget("back")
    yield "teacher-menu-tablet"


def _teacher_pilot(data_dir: Path, size: tuple[int, int], lesson_dirs: list[Path], school_dirs, cache_dir,
                   network) -> Pilot:
    """The game on ``data_dir`` (its PIN set to TOUR_PIN beforehand), opened at the teacher's menu."""
    from ..engine.app import App, Options
    from ..speech.narration import QuietNarrator

    pilot = Pilot(App.create(Options(fullscreen=False, size=size, lesson_dirs=lesson_dirs, data_dir=data_dir,
                                     cache_dir=cache_dir, school_dirs=list(school_dirs), sharing=network),
                             narrator=QuietNarrator()))
    pilot.frames(1)
    pilot.lessons_read()
    enter_teacher(pilot)
    return pilot


def _demo_pc(data_dir: Path, lesson_dirs: list[Path], school_dirs) -> None:
    """The teacher's PC for the sharing screens: the made-up class of 30 on the board, the tour's PIN."""
    from ..classroom.teacher_pin import TeacherPin
    from ..engine.settings import Settings
    from ..lessons.library import LessonLibrary
    from ..lessons.loader import LessonLoader
    from ..lessons.pictures import PictureCatalog
    from ..progress.demo_class import fill_demo_class

    library = LessonLibrary.load(LessonLoader(PictureCatalog()), lesson_dirs, list(school_dirs))
    fill_demo_class(data_dir, library, OVERVIEW_CLASS)
    Settings(class_name=OVERVIEW_CLASS, whole_class=True).save(data_dir)
    TeacherPin(data_dir).set(TOUR_PIN)


def visit_sharing(size: tuple[int, int], lesson_dirs: list[Path], school_dirs=(),
                  cache_dir: Path | None = None) -> Iterator[tuple[str, Pilot]]:
    """The sharing screens for a made-up class of 30 with 15 tablets joined, in a temporary data folder:
    the teacher's PC (its hub on 127.0.0.1 only, on any free port, not advertised), then a tablet joining it."""
    import tempfile

    from ..engine.settings import Settings
    from ..sync.demo import fill_demo_tablets
    from ..sync.hub import HubServer
    from ..sync.runner import SharingNetwork
    from ..classroom.teacher_pin import TeacherPin

    network = SharingNetwork(port=0, host="127.0.0.1", advertise=False, interfaces=["127.0.0.1"])
    with tempfile.TemporaryDirectory(prefix="smart-stars-tour-") as folder:
        data_dir, tablet = Path(folder) / "data", Path(folder) / "tablet"
        data_dir.mkdir()
        _demo_pc(data_dir, lesson_dirs, school_dirs)
        fill_demo_tablets(data_dir)
        pilot = _teacher_pilot(data_dir, size, lesson_dirs, school_dirs, cache_dir, network)
        try:
            for name in visit_sharing_board(pilot):
                yield name, pilot
        finally:
            pilot.app.close()
        hub = HubServer(data_dir, port=0, host="127.0.0.1", advertise=False)
        hub.start()
        tablet.mkdir()
        TeacherPin(tablet).set(TOUR_PIN)
        Settings(whole_class=True).save(tablet)
        pilot = _teacher_pilot(tablet, size, lesson_dirs, school_dirs, cache_dir, network)
        try:
            for name in visit_sharing_tablet(pilot, hub.address, hub.code):
                yield name, pilot
        finally:
            pilot.app.close()
            hub.stop()


FOLDER_SCREENS = ["folder-setup", "folder-path-keypad", "sharing-folder-pc", "teacher-menu-folder"]


def visit_sharing_folder(size: tuple[int, int], lesson_dirs: list[Path], school_dirs=(),
                         cache_dir: Path | None = None) -> Iterator[tuple[str, Pilot]]:
    """"Share through a folder" on the teacher's PC (a class of 30): the setup screen, the path's keypad
    with a long path, and sharing through a real folder in a temporary place (marked after the confirm),
    on the sharing screen and the teacher's menu."""
    import tempfile

    import pygame

    from ..sync.runner import SharingNetwork

    network = SharingNetwork(port=0, host="127.0.0.1", advertise=False, interfaces=["127.0.0.1"])
    with tempfile.TemporaryDirectory(prefix="smart-stars-tour-") as place:
        data_dir = Path(place) / "data"
        folder = Path(place) / "school-server" / "shared" / "Year 1" / "Robins 1B" / "smart-stars"
        data_dir.mkdir()
        folder.mkdir(parents=True)
        _demo_pc(data_dir, lesson_dirs, school_dirs)
        pilot = _teacher_pilot(data_dir, size, lesson_dirs, school_dirs, cache_dir, network)
        try:
            pilot.tap_widget("sharing")
            pilot.tap_widget("share-folder")
            pilot.tap_widget("role-teacher")
            yield "folder-setup", pilot
            pilot.tap_widget("folder-path")
            pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=str(folder), window=None))
            pilot.frames(1)
            yield "folder-path-keypad", pilot
            pilot.tap_widget("key-ok")
            pilot.tap_widget("mark-new")
            pilot.tap_widget("yes")
            pilot.wait_until(lambda: pilot.scene.name == "sharing", timeout=20)
            pilot.wait_until(lambda: pilot.app.ctx.sharing.folder.passes >= 1, timeout=20)
            pilot.frames(70)  # the screen looks again each second
            yield "sharing-folder-pc", pilot
            pilot.tap_widget("back")
            yield "teacher-menu-folder", pilot
        finally:
            pilot.app.close()


def tour_sharing(out: Path, size: tuple[int, int], lesson_dirs: list[Path], school_dirs, saved: int,
                 cache_dir: Path | None = None) -> int:
    import itertools

    for name, pilot in itertools.chain(visit_sharing(size, lesson_dirs, school_dirs, cache_dir),
                                       visit_sharing_folder(size, lesson_dirs, school_dirs, cache_dir)):
        saved += 1
        pilot.frames(2)
        pilot.shown()
        pilot.screenshot(out / f"{saved:03d}-{name}.png")
    return saved
