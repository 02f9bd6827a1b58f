"""The class at a glance: who has done what, who needs help, and the class's misconceptions.

Built from the progress store in a few grouped queries (see bench/progress.py
for its speed with 30 pupils and 100,000 answers), then shaped for the
teacher's grid and the printable report. The store keeps ids (``go-to-park``);
everything shown to a teacher is in the words the children saw and heard, taken
from the lessons loaded now (``Wording``), with the id only for a lesson no longer there.
"""

from __future__ import annotations

import datetime as dt
import html
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from ..lessons.library import LessonLibrary
from ..lessons.letters import LETTERS
from ..engine.private_files import safe_file_stem, write_private
from .store import ProgressStore

NOT_STARTED, TRIED, DONE, RIGHT_FIRST_TIME = "not started", "tried", "done", "right first time"
# An attempt left open (a tablet put down mid-lesson) counts for at most this long in "time spent".
LONGEST_ATTEMPT_SECONDS = 30 * 60


def question_choices(scene) -> list[tuple[str, str, bool]]:
    """What a child could answer in a scene, as recorded: (answer id, the words shown, right?).

    A sort's answers are its cards (recorded right or wrong by where they were put); a story has none."""
    if scene.kind == "sort":
        return [(item.id, item.text.text, True) for item in scene.items]
    if scene.kind == "hotspot":
        return [(spot.answer.id, spot.answer.text.text, spot.answer.right) for spot in scene.spots]
    return [(answer.id, answer.text.text, answer.right) for answer in getattr(scene, "answers", ())]


class Wording:
    """Lesson, question and answer ids in the words the children saw and heard."""

    def __init__(self, library: LessonLibrary) -> None:
        self.titles: dict[str, str] = {}
        self.questions: dict[tuple[str, str], str] = {}
        self.answers: dict[tuple[str, str, str], str] = {}
        self.sorts: set[tuple[str, str]] = set()
        # A feeling is never a wrong answer, however a lesson marks the faces that fit best: these scenes'
        # answers are left out of "needs help" and the wrong answers, and shown as what the child felt.
        # (Stores from before kept a less-fitting face as right = 0: the lessons, not the store, decide.)
        self.feelings: set[tuple[str, str]] = set()
        self.order: dict[tuple[str, str], int] = {}  # a scene's place in its lesson, for listing in order
        self.answer_order: dict[tuple[str, str], list[str]] = {}  # a question's answer ids as shown
        for lesson in library.lessons:
            self.titles[lesson.id] = lesson.title.text
            for index, scene in enumerate(lesson.scenes):
                self.order[(lesson.id, scene.id)] = index
                question = getattr(scene, "question", None)
                if question is not None:
                    self.questions[(lesson.id, scene.id)] = question.text
                if scene.kind == "sort":
                    self.sorts.add((lesson.id, scene.id))
                if scene.kind == "feelings":
                    self.feelings.add((lesson.id, scene.id))
                for answer_id, words, _right in question_choices(scene):
                    self.answers[(lesson.id, scene.id, answer_id)] = words
                    self.answer_order.setdefault((lesson.id, scene.id), []).append(answer_id)

    def title(self, lesson_id: str) -> str:
        return self.titles.get(lesson_id, lesson_id)

    def question(self, lesson_id: str, scene_id: str) -> str:
        return self.questions.get((lesson_id, scene_id), scene_id)

    def answer(self, lesson_id: str, scene_id: str, answer_id: str, right: bool = True) -> str:
        words = self.answers.get((lesson_id, scene_id, answer_id), answer_id)
        if not right and (lesson_id, scene_id) in self.sorts:
            return f"{words} (sorted into the wrong group)"
        return words


