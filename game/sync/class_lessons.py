"""The class's lessons, from the teacher's PC to its tablets: which lessons are hidden, their order, and the
school's own lesson files (with their pictures).

The hub offers them as one bundle (``GET /lessons``) named by a digest that comes with every pull, so a tablet
fetches it only when something changed. A tablet keeps what it got in ``class-lessons/`` in its data folder
(files) and ``class-lessons/choice.json`` (hidden and order); while that folder is there the game plays the
class's lessons instead of the tablet's own school folder, and the PC's choice instead of the tablet's, from
the next start (a lesson changing under a child mid-play would lose their place).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import time
from pathlib import Path, PurePosixPath

from ..engine.private_files import private_folder, write_private
from ..engine.settings import Settings

CLASS_LESSONS = "class-lessons"
CHOICE_FILE = "choice.json"
FILE_LIMIT = 4 * 1024 * 1024  # one lesson file or picture
BUNDLE_LIMIT = 32 * 1024 * 1024  # all of them: a school's own lessons are a few dozen files
LESSON_SUFFIXES = {".yaml", ".yml", ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".svg", ".qoi", ".wav",
                   ".ogg", ".mp3"}
CACHE_SECONDS = 30.0  # a slow share is listed at most this often, however many tablets pull


def school_dir(data_dir: Path, settings: Settings) -> Path:
    """The school's own lessons folder, as the game finds it (game/engine/app.py school_lessons_dir)."""
    return Path(settings.school_lessons) if settings.school_lessons else data_dir / "lessons"


class LessonBundle:
    """The hub's side: the bundle made from the PC's settings and school folder, cached for CACHE_SECONDS."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = Path(data_dir)
        self._made_at = -CACHE_SECONDS
        self._bundle: dict = {}
        self.problems: list[str] = []

    def get(self) -> dict:
        if time.monotonic() - self._made_at >= CACHE_SECONDS:
            self._bundle, self.problems = make_bundle(self.data_dir)
            self._made_at = time.monotonic()
        return self._bundle

    def digest(self) -> str:
        return self.get().get("digest", "")


def make_bundle(data_dir: Path) -> tuple[dict, list[str]]:
    settings = Settings.load(data_dir)
    folder = school_dir(data_dir, settings)
    files, problems, total = [], [], 0
    if folder.is_dir():
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(folder)
            if not path.is_file() or any(part.startswith(".") for part in relative.parts):
                continue
            if path.suffix.lower() not in LESSON_SUFFIXES:
                continue
            try:
                size = path.stat().st_size
                if size > FILE_LIMIT:
                    problems.append(f"{path}: too big to send to the tablets ({size // 1024} KB; at most "
                                    f"{FILE_LIMIT // 1024 // 1024} MB)")
                    continue
                if total + size > BUNDLE_LIMIT:
                    problems.append(f"{path}: not sent, the school's lessons are over {BUNDLE_LIMIT // 1024 // 1024} MB")
                    continue
                data = path.read_bytes()
            except OSError as error:
                problems.append(f"{path}: cannot be read ({error.strerror or error})")
                continue
            total += len(data)
            files.append({"path": relative.as_posix(), "data": base64.b64encode(data).decode("ascii")})
    choice = {"hidden": list(settings.hidden_lessons), "order": list(settings.lesson_order)}
    digest = hashlib.sha256(json.dumps({"choice": choice, "files": files}, sort_keys=True).encode()).hexdigest()
    return {"choice": choice, "files": files, "digest": digest}, problems


def safe_relative(path: str) -> PurePosixPath | None:
    """A path from the hub that stays inside class-lessons/ (never absolute, never ``..``), else None."""
    if not isinstance(path, str) or not path or "\\" in path or "\x00" in path:
        return None
    pure = PurePosixPath(path)
    if pure.is_absolute() or any(part in ("", ".", "..") or part.startswith(".") for part in pure.parts):
        return None
    if pure.suffix.lower() not in LESSON_SUFFIXES or len(pure.parts) > 6:
        return None
    return pure


def apply_bundle(data_dir: Path, bundle: dict) -> list[str]:
    """A tablet's side: put the class's lessons in place whole (a new folder, then swapped in), so the game
    never reads half of them. Returns what was passed over, for the teacher (nothing bad is written)."""
    problems: list[str] = []
    data_dir = Path(data_dir)
    target = data_dir / CLASS_LESSONS
    fresh = data_dir / f".{CLASS_LESSONS}-new"
    shutil.rmtree(fresh, ignore_errors=True)
    private_folder(fresh)
    for entry in bundle.get("files") or []:
        where = safe_relative(entry.get("path")) if isinstance(entry, dict) else None
        if where is None:
            problems.append(f"a file from the hub with an unsafe name was passed over: {str(entry)[:80]!r}")
            continue
        try:
            data = base64.b64decode(entry.get("data", ""), validate=True)
        except (ValueError, TypeError):
            problems.append(f"{where}: not readable as sent, passed over")
            continue
        if len(data) > FILE_LIMIT:
            problems.append(f"{where}: too big, passed over")
            continue
        write_private(fresh.joinpath(*where.parts), data)
    choice = bundle.get("choice") if isinstance(bundle.get("choice"), dict) else {}
    write_private(fresh / CHOICE_FILE, json.dumps({
        "hidden": [item for item in choice.get("hidden", []) if isinstance(item, str)],
        "order": [item for item in choice.get("order", []) if isinstance(item, str)],
        "digest": str(bundle.get("digest", ""))}, indent=1))
    old = data_dir / f".{CLASS_LESSONS}-old"
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(fresh, target)
    shutil.rmtree(old, ignore_errors=True)
    return problems


def class_choice(data_dir: Path) -> dict | None:
    """On a tablet that has the class's lessons: the PC's hidden lessons and order (None: it has none)."""
    try:
        raw = json.loads((Path(data_dir) / CLASS_LESSONS / CHOICE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return raw if isinstance(raw, dict) else None


def forget(data_dir: Path) -> None:
    """Stop sharing: the tablet plays its own lessons again."""
    shutil.rmtree(Path(data_dir) / CLASS_LESSONS, ignore_errors=True)
