"""Renderer: the placed-box tree → PDF/X-1a. Makes no typographic decisions."""
from layout.render.pdf import render_pdf
from layout.render.pdfx import PrintOptions

__all__ = ["PrintOptions", "render_pdf"]
