"""The class overview: statuses per pupil and letter, who needs help, misconceptions, the report."""

import csv
import json

import pygame

from game.lessons.library import BUILTIN_LESSONS_DIR, LessonLibrary
from game.lessons.loader import LessonLoader
from game.lessons.pictures import PictureCatalog
from game.progress.overview import DONE, NOT_STARTED, RIGHT_FIRST_TIME, TRIED, build_overview
from game.engine.settings import Settings
from game.progress.store import STORE_FILE, ProgressStore
from tests.helpers import enter_teacher_mode


def fill(store, library):
    class_id = store.add_class("Robins")
    priya = store.add_pupil(class_id, "Priya", "owl")
    sam = store.add_pupil(class_id, "Sam", "fox")
    store.add_pupil(class_id, "Leo", "cat")
    for number, lesson in enumerate(library.for_letter("safe")):  # Priya: all Safe lessons, 3 stars
        store.start_attempt(f"p{number}", lesson.id, "safe", pupil_id=priya, class_id=class_id)
        store.finish_attempt(f"p{number}", 3)
    meeting = library.for_letter("meeting")[0]
    question = next(scene for scene in meeting.scenes if scene.kind == "choose")
    wrong = next(answer for answer in question.answers if not answer.right)
    for attempt in ("s1", "s2"):  # Sam: the same wrong answer twice, never finished
        store.start_attempt(attempt, meeting.id, "meeting", pupil_id=sam, class_id=class_id)
        store.record_answer(attempt, question.id, wrong.id, False, 1, 3.0)
    return class_id, question, wrong


def test_overview_statuses_needs_help_and_misconceptions(tmp_path):
    library = LessonLibrary.load(LessonLoader(PictureCatalog()), [BUILTIN_LESSONS_DIR])
    store = ProgressStore(tmp_path / STORE_FILE)
    class_id, question, wrong = fill(store, library)
    overview = build_overview(store, class_id, "Robins", library)
    rows = {row.name: row for row in overview.pupils}
    assert rows["Priya"].letters["safe"] == RIGHT_FIRST_TIME
    assert rows["Priya"].letters["meeting"] == NOT_STARTED
    assert rows["Sam"].letters["meeting"] == TRIED
    assert rows["Leo"].letters == {key: NOT_STARTED for key in rows["Leo"].letters}
    # In the words the children saw and heard, never the lesson file's ids (go-to-park).
    assert rows["Sam"].needs_help and wrong.text.text in rows["Sam"].needs_help[0]
    assert wrong.id not in rows["Sam"].needs_help[0] and question.question.text in rows["Sam"].needs_help[0]
    assert rows["Sam"].help_letters == {"meeting"}
    assert not rows["Priya"].needs_help
    assert overview.misconceptions[0][1:] == (question.question.text, wrong.text.text, 2)
    assert rows["Priya"].stars == {lesson.id: 3 for lesson in library.for_letter("safe")}
    safe_outcomes = {outcome for lesson in library.for_letter("safe") for outcome in lesson.outcomes}
    assert safe_outcomes <= set(overview.outcomes_covered)
    assert DONE != RIGHT_FIRST_TIME


def robins_overview(make_pilot, tmp_path):
    """Teacher mode on the board, class Robins (filled), showing its overview."""
    data_dir = tmp_path / "data"
    library = LessonLibrary.load(LessonLoader(PictureCatalog()), [BUILTIN_LESSONS_DIR])
    with ProgressStore(data_dir / STORE_FILE) as store:
        fill(store, library)
    Settings(class_name="Robins", whole_class=True).save(data_dir)  # on the board: no picker first
    pilot = make_pilot(size=(1920, 1080), data_dir=data_dir)
    enter_teacher_mode(pilot)
    pilot.tap_widget("overview")
    pilot.wait_until(lambda: any(w.name.startswith("name-") for w in pilot.scene.widgets))
    return pilot, data_dir, library


