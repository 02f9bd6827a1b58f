"""The lesson player: one lesson scene at a time, then the reward.

Answers and the "next" arrow sit in the lower part of the screen, where
children can reach on a whiteboard; the home button is top-left, for a child
on a tablet or the teacher.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pygame

from ..layout import Metrics, row
from ..lessons.model import Answer, ChooseScene, Lesson, Line, StoryScene
from ..letters import BY_KEY
from ..progress import stars_for
from ..render import WHITE, shade
from .base import Scene
from .common import add_corner_buttons
from .widgets import RIGHT_GREEN, WRONG_AMBER, Button, Dots, Label, Panel, Picture, equalise_labels


@dataclass
class QuestionRecord:
    """What happened on one question: the answers tried, in order."""

    tries: list[str] = field(default_factory=list)
    solved: bool = False

    @property
    def right_first_time(self) -> bool:
        return self.solved and len(self.tries) == 1


class PlayerScene(Scene):
    name = "player"

    def __init__(self, ctx, lesson: Lesson) -> None:
        super().__init__(ctx)
        self.lesson = lesson
        self.letter = BY_KEY[lesson.letter]
        self.index = 0
        self.records: dict[str, QuestionRecord] = {}
        self.feedback: Answer | None = None  # the answer whose feedback is showing
        self.background = (shade(self.letter.colour, 0.88), (250, 246, 232))

    @property
    def scene(self) -> StoryScene | ChooseScene:
        return self.lesson.scenes[self.index]

    @property
    def record(self) -> QuestionRecord:
        return self.records.setdefault(self.scene.id, QuestionRecord())

    # -- lifecycle -----------------------------------------------------------------
    def on_enter(self) -> None:
        super().on_enter()
        self.ctx.narrator.prepare(self.lesson.spoken_lines())  # later scenes start without delay

    def narration(self) -> list[Line]:
        scene = self.scene
        if isinstance(scene, StoryScene):
            return list(scene.lines)
        if self.feedback is not None:
            return [self.feedback.feedback]
        return [scene.question] + [answer.text for answer in scene.answers]

    # -- actions -------------------------------------------------------------------
    def go_next(self) -> None:
        if isinstance(self.scene, ChooseScene) and not self.record.solved:
            return
        if self.index + 1 >= len(self.lesson.scenes):
            self._finish()
            return
        self.index += 1
        self.feedback = None
        self.rebuild()
        self.replay()

    def go_back(self) -> None:
        if self.index == 0:
            return
        self.index -= 1
        self.feedback = None
        self.rebuild()
        self.replay()

    def choose(self, answer: Answer) -> None:
        record = self.record
        if record.solved:
            return  # the right answer is found: further taps change nothing
        record.tries.append(answer.id)
        record.solved = answer.right
        self.feedback = answer
        self.ctx.narrator.stop()
        self.ctx.narrator.say([answer.feedback], effect="right" if answer.right else "wrong")
        self.rebuild()

    def _finish(self) -> None:
        from .reward import RewardScene

        questions = [s for s in self.lesson.scenes if isinstance(s, ChooseScene)]
        first_time = sum(1 for s in questions if self.records.get(s.id, QuestionRecord()).right_first_time)
        stars = stars_for(len(questions), first_time)
        self.ctx.progress.record(self.lesson.id, stars)
        self.ctx.stack.replace(RewardScene(self.ctx, self.lesson, stars))

    # -- layout --------------------------------------------------------------------
    def build(self, screen: pygame.Rect) -> None:
        m = Metrics.of(screen.size)
        add_corner_buttons(self, m)
        title = m.title_box()
        self.add(Label("lesson-title", pygame.Rect(title.x, title.y, title.w, int(title.h * 0.6)),
                       self.lesson.title.text, int(title.h * 0.4), shade(self.letter.colour, -0.35)))
        self.add(Dots("progress", pygame.Rect(title.x, title.y + int(title.h * 0.66), title.w, int(title.h * 0.3)),
                      len(self.lesson.scenes), self.index, shade(self.letter.colour, -0.1)))

        nav = m.target
        bottom = m.content_bottom
        if self.index > 0:
            self.add(Button("back", pygame.Rect(m.margin, bottom - nav, nav, nav), self.go_back,
                            icon=self.ctx.icon("back")))
        next_button = self.add(Button("next", pygame.Rect(m.width - m.margin - nav, bottom - nav, nav, nav),
                                      self.go_next, fill=shade(RIGHT_GREEN, 0.75), icon=self.ctx.icon("next")))
        if isinstance(self.scene, StoryScene):
            self._build_story(m, self.scene)
        else:
            self._build_choose(m, self.scene)
            next_button.visible = self.record.solved

    def _build_story(self, m: Metrics, scene: StoryScene) -> None:
        top, bottom = m.content_top, m.content_bottom
        height = bottom - top
        if m.portrait:
            side = min(int(height * 0.5), m.width - 2 * m.margin)
            picture_box = pygame.Rect((m.width - side) // 2, top, side, side)
            text_box = pygame.Rect(m.margin, picture_box.bottom + m.gap, m.width - 2 * m.margin,
                                   bottom - m.target - 2 * m.gap - picture_box.bottom)
        else:
            # The left column stays free for the back button, bottom-left.
            left = m.margin + m.target + m.gap
            words = sum(len(line.text.split()) for line in scene.lines)
            side = min(height, int(m.width * (0.4 if words <= 24 else 0.32)))  # long pages get more room for words
            picture_box = pygame.Rect(left, top + (height - side) // 2, side, side)
            left = picture_box.right + m.gap * 2
            text_box = pygame.Rect(left, top, m.width - m.margin - left, height - m.target - m.gap)
        if scene.picture is not None:
            self.add(Picture("story-picture", picture_box, scene.picture.path))
        else:
            text_box = pygame.Rect(m.margin, top, m.width - 2 * m.margin, height - m.target - m.gap)
        self.add(Panel("story-panel", text_box))
        text = "\n".join(line.text for line in scene.lines)
        self.add(Label("story-text", text_box.inflate(-2 * m.gap, -2 * m.gap), text, int(m.short * 0.08)))

    def _build_choose(self, m: Metrics, scene: ChooseScene) -> None:
        top = m.content_top
        answers_top = int(m.height * (0.54 if not m.portrait else 0.42))
        nav = m.target
        prompt = pygame.Rect(m.margin, top, m.width - 2 * m.margin, answers_top - m.gap - top)
        if scene.picture is not None:
            side = min(prompt.h, int(prompt.w * 0.28))
            self.add(Picture("question-picture", pygame.Rect(prompt.x + nav // 2, prompt.y, side, side),
                             scene.picture.path))
            prompt = pygame.Rect(prompt.x + nav // 2 + side + m.gap, prompt.y,
                                 prompt.right - (prompt.x + nav // 2 + side + m.gap), prompt.h)
        answer = self.feedback
        if answer is None:
            self.add(Panel("question-panel", prompt))
            self.add(Label("question", prompt.inflate(-2 * m.gap, -m.gap), scene.question.text,
                           int(m.height * 0.08)))
        else:
            tint = RIGHT_GREEN if answer.right else WRONG_AMBER
            self.add(Panel("feedback-panel", prompt, fill=shade(tint, 0.85), border=tint))
            self.add(Label("feedback", prompt.inflate(-2 * m.gap, -m.gap), answer.feedback.text,
                           int(m.height * 0.07)))

        if m.portrait:  # answers across the full width, the arrows in a row beneath
            area = pygame.Rect(m.margin, answers_top, m.width - 2 * m.margin,
                               m.content_bottom - nav - m.gap - answers_top)
        else:  # arrows either side of the answers
            area = pygame.Rect(m.margin + nav + m.gap, answers_top, m.width - 2 * (m.margin + nav + m.gap),
                               m.content_bottom - answers_top)
        cells = row(area, len(scene.answers), m.gap * (2 if not m.portrait else 1), max_width=int(area.h * 1.15))
        tried = set(self.record.tries)
        buttons = []
        for answer, cell in zip(scene.answers, cells):
            button = self.add(Button(f"answer-{answer.id}", cell, lambda answer=answer: self.choose(answer),
                                     fill=WHITE, icon=answer.picture.path, label=answer.text.text))
            button.speaks = answer.text.id
            if answer.id in tried:
                button.state = "right" if answer.right else "wrong"
            buttons.append(button)
        equalise_labels(buttons, self.ctx)
