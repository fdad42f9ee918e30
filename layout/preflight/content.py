"""Walk the content streams of a PDF page (and the forms it draws) with a small graphics state.

What a print shop's preflight looks at: the colour every object is painted in, whether black
overprints, where images land (effective resolution), and what is inside the printer-marks
marked content. The walker records facts; checks.py judges them.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field, replace

import pikepdf

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
MARKS_TAG = "/PrinterMarks"
IMAGE_TAG = "/Figure"


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """m × n (PDF convention: the new CTM is cm-matrix × old CTM)."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


@dataclass(frozen=True)
class Color:
    space: str                   # /DeviceCMYK, /DeviceGray, /DeviceRGB, or another space's name
    values: tuple[float, ...]

    @property
    def cmyk(self) -> tuple[float, float, float, float] | None:
        if self.space == "/DeviceCMYK" and len(self.values) == 4:
            return tuple(self.values)  # type: ignore[return-value]
        if self.space == "/DeviceGray" and len(self.values) == 1:
            return (0.0, 0.0, 0.0, 1.0 - self.values[0])
        return None

    @property
    def ink(self) -> float | None:
        cmyk = self.cmyk
        return None if cmyk is None else 100 * sum(cmyk)

    @property
    def k_only(self) -> bool:
        cmyk = self.cmyk
        return cmyk is not None and cmyk[0] == cmyk[1] == cmyk[2] == 0 and cmyk[3] > 0

    @property
    def rich_black(self) -> bool:
        cmyk = self.cmyk
        return cmyk is not None and cmyk[3] >= 0.9 and any(v > 0 for v in cmyk[:3])

    def __str__(self) -> str:
        return f"{self.space[1:]} {' '.join(f'{v:g}' for v in self.values)}"


BLACK = Color("/DeviceGray", (0.0,))


@dataclass(frozen=True)
class GState:
    ctm: Matrix = IDENTITY
    fill: Color = BLACK
    stroke: Color = BLACK
    op: bool | None = None   # fill overprint; None = follows OP (PDF default)
    OP: bool = False
    opm: int = 0

    @property
    def fill_overprint(self) -> bool:
        return self.OP if self.op is None else self.op


@dataclass(frozen=True)
class Paint:
    kind: str        # "text" | "stroke" | "fill"
    color: Color
    overprint: bool
    marks: bool      # inside the printer-marks marked content


@dataclass
class ImageUse:
    page: int
    xobject: pikepdf.Object
    ctm: Matrix
    source: str | None

    @property
    def ppi(self) -> float:
        a, b, c, d, _, _ = self.ctm
        w_in, h_in = math.hypot(a, b) / 72, math.hypot(c, d) / 72
        w_px, h_px = int(self.xobject.get("/Width", 0)), int(self.xobject.get("/Height", 0))
        return min(w_px / w_in if w_in else math.inf, h_px / h_in if h_in else math.inf)


@dataclass
class PageFacts:
    number: int
    paints: Counter[Paint] = field(default_factory=Counter)             # each kind of paint, counted
    color_ops: set[tuple[Color, bool]] = field(default_factory=set)     # (colour, inside marks)
    spaces: set[str] = field(default_factory=set)
    images: list[ImageUse] = field(default_factory=list)
    inline_images: list[pikepdf.PdfInlineImage] = field(default_factory=list)
    mark_segments: list[tuple[tuple[float, float], tuple[float, float]]] = field(default_factory=list)
    gstates: list[pikepdf.Object] = field(default_factory=list)
    forms: list[pikepdf.Object] = field(default_factory=list)


_SPACES_N = {"/DeviceGray": 1, "/DeviceRGB": 3, "/DeviceCMYK": 4}
_PAINT_STROKE = {"S", "s", "B", "B*", "b", "b*"}
_PAINT_FILL = {"f", "F", "f*", "B", "B*", "b", "b*"}
_SHOW_TEXT = {"Tj", "TJ", "'", '"'}


def walk_page(page: pikepdf.Page, number: int) -> PageFacts:
    facts = PageFacts(number)
    _walk(page.obj, page.obj.get("/Resources", pikepdf.Dictionary()), GState(), facts, depth=0)
    return facts


def _num(x) -> float:
    return float(x)