def test_teacher_opens_the_overview_and_saves_the_report(make_pilot, tmp_path):
    pilot, data_dir, library = robins_overview(make_pilot, tmp_path)
    names = {w.label for w in pilot.scene.widgets if w.name.startswith("name-")}
    assert names == {"Priya", "Sam", "Leo"}
    helped = [w for w in pilot.scene.widgets if w.name.startswith("cell-") and w.help_needed]
    assert [w.name.split("-")[-1] for w in helped] == ["meeting"], "Sam needs help with Meeting, on the grid"
    overview = pilot.scene
    pilot.tap_widget("report")
    pilot.wait_until(lambda: pilot.scene.name == "report-saved")
    page = overview.saved.read_text(encoding="utf-8")
    assert "<h1>SMART Stars: Robins</h1>" in page
    assert ">Priya</a></th>" in page and ">Sam</a></th>" in page
    assert "chose \u201cGo to the park\u201d 2 times" in page, "Sam's repeated wrong answer is flagged, in words"
    rows = list(csv.DictReader(overview.saved.with_suffix(".csv").open(encoding="utf-8")))
    assert {row["pupil"] for row in rows} == {"Priya", "Sam"}
    roster = list(csv.DictReader((data_dir / "reports" / "Robins.csv").open(encoding="utf-8")))
    assert sorted((row["name"], row["avatar"]) for row in roster) == [("Leo", "cat"), ("Priya", "owl"), ("Sam", "fox")]
    assert json.loads((data_dir / "settings.json").read_text())["class_name"] == "Robins"


def test_a_pupils_timeline_and_erasing_their_data(make_pilot, tmp_path):
    pilot, data_dir, library = robins_overview(make_pilot, tmp_path)
    sam = next(w for w in pilot.scene.widgets if w.name.startswith("name-") and w.label == "Sam")
    pilot.tap_widget(sam.name)
    pilot.wait_until(lambda: "to try again" in pilot.scene.widget("timeline").text)
    assert "not finished (0 right, 1 to try again)" in pilot.scene.widget("timeline").text
    pilot.tap_widget("erase")
    pilot.tap_widget("no")
    assert pilot.scene.name == "pupil", "'No' keeps everything"
    pilot.tap_widget("erase")
    pilot.tap_widget("yes")
    pilot.wait_until(lambda: pilot.scene.name == "teacher")  # once it is erased on disk (off the frame loop)
    check = ProgressStore(data_dir / STORE_FILE)
    assert "Sam" not in {name for _, name, _ in check.pupils(check.class_id("Robins"))}
    assert check.db.execute("SELECT COUNT(*) FROM answers").fetchone()[0] == 0, "Sam's answers went with Sam"
    assert check.db.execute("SELECT COUNT(*) FROM attempts").fetchone()[0] == 4, "Priya's stay"


def test_new_class_and_pupils_typed_in_teacher_mode(make_pilot, tmp_path):
    data_dir = tmp_path / "data"
    pilot = make_pilot(size=(1920, 1080), data_dir=data_dir)
    enter_teacher_mode(pilot)
    pilot.tap_widget("new-class")
    for key in "OWLS":
        pilot.tap_widget(f"key-{key}")
    pilot.tap_widget("key-ok")
    pilot.wait_until(lambda: pilot.scene.widget("class").label == "Class: Owls")  # saved off the frame loop
    pilot.tap_widget("overview")

    pilot.wait_until(lambda: any(w.name == "add-pupil" for w in pilot.scene.widgets))
    pilot.tap_widget("add-pupil")
    # a physical keyboard works too
    pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text="amira", window=None))
    pilot.frames(1)
    assert pilot.scene.text == "Amira", "first letter capitalised"
    pilot.key(pygame.K_RETURN)
    pilot.tap_widget("avatar-panda")
    pilot.wait_until(lambda: pilot.scene.name == "overview" and any(w.name.startswith("name-") for w in pilot.scene.widgets))
    amira = next(w for w in pilot.scene.widgets if w.name.startswith("name-"))
    assert amira.label == "Amira"
    pilot.tap_widget(amira.name)
    pilot.tap_widget("rename")
    pilot.tap_widget("key-back")
    pilot.tap_widget("key-back")
    pilot.tap_widget("key-ok")
    pilot.wait_until(lambda: pilot.scene.widget("pupil-title").text == "Ami")
    store = ProgressStore(data_dir / STORE_FILE)
    assert store.pupils(store.class_id("Owls")) == [(amira_id(amira), "Ami", "panda")]


def amira_id(widget) -> int:
    return int(widget.name.split("-")[1])


def label_texts(scene) -> str:
    return "\n".join(w.text for w in scene.widgets if hasattr(w, "text") and isinstance(w.text, str))


