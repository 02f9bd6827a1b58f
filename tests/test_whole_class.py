"""Whole-class mode: talk to your partner first, then the teacher taps the class's answer."""

from game.engine.app import App, Options
from game.speech.narration import QuietNarrator
from game.engine.pilot import Pilot
from game.engine.settings import Settings
from game.authoring.tour import solve_scene
from tests.test_layout import layout_problems
from tests.test_scene_kinds import ALL_KINDS


def class_pilot(tmp_path, cache_dir, size=(1920, 1080), talk_seconds=20):
    Settings(talk_seconds=talk_seconds).save(tmp_path / "data")
    options = Options(fullscreen=False, size=size, lesson_dirs=[ALL_KINDS], cache_dir=cache_dir,
                      data_dir=tmp_path / "data", whole_class=True)
    pilot = Pilot(App.create(options, narrator=QuietNarrator()))
    pilot.tap_widget("letter-tell")
    pilot.tap_widget("lesson-all-kinds")
    pilot.shown()  # the countdown starts when the class can see it
    return pilot


def test_pause_then_answers_after_the_countdown(tmp_path, cache_dir):
    pilot = class_pilot(tmp_path, cache_dir)
    player = pilot.scene
    assert player.talking
    assert player.widget("question").text == player.scene.question.text, "the question shows during the pause"
    for name in ("answer-up", "answer-down", "next"):
        try:
            assert not player.widget(name).visible
        except KeyError:
            pass  # not built at all: hidden
    narrator = pilot.app.ctx.narrator
    assert [line.id for line in narrator.spoken + narrator.queue][-2:] == [player.scene.question.id, "ui.class.talk"]
    pilot.wait(10)
    assert player.talking and 9 <= player.talk_left <= 11
    pilot.wait(10.5)
    assert not player.talking
    assert player.widget("answer-up").visible, "the answers appear when the time is up"


def test_teacher_can_start_now_or_give_more_time(tmp_path, cache_dir):
    pilot = class_pilot(tmp_path, cache_dir, talk_seconds=20)
    pilot.wait(5)
    pilot.tap_widget("more-time")
    assert 24 <= pilot.scene.talk_left <= 25.5
    pilot.tap_widget("ready")
    assert not pilot.scene.talking
    pilot.tap_widget("answer-up")  # the teacher taps the class's answer
    assert pilot.scene.record.solved


def test_a_whole_lesson_in_class_mode_fits_and_finishes(tmp_path, cache_dir):
    pilot = class_pilot(tmp_path, cache_dir, size=(3840, 2160))
    for scene in pilot.scene.lesson.scenes:
        assert pilot.scene.talking
        assert not layout_problems(pilot.scene, (3840, 2160))
        pilot.tap_widget("ready")
        for _ in solve_scene(pilot, scene):
            pass
        pilot.tap_widget("next")
    assert pilot.scene.name == "reward"


def test_the_same_lesson_plays_alone_without_a_pause(make_pilot):
    pilot = make_pilot(lesson_dirs=[ALL_KINDS])
    pilot.tap_widget("letter-tell")
    pilot.tap_widget("lesson-all-kinds")
    assert not pilot.scene.talking
    assert pilot.scene.widget("answer-up").visible


def test_class_flag_on_the_command_line():
    from game.cli import parse, play_options

    assert play_options(parse(["--class"])).whole_class is True
    assert play_options(parse([])).whole_class is None


def test_whole_class_answers_are_recorded_for_the_class(tmp_path, cache_dir):
    from game.progress.store import STORE_FILE, ProgressStore

    data_dir = tmp_path / "data"
    store = ProgressStore(data_dir / STORE_FILE)
    store.add_class("Robins")
    store.close()
    Settings(class_name="Robins", whole_class=True).save(data_dir)
    app = App.create(Options(fullscreen=False, size=(1920, 1080), lesson_dirs=[ALL_KINDS], cache_dir=cache_dir,
                             data_dir=data_dir), narrator=QuietNarrator())
    try:
        pilot = Pilot(app)
        pilot.tap_widget("letter-tell")
        pilot.tap_widget("lesson-all-kinds")
        pilot.tap_widget("ready")
        pilot.tap_widget("answer-up")
        app.ctx.recorder.flush()
        rows = list(ProgressStore(data_dir / STORE_FILE).answer_rows())
        assert rows and rows[0]["class"] == "Robins" and rows[0]["whole_class"] == 1 and rows[0]["pupil"] is None
    finally:
        app.close()
