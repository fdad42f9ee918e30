"""Validated input models: the edition file and the paper's styles."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PIL import Image as PILImage, UnidentifiedImageError

from layout.errors import InputError
from layout.models.edition import Article, Edition, Image, PageSpec, Subhead, Turn
from layout.models.load import line_of, read_yaml, validate
from layout.models.style import Stylesheet, TextStyle

__all__ = ["Article", "Edition", "Image", "PageSpec", "Subhead", "Turn", "Stylesheet",
           "TextStyle", "LoadedEdition", "load_edition", "load_styles"]


@dataclass(frozen=True)
class LoadedEdition:
    edition: Edition
    path: Path
    image_paths: dict[str, Path]  # Image.path as written → resolved file

    @property
    def base(self) -> Path:
        return self.path.parent


def load_styles(path: Path) -> tuple[Stylesheet, dict[str, Path]]:
    """Load styles.yaml; return the stylesheet and the resolved font files."""
    data, lines = read_yaml(path)
    styles = validate(Stylesheet, data, lines, path)
    fonts: dict[str, Path] = {}
    for key, rel in styles.fonts.items():
        file = (path.parent / rel).resolve()
        if not file.is_file():
            raise InputError(f"font file not found: {rel}", file=path,
                             line=line_of(lines, ("fonts", key)), where=f"fonts.{key}",
                             hint="put the file there or fix the path (relative to styles.yaml)")
        fonts[key] = file
    grid, page = styles.grid, styles.page
    from layout.units import mm
    width = grid.body_size_pt * (grid.columns * grid.column_chars + (grid.columns - 1) * grid.gutter_em)
    avail = mm(page.trim_mm.width - page.margins_mm.left - page.margins_mm.right)
    if width > avail + 0.01:
        raise InputError(f"the column grid is {width:.1f} pt wide but the type area is only {avail:.1f} pt",
                         file=path, line=line_of(lines, ("grid",)), where="grid",
                         hint="use fewer columns or characters, a smaller body size, or smaller margins")
    height = mm(page.trim_mm.height - page.margins_mm.top - page.margins_mm.bottom)
    if height < 10 * grid.line_pitch_pt:
        raise InputError("the type area holds fewer than 10 body lines", file=path,
                         line=line_of(lines, ("page", "margins_mm")), where="page.margins_mm",
                         hint="reduce the margins or the line pitch")
    return styles, fonts


def load_edition(path: Path) -> LoadedEdition:
    """Load and cross-check an edition file."""
    data, lines = read_yaml(path)
    edition = validate(Edition, data, lines, path)
    _check_references(edition, lines, path)
    images = _check_images(edition, lines, path)
    return LoadedEdition(edition, path, images)


def _check_references(edition: Edition, lines, path: Path) -> None:
    seen: dict[str, int] = {}
    for i, art in enumerate(edition.articles):
        if art.id in seen:
            raise InputError(f"duplicate article id '{art.id}' (also articles[{seen[art.id]}])",
                             file=path, line=line_of(lines, ("articles", i, "id")),
                             where=f"articles[{i}].id", hint="give each article its own id")
        seen[art.id] = i
    placed: dict[str, int] = {}
    for p, page in enumerate(edition.pages):
        if page.number != p + 1:
            raise InputError(f"page number {page.number} is out of sequence (expected {p + 1})",
                             file=path, line=line_of(lines, ("pages", p, "number")),
                             where=f"pages[{p}].number", hint="list pages 1, 2, 3… in order")
        for a, art_id in enumerate(page.articles):
            if art_id not in seen:
                raise InputError(f"page {page.number} lists unknown article '{art_id}'",
                                 file=path, line=line_of(lines, ("pages", p, "articles", a)),
                                 where=f"pages[{p}].articles[{a}]",
                                 hint="add the article under 'articles' or fix the id")
            if art_id in placed:
                raise InputError(f"article '{art_id}' is listed on page {placed[art_id]} and page {page.number}",
                                 file=path, line=line_of(lines, ("pages", p, "articles", a)),
                                 where=f"pages[{p}].articles[{a}]",
                                 hint="list it once; use jump_to for a continuation")
            placed[art_id] = page.number
    for art_id, i in seen.items():
        art = edition.articles[i]
        if art_id not in placed:
            raise InputError(f"article '{art_id}' is on no page", file=path,
                             line=line_of(lines, ("articles", i)), where=f"articles[{i}]",
                             hint="list its id under a page's 'articles'")
        if art.jump_to is not None and not placed[art_id] < art.jump_to <= len(edition.pages):
            raise InputError(f"jump_to {art.jump_to} must be a later page of this edition",
                             file=path, line=line_of(lines, ("articles", i, "jump_to")),
                             where=f"articles[{i}].jump_to", hint=f"use a page after {placed[art_id]}")


def _check_images(edition: Edition, lines, path: Path) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for i, art in enumerate(edition.articles):
        for j, image in enumerate(art.images):
            file = (path.parent / image.path).resolve()
            where = f"articles[{i}].images[{j}].path"
            line = line_of(lines, ("articles", i, "images", j, "path"))
            if not file.is_file():
                raise InputError(f"image file not found: {image.path}", file=path, line=line,
                                 where=where, hint="fix the path (relative to the edition file)")
            try:
                with PILImage.open(file) as im:
                    im.verify()
                with PILImage.open(file) as im:
                    w, h = im.size
            except (UnidentifiedImageError, OSError, SyntaxError) as exc:
                raise InputError(f"cannot read image {image.path} ({exc})", file=path, line=line,
                                 where=where, hint="use a JPEG, PNG or TIFF file") from None
            if w == 0 or h == 0:
                raise InputError(f"image {image.path} has zero size", file=path, line=line, where=where)
            found[image.path] = file
    return found