def test_a_cell_shows_each_lesson_and_opens_that_pupils_answers_in_words(make_pilot, tmp_path):
    pilot, data_dir, library = robins_overview(make_pilot, tmp_path)
    scene = pilot.scene
    rows = {row.name: row for row in scene.overview.pupils}
    priya, sam = rows["Priya"], rows["Sam"]
    safe = library.for_letter("safe")
    # One pip per lesson, each with its stars: a perfect lesson is not shown as an abandoned one.
    assert scene.widget(f"cell-{priya.pupil_id}-safe").pips == tuple((RIGHT_FIRST_TIME, 3) for _ in safe)
    meeting = scene.widget(f"cell-{sam.pupil_id}-meeting")
    assert meeting.pips[0] == (TRIED, 0) and all(pip == (NOT_STARTED, 0) for pip in meeting.pips[1:])
    assert meeting.help_needed and not scene.widget(f"cell-{priya.pupil_id}-safe").help_needed
    pilot.tap_widget(f"cell-{sam.pupil_id}-meeting")
    assert pilot.scene.name == "pupil-letter"
    pilot.wait_until(lambda: pilot.scene.questions is not None and any(
        w.name.startswith("answers-") for w in pilot.scene.widgets))
    text = label_texts(pilot.scene)
    lesson = library.for_letter("meeting")[0]
    question = next(scene for scene in lesson.scenes if scene.kind == "choose")
    wrong = next(answer for answer in question.answers if not answer.right)
    assert lesson.title.text in text and question.question.text in text
    assert text.count(f"{wrong.text.text}: not right") == 2, "both tries, in the words Sam saw"
    assert "try 1" in text and wrong.id not in text


def test_the_grid_marks_a_worry_on_the_pupils_row(make_pilot, tmp_path):
    data_dir = tmp_path / "data"
    library = LessonLibrary.load(LessonLoader(PictureCatalog()), [BUILTIN_LESSONS_DIR])
    with ProgressStore(data_dir / STORE_FILE) as store:
        class_id, _, _ = fill(store, library)
        sam = next(pupil_id for pupil_id, name, _ in store.pupils(class_id) if name == "Sam")
        store.add_worry(library.for_letter("tell")[0].id, sam, class_id)
    Settings(class_name="Robins", whole_class=True).save(data_dir)
    pilot = make_pilot(size=(1280, 800), data_dir=data_dir)
    enter_teacher_mode(pilot)
    pilot.tap_widget("overview")
    pilot.wait_until(lambda: any(w.name.startswith("name-") for w in pilot.scene.widgets))
    marked = {w.label for w in pilot.scene.widgets if w.name.startswith("name-") and w.worry is not None}
    assert marked == {"Sam"}
    assert all(w.animal is not None for w in pilot.scene.widgets if w.name.startswith("name-")), "each animal shown"


def test_the_questions_view_speaks_the_childrens_words_and_lists_every_outcome(make_pilot, tmp_path):
    pilot, data_dir, library = robins_overview(make_pilot, tmp_path)
    not_yet = list(pilot.scene.overview.outcomes_not_yet)
    assert len(not_yet) > 5
    pilot.tap_widget("questions")
    assert pilot.scene.name == "class-questions"
    seen = label_texts(pilot.scene)
    lesson = library.for_letter("meeting")[0]
    question = next(scene for scene in lesson.scenes if scene.kind == "choose")
    wrong = next(answer for answer in question.answers if not answer.right)
    assert f"2 \u00d7 \u201c{wrong.text.text}\u201d for \u201c{question.question.text}\u201d" in seen
    assert wrong.id not in seen
    while any(w.name == "questions-next" for w in pilot.scene.widgets):  # every outcome, page by page
        pilot.tap_widget("questions-next")
        seen += label_texts(pilot.scene)
    assert all(outcome in seen for outcome in not_yet), "no outcome left out"


def test_erasing_the_pupil_who_is_playing_keeps_progress_saving(make_pilot, tmp_path):
    """Found by bench/monkey.py: the store refused every later answer (a pupil that no longer exists)."""
    from tests.helpers import play_lesson

    data_dir = tmp_path / "data"
    library = LessonLibrary.load(LessonLoader(PictureCatalog()), [BUILTIN_LESSONS_DIR])
    with ProgressStore(data_dir / STORE_FILE) as store:
        fill(store, library)
    Settings(class_name="Robins").save(data_dir)  # a class tablet: the picker first
    pilot = make_pilot(data_dir=data_dir)
    priya = next(w for w in pilot.scene.widgets if w.name.startswith("pupil-") and w.label == "Priya")
    pilot.tap_widget(priya.name)
    enter_teacher_mode(pilot)
    pilot.tap_widget("overview")
    pilot.wait_until(lambda: any(w.name.startswith("name-") for w in pilot.scene.widgets))
    pilot.tap_widget(f"name-{priya.name.split('-')[1]}")
    pilot.tap_widget("erase")
    pilot.tap_widget("yes")
    pilot.wait_until(lambda: pilot.scene.name == "teacher")
    assert pilot.app.ctx.player_name is None, "nothing of Priya's is kept on the tablet"
    pilot.tap_widget("back-to-game")
    pilot.tap_widget("letter-safe")
    play_lesson(pilot, pilot.app.ctx.library.for_letter("safe")[0])
    recorder = pilot.app.ctx.recorder
    assert recorder.flush()
    assert recorder.problem is None and recorder.recorded > 0, recorder.problem
    with ProgressStore(data_dir / STORE_FILE) as store:
        rows = list(store.answer_rows())
    assert len(rows) == recorder.recorded + 2, "Sam's two answers, and every new one"
    assert "Priya" not in {row["pupil"] for row in rows}


