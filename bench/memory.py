"""Memory: peak RSS of the real game after playing every lesson once, against a bare pygame-ce floor.

Run from the repository root:  python bench/memory.py

Prints on stdout:
  display=xvfb|dummy      where the windows were opened (Xvfb when installed, else SDL's dummy driver)
  peak_rss_mb             the game process's peak resident set (VmHWM) after it has been started as
                          play.py starts it and every lesson has been played once by tapping
  floor_rss_mb            the peak resident set of a bare pygame-ce process in the same run (below)
  peak_over_floor_mb      the difference
  rss_after_start_mb      the game's resident set once its home screen is up (before any lesson)

The game: a child process runs it as play.py does (play.py's own options through game.cli at
1920x1080 in a window, App.create with the real speech narrator - pyttsx3 and espeak-ng in a
worker thread, the mixer - and real progress recording into a temporary data folder). The pilot
then taps through every screen of every lesson (game.authoring.tour.visit_every_screen: every wrong answer
once, then the right one, every reward), advancing the frame loop with fixed frame times rather
than waiting in real time, so a line is usually stopped by the next tap before it has played (a
child hears them all; the sounds are the same size either way). At the end it waits until every
line asked for has been synthesised and loaded, so that work counts too.
One unmeasured warm-up run comes first, as on a classroom tablet after its first day: the font is
already cut, the lessons' picture names are remembered, their speech is in the cache (the measured
run loads every line's sound). What differs from a classroom: SDL's dummy audio driver (there is no
sound card here), so sounds are decoded and held exactly as with one but no device buffers exist,
and the window is on Xvfb (or SDL's dummy driver, where a window costs some 110 MB less, in the
floor as much as in the game).

The floor: what any pygame-ce game with a window, sound and text has to pay before its first
line of its own: the interpreter, pygame-ce imported, the display initialised and a 1920x1080
window opened and one frame drawn and flipped, the mixer opened with the game's format (22,050 Hz
stereo; the game opens it at start for its sound effects and speech) and pygame.font initialised.
On Linux, SDL opens a hidden OpenGL window while opening the first one, to choose how to show
frames; under Xvfb that loads Mesa's software OpenGL (some 100 MB). The game asks SDL not to
(game/engine/app.py: skip_gl_probe), so it is also measured against a floor that does the same:
  floor_no_gl_probe_rss_mb, peak_over_floor_no_gl_probe_mb   the game's own cost, over that floor.
Not in the floor: the speech engine, the lessons, YAML/JSON Schema, pictures and text - those are
the game's own costs, which the goal bounds.

Goal (issue 7): peak_rss_mb <= floor_rss_mb + 60 (peer games use 150-250 MB more than that floor).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SIZE = (1920, 1080)


def peak_rss_kb() -> int:
    """This process's peak resident set in KB: VmHWM on Linux, else getrusage (KB on Linux, bytes on macOS)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak


def rss_kb() -> int:
    """This process's resident set now, in KB (0 where /proc is not there)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def floor_child(gl_probe: bool = True) -> dict:
    if not gl_probe:
        os.environ["SDL_FRAMEBUFFER_ACCELERATION"] = "0"  # as the game asks (game/engine/app.py: skip_gl_probe)
    import pygame

    pygame.display.init()
    pygame.font.init()
    pygame.mixer.init(frequency=22050, size=-16, channels=2, buffer=256)  # the game's format (speech/audio.py)
    screen = pygame.display.set_mode(SIZE)
    screen.fill((250, 246, 232))
    pygame.display.flip()
    pygame.event.pump()
    figures = {"peak_kb": peak_rss_kb()}
    pygame.quit()
    return figures


def game_child(work: Path, warm_up: bool) -> dict:
    sys.path.insert(0, str(ROOT))
    from game.engine.app import App
    from game.cli import parse, play_options
    from game.engine.pilot import Pilot
    from game.authoring.tour import visit_every_screen

    options = play_options(parse(["--windowed", "--size", f"{SIZE[0]}x{SIZE[1]}", "--data-dir", str(work / "data"),
                                  "--cache-dir", str(work / "cache")]))
    app = App.create(options)  # the real narrator: speech engine, cache, mixer
    pilot = Pilot(app)
    pilot.frames(2)
    after_start = rss_kb()
    screens = sum(1 for _ in visit_every_screen(pilot))
    narrator = app.ctx.narrator
    if not narrator.pipeline.wait_idle(timeout=600):
        raise SystemExit("speech was still being made after 10 minutes")
    pilot.frames(2)  # take the last results off the queue (and drop them: their screens are gone)
    figures = {"peak_kb": peak_rss_kb(), "after_start_kb": after_start, "screens": screens, "warm_up": warm_up}
    app.close()
    return figures


def run_child(args: list[str], env: dict[str, str]) -> dict:
    result = subprocess.run([sys.executable, __file__, *args], env=env, cwd=ROOT, capture_output=True, text=True,
                            timeout=1800)
    if result.returncode != 0:
        sys.stderr.write(result.stderr)
        raise SystemExit(f"the {args[1]} child failed (exit {result.returncode})")
    return json.loads(result.stdout.strip().splitlines()[-1])


def parent() -> int:
    sys.path.insert(0, str(ROOT / "bench"))
    from display import benchmark_display

    work = Path(tempfile.mkdtemp(prefix="smart-stars-memory-"))
    with benchmark_display(SIZE) as env:
        run_child(["--child", "game", str(work), "--warm-up"], env)
        game = run_child(["--child", "game", str(work)], env)
        floor = run_child(["--child", "floor", str(work)], env)
        bare = run_child(["--child", "floor-no-gl-probe", str(work)], env)
        display = env["BENCH_DISPLAY"]
    peak, floor_mb, bare_mb = game["peak_kb"] / 1024, floor["peak_kb"] / 1024, bare["peak_kb"] / 1024
    print(f"display={display}")
    print(f"peak_rss_mb={peak:.1f}")
    print(f"floor_rss_mb={floor_mb:.1f}")
    print(f"peak_over_floor_mb={peak - floor_mb:.1f}")
    print(f"floor_no_gl_probe_rss_mb={bare_mb:.1f}")
    print(f"peak_over_floor_no_gl_probe_mb={peak - bare_mb:.1f}")
    print(f"rss_after_start_mb={game['after_start_kb'] / 1024:.1f}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", nargs=2, metavar=("KIND", "DIR"), help=argparse.SUPPRESS)
    parser.add_argument("--warm-up", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is None:
        return parent()
    kind, work = args.child
    if kind.startswith("floor"):
        figures = floor_child(gl_probe=kind == "floor")
    else:
        figures = game_child(Path(work), args.warm_up)
    print(json.dumps(figures), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
