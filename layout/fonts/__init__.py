"""Fonts: load each TrueType file once, expose metrics to the composers and names to the renderer."""
from layout.fonts.registry import FontMetrics, FontSet, load_fonts

__all__ = ["FontMetrics", "FontSet", "load_fonts"]
