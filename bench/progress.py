"""Progress store speed: one durable answer, and the class overview at scale.

Prints:
  answer_write_ms_median=  median time to record one answer durably (WAL, synchronous=FULL); goal <= 5
  overview_ms=             median time to build the class progress overview (one row per pupil and
                           lesson: attempts, finished, best stars, wrong answers) for 30 pupils with
                           100,000 recorded answers; goal <= 100
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from game.store import ProgressStore  # noqa: E402

PUPILS = 30
ANSWERS = 100_000


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="smart-stars-bench-progress-"))
    store = ProgressStore(work / "progress.sqlite3")
    class_id = store.add_class("Bench class")
    pupils = [store.add_pupil(class_id, f"Pupil {n}", "owl") for n in range(PUPILS)]
    rng = random.Random(7)
    lessons = [(f"{letter}-lesson-{n}", letter) for letter in ("safe", "meeting", "accepting", "reliable", "tell")
               for n in range(4)]

    # Fill: 100,000 answers across attempts, in big transactions (setup, not measured).
    answers = 0
    attempt = 0
    with store.transaction() as db:
        while answers < ANSWERS:
            pupil = rng.choice(pupils)
            lesson_id, letter = rng.choice(lessons)
            attempt += 1
            attempt_id = f"fill-{attempt}"
            db.execute("INSERT INTO attempts(id, class_id, pupil_id, whole_class, lesson_id, letter, started, "
                       "finished, stars) VALUES (?, ?, ?, 0, ?, ?, '2026-11-25', '2026-11-25', ?)",
                       (attempt_id, class_id, pupil, lesson_id, letter, rng.randint(1, 3)))
            for scene in range(6):
                db.execute("INSERT INTO answers(attempt_id, scene_id, answer_id, right, try_number, seconds, at) "
                           "VALUES (?, ?, ?, ?, 1, 2.0, '2026-11-25')",
                           (attempt_id, f"scene-{scene}", "a", rng.random() < 0.7))
                answers += 1

    store.start_attempt("timed", "safe-lesson-0", "safe", pupil_id=pupils[0], class_id=class_id)
    writes = []
    for n in range(200):
        started = time.perf_counter()
        store.record_answer("timed", f"scene-{n % 6}", "a", True, 1, 1.0)
        writes.append((time.perf_counter() - started) * 1000)

    overviews = []
    for _ in range(7):
        started = time.perf_counter()
        rows = list(store.class_progress_rows(class_id))
        overviews.append((time.perf_counter() - started) * 1000)
    print(f"{len(rows)} overview rows, {answers} answers", file=sys.stderr)
    print(f"answer_write_ms_median={statistics.median(writes):.2f}")
    print(f"overview_ms={statistics.median(overviews):.1f}")


if __name__ == "__main__":
    main()
