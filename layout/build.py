"""The whole pipeline: load → fonts → compose → render → check; the PDF is written atomically."""
from __future__ import annotations

import errno
import math
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from layout.boxes import EditionLayout
from layout.errors import Diagnostic, FitError, FontError, InputError
from layout.fonts import FontSet, font_runs, load_fonts
from layout.models import (Edition, LoadedEdition, Stylesheet, Subhead, Turn, check_against_styles,
                           load_edition, load_styles)
from layout.models.load import line_of
from layout.pages import compose_edition
from layout.pages.grid import Grid
from layout.preflight import Report, preflight
from layout.render import PrintOptions, render_pdf


@dataclass(frozen=True)
class BuildResult:
    pdf: Path
    layout: EditionLayout
    diagnostics: tuple[Diagnostic, ...]
    preflight: Report | None = None   # the written PDF checked against PDF/X-1a and styles.yaml's print limits
    handoff: tuple[dict, ...] = ()    # manifest entries of the page files, when a handoff folder was asked for


def find_styles(edition_path: Path) -> Path:
    """styles.yaml in the edition's folder or the nearest folder above it."""
    for folder in (edition_path.resolve().parent, *edition_path.resolve().parents):
        candidate = folder / "styles.yaml"
        if candidate.is_file():
            return candidate
    raise InputError("no styles.yaml found next to the edition or above it", file=edition_path,
                     hint="pass --styles FILE")


def default_output(edition: Edition) -> Path:
    return Path("out") / f"{edition.date.isoformat()}.pdf"


def load(edition_path: Path, styles_path: Path | None = None) -> tuple[LoadedEdition, Stylesheet, FontSet]:
    """Load and cross-check everything the build reads; every input error is raised here or in
    the page composer (FitError), before anything is written."""
    if not Path(edition_path).is_file():
        raise InputError("edition file not found", file=edition_path, hint="check the path")
    styles_path = styles_path or find_styles(edition_path)
    styles, font_files = load_styles(styles_path)
    loaded = load_edition(edition_path)
    check_against_styles(loaded, styles)
    fonts = load_fonts(font_files, styles_path)
    for key in sorted({style.font for style in styles.styles.values()}):
        fonts[key]  # read every style's own font now, so a broken file fails here; fallbacks on demand
    check_coverage(loaded, styles, fonts)
    check_headlines(loaded, styles, fonts)
    return loaded, styles, fonts


def compose(edition_path: Path, styles_path: Path | None = None):
    """Load and compose without writing anything: (loaded, styles, fonts, LayoutResult)."""
    loaded, styles, fonts = load(edition_path, styles_path)
    return loaded, styles, fonts, compose_pages(loaded, styles, fonts)


def compose_pages(loaded: LoadedEdition, styles: Stylesheet, fonts: FontSet):
    """The page composer; a fit error is placed in the edition file (the article's or the page's line)."""
    try:
        return compose_edition(loaded, styles, fonts)
    except FitError as exc:
        if exc.file is None:
            exc.file = str(loaded.path)
            exc.line = _line_of_where(loaded, exc.where)
        raise


def _line_of_where(loaded: LoadedEdition, where: str | None) -> int | None:
    edition = loaded.edition
    for i, art in enumerate(edition.articles):
        if where == art.id:
            return line_of(loaded.lines, ("articles", i))
    for i, page in enumerate(edition.pages):
        if where == f"page {page.number}":
            return line_of(loaded.lines, ("pages", i))
    return None


def build(edition_path: Path, out: Path | None = None, styles_path: Path | None = None, *,
          marks: bool | None = None, handoff: Path | None = None, check: bool = True) -> BuildResult:
    """Compose, render (atomically), preflight the written PDF, and write the handoff package.

    ``marks`` overrides styles.yaml's ``print.marks``. The handoff folder is written only when the
    preflight passes: a file the print shop would reject is never handed off.
    """
    loaded, styles, fonts = load(edition_path, styles_path)
    out = out or default_output(loaded.edition)
    check_output(out)  # fail before the slow part, not after it
    result = compose_pages(loaded, styles, fonts)
    options = PrintOptions.from_spec(styles.print, loaded.edition.date, marks)
    body_font = fonts[styles.styles["body"].font].name
    write_atomically(out, lambda tmp: render_pdf(result.layout, tmp, body_font, options))
    report = preflight(out, ink_limit=styles.print.ink_limit_pct, min_ppi=styles.print.min_ppi) \
        if check or handoff else None
    entries: list[dict] = []
    if handoff is not None and report is not None and report.ok:
        from layout.render.handoff import write_handoff  # pikepdf: only when a handoff is asked for
        entries = write_handoff(out, handoff, loaded.edition.date.isoformat(),
                                [page.number for page in result.layout.pages], write_atomically)
    return BuildResult(out, result.layout, loaded.notes + tuple(result.diagnostics), report, tuple(entries))


