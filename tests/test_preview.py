"""`play.py preview FILE`: the lesson author's live preview.

Each test copies a real lesson into tmp_path, opens it in the real game loop (headless: conftest
sets SDL_VIDEODRIVER=dummy), and drives it with real key and finger events through the pilot.
Reload times are measured in real time, because the watcher is a real thread polling a real file.
"""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import pygame
import pytest

from game.engine.app import App, Options
from game.cli import main, parse
from game.lessons.library import BUILTIN_LESSONS_DIR
from game.lessons.loader import LessonLoader
from game.lessons.pictures import PictureCatalog
from game.speech.narration import QuietNarrator
from game.engine.pilot import Pilot
from game.authoring.preview import LessonWatcher, start_preview
from game.progress.service import NullRecorder
from game.scenes.preview import PreviewScene
from game.scenes.preview_bar import bar_rect
from game.engine.settings import Settings
from game.progress.store import STORE_FILE, ProgressStore

LESSON = BUILTIN_LESSONS_DIR / "meeting" / "lets-meet-at-the-park.yaml"
GOOD = LESSON.read_text(encoding="utf-8")
NAME = "my-lesson.yaml"
SCENE_IDS = ["ollie-hello", "sam-plays", "message", "only-online", "what-to-do", "mum-helps", "who-to-meet",
             "ollie-rule"]
SECOND = 1.0  # the promise: a save shows within one second


@pytest.fixture
def preview(cache_dir, tmp_path):
    """Open the preview on a copy of a built-in lesson; returns (pilot, preview scene, lesson file)."""
    opened = []

    def start(size=(1280, 800), text=GOOD, data_dir=None, whole_class=None):
        path = tmp_path / NAME
        path.write_text(text, encoding="utf-8")
        options = Options(size=size, cache_dir=cache_dir, data_dir=data_dir or tmp_path / "data",
                          whole_class=whole_class)
        app, scene = start_preview(path, options, narrator=QuietNarrator())
        opened.append((app, scene))
        pilot = Pilot(app)
        pilot.frames(1)
        return pilot, scene, path

    yield start
    for app, scene in opened:
        scene.close()
        app.close()


def run_until(pilot: Pilot, condition, limit: float = SECOND) -> float:
    """Run the real frame loop, in real time, until ``condition()``; fail if it takes over ``limit``."""
    started = time.perf_counter()
    while not condition():
        elapsed = time.perf_counter() - started
        assert elapsed < limit, f"still not shown after {elapsed:.2f} s"
        pilot.frames(1)
        time.sleep(0.005)
    return time.perf_counter() - started


def save(path: Path, text: str) -> None:
    """Save as many editors do (write a new file, then rename it over the old one)."""
    temp = path.with_suffix(".saving")
    temp.write_text(text, encoding="utf-8")
    os.replace(temp, path)


def spoken(pilot: Pilot) -> list[str]:
    narrator = pilot.app.ctx.narrator
    return [line.text for line in narrator.spoken + narrator.queue]


def story_text(pilot: Pilot) -> str:
    return pilot.scene.widget("story-text").text


def test_a_save_shows_within_a_second_on_the_same_scene(preview):
    pilot, scene, path = preview()
    assert pilot.app.stack.scenes == (scene,), "the window is only ever this lesson"
    assert "scene 1 of 8: ollie-hello" in scene.bar_words() and NAME in scene.bar_words()
    pilot.key(pygame.K_RIGHT)
    assert scene.position == 1 and "scene 2 of 8: sam-plays" in scene.bar_words()
    assert "This is Sam. Sam loves the animal game on the tablet." in story_text(pilot)
    assert "This is Sam. Sam loves the animal game on the tablet." in spoken(pilot), "each scene is narrated"

    path.write_text(GOOD.replace("Sam loves the animal game", "Sam loves the farm game"), encoding="utf-8")
    elapsed = run_until(pilot, lambda: "Sam loves the farm game" in story_text(pilot))
    print(f"reload shown after {elapsed * 1000:.0f} ms")
    pilot.frames(1)
    assert not scene.dirty, "the new words have been drawn"
    assert scene.position == 1 and "scene 2 of 8: sam-plays" in scene.bar_words()
    assert "updated" in scene.bar_words()
    assert "This is Sam. Sam loves the farm game on the tablet." in spoken(pilot), "the changed words are said"


def test_a_change_elsewhere_leaves_the_scene_on_screen_alone(preview):
    pilot, scene, path = preview()
    pilot.key(pygame.K_RIGHT)
    page = scene.page
    said = len(spoken(pilot))
    save(path, GOOD.replace("Hello! I'm Ollie the owl.", "Hello! I'm Ollie, a wise owl."))
    run_until(pilot, lambda: scene.versions == 2)
    assert scene.page is page and scene.position == 1, "same screen: answers and speech carry on"
    assert len(spoken(pilot)) == said, "nothing on this screen changed, so nothing is said again"
    pilot.key(pygame.K_LEFT)
    assert "Hello! I'm Ollie, a wise owl." in story_text(pilot)


