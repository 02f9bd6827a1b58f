"""A whole class on the overview (36 at 1280x800 and 1920x1080), the printable report, and saving it."""

import datetime as dt
import os
import re

import pytest

from game.progress.demo_class import fill_demo_class
from game.lessons.library import BUILTIN_LESSONS_DIR, LessonLibrary
from game.lessons.loader import LessonLoader
from game.lessons.pictures import PictureCatalog
from game.engine.opener import open_command
from game.progress.overview import build_overview, duration_text, name_order, write_report
from game.engine.settings import Settings
from game.progress.store import STORE_FILE, ProgressStore
from tests.test_layout import layout_problems
from tests.helpers import enter_teacher_mode

CLASS = "Robins 1B"


@pytest.fixture(scope="module")
def library():
    return LessonLibrary.load(LessonLoader(PictureCatalog()), [BUILTIN_LESSONS_DIR])


def class_overview(make_pilot, tmp_path, library, size, pupils):
    data_dir = tmp_path / "data"
    data_dir.mkdir(parents=True, exist_ok=True)
    fill_demo_class(data_dir, library, CLASS, pupils=pupils)
    Settings(class_name=CLASS, whole_class=True).save(data_dir)
    pilot = make_pilot(size=size, data_dir=data_dir)
    enter_teacher_mode(pilot)
    pilot.tap_widget("overview")
    pilot.wait_until(lambda: any(w.name.startswith("cell-") for w in pilot.scene.widgets), timeout=10)
    return pilot, data_dir


def names_on_screen(scene):
    return {int(w.name.split("-")[1]): w for w in scene.widgets if w.name.startswith("name-")}


@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)], ids=["1280x800", "1920x1080"])
def test_a_class_of_36_fits_on_one_screen_each_pupil_with_their_animal(make_pilot, tmp_path, library, size):
    pilot, data_dir = class_overview(make_pilot, tmp_path, library, size, pupils=36)
    scene = pilot.scene
    pupils = scene.overview.pupils
    assert len(pupils) == 36
    shown = names_on_screen(scene)
    assert set(shown) == {row.pupil_id for row in pupils}, "every pupil on the one screen"
    assert not any(w.name.endswith("-pupils") for w in scene.widgets), "no paging needed"
    for row in pupils:
        assert shown[row.pupil_id].label == row.name and shown[row.pupil_id].animal is not None
        for key in ("safe", "meeting", "accepting", "reliable", "tell"):
            assert scene.widget(f"cell-{row.pupil_id}-{key}").visible
    problems = layout_problems(scene, size)
    assert not problems, "; ".join(problems)
    assert [key for key, _words in scene.widget("legend").ITEMS] == [
        "not started", "tried", "done", "right first time", "help", "worry"], "every mark explained"
    last = pupils[-1]  # the pupil the old 16-row grid could never reach: opened, with rename and erase
    pilot.tap_widget(f"name-{last.pupil_id}")
    assert pilot.scene.name == "pupil" and pilot.scene.pupil_name == last.name
    assert {"rename", "erase"} <= {w.name for w in pilot.scene.widgets}


def test_a_class_too_big_for_one_screen_says_so_and_pages(make_pilot, tmp_path, library):
    pilot, data_dir = class_overview(make_pilot, tmp_path, library, (1280, 800), pupils=45)
    scene = pilot.scene
    first = names_on_screen(scene)
    assert 36 <= len(first) < 45
    title = scene.widget("overview-title").text
    assert re.search(rf"pupils 1–{len(first)} of 45", title), title
    assert not any(w.name == "previous-pupils" for w in scene.widgets)
    pilot.tap_widget("next-pupils")
    second = names_on_screen(pilot.scene)
    assert set(first) | set(second) == {row.pupil_id for row in scene.overview.pupils}
    assert f"pupils {len(first) + 1}–45 of 45" in pilot.scene.widget("overview-title").text
    assert not layout_problems(pilot.scene, (1280, 800))


