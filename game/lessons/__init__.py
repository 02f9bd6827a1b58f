"""Lesson files: reading, checking and modelling them."""
