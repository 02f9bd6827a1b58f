"""The home language in force for whoever plays: its translations, looked up by line id or English text.

Chosen by the teacher as a preference (per class or per pupil, game/progress/preferences.py). When it changes,
the translation files are read on the teacher-change worker (never the frame loop), then put in force
on the frame loop: the narrator says each line in the home language and/or English, and the text
renderer draws the translation under the English. A line with no translation stays English alone.
An out-of-date line (the English changed since it was translated) is still used; ``check`` lists it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from ..progress import preferences
from ..lessons.basics import Line
from .catalogue import LANGUAGES, MODES, Language, language
from .overlay import Entry, game_overlay_path, overlay_path, read_overlay
from .text import ESTIMATE_PX, ScriptFonts, font_letters, font_path, letters_of, missing_letters

if TYPE_CHECKING:
    from ..engine.context import Context
    from ..lessons.model import Lesson

HOME_LANGUAGE = preferences.declare(
    "home_language", "", choices=("",) + tuple(LANGUAGES),
    words="The language spoken at home: each line is said in it and in English, and shown under the English")
LANGUAGE_MODE = preferences.declare(
    "language_mode", "both", choices=MODES,
    words="Hear the home language and then English, only the home language, or only English")


@dataclass
class HomeLanguage:
    language: Language
    mode: str = "both"
    by_id: dict[str, Entry] = field(default_factory=dict)
    by_english: dict[str, str] = field(default_factory=dict)  # the English as the game has it now -> translation
    font_file: Path | None = None  # the script's font with Latin added (languages/script_font.py), if made
    missing: frozenset[str] | None = None  # letters of its translations the font lacks, if looked up off the loop

    def texts(self) -> set[str]:
        """Every translated text."""
        return set(self.by_english.values()) | {entry.text for entry in self.by_id.values()}

    def home_line(self, line: Line) -> Line | None:
        """The line in the home language, or None if it has no translation."""
        entry = self.by_id.get(line.id)
        if entry is not None:
            return Line(line.id, entry.text, entry.audio, line.source_line, self.language.code)
        text = self.by_english.get(line.text)
        return Line(line.id, text, None, line.source_line, self.language.code) if text else None

    def spoken(self, line: Line) -> list[Line]:
        """What the child hears for one English line, as the teacher set it."""
        if line.lang is not None or self.mode == "english":
            return [line]
        home = self.home_line(line)
        if home is None:
            return [line]  # no translation: English, so nothing is left unsaid
        if self.language.voice is None and home.audio is None:
            return [line]  # nothing can say it: English only (the teacher's screen says so)
        return [home] if self.mode == "home" else [home, line]


def load(code: str, mode: str, lessons: Iterable["Lesson"], game_lines: list[Line],
         game_folder: Path | None = None) -> HomeLanguage | None:
    """Read every translation into ``code`` (slow: run off the frame loop). None if it is not a language."""
    found = language(code)
    if found is None:
        return None
    home = HomeLanguage(found, mode if mode in MODES else "both")

    def take(path: Path, lines: list[Line]) -> None:
        if not path.is_file():
            return
        overlay = read_overlay(path)
        home.by_id.update(overlay.entries)
        for line in lines:
            entry = overlay.entries.get(line.id)
            if entry is not None:
                home.by_english.setdefault(line.text, entry.text)

    for lesson in lessons:
        take(overlay_path(lesson.path, code), lesson.spoken_lines())
    take(game_overlay_path(code) if game_folder is None else game_overlay_path(code, game_folder), game_lines)
    return home


class HomeText:
    """What the text renderer needs: a text's translation, and the fonts that draw it."""

    def __init__(self, home: HomeLanguage, fonts: ScriptFonts) -> None:
        self.home = home
        self.fonts = fonts
        self.rtl = home.language.rtl
        self.key = (home.language.code, id(home))
        texts = home.texts()
        # A letter the font has no glyph for would be drawn as a box: such a line is shown in English alone
        # (it is still heard). ``use`` looks them up off the frame loop; else (tools, tests) SDL_ttf does.
        self.missing = set(home.missing) if home.missing is not None else missing_letters(fonts.get(ESTIMATE_PX),
                                                                                            texts)
        self._home_texts = {text for text in texts if self.drawable(text)}

    def drawable(self, text: str) -> bool:
        return not self.missing or self.missing.isdisjoint(text)

    def translate(self, text: str) -> str | None:
        """The translation of an English text (each paragraph of a story page on its own); None if none,
        or if the font lacks one of its letters."""
        if text in self.home.by_english:
            found = self.home.by_english[text]
            return found if self.drawable(found) else None
        if "\n" not in text:
            return None
        parts = [self.home.by_english.get(paragraph) for paragraph in text.split("\n")]
        parts = [part if part and self.drawable(part) else None for part in parts]
        return "\n".join(part for part in parts if part) if any(parts) else None

    def is_home(self, text: str) -> bool:
        return text in self._home_texts


def put_in_force(ctx: "Context", home: HomeLanguage | None) -> None:
    """On the frame loop: speech, and the words on screen, follow this home language (None: English)."""
    ctx.home_language = home
    narrator = ctx.narrator
    if hasattr(narrator, "home"):
        narrator.home = home
    fonts = None
    if home is not None and home.font_file is not None:
        fonts = ScriptFonts(home.font_file, home.language.script, home.language.rtl)
    elif home is not None and home.language.font != "none":
        fonts = ScriptFonts.for_language(home.language)
    ctx.text.home = HomeText(home, fonts) if home is not None and fonts is not None else None
    top = getattr(ctx.stack, "top", None)
    if top is not None:
        top.rebuild()


def follow_home_language(ctx: "Context") -> None:
    """Whenever the preferences in force change, read the chosen language's translations off the frame loop."""
    wanted: list[tuple[str, str]] = [("", "both")]

    def changed(found: "preferences.Preferences") -> None:
        code, mode = found.get("home_language") or "", found.get("language_mode")
        if (code, mode) == wanted[0]:
            return
        wanted[0] = (code, mode)
        if not code:
            put_in_force(ctx, None)
            return

        use(ctx, code, mode, still_wanted=lambda: wanted[0] == (code, mode))

    ctx.preference_listeners.append(changed)
    changed(ctx.preferences)


def use(ctx: "Context", code: str, mode: str = "both", still_wanted=lambda: True) -> None:
    """Read ``code``'s translations on the teacher-change worker, then put them in force on the frame loop
    (unless ``still_wanted()`` says the choice has changed meanwhile). Benchmarks call it directly."""
    from .game_lines import game_lines

    def work() -> None:
        home = load(code, mode, ctx.library.lessons, [line for line, _where in game_lines()])
        cache_dir = getattr(ctx.text.fonts, "cache_dir", None)
        if home is not None and cache_dir is not None:
            from .script_font import completed_font

            home.font_file = completed_font(home.language.font, cache_dir)  # slow the first time: off the frame loop
        font = (home.font_file or font_path(home.language.font)) if home is not None else None
        if home is not None and font is not None:
            try:
                drawn = font_letters(font, cache_dir)
                home.missing = frozenset(char for char in letters_of(home.texts()) if ord(char) not in drawn)
            except Exception:  # noqa: BLE001 - an unreadable font: SDL_ttf looks the letters up instead
                home.missing = None

        def apply() -> None:
            if still_wanted():
                put_in_force(ctx, home)

        ctx.on_frame_loop(apply)

    ctx.jobs.submit(work, lane="languages", then=lambda _result: None)  # a failure is logged
