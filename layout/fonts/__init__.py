"""Fonts: load each TrueType file once, expose metrics to the composers and names to the renderer."""
from layout.fonts.registry import FontMetrics, FontSet, fallback_chain, font_runs, load_fonts, with_fallback

__all__ = ["FontMetrics", "FontSet", "fallback_chain", "font_runs", "load_fonts", "with_fallback"]
