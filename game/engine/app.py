"""The running game: window, frame loop and the services scenes are given."""

from __future__ import annotations

import gc
import os
import queue
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable

import pygame

from .context import Context
from .display_check import start_display
from ..frame.fonts import FontBook
from ..progress.held import HeldProgress
from .input import InputRouter, Intent, KeyPress, PointerDown, QuitRequest, Resized, TextTyped
from ..lessons.library import BUILTIN_LESSONS_DIR, LessonLibrary
from ..lessons.pending import PendingLibrary
from ..lessons.pictures import PictureCatalog
from .memory import tune_allocator
from ..speech.narration import Narrator
from ..frame.compose import PAINT_AT_ONCE_MS, Composer
from ..frame.prepare import LAYOUT_FIT_MS, Preparer
from ..access.scanning import Scanner
from ..frame.pictures import PictureCache
from .jobs import Jobs
from ..frame.text import TextRenderer
from ..scenes.base import Scene, SceneStack
from ..scenes.home import HomeScene
from ..progress.service import NullRecorder, ProgressService, whole_class_player
from ..access.look import follow as follow_look
from ..progress.preferences import follow_player
from ..speech.narrator import follow_pace
from .settings import Settings
from ..progress.store import STORE_FILE
from ..languages.home import follow_home_language
from ..languages.narration import BilingualNarrator
from ..speech import start_speech
from ..speech.tts import SpeechEngine
from ..native.wait import event_waiter

if TYPE_CHECKING:
    from ..sync.runner import SharingNetwork

ACTIVE_FPS = 60
IDLE_FPS = 15  # where the loop cannot sleep until input (tests' dummy display): a low-rate tick
IDLE_WAKE_SECONDS = 1.0  # asleep with nothing on screen changing: look round once a second anyway
MOST_SETTLING_FRAMES = 60  # a 4K board's sort settles in about five: past this, laid out whole in one frame
DEFAULT_WINDOW = (1280, 800)


def default_cache_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("smart-stars", appauthor=False))


def default_data_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("smart-stars", appauthor=False))


def school_lessons_dir(settings: Settings, data_dir: Path) -> Path:
    """Where the school's own lessons live: as set in the settings, else lessons/ in the data folder."""
    return Path(settings.school_lessons) if settings.school_lessons else data_dir / "lessons"


@dataclass
class Options:
    fullscreen: bool = True
    size: tuple[int, int] | None = None
    lesson_dirs: list[Path] = field(default_factory=lambda: [BUILTIN_LESSONS_DIR])
    school_dirs: list[Path] = field(default_factory=list)  # the school's own lessons: may replace built-ins
    cache_dir: Path | None = None
    data_dir: Path | None = None
    whole_class: bool | None = None  # None: as the settings say
    player_name: str | None = None  # the child's first name, for the certificate
    record: bool = True  # keep progress in the data folder (tools like the tour do not)
    on_recorded: Callable[[int], None] | None = None  # told (on the writer thread) after each durable answer
    on_lessons_loaded: Callable[[LessonLibrary], None] | None = None  # told (on the loader thread), e.g. to list problems
    on_ready: Callable[[], None] | None = None  # told once the first screen is on show and taking taps
    sharing: "SharingNetwork | None" = None  # where the class hub listens (tests: 127.0.0.1, any free port)
    share: bool = True  # the class hub and joining it; off for tools that must leave the network alone (the monkey)


def skip_gl_probe() -> None:
    """Keep SDL from opening a hidden OpenGL window to choose how to show frames.

    On Linux, SDL 2 decides whether to show the window's pixels through OpenGL by opening a test
    window and context and asking for the GPU's vendor: only NVIDIA or ATI get OpenGL, everyone
    else (every tablet's Mesa driver) gets the plain X11 shared-memory path anyway. That test took
    150-250 ms of a 1920x1080 start here, about as long as all the game's own start-up work. Our frames are
    drawn in software and shown a few rectangles at a time, which the shared-memory path does well,
    so we ask for it outright. A value set outside the game is kept.
    """
    if sys.platform.startswith("linux"):
        os.environ.setdefault("SDL_FRAMEBUFFER_ACCELERATION", "0")


