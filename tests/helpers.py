"""What many tests do the same way, in one place: a grown-up entering teacher mode, a child playing a
lesson, and a tiny lesson for every letter. Each drives the real game through game/engine/pilot.py."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pygame

from game.lessons.model import ChooseScene
from game.lessons.letters import LETTERS
from game.engine.pilot import Pilot
from game.progress.store import STORE_FILE
from game.authoring.tour import solve_scene


# -- teacher mode -------------------------------------------------------------------------------------
def type_pin(pilot: Pilot, pin: str) -> None:
    for digit in pin:
        pilot.tap_widget(f"pin-{digit}")
    pilot.tap_widget("pin-ok")
    pilot.wait_until(lambda: not getattr(pilot.scene, "checking", False))  # the hash is checked off the loop


def answer_grown_up_question(pilot: Pilot, right: bool = True) -> None:
    """The first PIN's question, read off the screen as a grown-up would ('... what is 7 × 8?')."""
    found = re.search(r"what is (\d+) × (\d+)\?", pilot.scene.widget("pin-message").text)
    assert found, pilot.scene.widget("pin-message").text
    answer = int(found[1]) * int(found[2])
    type_pin(pilot, str(answer if right else answer + 1))


def enter_teacher_mode(pilot: Pilot, pin: str = "1234", first_use: bool = True) -> None:
    """The grown-ups' keys, then (the first time) the grown-up question and a new PIN typed twice, or
    (``first_use=False``) the PIN chosen before: the teacher's menu."""
    pilot.key(pygame.K_q, pygame.KMOD_CTRL | pygame.KMOD_SHIFT)
    if first_use:
        answer_grown_up_question(pilot)  # the first PIN is a grown-up's to choose
    type_pin(pilot, pin)
    if first_use:
        type_pin(pilot, pin)
    pilot.progress_answered()  # the menu's count of new worries, read from the store
    assert pilot.scene.name == "teacher"


def worries_now(pilot: Pilot) -> list:
    """Every worry as the teacher's list has it, read from the store once all handed over is written."""
    from game.progress.worries import read_worries
    from game.scenes.teacher.common import lesson_title
    from game.progress.store import STORE_FILE, ProgressStore

    pilot.app.ctx.recorder.flush()
    with ProgressStore(pilot.app.ctx.data_dir / STORE_FILE) as store:
        return read_worries(store, lesson_title(pilot.app.ctx))


# -- a child playing -----------------------------------------------------------------------------------
def right_answer(scene: ChooseScene):
    return next(answer for answer in scene.answers if answer.right)


def answer_right_first_time(pilot, scene, mouse=False):
    """What a child who knows the rule taps: only right answers."""
    if scene.kind == "sort":
        for item in scene.items:
            pilot.tap_widget(f"item-{item.id}", mouse=mouse)
            pilot.tap_widget(f"group-{item.group}", mouse=mouse)
        return
    right = [answer for answer in scene.answers if answer.right]
    for answer in right if scene.kind == "tap-all" else right[:1]:
        pilot.tap_widget(f"answer-{answer.id}", mouse=mouse)


def play_lesson(pilot, lesson, *, mouse=False, wrong_first=False):
    """From a lesson tile to the reward, by tapping what a child would tap."""
    pilot.tap_widget(f"lesson-{lesson.id}", mouse=mouse)
    assert pilot.scene.name == "player" and pilot.scene.lesson is lesson
    for index, scene in enumerate(lesson.scenes):
        assert pilot.scene.index == index
        if scene.kind != "story":
            assert not pilot.scene.widget("next").visible, "next shows before the question is answered"
            if wrong_first:
                for _ in solve_scene(pilot, scene, mouse=mouse):
                    pass
            else:
                answer_right_first_time(pilot, scene, mouse=mouse)
            assert pilot.scene.record.solved
        pilot.tap_widget("next", mouse=mouse)


def play_a_lesson(pilot: Pilot, letter: str, index: int = 0):
    """A child plays a whole lesson, every wrong answer once: returns it and the answers given, in order."""
    lesson = pilot.app.ctx.library.for_letter(letter)[index]
    pilot.tap_widget(f"letter-{letter}")
    pilot.tap_widget(f"lesson-{lesson.id}")
    given = []
    for scene in lesson.scenes:
        for _ in solve_scene(pilot, scene):
            given.append((scene.id, pilot.scene.record.tries[-1]))
        pilot.tap_widget("next")
    assert pilot.scene.name == "reward", "the child finished the lesson"
    return lesson, given


# -- a tiny lesson for every letter --------------------------------------------------------------------
TINY = """\
id: {key}-tiny
letter: {letter}
title: A tiny {word} lesson
year: Reception
outcomes: [I can identify who can help me if something happens online without my consent.]
rule: {letter} is for {word}.
scenes:
  - id: hello
    kind: story
    picture: owl
    text: Hello from Ollie.
"""


def write_tiny_lessons(root: Path) -> Path:
    """One one-screen lesson for each letter, in ``root``/<letter>/tiny.yaml: a reward in two taps."""
    for item in LETTERS:
        folder = root / item.key
        folder.mkdir(parents=True)
        (folder / "tiny.yaml").write_text(TINY.format(key=item.key, letter=item.letter, word=item.word))
    return root


# -- the progress store ---------------------------------------------------------------------------------
def integrity(data_dir: Path) -> str:
    """SQLite's own check of the store in ``data_dir`` ("ok" when it is whole)."""
    db = sqlite3.connect(str(data_dir / STORE_FILE))
    try:
        return db.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        db.close()
