"""Home languages (issue 21): Bengali, Gurmukhi (Panjabi) and Gujarati drawn shaped, never as boxes; a
language whose font is missing is heard, not shown, and the teacher's screen says so."""

from __future__ import annotations

import pygame
import pytest

from game.languages import text as script_text
from game.languages.catalogue import LANGUAGES
from game.languages.home import HomeLanguage, HomeText
from game.languages.script_font import completed_font
from game.languages.text import ESTIMATE_PX, ScriptFonts, font_path, missing_letters

# The consonant ka, and the vowel sign i: stored after the ka, written before (left of) it.
PRE_BASE = {"bn": ("ক", "ি"), "pa": ("ਕ", "ਿ"), "gu": ("ક", "િ"), "ta": ("க", "ெ")}
# Two letters joined by the virama into one conjunct: ksa (Bengali, Gujarati), pa with a subjoined ra (Gurmukhi).
CONJUNCT = {"bn": "ক্ষ", "pa": "ਪ੍ਰ", "gu": "ક્ષ"}
# "Tell a grown-up you trust.", as a drafting translator might write it (only the letters matter here).
# With the ASCII punctuation, digits and Latin names translators type: none of the three fonts has them all alone.
SENTENCE = {"bn": "তোমার বিশ্বাসের একজন বড়কে বলো, ঠিক আছে? 1", "pa": "ਕਿਸੇ ਭਰੋਸੇਮੰਦ ਵੱਡੇ ਨੂੰ ਦੱਸੋ, Ollie ਕਹਿੰਦਾ ਹੈ।",
            "gu": "વિશ્વાસુ મોટાને કહો, બરાબર? 1."}


def ink(surface: pygame.Surface) -> list[tuple[int, int]]:
    return [(x, y) for y in range(surface.get_height()) for x in range(surface.get_width())
            if surface.get_at((x, y)).a > 128]


def where_is(part: pygame.Surface, whole: pygame.Surface) -> tuple[float, int]:
    """The horizontal offset at which ``part``'s ink best matches ``whole``'s, and how much of it matches."""
    inked = set(ink(whole))
    own = ink(part)
    best = (0.0, 0)
    for dx in range(-4, whole.get_width() - part.get_width() + 5):
        share = sum((x + dx, y) in inked for x, y in own) / len(own)
        best = max(best, (share, dx))
    return best


@pytest.mark.parametrize("code", ["bn", "pa", "gu"])
def test_the_vowel_sign_i_is_written_before_its_consonant_and_conjuncts_join(code):
    pygame.font.init()
    language = LANGUAGES[code]
    assert language.shown, f"{language.name} has a bundled font"
    shaped = ScriptFonts.for_language(language).get(60)
    unshaped = pygame.font.Font(str(font_path(language.font)), 60)  # the same font, not told its script
    ka, sign = PRE_BASE[code]
    for font, ka_first in ((shaped, False), (unshaped, True)):
        both = font.render(ka + sign, True, (0, 0, 0))
        alone = font.render(ka, True, (0, 0, 0))
        share, offset = where_is(alone, both)
        assert share > 0.97, (code, share)
        if ka_first:
            assert offset <= 1, "without shaping the ka comes first (the test can tell the difference)"
        else:
            assert offset > alone.get_width() // 4, f"{language.name}: the sign is drawn left of the ka ({offset})"
    conjunct = CONJUNCT[code]
    assert shaped.size(conjunct)[0] < 0.75 * unshaped.size(conjunct)[0], "one conjunct, not two letters and a virama"


@pytest.mark.parametrize("code", ["bn", "pa", "gu"])
def test_a_home_language_line_is_drawn_by_the_games_text_renderer_as_the_shaped_reference(code, cache_dir):
    from game.frame.fonts import FontBook
    from game.frame.text import TextRenderer

    pygame.font.init()
    language = LANGUAGES[code]
    text = TextRenderer(FontBook(cache_dir))
    sentence = SENTENCE[code]
    home = HomeLanguage(language, by_english={"Tell a grown-up you trust.": sentence})
    plain = HomeText(home, ScriptFonts.for_language(language))
    assert plain.missing & set(sentence) and plain.translate("Tell a grown-up you trust.") is None, \
        "Noto's own build has no Latin punctuation or digits: that line alone would end in a box"
    completed = completed_font(language.font, cache_dir)
    assert completed is not None and completed.parent == cache_dir
    text.home = HomeText(home, ScriptFonts(completed, language.script, language.rtl))
    assert text.home.missing == set(), "every letter has its glyph: no boxes"
    assert text.home.translate("Tell a grown-up you trust.") == sentence
    drawn = text.fit(sentence, (2400, 200), (0, 0, 0), 60)
    size = text.fitting_size(sentence, (2400, 200), 60, 10, text.home.fonts)
    expected = text.home.fonts.get(size).render(sentence, True, (0, 0, 0))
    assert drawn.get_size() == expected.get_size()
    assert pygame.image.tobytes(drawn, "RGBA") == pygame.image.tobytes(expected, "RGBA")


def test_every_languages_own_name_has_every_glyph_in_its_font_and_a_stray_letter_is_caught():
    pygame.font.init()
    for language in LANGUAGES.values():
        fonts = ScriptFonts.for_language(language)
        assert fonts is not None, f"{language.name}: its font's package is installed"
        assert missing_letters(fonts.get(ESTIMATE_PX), [language.own_name]) == set(), language.name
    gurmukhi = ScriptFonts.for_language(LANGUAGES["pa"]).get(ESTIMATE_PX)
    assert missing_letters(gurmukhi, ["ਪੰਜਾਬੀ বাংলা"]) == set("বাংলা"), "Bengali letters: boxes in a Gurmukhi font"


