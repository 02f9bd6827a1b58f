"""Every child can play: ``look`` (bigger words, high contrast) and ``scanning`` (one- and two-switch access:
Space/Enter move the highlight and choose). The teacher's page for them is game/scenes/teacher/access.py."""
