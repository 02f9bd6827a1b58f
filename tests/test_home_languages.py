"""Home languages (issue 21): a lesson played in a home language and English, translations checked,
.po round trips, shaped right-to-left and Indic text, and a home-language voice."""

from __future__ import annotations

import shutil
from pathlib import Path

import pygame
import pytest

from game import preferences
from game.languages.home import HomeText, load
from game.languages.overlay import Entry, dump_overlay, read_overlay
from game.languages.text import HOME_INK
from game.languages.game_lines import game_lines
from game.lessons.library import BUILTIN_LESSONS_DIR, LessonLibrary
from game.lessons.loader import LessonLoader
from game.lessons.pictures import PictureCatalog
from game.recording import Player
from game.store import STORE_FILE, ProgressStore

WORRIED = BUILTIN_LESSONS_DIR / "tell" / "a-worried-feeling.yaml"


def a_class_with(data_dir: Path, **choices) -> Player:
    """A class of one pupil, with these preferences chosen for the pupil."""
    with ProgressStore(data_dir / STORE_FILE) as store:
        robins = store.add_class("Robins")
        zofia = store.add_pupil(robins, "Zofia", "fox")
        for key, value in choices.items():
            preferences.write(store, robins, zofia, key, value)
    return Player(pupil_id=zofia, class_id=robins)


def partial_polish(folder: Path) -> Path:
    """The worried-feeling lesson with a Polish overlay of only a few lines: the rest falls back to English."""
    folder.mkdir(parents=True, exist_ok=True)
    lesson = folder / WORRIED.name
    shutil.copy(WORRIED, lesson)
    entries = [Entry("tell-worried-feeling.title", "Niepokój", "A worried feeling"),
               Entry("tell-worried-feeling.ollie-hello.1", "Cześć! Jestem sowa Ollie.", "Hello! I'm Ollie the owl."),
               Entry("tell-worried-feeling.how-kofi-feels.question", "Jak może się teraz czuć Kofi?",
                     "How might Kofi feel now?")]
    (folder / "a-worried-feeling.pl.yaml").write_text(dump_overlay("pl", "test", entries), encoding="utf-8")
    return lesson


def has_colour(surface: pygame.Surface, rect: pygame.Rect, colour) -> bool:
    area = surface.subsurface(rect.clip(surface.get_rect()))
    return any(area.get_at((x, y))[:3] == colour for x in range(0, area.get_width(), 2)
               for y in range(0, area.get_height(), 2))


def test_a_lesson_plays_in_polish_then_english_with_english_where_a_line_has_no_translation(make_pilot, tmp_path):
    lessons = tmp_path / "lessons"
    partial_polish(lessons)
    data_dir = tmp_path / "data"
    player = a_class_with(data_dir, home_language="pl")
    pilot = make_pilot(data_dir=data_dir, lesson_dirs=[lessons])
    app = pilot.app
    assert [lesson.id for lesson in app.ctx.library.lessons] == ["tell-worried-feeling"], "the overlay is no lesson"
    narrator = app.ctx.narrator.inner
    app.ctx.recorder.player = player
    pilot.wait_until(lambda: app.ctx.home_language is not None)
    pilot.shown()
    pilot.tap_widget("letter-tell")
    narrator.spoken.clear()
    pilot.tap_widget("lesson-tell-worried-feeling")
    pilot.shown()
    pilot.frames(3)
    said = [(line.lang, line.text) for line in narrator.spoken]
    assert said[:3] == [("pl", "Cześć! Jestem sowa Ollie."), (None, "Hello! I'm Ollie the owl."),
                        (None, "Let's see what Kofi does when he feels worried.")], said
    # On screen: the English, with the Polish under it (in its own colour); a line with none stays English.
    story = pilot.scene.widget("story-text")
    assert app.ctx.text.home.translate(story.text) == "Cześć! Jestem sowa Ollie."
    screen = pygame.display.get_surface()
    assert has_colour(screen, story.rect, HOME_INK)
    pilot.tap_widget("next")
    pilot.tap_widget("next")
    pilot.tap_widget("next")
    pilot.shown()
    assert pilot.scene.widget("question").text == "How might Kofi feel now?"
    assert has_colour(pygame.display.get_surface(), pilot.scene.widget("question").rect, HOME_INK)
    said = [(line.lang, line.text) for line in narrator.spoken]
    assert ("pl", "Jak może się teraz czuć Kofi?") in said
    index = said.index(("pl", "Jak może się teraz czuć Kofi?"))
    assert said[index + 1] == (None, "How might Kofi feel now?")
    assert (None, "Happy") in said and not any(lang == "pl" and text == "Happy" for lang, text in said)


def test_the_teacher_can_ask_for_the_home_language_only(make_pilot, tmp_path):
    lessons = tmp_path / "lessons"
    partial_polish(lessons)
    data_dir = tmp_path / "data"
    player = a_class_with(data_dir, home_language="pl", language_mode="home")
    pilot = make_pilot(data_dir=data_dir, lesson_dirs=[lessons])
    app = pilot.app
    app.ctx.recorder.player = player
    pilot.wait_until(lambda: app.ctx.home_language is not None)
    narrator = app.ctx.narrator.inner
    app.ctx.narrator.say([app.ctx.library.lessons[0].title, app.ctx.library.lessons[0].scenes[0].lines[1]])
    pilot.frames(2)
    assert [(line.lang, line.text) for line in narrator.spoken[-2:]] == [
        ("pl", "Niepokój"), (None, "Let's see what Kofi does when he feels worried.")]


def test_a_teacher_sets_the_classs_home_language_and_the_class_hears_it(make_pilot, tmp_path):
    from game.demo_class import fill_demo_class
    from game.settings import Settings
    from tests.test_teacher_mode import enter_teacher_mode

    data_dir = tmp_path / "data"
    data_dir.mkdir()
    library = LessonLibrary.load(LessonLoader(PictureCatalog()), [BUILTIN_LESSONS_DIR / "tell"])
    fill_demo_class(data_dir, library, "Robins", pupils=4)
    Settings(class_name="Robins", whole_class=True).save(data_dir)
    pilot = make_pilot(data_dir=data_dir)
    enter_teacher_mode(pilot)
    pilot.tap_widget("overview")
    pilot.wait_until(lambda: any(w.name == "language" for w in pilot.scene.widgets), timeout=10)
    pilot.tap_widget("language")
    assert pilot.scene.name == "home-language"
    pilot.wait_until(lambda: any(w.name == "lang-ur" for w in pilot.scene.widgets), timeout=10)
    pilot.tap_widget("lang-ur")
    app = pilot.app
    pilot.wait_until(lambda: app.ctx.home_language is not None, timeout=10)
    assert app.ctx.home_language.language.code == "ur"
    with ProgressStore(data_dir / STORE_FILE) as store:
        assert preferences.read(store, store.class_id("Robins"), None).class_values == {"home_language": "ur"}
    pilot.wait_until(lambda: any(w.name == "mode-english" for w in pilot.scene.widgets), timeout=10)
    pilot.tap_widget("mode-english")
    pilot.wait_until(lambda: app.ctx.home_language is not None and app.ctx.home_language.mode == "english", timeout=10)
    welcome = game_lines()[0][0]
    assert app.ctx.home_language.spoken(welcome) == [welcome], "English only, as the teacher chose"