def test_a_mistake_is_shown_on_screen_then_clears_when_fixed(preview):
    pilot, scene, path = preview()
    pilot.key(pygame.K_PAGEDOWN)
    lines = GOOD.splitlines(keepends=True)
    number = lines.index("    picture: {character: sam, feeling: happy, with: video game}\n") + 1  # scene 2, on screen
    lines[number - 1] = "\tpicture: {character: sam, feeling: happy, with: video game}\n"
    broken = "".join(lines)
    save(path, broken)
    expected = LessonLoader(PictureCatalog()).load(path).errors
    assert len(expected) == 1

    elapsed = run_until(pilot, lambda: scene.errors)
    print(f"error shown after {elapsed * 1000:.0f} ms")
    pilot.frames(1)
    assert pilot.app.running and pilot.app.stack.top is scene, "a broken file never ends the preview"
    rows = scene.panel_rows
    assert f"{NAME}:{number}" in rows, "the panel names file:line"
    words = " ".join(rows)
    assert " ".join(expected[0].message.split()) in words, "and the loader's own message, in full"
    assert "tab" in expected[0].message
    assert f"line {number}:  [tab]picture: {{character: sam, feeling: happy, with: video game}}" in rows, "and quotes the line, showing the tab"
    assert "1 mistake to fix" in scene.bar_words()
    assert pilot.app.ctx.narrator.queue == [], "the old version stops talking"

    pilot.tap((640, 400))  # the panel covers the lesson: taps and scene keys do nothing
    pilot.key(pygame.K_RIGHT)
    assert scene.errors and scene.position == 1

    save(path, GOOD)
    elapsed = run_until(pilot, lambda: not scene.errors)
    pilot.frames(1)
    assert scene.panel_rows == [] and scene.position == 1
    assert "scene 2 of 8: sam-plays" in scene.bar_words()
    assert "This is Sam. Sam loves the animal game on the tablet." in story_text(pilot)


def test_a_file_broken_from_the_start_shows_its_error_and_then_the_lesson(preview):
    pilot, scene, path = preview(text=GOOD.replace("title: A friend in a game", "title A friend in a game"))
    assert scene.errors and scene.lesson is None and scene.page is None
    assert any(row.startswith(f"{NAME}:") for row in scene.panel_rows)
    assert "line 5:  title A friend in a game" in scene.panel_rows, "a slip is quoted with the line before"
    pilot.key(pygame.K_RIGHT)  # nothing to step through, and no crash
    save(path, GOOD)
    run_until(pilot, lambda: not scene.errors)
    assert scene.position == 0 and story_text(pilot).startswith("Hello! I'm Ollie the owl.")


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)])
def test_errors_are_readable_at_laptop_and_board_sizes(preview, size):
    long_name = "a picture name so long and so wrong that the message about it cannot fit on a single line"
    pilot, scene, _ = preview(size=size, text=GOOD.replace("picture: {character: ollie, feeling: happy}", f"picture: {long_name}"))
    pilot.frames(1)
    assert len(scene.errors) == 2
    panel = scene.panel_rect()
    bar = bar_rect(size)
    rects = [rect for _, rect in scene.panel]
    assert len(rects) >= 2 * 3 + 2, "heading, hint, and each problem's place, message and line"
    body_height = min(rect.h for rect in rects)
    assert body_height >= 0.03 * size[1], f"text {body_height}px high is too small to read at {size}"
    for text, rect in scene.panel:
        # inside the card's padding: a row cut off by the card's edge would end right at it
        assert panel.contains(rect) and rect.right <= panel.right - 8, f"{text!r} runs off the panel"
        assert not rect.colliderect(bar)
    for above, below in zip(rects, rects[1:]):
        assert below.top >= above.bottom - 1, "rows never overlap"
    body = scene.ctx.text.fonts.get(round(min(size) * 0.03))
    for problem in scene.errors:
        assert body.size(problem.message)[0] > panel.w, "the message is too long for one line ..."
        assert " ".join(problem.message.split()) in " ".join(scene.panel_rows), "... so it is wrapped, not cut"


