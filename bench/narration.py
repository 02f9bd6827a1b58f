"""Narration latency and frame-time benchmark for SMART Stars.

Run from the repository root:  python bench/narration.py

Prints exactly four ``name=value`` lines on stdout (everything else goes to stderr):

  cached_first_sample_ms    median, scene entry (narrator.say) -> first audible sample
                            at the audio output, for a line already in the speech cache
  uncached_first_sample_ms  the same for a fresh sentence (a cache miss: synthesised now)
  frame_p99_idle_ms         p99 work time of App.step on a lesson question screen, 60 fps
  frame_p99_synth_ms        the same while the synthesiser is kept busy in the background

How "reaching the output" is measured: SDL's *disk* audio driver writes every mixed
buffer (the mixer's rate, s16, stereo: 4 bytes a frame) to a file in real time. A watcher
thread timestamps each growth of that file. For each trial the audible latency is

    (byte offset of the first sample with |value| > THRESHOLD
     - stream position at the moment say() was called) / (rate * 4)

where the stream position at say() is interpolated between the watcher's timestamps
(the driver's stdio buffer makes the file grow in 4096-byte steps, one every
4096 / (rate * 4) seconds: 46 ms at 22,050 Hz).
The wall-clock time from say() until that sample became visible in the file is a
cross-check (it runs up to one stdio flush late); if the two disagree by more than
WILD_MS (one flush plus 10 ms) the larger is used. The real frame loop (App.step) runs on the main thread
throughout.
"""

from __future__ import annotations

import array
import os
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

