"""The recurring cast (assets/cast.yaml): who each character is, how they look, and their feelings.

A lesson writes ``picture: {character: sam, feeling: worried}``; this module turns that into what
the render process (game/cast/render_process.py) draws: DiceBear options for one character with one
feeling's eyes, eyebrows and mouth, or an OpenMoji picture for a character that is one (Ollie).
It only reads the YAML and builds plain dicts: DiceBear and resvg are never imported here, so the
game's own process stays free of them (they run in the render process, off the frame loop).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

CAST_PATH = Path(__file__).resolve().parents[2] / "assets" / "cast.yaml"

# cast.yaml's words for DiceBear's Toon Head options (see dicebear_styles/toon-head.json).
_LOOK_OPTIONS = {
    "skin": "skinColor",
    "hair_colour": "hairColor",
    "clothes_colour": "clothesColor",
    "hair": "hairVariant",
    "back_hair": "rearHairVariant",
    "beard": "beardVariant",
    "clothes": "clothesVariant",
}
_FACE_PARTS = ("eyes", "eyebrows", "mouth")
_ALWAYS_OFF = ("rearHair", "beard")  # drawn only when a character names one: no beard by chance


class CastProblem(Exception):
    """assets/cast.yaml is damaged: the message names the file and what is wrong."""


@dataclass(frozen=True)
class Character:
    id: str
    name: str  # how the guide says it ("Sam", "your carer")
    emoji: str | None = None  # drawn as this OpenMoji picture instead (Ollie the owl)
    faceless: bool = False  # someone online: no face at all, whatever they feel
    look: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Cast:
    style: str
    feelings: dict[str, dict[str, str]]
    characters: dict[str, Character]
    source: Path = CAST_PATH

    def character(self, name: str) -> Character | None:
        return self.characters.get(_key(name))

    def has_feeling(self, name: str) -> bool:
        return _key(name) in self.feelings

    def dicebear_options(self, character: Character, feeling: str) -> dict[str, Any]:
        """The DiceBear options drawing ``character`` with ``feeling`` (both known)."""
        options: dict[str, Any] = {"seed": character.id}
        for part in _ALWAYS_OFF:
            options[f"{part}Probability"] = 0
        for word, option in _LOOK_OPTIONS.items():
            if word not in character.look:
                continue
            value = str(character.look[word])
            if option.endswith("Color"):
                options[option] = [value.lstrip("#").lower()]
            else:
                options[option] = [value]
                options[option.replace("Variant", "Probability")] = 100
        face = self.feelings[_key(feeling)]
        for part in _FACE_PARTS:
            if character.faceless:
                options[f"{part}Probability"] = 0
            else:
                options[f"{part}Variant"] = [face[part]]
        return options

    def unknown_character(self, name: str) -> str:
        """What to tell an author who named a character the cast does not have."""
        return (f"there is no character called '{name}' in the cast.{_did_you_mean(name, self.characters)} "
                f"The cast is: {', '.join(self.characters)}")

    def unknown_feeling(self, name: str) -> str:
        return (f"there is no feeling called '{name}'.{_did_you_mean(name, self.feelings)} "
                f"The feelings are: {', '.join(self.feelings)}")


def _key(name: str) -> str:
    return "-".join(str(name).strip().lower().split())


def _did_you_mean(name: str, known) -> str:
    close = difflib.get_close_matches(_key(name), list(known), n=2, cutoff=0.6)
    return (" Did you mean " + " or ".join(f"'{word}'" for word in close) + "?") if close else ""


@lru_cache(maxsize=4)
def load_cast(path: Path = CAST_PATH) -> Cast:
    """The cast in ``path``, read once. Raises CastProblem (naming the file) if it cannot be used."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise CastProblem(f"{path}: the cast cannot be read ({error})") from None
    try:
        feelings = {str(name): {part: str(face[part]) for part in _FACE_PARTS}
                    for name, face in data["feelings"].items()}
        characters = {}
        for cid, about in data["characters"].items():
            about = dict(about or {})
            characters[str(cid)] = Character(
                id=str(cid), name=str(about.pop("name", cid)),
                emoji=str(about.pop("emoji")) if "emoji" in about else None,
                faceless=bool(about.pop("faceless", False)), look=about)
        return Cast(style=str(data["style"]), feelings=feelings, characters=characters, source=path)
    except (KeyError, TypeError, AttributeError) as error:
        raise CastProblem(f"{path}: the cast is missing or misspells {error}: compare it with the "
                          "comments at the top of the file") from None
