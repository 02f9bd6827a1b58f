"""The engine: the window and the frame loop, and what every part of the game is handed.

- ``app``: start-up, the frame loop, drawing policy; ``context``: the ``Context`` every scene gets (nothing
  global); ``input``: the only reader of the event queue (raw events -> intents); ``layout``: geometry as
  fractions of the window; ``jobs``: the one way to run work off the frame loop (lanes, results back on
  the frame loop); ``pilot``: drives the real game with posted events (tests, tour, benches).
- ``settings`` (settings.json), ``private_files`` (0700 folders, 0600 files written whole), ``motion``
  ("less movement"), ``opener`` (the system's own program for a file), ``display_check``,
  ``stop_signals``, ``memory``, ``ui_emoji`` (the game's own buttons and marks).
"""
