"""Crop marks in registration colour, outside the BleedBox (domain notes §4.3)."""
from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas

REGISTRATION = (1.0, 1.0, 1.0, 1.0)
MARKS_TAG = "/PrinterMarks"  # marked-content tag the preflight recognises (exempt from the ink limit)


def crop_marks(canvas: Canvas, trim: tuple[float, float, float, float], bleed: float,
               offset: float, length: float, weight: float) -> None:
    """Eight marks on the lines of the trim edges, starting ``offset`` beyond the bleed."""
    x0, y0, x1, y1 = trim
    near = bleed + offset
    far = near + length
    canvas.saveState()
    canvas.addLiteral(f"{MARKS_TAG} BMC")
    canvas.setStrokeColorCMYK(*REGISTRATION)
    canvas.setLineWidth(weight)
    for x, sx in ((x0, -1), (x1, 1)):
        for y, sy in ((y0, -1), (y1, 1)):
            canvas.line(x + sx * near, y, x + sx * far, y)  # horizontal, on the trim's y
            canvas.line(x, y + sy * near, x, y + sy * far)  # vertical, on the trim's x
    canvas.addLiteral("EMC")
    canvas.restoreState()
