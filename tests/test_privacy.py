"""Children's data on a shared machine: exports a spreadsheet will not run, files only the teacher's
account can read, held progress nobody else can plant, and file names a class name cannot steer.

(Issue 15, points 2 (export side), 4, 6 and 7's file names.) Another account is played by uid 65534
("nobody"): the tests that need to hand a file to it run only as root, which may chown.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import stat
import time
from pathlib import Path

import pytest

from game.cli import main as play
from game.progress.export import PROGRESS_COLUMNS, write_csv_file
from game.progress.commands import FinishLesson
from game.progress.held import STALE_PART_SECONDS, HeldProgress, private_temp_folder
from game.lessons.library import BUILTIN_LESSONS_DIR, LessonLibrary
from game.lessons.loader import LessonLoader
from game.lessons.pictures import PictureCatalog
from game.progress.overview import build_overview, write_report
from game.engine.private_files import write_private
from game.progress.service import Recorder
from game.engine.settings import Settings
from game.progress.store import STORE_FILE, ProgressStore
from tests.helpers import play_a_lesson
from tests.helpers import enter_teacher_mode

POSIX = os.name == "posix"
posix_only = pytest.mark.skipif(not POSIX, reason="file modes and owners are POSIX's (Windows keeps its ACLs)")
as_root = pytest.mark.skipif(not POSIX or os.geteuid() != 0, reason="only root can make a file another user's")
SOMEONE_ELSE = 65534

# What a spreadsheet would run: each must come out of every CSV the game writes starting with a quote.
FORMULAS = ['=HYPERLINK("http://x","click")', "+cmd|' /c calc'!A0", "@SUM(1)", "-2+3"]


@pytest.fixture
def usual_umask():
    """Files are made as they would be on a teacher's machine, where the umask leaves them readable by all."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.lstat().st_mode)


def class_of_formulas(store: ProgressStore, class_name: str = "Robins") -> int:
    class_id = store.add_class(class_name)
    for number, name in enumerate(FORMULAS):
        pupil = store.add_pupil(class_id, name, ["owl", "fox", "cat", "panda"][number])
        store.start_attempt(f"a{number}", "safe-password", "safe", pupil_id=pupil, class_id=class_id)
        store.record_answer(f"a{number}", "q1", "tell-kofi", False, 1, 2.0)
        store.finish_attempt(f"a{number}", 1)
    return class_id


def cells(path: Path, column: str) -> list[str]:
    with path.open(newline="", encoding="utf-8") as file:
        return [row[column] for row in csv.DictReader(file)]


# -- CSV formula injection (point 2, the export side) -------------------------------------------------


def test_every_csv_the_command_line_writes_shows_a_formula_as_text(tmp_path, capsys, usual_umask):
    data_dir, out = tmp_path / "data", tmp_path / "exports"
    with ProgressStore(data_dir / STORE_FILE) as store:
        class_of_formulas(store)

    assert play(["export", "--data-dir", str(data_dir), "--class", "Robins", "--csv", str(out / "progress.csv"),
                 "--answers", str(out / "answers.csv")]) == 0
    assert play(["class", "Robins", "--export", str(out / "class.csv"), "--data-dir", str(data_dir)]) == 0
    capsys.readouterr()

    guarded = sorted("'" + name for name in FORMULAS)
    assert sorted(cells(out / "progress.csv", "pupil")) == guarded
    assert sorted(cells(out / "answers.csv", "pupil")) == guarded
    assert sorted(cells(out / "class.csv", "name")) == guarded
    assert sorted(cells(out / "answers.csv", "class")) == ["Robins"] * 4, "text that is not a formula is as it was"
    assert cells(out / "progress.csv", "best_stars") == ["1"] * 4, "numbers are numbers"
    if POSIX:  # the user chose where; the files are still only theirs
        assert {mode(path) for path in out.iterdir()} == {0o600}


def test_the_reports_csvs_are_guarded_and_its_page_escapes_names(tmp_path, usual_umask):
    """What teacher mode's "save report" writes: the HTML page, then the CSVs through write_csv_file."""
    library = LessonLibrary.load(LessonLoader(PictureCatalog()), [BUILTIN_LESSONS_DIR])
    folder = tmp_path / "data" / "reports"
    with ProgressStore(tmp_path / "data" / STORE_FILE) as store:
        class_id = class_of_formulas(store)
        store.add_pupil(class_id, "<script>alert('x')</script>", "cat")
        overview = build_overview(store, class_id, "Robins", library)
        page = write_report(overview, folder, dt.date(2026, 12, 7))
        write_csv_file(page.with_suffix(".csv"), store.class_progress_rows(class_id), PROGRESS_COLUMNS)
        write_csv_file(folder / "Robins.csv", ({"name": n, "avatar": a} for _, n, a in store.pupils(class_id)),
                       ["name", "avatar"])

    assert sorted(cells(page.with_suffix(".csv"), "pupil")) == sorted("'" + name for name in FORMULAS)
    assert sorted(cells(folder / "Robins.csv", "name")) == sorted(
        ["'" + name for name in FORMULAS] + ["<script>alert('x')</script>"])
    html = page.read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "=HYPERLINK(&quot;http://x&quot;,&quot;click&quot;)" in html, "in HTML a formula is only text"