WORK = Path(tempfile.mkdtemp(prefix="smart-stars-bench-"))
AUDIO_FILE = WORK / "audio-out.raw"
os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "disk"
os.environ["SDL_DISKAUDIOFILE"] = str(AUDIO_FILE)
os.environ.pop("SDL_DISKAUDIODELAY", None)
os.environ["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"

# Keep stdout for the four result lines: anything else (Python or C) goes to stderr.
_RESULT_FD = os.dup(1)
os.dup2(2, 1)
sys.stdout = sys.stderr

import pygame  # noqa: E402

from game.engine.app import App, Options  # noqa: E402
from game.lessons.model import Line  # noqa: E402
from game.engine.pilot import Pilot  # noqa: E402

from game.speech.audio import MIXER_FREQUENCY  # noqa: E402

RATE = MIXER_FREQUENCY
BYTES_PER_FRAME = 4  # s16 stereo
BYTES_PER_SECOND = RATE * BYTES_PER_FRAME
THRESHOLD = 300  # |sample| above this (about -40 dBFS) counts as sound
STDIO_FLUSH_BYTES = 4096  # the disk driver's file grows in steps of this size
# The wall clock can run up to one stdio flush late; disagreeing by more than that (plus
# scheduling slack) means the byte position cannot be trusted alone.
WILD_MS = STDIO_FLUSH_BYTES / BYTES_PER_SECOND * 1000 + 10.0
TRIALS = 9
FRAMES = 600
FPS = 60

log_lines: list[str] = []


def log(*parts) -> None:
    print(*parts, file=sys.stderr, flush=True)


# -- the audio file watcher --------------------------------------------------------
class Watcher:
    """Timestamps every growth of the disk driver's output file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.events: list[tuple[float, int]] = []  # (perf_counter, visible size)
        self._run = threading.Event()
        self._quit = False
        self._thread = threading.Thread(target=self._loop, name="bench-watcher", daemon=True)
        self._thread.start()

    def resume(self) -> None:
        self._run.set()

    def pause(self) -> None:
        self._run.clear()

    def close(self) -> None:
        self._quit = True
        self._run.set()

    def size(self) -> int:
        try:
            return os.stat(self.path).st_size
        except FileNotFoundError:
            return 0

    def _loop(self) -> None:
        last = -1
        while not self._quit:
            self._run.wait()
            size = self.size()
            now = time.perf_counter()
            if size != last:
                self.events.append((now, size))
                last = size
            time.sleep(0.0005)

    def position_at(self, when: float) -> float | None:
        """Interpolated stream position (bytes) at a perf_counter moment."""
        events = self.events
        for (t0, s0), (t1, s1) in zip(events, events[1:]):
            if t0 <= when <= t1:
                return s0 + (when - t0) / (t1 - t0) * (s1 - s0) if t1 > t0 else float(s1)
        return None

    def visible_at(self, offset: int) -> float | None:
        """When the sample at this byte offset first appeared in the file."""
        for t, s in self.events:
            if s >= offset + BYTES_PER_FRAME:
                return t
        return None


def first_loud(path: Path, start: int, end: int) -> int | None:
    """Byte offset of the first sample with |value| > THRESHOLD in [start, end)."""
    start -= start % BYTES_PER_FRAME
    with open(path, "rb") as file:
        file.seek(start)
        data = file.read(max(0, end - start))
    block = 4096
    for base in range(0, len(data) - len(data) % 2, block):
        chunk = data[base:base + block]
        samples = array.array("h", chunk[: len(chunk) - len(chunk) % 2])
        if not samples or (max(samples) <= THRESHOLD and min(samples) >= -THRESHOLD):
            continue
        for index, value in enumerate(samples):
            if abs(value) > THRESHOLD:
                offset = start + base + index * 2
                return offset - offset % BYTES_PER_FRAME
    return None


def tail_is_quiet(path: Path, seconds: float = 0.12) -> bool:
    size = os.stat(path).st_size
    span = int(seconds * BYTES_PER_SECOND)
    return first_loud(path, max(0, size - span), size) is None


# -- sentences ---------------------------------------------------------------------
NAMES = ["Sam", "Mia", "Leo", "Ava", "Noah", "Isla", "Omar", "Zara", "Finn", "Ruby", "Theo", "Maya"]
ADJECTIVES = ["friendly", "sleepy", "clever", "happy", "brave", "tiny", "shiny", "quiet", "silly", "kind"]
THINGS = ["tablet", "robot", "puppy", "kite", "rocket", "teddy", "tiger", "dragon", "parrot", "bike"]
PLACES = ["park", "library", "garden", "beach", "school", "zoo", "castle", "farm", "playground", "museum"]
VERBS = ["shares", "finds", "draws", "hides", "paints", "builds", "counts", "sings about", "follows", "waves at"]


def fresh_sentence(rng: random.Random) -> str:
    return (f"{rng.choice(NAMES)} {rng.choice(VERBS)} {rng.randint(2, 999)} {rng.choice(ADJECTIVES)} "
            f"{rng.choice(THINGS)}s at the {rng.choice(PLACES)} with a {rng.choice(ADJECTIVES)} "
            f"{rng.choice(THINGS)}.")


# -- the game ----------------------------------------------------------------------
class Bench:
    def __init__(self) -> None:
        self.rng = random.Random(int.from_bytes(os.urandom(8), "little"))
        options = Options(fullscreen=False, size=(1920, 1080), cache_dir=WORK / "cache", data_dir=WORK / "data")
        self.app = App.create(options)
        self.narrator = self.app.ctx.narrator
        self.pipeline = self.narrator.pipeline
        if self.narrator.audio is None:
            raise SystemExit(f"no audio output: {self.narrator.audio_problem}")
        mixer = pygame.mixer.get_init()
        if mixer[0] != RATE or abs(mixer[1]) != 16 or mixer[2] != 2:
            raise SystemExit(f"unexpected mixer format {mixer}")
        self.watcher = Watcher(AUDIO_FILE)
        self._instrument()
        self.pilot = Pilot(self.app)

    def _instrument(self) -> None:
        """Timestamps for the stderr breakdown: when a result is ready, when play starts."""
        self.result_at: dict[int, float] = {}
        self.submit_ticket: dict[str, int] = {}
        self.play_at: list[float] = []
        results = self.pipeline._results
        real_put, real_submit = results.put, self.pipeline.submit
        audio = self.narrator.audio
        real_play = audio.play_voice

        def put(result, *args, **kwargs):
            self.result_at.setdefault(result.ticket, time.perf_counter())
            return real_put(result, *args, **kwargs)

        def submit(job):
            if job.ticket:
                self.submit_ticket[job.text] = job.ticket
            return real_submit(job)

        def play_voice(sound, volume):
            self.play_at.append(time.perf_counter())
            return real_play(sound, volume)

        results.put = put
        self.pipeline.submit = submit
        audio.play_voice = play_voice

    # -- driving -----------------------------------------------------------------------
    def run_for(self, seconds: float) -> None:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            self.app.step()

    def go_to_question(self) -> None:
        pilot = self.pilot
        pilot.frames(2)
        pilot.tap_widget("letter-meeting")
        pilot.tap_widget("lesson-meeting-park")
        for _ in range(30):
            current = getattr(pilot.scene, "scene", None)
            if getattr(current, "answers", None):
                break
            pilot.tap_widget("next")
        else:
            raise SystemExit("never reached a question screen")
        log(f"on question screen: {pilot.scene.scene.id!r} ({pilot.scene.name})")
        self.pipeline.wait_idle(60)  # the lesson's own lines are prepared on entry
        self.narrator.stop()

    def settle(self) -> None:
        """Stop speaking and run the loop until the output has been silent for a while."""
        self.narrator.stop()
        self.pipeline.wait_idle(30)
        self.run_for(0.3)
        deadline = time.perf_counter() + 5
        while not tail_is_quiet(AUDIO_FILE) and time.perf_counter() < deadline:
            self.run_for(0.05)
        if not tail_is_quiet(AUDIO_FILE):
            log("warning: output never went quiet")

    # -- latency -----------------------------------------------------------------------
    def trial(self, line: Line, label: str) -> float | None:
        self.settle()
        self.app.step()  # say() comes right after a real frame, as a tap would
        plays_before = len(self.play_at)
        visible_at_say = self.watcher.size()
        t_say = time.perf_counter()
        self.narrator.say([line])
        deadline = t_say + 4.0
        loud = None
        while time.perf_counter() < deadline:
            self.app.step()
            if len(self.play_at) > plays_before and time.perf_counter() - self.play_at[plays_before] > 0.12:
                loud = first_loud(AUDIO_FILE, visible_at_say, self.watcher.size())
                if loud is not None:
                    break
        self.run_for(0.06)  # one more flush after the sample, for interpolation
        if loud is None:
            log(f"{label}: no sound within 4 s (narrator spoke {len(self.narrator.spoken)} lines)")
            return None
        pos_say = self.watcher.position_at(t_say)
        seen = self.watcher.visible_at(loud)
        if pos_say is None or seen is None:
            log(f"{label}: watcher has no timestamps around the trial")
            return None
        by_bytes = (loud - pos_say) / BYTES_PER_SECOND * 1000
        by_wall = (seen - t_say) * 1000
        value = by_bytes if abs(by_wall - by_bytes) <= WILD_MS else max(by_bytes, by_wall)
        ticket = self.submit_ticket.get(line.text)
        t_result = self.result_at.get(ticket) if ticket else None
        t_play = self.play_at[plays_before] if len(self.play_at) > plays_before else None
        pos_play = self.watcher.position_at(t_play) if t_play else None
        parts = [f"{label}: {value:6.1f} ms  (bytes {by_bytes:6.1f}, wall {by_wall:6.1f})"]
        if t_result:
            parts.append(f"result ready +{(t_result - t_say) * 1000:5.1f}")
        if t_play:
            parts.append(f"play_voice +{(t_play - t_say) * 1000:5.1f}")
        if pos_play is not None:
            parts.append(f"mixer->sample {(loud - pos_play) / BYTES_PER_SECOND * 1000:5.1f}")
        log("  ".join(parts))
        return value

    def latency(self, cached: bool) -> float:
        label = "cached" if cached else "uncached"
        values = []
        for index in range(TRIALS):
            line = Line(f"bench-{label}-{index}", fresh_sentence(self.rng))
            key = self.narrator.voice.for_text(line.text)
            if cached:
                self.narrator.prepare([line])
                end = time.perf_counter() + 20
                while not self.pipeline.cache.has(key) and time.perf_counter() < end:
                    self.run_for(0.02)
                self.pipeline.wait_idle(20)
                if not self.pipeline.cache.has(key):
                    raise SystemExit("pre-rendering failed: " + str(self.pipeline.engine_problem))
            elif self.pipeline.cache.has(key):
                raise SystemExit("a fresh sentence was already cached")
            value = self.trial(line, f"{label} {index + 1}/{TRIALS}")
            if value is not None:
                values.append(value)
        self.settle()
        if len(values) < 5:
            raise SystemExit(f"only {len(values)} {label} trials produced sound")
        return statistics.median(values)

    # -- frames --------------------------------------------------------------------
    def frames(self, label: str, background_synth: bool) -> float:
        """p99 of the time spent inside App.step, at a real 60 fps."""
        self.settle()
        self.watcher.pause()
        period = 1.0 / FPS
        times, lateness = [], []
        submitted = 0
        renders_before = self.pipeline.renders_done
        t_first = time.perf_counter()
        previous = t_first
        next_frame = t_first + period
        for _ in range(FRAMES):
            if background_synth:
                # keep a backlog so the synthesiser thread never runs dry
                while submitted - (self.pipeline.renders_done - renders_before) < 3:
                    self.narrator.prepare([Line("bench-bg", fresh_sentence(self.rng))])
                    submitted += 1
            now = time.perf_counter()
            if now < next_frame:
                time.sleep(next_frame - now)
            start = time.perf_counter()
            lateness.append(start - next_frame)
            self.app.step(start - previous)
            end = time.perf_counter()
            times.append(end - start)
            previous = start
            next_frame += period
            if end > next_frame:
                next_frame = end  # a late frame: carry on, don't try to catch up
        elapsed = time.perf_counter() - t_first
        renders = self.pipeline.renders_done - renders_before
        self.watcher.resume()
        p99 = percentile(times, 99) * 1000
        log(f"frames {label}: n={len(times)} in {elapsed:.1f}s  median {statistics.median(times) * 1000:.3f}  "
            f"p99 {p99:.3f}  max {max(times) * 1000:.3f} ms;  start lateness p99 "
            f"{percentile(lateness, 99) * 1000:.2f} ms;  lines synthesised {renders}")
        if background_synth and renders < 10:
            log("warning: the synthesiser was hardly busy")
        return p99

    def close(self) -> None:
        self.narrator.stop()
        self.pipeline.close()
        self.watcher.close()
        pygame.quit()


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, -(-len(ordered) * pct // 100) - 1))
    return ordered[int(index)]


def main() -> None:
    bench = Bench()
    try:
        bench.watcher.resume()
        bench.go_to_question()
        state = bench.pipeline.engine_state
        if state != "ready":
            raise SystemExit(f"speech engine is {state}: {bench.pipeline.engine_problem}")
        cached = bench.latency(cached=True)
        uncached = bench.latency(cached=False)
        idle = bench.frames("idle", background_synth=False)
        synth = bench.frames("synth", background_synth=True)
    finally:
        bench.close()
        shutil.rmtree(WORK, ignore_errors=True)
    results = (f"cached_first_sample_ms={cached:.1f}\n"
               f"uncached_first_sample_ms={uncached:.1f}\n"
               f"frame_p99_idle_ms={idle:.3f}\n"
               f"frame_p99_synth_ms={synth:.3f}\n")
    os.write(_RESULT_FD, results.encode())


if __name__ == "__main__":
    main()