def test_tapping_save_report_again_while_it_saves_writes_it_once(make_pilot, tmp_path, monkeypatch):
    """Found by bench/monkey.py: rapid taps on save wrote the same files at once; one failed, and its
    "Could not save" replaced the whole grid although the report had been saved."""
    import time

    import game.progress.overview

    real = game.progress.overview.write_report
    writing, most = [], []

    def slow_write(*args, **kwargs):
        writing.append(1)
        most.append(len(writing))
        time.sleep(0.2)
        try:
            return real(*args, **kwargs)
        finally:
            writing.pop()

    monkeypatch.setattr(game.progress.overview, "write_report", slow_write)
    pilot, data_dir, library = robins_overview(make_pilot, tmp_path)
    overview = pilot.scene
    report = pilot.centre_of("report")
    for _ in range(3):  # taps quicker than the report is written (the pilot's own taps wait for it)
        finger = pilot.finger_down(report)
        pilot.frames(1)
        pilot.finger_up(report, finger)
        pilot.frames(1)
    pilot.wait_until(lambda: overview.saved)
    pilot.progress_answered()
    pilot.frames(1)
    assert most == [1], "one report at a time"
    assert pilot.scene.name == "report-saved" and not overview.message
    pilot.tap_widget("done")
    assert pilot.scene is overview and any(w.name.startswith("name-") for w in pilot.scene.widgets)


def test_a_feeling_is_never_a_wrong_answer_a_teacher_sees(tmp_path):
    """A pupil who picks a less-fitting face again and again (stored as not right, as stores before did):
    no "needs help", no misconception, nothing on their page's wrong answers, and their answers page
    shows what they felt, neither right nor wrong. The storyboard puts no cross by that face either."""
    from game.progress.overview import pupil_letter_answers, write_report
    from game.authoring.storyboard import scene_words

    library = LessonLibrary.load(LessonLoader(PictureCatalog()), [BUILTIN_LESSONS_DIR])
    lesson, feel = next((lesson, scene) for lesson in library.lessons for scene in lesson.scenes
                        if scene.kind == "feelings" and any(not face.right for face in scene.answers))
    face = next(face for face in feel.answers if not face.right)
    store = ProgressStore(tmp_path / STORE_FILE)
    class_id = store.add_class("Robins")
    mia = store.add_pupil(class_id, "Mia", "owl")
    for attempt in ("m1", "m2", "m3"):
        store.start_attempt(attempt, lesson.id, lesson.letter, pupil_id=mia, class_id=class_id)
        store.record_answer(attempt, feel.id, face.id, False, 1, 2.0)  # as older versions stored it
    overview = build_overview(store, class_id, "Robins", library)
    row = overview.pupils[0]
    assert not row.needs_help and not row.help_letters and not row.wrong_answers
    assert not overview.misconceptions
    report = write_report(overview, tmp_path / "reports").read_text(encoding="utf-8")
    assert face.text.text not in report, "the report lists no feeling as an answer chosen wrongly"
    answers = pupil_letter_answers(store, mia, [lesson.id], library)
    given = [answer for question in answers for answer in question.answers]
    assert len(given) == 3 and all(answer.felt and answer.right for answer in given)
    assert given[0].words == face.text.text
    store.close()
    said = scene_words(feel)
    by_face = {face_.text.text: item for face_ in feel.answers for item in said if item.runs[0][1] == f"{face_.text.text}:"}
    assert by_face[face.text.text].mark is None, "no cross by a less-fitting face"
    assert all(item.mark != "wrong" for item in said)
    assert any(item.mark == "right" for item in said if any(f.right for f in feel.answers))