@dataclass
class PupilRow:
    pupil_id: int
    name: str
    avatar: str
    letters: dict[str, str] = field(default_factory=dict)  # letter key -> status
    lessons: dict[str, str] = field(default_factory=dict)  # lesson id -> status
    stars: dict[str, int] = field(default_factory=dict)  # lesson id -> best stars (finished lessons)
    needs_help: list[str] = field(default_factory=list)  # why, in words
    help_letters: set[str] = field(default_factory=set)  # letters where the same wrong answer was chosen again
    wrong_answers: list[tuple[str, str, str, int]] = field(default_factory=list)  # title, question, answer, times
    worries: int = 0  # worries shared and not yet followed up
    first_played: str | None = None  # stored times (ISO), or None if nothing played yet
    last_played: str | None = None
    seconds: float = 0.0  # time spent in lessons
    lesson_dates: dict[str, tuple[str, str]] = field(default_factory=dict)  # lesson id -> first, last played
    attempts: dict[str, int] = field(default_factory=dict)  # lesson id -> times started


@dataclass
class Overview:
    class_name: str
    pupils: list[PupilRow]
    misconceptions: list[tuple[str, str, str, int]]  # lesson title, question, wrong answer, times chosen
    outcomes_covered: list[str]
    outcomes_not_yet: list[str]
    # Each letter's lessons in the children's order: the grid's pips, one per lesson.
    lessons_by_letter: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # key -> (id, title)
    hands: list["HandsShown"] = field(default_factory=list)  # shows of hands on the board, newest first


@dataclass(frozen=True)
class HandsShown:
    """One show of hands on the board (whole-class mode), in the children's words."""

    lesson_title: str
    question: str
    counts: tuple[tuple[str, int], ...]  # (answer, hands), in the order the answers were shown
    at: str

    def text(self) -> str:
        """'12 hands for “Tell Mum”, 3 for “Keep it secret”'."""
        parts = [f"{count} hand{'s' if count != 1 else ''} for \u201c{answer}\u201d" if index == 0 else
                 f"{count} for \u201c{answer}\u201d" for index, (answer, count) in enumerate(self.counts)]
        return ", ".join(parts)


def class_hands(store: ProgressStore, class_id: int | None, wording: "Wording") -> list[HandsShown]:
    """The class's shows of hands, newest first: one per question counted (counted again in the same
    play-through: the last count), each answer in the words the children saw, in the lesson's order."""
    latest: dict[tuple[str, str], dict[str, dict]] = {}
    for row in store.hands_rows(class_id):  # oldest first: a later count of an answer replaces the earlier one
        latest.setdefault((row["attempt_id"], row["scene_id"]), {})[row["answer_id"]] = row
    shown = []
    for (_, scene_id), by_answer in latest.items():
        rows = list(by_answer.values())
        lesson_id = rows[0]["lesson_id"]
        order = wording.answer_order.get((lesson_id, scene_id), [])
        rows.sort(key=lambda row: order.index(row["answer_id"]) if row["answer_id"] in order else len(order))
        shown.append(HandsShown(wording.title(lesson_id), wording.question(lesson_id, scene_id),
                                tuple((wording.answer(lesson_id, scene_id, row["answer_id"]), row["count"])
                                      for row in rows), max(row["at"] for row in rows)))
    return sorted(shown, key=lambda hands: hands.at, reverse=True)


# Letters that do not come apart into a base letter and an accent, for sorting names as a register does.
_BASE_LETTERS = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae",
                               "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ı": "i"})


def name_order(name: str) -> tuple[str, str]:
    """Sort key: Élodie next to Eilidh and Łucja next to Leo, not after Zoë."""
    plain = unicodedata.normalize("NFKD", name.translate(_BASE_LETTERS))
    return "".join(char for char in plain if not unicodedata.combining(char)).casefold(), name


def lesson_status(finished: bool, stars: int) -> str:
    return RIGHT_FIRST_TIME if finished and stars == 3 else DONE if finished else TRIED


