"""Article pieces measured at a given module width: heads, image with caption, body lines.

A :class:`Typesetter` holds the style context (styles, fonts, grid) and turns text of a role
into composed lines; :func:`measure_article` gives everything the packer needs to choose a
module's shape and to place it.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from PIL import Image as PILImage

from layout.boxes import CMYK, Line
from layout.fonts import FontSet
from layout.models import Article, Stylesheet, Subhead, Turn
from layout.pages.grid import Grid
from layout.text import Spacing, Span, compose_paragraph


@dataclass(frozen=True, slots=True)
class HeadPiece:
    role: str
    lines: tuple[Line, ...]
    size: float
    line_height: float


@dataclass(frozen=True, slots=True)
class BodyLine:
    role: str   # body | subhead | jump_line
    line: Line
    size: float


@dataclass(frozen=True, slots=True)
class ImagePiece:
    path: Path
    depth: int              # body lines for picture + caption
    picture_h: float
    crop: tuple[float, float, float, float]
    caption: tuple[Line, ...]
    caption_size: float
    aspect: float           # width / height of the image file
    width: float            # picture width (the module's)


@dataclass(frozen=True, slots=True)
class Measured:
    article_id: str
    span: int
    heads: tuple[HeadPiece, ...]
    head_depth: int
    images: tuple[ImagePiece, ...]
    body: tuple[BodyLine, ...]
    label: HeadPiece | None    # column label (栏目)

    @property
    def image_depth(self) -> int:
        return sum(image.depth for image in self.images)


class Typesetter:
    """Style context: role → spans → composed lines.

    One typesetter serves one build; what the page composer asks for again and again while it
    tries module variants (an article's body at the column measure, a head or a picture with
    its caption at a width, a picture file's size) is kept here, so it is set or read once per
    build."""

    def __init__(self, styles: Stylesheet, fonts: FontSet, grid: Grid):
        self.styles, self.fonts, self.grid = styles, fonts, grid
        t = styles.text
        self.spacing = Spacing(t.kinsoku, t.punctuation, t.han_latin_space_em, 0.5)
        self.head_spacing = Spacing(t.kinsoku, t.punctuation, t.han_latin_space_em, 1.0)
        self._column_bodies: dict[int, tuple[Article, tuple[BodyLine, ...]]] = {}
        self._heads: dict[tuple, HeadPiece] = {}
        self._image_sizes: dict[Path, tuple[int, int]] = {}
        self._pictures: dict[tuple[Path, str, float], ImagePiece] = {}

    def color(self, name: str) -> CMYK:
        c, m, y, k = self.styles.colors[name]
        return (c / 100, m / 100, y / 100, k / 100)

    def span(self, role: str, text: str, size: float | None = None) -> Span:
        style = self.styles.styles[role]
        font = self.fonts[style.font]
        if style.fallback and self.fonts.missing(style.font, text):  # characters come from the fallback chain
            font = self.fonts.with_fallback(style.font, style.fallback)
        return Span(text, font, size or style.size_pt, self.color(style.color))

    def size(self, role: str) -> float:
        return self.styles.styles[role].size_pt

    def compose(self, spans: tuple[Span, ...], measure: float, *, indent: float = 0.0,
                align: str | None = None, role: str = "body", heading: bool = False) -> tuple[Line, ...]:
        align = align or self.styles.styles[role].align
        spacing = self.head_spacing if heading else self.spacing
        return compose_paragraph(spans, measure, indent=indent, align=align, spacing=spacing)

    def head(self, role: str, text: str, measure: float, size: float | None = None,
             align: str | None = None) -> HeadPiece:
        key = (role, text, measure, size, align)
        piece = self._heads.get(key)
        if piece is None:
            style = self.styles.styles[role]
            size = size or style.size_pt
            lines = self.compose((self.span(role, text, size),), measure, align=align, role=role, heading=True)
            piece = self._heads[key] = HeadPiece(role, lines, size, size * style.leading)
        return piece

    def column_body(self, article: Article) -> tuple[BodyLine, ...]:
        """The article's body lines at the basic column measure (the same in every module
        width), set once per build."""
        kept = self._column_bodies.get(id(article))
        if kept is None or kept[0] is not article:
            kept = self._column_bodies[id(article)] = (article, self.body_lines(article, self.grid.column_w))
        return kept[1]

    def image_size(self, file: Path) -> tuple[int, int]:
        """Pixel size of a picture file, read once per build."""
        size = self._image_sizes.get(file)
        if size is None:
            with PILImage.open(file) as im:
                size = self._image_sizes[file] = im.size
        return size

    def body_lines(self, article: Article, measure: float) -> tuple[BodyLine, ...]:
        size = self.size("body")
        indent = self.styles.text.indent_em * size
        out: list[BodyLine] = []
        for n, para in enumerate(article.body):
            if isinstance(para, Subhead):
                lines = self.compose((self.span("subhead", para.subhead),), measure, role="subhead")
                out.extend(BodyLine("subhead", line, self.size("subhead")) for line in lines)
                continue
            if isinstance(para, Turn):
                spans = (self.span("speaker", para.speaker + "："), self.span("body", para.text))
            else:
                spans = (self.span("body", para),)
                if n == 0 and article.byline:
                    spans = (self.span("byline", article.byline),) + spans
            lines = self.compose(spans, measure, indent=indent)
            out.extend(BodyLine("body", line, size) for line in lines)
        return tuple(out)


def measure_article(ts: Typesetter, article: Article, span: int, rank: int,
                    image_files: dict[str, Path], *, continuation_of: int | None = None,
                    head_scale: float = 1.0) -> Measured:
    """Compose an article's pieces for a module of ``span`` columns; the headline is set at
    the ladder's size for ``rank`` times ``head_scale``."""
    grid = ts.grid
    width = grid.span_w(span)
    heads: list[HeadPiece] = []
    size = round(ts.styles.ladder_step(rank).size_pt * head_scale)
    if continuation_of is not None:
        size = max(ts.size("kicker"), size * ts.styles.continuation_headline_scale)
    if article.kind == "promo":
        heads.append(ts.head("promo_title", article.headline or "", width - 2 * grid.body_size))
    else:
        if article.kicker and continuation_of is None:
            heads.append(ts.head("kicker", article.kicker, width))
        if article.headline:
            heads.append(ts.head("headline", article.headline, width, size=size))
        if article.deck and continuation_of is None:
            heads.append(ts.head("deck", article.deck, width))
    label = None
    if article.column_label:
        label = ts.head("column_label", article.column_label, width, align="left")
    head_h = sum(len(h.lines) * h.line_height for h in heads) + (label.line_height * 1.6 if label else 0)
    head_depth = grid.lines_for(head_h + 0.6 * grid.pitch) if heads or label else 0
    images = tuple(_image_piece(ts, image, image_files[image.path], width)
                   for image in article.images) if continuation_of is None else ()
    body = _promo_lines(ts, article, width) if article.kind == "promo" else ts.column_body(article)
    return Measured(article.id, span, tuple(heads), head_depth, images, body, label)


