"""Faults a classroom meets: a read-only or full data folder, a missing font or picture, a window
turned to portrait mid-question. Each time the game carries on (a child can finish the lesson),
tells the teacher (the home screen's notice and teacher mode), and loses nothing.

Audio-device and speech-engine failures are in test_narration.py; a SIGKILL mid-write in
test_recording.py. All of these drive the real game through the pilot.
"""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import subprocess
import tempfile
import time
from pathlib import Path

import pygame
import pytest

from game.engine.app import App, Options
from game.progress.held import HeldProgress
from game.speech.narration import QuietNarrator
from game.engine.pilot import Pilot
from game.engine.settings import SETTINGS_FILE
from game.progress.store import STORE_FILE, ProgressStore
from game.classroom.teacher_pin import PIN_FILE
from game.authoring.tour import solve_scene
from tests.helpers import enter_teacher_mode, play_a_lesson, write_tiny_lessons
from tests.test_pictures import write_own_pictures_lesson


@pytest.fixture(autouse=True)
def quick_retries(monkeypatch):
    """Failed writes are retried every 2 s in the game; 50 ms here."""
    monkeypatch.setattr("game.progress.service.RETRY_SECONDS", 0.05)
    monkeypatch.setattr("game.engine.context.SETTINGS_RETRY_SECONDS", 0.05)


def notice(pilot: Pilot) -> str:
    """The home screen's note for the teacher ('' if there is none)."""
    pilot.frames(1)
    names = [widget.name for widget in pilot.scene.widgets]
    return pilot.scene.widget("notice").text if "notice" in names else ""


def stored_answers(data_dir: Path, skip_attempt: str = "") -> list[tuple[str, str]]:
    with ProgressStore(data_dir / STORE_FILE) as store:
        return [(row["scene_id"], row["answer_id"]) for row in store.answer_rows() if row["attempt_id"] != skip_attempt]


# -- a full disk: a real SQLite "database or disk is full" ------------------------------------------


class FullDatabase:
    """SQLite's own disk-full condition, without filling a real disk.

    Every connection the game opens is capped (``PRAGMA max_page_count``) at the pages the file
    already has, and the file is first packed full of tiny filler rows, so the next answer cannot
    fit: SQLite then fails it with SQLITE_FULL, "database or disk is full", exactly as on a full
    disk. Setting ``full = False`` is the teacher freeing space: new connections are not capped.
    """

    FILLER = "filler"

    def __init__(self, monkeypatch) -> None:
        self.full = True
        real_init = ProgressStore.__init__

        def capped(store: ProgressStore, path: Path) -> None:
            real_init(store, path)
            if self.full:
                pages = store.db.execute("PRAGMA page_count").fetchone()[0]
                store.db.execute(f"PRAGMA max_page_count={pages}")

        monkeypatch.setattr(ProgressStore, "__init__", capped)

    def pack(self, path: Path) -> None:
        with ProgressStore(path) as store:
            store.start_attempt(self.FILLER, "f", "f", at="x")
            for statement, make in (
                ("INSERT INTO answers(attempt_id, scene_id, answer_id, right, try_number, seconds, at) "
                 "VALUES (?, 's', 'a', 0, 1, 0, 'x')", lambda n: (self.FILLER,)),
                ("INSERT INTO attempts(id, lesson_id, letter, started) VALUES (?, 'f', 'f', 'x')", lambda n: (f"{n}",)),
            ):
                with pytest.raises(sqlite3.OperationalError, match="database or disk is full"):
                    for n in range(1_000_000):
                        store.db.execute(statement, make(n))