def build_overview(store: ProgressStore, class_id: int, class_name: str, library: LessonLibrary) -> Overview:
    lessons_by_letter = {item.key: [(lesson.id, lesson.title.text) for lesson in library.for_letter(item.key)]
                         for item in LETTERS}
    letter_of = {lesson_id: key for key, lessons in lessons_by_letter.items() for lesson_id, _ in lessons}
    wording = Wording(library)
    # One row per pupil and lesson from the attempts alone (a few per lesson): an attempt's end is when
    # it finished, or else its last answer (looked up by index only for attempts never finished).
    per_lesson: dict[tuple[int, str], tuple] = {}
    for row in store.db.execute(
            "SELECT pupil_id, lesson_id, MAX(done), MAX(stars), COUNT(*), MIN(started), MAX(ended), "
            f"SUM(MIN({LONGEST_ATTEMPT_SECONDS}, MAX(0, (julianday(ended) - julianday(started)) * 86400))) "
            "FROM (SELECT pupil_id, lesson_id, finished IS NOT NULL AS done, COALESCE(stars, 0) AS stars, started, "
            "COALESCE(finished, (SELECT MAX(at) FROM answers WHERE answers.attempt_id = attempts.id), started) "
            "AS ended FROM attempts WHERE class_id = ? AND pupil_id IS NOT NULL) GROUP BY pupil_id, lesson_id",
            (class_id,)):
        per_lesson[(row[0], row[1])] = row[2:]

    rows = []
    by_id: dict[int, PupilRow] = {}
    for pupil_id, name, avatar in sorted(store.pupils(class_id), key=lambda pupil: name_order(pupil[1])):
        row = by_id[pupil_id] = PupilRow(pupil_id, name, avatar)
        rows.append(row)
    for (pupil_id, lesson_id), (finished, stars, attempts, first, last, seconds) in per_lesson.items():
        row = by_id.get(pupil_id)
        if row is None:
            continue
        row.lessons[lesson_id] = lesson_status(bool(finished), stars)
        if finished:
            row.stars[lesson_id] = stars
        row.attempts[lesson_id] = attempts
        row.lesson_dates[lesson_id] = (first, last)
        row.first_played = min(row.first_played or first, first)
        row.last_played = max(row.last_played or last, last)
        row.seconds += seconds or 0.0
    for row in rows:
        for key, lessons in lessons_by_letter.items():
            results = [row.lessons.get(lesson_id, NOT_STARTED) for lesson_id, _ in lessons]
            for lesson_id, status in zip((lesson_id for lesson_id, _ in lessons), results):
                row.lessons[lesson_id] = status
            if all(status == NOT_STARTED for status in results):
                row.letters[key] = NOT_STARTED
            elif lessons and all(status in (DONE, RIGHT_FIRST_TIME) for status in results):
                row.letters[key] = RIGHT_FIRST_TIME if all(s == RIGHT_FIRST_TIME for s in results) else DONE
            else:
                row.letters[key] = TRIED

    for pupil_id, count in store.db.execute(
            "SELECT pupil_id, COUNT(*) FROM worries WHERE class_id = ? AND followed_up = 0 AND pupil_id IS NOT NULL "
            "GROUP BY pupil_id", (class_id,)):
        if pupil_id in by_id:
            by_id[pupil_id].worries = count

    # One pass over the class's wrong answers, grouped by pupil and question, serves "needs help"
    # (the same wrong answer twice), each pupil's answers to go over, and the class's misconceptions.
    totals: dict[tuple[str, str, str], int] = {}
    worded: dict[tuple[str, str, str], tuple[str, str, str]] = {}
    for pupil_id, lesson_id, scene_id, answer_id, times in store.db.execute(
            "SELECT attempts.pupil_id, attempts.lesson_id, answers.scene_id, answers.answer_id, COUNT(*) "
            "FROM attempts JOIN answers ON answers.attempt_id = attempts.id AND answers.right = 0 "
            "WHERE attempts.class_id = ? "
            "GROUP BY attempts.pupil_id, attempts.lesson_id, answers.scene_id, answers.answer_id", (class_id,)):
        key = (lesson_id, scene_id, answer_id)
        if (lesson_id, scene_id) in wording.feelings:
            continue  # a feeling the child chose: never a wrong answer
        totals[key] = totals.get(key, 0) + times
        row = by_id.get(pupil_id)
        if row is None:
            continue
        said = worded.get(key)
        if said is None:  # the same question and answer for many pupils: put into words once
            said = worded[key] = (wording.title(lesson_id), wording.question(lesson_id, scene_id),
                                  wording.answer(lesson_id, scene_id, answer_id, right=False))
        words = (*said, times)
        row.wrong_answers.append(words)
        if times >= 2:
            row.needs_help.append(f"chose \u201c{words[2]}\u201d {times} times for \u201c{words[1]}\u201d ({words[0]})")
            row.help_letters.add(letter_of.get(lesson_id, ""))
    misconceptions = []
    for (lesson_id, scene_id, answer_id), times in sorted(totals.items(), key=lambda item: -item[1])[:50]:
        misconceptions.append((wording.title(lesson_id), wording.question(lesson_id, scene_id),
                               wording.answer(lesson_id, scene_id, answer_id, right=False), times))

    finished = {lesson_id for (_, lesson_id), result in per_lesson.items() if result[0]}
    covered, not_yet = [], []
    for lesson in library.lessons:
        for outcome in lesson.outcomes:
            target = covered if lesson.id in finished else not_yet
            if outcome not in covered and outcome not in target:
                target.append(outcome)
    not_yet = [outcome for outcome in not_yet if outcome not in covered]
    return Overview(class_name, rows, misconceptions, covered, not_yet, lessons_by_letter,
                    class_hands(store, class_id, wording))


