"""The progress service (game/progress/service.py): one worker runs every command in order, answers the
teacher screens' questions with plain data, hands results back on the frame loop; scenes never touch
SQLite themselves."""

from __future__ import annotations

import ast
import threading
from pathlib import Path

import game.progress.store
from game.progress.commands import AddClass, AddPupil, ErasePupil, RenamePupil
from game.progress.queries import Roster
from game.progress.service import Done, ProgressService
from game.engine.settings import Settings
from game.progress.store import STORE_FILE, ProgressStore
from tests.test_teacher_mode import enter_teacher_mode

SCENES = Path(__file__).resolve().parents[1] / "game" / "scenes"


def storage_imports(path: Path) -> list[str]:
    """Every import in ``path`` of sqlite3 or of the store (game/progress/store.py), however it is spelt."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names
                      if alias.name.split(".")[0] == "sqlite3" or alias.name in ("game.progress.store",)]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            names = {alias.name for alias in node.names}
            if (module.split(".")[0] == "sqlite3" or module == "game.progress.store" or module.split(".")[-1] == "store"
                    and node.level > 0 or (node.level > 0 and not module and "store" in names)):
                found.append(f"{'.' * node.level}{module} import {', '.join(sorted(names))}")
    return [f"{path.relative_to(SCENES.parent.parent)}:{item}" for item in found]


def test_no_scene_imports_sqlite3_or_the_store():
    files = sorted(SCENES.rglob("*.py"))
    assert len(files) > 20 and any(path.parent != SCENES for path in files), "the scenes and their subpackages"
    found = [item for path in files for item in storage_imports(path)]
    assert found == [], f"scenes go through the progress service (ctx.recorder), never the store: {found}"


def test_the_scan_finds_each_way_of_importing_the_store(tmp_path, monkeypatch):
    """The scan above must be able to fail."""
    sample = SCENES / "_sample_for_the_scan.py"
    ways = ["import sqlite3", "from ..store import ProgressStore", "from .. import store", "import game.progress.store",
            "from game.progress.store import STORE_FILE", "from sqlite3 import connect"]
    try:
        sample.write_text("\n".join(ways) + "\n", encoding="utf-8")
        assert len(storage_imports(sample)) == len(ways)
    finally:
        sample.unlink()


def class_tablet(data_dir: Path) -> dict[str, int]:
    with ProgressStore(data_dir / STORE_FILE) as store:
        robins = store.add_class("Robins 1B")
        ids = {name: store.add_pupil(robins, name, avatar) for name, avatar in
               [("Zoë", "fox"), ("José", "owl"), ("Siobhán", "panda"), ("Aleksandra-Marie", "bear")]}
    Settings(class_name="Robins 1B").save(data_dir)
    return ids


def test_the_frame_loop_never_opens_sqlite_on_a_class_tablet_or_in_teacher_mode(make_pilot, tmp_path, monkeypatch):
    """The picker read the class's pupils on the frame loop (a 357 ms frame was seen); now no screen does:
    every connection is made on the progress worker, whatever the teacher opens."""
    data_dir = tmp_path / "data"
    ids = class_tablet(data_dir)
    real = game.progress.store.sqlite3.connect
    on_frame_loop = []

    def connect(*args, **kwargs):
        if threading.current_thread() is threading.main_thread():
            on_frame_loop.append(args[0])
            raise AssertionError("SQLite opened on the frame loop")
        return real(*args, **kwargs)

    monkeypatch.setattr(game.progress.store.sqlite3, "connect", connect)
    pilot = make_pilot(data_dir=data_dir)
    assert pilot.scene.name == "pupils", "a class tablet starts with the children's animals"
    assert {pupil_id for pupil_id, _name, _animal in pilot.scene.pupils} == set(ids.values())
    pilot.tap_widget(f"pupil-{ids['Zoë']}")
    assert pilot.scene.name == "home" and pilot.app.ctx.recorder.player.pupil_id == ids["Zoë"]
    pilot.tap_widget("not-you")
    assert pilot.scene.name == "pupils", "opened again from home, read off the frame loop again"
    pilot.tap_widget(f"pupil-{ids['José']}")

    enter_teacher_mode(pilot)
    pilot.tap_widget("overview")
    pilot.wait_until(lambda: any(w.name == f"name-{ids['Siobhán']}" for w in pilot.scene.widgets))
    pilot.tap_widget(f"name-{ids['Siobhán']}")
    pilot.wait_until(lambda: "Nothing played yet." in pilot.scene.widget("timeline").text)
    pilot.tap_widget("access")
    pilot.wait_until(lambda: pilot.scene.name == "access" and pilot.scene.values is not None)
    pilot.tap_widget("back")
    pilot.tap_widget("back")
    pilot.tap_widget("back")
    pilot.tap_widget("who")
    assert pilot.scene.name == "pupils", "the teacher's \"Who is playing?\" too"
    assert on_frame_loop == []


def test_teacher_changes_and_childrens_records_run_on_one_worker_in_order(tmp_path):
    handed: list = []  # what the frame loop would run, in order
    service = ProgressService(tmp_path / STORE_FILE, deliver=handed.append)
    threads = set()
    results: list[Done] = []

    class Watched(AddClass):
        def apply(self, store):
            threads.add(threading.current_thread().name)
            return super().apply(store)

    service.run(Watched("Robins 1B"), then=results.append)
    service.run(AddPupil("Robins 1B", "Zoë", "fox"), then=results.append)
    assert service.flush()
    assert results == [], "nothing is handed back until the frame loop runs it"
    for job in handed:
        job()
    robins, zoe = results[0].value, results[1].value
    assert results[0].ok and isinstance(robins, int) and isinstance(zoe, int)

    service.player.pupil_id, service.player.class_id = zoe, robins
    attempt = service.lesson_started("safe-password", "safe")
    service.answered(attempt, "q1", "tell", True, 1, 1.5)
    service.run(RenamePupil(zoe, "Zoe"))
    service.run(ErasePupil(zoe))  # after her answer: it goes with her
    service.answered(attempt, "q2", "late", True, 1, 1.0)  # about an erased pupil: refused, never holds up the rest
    service.roster("Robins 1B", then=results.append)
    assert service.flush()
    for job in handed[2:]:
        job()
    service.close()
    assert threads == {"progress"}
    assert results[-1] == Done(Roster(robins, []))
    assert service.recorded == 1 and service.problem is None
    with ProgressStore(tmp_path / STORE_FILE) as store:
        assert list(store.answer_rows()) == []
        assert store.pupils(robins) == []


def test_a_change_that_cannot_be_written_is_reported_back_and_the_worker_goes_on(tmp_path):
    service = ProgressService(tmp_path / STORE_FILE)
    results: list[Done] = []
    service.run(AddPupil("Robins 1B", "=", "fox"), then=results.append)  # not a name: refused by the store
    service.run(AddClass("Robins 1B"), then=results.append)
    service.class_names(then=results.append)
    assert service.flush()
    service.close()
    assert results[0].value is None and results[0].problem is None, "no such class: nothing to add"
    assert results[1].ok and results[2] == Done(["Robins 1B"])
    bad = ProgressService(tmp_path / STORE_FILE)
    bad.run(AddPupil("Robins 1B", "\x00", "fox"), then=results.append)
    assert bad.flush()
    bad.close()
    assert results[3].problem and results[3].problem.startswith("Not saved")


def test_whoever_listens_is_told_of_each_childs_record_written(tmp_path):
    """Many tablets' sync client is nudged from here (``on_written``), after the record is in the store."""
    service = ProgressService(tmp_path / STORE_FILE)
    written = []
    service.on_written = written.append
    attempt = service.lesson_started("safe-password", "safe")
    service.answered(attempt, "q1", "tell", True, 1, 1.0)
    service.worry("safe-password")
    service.run(AddClass("Robins 1B"))  # a teacher's change is not a child's record
    assert service.flush()
    service.close()
    assert written == ["start_attempt", "record_answer", "add_worry"]