# -- the data folder: 0700, every file in it 0600 (point 6) ------------------------------------------


def modes_under(folder: Path) -> dict[str, int]:
    found = {".": mode(folder)}
    for path in folder.rglob("*"):
        found[str(path.relative_to(folder))] = mode(path)
    return found


def not_private(folder: Path) -> dict[str, str]:
    return {name: oct(bits) for name, bits in modes_under(folder).items()
            if bits != (0o700 if (folder / name).is_dir() else 0o600)}


@posix_only
def test_after_a_day_in_class_every_file_in_the_data_folder_is_the_teachers_alone(make_pilot, tmp_path,
                                                                                   usual_umask):
    """Lessons played on the board, a pupil added, the report saved in teacher mode, a class list imported,
    a certificate saved and an export made: the data folder is 0700 and every file in it 0600, the
    SQLite -wal and -shm included (looked at while the game is still open, when they exist)."""
    from game.progress.export import import_class_lists
    from game.scenes.certificate import save_certificate

    data_dir = tmp_path / "data"
    Settings(class_name="../../escaped").save(data_dir)  # a class tablet
    with ProgressStore(data_dir / STORE_FILE) as store:
        class_of_formulas(store, "../../escaped")
    pilot = make_pilot(size=(1280, 800), data_dir=data_dir)
    assert pilot.scene.name == "pupils"
    pilot.tap_widget(next(w.name for w in pilot.scene.widgets if w.name.startswith("pupil-")))
    play_a_lesson(pilot, "safe")
    assert pilot.app.ctx.recorder.flush()
    pilot.tap_widget("home")
    enter_teacher_mode(pilot)
    pilot.tap_widget("overview")
    pilot.wait_until(lambda: any(w.name == "add-pupil" for w in pilot.scene.widgets))
    pilot.tap_widget("add-pupil")
    for key in "ZOE":
        pilot.tap_widget(f"key-{key}")
    pilot.tap_widget("key-ok")
    pilot.tap_widget("avatar-panda")
    pilot.wait_until(lambda: pilot.scene.name == "overview" and any(
        w.name.startswith("name-") and w.label == "Zoe" for w in pilot.scene.widgets))
    pilot.tap_widget("report")
    pilot.wait_until(lambda: pilot.scene.name == "report-saved")

    (data_dir / "class-lists").mkdir()
    (data_dir / "class-lists" / "Owls.csv").write_text("name,avatar\nBo,owl\n", encoding="utf-8")  # 0644
    with ProgressStore(data_dir / STORE_FILE) as store:
        lines = import_class_lists(data_dir, store)
    assert lines[0].startswith("Owls") and "1 pupil" in lines[0], lines
    import pygame
    save_certificate(pygame.Surface((64, 48)), data_dir / "certificates", "Zoë", dt.date(2026, 12, 7))
    assert play(["export", "--data-dir", str(data_dir), "--answers", str(data_dir / "answers.csv")]) == 0

    reports = data_dir / "reports"
    today = dt.date.today().isoformat()
    assert sorted(path.name for path in reports.iterdir()) == sorted([
        f"report-escaped-{today}.csv", f"report-escaped-{today}.html", "escaped.csv"]), \
        "the class name made a file name inside reports/, and nothing outside it"
    assert not list(tmp_path.glob("escaped*")) and not list(data_dir.glob("escaped*"))
    names = modes_under(data_dir)
    assert {"progress.sqlite3-wal", "progress.sqlite3-shm", "settings.json", "teacher.json",
            "class-lists/imported/Owls.csv"} <= set(names), names
    assert sorted(path.suffix for path in (data_dir / "certificates").iterdir()) == [".pdf", ".png"]
    assert not_private(data_dir) == {}, "readable by other accounts"
    pilot.app.close()
    assert not_private(data_dir) == {}


@posix_only
def test_an_older_versions_open_data_folder_is_closed_when_the_store_opens(tmp_path, usual_umask):
    import sqlite3

    data_dir = tmp_path / "data"
    data_dir.mkdir(mode=0o755)
    old = sqlite3.connect(str(data_dir / STORE_FILE))  # as SQLite makes it: 0644, and its -wal and -shm too
    old.execute("PRAGMA journal_mode=WAL")
    old.execute("CREATE TABLE t(x)")
    assert {mode(data_dir / STORE_FILE), mode(data_dir / f"{STORE_FILE}-wal")} == {0o644}
    with ProgressStore(data_dir / STORE_FILE):
        assert modes_under(data_dir) == {".": 0o700, STORE_FILE: 0o600, f"{STORE_FILE}-wal": 0o600,
                                         f"{STORE_FILE}-shm": 0o600}
    old.close()


