"""Walk the content streams of a PDF page (and the forms it draws) with a small graphics state.

What a print shop's preflight looks at: the colour every object is painted in, whether black
overprints, where images land (effective resolution), and what is inside the printer-marks
marked content. The walker records facts; checks.py judges them.

Speed (issue #7): qpdf parses only the operators below (``_OPERATORS``); the text-positioning
and font operators that make up most of a newspaper page never reach Python. The graphics state
lives in local variables, text-showing operators only count (their strings are never looked at),
and a form XObject drawn on many pages is parsed once per preflight (``WalkCache``).
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
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
    """The graphics state a walk starts from (inside the walk it lives in local variables)."""
    ctm: Matrix = IDENTITY
    fill: Color = BLACK
    stroke: Color = BLACK
    op: bool | None = None   # fill overprint; None = follows OP (PDF default)
    OP: bool = False
    opm: int = 0


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
    color_ops: dict[tuple[Color, bool], None] = field(default_factory=dict)  # (colour, inside marks), in order
    spaces: set[str] = field(default_factory=set)
    images: list[ImageUse] = field(default_factory=list)
    inline_images: list[pikepdf.PdfInlineImage] = field(default_factory=list)
    mark_segments: list[tuple[tuple[float, float], tuple[float, float]]] = field(default_factory=list)
    gstates: list[pikepdf.Object] = field(default_factory=list)        # each ExtGState once per walk
    forms: list[pikepdf.Object] = field(default_factory=list)          # each form XObject once per page


class WalkCache:
    """Work shared by the pages of one PDF: the parsed content of each form XObject."""

    def __init__(self) -> None:
        self.forms: dict[tuple[int, int], list] = {}

    def instructions(self, owner) -> list:
        import pikepdf
        key = owner.objgen
        if key == (0, 0):
            return pikepdf.parse_content_stream(owner, _OPERATORS)
        parsed = self.forms.get(key)
        if parsed is None:
            parsed = self.forms[key] = pikepdf.parse_content_stream(owner, _OPERATORS)
        return parsed


_MAX_DEPTH = 8   # forms inside forms walked (a form that draws itself stops here)
_SPACES_N = {"/DeviceGray": 1, "/DeviceRGB": 3, "/DeviceCMYK": 4}
_SHOW_TEXT = frozenset({"Tj", "TJ", "'", '"'})
_PAINT_STROKE_ONLY = frozenset({"S", "s"})
_PAINT_FILL_ONLY = frozenset({"f", "F", "f*"})
_PAINT_BOTH = frozenset({"B", "B*", "b", "b*"})
_DEVICE = {"g": "/DeviceGray", "G": "/DeviceGray", "rg": "/DeviceRGB", "RG": "/DeviceRGB",
           "k": "/DeviceCMYK", "K": "/DeviceCMYK"}
# Every operator the walk acts on; qpdf drops all others (and their operands) before Python sees them.
# "BI ID EI" lets inline images through (as "INLINE IMAGE" instructions).
_OPERATORS = " ".join(["q", "Q", "cm", "BMC", "BDC", "EMC", "cs", "CS", "sc", "scn", "SC", "SCN", "gs",
                       "m", "l", "re", "Do", "BI", "ID", "EI", *_DEVICE, *_SHOW_TEXT,
                       *_PAINT_STROKE_ONLY, *_PAINT_FILL_ONLY, *_PAINT_BOTH])


def walk_page(page: pikepdf.Page, number: int, cache: WalkCache | None = None) -> PageFacts:
    import pikepdf
    facts = PageFacts(number)
    instructions = pikepdf.parse_content_stream(page.obj, _OPERATORS)
    _walk(instructions, page.obj.get("/Resources", pikepdf.Dictionary()), GState(), facts, 0,
          cache or WalkCache(), set())
    return facts


def _walk(instructions, resources, gs: GState, facts: PageFacts, depth: int, cache: WalkCache,
          forms_seen: set) -> None:
    """Walk parsed ``instructions`` (a page's or a form's) from graphics state ``gs``."""
    import pikepdf
    Name, Dictionary, InlineImage = pikepdf.Name, pikepdf.Dictionary, pikepdf.PdfInlineImage
    ctm, fill, stroke, op_fill, OP, opm = gs.ctm, gs.fill, gs.stroke, gs.op, gs.OP, gs.opm
    stack: list[tuple] = []
    tags: list[str] = []
    marks = 0                     # how many of ``tags`` are MARKS_TAG
    point = (0.0, 0.0)
    texts = 0                     # text-showing operators not yet counted in facts.paints
    paints, color_ops, spaces = facts.paints, facts.color_ops, facts.spaces
    xobjects = resources.get("/XObject", Dictionary())
    extg = resources.get("/ExtGState", Dictionary())
    gstates: dict[str, tuple | None] = {}
    space_names: dict[str, str] = {}
    show_text, device = _SHOW_TEXT, _DEVICE
    for ins in instructions:
        op = str(ins.operator)
        if op in show_text:
            texts += 1
            continue
        if texts:  # counted in order, so facts.paints keeps the order paints first appear in
            paints[Paint("text", fill, OP if op_fill is None else op_fill, marks > 0)] += texts
            texts = 0
        if op in device:
            space = device[op]
            color = Color(space, tuple([float(v) for v in ins.operands]))
            spaces.add(space)
            color_ops[(color, marks > 0)] = None
            if op.islower():
                fill = color
            else:
                stroke = color
        elif op == "gs":
            name = str(ins.operands[0])
            if name in gstates:
                state = gstates[name]
            else:
                state = gstates[name] = _gstate(extg.get(name))
                if state is not None:
                    facts.gstates.append(state[0])
            if state is not None:
                _, new_OP, new_op, new_opm = state
                if new_OP is not None:
                    OP = new_OP
                if new_op is not None:
                    op_fill = new_op
                if new_opm is not None:
                    opm = new_opm
        elif op == "q":
            stack.append((ctm, fill, stroke, op_fill, OP, opm))
        elif op == "Q":
            if stack:
                ctm, fill, stroke, op_fill, OP, opm = stack.pop()
        elif op == "cm":
            ctm = multiply(tuple([float(v) for v in ins.operands]), ctm)
        elif op in _PAINT_STROKE_ONLY:
            paints[Paint("stroke", stroke, OP, marks > 0)] += 1
        elif op in _PAINT_FILL_ONLY:
            paints[Paint("fill", fill, OP if op_fill is None else op_fill, marks > 0)] += 1
        elif op in _PAINT_BOTH:
            paints[Paint("stroke", stroke, OP, marks > 0)] += 1
            paints[Paint("fill", fill, OP if op_fill is None else op_fill, marks > 0)] += 1
        elif op == "m":
            operands = ins.operands
            point = _apply(ctm, float(operands[0]), float(operands[1]))
        elif op == "l":
            operands = ins.operands
            end = _apply(ctm, float(operands[0]), float(operands[1]))
            if marks:
                facts.mark_segments.append((point, end))
            point = end
        elif op == "re":
            if marks:
                x, y, w, h = [float(v) for v in ins.operands]
                facts.mark_segments.append((_apply(ctm, x, y), _apply(ctm, x + w, y + h)))
        elif op == "BMC" or op == "BDC":
            operands = ins.operands
            tag = str(operands[0])
            if tag == MARKS_TAG:
                marks += 1
            elif op == "BDC" and tag == IMAGE_TAG and isinstance(operands[1], Dictionary):
                tag = IMAGE_TAG + "\0" + str(operands[1].get("/Source", ""))
            tags.append(tag)
        elif op == "EMC":
            if tags and tags.pop() == MARKS_TAG:
                marks -= 1
        elif op == "cs" or op == "CS":
            space = _space_name(ins.operands[0], resources, space_names)
            spaces.add(space)
            n = _SPACES_N.get(space, 1)
            color = Color(space, (0.0,) * (n - 1) + ((1.0,) if space == "/DeviceCMYK" else (0.0,)))
            if op == "cs":
                fill = color
            else:
                stroke = color
        elif op in ("sc", "scn", "SC", "SCN"):
            lower = op.islower()
            values = tuple([float(v) for v in ins.operands if not isinstance(v, Name)])
            color = Color((fill if lower else stroke).space, values)
            color_ops[(color, marks > 0)] = None
            if lower:
                fill = color
            else:
                stroke = color
        elif op == "Do":
            xobj = xobjects.get(str(ins.operands[0]))
            if xobj is None:
                continue
            subtype = xobj.get("/Subtype")
            if subtype == "/Image":
                source = next((t.split("\0", 1)[1] for t in reversed(tags) if t.startswith(IMAGE_TAG + "\0")), None)
                facts.images.append(ImageUse(facts.number, xobj, ctm, source or None))
            elif subtype == "/Form":
                if xobj.objgen not in forms_seen or xobj.objgen == (0, 0):
                    forms_seen.add(xobj.objgen)
                    facts.forms.append(xobj)
                matrix = multiply(tuple([float(v) for v in xobj.get("/Matrix", IDENTITY)]), ctm)
                if depth < _MAX_DEPTH:
                    _walk(cache.instructions(xobj), xobj.get("/Resources", resources),
                          GState(matrix, fill, stroke, op_fill, OP, opm), facts, depth + 1, cache, forms_seen)
        elif op == "INLINE IMAGE":
            for operand in ins.operands:
                if isinstance(operand, InlineImage):
                    facts.inline_images.append(operand)
    if texts:
        paints[Paint("text", fill, OP if op_fill is None else op_fill, marks > 0)] += texts


def _gstate(state) -> tuple | None:
    """An ExtGState's (dictionary, OP, op, OPM); None for a key it does not set."""
    if state is None:
        return None
    return (state,
            bool(state.OP) if "/OP" in state else None,
            bool(state.op) if "/op" in state else None,
            int(state.OPM) if "/OPM" in state else None)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = m
    return (a * x + c * y + e, b * x + d * y + f)


def _space_name(operand, resources, cache: dict[str, str]) -> str:
    name = str(operand)
    if name in _SPACES_N or name == "/Pattern":
        return name
    if name not in cache:
        cache[name] = _lookup_space(name, resources)
    return cache[name]


def _lookup_space(name: str, resources) -> str:
    import pikepdf
    space = resources.get("/ColorSpace", pikepdf.Dictionary()).get(name)
    if space is None:
        return name
    if isinstance(space, pikepdf.Array):
        return str(space[0])
    return str(space)
