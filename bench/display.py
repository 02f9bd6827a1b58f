"""A display for the benchmarks: Xvfb when it is installed (a real X server, as the issue's
peer figures were measured), else SDL's dummy driver. Shared by startup, idle_cpu and memory."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


@contextmanager
def benchmark_display(size: tuple[int, int] = (1920, 1080)) -> Iterator[dict[str, str]]:
    """Yield the environment a child process needs to open a window, and say which display it is."""
    env = dict(os.environ)
    env["PYGAME_HIDE_SUPPORT_PROMPT"] = "1"
    env["SDL_AUDIODRIVER"] = "dummy"  # no sound card here; the game then runs with captions
    xvfb = shutil.which("Xvfb")
    if xvfb is None or os.environ.get("BENCH_HEADLESS"):
        env["SDL_VIDEODRIVER"] = "dummy"
        env["BENCH_DISPLAY"] = "dummy"
        yield env
        return
    number = _free_display_number()
    server = subprocess.Popen([xvfb, f":{number}", "-screen", "0", f"{size[0]}x{size[1]}x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        socket = Path(f"/tmp/.X11-unix/X{number}")
        deadline = time.monotonic() + 10
        while not socket.exists():
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("Xvfb did not start")
            time.sleep(0.02)
        env["DISPLAY"] = f":{number}"
        env["SDL_VIDEODRIVER"] = "x11"
        env["BENCH_DISPLAY"] = "xvfb"
        yield env
    finally:
        server.terminate()
        server.wait(timeout=10)


def _free_display_number() -> int:
    for number in range(90, 200):
        if not Path(f"/tmp/.X{number}-lock").exists() and not Path(f"/tmp/.X11-unix/X{number}").exists():
            return number
    raise RuntimeError("no free X display number")