@posix_only
def test_a_private_file_is_never_written_through_a_symlink(tmp_path):
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("someone's file", encoding="utf-8")
    report = tmp_path / "reports" / "report.html"
    report.parent.mkdir()
    report.symlink_to(elsewhere)
    write_private(report, "names")
    assert elsewhere.read_text(encoding="utf-8") == "someone's file"
    assert not report.is_symlink() and report.read_text(encoding="utf-8") == "names" and mode(report) == 0o600


# -- held progress: never the shared temporary folder, never someone else's file (point 4) -------------


FORGED = [
    ["start_attempt", ["forged", "safe-password", "safe"], {"pupil_id": 1, "class_id": 1}],
    ["record_answer", ["forged", "q1", "forged-answer", True, 1, 1.0], {"at": "2026-12-01T09:00:00.000+00:00"}],
    ["finish_attempt", ["forged", 3], {}],
    ["add_worry", ["safe-password", 1, 1], {"at": "2026-12-01T09:00:01.000+00:00"}],
    # The same again as held progress version 2 names them (the same moments: one of each, if ever read).
    {"v": 2, "command": "RecordAnswer", "fields": {"attempt_id": "forged", "scene_id": "q1", "answer_id": "forged-answer",
                                                   "right": True, "try_number": 1, "seconds": 1.0,
                                                   "at": "2026-12-01T09:00:00.000+00:00"}},
    {"v": 2, "command": "AddWorry", "fields": {"lesson_id": "safe-password", "pupil_id": 1, "class_id": 1,
                                               "at": "2026-12-01T09:00:01.000+00:00"}},
]


def plant(path: Path, owner: int | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(line) + "\n" for line in FORGED), encoding="utf-8")
    if owner is not None:
        os.chown(path, owner, owner)
    return path


def class_with_pupil_1(store_path: Path) -> Path:
    """The store the forged lines are aimed at: pupil 1 of class 1 is there, so they could be written."""
    with ProgressStore(store_path) as store:
        assert store.add_pupil(store.add_class("Robins"), "Sam", "fox") == 1
    return store_path


def recorded(store_path: Path) -> tuple[int, int, int]:
    with ProgressStore(store_path) as store:
        return tuple(store.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                     for table in ("attempts", "answers", "worries"))


def start_and_stop(store_path: Path, held: HeldProgress) -> Recorder:
    recorder = Recorder(store_path, held=held)
    assert recorder.flush()
    recorder.close()
    return recorder


@pytest.fixture
def system_temp(tmp_path, monkeypatch) -> Path:
    """The system's shared temporary folder, here a folder of the test's own."""
    folder = tmp_path / "system-temp"
    folder.mkdir(mode=0o1777)
    monkeypatch.setattr("tempfile.tempdir", str(folder))
    return folder


def test_a_file_planted_in_the_shared_temporary_folder_is_never_read(tmp_path, system_temp):
    """The old attack: another account pre-creates the held file where every start used to read it."""
    store_path = class_with_pupil_1(tmp_path / "data" / STORE_FILE)
    held = HeldProgress(store_path, [tmp_path / "cache"], then_system_temp=True)
    planted = plant(system_temp / held.name)
    assert held.take() == []
    start_and_stop(store_path, held)
    assert recorded(store_path) == (0, 0, 0), "no forged answer, stars or worry"
    assert planted.exists(), "and it is not ours to remove"

    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    held = HeldProgress(store_path, [blocked], then_system_temp=True)
    where = held.hold([FinishLesson("a1", 1)])
    assert where == private_temp_folder() / held.name and where.parent.parent == system_temp, \
        "held in this user's own folder in the temporary folder, not in the shared folder itself"
    if POSIX:
        assert where.parent.name == f"smart-stars-{os.getuid()}" and (mode(where.parent), mode(where)) == (0o700, 0o600)


