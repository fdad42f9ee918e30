"""Renderer: the placed-box tree → PDF. Makes no typographic decisions."""
from layout.render.pdf import render_pdf

__all__ = ["render_pdf"]
