"""The column grid and the body-line grid of a page, in pt."""
from __future__ import annotations

import math
from dataclasses import dataclass

from layout.models import Stylesheet
from layout.units import mm

# Baseline of a CJK em box sits 0.88 em below its top (ideographic em box -120/880 in Noto CJK).
EM_BASELINE = 0.88


@dataclass(frozen=True, slots=True)
class Grid:
    page_w: float
    page_h: float
    bleed: float
    left: float          # x of the first column
    top: float           # y of the first body line's slot
    columns: int
    column_w: float      # measure of a basic column
    gutter: float
    pitch: float         # body line pitch
    lines: int           # body lines in the type area
    body_size: float

    @classmethod
    def from_styles(cls, styles: Stylesheet) -> "Grid":
        g, p = styles.grid, styles.page
        size = g.body_size_pt
        column_w = g.column_chars * size
        gutter = g.gutter_em * size
        width = g.columns * column_w + (g.columns - 1) * gutter
        inner = mm(p.trim_mm.width - p.margins_mm.left - p.margins_mm.right)
        left = mm(p.margins_mm.left) + (inner - width) / 2
        height = mm(p.trim_mm.height - p.margins_mm.top - p.margins_mm.bottom)
        lines = int(math.floor(height / g.line_pitch_pt + 1e-9))
        return cls(mm(p.trim_mm.width), mm(p.trim_mm.height), mm(p.bleed_mm), left,
                   mm(p.margins_mm.top), g.columns, column_w, gutter, g.line_pitch_pt, lines, size)

    @property
    def width(self) -> float:
        return self.span_w(self.columns)

    @property
    def height(self) -> float:
        return self.lines * self.pitch

    def col_x(self, col: int) -> float:
        return self.left + col * (self.column_w + self.gutter)

    def span_w(self, span: int) -> float:
        return span * self.column_w + (span - 1) * self.gutter

    def line_y(self, line: int) -> float:
        """Top of the slot of body line ``line``."""
        return self.top + line * self.pitch

    def baseline(self, line: int, size: float | None = None) -> float:
        """Baseline of a line of ``size`` type centred in body slot ``line``."""
        size = size or self.body_size
        return self.line_y(line) + (self.pitch - size) / 2 + EM_BASELINE * size

    def lines_for(self, height: float) -> int:
        """Whole body lines needed to hold ``height`` pt."""
        return max(1, math.ceil(height / self.pitch - 1e-6))