def test_deleting_or_moving_scenes_keeps_a_sensible_place(preview):
    pilot, scene, path = preview()
    pilot.key(pygame.K_RIGHT)
    assert scene.page.scene.id == "sam-plays"
    start = GOOD.index("  - id: sam-plays")
    end = GOOD.index("  - id: message")
    block = GOOD[start:end]

    save(path, GOOD[:start] + GOOD[end:])  # the scene on screen is deleted: stay at the same number
    run_until(pilot, lambda: scene.versions == 2)
    assert scene.position == 1 and scene.page.scene.id == "message"
    assert "scene 2 of 7: message" in scene.bar_words()

    moved = GOOD[:start] + GOOD[end:].replace("  - id: only-online", block + "  - id: only-online", 1)
    save(path, moved)  # "message" moves up to scene 2 ... and the preview follows it by its id
    run_until(pilot, lambda: scene.versions == 3)
    assert [s.id for s in scene.lesson.scenes][:3] == ["ollie-hello", "message", "sam-plays"]
    assert scene.page.scene.id == "message" and scene.position == 1

    pilot.key(pygame.K_END)
    pilot.key(pygame.K_LEFT)
    assert scene.page.scene.id == "ollie-rule" and scene.position == 7
    last = moved.index("  - id: ollie-rule")
    save(path, moved[:last])  # the last scene goes: the new last one shows
    run_until(pilot, lambda: scene.versions == 4)
    assert scene.position == 6 and scene.page.scene.id == "who-to-meet"
    assert "scene 7 of 7: who-to-meet" in scene.bar_words()


def test_keys_step_through_the_scenes(preview):
    pilot, scene, _ = preview()
    for number, key in enumerate([pygame.K_RIGHT, pygame.K_PAGEDOWN, pygame.K_RIGHT], start=2):
        pilot.key(key)
        assert scene.position == number - 1
        assert f"scene {number} of 8: {SCENE_IDS[number - 1]}" in scene.bar_words()
    pilot.key(pygame.K_LEFT)
    pilot.key(pygame.K_PAGEUP)
    assert scene.position == 1
    pilot.key(pygame.K_HOME)
    assert scene.position == 0
    pilot.key(pygame.K_LEFT)
    assert scene.position == 0, "nothing before the first scene"
    pilot.key(pygame.K_RIGHT)
    pilot.key(pygame.K_RIGHT)
    assert scene.page.scene.id == "message", "key steps skip questions without answering them"
    pilot.key(pygame.K_END)
    assert scene.page.name == "reward" and "the end: stars and rule" in scene.bar_words()
    assert "M is for Meeting. We never meet people we only know online." in spoken(pilot)
    pilot.key(pygame.K_RIGHT)
    assert scene.page.name == "reward"
    pilot.key(pygame.K_LEFT)
    assert scene.page.scene.id == "ollie-rule"

    versions = scene.versions
    pilot.key(pygame.K_r)
    run_until(pilot, lambda: scene.versions == versions + 1)
    assert scene.page.scene.id == "ollie-rule", "R reloads in place"


def test_the_lesson_plays_as_usual_and_never_leaves_the_preview(preview):
    pilot, scene, _ = preview()
    pilot.tap_widget("next")
    assert scene.position == 1, "the ordinary next arrow works"
    pilot.tap_widget("home")
    assert scene.position == 0 and pilot.app.stack.top is scene, "home is this lesson's first scene"
    pilot.key(pygame.K_END)
    pilot.key(pygame.K_LEFT)
    pilot.tap_widget("next")  # finishing the lesson: the reward, inside the preview
    assert scene.page.name == "reward" and pilot.app.stack.top is scene
    pilot.tap_widget("again")
    assert scene.position == 0 and pilot.app.stack.top is scene


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080), (800, 1280)])
def test_the_bar_stays_clear_of_the_lesson(preview, size):
    pilot, scene, _ = preview(size=size)
    bar = bar_rect(size)
    for key in [pygame.K_HOME] + [pygame.K_RIGHT] * 8:
        pilot.key(key)
        overlapping = [e.name for e in scene.elements() if e.name != "preview-bar" and e.rect.colliderect(bar)]
        assert not overlapping, f"{overlapping} under the bar at {size}, {scene.bar_words()}"


def test_nothing_is_recorded_and_no_pupil_picker(preview, tmp_path):
    data_dir = tmp_path / "class-data"
    with ProgressStore(data_dir / STORE_FILE) as store:
        class_id = store.add_class("Robins")
        store.add_pupil(class_id, "Priya", "owl")
    Settings(class_name="Robins", captions=False).save(data_dir)

    pilot, scene, _ = preview(data_dir=data_dir)
    assert pilot.app.stack.scenes == (scene,), "no pupil picker"
    ctx = pilot.app.ctx
    assert isinstance(ctx.recorder, NullRecorder)
    assert ctx.settings.captions is True and ctx.settings.whole_class is False
    pilot.key(pygame.K_END)
    pilot.key(pygame.K_LEFT)
    pilot.key(pygame.K_LEFT)
    assert scene.page.scene.id == "who-to-meet"
    pilot.tap_widget("answer-game-friend")
    pilot.tap_widget("answer-classmate")
    with ProgressStore(data_dir / STORE_FILE) as store:
        assert list(store.answer_rows()) == [], "the preview keeps no progress"
    assert Settings.load(data_dir).captions is False, "and changes no settings"


