"""Turns on a class tablet: whose turn shows on home, children change turns without the PIN, and the
teacher's setting asks "Who's playing?" again after every lesson or after minutes with no touch."""

import json
from pathlib import Path

from game.engine.settings import Settings
from game.progress.store import STORE_FILE, ProgressStore

# A class of 30, names of every length, with accents.
NAMES = ["Zoë", "José", "Siobhán", "Aleksandra-Marie", "Bo", "Nguyễn", "Mohammed-Ali", "Priya", "Sam", "Leo",
         "Amelia", "Oliver", "Isla", "Noah", "Ava", "Muhammad", "Freya", "Jack", "Layla", "Harry", "Mia", "Theo",
         "Grace", "Oscar", "Sophia", "Arthur", "Lily", "Finley", "Evie", "Zara"]


def class_of_30(data_dir: Path, class_name: str = "Robins 1B", **settings) -> dict[str, int]:
    """A class set up as a teacher would have (names -> pupil ids), chosen in the settings."""
    from game.cast.avatars import AVATARS

    data_dir.mkdir(parents=True, exist_ok=True)
    with ProgressStore(data_dir / STORE_FILE) as store:
        class_id = store.add_class(class_name)
        for name, avatar in zip(NAMES, AVATARS):
            store.add_pupil(class_id, name, avatar)
        ids = {name: pupil_id for pupil_id, name, _ in store.pupils(class_id)}
    Settings(class_name=class_name, **settings).save(data_dir)
    return ids


def pick(pilot, name: str) -> None:
    """On the picker, turn pages until ``name``'s animal shows (back to the first page, then on), and tap it."""
    while "previous-page" in {w.name for w in pilot.scene.widgets}:
        pilot.tap_widget("previous-page")
    while True:
        found = [w.name for w in pilot.scene.widgets if w.name.startswith("pupil-") and w.label == name]
        if found:
            pilot.tap_widget(found[0])
            return
        pilot.tap_widget("next-page")


def said(pilot) -> list[str]:
    narrator = pilot.app.ctx.narrator
    return [line.text for line in narrator.spoken + narrator.queue]


def test_home_shows_whose_turn_and_children_change_turns_without_the_pin(make_pilot, tmp_path):
    ids = class_of_30(tmp_path / "data")
    pilot = make_pilot(data_dir=tmp_path / "data")
    assert pilot.scene.name == "pupils"
    pick(pilot, "Priya")
    assert pilot.scene.name == "home"
    turn = pilot.scene.widget("turn")
    assert turn.label == "Priya" and turn.icon is not None, "their animal and name, on home"
    assert "It's Priya's turn." in [line.text for line in pilot.scene.narration()], "home says whose turn it is"
    pilot.tap_widget("turn")
    assert said(pilot)[-1] == "It's Priya's turn.", "a tap on their animal says their name"
    # The next child: "Not you?" opens the animals, with a way back that changes nothing.
    pilot.tap_widget("not-you")
    assert pilot.scene.name == "pupils", "no PIN on the way"
    pilot.tap_widget("home")
    assert pilot.scene.name == "home" and pilot.scene.widget("turn").label == "Priya"
    pilot.tap_widget("not-you")
    pick(pilot, "Zoë")  # on the second page of 30
    assert pilot.scene.name == "home" and pilot.scene.widget("turn").label == "Zoë"
    assert said(pilot)[-1] == "Zoë!", "their name is spoken as they pick"
    assert pilot.app.ctx.recorder.player.pupil_id == ids["Zoë"], "what Zoë answers now is Zoë's"
    assert not any(scene.name == "pin" for scene in pilot.app.stack.scenes)


def test_with_no_class_home_is_as_it_was(make_pilot, tmp_path):
    pilot = make_pilot(data_dir=tmp_path / "data")
    names = {w.name for w in pilot.scene.widgets}
    assert pilot.scene.name == "home" and not names & {"turn", "not-you"}
    pilot.frames(1, dt=3600)  # an hour untouched: nothing to ask without a class
    assert pilot.scene.name == "home"


def test_the_setting_asks_after_every_lesson(make_pilot, tmp_path):
    from tests.helpers import play_lesson

    class_of_30(tmp_path / "data", ask_who="lesson")
    pilot = make_pilot(data_dir=tmp_path / "data")
    pick(pilot, "Bo")
    pilot.tap_widget("letter-safe")
    play_lesson(pilot, pilot.app.ctx.library.for_letter("safe")[0])
    assert pilot.scene.name == "reward", "not while the child is enjoying their stars"
    pilot.tap_widget("more")
    pilot.frames(1)
    pilot.progress_answered()  # the class's animals, read off the frame loop
    assert pilot.scene.name == "pupils", "back out of the lesson: who's next?"
    assert [scene.name for scene in pilot.app.stack.scenes] == ["home", "pupils"]


