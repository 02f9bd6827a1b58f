"""Startup time: process start to the first interactive home screen, against a bare pygame-ce floor.

Run from the repository root:  python bench/startup.py [--runs 5]

Prints on stdout:
  display=xvfb|dummy   where the windows were opened (Xvfb when installed, else SDL's dummy driver)
  startup_ms           median wall time from spawning `python` to the game's home screen being drawn,
                       flipped and taking taps (the real command-line path: play.py's options, App.create,
                       the frame loop; speech and progress start as in class)
  floor_ms             median of the same for a bare pygame-ce process that opens a 1920x1080 window
                       and draws one frame
  startup_over_floor_ms  the difference
  floor_no_gl_probe_ms   the floor again, asking SDL (as the game does, game/engine/app.py: skip_gl_probe) not to
                       open a hidden OpenGL window to choose how to show frames, which on Linux costs a
                       bare window 150-250 ms here
  startup_over_floor_no_gl_probe_ms  the game's own start-up work, over that floor

Runs alternate game and floor so both see the same machine load; one unmeasured warm-up of each
comes first (as on a classroom tablet, the speech and font caches are already filled, and so is
Python's bytecode cache: kept in a folder of the run's own, even where PYTHONDONTWRITEBYTECODE is set,
as it is on some build machines and never on a tablet).
Goal (issue 7): startup_ms <= 500 and <= floor_ms + 200.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from display import benchmark_display  # noqa: E402

GAME = """
import sys
sys.path.insert(0, {root!r})
from game.cli import parse, play_options
from game.engine.app import App
options = play_options(parse(["--windowed", "--size", "1920x1080", "--data-dir", {data!r}, "--cache-dir", {cache!r}]))
app = None
def ready():
    print("ready", flush=True)
    app.quit()
options.on_ready = ready
app = App.create(options)
if {home!r}:  # a second language on (issue 21): read off the frame loop, as a pupil's preference is
    from game.languages.home import use
    use(app.ctx, {home!r})
app.run()
"""

NO_GL_PROBE = """
import os
os.environ["SDL_FRAMEBUFFER_ACCELERATION"] = "0"  # as the game asks (game/engine/app.py: skip_gl_probe)"""

FLOOR = """{setup}
import pygame
pygame.display.init()
screen = pygame.display.set_mode((1920, 1080))
screen.fill((250, 246, 232))
pygame.display.flip()
print("ready", flush=True)
pygame.quit()
"""


def time_to_ready(code: str, env: dict[str, str]) -> float:
    """Milliseconds from spawning the interpreter to its 'ready' line."""
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, text=True, cwd=ROOT)
    line = child.stdout.readline()
    elapsed = (time.perf_counter() - started) * 1000
    child.wait(timeout=60)
    if line.strip() != "ready":
        raise SystemExit(f"the child never became ready (exit {child.returncode})")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--home-language", default="", metavar="CODE",
                        help="with a second language on (e.g. ur): its translations read as a pupil's would be")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="smart-stars-startup-"))
    game = GAME.format(root=str(ROOT), data=str(work / "data"), cache=str(work / "cache"), home=args.home_language)
    with benchmark_display() as env:
        env = {key: value for key, value in env.items() if key != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(work / "bytecode")
        floor, bare = FLOOR.format(setup=""), FLOOR.format(setup=NO_GL_PROBE)
        time_to_ready(game, env)  # warm-up: fills the font cache, writes the settings
        time_to_ready(floor, env)
        time_to_ready(bare, env)
        game_ms, floor_ms, bare_ms = [], [], []
        for _ in range(args.runs):
            game_ms.append(time_to_ready(game, env))
            floor_ms.append(time_to_ready(floor, env))
            bare_ms.append(time_to_ready(bare, env))
        display = env["BENCH_DISPLAY"]
    startup, floor_median, bare_median = (statistics.median(ms) for ms in (game_ms, floor_ms, bare_ms))
    print(f"display={display}")
    print(f"startup_ms={startup:.0f}")
    print(f"floor_ms={floor_median:.0f}")
    print(f"startup_over_floor_ms={startup - floor_median:.0f}")
    print(f"floor_no_gl_probe_ms={bare_median:.0f}")
    print(f"startup_over_floor_no_gl_probe_ms={startup - bare_median:.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