def test_a_translation_with_a_letter_its_font_lacks_is_shown_in_english_alone():
    pygame.font.init()
    home = HomeLanguage(LANGUAGES["pa"], by_english={"Tell Dad": "ਪਾਪਾ ਨੂੰ ਦੱਸੋ", "Hello": "ਸਤ ਸ੍ਰੀ ਅਕਾਲ বাংলা"})
    shown = HomeText(home, ScriptFonts.for_language(LANGUAGES["pa"]))
    assert shown.translate("Tell Dad") == "ਪਾਪਾ ਨੂੰ ਦੱਸੋ"
    assert shown.translate("Hello") is None, "Bengali letters in a Gurmukhi line would be boxes: English alone"
    assert shown.translate("Tell Dad\nHello") == "ਪਾਪਾ ਨੂੰ ਦੱਸੋ"
    assert not shown.is_home("ਸਤ ਸ੍ਰੀ ਅਕਾਲ বাংলা")


def test_a_language_whose_font_is_missing_is_heard_not_shown_and_the_teacher_is_told(monkeypatch, cache_dir):
    from types import SimpleNamespace

    from game.frame.fonts import FontBook
    from game.languages.home import put_in_force
    from game.frame.text import TextRenderer
    from game.scenes.teacher.home_language import HomeLanguageScene

    pygame.font.init()
    bengali = LANGUAGES["bn"]
    assert bengali.shown and bengali.font_note == ""
    monkeypatch.setitem(script_text.FONT_FILES, "bengali", ("no_such_font_package", "NotoSansBengali[wght].ttf"))
    assert not bengali.shown
    # Put in force: heard (the narrator has the language), but no Bengali is drawn.
    ctx = SimpleNamespace(narrator=SimpleNamespace(home=None), text=TextRenderer(FontBook(cache_dir)), stack=None)
    home = HomeLanguage(bengali, by_english={"Tell Dad": "বাবাকে বলো"})
    put_in_force(ctx, home)
    assert ctx.narrator.home is home and ctx.text.home is None
    # The teacher's screen says why.
    scene = HomeLanguageScene.__new__(HomeLanguageScene)
    scene.inherited = SimpleNamespace(where=lambda key: "class")
    scene.translated = 1
    note = scene.note("bn", "both")
    assert "No font for Bengali's letters is installed" in note and "heard, not shown" in note


def test_a_gujarati_lesson_line_is_shown_under_the_english_in_the_completed_font(make_pilot, tmp_path, cache_dir):
    import shutil

    from game.languages.overlay import dump_overlay, Entry
    from game.languages.text import HOME_INK
    from tests.test_home_languages import WORRIED, a_class_with, has_colour

    lessons = tmp_path / "lessons"
    lessons.mkdir()
    shutil.copy(WORRIED, lessons / WORRIED.name)
    hello = "નમસ્તે! હું ઘુવડ Ollie છું."  # a full stop and a Latin name: Noto's Gujarati alone has neither
    entries = [Entry("tell-worried-feeling.ollie-hello.1", hello, "Hello! I'm Ollie the owl.")]
    (lessons / "a-worried-feeling.gu.yaml").write_text(dump_overlay("gu", "test", entries), encoding="utf-8")
    data_dir = tmp_path / "data"
    player = a_class_with(data_dir, home_language="gu")
    pilot = make_pilot(data_dir=data_dir, lesson_dirs=[lessons])
    app = pilot.app
    app.ctx.recorder.player = player
    pilot.wait_until(lambda: app.ctx.text.home is not None, timeout=30)
    assert app.ctx.text.home.fonts.path == completed_font("gujarati", cache_dir), "made off the frame loop, in the cache"
    assert app.ctx.home_language.missing == frozenset(), "its letters looked up off the frame loop, all drawn"
    assert app.ctx.text.home.missing == set()
    pilot.tap_widget("letter-tell")
    pilot.tap_widget("lesson-tell-worried-feeling")
    pilot.shown()
    story = pilot.scene.widget("story-text")
    assert app.ctx.text.home.translate(story.text) == hello
    assert has_colour(pygame.display.get_surface(), story.rect, HOME_INK), "the Gujarati is drawn under the English"


def test_check_names_a_translated_line_with_a_letter_its_font_cannot_draw(tmp_path):
    import shutil

    from game.languages.check import check_translations
    from game.languages.overlay import Entry, dump_overlay
    from game.lessons.library import LessonLibrary
    from game.lessons.loader import LessonLoader
    from game.lessons.pictures import PictureCatalog
    from tests.test_home_languages import WORRIED

    shutil.copy(WORRIED, tmp_path / WORRIED.name)
    entries = [Entry("tell-worried-feeling.title", "ਚਿੰਤਾ, Ollie!", "A worried feeling"),  # Latin is drawn too
               Entry("tell-worried-feeling.ollie-hello.1", "ਸਤ ਸ੍ਰੀ ਅਕਾਲ বা", "Hello! I'm Ollie the owl.")]
    overlay = tmp_path / "a-worried-feeling.pa.yaml"
    overlay.write_text(dump_overlay("pa", "test", entries), encoding="utf-8")
    library = LessonLibrary.load(LessonLoader(PictureCatalog()), [tmp_path])
    problems, _coverage = check_translations(library.lessons)
    lacking = [problem for problem in problems if "font has no" in problem.message]
    assert len(lacking) == 1, [problem.message for problem in problems]
    assert "'tell-worried-feeling.ollie-hello.1'" in lacking[0].message and "'ব' (U+09AC)" in lacking[0].message
    line = overlay.read_text(encoding="utf-8").splitlines()[lacking[0].line - 1]
    assert "tell-worried-feeling.ollie-hello.1" in line, "reported at the line that holds it"
