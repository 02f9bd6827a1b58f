"""Tap all that apply: every right answer lights up and stays; wrong ones get a reason."""

from __future__ import annotations

from fractions import Fraction

from ...engine.layout import Metrics, grid
from ...lessons.model import Answer, Line
from ...frame.palette import WHITE
from ..widgets import Button, equalise_labels
from .base import Activity


class TapAllActivity(Activity):
    @classmethod
    def score(cls, scene, record) -> Fraction:
        """The right answers among every answer tapped: three found and one wrong tap is three
        quarters right, not a wrong question (each wrong answer counts once, however often tapped)."""
        if record is None or not record.solved:
            return Fraction(0)
        right = sum(1 for answer in scene.answers if answer.right)
        return Fraction(right, right + len(record.missed))

    def banner(self):
        """Once every right answer is found, the closing line that is spoken last stays on show."""
        shown = super().banner()
        # Judged by what was found, not by `done`: the player's prepared copies of this screen after each
        # answer (PlayerScene._after) count any right answer as solving it, and should show its own words.
        if shown is not None and self.found == {a.id for a in self.scene.answers if a.right}:
            return self.scene.done, shown[1]
        return shown

    def narration(self) -> list[Line]:
        if self.feedback is not None:
            return [self.feedback] + ([self.scene.done] if self.done else [])
        return [self.scene.question] + [answer.text for answer in self.scene.answers]

    @property
    def found(self) -> set[str]:
        right = {a.id for a in self.scene.answers if a.right}
        return right & set(self.record.tries)

    def tap(self, answer: Answer) -> None:
        record = self.record
        if record.solved or (answer.right and answer.id in record.tries):
            return
        self.log(answer.id, answer.right)
        record.solved = self.found == {a.id for a in self.scene.answers if a.right}
        self.respond(answer.feedback, answer.right)
        if record.solved:
            self.ctx.narrator.say([self.scene.done])

    def state(self, answer: Answer) -> str:
        if answer.id not in self.record.tries:
            return "normal"
        return "right" if answer.right else "wrong"

    def build(self, m: Metrics) -> None:
        answers = self.scene.answers
        # On the board five answers stay in one row: in two rows their words and pictures were too small for the back row.
        two_rows = len(answers) > (6 if self.ctx.settings.whole_class else 4) or (m.portrait and len(answers) > 3)
        answers_top = self.answers_top(m, 0.46 if two_rows else 0.54) if not m.portrait else int(m.height * 0.36)
        prompt = self.player.prompt_box(m, answers_top)
        self.prompt_panel(m, prompt, self.scene.question)
        area = self.answer_area(m, answers_top)
        columns = -(-len(answers) // 2) if two_rows else len(answers)
        cells = grid(area, len(answers), columns, m.gap, max_cell=(int(area.h * (0.6 if two_rows else 1.15)), area.h))
        buttons = []
        for answer, cell in zip(answers, cells):
            button = self.add(Button(f"answer-{answer.id}", cell, lambda answer=answer: self.tap(answer),
                                     fill=WHITE, icon=answer.picture.path, label=answer.text.text))
            button.speaks = answer.text.id
            button.state = self.state(answer)
            buttons.append(button)
        equalise_labels(buttons, self.ctx)