@dataclass(frozen=True)
class AnswerGiven:
    words: str
    right: bool
    try_number: int
    seconds: float
    at: str
    felt: bool = False  # a face in a feelings scene: what the child felt, neither right nor wrong


@dataclass
class QuestionAnswers:
    lesson_title: str
    question: str
    answers: list[AnswerGiven]


def pupil_letter_answers(store: ProgressStore, pupil_id: int, lesson_ids: list[str],
                         library: LessonLibrary) -> list[QuestionAnswers]:
    """Every answer a pupil gave in these lessons (one letter's), question by question in lesson order,
    each in the words they saw; a question answered again in a later attempt lists both, oldest first."""
    if not lesson_ids:
        return []
    wording = Wording(library)
    marks = ",".join("?" * len(lesson_ids))
    found: dict[tuple[str, str], QuestionAnswers] = {}
    for lesson_id, scene_id, answer_id, right, try_number, seconds, at in store.db.execute(
            "SELECT attempts.lesson_id, answers.scene_id, answers.answer_id, answers.right, answers.try_number, "
            "answers.seconds, answers.at FROM attempts JOIN answers ON answers.attempt_id = attempts.id "
            f"WHERE attempts.pupil_id = ? AND attempts.lesson_id IN ({marks}) ORDER BY answers.at, answers.id",
            (pupil_id, *lesson_ids)):
        entry = found.setdefault((lesson_id, scene_id), QuestionAnswers(
            wording.title(lesson_id), wording.question(lesson_id, scene_id), []))
        felt = (lesson_id, scene_id) in wording.feelings
        right = right or felt
        entry.answers.append(AnswerGiven(wording.answer(lesson_id, scene_id, answer_id, bool(right)), bool(right),
                                         try_number, seconds, at, felt))
    place = {lesson_id: index for index, lesson_id in enumerate(lesson_ids)}
    return [found[key] for key in sorted(found, key=lambda key: (place[key[0]], wording.order.get(key, 999), key[1]))]


# -- words for dates and durations -------------------------------------------------------------
def day_text(stamp: str | None) -> str:
    """A stored time as a date a teacher reads: '7 Sep 2026' (local time); '' for none."""
    if not stamp:
        return ""
    try:
        moment = dt.datetime.fromisoformat(stamp)
    except ValueError:
        return stamp
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return f"{moment.day} {moment:%b %Y}"


def duration_text(seconds: float) -> str:
    """'45 s', '12 min', '1 h 05 min'."""
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    minutes = seconds // 60
    return f"{minutes} min" if minutes < 60 else f"{minutes // 60} h {minutes % 60:02d} min"


