"""The monkey (bench/monkey.py): seeded random input on every screen, and SIGKILLs while it plays.

Both run it as a separate process, as a teacher's tablet would run the game: its pygame window,
threads and store are its own, and a SIGKILL takes all of it at once.
"""

import csv
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from game.progress.store import STORE_FILE
from tests.helpers import integrity

ROOT = Path(__file__).resolve().parents[1]
MONKEY = ROOT / "bench" / "monkey.py"
# Screens a 5,000-event run must reach: every kind of screen a child meets, and teacher mode behind its PIN.
MUST_VISIT = {"pupils", "home", "letter", "reward", "pin", "teacher", "overview"}
ACTIVITY_KINDS_AT_LEAST = 5
KILLS = 4


def monkey_command(seed: int, events: int, data_dir: Path, cache_dir: Path, size: str = "640x400") -> list[str]:
    return [sys.executable, str(MONKEY), "--seed", str(seed), "--events", str(events), "--data-dir", str(data_dir),
            "--cache-dir", str(cache_dir), "--size", size]


def values(stdout: str) -> dict[str, str]:
    """The last value of each name=value line."""
    found = {}
    for line in stdout.splitlines():
        name, _, value = line.partition("=")
        if value:
            found[name] = value
    return found


def exported_answers(data_dir: Path, out: Path) -> int:
    """Rows of `play.py export --answers`: the teacher's own view of what was recorded."""
    result = subprocess.run([sys.executable, "play.py", "export", "--data-dir", str(data_dir), "--answers", str(out)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    with out.open(newline="", encoding="utf-8") as file:
        return sum(1 for _ in csv.DictReader(file))


def test_monkey_plays_5000_events_without_a_fault(tmp_path, cache_dir):
    data_dir = tmp_path / "data"
    result = subprocess.run(monkey_command(20261125, 5000, data_dir, cache_dir), capture_output=True, text=True,
                            timeout=300)
    found = values(result.stdout)
    assert result.returncode == 0, f"{result.stdout[-2000:]}\n{result.stderr[-4000:]}"
    assert found["result"] == "ok" and found["events"] == "5000"
    screens = set(found["screens"].split(","))
    assert MUST_VISIT <= screens, f"not reached: {MUST_VISIT - screens}"
    kinds = {screen for screen in screens if screen.startswith("player:") and screen != "player:talk-pause"}
    assert len(kinds) >= ACTIVITY_KINDS_AT_LEAST, kinds
    assert float(found["frame_max_ms"]) <= 100
    assert integrity(data_dir) == "ok"
    recorded, erased = int(found["recorded_total"]), int(found["erased_total"])
    assert recorded > 0
    assert int(found["recorded"]) == recorded, "the last recorded= line is the total"
    # A clean exit drains the writer: exactly the answers reported, less those the teacher erased.
    assert exported_answers(data_dir, tmp_path / "answers.csv") == recorded - erased


class Watched:
    """The monkey as a child process, its output read as it comes (so it can be killed mid-answer)."""

    def __init__(self, command: list[str]) -> None:
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines: list[str] = []
        self.errors: list[str] = []
        self.recorded = threading.Event()
        self._readers = [threading.Thread(target=self._read, daemon=True),
                         threading.Thread(target=lambda: self.errors.extend(self.process.stderr), daemon=True)]
        for reader in self._readers:
            reader.start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.strip())
            if line.startswith("recorded="):
                self.recorded.set()

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)
        for reader in self._readers:
            reader.join(10)


def test_answers_reported_by_the_monkey_survive_sigkill(tmp_path, cache_dir):
    """SIGKILL at random moments while it plays, then again on the same store: every answer reported as
    recorded is there (less any the teacher erased on purpose) and the store is intact."""
    data_dir = tmp_path / "data"
    rng = random.Random(4242)
    for round_number in range(KILLS):
        stored_before = exported_answers(data_dir, tmp_path / "before.csv") if (data_dir / STORE_FILE).exists() else 0
        game = Watched(monkey_command(round_number + 1, 1_000_000, data_dir, cache_dir))
        try:
            assert game.recorded.wait(60), f"round {round_number}: nothing recorded\n{''.join(game.errors)[-3000:]}"
            time.sleep(rng.uniform(0.1, 2.5))  # a random moment: an answer may be mid-write
        finally:
            game.kill()
        assert game.process.returncode == -signal.SIGKILL, f"it stopped by itself: {game.lines[-8:]}{game.errors}"
        found = values("\n".join(game.lines))
        reported, erased = int(found["recorded"]), int(found.get("erased", 0))
        assert integrity(data_dir) == "ok"
        stored = exported_answers(data_dir, tmp_path / f"after-{round_number}.csv")
        assert stored >= stored_before + reported - erased, (
            f"round {round_number}: {stored_before} before, {reported} reported, {erased} erased, {stored} stored")