@as_root
def test_held_files_and_folders_of_another_account_are_refused(tmp_path, system_temp):
    store_path = class_with_pupil_1(tmp_path / "data" / STORE_FILE)
    held = HeldProgress(store_path, [tmp_path / "cache"], then_system_temp=True)
    theirs = plant(held.places[0], owner=SOMEONE_ELSE)  # in our own held/ folder, but not our file
    assert held.take() == []
    start_and_stop(store_path, held)
    assert recorded(store_path) == (0, 0, 0)

    # A folder made first by someone else, where ours would be: neither read nor written.
    other = HeldProgress(class_with_pupil_1(tmp_path / "data2" / STORE_FILE), [tmp_path / "cache2"],
                         then_system_temp=True)
    trap = other.places[0].parent
    trap.mkdir(parents=True, mode=0o777)
    os.chown(trap, SOMEONE_ELSE, SOMEONE_ELSE)
    os.chmod(trap, 0o777)
    plant(other.places[0], owner=SOMEONE_ELSE)
    ours = private_temp_folder()
    ours.mkdir(mode=0o777)
    os.chown(ours, SOMEONE_ELSE, SOMEONE_ELSE)  # and the temporary one too
    assert other.take() == []
    assert other.hold([FinishLesson("a1", 1)]) is None, "held in memory only, then"
    recorder = start_and_stop(tmp_path / "data2" / STORE_FILE, other)
    assert recorder.problem is None and recorded(tmp_path / "data2" / STORE_FILE) == (0, 0, 0)
    assert theirs.exists() and other.places[0].read_text(encoding="utf-8").splitlines() == [json.dumps(line) for line in FORGED], "left untouched"


@posix_only
def test_a_symlink_planted_at_the_held_file_or_folder_is_not_followed(tmp_path, system_temp):
    store_path = class_with_pupil_1(tmp_path / "data" / STORE_FILE)
    held = HeldProgress(store_path, [tmp_path / "cache"], then_system_temp=True)
    target = plant(tmp_path / "attacker" / "forged.jsonl")
    held.places[0].parent.mkdir(parents=True, mode=0o700)
    held.places[0].symlink_to(target)
    assert held.take() == [], "not read through the link"
    start_and_stop(store_path, held)
    assert recorded(store_path) == (0, 0, 0)

    held.hold([FinishLesson("a1", 1)])
    assert target.read_text(encoding="utf-8").splitlines() == [json.dumps(line) for line in FORGED], "not written through it either"
    assert not held.places[0].is_symlink() and mode(held.places[0]) == 0o600

    # The held/ folder itself a link to someone's folder: refused, held in the private temporary folder.
    linked = HeldProgress(tmp_path / "data3" / STORE_FILE, [tmp_path / "cache3"], then_system_temp=True)
    linked.places[0].parent.parent.mkdir(parents=True)
    linked.places[0].parent.symlink_to(target.parent, target_is_directory=True)
    plant(target.parent / linked.name)
    assert linked.take() == []
    assert linked.hold([FinishLesson("a1", 1)]) == linked.places[1]
    assert sorted(path.name for path in target.parent.iterdir()) == sorted(["forged.jsonl", linked.name])


def test_part_files_a_kill_left_are_cleaned_up_and_a_fresh_one_is_left(tmp_path):
    store_path = tmp_path / "data" / STORE_FILE
    held = HeldProgress(store_path, [tmp_path / "cache"])
    folder = held.places[0].parent
    folder.mkdir(parents=True, mode=0o700)
    old = folder / f"{held.name}-k1ll3d.part"
    fresh = folder / f"{held.name}-wr1t1ng.part"  # another copy of the game, writing at this moment
    earlier = tmp_path / "cache" / f"{held.name}x9y8z7.part"  # an older version's, in the cache folder
    for part in (old, fresh, earlier):
        part.write_text('["record_answer", ["a1"', encoding="utf-8")
    long_ago = time.time() - STALE_PART_SECONDS - 5
    for part in (old, earlier):
        os.utime(part, (long_ago, long_ago))
    assert held.take() == []
    assert not old.exists() and not earlier.exists() and fresh.exists()


def test_progress_an_older_version_held_in_the_cache_folder_is_still_written(tmp_path):
    """Before held/, progress was held in the cache folder itself: an update must not lose it."""
    store_path = class_with_pupil_1(tmp_path / "data" / STORE_FILE)
    held = HeldProgress(store_path, [tmp_path / "cache"])
    (tmp_path / "cache").mkdir(mode=0o755)
    earlier = plant(tmp_path / "cache" / held.name)
    start_and_stop(store_path, held)
    assert recorded(store_path) == (1, 1, 1)
    assert not earlier.exists()


@posix_only
def test_progress_is_held_in_a_private_folder_of_the_cache(tmp_path, usual_umask):
    """(The whole game's side, a read-only data folder holding answers in the cache, is in test_faults.py.)"""
    held = HeldProgress(tmp_path / "data" / STORE_FILE, [tmp_path / "cache"])
    (tmp_path / "cache" / "held").mkdir(parents=True, mode=0o755)  # as an older version might have left it
    where = held.hold([FinishLesson("a1", 1)])
    assert where == tmp_path / "cache" / "held" / held.name
    assert (mode(where.parent), mode(where)) == (0o700, 0o600)
    assert held.take() == [FinishLesson("a1", 1)]
