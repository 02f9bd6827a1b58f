"""Progress store speed: one durable answer, and the class overview at scale.

Prints:
  answer_write_ms_median=  median time to record one answer durably (WAL, synchronous=FULL); goal <= 5
  overview_ms=             median time to build the teacher's class overview (every pupil's status per
                           letter, who needs help, the class's misconceptions, outcomes covered) for
                           30 pupils with 100,000 recorded answers; goal <= 100
  answer_call_us_median=   what the frame loop pays to hand one answer to the progress service (µs)
  answer_durable_ms_median= from handing an answer over to it being committed by the service's worker
  roster_frame_ms_median=  what the frame loop pays to ask for a class's pupils (the picker): before the
                           service, open_picker opened the store and read them on the frame loop
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from game.lessons.library import BUILTIN_LESSONS_DIR, LessonLibrary  # noqa: E402
from game.lessons.loader import LessonLoader  # noqa: E402
from game.lessons.pictures import PictureCatalog  # noqa: E402
from game.progress.overview import build_overview  # noqa: E402
from game.progress.store import ProgressStore  # noqa: E402

PUPILS = 30
ANSWERS = 100_000


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="smart-stars-bench-progress-"))
    store = ProgressStore(work / "progress.sqlite3")
    class_id = store.add_class("Bench class")
    pupils = [store.add_pupil(class_id, f"Pupil {n}", "owl") for n in range(PUPILS)]
    rng = random.Random(7)
    library = LessonLibrary.load(LessonLoader(PictureCatalog()), [BUILTIN_LESSONS_DIR])
    lessons = [(lesson.id, lesson.letter) for lesson in library.lessons]

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

    store.start_attempt("timed", lessons[0][0], lessons[0][1], pupil_id=pupils[0], class_id=class_id)
    writes = []
    for n in range(200):
        started = time.perf_counter()
        store.record_answer("timed", f"scene-{n % 6}", "a", True, 1, 1.0)
        writes.append((time.perf_counter() - started) * 1000)

    overviews = []
    for _ in range(7):
        started = time.perf_counter()
        overview = build_overview(store, class_id, "Bench class", library)
        overviews.append((time.perf_counter() - started) * 1000)
    print(f"{len(overview.pupils)} pupils, {len(overview.misconceptions)} misconceptions, {answers} answers",
          file=sys.stderr)
    print(f"answer_write_ms_median={statistics.median(writes):.2f}")
    print(f"overview_ms={statistics.median(overviews):.1f}")
    store.close()
    through_the_service(work / "progress.sqlite3")


def through_the_service(path: Path) -> None:
    """A tap's answer through the progress service, and the picker's question, as the frame loop sees them."""
    from game.progress.service import ProgressService

    service = ProgressService(path)
    service.flush()
    calls, durable, asks = [], [], []
    for n in range(100):
        started = time.perf_counter()
        service.answered("timed", f"scene-{n % 6}", "a", True, 1, 1.0)
        handed = time.perf_counter()
        service.flush()
        calls.append((handed - started) * 1e6)
        durable.append((time.perf_counter() - started) * 1000)
    for _ in range(20):
        started = time.perf_counter()
        service.roster("Bench class", then=lambda done: None)
        asks.append((time.perf_counter() - started) * 1000)
        service.flush()
    service.close()
    print(f"answer_call_us_median={statistics.median(calls):.1f}")
    print(f"answer_durable_ms_median={statistics.median(durable):.2f}")
    print(f"roster_frame_ms_median={statistics.median(asks):.3f}")


if __name__ == "__main__":
    main()
