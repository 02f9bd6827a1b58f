"""Gentle sound effects, made by the game itself (no downloaded audio).

"Well done" is a soft rising chime (C-E-G, bell-like); "try again" is two calm
falling notes. Neither is a buzzer: a wrong answer is part of learning.
"""

from __future__ import annotations

import math
from array import array

# (start seconds, frequency Hz, length seconds, loudness 0-1)
WELL_DONE = [(0.00, 523.25, 0.45, 0.55), (0.11, 659.25, 0.45, 0.55), (0.22, 783.99, 0.60, 0.6),
             (0.33, 1046.5, 0.55, 0.35)]
TRY_AGAIN = [(0.00, 392.00, 0.32, 0.45), (0.20, 329.63, 0.42, 0.45)]
EFFECTS = {"right": WELL_DONE, "wrong": TRY_AGAIN}


def render_effect(notes, rate: int = 44100, channels: int = 2) -> bytes:
    """16-bit signed PCM for the given notes: soft attack, exponential decay, a touch of overtone."""
    length = max(start + duration for start, _, duration, _ in notes) + 0.05
    total = int(length * rate)
    mix = [0.0] * total
    for start, frequency, duration, loudness in notes:
        first = int(start * rate)
        count = int(duration * rate)
        attack = int(0.012 * rate)
        for i in range(count):
            t = i / rate
            envelope = min(1.0, i / attack) * math.exp(-5.0 * t / duration)
            sample = math.sin(2 * math.pi * frequency * t) + 0.25 * math.sin(4 * math.pi * frequency * t)
            mix[first + i] += loudness * envelope * sample
    peak = max(1e-9, max(abs(v) for v in mix))
    scale = 0.7 * 32767 / max(1.0, peak)
    samples = array("h")
    for value in mix:
        pcm = int(value * scale)
        samples.extend([pcm] * channels)
    return samples.tobytes()
