"""Stars earned this session. (Durable, per-pupil progress comes with teacher mode.)"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fractions import Fraction  # the activities' scores (imported with them, after the first frame)


def stars_for(questions: int, right_first_time: Fraction | int) -> int:
    """1 star for finishing, 2 if at least half were right first time, 3 if all were.

    ``right_first_time`` adds up how much of each question was right first time, from 0 to 1 each
    (each activity's ``score``): a choice is all or nothing, but a sort counts each card, so one
    misplaced card of six is five sixths right, not a wrong question; a tap-all counts its right
    taps among all its taps; and a feelings question is always whole, because a feeling is never
    wrong. So one misplaced card, one wrong tap among several, or any feeling costs at most the third
    star, never two.
    """
    if questions == 0 or right_first_time >= questions:
        return 3
    if right_first_time * 2 >= questions:
        return 2
    return 1


@dataclass
class LeftLesson:
    """A lesson the child stopped part-way: "carry on" reopens it here."""

    lesson_id: str
    index: int  # the scene they were on
    records: dict[str, Any] = field(default_factory=dict)  # scene id -> QuestionRecord, what they had answered
    revealed: set[str] = field(default_factory=set)  # whole-class questions whose talk pause was over
    attempt: str = ""  # the play-through in the progress store, finished when they finish


class SessionProgress:
    def __init__(self) -> None:
        self.best_stars: dict[str, int] = {}
        self.left: LeftLesson | None = None  # the lesson this child stopped part-way, if any

    def reset(self) -> None:
        """Another child is playing now."""
        self.best_stars.clear()
        self.left = None

    def record(self, lesson_id: str, stars: int) -> None:
        self.best_stars[lesson_id] = max(stars, self.best_stars.get(lesson_id, 0))
        if self.left is not None and self.left.lesson_id == lesson_id:
            self.left = None  # finished after all: nothing to carry on with

    def total_stars(self, lessons: list) -> int:
        """Stars earned in these lessons (the best try at each)."""
        return sum(self.stars(lesson.id) for lesson in lessons)

    def stars(self, lesson_id: str) -> int:
        return self.best_stars.get(lesson_id, 0)

    def letter_done(self, lessons_of_letter: list) -> bool:
        """A letter's badge: every one of its lessons finished at least once."""
        return bool(lessons_of_letter) and all(self.stars(lesson.id) > 0 for lesson in lessons_of_letter)
