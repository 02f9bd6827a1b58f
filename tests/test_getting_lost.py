"""Getting lost: home mid-lesson asks first, "carry on" next time, what the child has earned on home,
About only for grown-ups, and captions only for words not already on screen."""

from game.speech.narration import QuietNarrator
from game.scenes.home_band import earned_line
from game.scenes.stop_lesson import STOP_ASK
from game.scenes.widgets import Caption
from game.authoring.tour import solve_scene
from tests.test_scene_kinds import ALL_KINDS
from tests.helpers import enter_teacher_mode


def into_second_scene(pilot):
    lesson = next(lesson for lesson in pilot.app.ctx.library.for_letter("tell") if len(lesson.scenes) > 2)
    pilot.tap_widget("letter-tell")
    pilot.tap_widget(f"lesson-{lesson.id}")
    for _ in solve_scene(pilot, lesson.scenes[0]):
        pass
    pilot.tap_widget("next")
    assert pilot.scene.name == "player" and pilot.scene.index == 1
    return lesson


def test_home_mid_lesson_asks_first_and_carry_on_goes_back(pilot):
    lesson = into_second_scene(pilot)
    player = pilot.scene
    attempt = player.attempt
    pilot.tap_widget("home")
    assert pilot.scene.name == "stop-lesson", "one tap on home must not lose the child's place"
    narrator = pilot.app.ctx.narrator
    assert STOP_ASK in narrator.spoken + narrator.queue, "the question is spoken"
    assert pilot.scene.widget("carry-on").rect.w > pilot.scene.widget("home").rect.w, "carrying on is the big one"
    pilot.tap_widget("carry-on")
    assert pilot.scene is player and player.index == 1
    pilot.tap_widget("home")
    pilot.tap_widget("home")  # the house on the question: stop
    assert pilot.scene.name == "home"
    assert "carry-on" in {widget.name for widget in pilot.scene.widgets}, "home offers to carry on"
    pilot.tap_widget("carry-on")
    again = pilot.scene
    assert again.name == "player" and again is not player
    assert again.lesson.id == lesson.id and again.index == 1, "back at the scene they left"
    assert again.attempt == attempt, "the same play-through goes on in the store"
    assert not again.talking


def test_carry_on_is_forgotten_once_the_lesson_is_finished(make_pilot):
    pilot = make_pilot(lesson_dirs=[ALL_KINDS])
    pilot.tap_widget("letter-tell")
    pilot.tap_widget("lesson-all-kinds")
    first = pilot.scene.lesson.scenes[0]
    pilot.tap_widget("answer-down")  # a wrong try: leaving now would lose it
    pilot.tap_widget("home")
    pilot.tap_widget("home")
    pilot.tap_widget("carry-on")
    player = pilot.scene
    assert player.records[first.id].wrong == 1, "what they had answered comes back with them"
    for scene in player.lesson.scenes:
        for _ in solve_scene(pilot, scene):
            pass
        pilot.tap_widget("next")
    assert pilot.scene.name == "reward"
    assert pilot.scene.stars < 3, "the wrong try before stopping still counts"
    pilot.tap_widget("home")
    names = {widget.name for widget in pilot.scene.widgets}
    assert "carry-on" not in names


def test_home_on_the_first_scene_with_nothing_answered_goes_straight_home(pilot):
    pilot.tap_widget("letter-tell")
    lesson = pilot.app.ctx.library.for_letter("tell")[0]
    pilot.tap_widget(f"lesson-{lesson.id}")
    pilot.tap_widget("home")
    assert pilot.scene.name == "home"


def test_home_shows_the_stars_and_badges_this_child_earned(make_pilot):
    pilot = make_pilot(lesson_dirs=[ALL_KINDS])
    names = {widget.name for widget in pilot.scene.widgets}
    assert not {"earned-star", "earned-stars", "about"} & names, "nothing earned yet, and no licence page for children"
    pilot.tap_widget("letter-tell")
    pilot.tap_widget("lesson-all-kinds")
    for scene in pilot.scene.lesson.scenes:
        for _ in solve_scene(pilot, scene):
            pass
        pilot.tap_widget("next")
    stars = pilot.scene.stars
    pilot.tap_widget("home")
    home = pilot.scene
    assert home.widget("earned-stars").text == str(stars)
    assert home.widget("earned-badge-tell").visible  # all of T's lessons (one here) are done
    tiles = [widget for widget in home.widgets if widget.name.startswith("letter-")]
    band = home.widget("earned-star").rect
    assert all(tile.rect.bottom < band.top for tile in tiles), "the tally sits under the tiles, not on them"
    assert band.h < min(tile.rect.h for tile in tiles) / 4, "small and calm"
    assert earned_line(stars, 1) in home.narration(), "spoken with the welcome"


def test_about_is_in_teacher_mode(pilot):
    assert "about" not in {widget.name for widget in pilot.scene.widgets}
    enter_teacher_mode(pilot)
    pilot.tap_widget("about")
    assert pilot.scene.name == "about"
    pilot.tap_widget("back")
    assert pilot.scene.name == "teacher"


def test_a_caption_shows_only_words_not_on_screen(make_pilot, cache_dir, tmp_path):
    from game.engine.app import App, Options
    from game.engine.pilot import Pilot

    narrator = QuietNarrator(line_seconds=1.0, captions=True)
    app = App.create(Options(fullscreen=False, size=(1280, 800), lesson_dirs=[ALL_KINDS], cache_dir=cache_dir,
                             data_dir=tmp_path / "data"), narrator=narrator)
    pilot = Pilot(app)
    try:
        pilot.frames(1)
        pilot.lessons_read()
        pilot.shown()
        pilot.frames(2)
        assert narrator.current is not None and narrator.current.id == "ui.home.welcome"
        assert any(isinstance(entry.widget, Caption) for entry in pilot.scene.to_draw()), \
            "the welcome is not written on home: its caption shows"
        pilot.tap_widget("letter-tell")
        pilot.tap_widget("lesson-all-kinds")
        pilot.frames(3)
        player = pilot.scene
        assert narrator.current is not None and narrator.current.text == player.scene.question.text
        assert not any(isinstance(entry.widget, Caption) for entry in player.to_draw()), \
            "the question is in its text box already: no caption repeats it over the title"
        pilot.wait(1.0)
        assert narrator.current is not None and narrator.current.text == "Thumbs up"  # an answer's own words
        assert not any(isinstance(entry.widget, Caption) for entry in player.to_draw())
    finally:
        app.close()
