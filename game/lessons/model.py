"""Typed lesson data: what the loader produces and the scenes consume."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .basics import Line, PictureRef

YEAR_BANDS = ("Reception", "Year 1", "Year 2")


@dataclass(frozen=True)
class StoryScene:
    id: str
    lines: tuple[Line, ...]
    picture: PictureRef | None = None
    kind: str = field(default="story", init=False)

    def spoken_lines(self) -> list[Line]:
        return list(self.lines)


@dataclass(frozen=True)
class Answer:
    id: str
    text: Line
    picture: PictureRef
    right: bool
    feedback: Line


def answer_lines(answers) -> list[Line]:
    """Each answer's name, then what is said when it is chosen."""
    return [line for answer in answers for line in (answer.text, answer.feedback)]


@dataclass(frozen=True)
class ChooseScene:
    id: str
    question: Line
    answers: tuple[Answer, ...]
    picture: PictureRef | None = None
    kind: str = field(default="choose", init=False)

    def spoken_lines(self) -> list[Line]:
        return [self.question] + answer_lines(self.answers)


@dataclass(frozen=True)
class ThumbsScene:
    """A statement to agree (thumbs up) or disagree (thumbs down) with."""

    id: str
    question: Line
    answers: tuple[Answer, ...]  # always two: "up" then "down"
    picture: PictureRef | None = None
    kind: str = field(default="thumbs", init=False)

    def spoken_lines(self) -> list[Line]:
        return [self.question] + answer_lines(self.answers)


@dataclass(frozen=True)
class Spot:
    """A place to tap in a picture: where it is, as percentages of the picture."""

    answer: Answer
    x: float
    y: float
    size: float


@dataclass(frozen=True)
class HotspotScene:
    id: str
    question: Line
    spots: tuple[Spot, ...]
    picture: PictureRef | None = None  # the picture the spots sit on
    # Its own width and height, for a school's picture that may not be square (read from the file's header
    # when the lesson is loaded): the spots' 'at' is in percent of each. None: square (emoji, the cast).
    picture_size: tuple[int, int] | None = None
    kind: str = field(default="hotspot", init=False)

    @property
    def picture_aspect(self) -> float:
        """The picture's width over its height (1.0 for a square one)."""
        if self.picture_size is None:
            return 1.0
        width, height = self.picture_size
        return width / height

    @property
    def answers(self) -> tuple[Answer, ...]:
        return tuple(spot.answer for spot in self.spots)

    def spoken_lines(self) -> list[Line]:
        return [self.question] + answer_lines(self.answers)


@dataclass(frozen=True)
class TapAllScene:
    """Tap every right answer (e.g. every grown-up you can tell); wrong ones get a reason."""

    id: str
    question: Line
    answers: tuple[Answer, ...]
    done: Line
    picture: PictureRef | None = None
    kind: str = field(default="tap-all", init=False)

    def spoken_lines(self) -> list[Line]:
        return [self.question] + answer_lines(self.answers) + [self.done]


@dataclass(frozen=True)
class FeelingsScene:
    """How would someone feel? Faces; any face may be fine unless some are marked right."""

    id: str
    question: Line
    answers: tuple[Answer, ...]  # one per face
    picture: PictureRef | None = None
    kind: str = field(default="feelings", init=False)

    def spoken_lines(self) -> list[Line]:
        return [self.question] + answer_lines(self.answers)


@dataclass(frozen=True)
class SortGroup:
    id: str
    text: Line
    picture: PictureRef


@dataclass(frozen=True)
class SortItem:
    id: str
    text: Line
    picture: PictureRef
    group: str
    feedback: Line  # said when it is put in the wrong group


@dataclass(frozen=True)
class SortScene:
    id: str
    question: Line
    groups: tuple[SortGroup, SortGroup]
    items: tuple[SortItem, ...]
    done: Line
    kind: str = field(default="sort", init=False)
    picture: PictureRef | None = None

    def spoken_lines(self) -> list[Line]:
        lines = [self.question] + [g.text for g in self.groups]
        return lines + [line for item in self.items for line in (item.text, item.feedback)] + [self.done]


# Each is registered with its kind, builder and activity in game/lessons/kinds.py.
Scene = StoryScene | ChooseScene | ThumbsScene | HotspotScene | TapAllScene | FeelingsScene | SortScene


@dataclass(frozen=True)
class Lesson:
    id: str
    letter: str  # a SMART letter key: safe, meeting, accepting, reliable, tell
    title: Line
    year: str
    outcomes: tuple[str, ...]
    strands: tuple[str, ...]
    scenes: tuple[Scene, ...]
    path: Path
    picture: PictureRef | None = None
    rule: Line | None = None
    id_line: int = 1  # where the id is written, for "id used twice" messages

    def spoken_lines(self) -> list[Line]:
        """Every line the game will speak for this lesson, in playing order."""
        lines = [self.title]
        for scene in self.scenes:
            lines += scene.spoken_lines()
        if self.rule is not None:
            lines.append(self.rule)
        return lines
