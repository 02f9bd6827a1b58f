"""Cast pictures for the picture cache: named by what they are made of, drawn in another process.

A cast picture (a character with a feeling, maybe holding something or beside someone) is a
``PictureRef`` whose path ends in ``.cast``: no such file exists; the name is the picture's
identity, a digest of everything it is drawn from (the cast's options, the picture files in it,
the versions of DiceBear, its styles and resvg), so a changed cast or a new version draws afresh
and an unchanged one is never drawn twice. Each size is a PNG file next to that name
(``sam-worried-3f2a...-412.png``) in the cache folder, kept between games.

``CastRenderer`` draws them in the render process (game/cast/render_process.py), one request at a time over
a pipe; the picture worker thread (``frame.picture_worker.AheadDrawer``) asks it and is told when the PNG is
there, then loads it like any picture. The frame loop never waits for a drawing: a cast picture not
drawn yet is a transparent stand-in until it is (``frame.pictures.PictureCache``).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import threading
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..engine.jobs import Jobs

if TYPE_CHECKING:
    import subprocess
    from concurrent.futures import Future

CAST_SUFFIX = ".cast"
RENDER_VERSION = 1  # bump when cast_render draws differently
RENDERER = Path(__file__).with_name("render_process.py")

# Every cast picture named so far, by its name: its spec for the render process. The name is a
# digest of the spec, so one name always means one spec, whichever catalog named it (the game's,
# or a tool's such as the storyboard).
_SPECS: dict[Path, dict] = {}
_SPECS_LOCK = threading.Lock()


def is_cast(path: Path) -> bool:
    return path.suffix == CAST_SUFFIX


@lru_cache(maxsize=1)
def _versions() -> str:
    """The versions of what draws the pictures (read from the installed packages' metadata)."""
    from importlib import metadata

    found = []
    for package in ("dicebear-core", "dicebear-styles", "resvg-py"):
        try:
            found.append(f"{package}={metadata.version(package)}")
        except metadata.PackageNotFoundError:
            found.append(f"{package}=none")
    return ";".join(found)


def _file_stamp(path: str) -> str:
    try:
        stat = os.stat(path)
        return f"{stat.st_size}:{stat.st_mtime_ns}"
    except OSError:
        return "missing"


def name_picture(spec: dict, label: str, folder: Path) -> Path:
    """The ``.cast`` name of the picture ``spec`` describes, in ``folder`` (remembered for drawing)."""
    files = [layer["file"] for layer in spec["layers"] if "file" in layer]
    made_of = json.dumps([spec, [_file_stamp(file) for file in files], _versions(), RENDER_VERSION], sort_keys=True)
    digest = hashlib.sha256(made_of.encode("utf-8")).hexdigest()[:16]
    slug = "-".join("".join(char if char.isalnum() else " " for char in label.lower()).split())[:48] or "cast"
    path = folder / f"{slug}-{digest}{CAST_SUFFIX}"
    with _SPECS_LOCK:
        _SPECS[path] = spec
    return path


# The sizes the render process draws at; a picture wanted at another size is read from the next size up and
# scaled down by the picture worker (smoothscale, a millisecond or two). Every window size, every resize and
# every layout then needs only these few drawings of a character: resvg takes 60-140 ms a drawing, and on a
# busy machine a screen of characters at a new size kept its stand-ins for seconds.
DRAWN_SIZES = (96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048)


def drawn_size(size: int) -> int:
    """The size the cast picture wanted at ``size`` px is drawn at (the next of ``DRAWN_SIZES`` up)."""
    return next((drawn for drawn in DRAWN_SIZES if drawn >= int(size)), DRAWN_SIZES[-1])


def png_path(path: Path, size: int) -> Path:
    """Where the cast picture ``path`` wanted at ``size`` px is kept (drawn at ``drawn_size(size)``)."""
    return path.with_name(f"{path.stem}-{drawn_size(size)}.png")


class CastNotDrawn(Exception):
    """The cast picture is not drawn at this size yet (it is being drawn, or must be asked for)."""


class CastRenderer:
    """The render process, started on the first request and kept until ``close``; requests one at a time.

    Any thread may ``submit``; a job on the "cast-replies" lane (game/engine/jobs.py) reads the replies for as
    long as the process lives and completes each request's future (so nothing waits on the pipe but it). If the process cannot be started or dies
    (resvg missing, a broken install), every request fails, and the picture shows as missing.
    """

    def __init__(self, program: Path = RENDERER, jobs: "Jobs | None" = None, low_priority: bool = False,
                 replies_lane: str = "cast-replies") -> None:
        self._program = program
        self._replies_lane = replies_lane  # one a process: its reader holds the lane for as long as the process lives
        self._low_priority = low_priority  # its process niced (game/cast/ahead.py: drawing ahead of need)
        self._jobs = jobs if jobs is not None else Jobs()
        self._lock = threading.Lock()
        self._process: subprocess.Popen | None = None
        self._next_id = 0
        self._waiting: dict[int, tuple[tuple[Path, int], Future]] = {}
        self._in_flight: dict[tuple[Path, int], Future] = {}
        self.failed: dict[tuple[Path, int], str] = {}  # what could not be drawn, and why
        self.pids: set[int] = set()  # the processes that drew pictures (tests: never the game's own)
        self.requests = 0  # drawings asked of the process so far (tests: none when a screen's cast was drawn ahead)

    def submit(self, path: Path, size: int) -> Future:
        """Draw the cast picture ``path`` at ``size`` px into its PNG; the future's result is the PNG's path."""
        from concurrent.futures import Future  # here: most starts draw no cast picture (tests/test_startup.py)

        key = (path, int(size))
        drawing = (path, drawn_size(size))  # one drawing serves every size it is scaled down to
        with self._lock:
            if drawing in self._in_flight:
                return self._in_flight[drawing]
            future: Future = Future()
            spec = _SPECS.get(path)
            if spec is None:
                self._fail(key, future, "this cast picture was never named in this game")
                return future
            self._in_flight[drawing] = future
            self._next_id += 1
            request = {"id": self._next_id, "spec": spec, "size": drawing[1], "out": str(png_path(path, size))}
            try:
                process = self._started()
                self._waiting[self._next_id] = (key, future)
                process.stdin.write(json.dumps(request) + "\n")
                process.stdin.flush()
                self.requests += 1
            except (OSError, ValueError) as error:
                self._waiting.pop(self._next_id, None)
                self._in_flight.pop(drawing, None)
                self._fail(key, future, f"the render process could not be used ({error})")
        return future

    def start(self) -> None:
        """Start the process now, so the first picture asked of it does not wait for it to start (off the frame loop)."""
        with self._lock:
            try:
                self._started()
            except OSError:
                pass  # it is tried again, and told, when a picture is asked for

    def is_drawing(self, path: Path, size: int) -> bool:
        """The drawing that serves ``path`` at ``size`` has been asked for and has not come back yet."""
        with self._lock:
            return (path, drawn_size(size)) in self._in_flight

    @property
    def drawing(self) -> bool:
        """A drawing asked for has not come back yet."""
        with self._lock:
            return bool(self._waiting)

    def draw_now(self, path: Path, size: int, timeout: float = 60.0) -> Path:
        """Draw and wait (tools only: the storyboard; never the frame loop)."""
        return self.submit(path, size).result(timeout)

    def _fail(self, key: tuple[Path, int], future: Future, why: str) -> None:
        self.failed[key] = why
        future.set_exception(CastNotDrawn(why))

    def _started(self) -> subprocess.Popen:
        import subprocess  # here: most starts never run the render process (tests/test_startup.py)

        if self._process is None or self._process.poll() is not None:
            self._process = subprocess.Popen(
                [sys.executable, str(self._program), *(["--low-priority"] if self._low_priority else [])], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL, text=True, encoding="utf-8", bufsize=1,
                creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))
            self._jobs.submit(self._read_replies, self._process, lane=self._replies_lane)
        return self._process

    def _read_replies(self, process: subprocess.Popen) -> None:
        assert process.stdout is not None
        for line in process.stdout:
            try:
                reply = json.loads(line)
            except ValueError:
                continue
            with self._lock:
                waiting = self._waiting.pop(reply.get("id"), None)
                if waiting is None:
                    continue
                key, future = waiting
                self._in_flight.pop((key[0], drawn_size(key[1])), None)
                if "error" in reply:
                    self._fail(key, future, reply["error"])
                    continue
                self.pids.add(int(reply["pid"]))
            future.set_result(png_path(*key))
        with self._lock:  # the process ended: nothing still asked of it will come
            left, self._waiting = list(self._waiting.values()), {}
            for key, future in left:
                self._in_flight.pop((key[0], drawn_size(key[1])), None)
                self._fail(key, future, "the render process stopped")

    def close(self) -> None:
        """Let the render process end (it stops when its input closes)."""
        with self._lock:
            process, self._process = self._process, None
        if process is not None and process.stdin is not None:
            try:
                process.stdin.close()
            except OSError:
                pass


def default_cast_dir() -> Path:
    """The cast folder in the user's cache folder (a tool that was given no cache folder)."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("smart-stars", appauthor=False)) / "cast"
