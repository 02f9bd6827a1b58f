"""A made-up class of 30 with a term of answers, for the tour, the tests and looking at teacher screens.

Written through the store's own recording calls (start_attempt, record_answer, finish_attempt,
add_worry), so it is exactly what the game would have recorded. Never used on a real data folder:
callers pass a temporary one.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from ..cast.avatars import AVATARS
from ..lessons.library import LessonLibrary
from .overview import question_choices
from . import stars_for
from .store import STORE_FILE, ProgressStore

# Names of every length, with accents and hyphens, as a real register has them.
DEMO_NAMES = [
    "Bo", "Zoë", "José", "Siobhán", "Aleksandra-Marie", "Nguyễn", "Mohammed-Ali", "Priya", "Sam", "Leo",
    "Amira", "Kofi", "Mei", "Oluwaseun", "Chloé", "Björn", "Eilidh", "Maximilian", "Ava", "Noah",
    "Łucja", "Jürgen", "Saoirse", "Ifeoluwa", "Tomás", "Élodie", "Kai", "Anastasiya", "Rhys", "Zara",
    "Fatima-Zahra", "Ngozi", "Ethan", "Ines", "Yusuf", "Ola",
]


def fill_demo_class(data_dir: Path, library: LessonLibrary, class_name: str = "Robins 1B", pupils: int = 30,
                    seed: int = 18, start: dt.date = dt.date(2026, 9, 7), weeks: int = 12) -> int:
    """Add ``class_name`` with ``pupils`` pupils and a term of their answers to the store in ``data_dir``.

    Pupils differ: some have done nearly everything, some little; some choose wrong answers more
    often (and one keeps choosing the same wrong one, so needs help); two have shared a worry.
    Returns the class id."""
    rng = random.Random(seed)
    store = ProgressStore(data_dir / STORE_FILE)
    try:
        # A throwaway fill of a temporary folder: no need to wait for the disk at every answer.
        store.db.execute("PRAGMA synchronous=OFF")
        class_id = store.class_id(class_name) or store.add_class(class_name)
        animals = list(AVATARS)
        ids = [store.add_pupil(class_id, DEMO_NAMES[n % len(DEMO_NAMES)] + ("" if n < len(DEMO_NAMES) else f" {n}"),
                               animals[n % len(animals)]) for n in range(pupils)]
        lessons = [lesson for item in ("safe", "meeting", "accepting", "reliable", "tell")
                   for lesson in library.for_letter(item)]
        attempt = 0
        for number, pupil_id in enumerate(ids):
            reach = rng.randint(0, len(lessons)) if number % 7 else len(lessons)  # how far this pupil got
            skill = rng.choice((0.95, 0.8, 0.6, 0.4))  # how often an answer is right first time
            day = start + dt.timedelta(days=rng.randint(0, 6))
            for index, lesson in enumerate(lessons[:reach]):
                attempt += 1
                attempt_id = f"demo-{class_id}-{attempt}"
                moment = dt.datetime.combine(day, dt.time(9 + rng.randint(0, 5), rng.randint(0, 59)),
                                             dt.timezone.utc)
                store.start_attempt(attempt_id, lesson.id, lesson.letter, pupil_id=pupil_id, class_id=class_id,
                                    at=moment.isoformat(timespec="milliseconds"))
                questions = first_time = 0
                quits = index == reach - 1 and rng.random() < 0.4  # stopped part-way through the last one
                for scene in lesson.scenes:
                    choices = question_choices(scene)
                    if not choices:
                        continue
                    questions += 1
                    wrong = [c for c in choices if not c[2]]
                    right = [c for c in choices if c[2]] or choices[:1]
                    tries, seconds, missed = 0, 0.0, False
                    stubborn = number == 3 and wrong  # chooses the same wrong answer again and again
                    for _ in range(2 if stubborn else int(rng.random() > skill and bool(wrong))):
                        tries += 1
                        seconds += rng.uniform(2, 9)
                        moment += dt.timedelta(seconds=seconds)
                        store.record_answer(attempt_id, scene.id, wrong[0 if stubborn else rng.randrange(len(wrong))][0],
                                            False, tries, seconds, at=moment.isoformat(timespec="milliseconds"))
                        missed = True
                    for choice in right[: 1 if scene.kind != "tap-all" else len(right)]:
                        tries += 1
                        seconds += rng.uniform(2, 9)
                        moment += dt.timedelta(seconds=seconds)
                        store.record_answer(attempt_id, scene.id, choice[0], True, tries, seconds,
                                            at=moment.isoformat(timespec="milliseconds"))
                    first_time += not missed
                    if quits and questions >= 2:
                        break
                if not quits:
                    moment += dt.timedelta(seconds=rng.uniform(10, 40))
                    store.finish_attempt(attempt_id, stars_for(questions, first_time),
                                         at=moment.isoformat(timespec="milliseconds"))
                day += dt.timedelta(days=rng.randint(1, max(1, weeks * 7 // max(1, len(lessons)))))
        for number in (4, 11):  # two children asked to talk to a grown-up
            if number < len(ids):
                when = dt.datetime.combine(start + dt.timedelta(days=20 + number), dt.time(11, 5), dt.timezone.utc)
                store.add_worry(lessons[-1].id, ids[number], class_id, at=when.isoformat(timespec="milliseconds"))
        return class_id
    finally:
        store.close()
