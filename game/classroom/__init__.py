"""A class sharing tablets: ``turns`` (whose turn it is, when to ask "Who's playing?" again) and
``teacher_pin`` (the teacher's PIN, scrypt-hashed, and its lock)."""