def _walk(stream_owner, resources, gs: GState, facts: PageFacts, depth: int) -> None:
    if depth > 8:
        return
    stack: list[GState] = []
    tags: list[str] = []
    point = (0.0, 0.0)
    xobjects = resources.get("/XObject", pikepdf.Dictionary())
    extg = resources.get("/ExtGState", pikepdf.Dictionary())
    for operands, operator in pikepdf.parse_content_stream(stream_owner):
        op = str(operator)
        in_marks = MARKS_TAG in tags
        if op == "q":
            stack.append(gs)
        elif op == "Q":
            gs = stack.pop() if stack else gs
        elif op == "cm":
            gs = replace(gs, ctm=multiply(tuple(map(_num, operands)), gs.ctm))
        elif op in ("BMC", "BDC"):
            tags.append(str(operands[0]))
            if op == "BDC" and str(operands[0]) == IMAGE_TAG and isinstance(operands[1], pikepdf.Dictionary):
                tags[-1] = IMAGE_TAG + "\0" + str(operands[1].get("/Source", ""))
        elif op == "EMC":
            if tags:
                tags.pop()
        elif op in ("g", "G", "rg", "RG", "k", "K"):
            space = {"g": "/DeviceGray", "rg": "/DeviceRGB", "k": "/DeviceCMYK"}[op.lower()]
            color = Color(space, tuple(map(_num, operands)))
            facts.spaces.add(space)
            facts.color_ops.add((color, in_marks))
            gs = replace(gs, fill=color) if op.islower() else replace(gs, stroke=color)
        elif op in ("cs", "CS"):
            space = _space_name(operands[0], resources)
            facts.spaces.add(space)
            n = _SPACES_N.get(space, 1)
            color = Color(space, (0.0,) * (n - 1) + ((1.0,) if space == "/DeviceCMYK" else (0.0,)))
            gs = replace(gs, fill=color) if op == "cs" else replace(gs, stroke=color)
        elif op in ("sc", "scn", "SC", "SCN"):
            current = gs.fill if op.islower() else gs.stroke
            values = tuple(_num(v) for v in operands if not isinstance(v, pikepdf.Name))
            color = Color(current.space, values)
            facts.color_ops.add((color, in_marks))
            gs = replace(gs, fill=color) if op.islower() else replace(gs, stroke=color)
        elif op == "gs":
            state = extg.get(str(operands[0]))
            if state is not None:
                facts.gstates.append(state)
                if "/OP" in state:
                    gs = replace(gs, OP=bool(state.OP))
                if "/op" in state:
                    gs = replace(gs, op=bool(state.op))
                if "/OPM" in state:
                    gs = replace(gs, opm=int(state.OPM))
        elif op in _SHOW_TEXT:
            facts.paints[Paint("text", gs.fill, gs.fill_overprint, in_marks)] += 1
        elif op in _PAINT_STROKE or op in _PAINT_FILL:
            if op in _PAINT_STROKE:
                facts.paints[Paint("stroke", gs.stroke, gs.OP, in_marks)] += 1
            if op in _PAINT_FILL:
                facts.paints[Paint("fill", gs.fill, gs.fill_overprint, in_marks)] += 1
        elif op == "m":
            point = _apply(gs.ctm, _num(operands[0]), _num(operands[1]))
        elif op == "l":
            end = _apply(gs.ctm, _num(operands[0]), _num(operands[1]))
            if in_marks:
                facts.mark_segments.append((point, end))
            point = end
        elif op == "re" and in_marks:
            x, y, w, h = map(_num, operands)
            corners = [_apply(gs.ctm, x, y), _apply(gs.ctm, x + w, y + h)]
            facts.mark_segments.append((corners[0], corners[1]))
        elif op == "Do":
            xobj = xobjects.get(str(operands[0]))
            if xobj is None:
                continue
            subtype = xobj.get("/Subtype")
            if subtype == "/Image":
                source = next((t.split("\0", 1)[1] for t in reversed(tags) if t.startswith(IMAGE_TAG + "\0")), None)
                facts.images.append(ImageUse(facts.number, xobj, gs.ctm, source or None))
            elif subtype == "/Form":
                facts.forms.append(xobj)
                matrix = tuple(map(_num, xobj.get("/Matrix", IDENTITY)))
                _walk(xobj, xobj.get("/Resources", resources), replace(gs, ctm=multiply(matrix, gs.ctm)),
                      facts, depth + 1)
        elif op == "INLINE IMAGE" or op == "BI":
            for operand in operands:
                if isinstance(operand, pikepdf.PdfInlineImage):
                    facts.inline_images.append(operand)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return (a * x + c * y + e, b * x + d * y + f)


def _space_name(operand, resources) -> str:
    name = str(operand)
    if name in _SPACES_N or name == "/Pattern":
        return name
    space = resources.get("/ColorSpace", pikepdf.Dictionary()).get(name)
    if space is None:
        return name
    if isinstance(space, pikepdf.Array):
        return str(space[0])
    return str(space)
