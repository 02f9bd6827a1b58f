"""Typed lesson data: what the loader produces and the scenes consume."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

YEAR_BANDS = ("Reception", "Year 1", "Year 2")


@dataclass(frozen=True)
class Line:
    """Words the game shows and speaks. The id is stable, for narration and translation."""

    id: str
    text: str
    audio: Path | None = None  # a recording (e.g. the teacher's voice) to play instead of synthesis


@dataclass(frozen=True)
class PictureRef:
    """Where a picture comes from: an OpenMoji SVG or a file next to the lesson."""

    path: Path
    label: str  # what the author wrote, for messages and alt text


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


@dataclass(frozen=True)
class ChooseScene:
    id: str
    question: Line
    answers: tuple[Answer, ...]
    picture: PictureRef | None = None
    kind: str = field(default="choose", init=False)

    def spoken_lines(self) -> list[Line]:
        lines = [self.question]
        for answer in self.answers:
            lines += [answer.text, answer.feedback]
        return lines


Scene = StoryScene | ChooseScene
SCENE_KINDS = ("story", "choose")


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

    @property
    def question_count(self) -> int:
        return sum(1 for scene in self.scenes if scene.kind != "story")

    def spoken_lines(self) -> list[Line]:
        """Every line the game will speak for this lesson, in playing order."""
        lines = [self.title]
        for scene in self.scenes:
            lines += scene.spoken_lines()
        if self.rule is not None:
            lines.append(self.rule)
        return lines
