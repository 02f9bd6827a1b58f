"""The class at a glance: who has done what, who needs help, and the class's misconceptions.

Built from the progress store in a few grouped queries (see bench/progress.py
for its speed with 30 pupils and 100,000 answers), then shaped for the
teacher's grid and the printable report.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field
from pathlib import Path

from .lessons.library import LessonLibrary
from .letters import LETTERS
from .private_files import private_folder, safe_file_stem, write_private
from .store import ProgressStore

NOT_STARTED, TRIED, DONE, RIGHT_FIRST_TIME = "not started", "tried", "done", "right first time"


@dataclass
class PupilRow:
    pupil_id: int
    name: str
    avatar: str
    letters: dict[str, str] = field(default_factory=dict)  # letter key -> status
    lessons: dict[str, str] = field(default_factory=dict)  # lesson id -> status
    needs_help: list[str] = field(default_factory=list)  # why, in words


@dataclass
class Overview:
    class_name: str
    pupils: list[PupilRow]
    misconceptions: list[tuple[str, str, str, int]]  # lesson title, question, wrong answer, times chosen
    outcomes_covered: list[str]
    outcomes_not_yet: list[str]


def build_overview(store: ProgressStore, class_id: int, class_name: str, library: LessonLibrary) -> Overview:
    lessons_by_letter = {item.key: [lesson.id for lesson in library.for_letter(item.key)] for item in LETTERS}
    per_lesson: dict[tuple[int, str], tuple[bool, int]] = {}
    for pupil_id, lesson_id, finished, stars in store.db.execute(
            "SELECT pupil_id, lesson_id, MAX(finished IS NOT NULL), MAX(COALESCE(stars, 0)) FROM attempts "
            "WHERE class_id = ? AND pupil_id IS NOT NULL GROUP BY pupil_id, lesson_id", (class_id,)):
        per_lesson[(pupil_id, lesson_id)] = (bool(finished), stars)

    rows = []
    for pupil_id, name, avatar in store.pupils(class_id):
        row = PupilRow(pupil_id, name, avatar)
        for key, lesson_ids in lessons_by_letter.items():
            results = [per_lesson.get((pupil_id, lesson_id)) for lesson_id in lesson_ids]
            for lesson_id, result in zip(lesson_ids, results):
                row.lessons[lesson_id] = (NOT_STARTED if result is None else TRIED if not result[0]
                                          else RIGHT_FIRST_TIME if result[1] == 3 else DONE)
            if not any(results):
                row.letters[key] = NOT_STARTED
            elif lesson_ids and all(r and r[0] for r in results):
                row.letters[key] = RIGHT_FIRST_TIME if all(r[1] == 3 for r in results) else DONE
            else:
                row.letters[key] = TRIED
        rows.append(row)

    by_id = {row.pupil_id: row for row in rows}
    titles = {lesson.id: lesson.title.text for lesson in library.lessons}
    questions = {(lesson.id, scene.id): getattr(scene, "question", None) for lesson in library.lessons
                 for scene in lesson.scenes}
    # One pass over the class's wrong answers, grouped by pupil and question, serves both
    # "needs help" (the same wrong answer twice) and the class's misconceptions.
    totals: dict[tuple[str, str, str], int] = {}
    for pupil_id, lesson_id, scene_id, answer_id, times in store.db.execute(
            "SELECT attempts.pupil_id, attempts.lesson_id, answers.scene_id, answers.answer_id, COUNT(*) "
            "FROM attempts JOIN answers ON answers.attempt_id = attempts.id AND answers.right = 0 "
            "WHERE attempts.class_id = ? "
            "GROUP BY attempts.pupil_id, attempts.lesson_id, answers.scene_id, answers.answer_id", (class_id,)):
        key = (lesson_id, scene_id, answer_id)
        totals[key] = totals.get(key, 0) + times
        if times >= 2 and pupil_id in by_id:
            by_id[pupil_id].needs_help.append(
                f"chose '{answer_id}' {times} times in '{titles.get(lesson_id, lesson_id)}'")
    misconceptions = []
    for (lesson_id, scene_id, answer_id), times in sorted(totals.items(), key=lambda item: -item[1])[:50]:
        question = questions.get((lesson_id, scene_id))
        misconceptions.append((titles.get(lesson_id, lesson_id), question.text if question else scene_id,
                               answer_id, times))

    finished = {lesson_id for (_, lesson_id), (done, _) in per_lesson.items() if done}
    covered, not_yet = [], []
    for lesson in library.lessons:
        for outcome in lesson.outcomes:
            target = covered if lesson.id in finished else not_yet
            if outcome not in covered and outcome not in target:
                target.append(outcome)
    not_yet = [outcome for outcome in not_yet if outcome not in covered]
    return Overview(class_name, rows, misconceptions, covered, not_yet)


STATUS_STYLE = {NOT_STARTED: ("#eeeeee", ""), TRIED: ("#ffe2a8", "tried"), DONE: ("#bfe8c8", "done"),
                RIGHT_FIRST_TIME: ("#7fd39a", "★ first time")}


def write_report(overview: Overview, folder: Path, today: dt.date | None = None) -> Path:
    """A printable HTML page: the grid, who needs help, misconceptions, outcomes covered."""
    today = today or dt.date.today()
    private_folder(folder)
    path = folder / f"report-{safe_file_stem(overview.class_name)}-{today.isoformat()}.html"
    e = html.escape
    head = "".join(f"<th>{item.letter}<br><small>{item.word}</small></th>" for item in LETTERS)
    body = []
    for row in overview.pupils:
        cells = "".join(
            f'<td style="background:{STATUS_STYLE[row.letters[item.key]][0]}">'
            f"{STATUS_STYLE[row.letters[item.key]][1]}</td>" for item in LETTERS)
        help_text = "; ".join(row.needs_help)
        body.append(f"<tr><th>{e(row.name)}</th>{cells}<td>{e(help_text)}</td></tr>")
    wrong = "".join(f"<tr><td>{e(title)}</td><td>{e(question)}</td><td>{e(answer)}</td><td>{times}</td></tr>"
                    for title, question, answer, times in overview.misconceptions)
    covered = "".join(f"<li>{e(text)}</li>" for text in overview.outcomes_covered) or "<li>None yet</li>"
    not_yet = "".join(f"<li>{e(text)}</li>" for text in overview.outcomes_not_yet) or "<li>All covered</li>"
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>SMART Stars: {e(overview.class_name)}</title>
<style>body{{font-family:sans-serif;margin:2em}} table{{border-collapse:collapse;margin-bottom:1.5em}}
td,th{{border:1px solid #999;padding:.3em .6em;text-align:left}} @media print{{body{{margin:0}}}}</style></head>
<body><h1>SMART Stars: {e(overview.class_name)}</h1><p>{today:%d %B %Y}</p>
<h2>Progress</h2><table><tr><th>Pupil</th>{head}<th>Needs help</th></tr>{''.join(body)}</table>
<h2>Wrong answers the class chose most</h2>
<table><tr><th>Lesson</th><th>Question</th><th>Answer</th><th>Times</th></tr>{wrong}</table>
<h2>Curriculum outcomes covered</h2><ul>{covered}</ul><h2>Not yet covered</h2><ul>{not_yet}</ul>
</body></html>
"""
    return write_private(path, page)  # 0600: names and who needs help