def test_time_spent_and_dates_come_from_the_attempts(tmp_path, library):
    store = ProgressStore(tmp_path / STORE_FILE)
    class_id = store.add_class("Owls")
    bo = store.add_pupil(class_id, "Bo", "owl")
    lesson = library.for_letter("safe")[0]
    store.start_attempt("a", lesson.id, "safe", pupil_id=bo, class_id=class_id, at="2026-09-07T10:00:00.000+00:00")
    store.record_answer("a", "q", "x", True, 1, 4.0, at="2026-09-07T10:02:00.000+00:00")
    store.finish_attempt("a", 3, at="2026-09-07T10:05:00.000+00:00")
    # never finished: counted to its last answer; and a lesson no longer loaded keeps its id
    store.start_attempt("b", "gone-lesson", "tell", pupil_id=bo, class_id=class_id, at="2026-10-01T11:00:00.000+00:00")
    store.record_answer("b", "q", "some-answer", False, 1, 4.0, at="2026-10-01T11:03:00.000+00:00")
    store.record_answer("b", "q", "some-answer", False, 2, 9.0, at="2026-10-01T11:03:30.000+00:00")
    # left open on a tablet for hours: counts for at most half an hour
    store.start_attempt("c", lesson.id, "safe", pupil_id=bo, class_id=class_id, at="2026-10-02T09:00:00.000+00:00")
    store.record_answer("c", "q", "x", True, 1, 4.0, at="2026-10-02T15:00:00.000+00:00")
    row = build_overview(store, class_id, "Owls", library).pupils[0]
    assert row.seconds == pytest.approx(300 + 210 + 1800, abs=0.01)
    assert row.first_played.startswith("2026-09-07T10:00") and row.last_played.startswith("2026-10-02T15:00")
    assert any("some-answer" in text and "gone-lesson" in text for text in row.needs_help)
    assert duration_text(row.seconds) == "38 min" and duration_text(3900) == "1 h 05 min"


def test_the_report_has_a_page_for_the_class_and_each_pupil_in_words_with_dates(tmp_path, library):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    class_id = fill_demo_class(data_dir, library, CLASS, pupils=30)
    with ProgressStore(data_dir / STORE_FILE) as store:
        overview = build_overview(store, class_id, CLASS, library)
    path = write_report(overview, data_dir / "reports", today=dt.date(2026, 12, 4))
    assert path.name == "report-Robins-1B-2026-12-04.html", "a safe file name from the class name"
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o600, "readable only by the teacher's account"
    page = path.read_text(encoding="utf-8")
    assert page.count('<section class="page"') == 2 + 30, "the class, its questions, then one page per pupil"
    assert "break-after:page" in page and "page-break-after:always" in page and "@media print" in page
    for row in overview.pupils:
        assert f'id="pupil-{row.pupil_id}"><h1>{row.name}</h1>' in page
    assert "First played " in page and "time spent in lessons" in page and "Time spent" in page
    assert re.search(r"<td>\d+ (Sep|Oct|Nov|Dec) 2026 to \d+ \w+ 2026</td>", page), "first and last played"
    # The words the children saw, never the lesson file's ids.
    for title, question, answer, _times in overview.misconceptions[:10]:
        assert f"<td>{answer}</td>".replace("'", "&#x27;").replace('"', "&quot;") in page
    answer_ids = {a.id for lesson in library.lessons for scene in lesson.scenes for a in getattr(scene, "answers", ())}
    cells = set(re.findall(r"<td>([a-z0-9]+(?:-[a-z0-9]+)+)</td>", page))
    assert not cells & answer_ids, f"ids in the report: {cells & answer_ids}"
    # Grey print: each status has its own shape, not only a colour.
    assert all(symbol in page for symbol in "○◐●★")


def test_pupils_sort_as_a_register_does():
    names = ["Zoë", "Łucja", "Élodie", "Eilidh", "Leo", "amira"]
    assert sorted(names, key=name_order) == ["amira", "Eilidh", "Élodie", "Leo", "Łucja", "Zoë"]


