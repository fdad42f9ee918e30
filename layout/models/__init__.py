"""Validated input models: the edition file and the paper's styles."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image as PILImage, UnidentifiedImageError

from layout.errors import Diagnostic, InputError
from layout.models.edition import Article, Edition, Image, PageSpec, Subhead, Turn
from layout.models.load import dotted, line_of, read_yaml, validate
from layout.models.style import Stylesheet, TextStyle
from layout.models.text import punctuation_changes

__all__ = ["Article", "Edition", "Image", "PageSpec", "Subhead", "Turn", "Stylesheet",
           "TextStyle", "LoadedEdition", "load_edition", "load_styles", "check_against_styles"]

IMAGE_FORMATS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "TIFF": "TIFF"}  # PIL format → what we call it


@dataclass(frozen=True)
class LoadedEdition:
    edition: Edition
    path: Path
    image_paths: dict[str, Path]  # Image.path as written → resolved file
    lines: dict = field(default_factory=dict, repr=False, compare=False)  # data path → YAML line
    notes: tuple[Diagnostic, ...] = ()  # what loading changed, e.g. punctuation set full width

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
        _check_font_file(file, rel, path, line_of(lines, ("fonts", key)), f"fonts.{key}")
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
    if grid.line_pitch_pt < grid.body_size_pt:
        raise InputError(f"line_pitch_pt {grid.line_pitch_pt} is smaller than body_size_pt {grid.body_size_pt}: "
                         "body lines would overlap", file=path, line=line_of(lines, ("grid", "line_pitch_pt")),
                         where="grid.line_pitch_pt", hint="use a pitch of at least the body size (e.g. 1.3 ×)")
    for i, step in enumerate(styles.headline_ladder):
        if step.span > grid.columns:
            raise InputError(f"span {step.span} is wider than the grid's {grid.columns} columns", file=path,
                             line=line_of(lines, ("headline_ladder", i, "span")),
                             where=f"headline_ladder[{i}].span", hint=f"use 1 to {grid.columns}")
    return styles, fonts


FONT_MAGIC = {b"\x00\x01\x00\x00": None, b"true": None,
              b"OTTO": "has CFF (PostScript) outlines, which the PDF/X output cannot embed",
              b"ttcf": "is a font collection (.ttc)",
              b"wOFF": "is a web font (WOFF)", b"wOF2": "is a web font (WOFF2)"}


def _check_font_file(file: Path, rel: str, styles_path: Path, line: int | None, where: str) -> None:
    """A font key must name a TrueType file: fail here, with the line, before any font is loaded."""
    if not file.is_file():
        raise InputError(f"font file not found: {rel}", file=styles_path, line=line, where=where,
                         hint="put the file there or fix the path (relative to styles.yaml)")
    try:
        with open(file, "rb") as fh:
            magic = fh.read(4)
    except OSError as exc:
        raise InputError(f"cannot read font file {rel} ({exc.strerror})", file=styles_path, line=line,
                         where=where, hint="check the file's permissions") from None
    if magic not in FONT_MAGIC:
        raise InputError(f"{rel} is not a font file ({'empty' if not magic else f'starts with {magic!r}'})",
                         file=styles_path, line=line, where=where, hint="give a TrueType (.ttf) file")
    if FONT_MAGIC[magic]:
        raise InputError(f"{rel} {FONT_MAGIC[magic]}", file=styles_path, line=line, where=where,
                         hint="give a TrueType (.ttf) file; convert CFF/OpenType outlines first "
                              "(see fonts/convert_noto.py)")


def load_edition(path: Path) -> LoadedEdition:
    """Load and cross-check an edition file."""
    data, lines = read_yaml(path)
    edition = validate(Edition, data, lines, path)
    _check_references(edition, lines, path)
    images = _check_images(edition, lines, path)
    return LoadedEdition(edition, path, images, lines, _punctuation_notes(data, lines, path))


NOT_PRINTED = {"id", "path", "kind", "placeholders", "date"}


def _punctuation_notes(data: Any, lines, path: Path) -> tuple[Diagnostic, ...]:
    """One note saying where half-width punctuation in Chinese text was set full width."""
    places: list[tuple[Any, int]] = []

    def walk(value: Any, at: tuple) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key not in NOT_PRINTED and not (at[:1] == ("pages",) and key == "articles"):
                    walk(item, at + (key,))
        elif isinstance(value, list):
            for n, item in enumerate(value):
                walk(item, at + (n,))
        elif isinstance(value, str):
            count = punctuation_changes(value)
            if count:
                places.append((at, count))

    walk(data, ())
    if not places:
        return ()
    total = sum(count for _, count in places)
    shown = "; ".join(f"line {line_of(lines, at)} {dotted(at)} ({count})" for at, count in places[:3])
    more = f"; and {len(places) - 3} more fields" if len(places) > 3 else ""
    return (Diagnostic("note", f"{total} half-width marks (, ; : ? ! ( )) in Chinese text set full width: "
                               f"{shown}{more}", where=str(path),
                       hint="type full-width ，；：？！（） to silence this"),)


def check_against_styles(loaded: LoadedEdition, styles: Stylesheet) -> None:
    """Pins the paper's grid can never satisfy: a span wider than the grid, a depth deeper than a page."""
    from layout.units import mm

    grid, page = styles.grid, styles.page
    page_lines = math.floor(mm(page.trim_mm.height - page.margins_mm.top - page.margins_mm.bottom)
                            / grid.line_pitch_pt + 1e-9)
    page_of = {art_id: page.number for page in loaded.edition.pages for art_id in page.articles}
    pinned_on: dict[int, int] = {}  # page → index of the article pinned to a position there
    for i, art in enumerate(loaded.edition.articles):
        if art.position is not None:
            _check_position(loaded, i, grid.columns, page_lines)
            page_no = page_of[art.id]
            if page_no in pinned_on:
                other = loaded.edition.articles[pinned_on[page_no]]
                same = " (the same place)" if other.position == art.position else ""
                raise InputError(f"'{art.id}' and '{other.id}' are both pinned to a position on page {page_no}{same}",
                                 file=loaded.path, line=line_of(loaded.lines, ("articles", i, "position")),
                                 where=f"articles[{i}].position ({art.id})",
                                 hint="pin one position per page; give the other a span instead")
            pinned_on[page_no] = i
        if art.span is not None and art.span > grid.columns:
            raise InputError(f"span {art.span} is wider than the grid's {grid.columns} columns",
                             file=loaded.path, line=line_of(loaded.lines, ("articles", i, "span")),
                             where=f"articles[{i}].span ({art.id})", hint=f"use a span from 1 to {grid.columns}")
        if art.depth is not None and art.depth >= page_lines:
            raise InputError(f"depth {art.depth} is not less than the {page_lines} body lines of a whole page",
                             file=loaded.path, line=line_of(loaded.lines, ("articles", i, "depth")),
                             where=f"articles[{i}].depth ({art.id})",
                             hint=f"pin a depth below {page_lines} (the heads and the page furniture take lines too)")


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
            if file.is_dir():
                raise InputError(f"image path {image.path} is a folder, not a file", file=path, line=line,
                                 where=where, hint="name the image file inside it")
            if not file.is_file():
                raise InputError(f"image file not found: {image.path}", file=path, line=line,
                                 where=where, hint="fix the path (relative to the edition file)")
            _check_image_file(file, image.path, path, line, where)
            found[image.path] = file
    return found