def open_window(options: Options) -> pygame.Surface:
    skip_gl_probe()
    pygame.display.set_caption("SMART Stars")
    if options.fullscreen:
        return pygame.display.set_mode(options.size or (0, 0), pygame.FULLSCREEN)
    return pygame.display.set_mode(options.size or DEFAULT_WINDOW, pygame.RESIZABLE)


def every_lesson_screen(ctx: Context) -> list:
    """Every lesson's screens, for drawing their cast ahead (``Preparer.later``, which asks only once the
    lessons are ready: by then the loading thread has imported the player, in ``settle_after_loading``)."""
    from ..scenes.player import every_lesson_screen as screens

    return screens(ctx)


class App:
    """Owns the window, the scene stack and the frame loop."""

    def __init__(self, screen: pygame.Surface, ctx: Context, fullscreen: bool) -> None:
        self.screen = screen
        self.ctx = ctx
        self.fullscreen = fullscreen
        self.router = InputRouter(self.size)
        self.stack = SceneStack(self.size)
        ctx.stack = self.stack
        ctx.window = self
        self.clock = pygame.time.Clock()
        self.running = True
        self._narration_seen = -1
        self._frame_started = time.perf_counter()
        self.on_ready: Callable[[], None] | None = None
        # Start-up work the first frame does not need, run on the frame loop just after it (``create`` adds it).
        self.after_first_frame: list[Callable[[], None]] = []
        self.waiter = event_waiter()
        self.preparer = Preparer(ctx)  # gets the next screen ready in each frame's spare time
        self.preparer.later = every_lesson_screen  # and then has every lesson's cast drawn ahead (game/cast/ahead.py)
        self.composer = Composer(ctx)  # puts a screen that must be drawn whole together over a few frames
        self._settling = 0  # frames the scene on top has been laid out again with more words' sizes found
        self.scanner = Scanner(ctx)  # switch access: Space and Enter, when the teacher turned it on
        ctx.scanner = self.scanner
        self._idle = False  # nothing moved last frame: sleep until input
        self._shown_first_frame = False
        self._drawn_scene: Scene | None = None  # the scene whose pixels are on screen (partial redraws build on them)
        self._lessons_were_ready = ctx.library_ready
        self.stack.push(HomeScene(ctx))
        if not ctx.settings.whole_class:
            from ..scenes.pupils import open_picker

            open_picker(ctx)  # on a class tablet, each child starts by tapping their own animal

    @classmethod
    def create(
        cls,
        options: Options,
        narrator: Narrator | None = None,
        engine_factory: Callable[[], SpeechEngine] | None = None,
        use_audio: bool = True,
    ) -> "App":
        """Open the window and build every service; ``narrator``/``engine_factory`` are for tests.

        Raises NoDisplay (game/engine/display_check.py) where the game could not be seen.
        """
        tune_allocator()  # before the first pixels: freed pictures go back to the system (game/engine/memory.py)
        start_display()
        pygame.font.init()
        screen = open_window(options)
        cache_dir = options.cache_dir or default_cache_dir()
        settings = Settings.load(options.data_dir or default_data_dir())
        if options.whole_class is not None:
            settings.whole_class = options.whole_class
        if narrator is None:
            narrator = start_speech(settings, cache_dir, engine_factory, use_audio)
        data_dir = options.data_dir or default_data_dir()
        store_path = data_dir / STORE_FILE
        held = HeldProgress(store_path, [cache_dir], then_system_temp=True)  # while the data folder cannot be written
        recorder = (ProgressService(store_path, options.on_recorded, held) if options.record
                    else NullRecorder(store_path))  # no child's records; teacher mode still reads the store
        if settings.whole_class and options.record:
            recorder.player = whole_class_player(store_path, settings.class_name)
        catalog = PictureCatalog(names_memo=cache_dir / "emoji-names.json",  # a warm start needs no emoji table
                                 cast_dir=cache_dir / "cast")
        school_dirs = options.school_dirs or [school_lessons_dir(settings, data_dir)]
        if not options.school_dirs:
            from ..sync.class_lessons import CLASS_LESSONS, class_choice

            choice = class_choice(data_dir)  # a tablet sharing with the class hub: the class's lessons, the PC's choice
            if choice is not None:
                school_dirs = [data_dir / CLASS_LESSONS]
                settings.hidden_lessons = list(choice.get("hidden", []))
                settings.lesson_order = list(choice.get("order", []))

        def load_lessons() -> LessonLibrary:
            from ..lessons.loader import LessonLoader
            from ..native.capabilities import report_at_start

            # Which fast native paths are in use, and why not: logged once, at start, but after the first
            # frame (this thread), as making the report costs 2-3 ms (<1 ms once its module is imported).
            ctx.native = report_at_start()
            library = LessonLibrary.load(LessonLoader(catalog), options.lesson_dirs, school_dirs)
            settle_after_loading()
            if options.on_lessons_loaded is not None:
                options.on_lessons_loaded(library)
            return library

        jobs = Jobs()  # every lane of work off the frame loop; results come back through ctx.on_frame_loop
        lessons = PendingLibrary(load_lessons, jobs)
        ctx = Context(
            jobs=jobs,
            lessons=lessons,
            catalog=catalog,
            text=TextRenderer(FontBook(cache_dir)),
            pictures=PictureCache(jobs),
            narrator=narrator,
            settings=settings,
            player_name=options.player_name,
            data_dir=data_dir,
            recorder=recorder,
        )
        follow_look(ctx)  # bigger words and high contrast, as the preferences in force say
        follow_player(ctx)  # what the teacher turned on for whoever plays, loaded off the frame loop
        follow_pace(ctx)  # "slower speech" for a child who needs it
        ctx.narrator = BilingualNarrator(narrator)  # a home language, when one is chosen, said before the English
        follow_home_language(ctx)
        if options.record and settings.lrs_endpoint:  # statements to the trust's LRS (python play.py lrs)
            from ..sync.lrs import start_forwarding

            ctx.lrs = start_forwarding(data_dir, settings.lrs_endpoint, settings.lrs_key)
        app = cls(screen, ctx, options.fullscreen)
        app.on_ready = options.on_ready
        if options.record and options.share:  # the class hub, or this tablet's link to it, as the teacher left it
            app.after_first_frame.append(lambda: start_sharing(ctx, options.sharing))
        return app

    def size(self) -> tuple[int, int]:
        surface = pygame.display.get_surface() or self.screen
        return surface.get_size()

    # -- the loop ------------------------------------------------------------------
    def run(self) -> None:
        while self.step():
            pass
        self.close()
        pygame.quit()

    def close(self) -> None:
        self.ctx.narrator.close()
        if self.ctx.sharing is not None:
            self.ctx.sharing.close()  # the hub's last pushes are taken in; the tablet's link stops
        self.ctx.recorder.close()  # every record and teacher's change given so far is written first
        if self.ctx.lrs is not None:
            self.ctx.lrs.stop(timeout=1.0)  # a request in flight is not waited for: it is sent again next time
        self.ctx.pictures.close()
        self.ctx.jobs.shutdown()  # work not begun is dropped; what has begun gets a moment to finish
        # What settle_after_loading set aside would outlive this game in a process that starts
        # another (the monkey, tools): each closed game's screens and caches, 12 MB at 1280x800.
        gc.unfreeze()

    def step(self, dt: float | None = None) -> bool:
        """One frame: read input, update, draw if anything changed. False once quitting.

        ``dt`` is given by tests and tools to advance time without waiting.
        """
        with self.ctx.text.frame_fitting(LAYOUT_FIT_MS):  # layouts in it find a few ms of words' sizes at most
            return self._step(dt)

    def _step(self, dt: float | None) -> bool:
        if dt is None and self._idle and self.waiter is not None and not self.preparer.ready:
            wakes = [when for when in (self.stack.top.wake_in(), self.scanner.wake_in()) if when is not None]
            self.waiter.wait(min([IDLE_WAKE_SECONDS, *wakes]))
        intents = self.scanner.translate(self.router.poll())  # switch presses: highlight moves and taps
        if any(isinstance(intent, PointerDown) for intent in intents):
            self.ctx.narrator.expect_sound()
            self.ctx.turns.touched()
        for intent in intents:
            self.handle(intent)
        self._run_frame_jobs()
        if not self.running:
            return False
        narrator = self.ctx.narrator
        top = self.stack.top
        if dt is None:
            dt = self._pace(busy=bool(intents) or top.animating or top.dirty or narrator.busy) / 1000.0
        self._frame_started = time.perf_counter()
        if self.ctx.turns.tick(dt, self.ctx):  # "Who's playing?" again, as the teacher's setting says
            top = self.stack.top
        if top is self._drawn_scene:
            top.update(dt)  # a screen still being put together is not on show: its clock starts when it is
            self.scanner.update(dt)  # auto-scanning steps on the game's clock
        narrator.update(dt)
        if narrator.version != self._narration_seen:
            self._narration_seen = narrator.version
            top.on_narration(narrator.current)
        if not self._lessons_were_ready and self.ctx.library_ready:
            self._lessons_were_ready = True
            for scene in self.stack.scenes:
                scene.on_lessons_loaded()  # e.g. the home screen's badges, which need the lessons
        if self.ctx.pictures.late:  # a cast picture shown as a stand-in has been drawn: show it
            self.ctx.pictures.late = False
            top.invalidate()
            top.dirty = True
        if top.unsettled and not self.ctx.text.fitting_spent:
            self._settling += 1
            if self._settling <= MOST_SETTLING_FRAMES:
                top.rebuild()  # laid out with some words' sizes guessed: more of them found in this frame
            else:  # a layout that asks for new sizes each time (words changing as it is laid out) is shown anyway
                with self.ctx.text.frame_fitting(float("inf")):
                    top.rebuild()
        elif not top.unsettled:
            self._settling = 0
        # An unsettled scene is not shown (nor the next screens guessed from it) until laid out with every size found.
        if not top.unsettled and (top.dirty or top.animating or self.composer.busy):
            self._draw(top)
        now = self.stack.top
        if not now.animating and not self.composer.busy and not now.unsettled:  # never at the cost of something on screen
            self.preparer.work(now, self._frame_started)
        now = self.stack.top  # an update may have opened another scene
        self._idle = not (now.dirty or now.animating or narrator.busy or now is not top or self.composing_now)
        return True

    def _pace(self, busy: bool) -> int:
        """Wait as long as this frame should, and return the milliseconds since the last one."""
        narrator = self.ctx.narrator
        if self.composing_now:
            return self.clock.tick()  # a screen is being put together: on with it at once
        if self.composer.waiting and self.waiter is not None:
            # The picture worker posts an event with each picture it hands back: on at once then.
            self.waiter.wait(max(0.001, 1.0 / ACTIVE_FPS - (time.perf_counter() - self._frame_started)))
            return self.clock.tick()
        if narrator.busy:
            # Spend the frame's spare time waiting for speech, so it starts the moment it is ready.
            spare = 1.0 / ACTIVE_FPS - (time.perf_counter() - self._frame_started)
            if spare > 0 and narrator.wait(spare):
                narrator.update(0.0)
        if busy or self.waiter is None:
            return self.clock.tick(ACTIVE_FPS if busy else IDLE_FPS)
        return self.clock.tick()  # we slept in the waiter: just measure

    def _run_frame_jobs(self) -> None:
        """What other threads finished and handed over (``Context.on_frame_loop``): a teacher's change saved."""
        while True:
            try:
                job = self.ctx.frame_jobs.get_nowait()
            except queue.Empty:
                return
            job()

    @property
    def composing_now(self) -> bool:
        """A screen is being put together and can go on now (not only waiting for pictures), or laid out
        again with more of its words' sizes found (``Scene.unsettled``): its frames run back to back."""
        return (self.composer.busy and not self.composer.waiting) or self.stack.top.unsettled

    def _draw(self, top: Scene) -> None:
        """Only what changed is repainted and sent to the display. A screen new to it, or a large
        change while nothing moves, is put together over a few frames (game/frame/compose.py) and shown whole."""
        self.screen = pygame.display.get_surface() or self.screen
        composer = self.composer
        if not composer.busy or composer.scene is not top:
            areas: list[pygame.Rect] | None = None
            if top is self._drawn_scene:
                entries, areas = top.changes(self.screen)
                if areas is not None and (top.moving or (composer.rate.ms_of(areas) <= PAINT_AT_ONCE_MS
                                                         and composer.has_all_for(entries, areas))):
                    top.paint_changes(self.screen, entries, areas, composer.rate)  # as small as a frame: at once
                    if areas:
                        pygame.display.update(areas)
                    return
            if self._drawn_scene is not None and areas is None:
                self._drawn_scene.invalidate()  # the window's surface is about to hold another screen's pixels
                self._drawn_scene = None
            composer.start(top, self.screen, areas)
        if not composer.go_on(self._frame_started):
            return
        caught_up = top.render(self.screen)  # whatever changed while it was being put together (a tap, a line)
        if composer.areas is None or caught_up is None:
            pygame.display.flip()
        else:
            pygame.display.update(composer.areas + caught_up)
        self._drawn_scene = top
        if not self._shown_first_frame:
            self._first_frame_shown()

    def _first_frame_shown(self) -> None:
        self._shown_first_frame = True
        lessons = self.ctx.lessons
        if isinstance(lessons, PendingLibrary):
            lessons.start()  # only now: the first screen never waits for lessons it does not show
        if self.on_ready is not None:
            self.on_ready()
        for work in self.after_first_frame:
            work()
        self.after_first_frame = []

    # -- window control: only teacher mode calls these ------------------------------------
    def quit(self) -> None:
        self.running = False

    def is_fullscreen(self) -> bool:
        return self.fullscreen

    def toggle_fullscreen(self) -> None:
        self.fullscreen = not self.fullscreen
        self.screen = open_window(Options(fullscreen=self.fullscreen, size=None if self.fullscreen else DEFAULT_WINDOW))
        self.stack.resize(self.size())

    def handle(self, intent: Intent) -> None:
        if isinstance(intent, QuitRequest):
            if intent.from_window and not self.fullscreen:
                self.running = False  # a window's close button: an adult at a desktop
            elif not intent.from_window:
                from ..scenes.teacher.pin import open_teacher_mode

                open_teacher_mode(self.ctx)  # the adult keys lead to the PIN, and only then to "close"
            # in fullscreen, Alt+F4 and the like are ignored: children press keys
        elif isinstance(intent, Resized):
            self.screen = pygame.display.get_surface() or self.screen
            self.stack.resize(intent.size)
        elif isinstance(intent, (KeyPress, TextTyped)):
            top = self.stack.top
            if getattr(top, "wants_keys", False):
                top.handle(intent)  # teacher mode's name entry
            # elsewhere children press keys: no key does anything for them (Escape included); switch
            # scanning, when a teacher turns it on, has already taken Space and Enter (game/access/scanning.py)
        else:
            self.stack.top.handle(intent)


