"""Frame times in the busiest moments: scene changes, the celebration, dragging a card.

Run from the repository root:  python bench/frames.py [--lessons 6] [--only 4k] [--slowest 20] [--no-prepare]

Prints on stdout:
  frame_p50_ms_1080p, frame_p99_ms_1080p   over every frame of the busy moments at 1920x1080
  frame_p50_ms_4k,    frame_p99_ms_4k      the same at 3840x2160
  frame_max_ms_1080p, frame_max_ms_4k      the single slowest frame
  frames_1080p, frames_4k                  how many frames were timed
  frame_cpu_p50_ms_*, frame_cpu_p99_ms_*   the same frames by the frame loop thread's own CPU time
                                           (time.thread_time): what the frame cost, without the time the
                                           thread was kept waiting (by Python's lock or the machine)
  floor_frame_p99_ms_*                     the p99 of the same frames' CPU time spent again by a loop that
                                           only spins (replay_floor): what the machine alone makes of
                                           frames that cost what the game's did
  steal_pct_*                              on a virtual machine, the share of all its CPU time that the
                                           host gave to other machines meanwhile (Linux /proc/stat). A
                                           frame the host interrupts takes as long as the host keeps it:
                                           with a high figure here, frame_p99 says more of the host than
                                           of the game, and frame_cpu_p99 is the figure to compare.
  tap_to_shown_ms_p50_*, _p95_*, _max_*    from a tap on a letter, a lesson, an answer, "next" or home to
                                           the end of the frame that shows what it does, in ms
With --settle S the pilot waits S seconds on the home screen before its first tap, as a child hears the welcome
(its frames not timed); by default it taps at once, which no child does. With --cache-dir DIR the game keeps its
cache there (the cast's drawings among it): a second run with the same DIR is a warm second start.
With --share tablet the game runs as a class tablet joined to a class hub (`play.py hub` on 127.0.0.1),
recording and sending every answer, to compare with a run without (issue 17).
With --slowest N, the N slowest frames of each size (by wall and by CPU time) and what was happening in each
go to stderr.

A frame's time is the work of one App.step: reading input, updating, and drawing into the window's
surface (with SDL's dummy video driver, so the figure is the game's own work, not a display server's
copy to the screen). A screen that must be drawn whole (a new screen), and a large change while
nothing moves (an answer judged), are put together over several steps, run back to back, and shown
whole at the end (game/frame/compose.py): each of those steps counts as a frame, so the tap_to_shown
figures say how long a child waits for what a tap does. Frames of something moving (confetti, a
popping star, a dragged card) are never spread over steps: each is one frame. The game is driven by the pilot, exactly as in the tests: taps on a letter, a
lesson, every "next" and every answer (each a scene change or a feedback), a drag of every card of a
sort scene in 30 moves, and two seconds of the end-of-lesson celebration. Each screen is seen for the
first time, as a child sees it, so pictures and words are rendered then and count.
Frames are paced at 60 a second, as the game's loop paces them, so work done beside the frames (the
next screen's pictures, drawn on a worker thread: game/frame/prepare.py) gets the time it would have in the
game; --no-prepare turns that getting ready off, to compare.
Goal (issue 7): frame_p99_ms_4k <= 8.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"

from game.engine.app import App, Options  # noqa: E402
from game.lessons.letters import LETTERS  # noqa: E402
from game.speech.narration import QuietNarrator  # noqa: E402
from game.engine.pilot import Pilot  # noqa: E402

FRAME = 1 / 60
TAPPED = ("tap letter", "open ", "next:", "home", "answer")  # moments that begin with a tap on a button


class TimedPilot(Pilot):
    """A pilot that times every frame it runs."""

    def __init__(self, app: App) -> None:
        super().__init__(app)
        self.times: list[float] = []
        self.own_times: list[float] = []  # the frame loop thread's own CPU time in each frame
        self.moments: list[str] = []  # what was happening in each timed frame, for --slowest
        self.moment = ""
        self._since = 0
        self.timing = False
        self.paced = True
        self.tapped_at: float | None = None  # a tap's finger went down: how long until what it does is on show?
        self.shown_after: list[float] = []  # ms from each tap to the end of the frame showing its result

    def finger_down(self, pos, finger=None):
        if self.timing and self.moment.startswith(TAPPED):
            self.tapped_at = time.perf_counter()
        return super().finger_down(pos, finger)

    def during(self, moment: str) -> None:
        """Name what the following frames show (a scene change, a drag...): --slowest reports it."""
        self.moment, self._since = moment, 0

    def frames(self, count: int = 1, dt: float = FRAME) -> None:
        for _ in range(count):
            started, own_started = time.perf_counter(), time.thread_time()
            self.app.step(dt)
            finished, own_finished = time.perf_counter(), time.thread_time()
            if self.timing:
                self.times.append((finished - started) * 1000)
                self.own_times.append((own_finished - own_started) * 1000)
                self.moments.append(f"{self.moment} (frame {self._since}, {self.scene.name})")
                if self.tapped_at is not None and not self.app.composer.busy:
                    self.shown_after.append((finished - self.tapped_at) * 1000)
                    self.tapped_at = None
            self._since += 1
            # As the game's loop does: the rest of the frame is spare time (clock.tick(60)), except while
            # a new screen is being put together, when the loop goes straight on (game/frame/compose.py).
            if self.paced and not self.app.composing_now:
                time.sleep(max(0.0, started + dt - finished))


def sorts_first(lessons):
    """Lessons with a sort scene first, so every run includes dragging."""
    return sorted(lessons, key=lambda lesson: not any(scene.kind == "sort" for scene in lesson.scenes))


def busy_moments(pilot: TimedPilot, lesson_count: int, first: list[Path] | None = None) -> None:
    library = pilot.app.ctx.library
    lessons = sorts_first([lesson for letter in LETTERS for lesson in library.for_letter(letter.key)])
    if first:  # --lessons-dir: those lessons first (e.g. tests/lessons_cast, the drawn cast)
        lessons.sort(key=lambda lesson: not any(lesson.path.is_relative_to(folder) for folder in first))
    lessons = lessons[:lesson_count]
    pilot.timing = True
    for lesson in lessons:
        letter = next(item for item in LETTERS if item.key == lesson.letter)
        pilot.during(f"tap letter {letter.key}")
        pilot.tap_widget(f"letter-{letter.key}")
        pilot.frames(20)
        pilot.during(f"open {lesson.id}")
        pilot.tap_widget(f"lesson-{lesson.id}")
        pilot.frames(20)
        for index, scene in enumerate(lesson.scenes):
            if scene.kind == "sort":
                for item in scene.items:
                    pilot.during(f"drag {item.id} ({scene.id})")
                    pilot.drag_widget(f"item-{item.id}", f"group-{item.group}", steps=30)
                    pilot.frames(10)
            elif scene.kind != "story":
                answers = [a for a in scene.answers if not a.right] + [a for a in scene.answers if a.right]
                if scene.kind != "tap-all":
                    answers = answers[: len(answers) - sum(a.right for a in answers) + 1]
                for answer in answers:
                    pilot.during(f"answer {answer.id} ({scene.id})")
                    pilot.tap_widget(f"answer-{answer.id}")
                    pilot.frames(10)
            last = index + 1 == len(lesson.scenes)
            pilot.during("next: the celebration" if last else f"next: scene {lesson.scenes[index + 1].id}")
            pilot.tap_widget("next")
            pilot.frames(20)
        pilot.frames(120)  # the celebration
        pilot.during("home")
        pilot.tap_widget("home")
        pilot.frames(20)
    pilot.timing = False


HOME_LANGUAGE = [""]  # --home-language
SHARE: dict = {}  # --share tablet: the class hub's address and code (a `play.py hub` process of its own)


def measure(size: tuple[int, int], lesson_count: int, prepare: bool = True,
            extra: list[Path] | None = None, settle: float = 0.0, cache: Path | None = None) -> TimedPilot:
    work = Path(tempfile.mkdtemp(prefix="smart-stars-frames-"))
    options = Options(fullscreen=False, size=size, cache_dir=cache or work / "cache", data_dir=work / "data", record=False,
                      whole_class=True)  # whole class: no pupil picker in the way
    if SHARE:  # a class tablet joined to a hub: every answer recorded and sent as the class plays
        from game.sync.client import SyncClient

        options.record = True
        SyncClient(work / "data", device_name="bench tablet").join(SHARE["address"], SHARE["code"])
    if extra:
        options.lesson_dirs = list(options.lesson_dirs) + [folder.resolve() for folder in extra]
    app = App.create(options, narrator=QuietNarrator())
    if HOME_LANGUAGE[0]:  # a second language on (issue 21): every line drawn with its translation under it
        from game.languages.home import use

        use(app.ctx, HOME_LANGUAGE[0])
    app.preparer.enabled = prepare
    pilot = TimedPilot(app)
    pilot.frames(2)
    if HOME_LANGUAGE[0]:
        pilot.wait_until(lambda: app.ctx.home_language is not None, timeout=30)
    app.ctx.settings.talk_seconds = 0
    until = time.monotonic() + settle
    while time.monotonic() < until:  # on the home screen, as the game's loop would run it (frames not timed)
        pilot.frames(1)
    busy_moments(pilot, lesson_count, [folder.resolve() for folder in extra or []])
    app.close()
    return pilot


def replay_floor(own_times: list[float]) -> list[float]:
    """The same frames' CPU time spent again, frame by frame, by a loop that only spins, paced at 60 a
    second: the wall time each takes is what this machine adds to a frame of that cost by itself (the
    host's steal, other processes, timer ticks). No code can make the game's frames faster than these."""
    walls = []
    for own_ms in own_times:
        started, own_started = time.perf_counter(), time.thread_time()
        while (time.thread_time() - own_started) * 1000 < own_ms:
            pass
        finished = time.perf_counter()
        walls.append((finished - started) * 1000)
        time.sleep(max(0.0, started + FRAME - finished))
    return walls


def cpu_ticks() -> list[int] | None:
    """The machine's CPU time so far by kind (user, nice, system, idle, iowait, irq, softirq, steal), Linux only."""
    try:
        return [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    except (OSError, ValueError):
        return None


def steal_pct(before: list[int] | None, after: list[int] | None) -> float | None:
    """Of the machine's CPU time between two ``cpu_ticks``, the share its host gave to other machines."""
    if before is None or after is None or len(before) < 8 or len(after) < 8:
        return None
    spent = [later - earlier for earlier, later in zip(before, after)]
    return 100.0 * spent[7] / max(1, sum(spent))


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lessons", type=int, default=6, help="how many lessons to play at each size")
    parser.add_argument("--slowest", type=int, default=0, metavar="N",
                        help="also list the N slowest frames and what was happening (on stderr)")
    parser.add_argument("--only", choices=("1080p", "4k"), help="measure at one size only")
    parser.add_argument("--home-language", default="", metavar="CODE", help="a second language on, e.g. ur")
    parser.add_argument("--no-floor", action="store_true", help="skip the machine's floor (replay_floor: a minute a size)")
    parser.add_argument("--share", choices=("tablet",), help="as a class tablet joined to a class hub (127.0.0.1), "
                                                           "recording and sending every answer")
    parser.add_argument("--no-prepare", action="store_true",
                        help="do not get the next screen ready in spare frame time (game/frame/prepare.py), to compare")
    parser.add_argument("--settle", type=float, default=0.0, metavar="S",
                        help="seconds on the home screen before the first tap (a child hears the welcome)")
    parser.add_argument("--cache-dir", type=Path, metavar="DIR", help="keep the game's cache here (a second run: warm)")
    parser.add_argument("--lessons-dir", type=Path, action="append", default=[], metavar="DIR",
                        help="also load the lessons in DIR and play them first (tests/lessons_cast: the drawn cast)")
    args = parser.parse_args()
    HOME_LANGUAGE[0] = args.home_language
    hub = None
    if args.share:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        from idle_cpu import start_hub

        hub, SHARE["address"], SHARE["code"] = start_hub(Path(tempfile.mkdtemp(prefix="smart-stars-frames-hub-")))
    for label, size in (("1080p", (1920, 1080)), ("4k", (3840, 2160))):
        if args.only and label != args.only:
            continue
        before = cpu_ticks()
        pilot = measure(size, args.lessons, prepare=not args.no_prepare, extra=args.lessons_dir, settle=args.settle,
                        cache=args.cache_dir)
        stolen = steal_pct(before, cpu_ticks())
        times = pilot.times
        if args.slowest:
            frames = list(zip(times, pilot.own_times, pilot.moments))
            for title, by in (("wall", 0), ("CPU", 1)):
                print(f"slowest frames at {label} by {title} time (wall / CPU):", file=sys.stderr)
                for wall_ms, own_ms, moment in sorted(frames, key=lambda frame: frame[by], reverse=True)[: args.slowest]:
                    print(f"  {wall_ms:7.2f} / {own_ms:6.2f} ms  {moment}", file=sys.stderr)
        print(f"frame_p50_ms_{label}={statistics.median(times):.2f}")
        print(f"frame_p99_ms_{label}={percentile(times, 0.99):.2f}")
        print(f"frame_max_ms_{label}={max(times):.2f}")
        print(f"frames_{label}={len(times)}")
        print(f"frame_cpu_p50_ms_{label}={statistics.median(pilot.own_times):.2f}")
        print(f"frame_cpu_p99_ms_{label}={percentile(pilot.own_times, 0.99):.2f}")
        if stolen is not None:
            print(f"steal_pct_{label}={stolen:.1f}")
        if not args.no_floor:
            print(f"floor_frame_p99_ms_{label}={percentile(replay_floor(pilot.own_times), 0.99):.2f}")
        shown = pilot.shown_after
        print(f"tap_to_shown_ms_p50_{label}={statistics.median(shown):.1f}")
        print(f"tap_to_shown_ms_p95_{label}={percentile(shown, 0.95):.1f}")
        print(f"tap_to_shown_ms_max_{label}={max(shown):.1f}")
    if hub is not None:
        hub.terminate()
        hub.wait(30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
