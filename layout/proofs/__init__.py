"""Proofs for editors: PNG pages (pypdfium2) and an HTML proof sheet."""
from layout.proofs.sheet import page_fill, render_pages, write_proofs

__all__ = ["page_fill", "render_pages", "write_proofs"]
