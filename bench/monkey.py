"""Monkey: drive the real game with seeded random input, and fail on anything a child could break.

Run from the repository root:

    python bench/monkey.py --seed S --events N --data-dir D [--size WxH] [--cache-dir C] [--trace]

Each *event* is one thing a child (or a teacher) does: a tap anywhere, a tap or a mouse click on
something on screen, a drag, several fingers at once, a burst of rapid taps (some inside one frame),
a key press (letters, Escape, Return, Ctrl+Shift+Q, ...), a window resize (up to 1.5 times --size)
or close, a pause. All of it is posted as real pygame events (a finger with SDL's synthetic mouse
copy, through ``game/engine/pilot.py``) into the real frame loop (``App.step``); nothing reaches into a
scene's handlers. Pure chance rarely gets past the teacher PIN or through a lesson, so the input is
biased: most taps land on something tappable, "next" and the answers are favoured over "home", and
a few macros do what a grown-up does: type the PIN, hold the title for three seconds, hand the
tablet to another pupil ("Who is playing?"). The data folder is first given a known PIN and a class
of four pupils; from there everything (new classes, hidden lessons, erased pupils, whole-class
mode, a changed PIN, "Close SMART Stars", after which the game is started again) is up to chance.

Output, one ``name=value`` a line on stdout:
  recorded=N   after each durable answer (``Options.on_recorded``): answers committed so far in this
               run, flushed at once, so a parent may SIGKILL this process and then check the store
  erased=N     answers a teacher may have erased on purpose (those of a pupil whose page is open in
               teacher mode, and of pupils erased): printed before any tap could erase them, so the
               store always holds at least recorded - erased of this run's answers
  at the end:  seed, events, frames, restarts, frame_max_ms (and its wall time, screen and event),
               frame_p99_ms, frame_median_ms, screens_visited, screens (the set of screens, a lesson
               screen by its way to play), recorded_total, erased_total, duration_s, result=ok

It exits with status 1 and ``failed=`` (with ``seed=``, ``failed_event=``, ``failed_screen=``; the
replay command is on stderr) on: any exception, in the frame loop or on any thread; a screen from
which home cannot be reached by tapping only ways back (home, back, cancel, "Back to the game",
"No"; on the pupil picker, a child's own animal), tried every ``CHECK_EVERY`` events and at the end;
a frame over 100 ms; work on another thread that never finishes; progress not being saved.

A frame is one ``App.step``. Its time is wall time less the time the OS kept it (or, while it slept,
any thread) waiting for a CPU, see ``CpuClock``: other processes on a shared machine are not the
game's doing (on a quiet machine, as on CI, nothing is taken off). Not frames: ``App.create`` when
the game is started again, and ``pygame.display.set_mode`` standing in for the window manager
before a resize event.

Speech is ``QuietNarrator`` (no audio device, no synthesis threads): fast, and the same seed gives
the same run. Between events the monkey lets the game's worker threads (PIN check, overview,
timeline, saving, the lessons loading at start) finish, with frames that pass no game time, because
a child's next tap comes long after them; so thread timing cannot change the run either. Only the
PIN lock after five wrong tries counts real seconds.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import threading
import time
import traceback
from collections import Counter
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402

from game.engine.app import App, Options  # noqa: E402
from game.speech.narration import QuietNarrator  # noqa: E402
from game.engine.pilot import Pilot  # noqa: E402
from game.scenes.base import Scene  # noqa: E402
from game.scenes.home import HomeScene  # noqa: E402
from game.engine.settings import Settings  # noqa: E402
from game.progress.store import STORE_FILE, ProgressStore  # noqa: E402
from game.classroom.teacher_pin import TeacherPin  # noqa: E402

FRAME_LIMIT_MS = 100.0
CHECK_EVERY = 500  # events between checks that home can still be reached
HOME_TAPS = 12  # taps on ways back allowed to reach home
SETTLE_SECONDS = 10.0  # background work (PIN check, overview) must finish within this
PIN = "2580"
CLASS_NAME = "Monkeys"
PUPILS = [("Ada", "owl"), ("Ben", "fox"), ("Cleo", "panda"), ("Dev", "cat")]
FRAME = 1 / 60
# The game's threads that live as long as it does (cast-replies: the reader of the cast render process, game/cast/pictures.py;
# cast-ahead-replies: the reader of the niced one drawing every lesson's cast ahead, for as long as it draws, game/cast/ahead.py)
LONG_LIVED_THREADS = {"progress", "pictures", "cast-replies", "cast-ahead-replies"}  # other lanes (game/engine/jobs.py) end when idle
MIN_SIZE = (320, 240)  # the smallest window play.py accepts

# How likely a tap on a widget picks it, by name: leaving is possible but rarer than playing on.
WIDGET_WEIGHTS = {
    "next": 4.0, "ready": 2.0, "home": 0.35, "back": 0.6, "cancel": 0.5, "back-to-game": 0.5, "about": 0.3,
    "speaker": 0.4, "quit": 0.12, "fullscreen": 0.25, "teacher-hold": 0.3, "more-time": 0.4,
    "not-you": 0.3, "turn": 0.3,  # changing turns (home): possible, but rarer than playing on
}
# The only buttons the home check may tap: ways back, and (on the picker) a child's own animal.
WAYS_BACK = ("home", "cancel", "back-to-game", "back", "no")


class CpuClock:
    """How much of a frame was the machine's doing, not the game's (Linux: schedstat and PSI).

    On a shared 2-core machine (CI, or other test runs) other processes can hold both cores for
    longer than a frame. Left out of a frame's time: the frame loop's own wait for a CPU
    (``/proc/thread-self/schedstat``) and, of the time it slept, no more than the machine had threads
    waiting for a CPU meanwhile (``/proc/pressure/cpu``, "some"): the thread it slept on (one holding
    the GIL or a lock, or one it had just started: ``Thread.start`` waits until it runs) may have
    been one of them. On a quiet machine, as on CI, nothing waits for a CPU and a frame's time is its
    wall time, sleeping on the disk or a lock included (as it is where these files are missing).
    """

    def __init__(self) -> None:
        self._thread = self._open("/proc/thread-self/schedstat")  # opened on the thread that runs frames
        self._pressure = self._open("/proc/pressure/cpu")

    @staticmethod
    def _open(path: str) -> int | None:
        try:
            return os.open(path, os.O_RDONLY)
        except OSError:
            return None

    def sample(self) -> tuple[float, float, float]:
        """(this thread on a CPU, this thread waiting for one, the machine's time with threads waiting), ms."""
        on_cpu = waiting = stalled = 0.0
        if self._thread is not None:
            fields = os.pread(self._thread, 128, 0).split()
            on_cpu, waiting = int(fields[0]) / 1e6, int(fields[1]) / 1e6
        if self._pressure is not None:
            some = os.pread(self._pressure, 256, 0).split(b"\n", 1)[0]
            stalled = int(some.rsplit(b"total=", 1)[1]) / 1e3
        return on_cpu, waiting, stalled

    def frame(self, before: tuple[float, float, float], wall_ms: float) -> tuple[float, float]:
        """(the frame's time, its time on a CPU), given a sample taken before it and its wall time."""
        after = self.sample()
        on_cpu, own_wait, stalled = (a - b for a, b in zip(after, before))
        asleep = max(0.0, wall_ms - own_wait - on_cpu)
        return max(0.0, wall_ms - own_wait - min(asleep, stalled)), on_cpu


class MonkeyFailure(Exception):
    """Something a child must never be able to cause."""


class AppQuit(Exception):
    """The game stopped (the teacher's "Close SMART Stars", or the window's close button)."""


class TimedPilot(Pilot):
    """The project's pilot, with every frame timed and watched by the monkey."""

    def __init__(self, app: App, monkey: "Monkey") -> None:
        super().__init__(app)
        self.monkey = monkey

    def frames(self, count: int = 1, dt: float = FRAME) -> None:
        for _ in range(count):
            self.monkey.step(dt)


def scene_label(scene: Scene) -> str:
    """The screen's name; a lesson screen by its way to play, so coverage can be judged by kind."""
    if scene.name == "player":
        return "player:talk-pause" if scene.talking else f"player:{scene.scene.kind}"
    return scene.name


def prepare_data_dir(data_dir: Path) -> None:
    """A known PIN and a class with pupils, as a teacher would have set up (tests/test_pupils.py does the same).

    Idempotent, so a killed run can be started again on the same folder: the PIN is set anew each time
    (a previous run may have changed it, or locked it with wrong tries).
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    TeacherPin(data_dir).set(PIN)
    fresh = not (data_dir / STORE_FILE).exists()
    with ProgressStore(data_dir / STORE_FILE) as store:
        class_id = store.class_id(CLASS_NAME)
        if class_id is None:
            class_id = store.add_class(CLASS_NAME)
        if not store.pupils(class_id):
            for name, avatar in PUPILS:
                store.add_pupil(class_id, name, avatar)
    if fresh:
        settings = Settings.load(data_dir)
        settings.class_name = CLASS_NAME
        settings.save(data_dir)


class Monkey:
    """One seeded run: the game, the random input, and the checks made after every frame and event."""

    def __init__(self, seed: int, events: int, data_dir: Path, cache_dir: Path | None, size: tuple[int, int],
                 trace: bool = False) -> None:
        self.seed = seed
        self.events = events
        self.data_dir = data_dir
        self.cache_dir = cache_dir
        self.size = size
        self.trace = trace
        self.rng = random.Random(seed)
        self.event = 0
        self.frame_ms: list[float] = []
        self.slowest = (0.0, "", 0)  # ms, screen, event
        self.wall_max_ms = 0.0
        self.cpu = CpuClock()  # made here, on the main thread: the one that runs the frames
        self.visited: Counter[str] = Counter()
        self.restarts = 0
        self.pin = PIN
        self._pin_candidate: str | None = None
        self._pin_hash = self._stored_pin_hash()
        self._print_lock = threading.Lock()
        self._recorded_before = 0  # answers recorded by earlier App instances in this run
        self.recorded = 0
        self.erased = 0
        self._erasable: dict[int, int] = {}  # pupil id -> their answers, while their page is open
        self._thread_errors: list[str] = []
        threading.excepthook = self._thread_failed
        self.app: App | None = None
        self.pilot: TimedPilot | None = None

    # -- output --------------------------------------------------------------------
    def say(self, line: str) -> None:
        with self._print_lock:
            sys.stdout.write(line + "\n")
            sys.stdout.flush()

    def _on_recorded(self, count: int) -> None:
        """On the recorder's writer thread, after each durable answer."""
        with self._print_lock:
            self.recorded = self._recorded_before + count
            sys.stdout.write(f"recorded={self.recorded}\n")
            sys.stdout.flush()

    def _thread_failed(self, args) -> None:
        self._thread_errors.append("".join(traceback.format_exception(args.exc_type, args.exc_value,
                                                                      args.exc_traceback)))

    # -- the game --------------------------------------------------------------------
    def _start(self) -> App:
        # share=False: a random tap must not start the class hub on this machine's network (or join one at a
        # typed address); sharing has its own tests (tests/test_sharing.py).
        options = Options(fullscreen=False, size=self.size, data_dir=self.data_dir, cache_dir=self.cache_dir,
                          on_recorded=self._on_recorded, share=False)
        app = App.create(options, narrator=QuietNarrator())
        self.pilot = TimedPilot(app, self)
        self.app = app
        self.pilot.frames(1)
        self.settle()
        return app

    def _restart(self) -> None:
        """The teacher closed the game: start it again on the same data folder, as the next morning."""
        self.app.ctx.recorder.flush()
        if self.app.ctx.recorder.problem:
            raise MonkeyFailure(f"progress is not being saved: {self.app.ctx.recorder.problem}")
        self.app.close()  # the writer drains: every answer given is recorded (and reported) first
        self._recorded_before += self.app.ctx.recorder.recorded
        pygame.event.clear()
        self.restarts += 1
        self._start()
        self._watch_erasing()  # a pupil's page that was open is closed now

    @property
    def scene(self) -> Scene:
        return self.app.stack.top

    def where(self) -> str:
        return " > ".join(scene_label(scene) for scene in self.app.stack.scenes)

    def step(self, dt: float) -> None:
        """One real frame, timed; a frame over the limit fails the run."""
        before = self.cpu.sample()
        started = time.perf_counter()
        running = self.app.step(dt)
        wall = (time.perf_counter() - started) * 1000
        elapsed, on_cpu = self.cpu.frame(before, wall)
        self.frame_ms.append(elapsed)
        self.wall_max_ms = max(self.wall_max_ms, wall)
        if not running:
            raise AppQuit()
        top = self.scene
        label = scene_label(top)
        self.visited[label] += 1
        if elapsed > self.slowest[0]:
            self.slowest = (elapsed, label, self.event)
        if elapsed > FRAME_LIMIT_MS:
            raise MonkeyFailure(
                f"a frame took {elapsed:.0f} ms (limit {FRAME_LIMIT_MS:.0f}) on {self.where()}: {on_cpu:.0f} ms on "
                f"a CPU, {elapsed - on_cpu:.0f} ms asleep (a lock, the disk, another thread); {wall - elapsed:.0f} ms "
                "more were the machine's, threads waiting for a CPU (not counted)")
        self._watch_erasing()
        # A new PIN can only be what was typed first on a "choose a PIN" pad: remember it, in case it sticks.
        if getattr(top, "name", "") == "pin" and not top.pin.is_set and top.first_choice:
            self._pin_candidate = top.first_choice
        if self._thread_errors:
            raise MonkeyFailure("an exception on a worker thread:\n" + self._thread_errors[0])

    def settle(self) -> None:
        """Let the game's work on other threads (PIN check, overview, timeline, saving) finish first.

        A child's next tap comes long after such work is done; the monkey's would come within
        microseconds. The frames run meanwhile pass no game time (dt=0), so that how long a thread
        took cannot change what happens next: the same seed gives the same run.
        """
        deadline = time.monotonic() + SETTLE_SECONDS
        while True:
            busy = [thread.name for thread in threading.enumerate()
                    if thread is not threading.main_thread() and thread.name not in LONG_LIVED_THREADS]
            if not busy and not self._waiting():
                return
            if time.monotonic() > deadline:
                raise MonkeyFailure(f"{self.where()} still waiting after {SETTLE_SECONDS:.0f} s "
                                    f"(threads: {', '.join(busy) or 'none'})")
            time.sleep(0.002)
            self.step(0.0)

    def _waiting(self) -> bool:
        # At start the lessons load in the background once the first frame is up (a child's first tap
        # comes later than that; the monkey's would come within milliseconds and wait for them).
        if not getattr(self.app.ctx, "library_ready", True):
            return True
        # The progress service's worker lives as long as the game: what it was asked (a class's pupils,
        # the overview, a teacher's change) is still to be answered, or its answer still to be shown.
        if getattr(self.app.ctx.recorder, "answering", 0) or not self.app.ctx.frame_jobs.empty():
            return True
        top = self.scene
        return bool(getattr(top, "checking", False) or getattr(top, "_relayout_requested", False))

    # -- positions ---------------------------------------------------------------------
    def window(self) -> tuple[int, int]:
        return self.app.size()

    def anywhere(self) -> tuple[int, int]:
        width, height = self.window()
        return (self.rng.randrange(width), self.rng.randrange(height))

    def targets(self) -> list:
        width, height = self.window()
        screen = pygame.Rect(0, 0, width, height)
        return [w for w in self.scene.widgets if w.visible and w.enabled and w.rect.colliderect(screen)]

    def pick_widget(self, prefer: Callable[[str], float] | None = None):
        widgets = self.targets()
        if not widgets:
            return None
        weights = [(prefer or self._weight)(w.name) for w in widgets]
        if sum(weights) <= 0:
            return None
        return self.rng.choices(widgets, weights)[0]

    def _weight(self, name: str) -> float:
        return WIDGET_WEIGHTS.get(name, 1.0)

    def point_in(self, widget) -> tuple[int, int]:
        width, height = self.window()
        rect = widget.rect.clip(pygame.Rect(0, 0, width, height))
        inner = rect.inflate(-rect.w // 4, -rect.h // 4) if rect.w > 8 and rect.h > 8 else rect
        return (self.rng.randrange(inner.left, max(inner.left + 1, inner.right)),
                self.rng.randrange(inner.top, max(inner.top + 1, inner.bottom)))

    # -- raw input ---------------------------------------------------------------------
    def mouse(self, kind: int, pos: tuple[int, int], button: int = 1) -> None:
        if kind == pygame.MOUSEMOTION:
            event = pygame.event.Event(kind, pos=pos, rel=(0, 0), buttons=(1, 0, 0), touch=False, window=None)
        else:
            event = pygame.event.Event(kind, pos=pos, button=button, touch=False, window=None)
        pygame.event.post(event)

    def key(self, key: int, mod: int = 0, text: str = "") -> None:
        """A key as SDL sends it: down (with its character), the text typed, up."""
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=key, mod=mod, unicode=text, scancode=0, window=None))
        if text:
            pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=text, window=None))
        pygame.event.post(pygame.event.Event(pygame.KEYUP, key=key, mod=mod, unicode=text, scancode=0, window=None))
        self.pilot.frames(1)

    def drag(self, start: tuple[int, int], end: tuple[int, int], mouse: bool, steps: int) -> None:
        points = [(start[0] + (end[0] - start[0]) * i // steps, start[1] + (end[1] - start[1]) * i // steps)
                  for i in range(1, steps + 1)]
        if mouse:
            self.mouse(pygame.MOUSEBUTTONDOWN, start)
            self.pilot.frames(1)
            for point in points:
                self.mouse(pygame.MOUSEMOTION, point)
                self.pilot.frames(1)
            self.mouse(pygame.MOUSEBUTTONUP, end)
        else:
            finger = self.pilot.finger_down(start)
            self.pilot.frames(1)
            for point in points:
                self.pilot.finger_move(point, finger)
                self.pilot.frames(1)
            self.pilot.finger_up(end, finger)
        self.pilot.frames(1)

    # -- the actions -------------------------------------------------------------------
    def act(self) -> str:
        """Do one random thing; returns what, for --trace."""
        top = self.scene
        actions: list[tuple[float, Callable[[], str]]] = [
            (30, self.tap_widget), (10, self.tap_anywhere), (6, self.click_widget), (3, self.click_anywhere),
            (6, self.drag_something), (3, self.palm), (3, self.second_finger), (4, self.rapid_repeats),
            (6, self.press_key), (1.5, self.quit_keys), (1.5, self.resize), (4, self.pause),
            (1.5, self.other_input), (1.2, self.switch_pupil), (0.1, self.close_window),
        ]
        if isinstance(top, HomeScene):
            actions.append((2, self.hold_title))
        if top.name == "pin":
            actions.append((40, self.type_pin))
        if top.name == "text-entry":
            actions.append((8, self.type_name))
        weights = [weight for weight, _ in actions]
        return self.rng.choices([action for _, action in actions], weights)[0]()

    def tap_widget(self) -> str:
        widget = self.pick_widget()
        if widget is None:
            return self.tap_anywhere()
        self.pilot.tap(self.point_in(widget))
        return f"tap {widget.name}"

    def click_widget(self) -> str:
        widget = self.pick_widget()
        if widget is None:
            return self.click_anywhere()
        self.pilot.click(self.point_in(widget))
        return f"click {widget.name}"

    def tap_anywhere(self) -> str:
        pos = self.anywhere()
        self.pilot.tap(pos)
        return f"tap {pos}"

    def click_anywhere(self) -> str:
        pos = self.anywhere()
        self.pilot.click(pos)
        return f"click {pos}"

    def drag_something(self) -> str:
        """From something (a sort card, most often) to something else, or off into nowhere."""
        source = self.pick_widget(lambda name: 6.0 if name.startswith("item-") else self._weight(name))
        start = self.point_in(source) if source is not None else self.anywhere()
        target = self.pick_widget(lambda name: 6.0 if name.startswith("group-") else 1.0)
        end = self.point_in(target) if target is not None and self.rng.random() < 0.7 else self.anywhere()
        mouse = self.rng.random() < 0.3
        self.drag(start, end, mouse, self.rng.randint(1, 8))
        return f"drag {getattr(source, 'name', start)} -> {getattr(target, 'name', end)}{' (mouse)' if mouse else ''}"

    def palm(self) -> str:
        """Several fingers landing together (a palm, or two children at once)."""
        points = [self.anywhere() for _ in range(self.rng.randint(2, 5))]
        fingers = [(self.pilot.finger_down(pos), pos) for pos in points]
        self.pilot.frames(self.rng.randint(1, 3))
        for finger, _ in fingers:
            if self.rng.random() < 0.5:
                self.pilot.finger_move(self.anywhere(), finger)
        self.rng.shuffle(fingers)
        for finger, pos in fingers:
            self.pilot.finger_up(pos, finger)
            if self.rng.random() < 0.5:
                self.pilot.frames(1)
        self.pilot.frames(1)
        return f"palm of {len(points)}"

    def second_finger(self) -> str:
        """One finger down, then another on something else; lifted in either order."""
        first = self.pick_widget()
        second = self.pick_widget()
        a = self.point_in(first) if first is not None else self.anywhere()
        b = self.point_in(second) if second is not None else self.anywhere()
        finger_a = self.pilot.finger_down(a)
        self.pilot.frames(1)
        finger_b = self.pilot.finger_down(b)
        self.pilot.frames(1)
        self.pilot.finger_move(b, finger_b)
        lifts = [(finger_a, a), (finger_b, b)]
        if self.rng.random() < 0.5:
            lifts.reverse()
        for finger, pos in lifts:
            self.pilot.finger_up(pos, finger)
            self.pilot.frames(1)
        return f"two fingers {getattr(first, 'name', a)} + {getattr(second, 'name', b)}"

    def rapid_repeats(self) -> str:
        """The same thing tapped again and again, sometimes several times inside one frame."""
        widget = self.pick_widget()
        pos = self.point_in(widget) if widget is not None else self.anywhere()
        mouse = self.rng.random() < 0.3
        times = self.rng.randint(2, 6)
        same_frame = self.rng.random() < 0.3
        for _ in range(times):
            if mouse:
                self.mouse(pygame.MOUSEBUTTONDOWN, pos)
                self.mouse(pygame.MOUSEBUTTONUP, pos)
            else:
                finger = self.pilot.finger_down(pos)
                if not same_frame:
                    self.pilot.frames(1)
                self.pilot.finger_up(pos, finger)
            if not same_frame:
                self.pilot.frames(1)
        self.pilot.frames(1)
        return f"{times} rapid {'clicks' if mouse else 'taps'} on {getattr(widget, 'name', pos)}"

    def press_key(self) -> str:
        choice = self.rng.random()
        if choice < 0.45:
            letter = self.rng.choice("abcdefghijklmnopqrstuvwxyz")
            shift = self.rng.random() < 0.2
            self.key(getattr(pygame, f"K_{letter}"), pygame.KMOD_SHIFT if shift else 0,
                     letter.upper() if shift else letter)
            return f"key {letter}"
        keys = [(pygame.K_ESCAPE, "", "Escape"), (pygame.K_RETURN, "\r", "Return"), (pygame.K_BACKSPACE, "", "Back"),
                (pygame.K_SPACE, " ", "space"), (pygame.K_TAB, "", "Tab"), (pygame.K_F4, "", "F4"),
                (pygame.K_LEFT, "", "Left"), (pygame.K_1, "1", "1"), (pygame.K_KP_ENTER, "", "Enter")]
        key, text, name = self.rng.choice(keys)
        mod = self.rng.choice([0, 0, 0, pygame.KMOD_ALT, pygame.KMOD_CTRL, pygame.KMOD_SHIFT])
        self.key(key, mod, text if key != pygame.K_RETURN else "")
        return f"key {name} mod={mod}"

    def quit_keys(self) -> str:
        """The grown-ups' keys: Ctrl+Shift+Q opens the PIN."""
        self.key(pygame.K_q, pygame.KMOD_CTRL | pygame.KMOD_SHIFT)
        return "Ctrl+Shift+Q"

    def resize(self) -> str:
        """The window changes size (a rotated tablet, a dragged window corner)."""
        largest = (max(MIN_SIZE[0], self.size[0] * 3 // 2), max(MIN_SIZE[1], self.size[1] * 3 // 2))
        if self.rng.random() < 0.3:  # the usual shapes: tablet, laptop, board, portrait, the smallest allowed
            width, height = self.rng.choice([(1280, 800), (1024, 768), (1920, 1080), (800, 1280), MIN_SIZE])
            scale = min(1.0, largest[0] / width, largest[1] / height)
            size = (max(MIN_SIZE[0], int(width * scale)), max(MIN_SIZE[1], int(height * scale)))
        else:
            size = (self.rng.randint(MIN_SIZE[0], largest[0]), self.rng.randint(MIN_SIZE[1], largest[1]))
        pygame.display.set_mode(size, pygame.RESIZABLE)  # the window manager's part: not a frame
        pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, size=size, w=size[0], h=size[1], window=None))
        pygame.event.post(pygame.event.Event(pygame.WINDOWRESIZED, x=size[0], y=size[1], window=None))
        pygame.event.post(pygame.event.Event(pygame.WINDOWSIZECHANGED, x=size[0], y=size[1], window=None))
        self.pilot.frames(1)
        return f"resize {size[0]}x{size[1]}"

    def pause(self) -> str:
        """Nobody touches anything for a while (animations end, the talk pause runs out)."""
        seconds = self.rng.choice([0.2, 0.5, 1.0, 3.0, 8.0])
        dt = self.rng.choice([FRAME, 1 / 15, 0.1])
        self.pilot.frames(max(1, min(60, round(seconds / dt))), dt)
        return f"pause {seconds} s"

    def other_input(self) -> str:
        """Things a board or a mouse also sends: right clicks, the wheel, a stray touch copy."""
        pos = self.anywhere()
        choice = self.rng.randrange(3)
        if choice == 0:
            self.mouse(pygame.MOUSEBUTTONDOWN, pos, button=3)
            self.mouse(pygame.MOUSEBUTTONUP, pos, button=3)
        elif choice == 1:
            pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=self.rng.choice([-1, 1]), flipped=False,
                                                 window=None))
        else:  # a mouse-up with nothing pressed, and a finger lifted that never landed
            self.mouse(pygame.MOUSEBUTTONUP, pos)
            pygame.event.post(self.pilot._finger(pygame.FINGERUP, 999, pos))
        self.pilot.frames(1)
        return f"other input {choice}"

    def close_window(self) -> str:
        """The window's close button: closes a window (an adult at a desktop); ignored in fullscreen."""
        pygame.event.post(pygame.event.Event(pygame.QUIT))
        self.pilot.frames(1)
        return "window close"

    # -- what grown-ups do -------------------------------------------------------------
    def hold_title(self) -> str:
        """Hold the title for three seconds: the way into teacher mode on a board."""
        try:
            pos = self.point_in(self.scene.widget("teacher-hold"))
        except KeyError:
            return self.tap_anywhere()
        seconds = self.rng.choice([1.0, 3.3, 3.3])
        mouse = self.rng.random() < 0.3
        if mouse:
            self.mouse(pygame.MOUSEBUTTONDOWN, pos)
        else:
            finger = self.pilot.finger_down(pos)
        self.pilot.frames(round(seconds / 0.1), 0.1)
        if mouse:
            self.mouse(pygame.MOUSEBUTTONUP, pos)
        else:
            self.pilot.finger_up(pos, finger)
        self.pilot.frames(1)
        return f"hold title {seconds} s"

    def type_pin(self) -> str:
        """Type the teacher's PIN on the pad (a new PIN is chosen as the same one, typed twice)."""
        for _ in range(2):
            top = self.scene
            if top.name != "pin":
                break
            for _ in range(len(top.entered)):
                self.pilot.tap(self.point_in(top.widget("pin-back")))
            for digit in self.pin:
                self.pilot.tap(self.point_in(top.widget(f"pin-{digit}")))
            self.pilot.tap(self.point_in(top.widget("pin-ok")))
            self.settle()
            if not (self.scene is top and not top.pin.is_set and top.first_choice):
                break
        return "type the PIN"

    def type_name(self) -> str:
        """Letters on the big keys, then OK."""
        top = self.scene
        for _ in range(self.rng.randint(1, 6)):
            letter = self.rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
            self.pilot.tap(self.point_in(top.widget(f"key-{letter}")))
        if self.rng.random() < 0.7:
            self.pilot.tap(self.point_in(top.widget("key-ok")))
        return "type a name"

    def switch_pupil(self) -> str:
        """The teacher hands the tablet to another child: PIN, "Who is playing?", their animal."""
        self.quit_keys()
        if self.scene.name != "pin":
            return "switch pupil: no PIN pad"
        self.type_pin()
        if self.scene.name != "teacher":
            return "switch pupil: not in"
        self.pilot.tap(self.point_in(self.scene.widget("who")))
        if self.scene.name != "pupils":
            return "switch pupil: no class"
        pupil = self.pick_widget(lambda name: 1.0 if name.startswith("pupil-") else 0.0)
        if pupil is not None:
            self.pilot.tap(self.point_in(pupil))
        return f"switch pupil to {getattr(pupil, 'label', None)}"

    # -- erasing a pupil: the one deliberate removal of answers ------------------------------
    def _watch_erasing(self) -> None:
        """Count a pupil's answers as erased from the moment their page opens (teacher mode, the only
        place they can be erased) until it closes with the pupil still there.

        Printed at once, so a SIGKILL can never leave ``erased=`` too low. It is exact: while the page
        is open no lesson is being played, and answers given before are flushed before counting; an
        erase needs the page on screen for at least one frame before the "yes" (the page, its "erase"
        and the "yes" never share a spot, so no single frame's burst of clicks can do all three).
        """
        open_pages = {scene.pupil_id for scene in self.app.stack.scenes if scene.name == "pupil"}
        if open_pages == self._erasable.keys():
            return
        for pupil_id in open_pages - self._erasable.keys():
            self.app.ctx.recorder.flush()
            self._erasable[pupil_id] = self._store_count(
                "SELECT COUNT(*) FROM answers JOIN attempts ON attempts.id = answers.attempt_id "
                "WHERE attempts.pupil_id = ?", pupil_id)
        for pupil_id in self._erasable.keys() - open_pages:
            count = self._erasable.pop(pupil_id)
            if not self._store_count("SELECT COUNT(*) FROM pupils WHERE id = ?", pupil_id):
                self.erased += count
        self.say(f"erased={self.erased + sum(self._erasable.values())}")

    def _store_count(self, query: str, pupil_id: int) -> int:
        db = sqlite3.connect(str(self.data_dir / STORE_FILE), timeout=10)
        try:
            return db.execute(query, (pupil_id,)).fetchone()[0]
        finally:
            db.close()

    # -- checks -----------------------------------------------------------------------
    def _stored_pin_hash(self) -> str:
        try:
            return TeacherPin(self.data_dir).record.hash
        except OSError:
            return ""

    def _follow_pin(self) -> None:
        """The PIN pad may have set a new PIN (Settings > Change the PIN, by random taps): learn it."""
        if self._pin_candidate is None:
            return
        stored = self._stored_pin_hash()
        if stored != self._pin_hash:
            self._pin_hash = stored
            self.pin = self._pin_candidate
        if self.scene.name != "pin":
            self._pin_candidate = None

    def go_home(self) -> None:
        """Reach home by tapping only ways back (or, on the picker, a child's own animal)."""
        for _ in range(HOME_TAPS):
            self.settle()
            if isinstance(self.scene, HomeScene) and len(self.app.stack) == 1:
                return
            names = {w.name: w for w in self.targets()}
            way = next((names[name] for name in WAYS_BACK if name in names), None)
            if way is None and self.scene.name == "pupils":
                way = next((w for w in self.targets() if w.name.startswith("pupil-")), None)
            if way is None:
                raise MonkeyFailure(f"no way back from {self.where()} (it offers {sorted(names)})")
            self.pilot.tap(way.rect.center)
        self.settle()
        if not (isinstance(self.scene, HomeScene) and len(self.app.stack) == 1):
            raise MonkeyFailure(f"home not reached in {HOME_TAPS} taps on ways back; stuck on {self.where()}")

    def check(self) -> None:
        """Home can be reached, and progress is being saved."""
        self.go_home()
        recorder = self.app.ctx.recorder
        if not recorder.flush():
            raise MonkeyFailure("the progress writer did not catch up within 10 s")
        if recorder.problem:
            raise MonkeyFailure(f"progress is not being saved: {recorder.problem}")

    # -- the run ---------------------------------------------------------------------
    def run(self) -> int:
        started = time.perf_counter()
        try:
            self._start()
            while self.event < self.events:
                self.event += 1
                try:
                    what = self.act()
                    self.settle()
                    if self.rng.random() < 0.5:
                        self.pilot.frames(self.rng.randint(1, 3), self.rng.choice([FRAME, 1 / 15]))
                except AppQuit:
                    what = "the game was closed: started again"
                    self._restart()
                self._follow_pin()
                problem = self.app.ctx.recorder.problem
                if problem:  # the data folder here is always writable: any problem is the game's
                    raise MonkeyFailure(f"progress is not being saved: {problem}")
                if self.trace:
                    print(f"event={self.event} {what} -> {self.where()}", file=sys.stderr)
                if self.event % CHECK_EVERY == 0 or self.event == self.events:
                    try:
                        self.check()
                    except AppQuit:  # a way back cannot close the game; if it does, that is a failure
                        raise MonkeyFailure("tapping a way back closed the game") from None
        except MonkeyFailure as failure:
            return self._failed(str(failure))
        except Exception:  # noqa: BLE001 - any exception in the game is what the monkey is for
            return self._failed("an exception:\n" + traceback.format_exc())
        self.app.close()
        self._report(time.perf_counter() - started)
        self.say("result=ok")
        return 0

    def _failed(self, why: str) -> int:
        try:
            where = self.where()
        except Exception:  # noqa: BLE001
            where = "?"
        print(f"FAILED at event {self.event} on {where}: {why}", file=sys.stderr)
        print(f"replay: python bench/monkey.py --seed {self.seed} --events {self.event} "
              f"--data-dir NEW-DIR --size {self.size[0]}x{self.size[1]} --trace", file=sys.stderr)
        self.say(f"seed={self.seed}")
        self.say(f"failed_event={self.event}")
        self.say(f"failed_screen={where}")
        self.say(f"failed={why.splitlines()[0]}")
        try:
            self.app.close()
        except Exception:  # noqa: BLE001
            pass
        return 1

    def _report(self, seconds: float) -> None:
        frames = sorted(self.frame_ms)
        p99 = frames[min(len(frames) - 1, int(len(frames) * 0.99))] if frames else 0.0
        self.say(f"seed={self.seed}")
        self.say(f"events={self.event}")
        self.say(f"frames={len(frames)}")
        self.say(f"restarts={self.restarts}")
        self.say(f"frame_max_ms={self.slowest[0]:.1f}")
        self.say(f"frame_max_wall_ms={self.wall_max_ms:.1f}")
        self.say(f"frame_max_screen={self.slowest[1]}")
        self.say(f"frame_max_event={self.slowest[2]}")
        self.say(f"frame_p99_ms={p99:.2f}")
        self.say(f"frame_median_ms={statistics.median(frames) if frames else 0.0:.2f}")
        self.say(f"screens_visited={len(self.visited)}")
        self.say(f"screens={','.join(sorted(self.visited))}")
        self.say(f"recorded_total={self.recorded}")
        self.say(f"erased_total={self.erased}")
        self.say(f"duration_s={seconds:.1f}")


def _size(text: str) -> tuple[int, int]:
    width, height = (int(part) for part in text.lower().split("x"))
    return width, height


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--events", type=int, required=True)
    parser.add_argument("--data-dir", type=Path, required=True, help="the game's data folder (may already hold a store)")
    parser.add_argument("--cache-dir", type=Path, help="fonts and speech cache (default: the user's cache folder)")
    parser.add_argument("--size", type=_size, default=(1280, 800), metavar="WxH")
    parser.add_argument("--trace", action="store_true", help="every event and the screens after it, on stderr")
    args = parser.parse_args(argv)
    prepare_data_dir(args.data_dir)
    monkey = Monkey(args.seed, args.events, args.data_dir, args.cache_dir, args.size, args.trace)
    return monkey.run()


if __name__ == "__main__":
    sys.exit(main())
