"""The lesson player: the chrome around one lesson scene at a time, then the reward.

The player owns what every scene shares (home, speaker, title, progress dots,
back and next); the scene's own activity (``activities/``) fills the rest.
Answers and the "next" arrow sit in the lower part of the screen, where
children can reach on a whiteboard.
"""

from __future__ import annotations

import math
import time

import pygame

from ..layout import Metrics
from ..lessons.model import Lesson, Line
from ..letters import BY_KEY
from ..progress import stars_for
from ..render import WHITE, shade
from .activities import ACTIVITIES, Activity, QuestionRecord
from .base import Scene
from .common import add_corner_buttons
from .talk_pause import EXTRA_SECONDS, TALK_LINE, TalkPause
from .widgets import RIGHT_GREEN, Button, Dots, Label


TALK_PICTURE = "👫"  # two friends side by side


class PlayerScene(Scene):
    name = "player"

    def __init__(self, ctx, lesson: Lesson) -> None:
        super().__init__(ctx)
        self.lesson = lesson
        self.letter = BY_KEY[lesson.letter]
        self.records: dict[str, QuestionRecord] = {}
        self.attempt = ""  # this play-through's id in the progress store
        self.revealed: set[str] = set()  # questions whose talk pause is over (whole-class mode)
        self.background = (shade(self.letter.colour, 0.88), (250, 246, 232))
        self._show(0)

    def _show(self, index: int) -> None:
        self.index = index
        self.scene_started = time.monotonic()
        self.activity: Activity = ACTIVITIES[self.scene.kind](self, self.scene)
        settings = self.ctx.settings
        pausing = settings.whole_class and self.activity.is_question and self.scene.id not in self.revealed
        self.talk_total = float(settings.talk_seconds) if pausing else 0.0
        self.talk_left = self.talk_total

    @property
    def talking(self) -> bool:
        """Whole-class mode, before the answers are shown."""
        return self.talk_left > 0

    def reveal(self) -> None:
        """End the talk pause: show the answers and read them out."""
        self.talk_left = 0.0
        self.revealed.add(self.scene.id)
        self.rebuild()
        self.replay()

    def more_time(self) -> None:
        self.talk_left += EXTRA_SECONDS
        self.talk_total = max(self.talk_total, self.talk_left)
        self.dirty = True

    def wake_in(self) -> float | None:
        if not self.talking:
            return None
        return max(0.01, self.talk_left - math.ceil(self.talk_left) + 1)  # when the ring next moves

    def update(self, dt: float) -> None:
        if self.talking:
            before = math.ceil(self.talk_left)
            self.talk_left -= dt
            if self.talk_left <= 0:
                self.reveal()
            elif math.ceil(self.talk_left) != before:
                self.dirty = True  # the ring moves once a second: calm, and cheap
        super().update(dt)

    @property
    def scene(self):
        return self.lesson.scenes[self.index]

    @property
    def record(self) -> QuestionRecord:
        return self.activity.record

    # -- lifecycle -----------------------------------------------------------------
    def on_enter(self) -> None:
        super().on_enter()
        self.ctx.narrator.prepare(self.lesson.spoken_lines())  # later scenes start without delay
        self.attempt = self.ctx.recorder.lesson_started(self.lesson.id, self.lesson.letter)

    def upcoming(self, ctx) -> list:
        """What the child may see next: this question with each answer's feedback (its words, the
        right and wrong marks), then what "next" shows (the lesson's next scene, or the reward)."""
        coming: list = []
        if self.activity.is_question and not self.talking and not self.activity.done:
            coming += [lambda outcome=outcome: self._after(ctx, *outcome) for outcome in self._outcomes()]
        if self.index + 1 < len(self.lesson.scenes):
            def next_scene() -> "PlayerScene":
                scratch = PlayerScene(ctx, self.lesson)
                scratch.records = dict(self.records)
                scratch.revealed = set(self.revealed)
                scratch._show(self.index + 1)
                return scratch

            coming.append(next_scene)
        else:
            def reward() -> Scene:
                from .reward import RewardScene

                return RewardScene(ctx, self.lesson, stars=3)

            coming.append(reward)
        return coming

    def _outcomes(self) -> list[tuple[str | None, Line, bool]]:
        """(answer tried, feedback, right) for every answer of this question (a sort: every placing)."""
        answers = getattr(self.scene, "answers", None)
        if answers is not None:
            return [(answer.id, answer.feedback, answer.right) for answer in answers]
        from .activities.sort import PLACED_RIGHT

        items = getattr(self.scene, "items", [])
        return [(None, PLACED_RIGHT, True)] + [(None, item.feedback, False) for item in items]

    def _after(self, ctx, answer_id: str | None, feedback: Line, right: bool) -> "PlayerScene":
        """A scratch copy of this scene as it will look once that answer is given (never shown)."""
        scratch = PlayerScene(ctx, self.lesson)
        scratch.records = dict(self.records)
        scratch.revealed = set(self.revealed) | {self.scene.id}
        scratch._show(self.index)
        now = self.record
        scratch.records[self.scene.id] = QuestionRecord(tries=now.tries + ([answer_id] if answer_id else []),
                                                        wrong=now.wrong + (not right), solved=right)
        scratch.activity.feedback, scratch.activity.feedback_right = feedback, right
        return scratch

    def answered(self, scene_id: str, answer_id: str, right: bool, try_number: int) -> None:
        seconds = time.monotonic() - self.scene_started
        self.ctx.recorder.answered(self.attempt, scene_id, answer_id, right, try_number, seconds)

    def narration(self) -> list[Line]:
        if self.talking:
            return [self.scene.question, TALK_LINE]
        return self.activity.narration()

    # -- actions -------------------------------------------------------------------
    def go_next(self) -> None:
        if not self.activity.done:
            return
        if self.index + 1 >= len(self.lesson.scenes):
            self._finish()
            return
        self._show(self.index + 1)
        self.rebuild()
        self.replay()

    def go_back(self) -> None:
        if self.index == 0:
            return
        self._show(self.index - 1)
        self.rebuild()
        self.replay()

    def _finish(self) -> None:
        from .reward import RewardScene

        questions = [s for s in self.lesson.scenes if ACTIVITIES[s.kind].is_question]
        first_time = sum(ACTIVITIES[s.kind].score(s, self.records.get(s.id)) for s in questions)
        stars = stars_for(len(questions), first_time)
        first_finish = self.ctx.progress.stars(self.lesson.id) == 0
        self.ctx.progress.record(self.lesson.id, stars)
        self.ctx.recorder.lesson_finished(self.attempt, stars)
        self.ctx.stack.replace(RewardScene(self.ctx, self.lesson, stars, first_time_finished=first_finish))

    # -- layout --------------------------------------------------------------------
    def prompt_box(self, m: Metrics, below: int) -> pygame.Rect:
        """The band for the question (or feedback), from under the top bar down to ``below``."""
        return pygame.Rect(m.margin, m.content_top, m.width - 2 * m.margin, below - m.gap - m.content_top)

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
        if self.talking:
            self._build_talk_pause(m)
            next_button.visible = False
            return
        self.activity.build(m)
        next_button.visible = self.activity.done

    def _build_talk_pause(self, m: Metrics) -> None:
        below = int(m.height * (0.54 if not m.portrait else 0.42))
        self.activity.prompt_panel(m, self.prompt_box(m, below), self.scene.question)
        area = self.activity.answer_area(m, below)
        button = m.target
        buttons = pygame.Rect(area.right - button, area.y + (area.h - 2 * button - m.gap) // 2, button,
                              2 * button + m.gap)
        panel = pygame.Rect(area.x, area.y, buttons.x - m.gap - area.x, area.h)
        self.add(TalkPause("talk-pause", panel, lambda: self.talk_left, lambda: self.talk_total,
                           self.ctx.catalog.emoji_svg(TALK_PICTURE)))
        self.add(Button("ready", pygame.Rect(buttons.x, buttons.y, button, button), self.reveal,
                        fill=shade(RIGHT_GREEN, 0.75), icon=self.ctx.icon("next")))
        self.add(Button("more-time", pygame.Rect(buttons.x, buttons.bottom - button, button, button),
                        self.more_time, fill=WHITE, label=f"+{EXTRA_SECONDS}"))
