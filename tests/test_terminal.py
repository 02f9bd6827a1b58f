"""The game started from a terminal, as a new user (or a school's technician) would: play.py itself."""

import csv
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from game.store import STORE_FILE

ROOT = Path(__file__).resolve().parents[1]
SIGNALLED = ROOT / "tests" / "play_until_signalled.py"


def exported_answers(data_dir: Path, out: Path) -> list[dict]:
    result = subprocess.run([sys.executable, "play.py", "export", "--data-dir", str(data_dir), "--answers", str(out)],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    with out.open(newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def integrity(data_dir: Path) -> str:
    db = sqlite3.connect(str(data_dir / STORE_FILE))
    try:
        return db.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        db.close()


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
        answered = int(line.split("answered=")[1])
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
    env = {name: value for name, value in __import__("os").environ.items()
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
