"""Picture checks: where the pictures alone would point a child who cannot read the wrong way.

A non-reader chooses by picture. So, as warnings for `play.py check`:
- an answer (or spot, face or sort card) showing a SMART letter tile's picture: children know it as
  that rule ("M is for Meeting" is a slide) and may pick it for that reason alone;
- anything a child taps in a scene (sort groups too) showing one of the game's own button icons or
  answer marks (the home and speaker buttons, the next arrow, the tick and the cross, ...): it looks
  like that button, or like an answer already marked right or wrong;
- two answers (or spots, or sort cards, or the two sort groups) in one scene whose pictures look
  alike: the same picture, or two in one of the look-alike groups below.
"Looks like" means the same picture, the same emoji in another skin tone, or a look-alike below.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable, NamedTuple

from .letters import LETTERS
from .kinds import asks_question
from .model import Answer, Lesson, PictureRef

# Emoji that OpenMoji draws so alike that a child choosing by picture cannot tell them apart
# (two pictures look alike when one group holds both). Add a group when a look-alike pair is found.
# Skin tones and the emoji variation selector are ignored before comparing (see _key).
LOOK_ALIKE: tuple[frozenset[str], ...] = (
    # A head and shoulders in a blue top, with short hair (person, man, boy, child, blond man) ...
    frozenset({"🧑", "👨", "👦", "🧒", "👱", "👱\u200d♂"}),
    # ... or longer hair (person, woman, girl, blond woman). Red, curly, white or no hair, a beard,
    # glasses or a headscarf tell people apart.
    frozenset({"🧑", "👩", "👧", "👱\u200d♀"}),
    # A grown-up with one child: told apart only by the grown-up's hair.
    frozenset({"👩\u200d👦", "👨\u200d👦", "👩\u200d👧", "👨\u200d👧"}),
    frozenset({"👩\u200d🏫", "👨\u200d🏫", "🧑\u200d🏫"}),  # teachers at a board
    frozenset({"😀", "😃", "😄", "😁"}),  # big grins
    frozenset({"😟", "🙁", "☹"}),  # a small frown
    # What looks like the game's own buttons and marks (game/engine/ui_emoji.py).
    frozenset({"🏠", "🏡", "🏘", "🏚"}),  # a house: the home button
    frozenset({"🔊", "🔉", "🔈", "📢"}),  # a grey speaker: the speaker button
    frozenset({"✅", "✔", "☑"}),  # a green tick: the right-answer mark
    frozenset({"❌", "✖", "❎"}),  # a red cross: the wrong-answer mark
    frozenset({"🔒", "🔐", "🔏"}),  # padlocks: the S tile
    frozenset({"📨", "📩", "✉", "📧"}),  # envelopes: the A tile
)

# The game's icons that are not on a button or mark a child could take an answer for (decoration).
NOT_BUTTONS = frozenset({"star", "badge", "title"})

# How to name each game icon in a message (others: their key, in words).
BUTTON_WORDS = {
    "home": "home button", "speaker": "speaker button (say it again)", "next": "next arrow", "back": "back arrow",
    "right": "tick that marks a right answer", "wrong": "cross that marks a wrong answer",
    "about": "information button", "again": "play-again button", "more": "more-lessons button",
    "certificate": "certificate button", "worry": "talk-to-a-grown-up button", "save": "save button",
    "previous-page": "page arrows", "next-page": "page arrows",
}

_SKIN_TONES = {chr(code) for code in range(0x1F3FB, 0x1F400)}


class Choice(NamedTuple):
    """Something a child chooses by its picture, and where it is written."""

    what: str  # "the answer 'go-to-park'", for messages
    picture: PictureRef
    line: int
    is_answer: bool  # an answer, spot, face or sort card (a sort group is not)


def _emoji_of(path: Path) -> str | None:
    """The emoji an OpenMoji file draws, from its name (1F469-200D-1F466.svg); None for a lesson's own file."""
    try:
        return "".join(chr(int(part, 16)) for part in path.stem.split("-"))
    except ValueError:
        return None


