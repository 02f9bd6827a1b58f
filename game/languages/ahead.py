"""Home-language lines to speak ahead of time (``play.py narrate``), so a tablet need not synthesise them in class.

For each language that has a translation beside the lessons (or of the game's own lines), every
translated line becomes a line in that language (``Line.lang`` set), exactly as the bilingual narrator
hands it to the speech worker while a child plays: the same text, the same language, so the same cache
key, and the game then plays the file made here. A line the translation gives a recording for needs
no voice; a language espeak-ng has no voice for (Somali, Pashto) is listed with a note instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from ..lessons.basics import Line
from .catalogue import Language, language
from .overlay import GAME_LINES_DIR, OVERLAY_NAME


@dataclass
class HomeLines:
    language: Language
    to_speak: list[Line] = field(default_factory=list)  # translated lines a voice says
    recorded: int = 0  # translated lines with a speaker's recording: nothing to render
    unvoiced: int = 0  # translated lines no voice can say (heard in English unless recorded)

    @property
    def note(self) -> str:
        """For the teacher running narrate: what is not spoken in this language, and why."""
        if self.language.voice is None and self.unvoiced:
            return (f"{self.language.name} ({self.language.code}): no computer voice speaks {self.language.name}, "
                    f"so {self.unvoiced} translated lines are heard in English unless a recording is added "
                    "('audio:' in the translation)")
        return ""


def translated_languages(lesson_paths: Iterable[Path], game_folder: Path = GAME_LINES_DIR) -> list[str]:
    """The codes of every language with a translation beside these lessons or of the game's own lines."""
    found: set[str] = set()
    folders = {path.parent for path in lesson_paths}
    stems = {(path.parent, path.stem) for path in lesson_paths}
    for folder in folders:
        for candidate in folder.glob("*.*.y*ml"):
            match = OVERLAY_NAME.match(candidate.name)
            if match and (folder, match.group("stem")) in stems:
                found.add(match.group("code"))
    for candidate in game_folder.glob("game.*.y*ml"):
        match = OVERLAY_NAME.match(candidate.name)
        if match:
            found.add(match.group("code"))
    return sorted(found)


def home_lines(lessons: Sequence, english: Sequence[Line], game_lines: list[Line],
               game_folder: Path = GAME_LINES_DIR) -> list[HomeLines]:
    """Each translated language's lines to speak (slow: reads every translation file)."""
    from .home import load

    out = []
    for code in translated_languages([lesson.path for lesson in lessons], game_folder):
        known = language(code)
        home = load(code, "home", lessons, game_lines, game_folder) if known is not None else None
        if home is None:
            continue  # a code the game does not know: `check` says so
        found = HomeLines(known)
        seen: set[str] = set()
        for line in english:
            said = home.home_line(line)
            if said is None or said.id in seen:
                continue
            seen.add(said.id)
            if said.audio is not None:
                found.recorded += 1
            elif known.voice is None:
                found.unvoiced += 1
            else:
                found.to_speak.append(said)
        out.append(found)
    return out
