"""Draw an EditionLayout with reportlab: one match over box kinds, CMYK only, fonts embedded.

Page coordinates in the layout have the origin at the trim's top-left, y down; here the
MediaBox includes the bleed, so x' = x + bleed and y' = height + bleed - y.
"""
from __future__ import annotations

from pathlib import Path

from PIL import Image as PILImage
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from layout.boxes import EditionLayout, FrameBox, ImageBox, Page, RuleBox, TextBlock


def render_pdf(layout: EditionLayout, target: Path, initial_font: str) -> None:
    """Write the PDF to ``target`` (the caller makes it atomic)."""
    first = layout.pages[0]
    bleed = first.bleed
    size = (first.width + 2 * bleed, first.height + 2 * bleed)
    canvas = Canvas(str(target), pagesize=size, invariant=1, initialFontName=initial_font,
                    pageCompression=1)
    canvas.setTitle(layout.title)
    canvas.setCreator("layout")
    canvas.setProducer("layout (reportlab)")
    images: dict[tuple, ImageReader] = {}
    for page in layout.pages:
        _page(canvas, page, images)
        canvas.showPage()
    canvas.save()


def _page(canvas: Canvas, page: Page, images: dict) -> None:
    b = page.bleed
    canvas.setTrimBox((b, b, b + page.width, b + page.height))
    canvas.setBleedBox((0, 0, page.width + 2 * b, page.height + 2 * b))
    flip = _Flip(page.height + b, b)
    for module in page.modules:
        for box in module.boxes:
            _draw(canvas, box, flip, images)
    for box in page.furniture:
        _draw(canvas, box, flip, images)


class _Flip:
    __slots__ = ("top", "dx")

    def __init__(self, top: float, dx: float):
        self.top, self.dx = top, dx

    def x(self, x: float) -> float:
        return x + self.dx

    def y(self, y: float) -> float:
        return self.top - y


def _draw(canvas: Canvas, box, flip: _Flip, images: dict) -> None:
    match box:
        case TextBlock():
            _text(canvas, box, flip)
        case RuleBox():
            canvas.setStrokeColorCMYK(*box.color)
            canvas.setLineWidth(box.weight)
            canvas.line(flip.x(box.x1), flip.y(box.y1), flip.x(box.x2), flip.y(box.y2))
        case FrameBox():
            if box.fill is not None:
                canvas.setFillColorCMYK(*box.fill)
            if box.stroke is not None:
                canvas.setStrokeColorCMYK(*box.stroke)
                canvas.setLineWidth(box.weight)
            canvas.rect(flip.x(box.x), flip.y(box.y + box.h), box.w, box.h,
                        stroke=int(box.stroke is not None), fill=int(box.fill is not None))
        case ImageBox():
            _image(canvas, box, flip, images)
        case _:
            raise TypeError(f"cannot draw {type(box).__name__}")


def _text(canvas: Canvas, block: TextBlock, flip: _Flip) -> None:
    text = canvas.beginText()
    for line, baseline, offset in zip(block.lines, block.baselines, block.offsets):
        y = flip.y(baseline)
        for run in line.runs:
            text.setFont(run.font, run.size)
            text.setFillColorCMYK(*run.color)
            text.setCharSpace(run.char_space)
            text.setTextOrigin(flip.x(block.x + offset + run.x), y)
            text.textOut(run.text)
    canvas.drawText(text)


def _image(canvas: Canvas, box: ImageBox, flip: _Flip, images: dict) -> None:
    key = (box.path, box.crop)
    if key not in images:
        with PILImage.open(box.path) as im:
            im.load()
            if im.mode not in ("CMYK", "L"):
                im = im.convert("CMYK")
            w, h = im.size
            left, top, right, bottom = box.crop
            im = im.crop((round(left * w), round(top * h), round(right * w), round(bottom * h)))
            images[key] = ImageReader(im)
    canvas.drawImage(images[key], flip.x(box.x), flip.y(box.y + box.h), box.w, box.h)
