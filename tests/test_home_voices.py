"""Home languages (issue 21): a voice per language, a clear note where none exists, and the translated lines
spoken ahead of time by ``play.py narrate`` and then played from the cache."""

from __future__ import annotations

import subprocess
import sys
import wave
from pathlib import Path
from types import SimpleNamespace

from game.languages.catalogue import LANGUAGES
from game.languages.home import HomeLanguage
from game.languages.overlay import Entry, dump_overlay
from game.lessons.basics import Line
from tests.test_home_languages import WORRIED, partial_polish

ROOT = Path(__file__).resolve().parents[1]
NO_VOICE = ("so", "ps")  # espeak-ng has no Somali or Pashto voice


def run(code: str) -> subprocess.CompletedProcess:
    """In a fresh process: pyttsx3 keeps one espeak engine per process."""
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_each_language_has_its_own_espeak_voice_and_those_without_one_say_so():
    result = run("""
from game.languages.catalogue import LANGUAGES
from game.speech.tts import Pyttsx3Engine
engine = Pyttsx3Engine(None, 140)
for language in LANGUAGES.values():
    voice = engine.language_voice(language.code)
    print(language.code, voice.id if voice else None, ",".join(voice.languages) if voice else "")
""")
    assert result.returncode == 0, result.stderr
    found = {code: (voice, languages) for code, voice, languages in
             (line.split(" ") for line in result.stdout.strip().splitlines())}
    assert set(found) == set(LANGUAGES)
    for code, language in LANGUAGES.items():
        voice, languages = found[code]
        if language.voice is None:
            assert voice == "None", f"{language.name}: espeak-ng has a voice ({voice}): the catalogue should use it"
            assert language.note.startswith(f"No computer voice speaks {language.name}")
        else:
            assert voice != "None", f"{language.name}: the catalogue promises a voice espeak-ng lacks"
            assert code in languages.split(","), f"{language.name} is said by its own voice, not {voice}"
            assert language.note == ""
    assert {code for code, language in LANGUAGES.items() if language.voice is None} == set(NO_VOICE)


def test_a_line_no_voice_can_say_is_heard_from_its_recording_else_in_english(tmp_path):
    english = Line("tell.x.1", "Tell a grown-up.")
    recording = tmp_path / "x.ogg"
    recording.write_bytes(b"")
    for code in NO_VOICE:
        home = HomeLanguage(LANGUAGES[code], by_english={"Tell a grown-up.": "…"})
        assert home.spoken(english) == [english], "no voice and no recording: English only"
        home.by_id["tell.x.1"] = Entry("tell.x.1", "…", english.text, recording)
        said = home.spoken(english)
        assert [line.lang for line in said] == [code, None] and said[0].audio == recording


def test_the_teachers_screen_says_which_languages_have_no_voice():
    from game.scenes.teacher.home_language import HomeLanguageScene

    scene = HomeLanguageScene.__new__(HomeLanguageScene)
    scene.inherited = SimpleNamespace(where=lambda key: "pupil")
    scene.translated = 0
    for code in NO_VOICE:
        name = LANGUAGES[code].name
        assert f"No computer voice speaks {name}: add recordings, or children hear English only." in \
            scene.note(code, "both")
    assert "No computer voice" not in scene.note("pa", "both")