def test_a_full_disk_loses_no_answer_and_the_teacher_is_told(make_pilot, tmp_path, monkeypatch):
    data_dir = tmp_path / "data"
    disk = FullDatabase(monkeypatch)
    disk.pack(data_dir / STORE_FILE)

    pilot = make_pilot(data_dir=data_dir)
    lesson, given = play_a_lesson(pilot, "tell")
    recorder = pilot.app.ctx.recorder
    assert recorder.flush()
    assert "database or disk is full" in (recorder.problem or "")
    assert recorder.recorded == 0 and stored_answers(data_dir, disk.FILLER) == [], "nothing fitted on the disk"

    pilot.tap_widget("home")
    assert "Progress is not being saved (database or disk is full)" in notice(pilot)
    enter_teacher_mode(pilot)
    assert "Progress is not being saved (database or disk is full)" in pilot.scene.widget("problem").text

    disk.full = False  # the teacher frees some space
    pilot.wait_until(lambda: recorder.recorded == len(given) and recorder.problem is None, timeout=10)
    assert recorder.flush()  # the attempt's end is written after its last answer
    assert stored_answers(data_dir, disk.FILLER) == given, "every answer, in order, once space returned"
    with ProgressStore(data_dir / STORE_FILE) as store:
        finished = store.db.execute("SELECT finished, stars FROM attempts WHERE lesson_id = ?", (lesson.id,)).fetchall()
    assert len(finished) == 1 and finished[0][0] and finished[0][1] >= 1
    pilot.tap_widget("back-to-game")
    assert notice(pilot) == "", "the note goes once everything is saved"


# -- a read-only data folder ------------------------------------------------------------------------


class ReadOnlyFolder:
    """Make a folder and the files already in it read-only, as really as this machine allows; ``how``
    says which way was used.

    - not root: chmod 0o555, a real read-only folder;
    - root ignores permission bits, so: chattr +i (immutable: nobody, root included, may add a file);
    - root where chattr is not possible (e.g. overlayfs in a container): SIMULATED. SQLite is opened
      read-only (its own ``mode=ro``, which fails as a read-only folder does) and creating a file in
      the folder raises OSError(EROFS).
    """

    def __init__(self, folder: Path, monkeypatch) -> None:
        self.folder = folder
        self.monkeypatch = monkeypatch
        # An open SQLite store keeps writing to its files (WAL) in a folder nobody may add a file to.
        self.files = sorted(path for path in folder.iterdir() if path.is_file())
        if not hasattr(os, "geteuid") or os.geteuid() != 0:
            for path in [folder, *self.files]:
                os.chmod(path, 0o555 if path == folder else 0o444)
            self.how = "chmod 0o555 (a real read-only folder)"
            self._undo = lambda: [os.chmod(path, 0o755 if path == folder else 0o644) for path in [folder, *self.files]]
        elif self._chattr("+i") and not self._writable():
            self.how = "chattr +i (running as root: an immutable folder, read-only even for root)"
            self._undo = lambda: self._chattr("-i")
        else:
            self._chattr("-i")
            self._simulate()
            self.how = "SIMULATED (running as root without chattr): SQLite opened mode=ro, file creation raises EROFS"

    def _chattr(self, flag: str) -> bool:
        try:
            paths = [str(path) for path in [self.folder, *self.files]]
            return subprocess.run(["chattr", flag, *paths], capture_output=True).returncode == 0
        except OSError:
            return False

    def _writable(self) -> bool:
        try:
            (self.folder / ".probe").touch()
        except OSError:
            return False
        (self.folder / ".probe").unlink()
        return True

    def _simulate(self) -> None:
        self.simulated = True
        real_connect, real_mkstemp = sqlite3.connect, tempfile.mkstemp

        def connect(database, *args, **kwargs):
            if getattr(self, "simulated", False) and Path(database).parent == self.folder:
                kwargs["uri"] = True
                return real_connect(f"file:{database}?mode=ro", *args, **kwargs)
            return real_connect(database, *args, **kwargs)

        def mkstemp(*args, dir=None, **kwargs):
            if getattr(self, "simulated", False) and dir is not None and Path(dir) == self.folder:
                raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(dir))
            return real_mkstemp(*args, dir=dir, **kwargs)

        self.monkeypatch.setattr("game.progress.store.sqlite3.connect", connect)
        self.monkeypatch.setattr(tempfile, "mkstemp", mkstemp)
        self._undo = lambda: setattr(self, "simulated", False)

    def undo(self) -> None:
        self._undo()


@pytest.fixture
def read_only(monkeypatch):
    made = []

    def make(folder: Path) -> ReadOnlyFolder:
        made.append(ReadOnlyFolder(folder, monkeypatch))
        return made[-1]

    yield make
    for folder in made:
        folder.undo()