# -- the printable report ------------------------------------------------------------------------
# Each status has its own shape, so the report reads the same printed in grey and to colour-blind eyes.
SYMBOLS = {NOT_STARTED: "\u25cb", TRIED: "\u25d0", DONE: "\u25cf", RIGHT_FIRST_TIME: "\u2605"}


def _status_words(status: str, stars: int) -> str:
    if status == DONE:
        return f"done, {stars} star{'s' if stars != 1 else ''}"
    return status


def _pip(status: str, stars: int, title: str) -> str:
    mark = SYMBOLS[status] + (str(stars) if status == DONE else "")
    return f'<span class="pip {status.replace(" ", "-")}" title="{html.escape(title)}: {_status_words(status, stars)}">{mark}</span>'


def report_path(class_name: str, folder: Path, today: dt.date) -> Path:
    return folder / f"report-{safe_file_stem(class_name)}-{today.isoformat()}.html"


CSS = """body{font-family:sans-serif;margin:2em;color:#000}
table{border-collapse:collapse;margin-bottom:1.2em}
td,th{border:1px solid #777;padding:.25em .5em;text-align:left;vertical-align:top}
.page{break-after:page;page-break-after:always}
.page:last-child{break-after:auto;page-break-after:auto}
.pip{display:inline-block;min-width:1.5em;font-size:1.1em}
.pip.tried{color:#b36b00}.pip.done{color:#0072b2}.pip.right-first-time{color:#007a58}.pip.not-started{color:#666}
.help{font-weight:bold}
.key span{margin-right:1.2em}
@page{size:A4 landscape;margin:12mm}
@media print{body{margin:0;font-size:10pt}a{color:#000;text-decoration:none}.grid{font-size:8.5pt}
.grid td,.grid th{padding:.1em .35em}}"""


