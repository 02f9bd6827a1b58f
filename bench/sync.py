"""Many tablets (docs/sync.md): how fast devices' progress comes together.

Prints name=value lines (units in the name):
  merge_term_s=               15 devices x 2,000 answers each (with their starts and finishes), appended to
                              a shared folder, merged into the teacher's PC's store by game/sync/folder.py
                              from nothing; goal <= 10 on a 2-core machine
  merge_term_cpu_s=           of which this process's own CPU time (the rest: disk waits, other processes)
  merge_term_statements=      how many statements that was
  merge_again_s=              the same folder merged again with nothing new (a pass every few seconds)

Each measurement is a function returning its name=value pairs; ``MEASUREMENTS`` lists them in order and
``main`` prints each (``python bench/sync.py merge_term`` runs only those named).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from game.store import ProgressStore  # noqa: E402
from game.sync import folder as shared  # noqa: E402
from game.sync import ledger  # noqa: E402

DEVICES = 15
ANSWERS = 2_000
PUPILS = 30
SCENES = 6  # answers per attempt, as a lesson has


def play_a_term(store: ProgressStore, answers: int) -> None:
    """``answers`` answers by the class's pupils through the store's own recording methods (each with its
    statement). Setup, not measured: ``synchronous=OFF`` so 15 devices' term fills in seconds."""
    store.db.execute("PRAGMA synchronous=OFF")
    class_id = store.class_id("Robins")
    pupils = [pupil_id for pupil_id, _, _ in store.pupils(class_id)]
    made = 0
    while made < answers:
        pupil = pupils[made // SCENES % len(pupils)]
        attempt = uuid.uuid4().hex
        store.start_attempt(attempt, f"lesson-{made % 12}", "safe", pupil_id=pupil, class_id=class_id)
        for scene in range(min(SCENES, answers - made)):
            store.record_answer(attempt, f"scene-{scene}", "right" if scene % 3 else "wrong", scene % 3 != 0, 1, 2.5)
            made += 1
        store.finish_attempt(attempt, 2)
    store.db.execute("PRAGMA synchronous=FULL")


def merge_term(devices: int = DEVICES, answers: int = ANSWERS) -> dict[str, float]:
    work = Path(tempfile.mkdtemp(prefix="smart-stars-bench-sync-"))
    try:
        folder = work / "shared"
        folder.mkdir()
        shared.prepare_folder(folder)
        with ProgressStore(work / "pc" / "progress.sqlite3") as pc:
            class_id = pc.add_class("Robins")
            for n in range(PUPILS):
                pc.add_pupil(class_id, f"Pupil {n}", "owl")
            roster = ledger.roster(pc)
            for n in range(devices):
                with ProgressStore(work / f"tablet{n}" / "progress.sqlite3") as tablet:
                    ledger.apply_roster(tablet, roster, authoritative=True)
                    play_a_term(tablet, answers)
                    shared.share(tablet, folder, {})
            state: dict = {}
            began, cpu = time.perf_counter(), time.process_time()
            merged = shared.merge_folder(pc, folder, state)
            merge_s, merge_cpu_s = time.perf_counter() - began, time.process_time() - cpu
            expected = pc.db.execute("SELECT COUNT(*) FROM answers").fetchone()[0]
            assert expected == devices * answers and not merged.problems, (expected, merged.problems)
            began = time.perf_counter()
            again = shared.merge_folder(pc, folder, state)
            again_s = time.perf_counter() - began
            assert again.stored == 0 and again.lines == 0
        return {"merge_term_s": round(merge_s, 2), "merge_term_cpu_s": round(merge_cpu_s, 2),
                "merge_term_statements": merged.stored,
                "merge_again_s": round(again_s, 3)}
    finally:
        shutil.rmtree(work, ignore_errors=True)


# The hub's measurements (hub_ingest_statements_per_s, answer_to_board_ms_p95, overview_ms_merged) join here.
MEASUREMENTS: dict[str, Callable[[], dict[str, float]]] = {"merge_term": merge_term}


def main(names: list[str]) -> None:
    for name, measure in MEASUREMENTS.items():
        if names and name not in names:
            continue
        for key, value in measure().items():
            print(f"{key}={value}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