def test_narrate_speaks_the_translations_ahead_and_the_game_plays_those_files(tmp_path):
    lessons = tmp_path / "lessons"
    partial_polish(lessons)  # three lines in Polish
    somali = [Entry("tell-worried-feeling.title", "Walwal", "A worried feeling")]
    (lessons / "a-worried-feeling.so.yaml").write_text(dump_overlay("so", "test", somali), encoding="utf-8")
    no_game_lines = tmp_path / "no-game-translations"
    no_game_lines.mkdir()
    cache, out = tmp_path / "cache", tmp_path / "out"
    result = run(f"""
import io, sys
from pathlib import Path
from game.lessons.library import LessonLibrary
from game.lessons.loader import LessonLoader
from game.lessons.pictures import PictureCatalog
from game.engine.settings import Settings
from game.speech.prerender import prerender
library = LessonLibrary.load(LessonLoader(PictureCatalog()), [Path({str(lessons)!r})])
code = prerender(library, Settings(), Path({str(cache)!r}), Path({str(out)!r}), sys.stdout, io.StringIO(),
                 game_folder=Path({str(no_game_lines)!r}))
sys.exit(code)
""")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Polish (pl): 3 of 3 translated lines spoken in its own voice" in result.stdout
    assert ("Somali (so): no computer voice speaks Somali, so 1 translated lines are heard in English unless a "
            "recording is added") in result.stdout
    polish = sorted(path.stem for path in (out / "pl").glob("*.wav"))
    assert polish == ["tell-worried-feeling.how-kofi-feels.question", "tell-worried-feeling.ollie-hello.1",
                      "tell-worried-feeling.title"]
    assert not (out / "so").exists()
    with wave.open(str(out / "pl" / "tell-worried-feeling.title.wav"), "rb") as file:
        assert file.getnframes() > 1000

    # The game: a narrator with NO speech engine, so a line can only be heard if narrate made its file.
    from game.languages.home import load
    from game.languages.narration import BilingualNarrator
    from game.lessons.library import LessonLibrary
    from game.lessons.loader import LessonLoader
    from game.lessons.pictures import PictureCatalog
    from game.engine.settings import Settings
    from game.speech import voice_key
    from game.speech.cache import SpeechCache
    from game.speech.narrator import SpeechNarrator
    from game.speech.worker import SpeechPipeline

    library = LessonLibrary.load(LessonLoader(PictureCatalog()), [lessons])
    pipeline = SpeechPipeline(SpeechCache(cache / "speech"), None, None).start()
    try:
        narrator = BilingualNarrator(SpeechNarrator(pipeline, None, voice_key(Settings()), Settings()))
        narrator.home = load("pl", "both", library.lessons, [], no_game_lines)
        title = library.lessons[0].title
        untranslated = Line("tell-worried-feeling.not-translated", "A line narrate never saw.")
        narrator.say([title, untranslated])
        assert pipeline.wait_idle(10)
        results = sorted(pipeline.results(), key=lambda result: result.ticket)
    finally:
        pipeline.close()
    polish, english, other = results
    assert polish.error is None and polish.path.read_bytes() == (out / "pl" / f"{title.id}.wav").read_bytes()
    assert english.error is None and english.path.read_bytes() == (out / f"{title.id}.wav").read_bytes()
    assert polish.path != english.path, "the Polish file, not the English one"
    assert other.path is None and other.error, "a line narrate did not make has no file (so the test can fail)"


# -- what is said about the shipped translations ---------------------------------------------------------------
def test_no_shipped_translation_is_presented_as_checked_and_the_readme_says_which_are(tmp_path):
    """Every shipped overlay says in its header and its data that no speaker has checked it; the README's
    table names each shipped language with its real line count as not checked; ``check`` says so too."""
    import re

    from game.languages.overlay import GAME_LINES_DIR, read_overlay
    from game.lessons.check import run_check
    from game.lessons.library import BUILTIN_LESSONS_DIR

    shipped: dict[str, list[Path]] = {}
    for path in [*BUILTIN_LESSONS_DIR.rglob("*.*.yaml"), *GAME_LINES_DIR.glob("game.*.yaml")]:
        shipped.setdefault(read_overlay(path).language, []).append(path)
    assert set(shipped) >= {"pl", "ur"}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("**Which translations ship, and their status.**", 1)[1].split("\n\n", 2)[1]
    for code, paths in shipped.items():
        overlays = [read_overlay(path) for path in paths]
        assert not any(overlay.checked for overlay in overlays), f"{code}: shipped as checked"
        for path in paths:
            header = path.read_text(encoding="utf-8").splitlines()[0]
            assert header.startswith("# ") and "not yet checked by a speaker" in header and "Checked" not in header
        lines = sum(len(overlay.entries) for overlay in overlays)
        row = next((row for row in table.splitlines() if f"(`{code}`)" in row), None)
        assert row is not None, f"the README's table does not list {LANGUAGES[code].name}"
        assert re.search(rf"\b{lines} lines\b", row), f"the README gives {code} a line count other than {lines}"
        assert "**No.** Machine-drafted" in row
    out = tmp_path / "check.txt"
    with out.open("w", encoding="utf-8") as report:
        run_check([], False, report, [])
    for code in shipped:
        assert re.search(rf"translation {code}: .*; none checked by a speaker", out.read_text(encoding="utf-8"))