def write_report(overview: Overview, folder: Path, today: dt.date | None = None) -> Path:
    """A printable HTML report: the class on its first page (every pupil's lessons, dates, time spent,
    who needs help), the class's misconceptions and outcomes on the next, then one page for each pupil.

    Every status is a shape as well as a colour, so it prints in grey. Worries are not in it: a printout
    is easily left about, and worries belong in the school's safeguarding log."""
    today = today or dt.date.today()
    path = report_path(overview.class_name, folder, today)
    e = html.escape
    letters = [item for item in LETTERS]
    key = ('<p class="key">' + "".join(f"<span>{SYMBOLS[s]} {s}</span>" for s in (NOT_STARTED, TRIED))
           + f"<span>{SYMBOLS[DONE]}2 done, with its stars</span><span>{SYMBOLS[RIGHT_FIRST_TIME]} all right "
           "first time (3 stars)</span><span>! needs help</span></p>")
    head = "".join(f"<th>{item.letter} {item.word}</th>" for item in letters)
    body = []
    for row in overview.pupils:
        cells = []
        for item in letters:
            pips = "".join(_pip(row.lessons.get(lesson_id, NOT_STARTED), row.stars.get(lesson_id, 0), title)
                           for lesson_id, title in overview.lessons_by_letter.get(item.key, []))
            flag = ' <span class="help">!</span>' if item.key in row.help_letters else ""
            cells.append(f"<td>{pips}{flag}</td>")
        played = (f"{day_text(row.first_played)} to {day_text(row.last_played)}" if row.first_played
                  else "not yet")
        # The class page stays one page: which letters and how often here, the words on the pupil's own page.
        helped = ", ".join(item.word for item in letters if item.key in row.help_letters)
        needs = f"! {helped} ({len(row.needs_help)})" if row.needs_help else ""
        body.append(f'<tr><th><a href="#pupil-{row.pupil_id}">{e(row.name)}</a></th>{"".join(cells)}'
                    f"<td>{played}</td><td>{duration_text(row.seconds) if row.seconds else ''}</td>"
                    f'<td class="help">{needs}</td></tr>')
    wrong = "".join(f"<tr><td>{e(title)}</td><td>{e(question)}</td><td>{e(answer)}</td><td>{times}</td></tr>"
                    for title, question, answer, times in overview.misconceptions)
    covered = "".join(f"<li>{e(text)}</li>" for text in overview.outcomes_covered) or "<li>None yet</li>"
    hands = "".join(f"<tr><td>{e(shown.lesson_title)}</td><td>{e(shown.question)}</td><td>{e(shown.text())}</td>"
                    f"<td>{day_text(shown.at)}</td></tr>" for shown in overview.hands)
    if hands:
        hands = ("<h2>On the board: shows of hands</h2><table><tr><th>Lesson</th><th>Question</th>"
                 f"<th>Hands up</th><th>Day</th></tr>{hands}</table>")
    not_yet = "".join(f"<li>{e(text)}</li>" for text in overview.outcomes_not_yet) or "<li>All covered</li>"
    pages = [f"""<section class="page"><h1>SMART Stars: {e(overview.class_name)}</h1>
<p>Report of {today.day} {today:%B %Y}. {len(overview.pupils)} pupils. One pip per lesson, in the order the children see them.</p>
{key}
<table class="grid"><tr><th>Pupil</th>{head}<th>Played</th><th>Time spent</th><th>Needs help</th></tr>{''.join(body)}</table>
<p>Each pupil's own page follows the class's questions: what they chose, in the children's words.</p></section>
<section class="page"><h1>{e(overview.class_name)}: questions and outcomes</h1>
<h2>Wrong answers the class chose most</h2>
<table><tr><th>Lesson</th><th>Question</th><th>Answer chosen</th><th>Times</th></tr>{wrong}</table>
{hands}
<h2>Curriculum outcomes covered ({len(overview.outcomes_covered)})</h2><ul>{covered}</ul>
<h2>Not yet covered ({len(overview.outcomes_not_yet)})</h2><ul>{not_yet}</ul></section>"""]
    for row in overview.pupils:
        pages.append(_pupil_page(overview, row))
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>SMART Stars: {e(overview.class_name)}</title>
<style>{CSS}</style></head>
<body>{''.join(pages)}
</body></html>
"""
    write_private(path, page)
    return path


def _pupil_page(overview: Overview, row: PupilRow) -> str:
    e = html.escape
    lines = []
    for item in LETTERS:
        for lesson_id, title in overview.lessons_by_letter.get(item.key, []):
            status = row.lessons.get(lesson_id, NOT_STARTED)
            first, last = row.lesson_dates.get(lesson_id, (None, None))
            when = "" if not first else day_text(first) if day_text(first) == day_text(last) else \
                f"{day_text(first)} to {day_text(last)}"
            lines.append(f"<tr><td>{item.letter}</td><td>{e(title)}</td>"
                         f"<td>{_pip(status, row.stars.get(lesson_id, 0), title)} "
                         f"{_status_words(status, row.stars.get(lesson_id, 0))}</td>"
                         f"<td>{row.attempts.get(lesson_id, '')}</td><td>{when}</td></tr>")
    wrong = "".join(f"<tr><td>{e(title)}</td><td>{e(question)}</td><td>{e(answer)}</td><td>{times}</td></tr>"
                    for title, question, answer, times in sorted(row.wrong_answers, key=lambda w: -w[3]))
    help_text = "".join(f"<li>{e(text)}</li>" for text in row.needs_help)
    played = (f"First played {day_text(row.first_played)}, last played {day_text(row.last_played)}; "
              f"time spent in lessons {duration_text(row.seconds)}." if row.first_played else "Nothing played yet.")
    return f"""<section class="page" id="pupil-{row.pupil_id}"><h1>{e(row.name)}</h1>
<p>{e(overview.class_name)} · animal: {e(row.avatar)}. {played}</p>
{f'<h2>Needs help</h2><ul class="help">{help_text}</ul>' if help_text else ''}
<table><tr><th></th><th>Lesson</th><th>Progress</th><th>Times started</th><th>Played</th></tr>{''.join(lines)}</table>
{f'<h2>Wrong answers to talk about</h2><table><tr><th>Lesson</th><th>Question</th><th>Answer chosen</th><th>Times</th></tr>{wrong}</table>' if wrong else ''}
</section>"""
