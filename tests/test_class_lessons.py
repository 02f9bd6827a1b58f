"""The class's lessons reach its tablets (issue 17 point 3): the PC's hidden lessons and order, and the school's
own lessons with their pictures, from a real hub on 127.0.0.1 to a real SyncClient; fetched only when they
changed; a tablet plays them from its next start."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from game.engine.settings import Settings
from game.progress.store import STORE_FILE, ProgressStore
from game.sync.class_lessons import CLASS_LESSONS, apply_bundle, class_choice, make_bundle
from game.sync.client import SyncClient
from game.sync.hub import HubServer
from tests.test_sync_hub import wait_until

ROOT = Path(__file__).resolve().parents[1]


def school_lesson(folder: Path) -> None:
    """The school's own lesson: a built-in one under another id, with a picture of its own beside it."""
    text = (ROOT / "lessons" / "safe" / "private-or-share.yaml").read_text(encoding="utf-8")
    original_id = next(line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("id:"))
    (folder / "safe").mkdir(parents=True)
    (folder / "safe" / "our-school-photos.yaml").write_text(
        text.replace(f"id: {original_id}", "id: our-school-photos", 1), encoding="utf-8")
    (folder / "safe" / "playground.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    (folder / ".DS_Store").write_bytes(b"junk")  # never sent


def test_the_pcs_lessons_and_choice_reach_a_tablet_once_and_it_plays_them(tmp_path, make_pilot):
    pc, tablet = tmp_path / "pc", tmp_path / "tablet"
    with ProgressStore(pc / STORE_FILE) as store:
        store.add_pupil(store.add_class("Robins"), "Zoë", "fox")
    school_lesson(pc / "lessons")
    settings = Settings()
    settings.hidden_lessons = ["password-toothbrush"]
    settings.lesson_order = ["our-school-photos"]
    settings.save(pc)
    hub = HubServer(pc, port=0, host="127.0.0.1", advertise=False)
    hub.start()
    client = SyncClient(tablet, device_name="tablet 1", poll_s=0.2)
    try:
        client.join(hub.address, hub.code)
        client.start()
        wait_until(lambda: client.lessons_changed, 10, "the class's lessons reaching the tablet")
        got = tablet / CLASS_LESSONS
        assert (got / "safe" / "our-school-photos.yaml").read_bytes() == \
            (pc / "lessons" / "safe" / "our-school-photos.yaml").read_bytes()
        assert (got / "safe" / "playground.png").read_bytes() == (pc / "lessons" / "safe" / "playground.png").read_bytes()
        assert not (got / ".DS_Store").exists()
        assert class_choice(tablet)["hidden"] == ["password-toothbrush"]
        # unchanged: not fetched again, however often the tablet pulls
        client.lessons_changed = False
        rounds = client.rounds
        wait_until(lambda: client.rounds >= rounds + 3, 10, "three more rounds")
        assert not client.lessons_changed
    finally:
        client.stop()
        hub.stop()
    # The tablet's next start: the class's lesson is there, the PC's hidden one is not offered
    pilot = make_pilot(data_dir=tablet)
    assert pilot.app.ctx.library.by_id("our-school-photos") is not None
    assert pilot.app.ctx.settings.hidden_lessons == ["password-toothbrush"]


def test_a_bundle_with_unsafe_paths_writes_nothing_outside_and_says_so(tmp_path):
    bundle, problems = make_bundle(tmp_path / "empty-pc")
    assert bundle["files"] == [] and not problems
    import base64

    data = base64.b64encode(b"x").decode()
    evil = {"digest": "d", "choice": {"hidden": ["a", 3], "order": []},
            "files": [{"path": "../escaped.yaml", "data": data}, {"path": "/etc/x.yaml", "data": data},
                      {"path": "safe/.hidden.yaml", "data": data}, {"path": "safe/run.sh", "data": data},
                      {"path": "safe/ok.yaml", "data": "not base64!"}, {"path": "safe/fine.yaml", "data": data}]}
    problems = apply_bundle(tmp_path / "tablet", evil)
    assert len(problems) == 5
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert written == ["tablet/class-lessons/choice.json", "tablet/class-lessons/safe/fine.yaml"]
    assert json.loads((tmp_path / "tablet" / CLASS_LESSONS / "choice.json").read_text())["hidden"] == ["a"]
    shutil.rmtree(tmp_path / "tablet")
