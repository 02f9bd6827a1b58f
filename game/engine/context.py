"""Everything a scene may use, handed to it explicitly (no globals)."""

from __future__ import annotations

import queue
import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Protocol
from pathlib import Path

from ..access.look import Look
from .input import wake_frame_loop
from .jobs import Jobs
from ..lessons.pending import PendingLibrary
from ..lessons.pictures import PictureCatalog
from ..speech.narration import Narrator
from ..progress.preferences import Preferences
from ..progress import SessionProgress
from ..progress.service import NullRecorder, ProgressService
from .settings import Settings
from ..classroom.turns import Turns
from ..frame.backgrounds import Backgrounds
from ..frame.pictures import PictureCache
from ..frame.text import TextRenderer

if TYPE_CHECKING:
    from ..lessons.library import LessonLibrary
    from ..native.capabilities import Capabilities

from .ui_emoji import UI_EMOJI  # noqa: E402,F401 - the scenes' icons, named where they are drawn


_SETTINGS_WRITE = threading.Lock()
SETTINGS_RETRY_SECONDS = 2.0


class WindowControl(Protocol):
    def quit(self) -> None: ...
    def toggle_fullscreen(self) -> None: ...
    def is_fullscreen(self) -> bool: ...


@dataclass
class Context:
    lessons: "LessonLibrary | PendingLibrary"
    catalog: PictureCatalog
    text: TextRenderer
    pictures: PictureCache
    narrator: Narrator
    settings: Settings = field(default_factory=Settings)
    # The progress service (game/progress/service.py): every child's record, teacher's change and teacher
    # screen's question about progress goes through it, on its one worker; results come back on the frame loop.
    recorder: ProgressService = field(default_factory=NullRecorder)
    progress: SessionProgress = field(default_factory=SessionProgress)
    backgrounds: Backgrounds = field(default_factory=Backgrounds)
    stack: "object" = None  # the SceneStack, set by the App that owns both
    player_name: str | None = None  # the child's first name, for the certificate
    data_dir: Path | None = None  # where certificates, settings and progress are kept
    window: "WindowControl | None" = None  # quit and fullscreen: teacher mode only
    native: "Capabilities | None" = None  # the fast native paths in use, found at start (game/native/)
    sharing: "object | None" = None  # the class hub on this PC, or this tablet's link to it (game/sync/runner.py)
    lrs: "object | None" = None  # forwarding statements to an LRS (game/sync/lrs.py), when set up
    turns: Turns = field(default_factory=Turns)  # whose turn it is on a class tablet, and when to ask again
    # What the teacher turned on for this child or their class (game/progress/preferences.py), and who wants to know.
    preferences: Preferences = field(default_factory=Preferences)
    preference_listeners: list = field(default_factory=list, repr=False)
    scanner: "object | None" = None  # switch access (game/access/scanning.py), set by the App: draws its highlight
    look: Look = field(default_factory=Look)  # bigger words, high contrast (game/access/look.py)
    home_language: "object | None" = None  # a HomeLanguage (game/languages/home.py) while one is on
    # Why settings or the PIN are not on disk (a read-only or full data folder), for the teacher.
    settings_problem: str | None = None
    pin_problem: str | None = None
    unsaved_pin: "object | None" = None  # the TeacherPin, while it cannot be saved: kept for the session
    _settings_wanted: int = field(default=0, repr=False)  # bumped by each save_settings call
    # Work off the frame loop (game/engine/jobs.py): its results come back through ``on_frame_loop``.
    jobs: Jobs = field(default_factory=Jobs, repr=False)
    # Work finished on another thread that changes screens, for the frame loop to run (``on_frame_loop``).
    frame_jobs: "queue.SimpleQueue[Callable[[], None]]" = field(default_factory=queue.SimpleQueue, repr=False)
    # Slow reads that are not progress (a home language's translations), one at a time, in order.

    def __post_init__(self) -> None:
        if self.jobs.deliver is None:
            self.jobs.deliver = self.on_frame_loop
        self.recorder.attach(self.on_frame_loop)  # the progress service answers on the frame loop

    def on_frame_loop(self, job: Callable[[], None]) -> None:
        """Run ``job`` on the frame loop's thread, at its next frame. Safe from any thread."""
        self.frame_jobs.put(job)
        wake_frame_loop()

    @property
    def library(self) -> "LessonLibrary":
        """Every lesson; waits for them if they are still loading in the background."""
        lessons = self.lessons
        return lessons.get() if isinstance(lessons, PendingLibrary) else lessons

    @property
    def library_ready(self) -> bool:
        return not isinstance(self.lessons, PendingLibrary) or self.lessons.ready

    def save_settings(self) -> None:
        """Write the settings file off the frame loop. Each write takes the latest values under
        one lock, so a quick run of changes always ends with the last one on disk.

        If the data folder cannot be written (read-only, or the disk is full) the settings stay
        in force in memory, ``settings_problem`` tells the teacher, and the write is tried again
        every few seconds until it works (or a newer change takes over the retrying), so nothing
        is lost once the folder can be written again.
        """
        if self.data_dir is None:
            return
        self._settings_wanted += 1
        mine = self._settings_wanted

        def write() -> None:
            while True:
                with _SETTINGS_WRITE:
                    if mine != self._settings_wanted:
                        return  # a newer change is being saved, with these values too
                    try:
                        Settings(**vars(self.settings)).save(self.data_dir)
                        self.settings_problem = None
                        return
                    except OSError as error:
                        self.settings_problem = (f"settings are not being saved ({error.strerror or error}); "
                                                 "they will be saved when they can be")
                if self.jobs.closing.wait(SETTINGS_RETRY_SECONDS):
                    return  # the game is closing: the newest values were tried last

        self.jobs.submit(write, lane="settings")

    def teacher_notices(self) -> list[str]:
        """What a grown-up should know is not being kept, or not working as it should: one sentence each.
        The home screen and teacher mode show them (speech problems are the narrator's own notices)."""
        fonts = getattr(self.text, "fonts", None)
        found = [self.recorder.problem, self.settings_problem, self.pin_problem, getattr(fonts, "problem", None),
                 getattr(self.lrs, "notice", None)]
        missing = sorted(path.name for path in getattr(self.pictures, "missing", ()))
        if missing:
            shown = ", ".join(missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
            found.append(f"{'a picture is' if len(missing) == 1 else 'some pictures are'} missing ({shown}), "
                         "so a grey frame is shown instead: check the lessons' folders")
        refused = sorted(getattr(self.pictures, "refused", {}).items())
        if refused:  # `play.py check` lists each with its lesson's line
            (path, why), more = refused[0], len(refused) - 1
            found.append(f"the picture {path.name} {why}; it is shown as a grey frame"
                         + (f" (and {more} more picture{'s' if more > 1 else ''}: run  python play.py check)" if more else ""))
        return [f"{text[0].upper()}{text[1:]}" + ("" if text.endswith(".") else ".") for text in found if text]

    def icon(self, name: str) -> Path:
        path = self.catalog.emoji_svg(UI_EMOJI[name])
        assert path is not None, f"OpenMoji has no {UI_EMOJI[name]}"
        return path

    @property
    def ui_icons(self) -> dict[str, Path]:
        return {"right": self.icon("right"), "wrong": self.icon("wrong")}
