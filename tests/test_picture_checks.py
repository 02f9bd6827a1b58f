"""`check` warns where pictures alone would point a child who cannot read the wrong way (issue 18, item 8)."""

from __future__ import annotations

import json

import pytest

from game.engine.ui_emoji import UI_EMOJI
from game.lessons.library import BUILTIN_LESSONS_DIR, LessonLibrary
from game.lessons.loader import LessonLoader
from game.lessons.picture_checks import NOT_BUTTONS
from game.lessons.pictures import PictureCatalog
from game.lessons.letters import LETTERS

HEAD = """\
id: pictures
letter: T
title: Pictures
year: Year 1
outcomes: [I can identify who can help me if something happens online without my consent.]
rule: T is for Tell. Tell a grown-up you trust.
scenes:
"""


@pytest.fixture(scope="module")
def loader() -> LessonLoader:
    return LessonLoader(PictureCatalog())


def warnings_for(loader, tmp_path, scenes: str) -> list[tuple[int, str]]:
    folder = tmp_path / "tell"
    folder.mkdir(exist_ok=True)
    path = folder / "pictures.yaml"
    path.write_text(HEAD + scenes, encoding="utf-8")
    result = loader.load(path)
    assert not result.errors, [p.format() for p in result.errors]
    return [(p.line, p.message) for p in result.problems if p.severity == "warning"]


def answer(answer_id: str, picture: str, right: bool = False) -> str:
    return (f"      - {{id: {answer_id}, text: {answer_id}, picture: {json.dumps(picture, ensure_ascii=False)}, "
            f"right: {'true' if right else 'false'}, feedback: \"Said for {answer_id}.\"}}\n")


def test_an_answer_showing_a_letter_tile_picture_is_warned_about(loader, tmp_path):
    """Every SMART letter's tile picture (game/lessons/letters.py), as a wrong answer and as a right one."""
    scenes = "  - id: tiles\n    kind: tap-all\n    question: Tap them.\n    done: Done!\n    answers:\n"
    scenes += answer("fine", "dog face", right=True)
    for letter in LETTERS:
        scenes += answer(f"tile-{letter.key}", letter.picture, right=letter.key == "tell")
    found = warnings_for(loader, tmp_path, scenes)
    for number, letter in enumerate(LETTERS):
        line = 14 + number  # the HEAD (7 lines), the scene's five and the first answer come before
        assert any(at == line and f"the answer 'tile-{letter.key}'" in message
                   and f"{letter.letter} for {letter.word} tile's picture" in message for at, message in found), (letter, found)
    assert not any("'fine'" in message for _, message in found)


def test_the_issues_pictures_are_warned_about(loader, tmp_path):
    """The cases a teacher found: Tell Kofi with the T picture, the M slide as "Go to the park", a hotspot
    whose wrong spots are the game's speaker and home icons, Mum and "your carer", Kofi and Dad."""
    scenes = (
        "  - id: password\n    kind: choose\n    question: What should Leo do?\n    answers:\n"
        + answer("say-no", "person gesturing NO", right=True)
        + answer("tell-kofi", "speaking head")
        + answer("go-to-park", "playground slide")
        + "  - id: phone\n    kind: hotspot\n    picture: mobile phone\n    question: Which turns it off?\n    spots:\n"
        "      - {id: off, text: Off, picture: mobile phone off, at: [50, 20], right: true, feedback: Yes!}\n"
        "      - {id: louder, text: Louder, picture: speaker high volume, at: [20, 80], feedback: \"Hmm, louder.\"}\n"
        "      - {id: home, text: Home, picture: house, at: [80, 80], feedback: \"Hmm, home.\"}\n"
        "  - id: who\n    kind: tap-all\n    question: Who can you tell?\n    done: Well done!\n    answers:\n"
        + answer("mum", "woman", right=True) + answer("carer", "person", right=True)
        + answer("kofi", "boy") + answer("dad", "man", right=True)
    )
    found = warnings_for(loader, tmp_path, scenes)
    text = "\n".join(f"{line}: {message}" for line, message in found)
    assert any(line == 13 and "'tell-kofi' shows 'speaking head'" in m and "T for Tell" in m for line, m in found), text
    assert any(line == 14 and "'go-to-park' shows 'playground slide'" in m and "M for Meeting" in m for line, m in found), text
    assert any(line == 21 and "spot 'louder'" in m and "speaker button" in m for line, m in found), text
    assert any(line == 22 and "spot 'home'" in m and "home button" in m for line, m in found), text
    assert any(line == 29 and "'mum' and the answer 'carer'" in m and "look alike" in m for line, m in found), text
    assert any(line == 31 and "'kofi' and the answer 'dad'" in m for line, m in found), text
    assert any(line == 31 and "'carer' and the answer 'dad'" in m for line, m in found), text  # every pair is named
    assert len(found) == 8, text  # nothing else: the right answer's own picture, the off spot, Mum and Kofi are fine


