"""Draw an EditionLayout with reportlab: one match over box kinds, CMYK only, fonts embedded.

The output is PDF/X-1a:2001 (see pdfx.py): header %PDF-1.3, DeviceCMYK/DeviceGray only, no
transparency, TrimBox and BleedBox on every page, one OutputIntent. K-only black (text, rules,
frames) overprints; every other colour knocks out. Page coordinates in the layout have the
origin at the trim's top-left, y down; here the MediaBox adds ``margin`` (the bleed, plus room for
crop marks) on every side, so x' = x + margin and y' = height + margin - y.
"""
from __future__ import annotations

from pathlib import Path

from reportlab import rl_config
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import ttfonts
from reportlab.pdfgen.canvas import Canvas

from layout.boxes import CMYK, EditionLayout, FrameBox, ImageBox, Page, RuleBox, TextBlock
from layout.fonts import fallback_chain, font_runs
from layout.render.colors import is_k_only, printable, within_ink_limit
from layout.render.marks import crop_marks
from layout.render.pdfx import PrintOptions, identify

IMAGE_TAG = "/Figure"  # marked content around each image, naming its source file for the preflight


def _to_unicode_cmap(fontname: str, subset) -> str:
    """reportlab's ToUnicode CMap, with each destination written as UTF-16BE (PDF 1.7 §9.10.3):
    reportlab writes ``<%04X>`` of the code point, so a character above U+FFFF (𠮷 U+20BB7)
    would read back as U+20BB. For the Basic Multilingual Plane both forms are the same bytes."""
    text = _rl_to_unicode_cmap(fontname, subset)
    head, _, rest = text.partition("beginbfchar\n")
    body, _, tail = rest.partition("\nendbfchar")
    pairs = [f"<{i:02X}> <{chr(v).encode('utf-16-be').hex().upper()}>" for i, v in enumerate(subset)]
    return head + "beginbfchar\n" + "\n".join(pairs) + "\nendbfchar" + tail


_rl_to_unicode_cmap = ttfonts.makeToUnicodeCMap
ttfonts.makeToUnicodeCMap = _to_unicode_cmap


def render_pdf(layout: EditionLayout, target: Path, initial_font: str,
               options: PrintOptions | None = None) -> None:
    """Write the PDF to ``target`` (the caller makes it atomic)."""
    options = options or PrintOptions()
    a85, rl_config.useA85 = rl_config.useA85, 0  # binary streams: no ASCII85 (+25 % size, time)
    try:
        _render(layout, target, initial_font, options)
    finally:
        rl_config.useA85 = a85


def _render(layout: EditionLayout, target: Path, initial_font: str, options: PrintOptions) -> None:
    first = layout.pages[0]
    margin = options.margin(first.bleed)
    size = (first.width + 2 * margin, first.height + 2 * margin)
    canvas = Canvas(str(target), pagesize=size, invariant=1, initialFontName=initial_font,
                    pageCompression=1)
    identify(canvas, options, layout.title)
    images: dict[str, ImageReader | str] = {}
    for page in layout.pages:
        _page(canvas, page, images, options)
        canvas.showPage()
    canvas.save()


def _page(canvas: Canvas, page: Page, images: dict, options: PrintOptions) -> None:
    b = page.bleed
    m = options.margin(b)
    canvas.setPageSize((page.width + 2 * m, page.height + 2 * m))
    trim = (m, m, m + page.width, m + page.height)
    canvas.setTrimBox(trim)
    canvas.setBleedBox((m - b, m - b, m + page.width + b, m + page.height + b))
    canvas.setOverprintMask(True)  # OPM 1: a 0 in an overprinting CMYK colour leaves that plate alone
    flip = _Flip(page.height + m, m)
    for module in page.modules:
        for box in module.boxes:
            _draw(canvas, box, flip, images, options)
    for box in page.furniture:
        _draw(canvas, box, flip, images, options)
    if options.marks:
        crop_marks(canvas, trim, b, options.mark_offset, options.mark_length, options.mark_weight)


class _Flip:
    __slots__ = ("top", "dx")

    def __init__(self, top: float, dx: float):
        self.top, self.dx = top, dx

    def x(self, x: float) -> float:
        return x + self.dx

    def y(self, y: float) -> float:
        return self.top - y