def test_shows_of_hands_on_the_board_are_in_the_questions_view_the_report_and_the_export(make_pilot, tmp_path):
    """Counted on the board (whole-class mode): the class's questions view and its report say how many hands
    went up for each answer, in the children's words (a question counted again: the later count), and
    `export --hands FILE` writes every count, formula-guarded and private."""
    import html
    import os

    from game import cli
    from game.progress.overview import write_report

    data_dir = tmp_path / "data"
    library = LessonLibrary.load(LessonLoader(PictureCatalog()), [BUILTIN_LESSONS_DIR])
    lesson = library.for_letter("meeting")[0]
    question = next(scene for scene in lesson.scenes if scene.kind == "choose")
    first, second = question.answers[:2]
    with ProgressStore(data_dir / STORE_FILE) as store:
        class_id = fill(store, library)[0]
        store.db.execute("UPDATE classes SET name = '=Robins' WHERE id = ?", (class_id,))  # a formula in a cell
        store.db.commit()
        store.start_attempt("board", lesson.id, "meeting", class_id=class_id, whole_class=True)
        store.record_hands("board", question.id, first.id, 5, at="2026-12-01T09:00:00.000+00:00")
        store.record_hands("board", question.id, second.id, 2, at="2026-12-01T09:00:00.000+00:00")
        store.record_hands("board", question.id, second.id, 3, at="2026-12-01T09:01:00.000+00:00")  # counted again
        store.record_hands("board", question.id, first.id, 12, at="2026-12-01T09:01:00.003+00:00")  # a moment on
    Settings(class_name="=Robins", whole_class=True).save(data_dir)
    pilot = make_pilot(size=(1920, 1080), data_dir=data_dir)
    enter_teacher_mode(pilot)
    pilot.tap_widget("overview")
    pilot.wait_until(lambda: any(w.name.startswith("name-") for w in pilot.scene.widgets))
    said = f"12 hands for \u201c{first.text.text}\u201d, 3 for \u201c{second.text.text}\u201d"
    pilot.tap_widget("questions")
    seen = label_texts(pilot.scene)
    while any(w.name == "questions-next" for w in pilot.scene.widgets):
        pilot.tap_widget("questions-next")
        seen += label_texts(pilot.scene)
    assert "On the board: shows of hands" in seen
    assert said in seen and question.question.text in seen
    assert "5 hands" not in seen, "a question counted again shows its later count"
    report = write_report(pilot.scene.overview, tmp_path / "reports").read_text(encoding="utf-8")
    assert html.escape(said) in report

    out = tmp_path / "hands.csv"
    assert cli.main(["export", "--hands", str(out), "--data-dir", str(data_dir)]) == 0
    assert os.stat(out).st_mode & 0o777 == 0o600
    with out.open(newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert [(row["answer"], row["hands"]) for row in rows] == [
        (first.text.text, "5"), (second.text.text, "2"), (second.text.text, "3"), (first.text.text, "12")]
    assert {row["class"] for row in rows} == {"'=Robins"}, "a formula comes out as text"
    assert {row["question"] for row in rows} == {question.question.text}


def test_the_teacher_sees_a_feeling_as_felt_not_as_wrong(make_pilot, tmp_path):
    """On the grid, a pupil who chose a less-fitting face (even stored as not right, as before) has no
    "needs help" mark, and their answers say what they felt: no cross, no "not right"."""
    data_dir = tmp_path / "data"
    library = LessonLibrary.load(LessonLoader(PictureCatalog()), [BUILTIN_LESSONS_DIR])
    lesson, feel = next((lesson, scene) for lesson in library.lessons for scene in lesson.scenes
                        if scene.kind == "feelings" and any(not face.right for face in scene.answers))
    face = next(face for face in feel.answers if not face.right)
    with ProgressStore(data_dir / STORE_FILE) as store:
        class_id = store.add_class("Robins")
        mia = store.add_pupil(class_id, "Mia", "owl")
        for attempt in ("m1", "m2"):
            store.start_attempt(attempt, lesson.id, lesson.letter, pupil_id=mia, class_id=class_id)
            store.record_answer(attempt, feel.id, face.id, False, 1, 2.0)
    Settings(class_name="Robins", whole_class=True).save(data_dir)
    pilot = make_pilot(size=(1280, 800), data_dir=data_dir)
    enter_teacher_mode(pilot)
    pilot.tap_widget("overview")
    pilot.wait_until(lambda: any(w.name.startswith("name-") for w in pilot.scene.widgets))
    cell = f"cell-{mia}-{lesson.letter}"
    assert not pilot.scene.widget(cell).help_needed
    pilot.tap_widget(cell)
    pilot.wait_until(lambda: pilot.scene.questions is not None and any(
        w.name.startswith("answers-") for w in pilot.scene.widgets))
    text = label_texts(pilot.scene)
    assert text.count(f"felt: {face.text.text}") == 2 and "not right" not in text
