"""Outcomes are UKCIS Education for a Connected World statements (Early years - 7), word for word:
the statements ship as data, every built-in lesson uses them, and `check` points a paraphrase at the
statement it meant. The goodbye page no longer repeats the rule that the reward then says."""

import re
from pathlib import Path

import yaml

from game.lessons.library import lesson_files
from game.lessons.loader import LessonLoader
from game.lessons.outcomes import STATEMENTS_PATH, load_statements
from game.lessons.pictures import PictureCatalog

ROOT = Path(__file__).resolve().parents[1]
STRANDS = ["Self-image and identity", "Online relationships", "Online reputation", "Online bullying",
           "Managing online information", "Health, well-being and lifestyle", "Privacy and security",
           "Copyright and ownership"]

LESSON = """\
id: paraphrased
letter: T
title: Telling
year: Year 1
outcomes:
  - I can identify who can help me if something happens online without my consent.
  - I can explain how someone might use technology to communicate with others they don't also know offline and why this might be risky.
  - "I can explain why I should always ask a trusted adult before clicking \u2018yes\u2019, \u2018agree\u2019 or \u2018accept\u2019 online."
  - Our school's own outcome about tablets.
rule: T is for Tell.
scenes:
  - id: one
    kind: story
    picture: owl
    text: Tell a grown-up.
"""


def built_in_lessons():
    loader = LessonLoader(PictureCatalog())
    return [loader.load(path) for path in lesson_files([ROOT / "lessons"])]


def test_the_statements_are_data_with_where_each_was_confirmed():
    data = yaml.safe_load(STATEMENTS_PATH.read_text(encoding="utf-8"))
    assert list(data["strands"]) == STRANDS, "the framework's eight strands, in its order"
    for strand, items in data["strands"].items():
        assert items, strand
        for item in items:
            assert set(item) == {"text", "confirmed"}, item
    statements = load_statements()
    relationships = [s for s in statements if s.strand == "Online relationships"]
    assert len(relationships) == 13 and all(s.confirmed for s in relationships), "checked word for word"
    # The one the issue named: the framework says "give examples of how", not "explain how".
    assert any(s.text.startswith("I can give examples of how someone might use technology") for s in relationships)
    assert not any(s.text.startswith("I can explain how someone might use technology") for s in statements)


def test_every_built_in_outcome_is_a_statement_word_for_word():
    known = {statement.text for statement in load_statements()}
    results = built_in_lessons()
    assert len(results) == 20
    for result in results:
        assert result.lesson is not None, result.problems
        assert result.lesson.outcomes, result.path
        for outcome in result.lesson.outcomes:
            assert outcome in known, (result.path, outcome)
        assert not [p for p in result.problems if "outcome" in p.message], result.path


def test_check_warns_about_an_outcome_that_is_not_a_statement_with_the_closest(tmp_path):
    folder = tmp_path / "tell"
    folder.mkdir()
    path = folder / "paraphrased.yaml"
    path.write_text(LESSON, encoding="utf-8")
    result = LessonLoader(PictureCatalog()).load(path)
    assert result.lesson is not None, "a warning, not an error: the lesson still plays"
    warnings = [p for p in result.problems if "outcome" in p.message]
    assert [p.severity for p in warnings] == ["warning", "warning"], warnings
    paraphrase, own = warnings
    assert paraphrase.line == 7, "named where it is written"
    assert 'Did you mean (Online relationships): "I can give examples of how someone might use technology' \
        in paraphrase.message
    assert own.line == 9
    assert "Did you mean" not in own.message and "assets/ukcis-early-years-7.yaml" in own.message
    # Line 8, pasted from the framework's PDF with curly quotes, is the statement itself: no warning.


def test_the_goodbye_page_leaves_the_rule_to_the_reward():
    for result in built_in_lessons():
        lesson = result.lesson
        assert lesson.rule is not None, result.path
        last = lesson.scenes[-1]
        said = " ".join(line.text for line in getattr(last, "lines", ()))
        assert lesson.rule.text not in said, f"{result.path}: the reward says the rule; the last page repeats it"
        assert f"{lesson.letter[0].upper()} is for" not in said, result.path


def _words(text):
    common = set("a an the to of and or in on be is it you your we us our if not for with just about".split())
    return {word for word in re.findall(r"[a-z'-]+", text.lower()) if word not in common}


def test_the_goodbye_page_does_not_say_the_rule_in_other_words_either():
    """"If something scary pops up, turn it off. Then tell a grown-up." before "T is for Tell. If something
    online scares you, turn it off and tell a grown-up." is the rule twice in a row all the same."""
    for result in built_in_lessons():
        lesson = result.lesson
        rule = _words(lesson.rule.text.split(". ", 1)[1])
        goodbye = _words(" ".join(line.text for line in lesson.scenes[-1].lines))
        assert len(rule & goodbye) / len(rule) <= 0.4, (result.path, sorted(rule & goodbye))


def test_each_built_in_lesson_names_the_strands_of_its_outcomes():
    strand_of = {statement.text: statement.strand for statement in load_statements()}
    for result in built_in_lessons():
        lesson = result.lesson
        assert set(lesson.strands) == {strand_of[outcome] for outcome in lesson.outcomes}, result.path