def start_sharing(ctx: Context, network: "SharingNetwork | None") -> None:
    """Sharing as the teacher left it: the class hub on this PC, or this tablet's link to it (game/sync/runner.py).
    Just after the first frame, on the frame loop: the first frame does not need it, and importing the runner
    took some 1.5 ms of every start (tests/test_startup.py). Its network work runs on the sharing lane."""
    from ..sync.runner import Sharing

    ctx.sharing = Sharing(ctx, network)
    ctx.recorder.device_name = ctx.sharing.device_name  # a worry from a tablet names it
    ctx.sharing.start_at_launch()  # on the sharing thread: nothing here waits for the network


def settle_after_loading() -> None:
    """Done on the loading thread once the lessons are read, while the child looks at the home screen.

    The screens a lesson opens are imported now rather than on the first tap on a lesson (compiling
    them, where no bytecode is cached, took 25-30 ms of that frame), and so are the commands a lesson
    records (game/progress/commands.py, left out of the start: making its dataclasses takes some 5 ms,
    which the first frame does not need). Then Python's garbage collector
    clears what reading the lessons left and sets everything that lives for the whole game aside
    (``gc.freeze``): otherwise its full collections go through all of it, 40 ms on the frame loop at
    some moment of play.
    """
    from ..progress import commands  # noqa: F401 - imported for their side effect of being loaded
    from ..scenes import player, reward  # noqa: F401 - imported for their side effect of being loaded

    gc.collect()
    gc.freeze()


def headless_environment() -> None:
    """For tools and tests: no window, no sound device."""
    os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
    os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
