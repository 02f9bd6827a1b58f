"""What every teacher screen shares: its blue, and lessons named by their titles."""


from __future__ import annotations

from typing import Callable





TEACHER_BLUE = (70, 110, 170)


def lesson_title(ctx) -> Callable[[str], str]:
    """A lesson's title by its id (the id itself for a lesson no longer there); called on the progress worker."""
    def title(lesson_id: str) -> str:
        lesson = ctx.library.by_id(lesson_id)
        return lesson.title.text if lesson else lesson_id

    return title
