"""A child's progress, from a tap to the store.

- ``session``: stars earned this session (``stars_for``, ``SessionProgress``, ``LeftLesson``).
- ``commands``: every change to the progress store as a typed, frozen command (a child's record, or
  a teacher's change), each knowing how to apply itself to a ``ProgressStore``.
- ``service``: ``ProgressService``, the one worker thread that runs every command in order, answers the
  teacher screens' questions (``queries``), and reports back on the frame loop. Scenes go through it,
  never through SQLite.
- ``held``: children's records the store cannot take yet, held in a file elsewhere (versioned format).
- ``worries``: the worries list, as the teacher reads it.

The stars of this session are re-exported here, as they were when this package was one module.
"""

from .session import LeftLesson, SessionProgress, stars_for

__all__ = ["LeftLesson", "SessionProgress", "stars_for"]