def _key(text: str) -> str:
    """An emoji without skin tones or variation selectors: the shape a child sees."""
    return "".join(char for char in text if char not in _SKIN_TONES and char != "\ufe0f")


_LOOK_ALIKE_KEYS = tuple(frozenset(_key(item) for item in group) for group in LOOK_ALIKE)


def _picture_key(picture: PictureRef, openmoji_dir: Path) -> str:
    emoji = _emoji_of(picture.path) if picture.path.parent == openmoji_dir else None
    return _key(emoji) if emoji else str(picture.path)


def looks_alike(first: str, second: str) -> bool:
    """Two picture keys (from _picture_key) a child would take for the same picture."""
    return first == second or any(first in group and second in group for group in _LOOK_ALIKE_KEYS)


def _game_icons() -> dict[str, str]:
    """The game's own button icons and answer marks: key -> emoji (from the screens' own table)."""
    from ..engine.ui_emoji import UI_EMOJI

    return {name: _key(emoji) for name, emoji in UI_EMOJI.items() if name not in NOT_BUTTONS}


def _choice_groups(lesson: Lesson, id_line: int) -> Iterable[tuple[object, list[Choice]]]:
    """Each question scene with the things a child chooses in it, each list judged for look-alikes apart."""
    def line(answer: Answer, fallback: int) -> int:
        return answer.text.source_line or answer.feedback.source_line or fallback

    for scene in lesson.scenes:
        question_line = getattr(getattr(scene, "question", None), "source_line", 0) or id_line
        if scene.kind == "sort":
            yield scene, [Choice(f"the sort card '{item.id}'", item.picture, item.text.source_line or question_line, True)
                          for item in scene.items]
            yield scene, [Choice(f"the sort group '{group.id}'", group.picture, group.text.source_line or question_line,
                                 False) for group in scene.groups]
        elif asks_question(scene):
            noun = {"hotspot": "spot", "feelings": "face"}.get(scene.kind, "answer")
            yield scene, [Choice(f"the {noun} '{answer.id}'", answer.picture, line(answer, question_line), True)
                          for answer in scene.answers if answer.picture is not None]


def picture_warnings(lesson: Lesson, openmoji_dir: Path, id_line: int) -> list[tuple[int, str]]:
    """(line, message) for every picture that would point a non-reader the wrong way."""
    found: list[tuple[int, str]] = []
    tiles = {_key(letter.picture): letter for letter in LETTERS}
    icons = _game_icons()
    for scene, choices in _choice_groups(lesson, id_line):
        keys = [_picture_key(choice.picture, openmoji_dir) for choice in choices]
        for choice, key in zip(choices, keys):
            if choice.is_answer:
                letter = next((tiles[tile] for tile in tiles if looks_alike(key, tile)), None)
                if letter is not None:
                    found.append((choice.line, f"{choice.what} shows '{choice.picture.label}', which is the "
                                               f"{letter.letter} for {letter.word} tile's picture: children who choose "
                                               "by picture may pick it because of the tile, so choose another picture"))
            button = next((name for name, icon in icons.items() if looks_alike(key, icon)), None)
            if button is not None:
                words = BUTTON_WORDS.get(button, button.replace("-", " ") + " button")
                found.append((choice.line, f"{choice.what} shows '{choice.picture.label}', which looks like the "
                                           f"game's own {words}: children may take it for that, so choose another picture"))
        for index, (choice, key) in enumerate(zip(choices, keys)):
            for twin in [other for other, other_key in zip(choices[:index], keys[:index]) if looks_alike(key, other_key)]:
                same = "the same picture" if twin.picture.path == choice.picture.path else "pictures that look alike"
                found.append((choice.line, f"{twin.what} and {choice.what} in '{scene.id}' have {same} "
                                           f"('{twin.picture.label}' and '{choice.picture.label}'): children who "
                                           "choose by picture cannot tell them apart, so choose pictures that look different"))
    return found
