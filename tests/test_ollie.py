"""Ollie lives (issue 19 point 3), and "less movement" stills everything (issue 20 point 3).

A lesson of our own (written here, so a rewrite of the built-in lessons cannot change what is tested):
Ollie's story page, a story page with a picture, a question, and the reward.
"""

from __future__ import annotations

import pygame
import pytest

from game.engine.app import IDLE_WAKE_SECONDS
from game.engine.motion import LESS_MOVEMENT
from game.progress.preferences import write
from game.progress.service import Player
from game.scenes.ollie import BOB_EVERY, ENTER_SECONDS, ENTER_SHIFT, LIFT_MOST, Ollie, content_rect
from game.scenes.widgets import Button
from game.progress.store import STORE_FILE, ProgressStore
from tests.helpers import enter_teacher_mode

LESSON = """\
id: ollie-test
letter: T
title: Ollie helps
year: Reception
outcomes: [Testing.]
picture: owl
rule: T is for Tell.
scenes:
  - id: hello
    kind: story
    picture: {character: ollie, feeling: happy}
    text: Hello! I'm Ollie.
  - id: sam-plays
    kind: story
    picture: dog face
    text: This is Sam's dog.
  - id: who
    kind: choose
    question: Who can Sam tell?
    answers:
      - id: mum
        text: Mum
        picture: woman
        right: true
        feedback: Yes! Sam tells Mum.
      - id: robot
        text: A robot
        picture: robot
        feedback: Hmm, a robot can't help. Let's try again.
"""


@pytest.fixture
def lesson_dir(tmp_path):
    folder = tmp_path / "lessons" / "tell"
    folder.mkdir(parents=True)
    (folder / "ollie-test.yaml").write_text(LESSON, encoding="utf-8")
    return tmp_path / "lessons"


def start(make_pilot, tmp_path, lesson_dir, less_movement: bool | None = None):
    data_dir = tmp_path / "data"
    with ProgressStore(data_dir / STORE_FILE) as store:
        robins = store.add_class("Robins")
        zoe = store.add_pupil(robins, "Zoë", "fox")
        if less_movement is not None:
            write(store, robins, zoe, LESS_MOVEMENT.key, less_movement)
    pilot = make_pilot(lesson_dirs=[lesson_dir], data_dir=data_dir)
    pilot.app.ctx.recorder.player = Player(pupil_id=zoe, class_id=robins)
    pilot.wait_until(lambda: pilot.app.ctx.preferences.get(LESS_MOVEMENT.key) is bool(less_movement))
    while pilot.scene.name != "home":  # the class's animals, on a class tablet: Zoë is already chosen here
        pilot.tap_widget("home")
    pilot.tap_widget("letter-tell")
    pilot.tap_widget("lesson-ollie-test")
    pilot.shown()
    return pilot


def drawn_inside_its_areas(pilot, widget) -> None:
    """What the widget draws now (lifted, slid or turned) stays inside its areas: a partial redraw leaves no trace."""
    surface = pygame.Surface(pilot.app.screen.get_size(), pygame.SRCALPHA)
    surface.fill((0, 0, 0, 0))
    widget.draw(surface, pilot.app.ctx)
    drawn = surface.get_bounding_rect()
    assert drawn.w and widget.areas()[0].contains(drawn), (widget.name, drawn, widget.areas())


def nothing_moves(scene) -> None:
    """No widget moving for show: a press's own flash (a pressed card sinking) is the tap's feedback, not motion."""
    assert not scene.moving
    assert not [w.name for w in scene.widgets if w.animating and not isinstance(w, Button)]


def test_with_less_movement_a_lesson_plays_to_its_reward_with_nothing_moving(make_pilot, tmp_path, lesson_dir):
    pilot = start(make_pilot, tmp_path, lesson_dir, less_movement=True)
    scene = pilot.scene
    nothing_moves(scene)
    ollie = scene.widget("ollie")
    assert ollie.motion.still and ollie.motion.pose() == (0, 0, 0)
    pilot.wait(BOB_EVERY + 1)
    assert ollie.motion.pose() == (0, 0, 0) and scene.wake_in() is None, "no idle bob: the loop only sleeps"
    pilot.tap_widget("next")
    nothing_moves(pilot.scene)
    assert pilot.scene.widget("story-picture").motion.pose() == (0, 0, 0), "the page's picture is in place at once"
    pilot.tap_widget("next")
    for answer in ("robot", "mum"):
        pilot.tap_widget(f"answer-{answer}")
        nothing_moves(pilot.scene)
        assert pilot.scene.widget("ollie").motion.pose() == (0, 0, 0), "no hop, no tilt"
    pilot.tap_widget("next")
    reward = pilot.scene
    assert reward.name == "reward"
    assert not [w for w in reward.widgets if w.name == "confetti"], "no confetti"
    pilot.frames(1)
    for index in range(1, 4):
        star = reward.widget(f"star-{index}")
        assert star._shown() == (star.earned, star.rect.w if star.earned else int(star.rect.w * 0.8)), \
            "every star at its full size at once: no pop"
    nothing_moves(reward)
    pilot.shown()
    assert pilot.app._idle


