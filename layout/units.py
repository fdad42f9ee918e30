"""Unit conversions. Every length inside the engine is in PostScript points (pt)."""
from __future__ import annotations

MM = 72.0 / 25.4  # pt per mm
EPS = 0.01  # pt: what counts as "equal" for lengths


def mm(value: float) -> float:
    """Millimetres to points."""
    return value * MM


def to_mm(value_pt: float) -> float:
    return value_pt / MM


def r2(value: float) -> float:
    """Round a length for snapshots and reports (0.01 pt)."""
    return round(value + 0.0, 2)