def test_a_read_only_data_folder_keeps_play_going_tells_the_teacher_and_loses_nothing(make_pilot, tmp_path,
                                                                                       read_only):
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    folder = read_only(data_dir)
    print("read-only by:", folder.how)

    pilot = make_pilot(data_dir=data_dir)
    ctx = pilot.app.ctx
    lesson, given = play_a_lesson(pilot, "safe")
    assert ctx.recorder.flush()
    assert "progress is not being saved" in (ctx.recorder.problem or ""), folder.how

    pilot.tap_widget("home")
    enter_teacher_mode(pilot)  # choosing a PIN must not crash when it cannot be saved
    problem = pilot.scene.widget("problem").text
    assert "Progress is not being saved" in problem and "The teacher PIN is not being saved" in problem, problem
    pilot.tap_widget("new-class")  # a change to the class list cannot be saved: said, not crashed
    for key in "OWLS":
        pilot.tap_widget(f"key-{key}")
    pilot.tap_widget("key-ok")
    pilot.wait_until(lambda: pilot.scene.name == "teacher" and any(  # told once the write has failed
        widget.name == "message" and "Not saved" in widget.text for widget in pilot.scene.widgets))
    pilot.tap_widget("whole-class")  # a setting changed while the folder is read-only
    pilot.wait_until(lambda: ctx.settings_problem is not None)
    pilot.tap_widget("back-to-game")
    assert "Settings are not being saved" in notice(pilot)

    folder.undo()  # the folder can be written again
    pilot.wait_until(lambda: ctx.recorder.recorded == len(given) and ctx.recorder.problem is None, timeout=10)
    pilot.wait_until(lambda: ctx.settings_problem is None, timeout=10)
    assert stored_answers(data_dir) == given, f"every answer kept, then saved ({folder.how})"
    assert json.loads((data_dir / SETTINGS_FILE).read_text(encoding="utf-8"))["whole_class"] is True
    assert not (data_dir / PIN_FILE).exists()
    enter_teacher_mode(pilot, first_use=False)  # the same PIN still opens teacher mode, and is saved now
    assert (data_dir / PIN_FILE).exists() and ctx.pin_problem is None
    assert "problem" not in [widget.name for widget in pilot.scene.widgets]


