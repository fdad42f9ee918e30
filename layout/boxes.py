"""The placed-box tree: what the composers produce and the renderer draws, as plain data.

All lengths are pt. Page coordinates have their origin at the top-left corner of the trim,
y pointing down; only the renderer flips to PDF's bottom-left origin. Colours are CMYK
fractions (0–1). ``to_data()`` gives the rounded, serialisable form that snapshots record.
"""
from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass

CMYK = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class GlyphRun:
    """Characters drawn from ``x`` (relative to the line start) with ``char_space`` after each."""

    font: str
    size: float
    text: str
    x: float
    char_space: float = 0.0
    color: CMYK = (0.0, 0.0, 0.0, 1.0)
    hscale: float = 1.0  # horizontal scale of the glyphs (1 = as designed)


@dataclass(frozen=True, slots=True)
class Line:
    runs: tuple[GlyphRun, ...]
    width: float     # set width after adjustment
    measure: float   # the measure the line was composed for
    start: int       # index into the paragraph's text
    end: int
    last: bool       # last line of its paragraph
    forced: bool = False  # the break before this line breaks a kinsoku rule: nothing else fitted

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass(frozen=True, slots=True)
class TextBlock:
    """Lines placed on the page: ``baselines[i]`` is the page y of line i, ``offsets[i]`` its x shift."""

    role: str
    article_id: str | None
    x: float
    y: float
    w: float
    h: float
    lines: tuple[Line, ...]
    baselines: tuple[float, ...]
    offsets: tuple[float, ...]


@dataclass(frozen=True, slots=True)
class ImageBox:
    article_id: str | None
    x: float
    y: float
    w: float
    h: float
    path: str
    crop: tuple[float, float, float, float]  # fractions of the image kept: left, top, right, bottom


@dataclass(frozen=True, slots=True)
class RuleBox:
    x1: float
    y1: float
    x2: float
    y2: float
    weight: float
    color: CMYK


@dataclass(frozen=True, slots=True)
class FrameBox:
    """A rectangle: the frame of a boxed item, or a filled panel (column label)."""

    x: float
    y: float
    w: float
    h: float
    weight: float
    stroke: CMYK | None
    fill: CMYK | None


Box = TextBlock | ImageBox | RuleBox | FrameBox


@dataclass(frozen=True, slots=True)
class Module:
    """One article (or part of a jumped article) as a rectangle on the column grid."""

    article_id: str
    part: int          # 0 = the start; 1 = the continuation after a jump
    col: int           # first grid column (0-based)
    span: int          # columns covered
    top_line: int      # first body line of the type area (0-based)
    depth: int         # body lines covered
    x: float
    y: float
    w: float
    h: float
    boxes: tuple[Box, ...]


@dataclass(frozen=True, slots=True)
class Jump:
    article_id: str
    from_page: int
    to_page: int
    chars_before: int  # characters of body text set before the jump


@dataclass(frozen=True, slots=True)
class Page:
    number: int
    width: float
    height: float
    bleed: float
    type_area: tuple[float, float, float, float]  # x, y, w, h
    modules: tuple[Module, ...]
    furniture: tuple[Box, ...]
    body_top: float = 0.0  # y where the modules' area starts (below the masthead on page 1)

    @property
    def fill(self) -> float:
        """Share of the modules' area (the type area below any masthead) that modules cover."""
        x, y, w, h = self.type_area
        area = w * (y + h - max(y, self.body_top))
        return sum(m.w * m.h for m in self.modules) / area if area > 0 else 0.0


@dataclass(frozen=True, slots=True)
class EditionLayout:
    title: str
    pages: tuple[Page, ...]
    jumps: tuple[Jump, ...]


def to_data(obj):
    """Serialisable, rounded form of any box (for snapshots and debugging)."""
    if isinstance(obj, Line):
        return {"text": obj.text, "width": round(obj.width, 2), "last": obj.last}
    if isinstance(obj, TextBlock):
        return {"kind": "text", "role": obj.role, "rect": _rect(obj),
                "lines": [to_data(line) for line in obj.lines],
                "baselines": [round(b, 2) for b in obj.baselines]}
    if isinstance(obj, ImageBox):  # the file name only: snapshots must not depend on the checkout path
        return {"kind": "imagebox", "rect": _rect(obj), "file": obj.path.replace("\\", "/").rsplit("/", 1)[-1],
                "crop": [round(v, 4) for v in obj.crop]}
    if is_dataclass(obj):
        out = {"kind": type(obj).__name__.lower()} if isinstance(obj, (ImageBox, RuleBox, FrameBox)) else {}
        for f in fields(obj):
            out[f.name] = to_data(getattr(obj, f.name))
        return out
    if isinstance(obj, (tuple, list)):
        return [to_data(v) for v in obj]
    if isinstance(obj, float):
        return round(obj, 2)
    return obj


def _rect(box) -> list[float]:
    return [round(box.x, 2), round(box.y, 2), round(box.w, 2), round(box.h, 2)]