def check_output(target: Path) -> None:
    """The PDF can be written there: the folder exists (it is created) and is writable, and the
    target is not a folder."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"cannot create the output folder {target.parent} ({exc.strerror})", file=target,
                         hint="choose another output with -o") from None
    if target.is_dir():
        raise InputError("the output is a folder, not a file", file=target,
                         hint="give a file name ending in .pdf with -o")
    if not os.access(target.parent, os.W_OK | os.X_OK):
        raise InputError(f"the output folder {target.parent} is not writable", file=target,
                         hint="choose another output with -o, or fix the folder's permissions")


OUTPUT_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EACCES, errno.EPERM, errno.EROFS, errno.EISDIR,
                 errno.ENOTDIR, errno.EXDEV}


def write_atomically(target: Path, write) -> None:
    """Write via a temporary file in the same folder, then rename: never a half-written PDF."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise InputError(f"cannot write to {target.parent} ({exc.strerror})", file=target,
                         hint="choose another output with -o") from None
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        write(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OSError as exc:
        if exc.errno not in OUTPUT_ERRNOS:
            raise
        raise InputError(f"cannot write the file ({exc.strerror})", file=target,
                         hint="free some space or choose another output with -o") from None
    finally:
        if tmp.exists():
            tmp.unlink()


def article_texts(article) -> list[tuple[str, str]]:
    """(style role, text) of everything an article prints, in reading order."""
    out = []
    for role, text in (("column_label", article.column_label), ("kicker", article.kicker),
                       ("promo_title" if article.kind == "promo" else "headline", article.headline),
                       ("deck", article.deck)):
        if text:
            out.append((role, text))
    for image in article.images:
        for text in (image.caption, image.credit):
            if text:
                out.append(("caption", text))
    if article.byline:
        out.append(("byline", article.byline))
    body_role = "promo_text" if article.kind == "promo" else "body"
    for para in article.body:
        if isinstance(para, Subhead):
            out.append(("subhead", para.subhead))
        elif isinstance(para, Turn):
            out += [("speaker", para.speaker + "："), (body_role, para.text)]
        else:
            out.append((body_role, para))
    return out


def edition_texts(edition: Edition) -> list[tuple[str, str, str]]:
    """(where, style role, text) of everything the edition prints: articles and page furniture."""
    out = [(article.id, role, text) for article in edition.articles for role, text in article_texts(article)]
    out.append(("masthead", "masthead", edition.paper))
    mh = edition.masthead
    if mh is not None:
        for name in ("publisher", "cn_number", "postal_code"):
            value = getattr(mh, name, None)
            if value:
                out.append(("masthead", "masthead_info", str(value)))
    for page in edition.pages:
        for text in (page.section, page.editor):
            if text:
                out.append((f"page {page.number}", "page_header", text))
    return out


def check_coverage(loaded: LoadedEdition, styles: Stylesheet, fonts: FontSet) -> None:
    """Fail before composing if a character is missing from every font of its style's fallback chain."""
    missing: dict[str, set[str]] = {}
    for where, role, text in edition_texts(loaded.edition):
        style = styles.styles.get(role) or styles.styles["body"]
        if not fonts.missing(style.font, text):
            continue  # the style's own font has every character: its fallbacks need not be read
        for font, run in font_runs(text, fonts.chain(style.font, style.fallback)):
            if font is None:
                for ch in run:
                    if not ch.isspace():
                        missing.setdefault(ch, set()).add(f"{where} ({role})")
    if missing:
        listed = "; ".join(f"'{ch}' U+{ord(ch):04X} in {', '.join(sorted(ids))}"
                           for ch, ids in sorted(missing.items()))
        raise FontError(f"characters missing from the fonts: {listed}", file=loaded.path,
                        hint="replace them, or add a font that has them to the style's `fallback` in styles.yaml")


def check_headlines(loaded: LoadedEdition, styles: Stylesheet, fonts: FontSet) -> None:
    """A headline longer than the widest module can hold in ``modules.max_headline_lines`` lines
    at the smallest size of the ladder fails here, naming the article (the page composer would
    only say that the page is overfull)."""
    grid = Grid.from_styles(styles)
    style = styles.styles["headline"]
    size = min(step.size_pt for step in styles.headline_ladder)
    limit = styles.modules.max_headline_lines
    for i, art in enumerate(loaded.edition.articles):
        if not art.headline or art.kind == "promo":
            continue
        span = art.span or grid.columns
        measure = grid.span_w(span)
        font = (fonts.with_fallback(style.font, style.fallback) if fonts.missing(style.font, art.headline)
                else fonts[style.font])
        width = font.text_width(art.headline) * size
        need = math.ceil(width / measure - 1e-9)  # at least this many: breaking only adds lines
        if need > limit:
            chars = int(limit * measure / size)
            raise InputError(
                f"headline of '{art.id}' ({len(art.headline)} characters) needs at least {need} lines "
                f"across {span} columns at {size:g} pt, the smallest size of the ladder; at most {limit} fit",
                file=loaded.path, line=line_of(loaded.lines, ("articles", i, "headline")),
                where=f"articles[{i}].headline",
                hint=f"shorten it to about {chars} characters or move part of it to the kicker or deck")