def test_ollie_greets_hops_tilts_and_says_the_page_again(make_pilot, tmp_path, lesson_dir):
    pilot = start(make_pilot, tmp_path, lesson_dir, less_movement=False)
    scene = pilot.scene
    ollie = scene.widget("ollie")
    assert isinstance(ollie, Ollie)
    poses = set()
    for _ in range(50):
        pilot.frames(1)
        poses.add(ollie.motion.pose())
    assert len(poses) > 2 and ollie.motion.pose() == (0, 0, 0), "a hello of a few poses, then at rest"
    ollie.motion.react("greet")
    pilot.frames(9)  # up, in the middle of the first hop
    assert ollie.motion.pose()[0] > 0
    drawn_inside_its_areas(pilot, ollie)
    pilot.wait(1)
    narrator = pilot.app.ctx.narrator
    said = len(narrator.spoken)
    pilot.tap_widget("ollie")
    assert [line.text for line in narrator.spoken[said:]] == ["Hello! I'm Ollie."], "a tap says the page again"
    assert scene.widget("ollie").enabled
    pilot.wait(1)

    pilot.tap_widget("next")  # a story page's picture slides in, briefly, and only it is repainted
    pilot.shown()
    picture = pilot.scene.widget("story-picture")
    assert picture.animating and picture.motion.pose()[1] > 0
    drawn_inside_its_areas(pilot, picture)
    painted: list[list[pygame.Rect]] = []
    real = pilot.scene.paint_changes
    pilot.scene.paint_changes = lambda surface, entries, rects, rate=None: (painted.append(rects),
                                                                           real(surface, entries, rects, rate))
    pilot.wait(ENTER_SECONDS + 0.1)
    assert picture.motion.pose() == (0, 0, 0) and not picture.moving
    side = min(picture.rect.w, picture.rect.h)
    place = pygame.Rect(picture.rect.x, picture.rect.y, picture.rect.w + int(side * ENTER_SHIFT) + 1, picture.rect.h)
    assert painted and all(place.contains(rect) for rects in painted for rect in rects), \
        "each frame of the slide repaints the picture's own place, nothing else"
    assert all(sum(rect.w * rect.h for rect in rects) < 0.8 * place.w * place.h for rects in painted), \
        "and only where its own pixels were and are, not its see-through margins"

    pilot.tap_widget("next")
    pilot.tap_widget("answer-robot")  # try again: Ollie tilts his head in the feedback
    ollie = pilot.scene.widget("ollie")
    assert ollie.animating
    pilot.shown()  # his clock starts once the page is on show (game/frame/compose.py puts it together first)
    pilot.frames(20)
    assert pilot.scene.widget("ollie").motion.pose()[2] != 0, "a tilt"
    drawn_inside_its_areas(pilot, pilot.scene.widget("ollie"))
    pilot.wait(1)
    assert pilot.scene.widget("ollie").motion.pose() == (0, 0, 0)
    pilot.tap_widget("answer-mum")  # right: he hops
    ollie = pilot.scene.widget("ollie")
    assert ollie.animating
    pilot.shown()
    pilot.frames(10)
    assert ollie.moving
    assert ollie.motion.pose()[0] > 0 and ollie.motion.pose()[2] == 0, "a hop: up, not turned"
    drawn_inside_its_areas(pilot, ollie)
    pilot.wait(1)
    assert not pilot.scene.animating


