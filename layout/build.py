"""The whole pipeline: load → fonts → compose → render → check; the PDF is written atomically."""
from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from layout.boxes import EditionLayout
from layout.errors import Diagnostic, FontError, InputError
from layout.fonts import FontSet, load_fonts
from layout.models import Edition, LoadedEdition, Stylesheet, Subhead, Turn, load_edition, load_styles
from layout.pages import compose_edition
from layout.render import render_pdf


@dataclass(frozen=True)
class BuildResult:
    pdf: Path
    layout: EditionLayout
    diagnostics: tuple[Diagnostic, ...]


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


def compose(edition_path: Path, styles_path: Path | None = None):
    """Load and compose without writing anything: (loaded, styles, fonts, LayoutResult)."""
    styles_path = styles_path or find_styles(edition_path)
    styles, font_files = load_styles(styles_path)
    loaded = load_edition(edition_path)
    fonts = load_fonts(font_files, styles_path)
    check_coverage(loaded, styles, fonts)
    return loaded, styles, fonts, compose_edition(loaded, styles, fonts)


def build(edition_path: Path, out: Path | None = None, styles_path: Path | None = None) -> BuildResult:
    loaded, styles, fonts, result = compose(edition_path, styles_path)
    out = out or default_output(loaded.edition)
    write_atomically(out, lambda tmp: render_pdf(result.layout, tmp, fonts[styles.styles["body"].font].name))
    return BuildResult(out, result.layout, result.diagnostics)


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


def check_coverage(loaded: LoadedEdition, styles: Stylesheet, fonts: FontSet) -> None:
    """Fail before composing if a character is missing from the font its style uses."""
    missing: dict[str, set[str]] = {}
    for article in loaded.edition.articles:
        for role, text in article_texts(article):
            for ch in fonts.missing(styles.styles[role].font, text):
                missing.setdefault(ch, set()).add(article.id)
    if missing:
        listed = "; ".join(f"'{ch}' U+{ord(ch):04X} in {', '.join(sorted(ids))}"
                           for ch, ids in sorted(missing.items()))
        raise FontError(f"characters missing from the fonts: {listed}", file=loaded.path,
                        hint="replace them or add a font that has them")
