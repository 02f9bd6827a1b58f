"""Pick one answer: choose (pictures), thumbs up/down, and feelings (faces)."""

from __future__ import annotations

from ...engine.layout import Metrics
from ...lessons.model import Answer, Line
from .base import Activity


class PickOneActivity(Activity):
    def narration(self) -> list[Line]:
        if self.feedback is not None:
            return [self.feedback]
        return [self.scene.question] + [answer.text for answer in self.scene.answers]

    def choose(self, answer: Answer) -> None:
        record = self.record
        if record.solved:
            return  # the right answer is found: further taps change nothing
        self.log(answer.id, answer.right)
        record.solved = answer.right
        self.respond(answer.feedback, answer.right)

    def state(self, answer: Answer) -> str:
        if answer.id not in self.record.tries:
            return "normal"
        return "right" if answer.right else "wrong"

    def build(self, m: Metrics) -> None:
        answers_top = self.answers_top(m, 0.54 if not m.portrait else 0.42)
        prompt = self.player.prompt_box(m, answers_top)
        self.prompt_panel(m, prompt, self.scene.question)
        self.answer_buttons(m, self.answer_area(m, answers_top), self.scene.answers, self.choose, self.state)
