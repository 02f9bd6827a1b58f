"""Opening a saved file or folder with the system's own programs (a browser, the file manager).

Called off the frame loop (starting a program can take a second). On Linux ``xdg-open``, on macOS
``open``, on Windows ``os.startfile``; a failure raises ``OSError`` with words a teacher can read.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

WAIT_SECONDS = 15.0  # xdg-open hands over to the program and returns; it only fails slowly if stuck


def open_command(path: Path, platform: str = sys.platform) -> list[str] | None:
    """The command that opens ``path`` here; None on Windows, where ``os.startfile`` does it."""
    if platform.startswith("win"):
        return None
    return ["open" if platform == "darwin" else "xdg-open", str(path)]


def headless() -> bool:
    """No screen anyone is looking at (the tests, the tour, bench/monkey.py run on SDL's dummy driver):
    then nothing is launched, so a random tap on "Open report" can never start a browser."""
    return os.environ.get("SDL_VIDEODRIVER", "").lower() in ("dummy", "offscreen")


def open_path(path: Path) -> None:
    """Open ``path`` (a file or a folder) as double-clicking it would."""
    if not path.exists():
        raise OSError(f"{path} is not there any more")
    if headless():
        raise OSError("there is no screen here to show it on")
    command = open_command(path)
    if command is None:
        os.startfile(str(path))  # type: ignore[attr-defined]  # Windows only
        return
    try:
        result = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE, timeout=WAIT_SECONDS, start_new_session=True)
    except FileNotFoundError as error:
        raise OSError(f"this computer has no '{command[0]}' to open files with") from error
    except subprocess.TimeoutExpired as error:
        raise OSError(f"'{command[0]}' did not answer") from error
    if result.returncode != 0:
        said = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise OSError(f"'{command[0]}' said: {said[-1] if said else f'exit status {result.returncode}'}")