def test_whole_class_preview_has_the_talk_pause(preview):
    pilot, scene, _ = preview(whole_class=True)
    assert pilot.app.ctx.settings.whole_class is True
    pilot.key(pygame.K_END)
    pilot.key(pygame.K_LEFT)
    pilot.key(pygame.K_LEFT)
    assert scene.page.talking


def test_warnings_can_be_shown_and_put_away(preview):
    long = "This is Sam and Sam really loves the animal game that he plays on the big tablet every day."
    pilot, scene, _ = preview(text=GOOD.replace("This is Sam. Sam loves the animal game on the tablet.", long))
    assert scene.lesson is not None and scene.warnings and not scene.errors
    assert "1 warning (W)" in scene.bar_words()
    pilot.key(pygame.K_w)
    assert scene.panel_rows and scene.panel_rows[0].startswith("1 warning")
    pilot.tap((640, 400))
    assert scene.panel_rows == []


def test_resizing_the_window_keeps_the_scene(preview):
    pilot, scene, _ = preview()
    pilot.key(pygame.K_RIGHT)
    pilot.resize((1920, 1080))
    assert scene.size == scene.page.size == (1920, 1080) and scene.position == 1
    assert not [e.name for e in scene.elements() if e.name != "preview-bar" and e.rect.colliderect(bar_rect((1920, 1080)))]


def test_escape_closes_the_preview(preview):
    pilot, _, _ = preview()
    pilot.key(pygame.K_ESCAPE)
    assert not pilot.app.running


def test_keys_still_do_nothing_in_the_normal_game(make_pilot):
    pilot = make_pilot()
    pilot.tap_widget("letter-meeting")
    lesson = pilot.app.ctx.library.for_letter("meeting")[0]
    pilot.tap_widget(f"lesson-{lesson.id}")
    for key in (pygame.K_RIGHT, pygame.K_PAGEDOWN, pygame.K_END, pygame.K_ESCAPE, pygame.K_r):
        pilot.key(key)
    assert pilot.scene.name == "player" and pilot.scene.index == 0 and pilot.app.running


def test_the_watcher_waits_out_a_half_saved_file(tmp_path):
    path = tmp_path / NAME
    save(path, GOOD)
    watcher = LessonWatcher(path)
    assert watcher.load_now().result.lesson is not None
    watcher.poll()
    assert watcher.take() is None, "nothing changed"
    half = GOOD[: len(GOOD) // 2]
    save(path, half)  # an editor part-way through writing
    assert LessonLoader(PictureCatalog()).load(path).errors
    watcher.poll()
    assert watcher.take() is None, "one broken look is not enough to show an error"
    save(path, GOOD.replace("Tell Mum", "Tell Dad"))
    watcher.poll()
    good = watcher.take()
    assert good is not None and good.result.lesson is not None, "a good version shows at once"
    print(f"one parse took {watcher.last_load_seconds * 1000:.1f} ms")
    path.unlink()
    watcher.poll()
    watcher.poll()
    gone = watcher.take()
    assert gone is not None and gone.result.errors, "a file still missing on the second look is an error"


def test_command_line(tmp_path, cache_dir, monkeypatch):
    args = parse(["preview", "my.yaml", "--size", "1280x800", "--data-dir", "d", "--cache-dir", "c"])
    assert args.command == "preview" and args.file == Path("my.yaml") and args.preview_size == (1280, 800)
    assert args.data_dir == Path("d") and args.cache_dir == Path("c")

    err = io.StringIO()
    monkeypatch.setattr("sys.stderr", err)
    assert main(["preview", str(tmp_path / "nope.yaml")]) == 1
    assert "nope.yaml: there is no lesson file here" in err.getvalue()

    path = tmp_path / NAME
    save(path, GOOD)
    ran = []

    def run(app: App) -> None:  # instead of waiting for a person to close the window
        for _ in range(3):
            app.step(1 / 60)
        ran.append((app.size(), app.fullscreen, type(app.stack.top), type(app.ctx.recorder)))
        app.close()

    monkeypatch.setattr(App, "run", run)
    assert main(["preview", str(path), "--size", "1024x700", "--data-dir", str(tmp_path / "data"),
                 "--cache-dir", str(cache_dir)]) == 0
    assert ran == [((1024, 700), False, PreviewScene, NullRecorder)]