def test_opening_uses_the_systems_own_opener(tmp_path, monkeypatch):
    import subprocess
    import sys
    from pathlib import Path

    import game.engine.opener

    assert open_command(Path("/r/a.html"), "linux") == ["xdg-open", "/r/a.html"]
    assert open_command(Path("/r/a.html"), "darwin") == ["open", "/r/a.html"]
    assert open_command(Path("/r/a.html"), "win32") is None  # os.startfile
    with pytest.raises(OSError, match="not there"):
        game.engine.opener.open_path(tmp_path / "gone.html")
    if sys.platform.startswith("win"):
        return
    report = tmp_path / "report.html"
    report.write_text("<p>hi</p>")
    with pytest.raises(OSError, match="no screen"):  # tests, the tour and the monkey never launch anything
        game.engine.opener.open_path(report)
    monkeypatch.setattr(game.engine.opener, "headless", lambda: False)
    ran = []

    def fake_run(command, **kwargs):  # nothing is really launched
        ran.append(command)
        return subprocess.CompletedProcess(command, 4, b"", b"xdg-open: no method available for opening it")

    monkeypatch.setattr(subprocess, "run", fake_run)
    with pytest.raises(OSError, match="no method available"):
        game.engine.opener.open_path(report)
    assert ran == [open_command(report)]


def test_saving_the_report_says_where_and_offers_to_open_it(make_pilot, tmp_path, library, monkeypatch):
    import game.engine.opener

    asked = []

    def fake_open(path):
        asked.append(path)
        if path.is_dir():
            raise OSError("no file manager here")

    monkeypatch.setattr(game.engine.opener, "open_path", fake_open)  # nothing is really launched in a test
    pilot, data_dir = class_overview(make_pilot, tmp_path, library, (1280, 800), pupils=30)
    assert pilot.scene.widget("report").label == "Save report"
    pilot.tap_widget("report")
    pilot.wait_until(lambda: pilot.scene.name == "report-saved", timeout=10)
    report = pilot.scene.report
    assert report.parent == data_dir / "reports" and report.exists()
    assert str(report) in pilot.scene.widget("where").text
    pilot.tap_widget("open-report")
    pilot.wait_until(lambda: "Asked the computer to open" in getattr(pilot.scene.widget("open-message"), "text", ""))
    assert asked == [report]
    pilot.tap_widget("open-folder")
    pilot.wait_until(lambda: "Could not open" in pilot.scene.widget("open-message").text)
    assert asked == [report, report.parent]
    assert "no file manager here" in pilot.scene.widget("open-message").text, "a failure is said, never a crash"


def test_on_a_narrow_window_the_overviews_buttons_never_cover_back(make_pilot, tmp_path):
    """At 512x513 a class of four's five buttons ran over "back": a teacher's tap on back opened the
    questions instead (the monkey found it)."""
    from game.engine.settings import Settings
    from game.progress.store import STORE_FILE, ProgressStore
    from game.classroom.teacher_pin import TeacherPin
    from game.authoring.tour import TOUR_PIN, visit_class_overview

    data_dir = tmp_path / "data"
    with ProgressStore(data_dir / STORE_FILE) as store:
        robins = store.add_class("Robins")
        for name, animal in [("Ada", "owl"), ("Ben", "fox"), ("Cleo", "panda"), ("Dev", "cat")]:
            store.add_pupil(robins, name, animal)
    Settings(class_name="Robins", whole_class=True).save(data_dir)
    TeacherPin(data_dir).set(TOUR_PIN)
    pilot = make_pilot(size=(512, 513), data_dir=data_dir)
    assert next(visit_class_overview(pilot)) == "teacher-overview"
    back = pilot.scene.widget("back").rect
    buttons = [w for w in pilot.scene.widgets if w.name in ("questions", "add-pupil", "access", "language", "report")]
    assert len(buttons) == 5 and not any(w.rect.colliderect(back) for w in buttons), [(w.name, w.rect) for w in buttons]
    pilot.tap(back.center)
    assert pilot.scene.name == "teacher"
