"""Turns on a class tablet: who is playing, and when to ask "Who's playing?" again.

Children pass a tablet on themselves, so changing turns needs no PIN (only the class is the teacher's
choice). The teacher's setting (game/engine/settings.py ``ask_who``) asks again after every lesson, or after
some minutes with no touch (a child walked away), or never. Time is the frame loop's own ``dt``, the
game's clock, so a test can let ten minutes pass in one frame; nothing here reads the wall clock.
"""

from __future__ import annotations

from dataclasses import dataclass

# Where asking may happen: a child's screens only, never over a grown-up's (PIN, menu, typing a note).
CHILD_SCREENS = {"home", "letter", "player", "reward", "certificate", "about"}
BETWEEN_LESSONS = {"home", "letter"}  # "after every lesson" asks once the child is back out of it
# The choices the settings screen steps through: (ask_who, minutes).
ASK_CHOICES: list[tuple[str, int]] = [("never", 5), ("lesson", 5), ("idle", 2), ("idle", 5), ("idle", 10),
                                      ("idle", 15), ("idle", 30)]


def ask_words(ask_who: str, minutes: int) -> str:
    """The setting as a teacher reads it."""
    if ask_who == "lesson":
        return "after every lesson"
    if ask_who == "idle":
        return f"after {minutes} minute{'s' if minutes != 1 else ''} with no touch"
    return "never (only at the start)"


@dataclass
class Turns:
    """Whose turn it is (for home to show), and the timers that ask again."""

    chosen: tuple[int, str, str] | None = None  # (pupil id, first name, animal) picked on this tablet
    untouched: float = 0.0  # seconds of game time since the last touch
    due: bool = False  # a lesson was finished and the setting asks after every lesson

    def current(self, ctx) -> tuple[int, str, str] | None:
        """The pupil playing now, if one was picked and is still the one recorded (an erase or the whole
        class on the board takes over from them)."""
        player = ctx.recorder.player
        if self.chosen is None or player.whole_class or player.pupil_id != self.chosen[0]:
            return None
        return self.chosen

    def touched(self) -> None:
        self.untouched = 0.0

    def lesson_finished(self, ctx) -> None:
        if _asks(ctx) and ctx.settings.ask_who == "lesson":
            self.due = True

    def tick(self, dt: float, ctx) -> bool:
        """Called once a frame with the frame's time; shows the picker when the setting says it is time.
        True if it did."""
        if not _asks(ctx):
            self.due, self.untouched = False, 0.0
            return False
        self.untouched += dt
        settings = ctx.settings
        top = ctx.stack.top
        if any(scene.name not in CHILD_SCREENS for scene in ctx.stack.scenes):
            return False  # the picker is up already, or a grown-up is in teacher mode: not now
        idle = settings.ask_who == "idle" and self.untouched >= settings.ask_who_minutes * 60
        after_lesson = self.due and top.name in BETWEEN_LESSONS
        if not (idle or after_lesson):
            return False
        from ..scenes.pupils import open_picker

        self.due, self.untouched = False, 0.0
        ctx.stack.home()  # a lesson left half-way stays unfinished: the next child starts from home
        return open_picker(ctx)


def _asks(ctx) -> bool:
    """Only a class tablet asks: a class chosen, not the board, and a setting other than never."""
    settings = ctx.settings
    return bool(settings.class_name) and not settings.whole_class and settings.ask_who != "never"
