"""Classes and pupils: set up from a CSV list, a child taps their own animal, answers are theirs."""

import subprocess
import sys
from pathlib import Path

from game.engine.app import App, Options
from game.speech.narration import QuietNarrator
from game.engine.pilot import Pilot
from game.engine.settings import Settings
from game.progress.store import STORE_FILE, ProgressStore

ROOT = Path(__file__).resolve().parents[1]


def set_up_class(data_dir: Path) -> None:
    roster = data_dir.parent / "robins.csv"
    roster.write_text("name,avatar\nPriya,owl\nSam,\nLeo,dragon\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "play.py", "class", "Robins", "--import", str(roster),
                             "--data-dir", str(data_dir)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "added 3 pupils to Robins" in result.stdout


def test_class_list_import_and_export(tmp_path):
    data_dir = tmp_path / "data"
    set_up_class(data_dir)
    store = ProgressStore(data_dir / STORE_FILE)
    pupils = {name: avatar for _, name, avatar in store.pupils(store.class_id("Robins"))}
    assert pupils["Priya"] == "owl"
    assert pupils["Sam"] != "owl" and pupils["Leo"] not in ("owl", "dragon", pupils["Sam"]), "free animals given"
    store.close()
    out = tmp_path / "out.csv"
    subprocess.run([sys.executable, "play.py", "class", "Robins", "--export", str(out), "--data-dir", str(data_dir)],
                   cwd=ROOT, check=True, capture_output=True)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "name,avatar" and sorted(lines[1:]) == sorted(f"{n},{a}" for n, a in pupils.items())


def test_a_child_picks_their_animal_and_their_answers_are_theirs(tmp_path, cache_dir):
    data_dir = tmp_path / "data"
    set_up_class(data_dir)
    Settings(class_name="Robins").save(data_dir)
    app = App.create(Options(fullscreen=False, size=(1280, 800), data_dir=data_dir, cache_dir=cache_dir),
                     narrator=QuietNarrator())
    try:
        pilot = Pilot(app)
        pilot.frames(1)
        pilot.progress_answered()  # the class's animals, read off the frame loop
        assert pilot.scene.name == "pupils", "a class tablet starts with the children's animals"
        priya = next(w for w in pilot.scene.widgets if w.name.startswith("pupil-") and w.label == "Priya")
        pilot.tap_widget(priya.name)
        assert pilot.scene.name == "home"
        assert [line.text for line in app.ctx.narrator.spoken + app.ctx.narrator.queue][-1] == "Priya!"
        assert app.ctx.player_name == "Priya"
        from tests.helpers import play_lesson

        pilot.tap_widget("letter-safe")
        play_lesson(pilot, app.ctx.library.for_letter("safe")[0])
        app.ctx.recorder.flush()
        rows = list(ProgressStore(data_dir / STORE_FILE).answer_rows())
        assert rows and all(row["pupil"] == "Priya" and row["class"] == "Robins" for row in rows)
    finally:
        app.close()


def test_every_avatar_is_a_real_picture():
    from game.cast.avatars import AVATARS
    from game.lessons.pictures import PictureCatalog

    catalog = PictureCatalog()
    for avatar, name in AVATARS.items():
        assert catalog.emoji_svg(catalog.emoji_for_name(name) or ""), avatar


def test_class_lists_imported_from_the_data_folder_in_teacher_mode(make_pilot, tmp_path):

    from tests.helpers import enter_teacher_mode

    data_dir = tmp_path / "data"
    lists = data_dir / "class-lists"
    lists.mkdir(parents=True)
    (lists / "Hedgehogs.csv").write_text("Kofi\nMei,panda\n", encoding="utf-8")
    pilot = make_pilot(data_dir=data_dir)
    enter_teacher_mode(pilot)
    pilot.tap_widget("import-lists")
    pilot.wait_until(lambda: pilot.scene.name == "import-results")  # read and added off the frame loop
    assert pilot.scene.widget("results").text == "Hedgehogs: 2 pupils added"
    assert (lists / "imported" / "Hedgehogs.csv").exists() and not (lists / "Hedgehogs.csv").exists()
    with ProgressStore(data_dir / STORE_FILE) as store:
        assert [(name, avatar) for _, name, avatar in store.pupils(store.class_id("Hedgehogs"))][1] == ("Mei", "panda")
    pilot.tap_widget("back")
    pilot.tap_widget("import-lists")
    pilot.wait_until(lambda: pilot.scene.name == "import-results")
    assert "No class lists found" in pilot.scene.widget("results").text
