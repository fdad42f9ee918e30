"""FontSet: font key (from styles.yaml) → loaded TrueType font and its metrics.

reportlab reads the file once (≈0.05 s for a CJK face; a few ms from the font cache, see
cache.py) and subsets it when the PDF is saved; the composers only ever see
:class:`FontMetrics` (advances in em, pure lookups).
"""
from __future__ import annotations

import gc
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError

from layout.errors import FontError
from layout.fonts.cache import load_font, store_extra
from layout.fonts.halt import punctuation_metrics

_REGISTERED: dict[str, Path] = {}  # name registered with reportlab → its file
# (name, font key) → metrics, for later builds in the same process (watch mode); key None: the first
_METRICS: dict[tuple[str, str | None], "FontMetrics"] = {}
_CHAINS: dict[str, tuple["FontMetrics", ...]] = {}  # name of a fallback font → the fonts it draws with


@dataclass(frozen=True, eq=False)
class FontMetrics:
    """Advance widths of one font, in em (1 em = the type size)."""

    key: str
    name: str  # the name registered with reportlab, used by the renderer
    path: Path
    widths: dict[int, float] = field(repr=False)
    ascent: float
    descent: float
    blanks: dict[int, tuple[float, float]] = field(repr=False)  # punctuation: blank (left, right) em
    dash_bearings: tuple[float, float] | None = None  # em dash: blank left and right of its ink, em

    def has(self, char: str) -> bool:
        return ord(char) in self.widths

    def advance(self, char: str) -> float:
        """Advance of one character in em. Unknown characters raise KeyError."""
        return self.widths[ord(char)]

    def text_width(self, text: str) -> float:
        widths = self.widths
        return sum(widths[ord(c)] for c in text)


class FontSet:
    """The fonts of a stylesheet by key, each file read on first use (a fallback font that no
    character needs is never read)."""

    def __init__(self, files: dict[str, Path], styles_path: Path | None = None):
        self.files, self.styles_path = files, styles_path
        self.fonts: dict[str, FontMetrics] = {}

    def __getitem__(self, key: str) -> FontMetrics:
        font = self.fonts.get(key)
        if font is None:
            # parsing a CJK font makes some hundred thousand small objects that live as long
            # as the build: pause the cyclic collector meanwhile
            was_enabled = gc.isenabled()
            gc.disable()
            try:
                font = self.fonts[key] = _register(key, self.files[key], self.styles_path)
            finally:
                if was_enabled:
                    gc.enable()
        return font

    def missing(self, key: str, text: str) -> list[str]:
        """Characters of ``text`` (other than whitespace) that font ``key`` lacks, in order, once each."""
        widths = self[key].widths
        lacking = {ch for ch in set(text) if ord(ch) not in widths and not ch.isspace()}
        if not lacking:
            return []
        return list(dict.fromkeys(ch for ch in text if ch in lacking))

    def chain(self, key: str, fallback: Sequence[str] = ()) -> tuple[FontMetrics, ...]:
        return tuple(self[k] for k in dict.fromkeys((key, *fallback)))

    def with_fallback(self, key: str, fallback: Sequence[str]) -> FontMetrics:
        """Font ``key`` extended by ``fallback``: measures each character with the first font that
        has it; the renderer splits its runs again with :func:`font_runs` (see :func:`fallback_chain`)."""
        return with_fallback(self.chain(key, fallback))


def font_runs(text: str, chain: Sequence[FontMetrics]) -> list[tuple[FontMetrics | None, str]]:
    """Split ``text`` into maximal runs, each drawn with the first font of ``chain`` that has its
    characters; ``None`` marks characters no font has. Whitespace stays with the run it is in."""
    runs: list[tuple[FontMetrics | None, str]] = []
    for ch in text:
        font = next((f for f in chain if ord(ch) in f.widths), None)
        if runs and (font is runs[-1][0] or (ch.isspace() and runs[-1][0] is not None)):
            runs[-1] = (runs[-1][0], runs[-1][1] + ch)
        else:
            runs.append((font, ch))
    return runs


def with_fallback(chain: Sequence[FontMetrics]) -> FontMetrics:
    if len(chain) == 1:
        return chain[0]
    name = "+".join(f.name for f in chain)
    if name not in _CHAINS:
        widths: dict[int, float] = {}
        for font in reversed(chain):
            widths.update(font.widths)
        blanks: dict[int, tuple[float, float]] = {}
        for cp in widths:  # a character's blank sides come from the font that draws it
            source = next(f for f in chain if cp in f.widths)
            if cp in source.blanks:
                blanks[cp] = source.blanks[cp]
        _CHAINS[name] = (replace(chain[0], name=name, widths=widths, blanks=blanks), *chain)
    return _CHAINS[name][0]


def fallback_chain(name: str) -> tuple[FontMetrics, ...] | None:
    """The fonts behind a name made by :func:`with_fallback`, primary first; None for a plain font."""
    chain = _CHAINS.get(name)
    return chain[1:] if chain else None


def _register(key: str, path: Path, where: Path | None) -> FontMetrics:
    name = path.stem
    n = 1
    while name in _REGISTERED and _REGISTERED[name] != path:
        n += 1
        name = f"{path.stem}-{n}"
    if name in _REGISTERED:  # read by an earlier build in this process: the same object, so
        metrics = _METRICS.get((name, key))  # the composers' caches keyed on it hit again
        if metrics is None:
            metrics = _METRICS[name, key] = replace(_METRICS[name, None], key=key)
        return metrics
    try:
        font, extra = load_font(name, path)
    except Exception as exc:  # a damaged file fails in many ways (KeyError for a missing table…)
        raise _unusable(key, path, where, exc) from None
    face = font.face
    if "widths" in extra:
        widths = dict(zip(face.charWidths, extra["widths"]))
        blanks, dash = extra["blanks"], extra["dash"]
    else:
        widths = {cp: w / 1000.0 for cp, w in face.charWidths.items()}
        try:
            blanks, dash = punctuation_metrics(path, face.charToGlyph, widths)
        except Exception as exc:
            raise _unusable(key, path, where, exc) from None
        store_extra(font, {"widths": array("d", widths.values()), "blanks": blanks, "dash": dash})
    pdfmetrics.registerFont(font)
    _REGISTERED[name] = path
    metrics = FontMetrics(key, name, path, widths, face.ascent / 1000.0, face.descent / 1000.0, blanks, dash)
    _METRICS[name, None] = _METRICS[name, key] = metrics
    return metrics


def _unusable(key: str, path: Path, where: Path | None, exc: Exception) -> FontError:
    detail = str(exc) if isinstance(exc, (TTFError, OSError)) else f"{type(exc).__name__}: {exc}"
    return FontError(f"font '{key}' cannot be used: {path.name}: {detail}", file=where, where=f"fonts.{key}",
                     hint="give an undamaged TrueType (.ttf) file; CFF/OpenType outlines must be converted first")


def load_fonts(files: dict[str, Path], styles_path: Path | None = None) -> FontSet:
    """The fonts named, read when first used (each file once)."""
    return FontSet(files, styles_path)
