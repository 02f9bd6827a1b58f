"""Home languages (issue 21): a lesson played in a home language and English, translations checked,
.po round trips, shaped right-to-left and Indic text, and a home-language voice."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pygame

from game.progress import preferences
from game.languages.home import HomeText, load
from game.languages.overlay import Entry, dump_overlay, read_overlay
from game.languages.text import HOME_INK
from game.languages.game_lines import game_lines
from game.lessons.library import BUILTIN_LESSONS_DIR, LessonLibrary
from game.lessons.loader import LessonLoader
from game.lessons.pictures import PictureCatalog
from game.progress.service import Player
from game.progress.store import STORE_FILE, ProgressStore

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
    from game.progress.demo_class import fill_demo_class
    from game.engine.settings import Settings
    from tests.helpers import enter_teacher_mode

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


# -- check: missing, extra and out-of-date lines, with file:line ---------------------------------------------
def test_check_lists_a_translations_missing_extra_and_out_of_date_lines_at_their_lines(tmp_path):
    import io

    from game.lessons.check import run_check

    lesson = partial_polish(tmp_path / "lessons")
    overlay = lesson.with_name("a-worried-feeling.pl.yaml")
    text = overlay.read_text(encoding="utf-8")
    text = text.replace("en: How might Kofi feel now?", "en: How does Kofi feel?")  # the English changed since
    text += "  tell-worried-feeling.gone-scene.1:\n    en: A scene since removed.\n    text: Scena usunięta.\n"
    overlay.write_text(text, encoding="utf-8")
    out = io.StringIO()
    status = run_check([tmp_path / "lessons"], False, out)
    report = out.getvalue()
    lines = overlay.read_text(encoding="utf-8").splitlines()
    stale_at = next(i for i, row in enumerate(lines, 1) if "how-kofi-feels.question" in row)
    extra_at = next(i for i, row in enumerate(lines, 1) if "gone-scene" in row)
    lesson_rows = lesson.read_text(encoding="utf-8").splitlines()
    missing_at = next(i for i, row in enumerate(lesson_rows, 1) if "He scores a goal!" in row)
    assert f"a-worried-feeling.pl.yaml:{stale_at}:1: warning: out of date: 'tell-worried-feeling.how-kofi-feels.question'" in report
    assert f"a-worried-feeling.pl.yaml:{extra_at}:1: warning: extra: there is no line 'tell-worried-feeling.gone-scene.1'" in report
    assert (f"a-worried-feeling.yaml:{missing_at}:1: warning: no Polish (pl) translation of "
            "'tell-worried-feeling.kofi-plays.2'") in report
    spoken = int(re.search(r"spoken lines: (\d+)", report)[1])  # the one lesson in the folder
    assert f"translation pl: 3 of {spoken} lines (1 out of date)" in report
    assert status == 0, "a translation's gaps are warnings: the game plays them in English"
    overlay.write_text("language: pl\nlines: [oops\n", encoding="utf-8")
    out = io.StringIO()
    assert run_check([tmp_path / "lessons"], False, out) == 1
    assert "a-worried-feeling.pl.yaml:3:1: error:" in out.getvalue()
    assert "warning: no Polish" not in out.getvalue(), "an unreadable file is one error, not every line missing"


def test_the_shipped_translations_cover_every_tell_lesson_and_game_line():
    import io

    from game.lessons.check import run_check

    out = io.StringIO()
    run_check([], False, out)
    report = out.getvalue()
    lessons = LessonLibrary.load(LessonLoader(PictureCatalog()), [BUILTIN_LESSONS_DIR / "tell"]).lessons
    # Derived from the English, not a fixed count, so a rewrite of the lessons is measured against what they say now.
    english = {line.id: line.text for lesson in lessons for line in lesson.spoken_lines()}
    english.update({line.id: line.text for line, _ in game_lines()})
    for code in ("pl", "ur"):
        assert f"translation {code}: {len(english)} of {len(english)} lines (0 out of date)" in report
        home = load(code, "both", lessons, [line for line, _ in game_lines()])
        assert set(home.by_id) == set(english), "every line translated, and no line that is gone"
        stale = [line_id for line_id, entry in home.by_id.items() if entry.en != english[line_id]]
        assert stale == [], "every translation made from the English as it is now"


# -- .po files for translators -----------------------------------------------------------------------------
def test_a_po_export_and_import_without_change_rewrites_nothing_and_a_filled_in_po_comes_back(tmp_path):
    import polib

    from game.languages.po import export_po, import_po

    folder = tmp_path / "lessons"
    lesson = partial_polish(folder)
    library = LessonLibrary.load(LessonLoader(PictureCatalog()), [folder])
    game_folder = tmp_path / "translations"
    game_folder.mkdir()

    def units(code):
        from game.languages.po import game_unit, lesson_units

        return lesson_units(library.lessons, code) + [game_unit(code, game_lines(), game_folder)]

    overlay = lesson.with_name("a-worried-feeling.pl.yaml")
    before = overlay.read_bytes()
    po_path = tmp_path / "pl.po"
    export_po("pl", units("pl")).save(str(po_path))
    written, notes = import_po(po_path, units)
    assert written == [] and notes == [] and overlay.read_bytes() == before, "a round trip changes nothing"
    po = polib.pofile(str(po_path))
    entry = po.find("He scores a goal! Kofi feels happy.", msgctxt="tell-worried-feeling.kofi-plays.2")
    assert entry.msgstr == "" and entry.occurrences == [(str(lesson), str(entry.occurrences[0][1]))]
    assert "picture: Kofi, happy, with soccer ball" in entry.comment
    assert po.find("Cześć! Jestem sowa Ollie.", by="msgstr").msgctxt == "tell-worried-feeling.ollie-hello.1"
    entry.msgstr = "Strzela gola! Kofi jest szczęśliwy."
    po.find("Welcome to SMART Stars! Tap a letter to play.").msgstr = "Witaj w SMART Stars!"
    po.save(str(po_path))
    written, notes = import_po(po_path, units)
    assert set(written) == {overlay, game_folder / "game.pl.yaml"}
    back = read_overlay(overlay).entries["tell-worried-feeling.kofi-plays.2"]
    assert (back.text, back.en) == ("Strzela gola! Kofi jest szczęśliwy.", "He scores a goal! Kofi feels happy.")
    assert read_overlay(game_folder / "game.pl.yaml").entries["ui.home.welcome"].text == "Witaj w SMART Stars!"
    again = tmp_path / "again.po"
    export_po("pl", units("pl")).save(str(again))
    assert import_po(again, units) == ([], []), "exported again and imported: nothing changes"


def test_an_out_of_date_line_goes_out_fuzzy_and_stays_out_of_date_until_confirmed(tmp_path):
    import polib

    from game.languages.po import export_po, game_unit, import_po, lesson_units

    folder = tmp_path / "lessons"
    lesson = partial_polish(folder)
    overlay = lesson.with_name("a-worried-feeling.pl.yaml")
    overlay.write_text(overlay.read_text(encoding="utf-8").replace("en: A worried feeling", "en: Worried"),
                       encoding="utf-8")
    library = LessonLibrary.load(LessonLoader(PictureCatalog()), [folder])

    def units(code):
        return lesson_units(library.lessons, code) + [game_unit(code, [], tmp_path)]

    po_path = tmp_path / "pl.po"
    export_po("pl", units("pl")).save(str(po_path))
    entry = polib.pofile(str(po_path)).find("A worried feeling", msgctxt="tell-worried-feeling.title")
    assert "fuzzy" in entry.flags and entry.previous_msgid == "Worried"
    assert import_po(po_path, units) == ([], [])
    assert read_overlay(overlay).entries["tell-worried-feeling.title"].en == "Worried"


# -- scripts: right to left, joined, shaped ------------------------------------------------------------------
def ink_runs(surface: pygame.Surface) -> list[tuple[int, int]]:
    """The runs of columns holding ink, left to right."""
    width, height = surface.get_size()
    columns = [any(surface.get_at((x, y)).a > 128 for y in range(height)) for x in range(width)]
    runs, start = [], None
    for x, inked in enumerate(columns + [False]):
        if inked and start is None:
            start = x
        elif not inked and start is not None:
            runs.append((start, x))
            start = None
    return runs


def test_urdu_is_drawn_right_to_left_with_its_letters_joined(cache_dir):
    from game.frame.fonts import FontBook
    from game.languages.catalogue import LANGUAGES
    from game.languages.home import HomeLanguage
    from game.languages.text import ScriptFonts, font_path
    from game.frame.text import TextRenderer

    pygame.font.init()
    urdu = ScriptFonts.for_language(LANGUAGES["ur"]).get(60)
    unshaped = pygame.font.Font(str(font_path("arabic")), 60)
    word = "بتانا"
    assert urdu.size(word)[0] < 0.7 * sum(urdu.size(letter)[0] for letter in word), "joined, not letter by letter"
    assert unshaped.size(word)[0] == sum(unshaped.size(letter)[0] for letter in word), "without set_script: unjoined"
    # "ا ششش": the thin alef comes first, so right to left it is drawn at the right end.
    runs = ink_runs(urdu.render("ا ششش", True, (0, 0, 0)))
    assert len(runs) == 2 and runs[1][1] - runs[1][0] < (runs[0][1] - runs[0][0]) / 4, runs
    left_to_right = ink_runs(unshaped.render("ا ششش", True, (0, 0, 0)))
    assert left_to_right[0][1] - left_to_right[0][0] < 15, "unshaped, the alef would be on the left"
    # Through the game's own text renderer, as a caption in Urdu: the same pixels as the shaped reference.
    text = TextRenderer(FontBook(cache_dir))
    home = HomeLanguage(LANGUAGES["ur"], by_english={"Tell Dad": "ابو کو بتانا"})
    text.home = HomeText(home, ScriptFonts.for_language(LANGUAGES["ur"]))
    drawn = text.fit("ابو کو بتانا", (2000, 200), (0, 0, 0), 60)
    reference = text.home.fonts.get(drawn.get_height() and text.fitting_size("ابو کو بتانا", (2000, 200), 60,
                                                                             10, text.home.fonts))
    expected = reference.render("ابو کو بتانا", True, (0, 0, 0))
    assert drawn.get_size() == expected.get_size()
    assert ink_runs(drawn) == ink_runs(expected)
    # The English with the Urdu under it: taller than the English alone.
    assert text.fit("Tell Dad", (600, 300), (0, 0, 0), 60).get_height() > TextRenderer(FontBook(cache_dir)).fit(
        "Tell Dad", (600, 300), (0, 0, 0), 60).get_height()


def test_tamil_vowel_signs_are_placed_as_the_script_writes_them():
    """கெ is ka then the vowel sign e in memory, but the sign is written before (left of) the ka."""
    from game.languages.catalogue import LANGUAGES
    from game.languages.text import ScriptFonts, font_path

    pygame.font.init()
    tamil = ScriptFonts.for_language(LANGUAGES["ta"]).get(60)
    unshaped = pygame.font.Font(str(font_path("tamil")), 60)

    def alpha(surface, run):
        return [surface.get_at((x, y)).a > 128 for x in range(*run) for y in range(surface.get_height())]

    def ka_is(font, index) -> bool:
        ka = font.render("க", True, (0, 0, 0))
        both = font.render("கெ", True, (0, 0, 0))
        runs = ink_runs(both)
        ka_run = ink_runs(ka)[0]
        width = ka_run[1] - ka_run[0]
        run = runs[index]
        if run[1] - run[0] != width or ka.get_height() != both.get_height():
            return False
        same = sum(a == b for a, b in zip(alpha(ka, ka_run), alpha(both, run)))
        return same / len(alpha(ka, ka_run)) > 0.97

    assert ka_is(tamil, -1) and not ka_is(tamil, 0), "shaped: the vowel sign first, the ka after it"
    assert ka_is(unshaped, 0), "unshaped, the ka would come first"


def test_a_name_with_a_letter_fredoka_lacks_is_drawn_in_noto_sans(cache_dir):
    from game.frame.fonts import FontBook
    from game.frame.text import TextRenderer

    text = TextRenderer(FontBook(cache_dir))
    assert text._book_for("Nguyễn") is not text.fonts and text._book_for("Priya") is text.fonts
    with_tilde = text.fit("ễ", (400, 200), (0, 0, 0), 80)
    without = text.fit("ê", (400, 200), (0, 0, 0), 80)
    assert pygame.image.tobytes(with_tilde, "RGBA") != pygame.image.tobytes(without, "RGBA") or \
        with_tilde.get_size() != without.get_size()


# -- a home-language voice -------------------------------------------------------------------------------------
def test_a_polish_line_is_spoken_by_the_polish_espeak_voice_through_the_speech_worker(tmp_path):
    """In a fresh process (pyttsx3 keeps one engine per process): the real pipeline, as the narrator uses it."""
    import subprocess
    import sys
    import wave

    code = f"""
