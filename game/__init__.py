"""SMART Stars: a touch-first e-safety teaching game for infants."""
