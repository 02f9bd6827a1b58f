"""Home languages (issue 21): translations beside the English, spoken and shown with it.

- ``catalogue``: the languages the game knows (name, script, direction, espeak voice).
- ``overlay``: translation files (line id -> text, with the English it was made from), read and written.
- ``game_lines``: the game's own fixed child-facing lines, so they can be translated like a lesson's.
- ``home``: the translations in force for whoever plays, loaded off the frame loop.
- ``narration``: says each line in the home language and/or English.
- ``text``: draws a home-language line in a font that has its script, shaped and in its direction.
- ``script_font``: a script font with Noto Sans's Latin merged in, once, in the cache (Bengali, Gurmukhi, Gujarati).
- ``ahead``: the translated lines ``play.py narrate`` speaks ahead of time, per language.
- ``po``: gettext .po export and import for translators (polib).
- ``check``: a translation's missing, extra and out-of-date lines, with file:line.
"""
