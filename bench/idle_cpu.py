"""Idle CPU and tap-to-feedback time of the real game, as a child leaves it and comes back.

Run from the repository root:  python bench/idle_cpu.py [--seconds 30] [--taps 20]

Prints on stdout:
  display=xvfb|dummy          where the window was opened (Xvfb when installed, else SDL's dummy driver,
                              where SDL cannot sleep until input and the game ticks at 15 fps instead)
  idle_cpu_pct_home           CPU used by the whole game process (every thread) over --seconds on the home
                              screen with no input, after it has settled, as % of one core
  idle_cpu_pct_question       the same on a lesson's first question, after the question has been read out
  idle_wakeups_per_s_home     how often the game's threads were switched in a second over the same windows
  idle_wakeups_per_s_question (the kernel's count, which does not swing with the machine's load as CPU % does;
                              each thread's share goes to stderr)
  idle_cpu_pct_auto_scanning  the same on that question (after the taps below) with one-switch auto-scanning on,
                              2 s a step: the highlight moving by itself and each thing's words spoken
  idle_cpu_pct_between_scan_steps  of that, only the time between steps: from the end of a step's words to the
                              next step (the frame loop's own hooks mark both: nothing polls), the state the
                              scanning game rests in most of the time (issue 20: within the idle goal)
  tap_feedback_ms_p50         from posting a finger-down on a target to the end of the flip of the frame
  tap_feedback_ms_p95         that shows its result, each tap made after the game had gone idle again:
                              --taps taps between home and each letter's screen in turn (a new screen each time), then
                              each wrong answer of a Safe lesson's first question (the answer marked)

The game runs as `play.py` would run it (its options, App.create, the frame loop) in a child process;
a driver thread in that process posts finger events exactly as SDL delivers a touch (the FINGER event
and its synthetic mouse copy), and the frame loop's flips are timestamped.
Goal (issue 7): idle <= 0.3% and tap feedback <= 50 ms.

--share tablet: the game runs as a class tablet joined to a class hub (``play.py hub`` in its own process, on
127.0.0.1), its SyncClient sending each answer and pulling every 15 s; --share hub: the game is the teacher's
PC with "Share with tablets" on (its hub on 127.0.0.1, not advertised). Run beside a run without, to see that
sharing costs the child nothing (issue 17).

It takes a few minutes (each letter's screen reads out its lessons, some 10-14 s, and the game must go quiet
before each tap): the child says on stderr what it is doing, so a slow run is not taken for a hung one.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STARTED = time.perf_counter()


def parent(args: argparse.Namespace) -> int:
    sys.path.insert(0, str(ROOT / "bench"))
    from display import benchmark_display

    work = Path(tempfile.mkdtemp(prefix="smart-stars-idle-"))
    with benchmark_display() as env:
        command = [sys.executable, __file__, "--child", str(work), "--seconds", str(args.seconds),
                   "--taps", str(args.taps), "--timeout", str(args.timeout)] + (
                       ["--home-language", args.home_language] if args.home_language else [])
        hub = None
        if args.share == "tablet":
            hub, address, code = start_hub(work)
            command += ["--share", "tablet", "--hub", address, "--code", code]
        elif args.share == "hub":
            command += ["--share", "hub"]
        try:
            # a warm-up run fills the speech cache, as on any tablet after its first day
            subprocess.run(command + ["--warm-up"], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                           timeout=args.timeout + 30)
            result = subprocess.run(command, env=env, cwd=ROOT, check=True, stdout=subprocess.PIPE, text=True,
                                    timeout=args.timeout + 30)
        except subprocess.TimeoutExpired as stuck:
            # The child printed every thread's stack (on stderr) at its own --timeout: where it waits.
            print(f"the game did not finish within {stuck.timeout:.0f} s: see the stacks above", file=sys.stderr)
            return 1
        finally:
            if hub is not None:
                hub.terminate()
                hub.wait(30)
        display = env["BENCH_DISPLAY"]
    figures = json.loads(result.stdout.strip().splitlines()[-1])
    if "error" in figures:
        print(f"the run stopped: {figures['error']}", file=sys.stderr)
        return 1
    print(f"display={display}")
    for name in ("idle_cpu_pct_home", "idle_cpu_pct_question", "idle_cpu_pct_auto_scanning",
                 "idle_cpu_pct_between_scan_steps"):
        print(f"{name}={figures[name]:.3f}")
    for name in ("idle_wakeups_per_s_home", "idle_wakeups_per_s_question"):
        print(f"{name}={figures[name]:.2f}")
    taps = sorted(figures["taps_ms"])
    print("taps (in order):", [round(t) for t in figures["taps_ms"]], file=sys.stderr)
    print(f"tap_feedback_ms_p50={statistics.median(taps):.1f}")
    print(f"tap_feedback_ms_p95={taps[min(len(taps) - 1, int(round(0.95 * (len(taps) - 1))))]:.1f}")
    return 0


class Driver:
    """Runs beside the frame loop: posts touches, watches flips, measures CPU."""

    def __init__(self, app, flips: list) -> None:
        self.app = app
        self.flips = flips  # (time, top scene) per flip, appended by the frame loop
        self.finger = 100
        self.settled: list[float] = []  # how long each wait for quiet took (a slow run says where)

    def top(self):
        return self.app.stack.top

    def say(self, what: str) -> None:
        """Progress on stderr (the run takes minutes)."""
        print(f"  {time.perf_counter() - STARTED:6.1f} s  {what}", file=sys.stderr, flush=True)

    def settle(self, quiet_seconds: float = 1.5, timeout: float = 60) -> None:
        """Wait until the game has shown nothing new and said nothing for a while (and has read the
        lessons, which it does in the background after the first frame)."""
        started = time.monotonic()
        deadline = started + timeout
        while time.monotonic() < deadline:
            seen = len(self.flips)
            time.sleep(quiet_seconds)
            quiet = not self.app.ctx.narrator.busy and self.app._idle and self.app.ctx.library_ready
            if len(self.flips) == seen and quiet:
                self.settled.append(time.monotonic() - started)
                return
        raise RuntimeError(f"the game never went quiet on {self.top().name} in {timeout:.0f} s (speaking: "
                           f"{self.app.ctx.narrator.busy}, idle: {self.app._idle}, "
                           f"{len(self.flips) - seen} frames shown in the last {quiet_seconds} s)")

    def touch(self, name: str) -> float:
        """Post a finger-down and -up on a widget, as SDL delivers them; return when it was posted."""
        import pygame

        x, y = self.top().widget(name).rect.center
        width, height = self.app.size()
        self.finger += 1
        finger = dict(touch_id=1, finger_id=self.finger, x=x / width, y=y / height, dx=0.0, dy=0.0, pressure=1.0)
        posted = time.perf_counter()
        pygame.event.post(pygame.event.Event(pygame.FINGERDOWN, finger))
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=(x, y), button=1, touch=True, window=None))
        time.sleep(0.08)
        pygame.event.post(pygame.event.Event(pygame.FINGERUP, finger))
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=(x, y), button=1, touch=True, window=None))
        return posted

    def feedback_ms(self, name: str) -> float:
        """Touch a widget; milliseconds until the first flip that showed its result (the frame loop
        evaluates the condition set for this tap right after each flip)."""
        start = len(self.flips)
        posted = self.touch(name)
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            for flipped_at, holds in self.flips[start:]:
                if holds:
                    return (flipped_at - posted) * 1000
            time.sleep(0.002)
        raise SystemExit(f"tapping {name} showed nothing within 5 s")

    def idle_cpu_pct(self, seconds: float) -> float:
        started, cpu = time.perf_counter(), time.process_time()  # process_time: every thread of the game
        before = thread_counts()
        time.sleep(seconds)
        wall = time.perf_counter() - started
        self.last_wakeups = say_threads(before, thread_counts(), wall)
        return 100 * (time.process_time() - cpu) / wall

    def between_steps_cpu_pct(self, seconds: float) -> tuple[float, float]:
        """(whole window, between steps only): CPU over ``seconds`` of auto-scanning, and over the parts of
        it from the end of one step's words to the next step. The scanner's step and the narrator's change
        of line mark those moments on the frame loop as they happen (two clock reads each), so nothing is
        polled that would itself cost CPU."""
        scanner, narrator = self.app.scanner, self.app.ctx.narrator
        speaker = getattr(narrator, "inner", narrator)
        marks: list[tuple[str, float, float]] = []
        real_move, real_set = scanner.move, speaker._set_current

        def move(scene) -> None:
            marks.append(("step", time.perf_counter(), time.process_time()))
            real_move(scene)

        def set_current(line) -> None:
            ending = line is None and speaker.current is not None  # the last words have ended
            real_set(line)
            if ending:
                marks.append(("quiet", time.perf_counter(), time.process_time()))

        scanner.move, speaker._set_current = move, set_current
        try:
            whole = self.idle_cpu_pct(seconds)
        finally:
            del scanner.move, speaker._set_current
        wall = cpu = 0.0
        stepped, quiet_at = False, None
        for kind, at, used in marks:
            if kind == "step":
                if quiet_at is not None:
                    wall, cpu = wall + at - quiet_at[0], cpu + used - quiet_at[1]
                stepped, quiet_at = True, None
            elif stepped and quiet_at is None:
                quiet_at = (at, used)
        return whole, (100 * cpu / wall if wall else float("nan"))


def thread_counts() -> dict[int, tuple[str, int, float]]:
    """Each thread of this process (Linux /proc): its name, how often it was switched in (voluntary and
    not: each is a wake-up or a preemption), and its CPU seconds. Wake-ups are counted by the kernel, so
    unlike CPU %, they do not swing with how busy the machine is."""
    names = {thread.native_id: thread.name for thread in threading.enumerate()}
    ticks = os.sysconf("SC_CLK_TCK")
    counts = {}
    for task in Path("/proc/self/task").iterdir():
        try:
            status = (task / "status").read_text()
            stat = (task / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:  # the thread ended meanwhile
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        switches = int(fields["voluntary_ctxt_switches"]) + int(fields["nonvoluntary_ctxt_switches"])
        tid = int(task.name)
        name = names.get(tid) or fields["Name"].strip()
        counts[tid] = (name, switches, (int(stat[11]) + int(stat[12])) / ticks)
    return counts


def say_threads(before: dict, after: dict, wall: float) -> float:
    """Per thread wake-ups a second and CPU over the window, to stderr; returns the whole process's wake-ups
    a second (the driver thread's own sleep excluded)."""
    me = threading.get_native_id()
    total = 0.0
    for tid, (name, switches, cpu) in sorted(after.items()):
        was = before.get(tid, (name, 0, 0.0))
        rate = (switches - was[1]) / wall
        if tid != me:
            total += rate
        if rate >= 0.05 or cpu - was[2] > 0:
            print(f"  thread {name!r}: {rate:.2f} wake-ups/s, {100 * (cpu - was[2]) / wall:.3f} % CPU",
                  file=sys.stderr)
    return total


def start_hub(work: Path) -> tuple[subprocess.Popen, str, str]:
    """A class hub of its own (``play.py hub``) on 127.0.0.1 with a class of 30, as the teacher's PC runs it."""
    import socket

    sys.path.insert(0, str(ROOT))
    from game.progress.store import STORE_FILE, ProgressStore

    with ProgressStore(work / "hub" / STORE_FILE) as store:
        class_id = store.add_class("Robins")
        for n in range(30):
            store.add_pupil(class_id, f"Pupil {n}", "owl")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    hub = subprocess.Popen([sys.executable, str(ROOT / "play.py"), "hub", "--data-dir", str(work / "hub"),
                            "--cache-dir", str(work / "hub-cache"), "--host", "127.0.0.1", "--port", str(port),
                            "--no-advert"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    address = hub.stdout.readline().rsplit(" ", 1)[1].strip()
    code = hub.stdout.readline().split(":", 1)[1].strip()
    return hub, address, code


def child(args: argparse.Namespace) -> int:
    sys.path.insert(0, str(ROOT))
    import faulthandler

    import pygame

    # Never a silent hang: past --timeout, every thread's stack goes to stderr (the parent then gives up).
    faulthandler.dump_traceback_later(args.timeout, exit=True)

    from game.engine.app import App
    from game.cli import parse, play_options

    work = Path(args.child)
    options = play_options(parse(["--windowed", "--size", "1920x1080", "--data-dir", str(work / "data"),
                                  "--cache-dir", str(work / "cache")]))
    if args.share == "tablet" and not (work / "data" / "sync.json").exists():
        from game.sync.client import SyncClient

        SyncClient(work / "data", device_name="bench tablet").join(args.hub, args.code)
    elif args.share == "hub":
        from game.engine.settings import Settings
        from game.sync.runner import SharingNetwork

        settings = Settings.load(work / "data")
        settings.share_with_tablets = True
        settings.save(work / "data")
        options.sharing = SharingNetwork(port=0, host="127.0.0.1", advertise=False)
    ready = threading.Event()
    options.on_ready = ready.set
    app = App.create(options)
    if args.home_language:  # a second language on (issue 21), read off the frame loop as a pupil's would be
        from game.languages.home import use

        use(app.ctx, args.home_language)
    flips: list = []
    driver = Driver(app, flips)
    condition = {"check": lambda: False}
    real_flip, real_update = pygame.display.flip, pygame.display.update

    def flip() -> None:
        real_flip()
        flips.append((time.perf_counter(), condition["check"]()))

    def update(*rects) -> None:  # a frame that redrew only what changed
        real_update(*rects)
        flips.append((time.perf_counter(), condition["check"]()))

    pygame.display.flip, pygame.display.update = flip, update
    figures: dict = {}

    def drive() -> None:
        try:
            ready.wait(30)
            driver.settle()
            if not args.warm_up:
                driver.say("idle at home")
                figures["idle_cpu_pct_home"] = driver.idle_cpu_pct(args.seconds)
                figures["idle_wakeups_per_s_home"] = driver.last_wakeups
            taps: list[float] = []
            # The warm-up only fills the speech cache: each letter's screen once is enough.
            tap_count = min(args.taps, 10) if args.warm_up else args.taps
            # home -> a letter -> home, each letter in turn and round again: each tap's result is a new
            # screen, and the first round is each letter's first visit
            letters = ["safe", "meeting", "accepting", "reliable", "tell"]
            while len(taps) < tap_count:
                letter = letters[len(taps) // 2 % len(letters)]
                driver.say(f"{'warm-up: ' if args.warm_up else ''}tap {len(taps) + 1} of {tap_count}: {letter}")
                condition["check"] = lambda letter=letter: (driver.top().name == "letter"
                                                            and driver.top().letter.key == letter)
                taps.append(driver.feedback_ms(f"letter-{letter}"))
                driver.settle(0.5)
                condition["check"] = lambda: driver.top().name == "home"
                taps.append(driver.feedback_ms("home"))
                driver.settle(0.5)
            # to the first question of the first Safe lesson
            condition["check"] = lambda: False
            driver.touch("letter-safe")
            driver.settle(0.5)
            lesson = next(lesson for lesson in app.ctx.library.for_letter("safe")  # one asking a question first
                          if next(scene for scene in lesson.scenes if scene.kind != "story").kind == "choose")
            driver.touch(f"lesson-{lesson.id}")
            driver.settle()
            while driver.top().scene.kind == "story":
                driver.touch("next")
                driver.settle()
            if not args.warm_up:
                driver.say("idle at a question")
                figures["idle_cpu_pct_question"] = driver.idle_cpu_pct(args.seconds)
                figures["idle_wakeups_per_s_question"] = driver.last_wakeups
            # each wrong answer once: the answer is marked on the first frame after the touch
            scene = driver.top().scene
            for answer in [a for a in getattr(scene, "answers", ()) if not a.right]:
                widget = f"answer-{answer.id}"
                condition["check"] = lambda widget=widget: driver.top().widget(widget).state == "wrong"
                taps.append(driver.feedback_ms(widget))
                driver.settle()
            figures["taps_ms"] = taps
            print("waits for quiet (s):", [round(t, 1) for t in driver.settled], file=sys.stderr)
            # One-switch auto-scanning on (2 s a step), as a teacher may turn it on: the whole process while the
            # highlight steps round the question by itself and says each answer (the warm-up caches those words).
            from game.progress.preferences import Preferences

            scanning = Preferences({"scanning": "auto", "scan_seconds": 2.0})
            app.ctx.on_frame_loop(lambda: setattr(app.ctx, "preferences", scanning))
            time.sleep(0.5)
            driver.say("auto-scanning")
            # the warm-up needs one round only (each answer's words into the cache)
            cpu, between = driver.between_steps_cpu_pct(min(args.seconds, 12) if args.warm_up else args.seconds)
            if not args.warm_up:
                figures["idle_cpu_pct_auto_scanning"] = cpu
                figures["idle_cpu_pct_between_scan_steps"] = between
        except Exception as error:  # noqa: BLE001 - said by the parent, with a failing exit
            figures["error"] = f"{type(error).__name__}: {error}"
        finally:
            app.quit()

    thread = threading.Thread(target=drive, daemon=True)
    thread.start()
    app.run()
    thread.join(5)
    print(json.dumps(figures))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--taps", type=int, default=20)
    parser.add_argument("--home-language", default="", metavar="CODE", help="a second language on, e.g. ur")
    parser.add_argument("--timeout", type=float, default=900.0,
                        help="seconds a run may take before it is stopped with every thread's stack printed")
    parser.add_argument("--share", choices=("tablet", "hub"), help="sharing on: a tablet joined to a hub, or the hub")
    parser.add_argument("--hub", help=argparse.SUPPRESS)
    parser.add_argument("--code", help=argparse.SUPPRESS)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--warm-up", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    return child(args) if args.child else parent(args)


if __name__ == "__main__":
    sys.exit(main())