def _promo_lines(ts: Typesetter, article: Article, width: float) -> tuple[BodyLine, ...]:
    out = []
    for para in article.body:
        text = para if isinstance(para, str) else getattr(para, "subhead", None) or para.text
        for line in ts.compose((ts.span("promo_text", text),), width - 2 * ts.grid.body_size,
                               role="promo_text", align="center"):
            out.append(BodyLine("promo_text", line, ts.size("promo_text")))
    return tuple(out)


def _image_piece(ts: Typesetter, image, file: Path, width: float) -> ImagePiece:
    text = " ".join(t for t in (image.caption, image.credit) if t)
    key = (file, text, width)
    piece = ts._pictures.get(key)
    if piece is None:
        piece = ts._pictures[key] = _set_image(ts, file, text, width)
    return piece


def _set_image(ts: Typesetter, file: Path, text: str, width: float) -> ImagePiece:
    """A picture at the module's width with its caption (and credit) ``text`` below it."""
    grid = ts.grid
    iw, ih = ts.image_size(file)
    natural_h = width * ih / iw
    max_h = grid.height * 0.25
    lines = max(4, min(round(natural_h / grid.pitch), int(max_h / grid.pitch)))
    picture_h = lines * grid.pitch - (grid.pitch - grid.body_size)
    crop = _crop(iw / ih, width, picture_h)
    caption: tuple[Line, ...] = ()
    if text:
        caption = ts.compose((ts.span("caption", text),), width, role="caption")
    # one body line of white after the caption separates it from the text below
    return ImagePiece(file, lines + len(caption) + 1, picture_h, crop, caption, ts.size("caption"),
                      iw / ih, width)


def image_flex(m: Measured) -> int:
    """Lines the first picture may grow by: up to half its height again (cropped to keep its proportions)."""
    if not m.images:
        return 0
    image = m.images[0]
    return max(0, (image.depth - len(image.caption) - 1) // 2)


def grow(ts: Typesetter, m: Measured, extra: int, head_space: int) -> tuple[Measured, int]:
    """Absorb ``extra`` body lines in the flexible parts: the first picture grows first, then
    the space around the heads, by at most ``head_space`` lines. Returns the grown pieces and
    the lines left over (white at the module's foot)."""
    images = list(m.images)
    k = min(extra, image_flex(m))
    if k > 0:
        image = images[0]
        picture_h = image.picture_h + k * ts.grid.pitch
        images[0] = replace(image, depth=image.depth + k, picture_h=picture_h,
                            crop=_crop(image.aspect, image.width, picture_h))
        extra -= k
    head = min(max(extra, 0), head_space)
    return replace(m, images=tuple(images), head_depth=m.head_depth + head), extra - head


def _crop(image_ratio: float, w: float, h: float) -> tuple[float, float, float, float]:
    """Centre crop that fills a w × h frame without distortion: fractions kept (l, t, r, b)."""
    frame_ratio = w / h
    if image_ratio > frame_ratio:  # too wide: crop the sides
        keep = frame_ratio / image_ratio
        return ((1 - keep) / 2, 0.0, (1 + keep) / 2, 1.0)
    keep = image_ratio / frame_ratio
    return (0.0, (1 - keep) / 2, 1.0, (1 + keep) / 2)
