"""Stars per lesson, a badge per letter, and the SMART Star certificate (PNG and PDF)."""

import io
from pathlib import Path

import pygame
import pytest

from game.engine.app import App, Options
from game.lessons.letters import LETTERS
from game.speech.narration import QuietNarrator
from game.engine.pilot import Pilot
from game.scenes.certificate import pdf_with_jpeg
from tests.helpers import write_tiny_lessons

@pytest.fixture
def tiny_lessons(tmp_path) -> Path:
    return write_tiny_lessons(tmp_path / "lessons")


@pytest.fixture
def pilot(tmp_path, cache_dir, tiny_lessons):
    options = Options(fullscreen=False, size=(1280, 800), lesson_dirs=[tiny_lessons], cache_dir=cache_dir,
                      data_dir=tmp_path / "data", player_name="Priya")
    app = App.create(options, narrator=QuietNarrator())
    yield Pilot(app)
    app.close()


def finish(pilot, key):
    pilot.tap_widget(f"letter-{key}")
    pilot.tap_widget(f"lesson-{key}-tiny")
    pilot.tap_widget("next")
    assert pilot.scene.name == "reward"


def test_a_letter_badge_when_its_lessons_are_done(pilot):
    finish(pilot, "safe")
    reward = pilot.scene
    assert reward.letter_badge and reward.new_badge
    assert reward.widget("badge").visible
    assert any(line.text == "You earned the S badge for Safe!" for line in reward.narration())
    with pytest.raises(KeyError):
        reward.widget("certificate")  # four letters still to go
    pilot.tap_widget("home")
    assert pilot.scene.widget("letter-safe").badge
    assert not pilot.scene.widget("letter-meeting").badge


def test_playing_again_does_not_award_the_badge_twice(pilot):
    finish(pilot, "tell")
    pilot.tap_widget("again")
    pilot.tap_widget("next")
    assert pilot.scene.letter_badge and not pilot.scene.new_badge


def test_all_five_badges_earn_the_certificate(pilot, tmp_path):
    for item in LETTERS:
        finish(pilot, item.key)
        if item is not LETTERS[-1]:
            pilot.tap_widget("home")
    reward = pilot.scene
    assert reward.all_badges
    assert any("Priya, you are a SMART Star!" in line.text for line in reward.narration())
    pilot.tap_widget("certificate")
    assert pilot.scene.name == "certificate"
    pilot.tap_widget("save")
    pilot.wait_until(lambda: pilot.scene.saved)
    png, pdf = pilot.scene.saved
    assert png.name == f"certificate-Priya-{pilot.scene.date.isoformat()}.png"
    assert png.parent == tmp_path / "data" / "certificates"
    image = pygame.image.load(str(png))
    assert image.get_size() == (2339, 1654), "A4 landscape at 200 dpi"
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-1.4") and data.rstrip().endswith(b"%%EOF")
    assert b"/MediaBox [0 0 842 595]" in data and b"/DCTDecode" in data
    pilot.frames(2)
    assert pilot.scene.widget("save-status").text.startswith("Saved in")
    pilot.tap_widget("home")
    assert pilot.scene.widget("certificate").visible, "home keeps the certificate one tap away"


def test_pdf_cross_reference_offsets_point_at_the_objects():
    surface = pygame.Surface((40, 30))
    surface.fill((200, 100, 50))
    buffer = io.BytesIO()
    pygame.image.save(surface, buffer, "x.jpg")
    data = pdf_with_jpeg(buffer.getvalue(), (40, 30))
    xref_at = int(data.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    assert data[xref_at:].startswith(b"xref")
    entries = data[xref_at:].split(b"\n")[3:8]
    for number, entry in enumerate(entries, start=1):
        offset = int(entry.split()[0])
        assert data[offset:].startswith(f"{number} 0 obj".encode())
