"""`play.py new-lesson`: a commented lesson that passes `check` and shows every way to play."""

from __future__ import annotations

import os
import re
from pathlib import Path

from .letters import BY_KEY, letter_key

SCHEMA_FILE = "schema.json"

TEMPLATE = """\
# yaml-language-server: $schema={schema}
# A new SMART Stars lesson. Change the words and pictures, keep the shape.
# Check it with:   python play.py check {file_name}
# Every text can be a plain sentence; keep sentences short (12 words at most: check warns above that).
# Pictures: an emoji, its name (dog face, woman teacher), or a .png/.svg next to this file,
# or one of the cast with a feeling:  {{character: sam, feeling: worried}}
#   cast: ollie, sam, priya, leo, amira, kofi, mei, mum, dad, carer, grandad, grandma, teacher, someone-online
#   feelings: happy, sad, worried, scared, surprised, thinking, neutral, angry, calm
#   add  with: mobile phone  (something they hold) or  with: {{character: mum, feeling: happy}}  (beside them)

id: {lesson_id}               # unique: small letters, numbers and dashes
letter: {letter}                          # S, M, A, R or T
title: {title}
year: Year 1                       # Reception, Year 1 or Year 2
strands: [Online relationships]
outcomes:
  - I can identify who can help me if something happens online without my consent.
picture: owl                       # the lesson's tile
rule: {rule}

scenes:
  # A story page: a picture and one to four short sentences.
  - id: hello
    kind: story
    picture: {{character: ollie, feeling: happy}}
    text:
      - Hello! I'm Ollie. Let's see what Sam does.

  # Choose one of 2 or 3 picture answers; every answer has its own feedback.
  - id: what-to-do
    kind: choose
    picture: {{character: sam, feeling: thinking, with: mobile phone}}
    question: A message says "Press here for a prize!" What should Sam do?
    answers:
      - id: ask
        text: Ask a grown-up
        picture: {{character: mum, feeling: happy}}
        right: true
        feedback: Yes! Sam asks Mum first. That keeps Sam safe.
      - id: press
        text: Press it
        picture: wrapped gift
        feedback: Hmm, we ask a grown-up before we press. Let's try again.

  # Thumbs up or thumbs down to a sentence.
  - id: thumbs
    kind: thumbs
    question: Sam tells Mum about the message. Is that a good idea?
    right: up
    feedback:
      up: Yes! Telling a grown-up is always a good idea.
      down: Hmm, telling a grown-up is a good idea. Let's try again.

  # Sort pictures into two groups (drag, or tap a picture then a group).
  - id: sort
    kind: sort
    question: Which things are private? Sort them.
    groups:
      - {{id: private, text: Keep private, picture: locked}}
      - {{id: share, text: Fine to share, picture: open hands}}
    items:
      - {{id: address, text: Home address, picture: door, group: private, feedback: "Your address is private."}}
      - {{id: colour, text: Favourite colour, picture: artist palette, group: share, feedback: "Colours are fine to share."}}
    done: Well sorted!

  # Tap the right thing in a big picture: at is [across, down] in percent of the picture, not pixels
  # (0-100 from its left edge, 0-100 from its top). Your own picture is best square, about 1500 x 1500.
  - id: spot
    kind: hotspot
    picture: mobile phone
    question: Which button turns the tablet off?
    spots:
      - {{id: off, text: Off button, picture: mobile phone off, at: [50, 75], right: true, feedback: "Yes! That turns it off."}}
      - {{id: music, text: Music, picture: musical note, at: [50, 30], feedback: "That plays music. Let's try again."}}

  # Tap every right answer.
  - id: grown-ups
    kind: tap-all
    question: Tap every grown-up Sam can tell.
    answers:
      - {{id: teacher, text: Teacher, picture: {{character: teacher, feeling: happy}}, right: true, feedback: "Yes! Sam can tell the teacher."}}
      - {{id: dad, text: Dad, picture: {{character: dad, feeling: happy}}, right: true, feedback: "Yes! Sam can tell Dad."}}
      - {{id: gamer, text: Game player, picture: {{character: someone-online}}, feedback: "Hmm, Sam only knows them online."}}
    done: Well done! Sam has lots of grown-ups to tell.

  # How would someone feel? Mark the fitting faces right (or none: every face fits). Any face
  # answers it: for the others, say why another face may fit better (a feeling is never wrong).
  # character: sam shows Sam's own faces (without it, emoji faces).
  - id: feelings
    kind: feelings
    character: sam
    question: How might Sam feel about the message?
    faces:
      - {{id: worried, right: true, feedback: "Yes, Sam might feel worried. Sam can tell a grown-up."}}
      - {{id: happy, feedback: "A tricky message may not feel happy. Sam might feel worried."}}

  # Goodbye: the story's lesson in other words. The reward page says the rule next, with the stars.
  - id: goodbye
    kind: story
    picture: {{character: sam, feeling: happy, with: {{character: mum, feeling: happy}}}}
    text:
      - Well done, Sam! A grown-up can always help.
"""


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "lesson"


def place_schema(folder: Path, lesson: Path) -> str:
    """Put a copy of the lesson schema beside the school's lessons; return its path relative to ``lesson``.

    An editor reads the schema named on a lesson's first line. A path into this computer's game folder
    breaks as soon as the lessons are opened from a shared drive on another computer, so the schema
    travels with the lessons: ``schema.json`` at the top of the school lessons folder (or, for a lesson
    written elsewhere, in its own folder), renewed when the game's schema changes.
    """
    from .library import BUILTIN_LESSONS_DIR

    inside = lesson.resolve().is_relative_to(folder.resolve())
    target = (folder if inside else lesson.parent) / SCHEMA_FILE
    schema = (BUILTIN_LESSONS_DIR / SCHEMA_FILE).read_bytes()
    if target.resolve() != (BUILTIN_LESSONS_DIR / SCHEMA_FILE).resolve() and (
            not target.is_file() or target.read_bytes() != schema):
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(schema)
    return Path(os.path.relpath(target.resolve(), lesson.parent.resolve())).as_posix()


def new_lesson(letter: str, title: str, folder: Path, out: Path | None = None) -> Path:
    """Write the template; refuses to overwrite an existing file."""
    key = letter_key(letter)
    if key is None:
        raise ValueError(f"'{letter}' is not a SMART letter: use S, M, A, R or T")
    smart = BY_KEY[key]
    path = out or folder / key / f"{slug(title)}.yaml"
    if path.exists():
        raise FileExistsError(f"{path} already exists: choose another title or --out file")
    path.parent.mkdir(parents=True, exist_ok=True)
    text = TEMPLATE.format(schema=place_schema(folder, path), file_name=path.name, lesson_id=f"{key}-{slug(title)}",
                           letter=smart.letter, title=title.replace(":", " -"), rule=smart.rule,
                           rule_words=smart.rule)
    path.write_text(text, encoding="utf-8")
    return path