def _check_image_file(file: Path, shown: str, path: Path, line: int | None, where: str) -> None:
    """Open and fully decode the image, so that a damaged file fails here, naming its line."""
    def fail(what: str, hint: str = "re-export it from the photo desk as JPEG, PNG or TIFF") -> InputError:
        return InputError(f"image {shown} {what}", file=path, line=line, where=where, hint=hint)

    try:
        size = file.stat().st_size
        if size == 0:
            raise fail("is empty (0 bytes)")
        with PILImage.open(file) as im:
            fmt = im.format
            if fmt not in IMAGE_FORMATS:
                raise fail(f"is in {fmt} format, which is not supported",
                           hint="convert it to JPEG, PNG or TIFF")
            w, h = im.size
            if w == 0 or h == 0:
                raise fail(f"has zero size ({w} × {h} pixels)")
            im.load()  # decode: a truncated or damaged file fails now, not while rendering
    except InputError:
        raise
    except PermissionError:
        raise fail("cannot be read (permission denied)", hint="check the file's permissions") from None
    except UnidentifiedImageError:
        zero = _png_zero_size(file)
        if zero:
            raise fail(f"has zero size ({zero[0]} × {zero[1]} pixels)") from None
        raise fail("is damaged or not an image (the file's contents are not a recognisable picture)") from None
    except PILImage.DecompressionBombError as exc:
        raise fail(f"is too large to open safely ({exc})", hint="scale it down") from None
    except (OSError, SyntaxError, ValueError) as exc:
        raise fail(f"is damaged ({exc})") from None


def _png_zero_size(file: Path) -> tuple[int, int] | None:
    """(width, height) from a PNG header that declares a zero dimension (PIL will not open those)."""
    with open(file, "rb") as fh:
        head = fh.read(24)
    if head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR":
        w, h = int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
        if w == 0 or h == 0:
            return w, h
    return None


def _check_position(loaded: LoadedEdition, i: int, columns: int, page_lines: int) -> None:
    """A position pin inside the grid, with room for the pinned span and depth."""
    art = loaded.edition.articles[i]
    pos = art.position

    def fail(field: str, what: str, hint: str) -> InputError:
        return InputError(what, file=loaded.path, line=line_of(loaded.lines, ("articles", i, "position", field)),
                          where=f"articles[{i}].position.{field} ({art.id})", hint=hint)

    span = art.span or 1
    if pos.column + span - 1 > columns:
        what = f"column {pos.column}" + (f" with span {art.span}" if art.span else "")
        raise fail("column", f"{what} runs past the grid's {columns} columns",
                   f"pin a column from 1 to {columns - span + 1}")
    if pos.line + (art.depth or 1) > page_lines:
        what = f"line {pos.line}" + (f" with depth {art.depth}" if art.depth else "")
        raise fail("line", f"{what} runs past the page's {page_lines} body lines",
                   f"pin a line from 0 to {page_lines - (art.depth or 1)}")