def test_answers_made_while_the_folder_is_read_only_outlive_closing_the_game(make_pilot, tmp_path, read_only,
                                                                              cache_dir):
    """The game is closed (or the battery runs out) before the folder can be written again: the answers
    were held in the cache folder meanwhile, and the next start writes them to the store."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    folder = read_only(data_dir)
    pilot = make_pilot(data_dir=data_dir)
    recorder = pilot.app.ctx.recorder
    lesson, given = play_a_lesson(pilot, "reliable")
    assert recorder.flush()
    assert f"it is kept in {cache_dir}" in (recorder.problem or ""), recorder.problem
    held = HeldProgress(data_dir / STORE_FILE, [cache_dir]).places[0]
    assert held.read_text(encoding="utf-8").count('"command": "RecordAnswer"') == len(given), "held in the cache folder"
    pilot.tap_widget("home")
    assert f"it is kept in {cache_dir}" in notice(pilot), "the teacher is told where"
    pilot.app.close()  # closed with nothing in the store

    folder.undo()
    if (data_dir / STORE_FILE).exists():
        assert stored_answers(data_dir) == [], "nothing reached the store while the folder was read-only"
    again = make_pilot(data_dir=data_dir)
    recorder = again.app.ctx.recorder
    again.wait_until(lambda: recorder.recorded == len(given), timeout=10)
    assert recorder.flush() and recorder.problem is None
    assert stored_answers(data_dir) == given, f"every answer, in order, after the next start ({folder.how})"
    with ProgressStore(data_dir / STORE_FILE) as store:
        stars = store.db.execute("SELECT stars FROM attempts WHERE lesson_id = ?", (lesson.id,)).fetchall()
    assert len(stars) == 1 and stars[0][0] >= 1, "the finished lesson and its stars too"
    assert not held.exists(), "nothing is held once it is all in the store"


def test_erasing_a_pupil_on_a_read_only_folder_says_so_and_erases_nothing(make_pilot, tmp_path, read_only):
    """The erase is written off the frame loop; when it cannot be, the teacher is told and nothing goes."""
    from game.lessons.library import BUILTIN_LESSONS_DIR, LessonLibrary
    from game.lessons.loader import LessonLoader
    from game.lessons.pictures import PictureCatalog
    from game.engine.settings import Settings
    from tests.test_overview import fill

    data_dir = tmp_path / "data"
    library = LessonLibrary.load(LessonLoader(PictureCatalog()), [BUILTIN_LESSONS_DIR])
    with ProgressStore(data_dir / STORE_FILE) as store:
        fill(store, library)
        answers_before = store.db.execute("SELECT COUNT(*) FROM answers").fetchone()[0]
    Settings(class_name="Robins", whole_class=True).save(data_dir)
    pilot = make_pilot(data_dir=data_dir)
    enter_teacher_mode(pilot)
    pilot.tap_widget("overview")
    pilot.wait_until(lambda: any(w.name.startswith("name-") for w in pilot.scene.widgets))
    sam = next(w for w in pilot.scene.widgets if w.name.startswith("name-") and w.label == "Sam")
    pilot.tap_widget(sam.name)
    pilot.wait_until(lambda: "to try again" in pilot.scene.widget("timeline").text)
    folder = read_only(data_dir)
    print("read-only by:", folder.how)
    pilot.tap_widget("erase")
    pilot.tap_widget("yes")
    pilot.wait_until(lambda: "Not erased" in pilot.scene.widget("timeline").text)
    assert pilot.scene.name == "pupil", "still on Sam's page: nothing was erased, and it says so"
    folder.undo()
    with ProgressStore(data_dir / STORE_FILE) as store:
        assert "Sam" in {name for _, name, _ in store.pupils(store.class_id("Robins"))}
        assert store.db.execute("SELECT COUNT(*) FROM answers").fetchone()[0] == answers_before
    pilot.tap_widget("erase")  # the folder can be written again: now it is erased
    pilot.tap_widget("yes")
    pilot.wait_until(lambda: pilot.scene.name == "teacher")
    with ProgressStore(data_dir / STORE_FILE) as store:
        assert "Sam" not in {name for _, name, _ in store.pupils(store.class_id("Robins"))}


def test_settings_kept_through_a_full_disk(make_pilot, tmp_path, monkeypatch):
    """ENOSPC while writing settings.json: the change stays in force, the teacher is told, and it is written
    (with the latest values) once there is space."""
    pilot = make_pilot(data_dir=tmp_path / "data")
    ctx = pilot.app.ctx
    real_fsync = os.fsync
    disk_full = True

    def fsync(fd):
        if disk_full:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_fsync(fd)

    monkeypatch.setattr("game.engine.settings.os.fsync", fsync)
    enter_teacher_mode(pilot)
    pilot.tap_widget("whole-class")
    pilot.wait_until(lambda: ctx.settings_problem is not None)
    assert "No space left on device" in ctx.settings_problem
    assert not list((tmp_path / "data").glob(".settings-*")), "no half-written file is left behind"
    assert ctx.settings.whole_class, "the change is in force meanwhile"
    pilot.tap_widget("back-to-game")
    assert "Settings are not being saved (No space left on device)" in notice(pilot)
    disk_full = False
    pilot.wait_until(lambda: ctx.settings_problem is None, timeout=10)
    assert json.loads((tmp_path / "data" / SETTINGS_FILE).read_text(encoding="utf-8"))["whole_class"] is True


def test_the_certificate_waits_for_space_on_the_disk(make_pilot, tmp_path, monkeypatch):
    from game.lessons.letters import LETTERS

    root = write_tiny_lessons(tmp_path / "lessons")
    pilot = make_pilot(lesson_dirs=[root], data_dir=tmp_path / "data")
    for item in LETTERS:
        pilot.tap_widget(f"letter-{item.key}")
        pilot.tap_widget(f"lesson-{item.key}-tiny")
        pilot.tap_widget("next")
        pilot.tap_widget("home")
    pilot.tap_widget("certificate")

    real_fsync = os.fsync
    disk_full = True
    certificates = tmp_path / "data" / "certificates"

    def fsync(descriptor: int) -> None:
        """The disk fills up while a certificate is written: what was written does not all fit."""
        if disk_full and certificates.is_dir() and os.fstat(descriptor).st_ino in {
                path.stat().st_ino for path in certificates.iterdir()}:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", fsync)
    pilot.tap_widget("save")
    pilot.wait_until(lambda: pilot.scene.status and pilot.scene.status != "Saving…")
    pilot.frames(2)
    assert "Could not save" in pilot.scene.widget("save-status").text
    assert "No space left on device" in pilot.scene.widget("save-status").text
    assert not [p.name for p in (tmp_path / "data" / "certificates").iterdir() if p.suffix == ".pdf"
                and ".part" not in p.name], "no broken certificate is left looking finished"
    disk_full = False
    pilot.tap_widget("save")  # the button is still there: nothing is lost
    pilot.wait_until(lambda: pilot.scene.saved)
    png, pdf = pilot.scene.saved
    assert png.is_file() and pdf.read_bytes().rstrip().endswith(b"%%EOF")


# -- a missing font or picture -------------------------------------------------------------------


def start(tmp_path, cache_dir: Path, **options) -> Pilot:
    options.setdefault("data_dir", tmp_path / "data")
    app = App.create(Options(fullscreen=False, size=(1280, 800), cache_dir=cache_dir, **options),
                     narrator=QuietNarrator())
    pilot = Pilot(app)
    pilot.frames(1)
    return pilot


def test_a_missing_font_falls_back_to_a_plain_one(tmp_path, monkeypatch):
    """fontpkg_fredoka's files gone (a broken install) and nothing cut yet: pygame's own font, and a note."""
    monkeypatch.setattr("game.frame.fonts.variable_font_path", lambda: tmp_path / "gone" / "Fredoka.ttf")
    pilot = start(tmp_path, tmp_path / "cache")
    try:
        fonts = pilot.app.ctx.text.fonts
        assert fonts.path is None, "pygame's default font"
        play_a_lesson(pilot, "meeting")
        pilot.tap_widget("home")
        assert "The Fredoka font is missing or damaged" in notice(pilot)
        enter_teacher_mode(pilot)
        assert "The Fredoka font is missing or damaged" in pilot.scene.widget("problem").text
    finally:
        pilot.app.close()


def test_a_damaged_font_cache_is_cut_again(tmp_path):
    cache = tmp_path / "cache"
    first = start(tmp_path, cache)
    first.app.close()
    [cut] = cache.glob("Fredoka-*.ttf")
    cut.write_bytes(b"not a font" * 100)  # e.g. a disk error, or a copy interrupted
    pilot = start(tmp_path, cache)
    try:
        assert pilot.app.ctx.text.fonts.path == cut and pilot.app.ctx.text.fonts.problem is None
        assert cut.read_bytes()[:4] in (b"\x00\x01\x00\x00", b"true", b"OTTO"), "a real font again"
        play_a_lesson(pilot, "meeting")
    finally:
        pilot.app.close()


def test_pictures_that_disappear_after_loading_show_a_frame_and_play_goes_on(make_pilot, tmp_path, monkeypatch):
    """A school picture deleted, and an OpenMoji gone (a broken install), after the lessons loaded."""
    from game.lessons import pictures

    openmoji = tmp_path / "openmoji"  # a private OpenMoji folder, so one emoji can go missing safely
    openmoji.mkdir()
    real = pictures.default_openmoji_dir()
    for svg in real.iterdir():
        (openmoji / svg.name).symlink_to(svg)
    monkeypatch.setattr(pictures, "default_openmoji_dir", lambda: openmoji)
    lessons = write_own_pictures_lesson(tmp_path / "lessons" / "safe")

    pilot = make_pilot(lesson_dirs=[lessons.parent], data_dir=tmp_path / "data")
    lesson = pilot.app.ctx.library.by_id("own-pictures")  # waits for the lessons to load
    assert lesson is not None
    (lessons / "our-school.png").unlink()
    dog = pilot.app.ctx.catalog.emoji_svg("🐶")
    dog.unlink()
    play_a_lesson(pilot, "safe")
    missing = {path.name for path in pilot.app.ctx.pictures.missing}
    assert {"our-school.png", dog.name} <= missing
    pilot.tap_widget("home")
    assert "Some pictures are missing" in notice(pilot) and "our-school.png" in notice(pilot)


# -- the window turned to portrait mid-question, mid-drag -------------------------------------------


def lesson_with(pilot: Pilot, kind: str):
    for lesson in pilot.app.ctx.library.lessons:
        for index, scene in enumerate(lesson.scenes):
            if scene.kind == kind:
                return lesson, index
    raise AssertionError(f"no built-in lesson has a {kind} scene")


def open_scene(pilot: Pilot, lesson, index: int) -> None:
    pilot.tap_widget(f"letter-{lesson.letter}")
    pilot.tap_widget(f"lesson-{lesson.id}")
    for _ in range(index):
        for _ in solve_scene(pilot, lesson.scenes[pilot.scene.index]):
            pass
        pilot.tap_widget("next")
    assert pilot.scene.index == index


def finish_lesson(pilot: Pilot, lesson) -> None:
    while pilot.scene.name == "player":
        for _ in solve_scene(pilot, lesson.scenes[pilot.scene.index]):
            pass
        pilot.tap_widget("next")
    assert pilot.scene.name == "reward"


def test_turned_to_portrait_mid_question_keeps_the_tries_and_the_feedback(make_pilot, tmp_path):
    pilot = make_pilot(data_dir=tmp_path / "data")
    lesson, index = lesson_with(pilot, "choose")
    open_scene(pilot, lesson, index)
    scene = lesson.scenes[index]
    wrong = next(answer for answer in scene.answers if not answer.right)
    pilot.tap_widget(f"answer-{wrong.id}")
    tries = list(pilot.scene.record.tries)
    pilot.resize((800, 1280))  # the tablet turned on its side, feedback showing
    assert pilot.app.size() == (800, 1280)
    assert pilot.scene.index == index and pilot.scene.record.tries == tries
    from test_layout import layout_problems

    assert not layout_problems(pilot.scene, (800, 1280))
    right = next(answer for answer in scene.answers if answer.right)
    pilot.tap_widget(f"answer-{right.id}")
    assert pilot.scene.record.tries == tries + [right.id]
    pilot.tap_widget("next")
    finish_lesson(pilot, lesson)


@pytest.mark.parametrize("mouse", [False, True], ids=["finger", "mouse"])
def test_turned_to_portrait_mid_drag_drops_nothing_and_play_goes_on(make_pilot, tmp_path, mouse):
    pilot = make_pilot(data_dir=tmp_path / "data")
    lesson, index = lesson_with(pilot, "sort")
    open_scene(pilot, lesson, index)
    item = lesson.scenes[index].items[0]
    start_pos = pilot.centre_of(f"item-{item.id}")
    moved = (start_pos[0] + 60, start_pos[1] - 40)
    if mouse:
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, pos=start_pos, button=1, touch=False,
                                             window=None))
        pilot.frames(1)
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=moved, rel=(0, 0), buttons=(1, 0, 0),
                                             touch=False, window=None))
        pilot.frames(1)
    else:
        finger = pilot.finger_down(start_pos)
        pilot.frames(1)
        pilot.finger_move(moved, finger)
        pilot.frames(1)
    pilot.resize((800, 1280))  # turned while the picture is in the child's hand
    end = (400, 700)
    if mouse:
        pygame.event.post(pygame.event.Event(pygame.MOUSEMOTION, pos=end, rel=(0, 0), buttons=(1, 0, 0),
                                             touch=False, window=None))
        pilot.frames(1)
        pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, pos=end, button=1, touch=False, window=None))
    else:
        pilot.finger_move(end, finger)
        pilot.frames(1)
        pilot.finger_up(end, finger)
    pilot.frames(2)
    assert pilot.scene.name == "player" and pilot.scene.index == index
    from test_layout import layout_problems

    assert not layout_problems(pilot.scene, (800, 1280)), "nothing left stranded off-screen or on top of another"
    finish_lesson(pilot, lesson)  # every item can still be sorted


def test_rotating_back_and_forth_during_a_lesson(make_pilot, tmp_path):
    pilot = make_pilot(data_dir=tmp_path / "data")
    lesson = pilot.app.ctx.library.for_letter("reliable")[0]
    pilot.tap_widget("letter-reliable")
    pilot.tap_widget(f"lesson-{lesson.id}")
    sizes = [(800, 1280), (1280, 800), (600, 1000), (1920, 1080)]
    turn = 0
    while pilot.scene.name == "player":
        pilot.resize(sizes[turn % len(sizes)])
        turn += 1
        for _ in solve_scene(pilot, lesson.scenes[pilot.scene.index]):
            pilot.resize(sizes[turn % len(sizes)])
            turn += 1
        pilot.tap_widget("next")
    assert pilot.scene.name == "reward"



def test_a_font_cut_nobody_has_used_for_long_is_cleared_away(tmp_path):
    """Cuts of a font since updated (or by an older game) go once unused for UNUSED_DAYS; recent ones stay."""
    from game.frame.fonts import UNUSED_DAYS, semibold_font_path

    cache = tmp_path / "cache"
    cache.mkdir()
    long_ago = time.time() - (UNUSED_DAYS + 1) * 86400
    stale = cache / "Fredoka-600-1000000000.ttf"  # an older game's name for its cut
    stale_too = cache / "Fredoka-SemiBold600-0123456789abcdef.ttf"
    for old in (stale, stale_too):
        old.write_bytes(b"a cut of a font since updated")
        os.utime(old, (long_ago, long_ago))
    in_use = cache / "Fredoka-SemiBold600-fedcba9876543210.ttf"  # another install, another font, still playing
    in_use.write_bytes(b"another install's cut")
    other = cache / "emoji-names.json"
    other.write_text("{}", encoding="utf-8")
    cut = semibold_font_path(cache)
    assert cut is not None and cut.is_file() and cut not in (stale, stale_too, in_use)
    assert not stale.exists() and not stale_too.exists(), "unused for months: cleared"
    assert in_use.exists() and other.exists(), "only old cuts of the font go"
    os.utime(cut, (long_ago, long_ago))  # cut long ago, and still used today: marked as used
    assert semibold_font_path(cache) == cut and time.time() - cut.stat().st_mtime < 60


def test_two_installs_sharing_a_cache_share_one_cut(tmp_path, monkeypatch):
    """Two copies of the game (say, two virtual environments) with the same font use one cut, and neither
    deletes it: before, each named its cut by its own copy's date and cleared the other's, every start."""
    import game.frame.fonts as fonts

    real = fonts.variable_font_path()
    installs = []
    for number, when in enumerate((1_600_000_000, 1_700_000_000)):
        copy = tmp_path / f"install-{number}" / fonts.FAMILY_FILE
        copy.parent.mkdir()
        copy.write_bytes(real.read_bytes())
        os.utime(copy, (when, when))  # installed on different days
        installs.append(copy)
    cache = tmp_path / "cache"
    cuts = []
    for source in installs + installs:  # each starts twice, in turn
        monkeypatch.setattr(fonts, "variable_font_path", lambda source=source: source)
        cuts.append(fonts.semibold_font_path(cache))
    assert cuts[0] is not None and set(cuts) == {cuts[0]}, "one cut for the same font"
    assert list(cache.glob("Fredoka-*.ttf")) == [cuts[0]]
    made = cuts[0].stat().st_ino
    monkeypatch.setattr(fonts, "variable_font_path", lambda: installs[0])
    assert fonts.semibold_font_path(cache).stat().st_ino == made, "not cut again"
    updated = tmp_path / "install-2" / fonts.FAMILY_FILE  # a font update: its own cut, the other kept
    updated.parent.mkdir()
    updated.write_bytes(real.read_bytes() + b"\0" * 4)
    monkeypatch.setattr(fonts, "variable_font_path", lambda: updated)
    newer = fonts.semibold_font_path(cache)
    assert newer is not None and newer != cuts[0] and cuts[0].exists()