def _overprint(target, color: CMYK | None) -> None:
    """K-only black overprints (no white halo when the plates shift); everything else knocks out."""
    on = is_k_only(color)
    target.setStrokeOverprint(on)
    target.setFillOverprint(on)


def _draw(canvas: Canvas, box, flip: _Flip, images: dict, options: PrintOptions) -> None:
    match box:
        case TextBlock():
            _text(canvas, box, flip)
        case RuleBox():
            _overprint(canvas, box.color)
            canvas.setStrokeColorCMYK(*box.color)
            canvas.setLineWidth(box.weight)
            canvas.line(flip.x(box.x1), flip.y(box.y1), flip.x(box.x2), flip.y(box.y2))
        case FrameBox():
            # a filled panel knocks out; a frame alone overprints when it is K-only
            _overprint(canvas, box.stroke if box.fill is None else box.fill)
            if box.fill is not None:
                canvas.setFillColorCMYK(*box.fill)
            if box.stroke is not None:
                canvas.setStrokeColorCMYK(*box.stroke)
                canvas.setLineWidth(box.weight)
            canvas.rect(flip.x(box.x), flip.y(box.y + box.h), box.w, box.h,
                        stroke=int(box.stroke is not None), fill=int(box.fill is not None))
        case ImageBox():
            _overprint(canvas, None)
            _image(canvas, box, flip, images, options)
        case _:
            raise TypeError(f"cannot draw {type(box).__name__}")


def _text(canvas: Canvas, block: TextBlock, flip: _Flip) -> None:
    text = canvas.beginText()
    color = char_space = None  # set only when they change: most runs of a block share them
    hscale = 1.0
    for line, baseline, offset in zip(block.lines, block.baselines, block.offsets):
        y = flip.y(baseline)
        for run in line.runs:
            if run.color != color:
                color = run.color
                _overprint(text, color)
                text.setFillColorCMYK(*color)
            if run.char_space != char_space:
                char_space = run.char_space
                text.setCharSpace(char_space)
            if run.hscale != hscale:
                hscale = run.hscale
                text.setHorizScale(100 * hscale)
            x = flip.x(block.x + offset + run.x)
            chain = fallback_chain(run.font)
            if chain is None:
                text.setFont(run.font, run.size)
                text.setTextOrigin(x, y)
                text.textOut(run.text)
                continue
            for font, part in font_runs(run.text, chain):  # characters from the style's fallback fonts
                font = font or chain[0]
                text.setFont(font.name, run.size)
                text.setTextOrigin(x, y)
                text.textOut(part)
                x += sum(font.widths.get(ord(c), 0.0) * run.size + run.char_space for c in part)
    canvas.drawText(text)


def _image(canvas: Canvas, box: ImageBox, flip: _Flip, images: dict, options: PrintOptions) -> None:
    """The whole picture, scaled so that its kept part (``box.crop``) fills the frame, clipped
    by the frame: the file's pixels are never cropped or re-encoded, and a JPEG that is already
    printable goes into the PDF byte for byte (no decode, no recompression, no loss)."""
    if box.path not in images:
        images[box.path] = _source(box.path, options.ink_limit)
    left, top, right, bottom = box.crop
    full_w, full_h = box.w / (right - left), box.h / (bottom - top)
    x, y = box.x - left * full_w, box.y - top * full_h
    name = Path(box.path).name.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    canvas.saveState()
    frame = canvas.beginPath()
    frame.rect(flip.x(box.x), flip.y(box.y + box.h), box.w, box.h)
    canvas.clipPath(frame, stroke=0, fill=0)
    canvas.addLiteral(f"{IMAGE_TAG} <</Source ({name})>> BDC")
    canvas.drawImage(images[box.path], flip.x(x), flip.y(y + full_h), full_w, full_h)
    canvas.addLiteral("EMC")
    canvas.restoreState()


def _source(path: str, ink_limit: float):
    """What reportlab draws for the picture: the file itself when it is a JPEG in DeviceCMYK or
    DeviceGray within the ink limit, else the pixels made printable (colors.printable)."""
    from PIL import Image as PILImage  # only for pictures

    with PILImage.open(path) as im:
        if im.format == "JPEG" and im.mode in ("CMYK", "L") and within_ink_limit(im, ink_limit):
            return str(path)
        im.load()
        return ImageReader(printable(im, ink_limit))
