"""Many tablets: statements and a roster move between devices (docs/sync.md)."""