def test_the_setting_asks_after_minutes_with_no_touch_on_the_games_clock(make_pilot, tmp_path):
    class_of_30(tmp_path / "data", ask_who="idle", ask_who_minutes=5)
    pilot = make_pilot(data_dir=tmp_path / "data")
    pick(pilot, "Siobhán")
    pilot.tap_widget("letter-tell")
    lesson = pilot.app.ctx.library.for_letter("tell")[0]
    pilot.tap_widget(f"lesson-{lesson.id}")
    pilot.frames(1, dt=4 * 60)  # four minutes of game time in one frame: no sleeping in tests
    assert pilot.scene.name == "player"
    pilot.tap_widget("speaker")  # a touch starts the wait again
    pilot.frames(1, dt=4 * 60 + 50)
    assert pilot.scene.name == "player", "under five minutes since the last touch"
    pilot.frames(1, dt=15)
    pilot.progress_answered()
    assert [scene.name for scene in pilot.app.stack.scenes] == ["home", "pupils"], \
        "the child walked away mid-lesson: the next one starts by tapping their animal"
    pilot.frames(1, dt=3600)
    assert [scene.name for scene in pilot.app.stack.scenes] == ["home", "pupils"], "asked once, not piled up"


def test_the_setting_is_the_teachers_and_old_settings_files_still_load(make_pilot, tmp_path):
    from tests.helpers import enter_teacher_mode

    data_dir = tmp_path / "data"
    data_dir.mkdir()
    old = {"voice": None, "speech_rate": 140, "captions": False, "class_name": None}  # written before turns
    (data_dir / "settings.json").write_text(json.dumps(old), encoding="utf-8")
    loaded = Settings.load(data_dir)
    assert (loaded.ask_who, loaded.ask_who_minutes, loaded.captions) == ("never", 5, False)
    (data_dir / "settings.json").write_text(json.dumps({"ask_who": "sometimes", "ask_who_minutes": 0}))
    assert (Settings.load(data_dir).ask_who, Settings.load(data_dir).ask_who_minutes) == ("never", 1)

    (data_dir / "settings.json").write_text(json.dumps(old), encoding="utf-8")
    pilot = make_pilot(data_dir=data_dir)
    enter_teacher_mode(pilot)
    pilot.tap_widget("settings")
    assert "never" in pilot.scene.widget("ask-who-text").text
    pilot.tap_widget("ask-who-more")
    assert pilot.app.ctx.settings.ask_who == "lesson"
    pilot.tap_widget("ask-who-more")
    pilot.tap_widget("ask-who-more")
    settings = pilot.app.ctx.settings
    assert (settings.ask_who, settings.ask_who_minutes) == ("idle", 5)
    assert "after 5 minutes with no touch" in pilot.scene.widget("ask-who-text").text
    settings_file = data_dir / "settings.json"
    pilot.wait_until(lambda: (json.loads(settings_file.read_text()).get("ask_who"),
                              json.loads(settings_file.read_text()).get("ask_who_minutes")) == ("idle", 5))


def test_whose_turn_and_the_picker_fit_with_a_class_of_30(make_pilot, tmp_path):
    """Children's targets of 20 mm, nothing overlapping, at a tablet's and a board's size, portrait too."""
    from tests.test_layout import layout_problems

    class_of_30(tmp_path / "data")
    for size in [(1280, 800), (1920, 1080), (800, 1280)]:
        pilot = make_pilot(size=size, data_dir=tmp_path / "data")
        seen = []
        while True:
            seen.append(("picker", layout_problems(pilot.scene, size)))
            if "next-page" not in {w.name for w in pilot.scene.widgets}:
                break
            pilot.tap_widget("next-page")
        pick(pilot, "Aleksandra-Marie")
        seen.append(("home", layout_problems(pilot.scene, size)))
        assert {"turn", "not-you"} <= {e.name for e in pilot.scene.elements() if e.role == "target"}
        pilot.tap_widget("not-you")
        seen.append(("picker with a way back", layout_problems(pilot.scene, size)))
        assert [(where, problems) for where, problems in seen if problems] == [], size
        pilot.app.close()