def test_every_game_button_icon_is_warned_about_and_pictures_like_them_too(loader, tmp_path):
    """The icons of the game's own buttons and marks (game/engine/ui_emoji.py), on answers, sort cards and groups."""
    icons = [emoji for name, emoji in UI_EMOJI.items() if name not in NOT_BUTTONS]
    look_alikes = ["house with garden", "loudspeaker", "heavy check mark"]  # a house, a speaker, a tick
    pictures = icons + look_alikes
    scenes = ""
    for start in range(0, len(pictures), 5):
        scenes += (f"  - id: icons-{start}\n    kind: tap-all\n    question: Tap them.\n    done: Done!\n    answers:\n"
                   + answer(f"fine-{start}", "dog face", right=True)
                   + "".join(answer(f"icon-{start + i}", picture) for i, picture in enumerate(pictures[start:start + 5])))
    scenes += ("  - id: sorting\n    kind: sort\n    question: Sort them.\n    done: Sorted!\n    groups:\n"
               "      - {id: real, text: Real, picture: check mark button}\n"
               "      - {id: pretend, text: Pretend, picture: magic wand}\n    items:\n"
               "      - {id: cup, text: A cup, picture: trophy, group: real, feedback: Hmm.}\n"
               "      - {id: wand, text: A wand, picture: unicorn, group: pretend, feedback: Hmm.}\n")
    found = warnings_for(loader, tmp_path, scenes)
    for index, picture in enumerate(pictures):
        assert any(f"the answer 'icon-{index}'" in m and "looks like the game's own" in m for _, m in found), (picture, found)
    assert any("sort group 'real'" in m and "tick that marks a right answer" in m for _, m in found), found
    assert any("sort card 'cup'" in m and "certificate button" in m for _, m in found), found
    assert not any("fine-" in m or "'wand'" in m or "'pretend'" in m for _, m in found), found


def test_look_alike_pictures_in_one_scene_are_warned_about_but_not_across_scenes(loader, tmp_path):
    scenes = (
        "  - id: same\n    kind: choose\n    question: Which one?\n    answers:\n"
        + answer("dog", "dog face", right=True) + answer("also-dog", "🐶")
        + "  - id: skin\n    kind: choose\n    question: Which one?\n    answers:\n"
        + answer("kofi", "boy", right=True) + answer("leo", "👦🏿")
        + "  - id: families\n    kind: choose\n    question: Which one?\n    answers:\n"
        + answer("ask-mum", "family: woman, boy", right=True) + answer("ask-dad", "family: man, boy")
        + "  - id: cards\n    kind: sort\n    question: Sort them.\n    done: Sorted!\n    groups:\n"
        "      - {id: a, text: Keep private, picture: locked}\n"
        "      - {id: b, text: Fine to share, picture: open hands}\n    items:\n"
        "      - {id: one, text: One, picture: key, group: a, feedback: Hmm.}\n"
        "      - {id: two, text: Two, picture: key, group: b, feedback: Hmm.}\n"
        "  - id: different\n    kind: choose\n    question: Which one?\n    answers:\n"
        + answer("teacher", "woman teacher", right=True) + answer("mum", "woman") + answer("grandad", "old man")
        + "  - id: again\n    kind: choose\n    question: Which one?\n    answers:\n"
        + answer("dog-again", "dog face", right=True) + answer("cat", "cat face")
    )
    found = warnings_for(loader, tmp_path, scenes)
    messages = [m for _, m in found]
    assert any("'dog' and the answer 'also-dog' in 'same' have the same picture" in m for m in messages), messages
    assert any("'kofi' and the answer 'leo' in 'skin'" in m for m in messages), messages
    assert any("'ask-mum' and the answer 'ask-dad'" in m for m in messages), messages
    assert any("sort card 'one' and the sort card 'two'" in m for m in messages), messages
    # A lock on a sort group is the group's meaning, not an answer: the letter tile rule is for answers.
    assert len(found) == 4, messages


def test_the_built_in_lessons_have_no_picture_warnings():
    library = LessonLibrary.load(LessonLoader(PictureCatalog()), [BUILTIN_LESSONS_DIR])
    problems = [p.format() for p in library.problems]
    assert library.lessons and not problems, problems