from pathlib import Path
from game.speech.cache import SpeechCache, VoiceKey
from game.speech.tts import Pyttsx3Engine
from game.speech.worker import SpeechJob, SpeechPipeline
out = Path({str(tmp_path)!r})
pipeline = SpeechPipeline(SpeechCache(out / "speech"), lambda: Pyttsx3Engine(None, 140), None).start()
key = VoiceKey("espeak", "auto", 140)
text = "Cześć! Jestem sowa Ollie."
pipeline.submit(SpeechJob(1, text, key.for_text(text, "pl"), language="pl"))
pipeline.submit(SpeechJob(2, text, key.for_text(text)))
pipeline.submit(SpeechJob(3, "ابو کو بتانا", key.for_text("ابو کو بتانا", "ur"), language="ur"))
assert pipeline.wait_idle(60)
for result in sorted(pipeline.results(), key=lambda r: r.ticket):
    print(result.ticket, result.path, result.error)
pipeline.close()
"""
    result = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[1],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    rows = [line.split(" ", 2) for line in result.stdout.strip().splitlines()]
    assert [row[0] for row in rows] == ["1", "2", "3"] and all(row[2] == "None" for row in rows), rows

    def samples(path):
        with wave.open(path, "rb") as file:
            return file.readframes(file.getnframes())

    polish, english, urdu = (samples(row[1]) for row in rows)
    assert len(polish) > 10_000 and len(urdu) > 10_000, "the home-language lines have sound"
    assert polish != english, "the Polish voice, not the English one reading Polish letters"
