"""Content checks: the tone and language rules of the curriculum brief, as warnings.

They do not stop a lesson loading; they tell the author where a line may be
too long, too hard, or phrased in a way we never use with young children.
"""

from __future__ import annotations

import re

from .letters import BY_KEY
from .kinds import asks_question
from .model import Lesson, Line

# The curriculum brief's "about 12 words at most": the guide and `new-lesson`'s template say the same number.
MAX_SENTENCE_WORDS = 12

# Words a five-year-old is unlikely to know, and what to say instead.
HARD_WORDS = {
    "inappropriate": "not OK",
    "personal information": "things about you, like your name and where you live",
    "cyberbullying": "being unkind online",
    "cyber-bullying": "being unkind online",
    "suspicious": "not sure about",
    "advertisement": "advert",
    "identity": "who you are",
    "privacy": "keeping things private",
    "consent": "saying yes or no",
    "malicious": "unkind",
    "harmful": "could hurt you",
    "retaliate": "be unkind back",
    "username": "game name",
    "platform": "app",
    "verify": "check",
    "anonymous": "no name",
    "explicit": "not OK for children",
    "predator": "someone who is not safe",
    "download": "put on the tablet",
    "notification": "message",
}

# Phrases we never use with young children, and why.
NEVER_SAY = {
    "stranger danger": "say 'someone you only know online' instead",
    "stranger": "say 'someone you only know online' instead",
    "your fault": "never suggest a child is to blame (say 'It's not your fault')",
    "naughty": "we never call a child naughty: describe the choice instead",
    "bad boy": "we never label a child: describe the choice instead",
    "bad girl": "we never label a child: describe the choice instead",
}
TRY_AGAIN = re.compile(r"\btry again\b", re.IGNORECASE)
NOT_YOUR_FAULT = re.compile(r"\b(?:not|never)\s+(?:\w+'s|your|their|his|her|my)\s+fault\b", re.IGNORECASE)


def _lines(lesson: Lesson) -> list[Line]:
    return lesson.spoken_lines()


def _sentences(text: str) -> list[str]:
    return [part for part in re.split(r"(?<=[.!?])\s+", text) if part.strip()]


def content_warnings(lesson: Lesson, id_line: int) -> list[tuple[int, str]]:
    found: list[tuple[int, str]] = []
    for line in _lines(lesson):
        where = line.source_line or id_line
        for sentence in _sentences(line.text):
            words = len(sentence.split())
            if words > MAX_SENTENCE_WORDS:
                found.append((where, f"this sentence has {words} words; keep sentences to "
                                     f"{MAX_SENTENCE_WORDS} words or fewer so a young child can follow it: '{sentence[:50]}…'"))
        lowered = line.text.lower()
        for word, instead in HARD_WORDS.items():
            if re.search(rf"\b{re.escape(word)}\b", lowered):
                found.append((where, f"'{word}' may be a hard word for a five-year-old: try '{instead}'"))
        cleaned = NOT_YOUR_FAULT.sub("", lowered)
        for phrase, why in NEVER_SAY.items():
            if re.search(rf"\b{re.escape(phrase)}\b", cleaned):
                found.append((where, f"we never say '{phrase}' to children: {why}"))
                if phrase == "stranger danger":
                    break
    if lesson.rule is None:  # the lesson's own letter's rule, as the home screen says it
        found.append((id_line, "this lesson has no closing rule: add one sentence, such as  "
                               f"rule: {BY_KEY[lesson.letter].rule}"))
    for scene in lesson.scenes:
        if scene.kind == "feelings":
            for answer in scene.answers:
                if TRY_AGAIN.search(answer.feedback.text):
                    found.append((answer.feedback.source_line or id_line,
                                  f"the face '{answer.id}' says 'try again', but a feeling is never wrong: any face "
                                  "answers the question, so say why another face may fit better, for example  "
                                  "Kofi might feel worried or sad."))
        if not asks_question(scene) or scene.kind == "sort":
            continue
        said = {}
        for answer in scene.answers:
            if answer.feedback.text in said and answer.right == said[answer.feedback.text]:
                continue
            if answer.feedback.text in said:
                found.append((answer.feedback.source_line or id_line,
                              f"a right and a wrong answer in '{scene.id}' get the same feedback: "
                              "praise the right one, and give the wrong one a gentle reason"))
            said[answer.feedback.text] = answer.right
    return found