def test_the_idle_bob_lets_the_loop_sleep(make_pilot, tmp_path, lesson_dir):
    """A fake-clock minute on Ollie's page, stepped as the real loop sleeps: it wakes once a second as ever, and
    for each of the bob's few poses; it never runs at the animation rate, and only Ollie's place is repainted."""
    pilot = start(make_pilot, tmp_path, lesson_dir, less_movement=False)
    pilot.wait(2)  # the hello is over
    app, scene = pilot.app, pilot.scene
    ollie = scene.widget("ollie")
    assert app._idle
    painted: list[pygame.Rect] = []
    real = scene.paint_changes
    scene.paint_changes = lambda surface, entries, rects, rate=None: (painted.extend(rects),
                                                                      real(surface, entries, rects, rate))
    clock, wakes, awake = 0.0, 0, 0
    while clock < 60:
        wake = scene.wake_in()
        dt = IDLE_WAKE_SECONDS if wake is None else min(wake, IDLE_WAKE_SECONDS)  # as App.step sleeps
        app.step(dt)
        clock += dt
        wakes += 1
        awake += not app._idle
    bobs = 60 / BOB_EVERY
    assert painted, "he bobs"
    up = int(min(ollie.rect.w, ollie.rect.h) * LIFT_MOST) + 1
    place = pygame.Rect(ollie.rect.x, ollie.rect.y - up, ollie.rect.w, ollie.rect.h + up)  # his box and his lift
    assert all(place.contains(rect) for rect in painted), "only Ollie's place is repainted"
    assert len(painted) <= 4 * (bobs + 1), "a bob is a few repaints, not an animation"
    assert wakes <= 60 + 4 * (bobs + 1), f"{wakes} wake-ups in a minute"
    assert awake == 0, "the loop never stayed awake for him"


def test_the_teacher_turns_on_less_movement_for_a_pupil_and_for_the_class(make_pilot, tmp_path, lesson_dir):
    data_dir = tmp_path / "data"
    with ProgressStore(data_dir / STORE_FILE) as store:
        robins = store.add_class("Robins")
        zoe = store.add_pupil(robins, "Zoë", "fox")
        store.add_pupil(robins, "Aleksandra-Marie", "owl")
    from game.engine.settings import Settings

    Settings(class_name="Robins", whole_class=True).save(data_dir)
    pilot = make_pilot(lesson_dirs=[lesson_dir], data_dir=data_dir)
    enter_teacher_mode(pilot)
    pilot.tap_widget("overview")
    pilot.wait_until(lambda: any(w.name.startswith("name-") for w in pilot.scene.widgets), timeout=10)
    pilot.tap_widget("access")  # the class's access needs
    pilot.wait_until(lambda: pilot.scene.name == "access" and not pilot.scene.status)
    assert "Less movement" in pilot.scene.widget("less_movement-text").text
    assert ": off (" in pilot.scene.widget("less_movement-text").text
    pilot.tap_widget("less_movement-change")
    pilot.wait_until(lambda: ": on (for the class)" in pilot.scene.widget("less_movement-text").text)
    pilot.tap_widget("back")
    pilot.wait_until(lambda: any(w.name.startswith("name-") for w in pilot.scene.widgets), timeout=10)
    pilot.tap_widget(f"name-{zoe}")  # Zoë's own: on, as the class; then off for her alone
    pilot.tap_widget("access")
    pilot.wait_until(lambda: pilot.scene.name == "access" and not pilot.scene.status)
    assert pilot.scene.widget("less_movement-text").text.endswith(": on (for the class)")
    pilot.tap_widget("less_movement-change")
    pilot.wait_until(lambda: pilot.scene.widget("less_movement-text").text.endswith(": off (for this pupil)"))
    with ProgressStore(data_dir / STORE_FILE) as store:
        from game.progress.preferences import read

        assert read(store, robins, zoe).get("less_movement") is False
        assert read(store, robins, None).get("less_movement") is True
    pilot.tap_widget("less_movement-like-class")  # back to what the class has
    pilot.wait_until(lambda: pilot.scene.widget("less_movement-text").text.endswith(": on (for the class)"))


def test_a_moving_pictures_own_part_holds_every_pixel_it_has(make_pilot, tmp_path, lesson_dir):
    """A moving picture is drawn and repainted over its own part only (``content_rect``, found from a sample
    of its pixels, as a full scan is too slow for a frame at 4K): for the cast and the emoji pictures, that
    part holds every pixel that is not wholly see-through, at a phone's, the board's and a 4K story's sizes."""
    pilot = start(make_pilot, tmp_path, lesson_dir, less_movement=False)
    pictures = pilot.app.ctx.pictures
    pictures.wait_for_cast = True  # drawn now (as tools do), not stood in for
    lesson = pilot.scene.lesson
    paths = {scene.picture.path for scene in lesson.scenes if scene.picture is not None}
    paths |= {answer.picture.path for scene in lesson.scenes for answer in getattr(scene, "answers", ())
              if answer.picture is not None}
    assert len(paths) >= 4
    for path in paths:
        for size in (226, 611, 1528):
            image = pictures.get(path, size)
            exact = image.get_bounding_rect(min_alpha=1)
            found = content_rect(image)
            assert exact.w and found.contains(exact), (path.name, size, exact, found)
            assert found.w * found.h < 0.9 * size * size or exact.w * exact.h > 0.7 * size * size, \
                "the see-through margins are left out"
