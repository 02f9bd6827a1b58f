"""How would someone feel? The child taps a face, and any face is an answer.

A feeling is never wrong, so nothing here is marked wrong: no cross, no faded face and no
"try again" notes. A face the lesson marks as fitting (``right: true``) is praised with the
chime; any other face is heard out calmly, its feedback saying why another face may fit
better. Either way the question is answered and the child may go on, or tap another face
to hear about it too. Each tap is recorded as the feeling the child chose, never as a wrong
answer: the store keeps it as right (so no count of wrong answers, "needs help" or export calls it
a mistake); which faces the lesson thinks fit best stays in the lesson. Older stores kept a
less-fitting face as not right: the teacher's overview goes by the lesson's scene kind instead.
"""

from __future__ import annotations

from fractions import Fraction

from ...lessons.model import Answer
from ..widgets import SELECTED_BLUE
from .pick_one import PickOneActivity

CALM_BLUE = SELECTED_BLUE  # the banner for a face that fits less well: calm, not the amber of "try again", and no symbol


class FeelingsActivity(PickOneActivity):
    @classmethod
    def score(cls, scene, record) -> Fraction:
        """Whole, whichever faces were tapped: choosing a feeling is never a mistake to count."""
        return Fraction(1 if record is not None and record.tries else 0)

    @property
    def done(self) -> bool:
        return bool(self.record.tries)

    def choose(self, answer: Answer) -> None:
        self.log(answer.id, True)  # a feeling, not a mistake (the feedback still says if another fits better)
        self.record.solved = True
        self.respond(answer.feedback, answer.right)

    def effect_for(self, right: bool) -> str | None:
        return "right" if right else None  # the words alone: no falling notes for a feeling

    def banner(self):
        shown = super().banner()
        if shown is not None and not self.feedback_right:
            return shown[0], CALM_BLUE
        return shown

    def banner_symbol(self) -> str | None:
        return "right" if self.feedback_right else None  # a face that fits less well is not a mistake: no cross

    def state(self, answer: Answer) -> str:
        return "normal"  # never a tick or a cross on a feeling: the chosen faces are lifted instead

    def answer_buttons(self, m, area, answers, on_press, state):
        buttons = super().answer_buttons(m, area, answers, on_press, state)
        for answer, button in zip(answers, buttons):
            button.selected = answer.id in self.record.tries
        return buttons
