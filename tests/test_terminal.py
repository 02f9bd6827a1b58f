"""The command line tried as a new user (or a school's technician, or a PSHE lead) would: play.py itself."""

import csv
import io
import json
import os
import re
import signal
import subprocess
import tempfile
import sys
import time
from pathlib import Path

import pygame
import pytest

from game.lessons.library import BUILTIN_LESSONS_DIR, LessonLibrary
from game.lessons.loader import LessonLoader
from game.lessons.pictures import PictureCatalog
from game.engine.settings import Settings
from game.progress.store import STORE_FILE, ProgressStore
from tests.helpers import integrity

ROOT = Path(__file__).resolve().parents[1]
SIGNALLED = ROOT / "tests" / "play_until_signalled.py"


def exported_answers(data_dir: Path, out: Path) -> list[dict]:
    result = subprocess.run([sys.executable, "play.py", "export", "--data-dir", str(data_dir), "--answers", str(out)],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    with out.open(newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


@pytest.mark.skipif(not hasattr(signal, "SIGTERM") or sys.platform == "win32", reason="POSIX signals")
@pytest.mark.parametrize("signal_number", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_terminal_signal_closes_fullscreen_cleanly_with_every_answer_saved(tmp_path, cache_dir, signal_number):
    """kill (SIGTERM) and Ctrl+C (SIGINT) come from an adult: the fullscreen game closes at once, exit status 0."""
    data_dir = tmp_path / "data"
    # Fullscreen (the default), as on a classroom tablet, where the window's close is ignored.
    game = subprocess.Popen([sys.executable, str(SIGNALLED), "--data-dir", str(data_dir), "--cache-dir", str(cache_dir)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = game.stdout.readline()  # once an answer is in the store and the real frame loop runs
        assert line.startswith("recorded="), line + game.stderr.read()
        found = dict(part.split("=") for part in line.split())
        answered = int(found["answered"])
        assert found["fullscreen"] == "True", "where the window's close is ignored"
        assert answered >= 2
        game.send_signal(signal_number)
        sent = time.monotonic()
        _, errors = game.communicate(timeout=15)
        took = time.monotonic() - sent
    finally:
        if game.poll() is None:
            game.kill()
            game.communicate()
    assert game.returncode == 0, errors
    assert "Traceback" not in errors, errors
    assert took < 5, f"closing took {took:.1f} s"
    assert integrity(data_dir) == "ok"
    assert len(exported_answers(data_dir, tmp_path / "answers.csv")) == answered, "every answer given is kept"


@pytest.mark.skipif(not sys.platform.startswith("linux") or Path("/dev/dri").exists(),
                    reason="needs a Linux machine with no display hardware SDL could open (KMS/DRM)")
def test_with_no_display_play_says_so_and_stops(tmp_path):
    """No DISPLAY or WAYLAND_DISPLAY and no SDL_VIDEODRIVER: SDL would draw off screen, unseen, for ever."""
    env = {name: value for name, value in os.environ.items()
           if name not in ("SDL_VIDEODRIVER", "DISPLAY", "WAYLAND_DISPLAY")}
    env["XDG_RUNTIME_DIR"] = str(tmp_path / "runtime")  # no Wayland socket in it either
    (tmp_path / "runtime").mkdir(mode=0o700)
    try:
        result = subprocess.run([sys.executable, "play.py", "--data-dir", str(tmp_path / "data"),
                                 "--cache-dir", str(tmp_path / "cache")],
                                cwd=ROOT, env=env, capture_output=True, text=True, timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail("play.py kept running with no display to show it on")
    assert result.returncode == 1
    assert "no display found: neither DISPLAY nor WAYLAND_DISPLAY is set" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "data").exists(), "nothing was started"


def play(*args, timeout=120):
    return subprocess.run([sys.executable, "play.py", *map(str, args)], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout)


def test_help_says_what_the_grown_ups_keys_really_do(pilot):
    """--help named Ctrl+Shift+Q as closing the game; it opens the teacher's PIN pad (and only then "Close")."""
    result = play("--help")
    text = " ".join(result.stdout.split())
    assert result.returncode == 0
    assert re.search(r"Ctrl\+Shift\+Q [^.]*opens teacher mode, behind the teacher PIN", text), text
    assert "Ctrl+C" in text, "and how to stop it from the terminal"
    pilot.key(pygame.K_q, pygame.KMOD_CTRL | pygame.KMOD_SHIFT)
    assert pilot.app.running and pilot.scene.name == "pin", "the keys do what the help says"


def school_lesson(folder: Path, lesson_id: str = "meeting-our-park", text: str | None = None) -> Path:
    """A copy of a built-in lesson with its own id, in the school's meeting/ folder."""
    original = (BUILTIN_LESSONS_DIR / "meeting" / "lets-meet-at-the-park.yaml").read_text(encoding="utf-8")
    path = folder / "meeting" / f"{lesson_id}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text if text is not None else original.replace("id: meeting-park", f"id: {lesson_id}"),
                    encoding="utf-8")
    return path


def test_check_with_no_path_checks_the_school_lessons_the_game_loads(tmp_path, capsys):
    from game.cli import main

    def check(*args):
        code = main(["check", *map(str, args)])
        return code, capsys.readouterr().out

    built_in = LessonLibrary.load(LessonLoader(PictureCatalog()), [BUILTIN_LESSONS_DIR])
    # The settings name a school folder (e.g. on a shared drive): check reads it, as the game does.
    data_dir, shared = tmp_path / "data", tmp_path / "shared drive" / "lessons"
    Settings(school_lessons=str(shared)).save(data_dir)
    school_lesson(shared)
    code, out = check("--json", "--data-dir", data_dir)
    assert code == 0, out
    assert json.loads(out)["lessons"]["meeting"] == len(built_in.for_letter("meeting")) + 1
    broken = school_lesson(shared, "broken", "id: [oops\n")
    code, out = check("--data-dir", data_dir)
    assert code == 1, "a broken school lesson is an error, as the game would list it"
    assert re.search(rf"^{re.escape(str(broken))}:\d+:\d+: error: ", out, re.M), out
    assert f"with the school's own lessons in {shared}" in out
    # With no setting: lessons/ in the data folder.
    other = tmp_path / "other-data"
    school_lesson(other / "lessons", "meeting-in-the-data-folder")
    code, out = check("--json", "--data-dir", other)
    assert json.loads(out)["lessons"]["meeting"] == len(built_in.for_letter("meeting")) + 1
    assert check("--json", BUILTIN_LESSONS_DIR, "--data-dir", data_dir)[0] == 0, "a path given is checked alone"


def test_narrate_speaks_the_school_lessons_too(tmp_path, monkeypatch):
    from game import cli
    from game.speech import prerender

    spoken = {}

    def remember(library, settings, cache_dir, out, log, **_):
        spoken.update(lessons={lesson.id for lesson in library.lessons}, cache_dir=cache_dir)
        return 0

    monkeypatch.setattr(prerender, "prerender", remember)  # speaking every line would take minutes
    from game.authoring import cast_ahead

    drawn = {}

    def draw(cache_dir, lesson_dirs, school_dirs, log, **_):  # drawing the cast at six sizes: a minute or two
        drawn.update(cache_dir=cache_dir, school_dirs=school_dirs)
        return 0

    monkeypatch.setattr(cast_ahead, "draw_cast_ahead", draw)
    data_dir = tmp_path / "data"
    school_lesson(data_dir / "lessons")
    assert cli.main(["narrate", "--data-dir", str(data_dir), "--cache-dir", str(tmp_path / "cache")]) == 0
    assert "meeting-our-park" in spoken["lessons"] and "meeting-park" in spoken["lessons"]
    assert spoken["cache_dir"] == tmp_path / "cache"
    assert drawn == {"cache_dir": tmp_path / "cache", "school_dirs": [data_dir / "lessons"]}, \
        "the school's lessons' cast is drawn into the same cache"


def test_export_of_a_class_with_no_progress_says_why(tmp_path):
    store = ProgressStore(tmp_path / STORE_FILE)
    robins = store.add_class("Robins")
    for name in ("Zoë", "José", "Siobhán"):
        store.add_pupil(robins, name, "owl")
    owls = store.add_class("Owls")  # played only on the board, in whole-class mode
    store.start_attempt("a1", "safe-password", "safe", class_id=owls, whole_class=True)
    store.record_answer("a1", "q", "tell", True, 1, 2.5)
    store.add_class("Wrens")
    store.close()
    from game.progress.export import run_export

    said = {}
    for name in ("Robins", "Owls", "Wrens"):
        out, err = io.StringIO(), io.StringIO()
        assert run_export(tmp_path, name, tmp_path / f"{name}.csv", None, out, err) == 0, err.getvalue()
        said[name] = out.getvalue()
        assert said[name].startswith(f"wrote 0 rows for class {name}")
    assert "class Robins has no progress recorded yet (3 pupils)" in said["Robins"]
    assert "class Owls has no pupil's progress recorded yet (no pupils added yet)" in said["Owls"]
    assert "its 1 answer on the board (whole-class mode) are in `export --answers FILE`" in said["Owls"]
    assert "class Wrens has no progress recorded yet (no pupils added yet)" in said["Wrens"]


def test_no_test_can_write_into_the_users_own_folders():
    """The suite used to write into the real cache folder (a tour run without --cache-dir): now a test, or a
    play.py it starts, that forgets --data-dir/--cache-dir gets throw-away folders (tests/conftest.py)."""
    from game.engine.app import default_cache_dir, default_data_dir

    temporary = Path(tempfile.gettempdir()).resolve()
    child = subprocess.run([sys.executable, "-c", "from game.engine.app import default_cache_dir as c, default_data_dir as d;"
                            "print(c()); print(d())"], cwd=ROOT, capture_output=True, text=True, timeout=60)
    folders = [default_cache_dir(), default_data_dir(), *map(Path, child.stdout.splitlines())]
    assert len(folders) == 4, child.stderr
    for folder in folders:
        assert folder.resolve().is_relative_to(temporary), folder


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_the_games_signal_handlers_last_only_while_it_runs():
    """A signal while the game opens closes it as soon as it can; afterwards (a test run, a tool) the
    process's own handlers are back, and SDL may install its own again."""
    from game.engine.stop_signals import SDL_HINT, StopSignals

    before = signal.getsignal(signal.SIGINT)
    closed = []
    with StopSignals() as stop:
        assert os.environ[SDL_HINT] == "1"
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl+C while the window is still opening
        assert stop.received == signal.SIGINT and not closed
        stop.stop_with(lambda: closed.append(True))
        assert closed == [True], "closed as soon as there is something to close"
    assert signal.getsignal(signal.SIGINT) is before and SDL_HINT not in os.environ
