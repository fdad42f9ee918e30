"""Place a measured article on the grid: heads, image, caption and balanced body legs → a Module."""
from __future__ import annotations

from dataclasses import dataclass

from layout.boxes import FrameBox, ImageBox, Line, Module, TextBlock
from layout.pages.blocks import BodyLine, HeadPiece, Measured, Typesetter
from layout.pages.grid import EM_BASELINE


@dataclass(frozen=True, slots=True)
class Slot:
    """Where a module goes: first column, columns, first body line, body lines available."""

    col: int
    span: int
    top: int
    depth: int


def head_blocks(ts: Typesetter, m: Measured, x: float, y: float, w: float, area_h: float,
                article_id: str) -> list:
    boxes: list = []
    top = y
    if m.label is not None:
        label = m.label
        text_w = max((ln.width for ln in label.lines), default=0.0)
        pad = label.size * 0.5
        panel_h = label.line_height * 1.4
        boxes.append(FrameBox(x, y, text_w + 2 * pad, panel_h, 0.0, None, ts.color("red")))
        boxes.append(_text_block(label, x + pad, y + (panel_h - label.line_height) / 2, w, article_id))
        top = y + panel_h
        area_h -= panel_h
    heads_h = sum(len(h.lines) * h.line_height for h in m.heads)
    cursor = top + max(0.0, (area_h - heads_h) / 2)
    for head in m.heads:
        boxes.append(_text_block(head, x, cursor, w, article_id))
        cursor += len(head.lines) * head.line_height
    return boxes


def _text_block(head: HeadPiece, x: float, y: float, w: float, article_id: str) -> TextBlock:
    lh = head.line_height
    baselines = tuple(y + i * lh + (lh - head.size) / 2 + EM_BASELINE * head.size
                      for i in range(len(head.lines)))
    return TextBlock(head.role, article_id, x, y, w, lh * len(head.lines), head.lines, baselines,
                     (0.0,) * len(head.lines))


def body_blocks(ts: Typesetter, article_id: str, lines: tuple[BodyLine, ...], slot: Slot,
                first_line: int, leg_depth: int, legs: int, x0: float | None = None) -> list[TextBlock]:
    """Flow body lines into ``legs`` columns of ``leg_depth`` lines, starting at body line ``first_line``."""
    grid = ts.grid
    blocks = []
    for k in range(legs):
        chunk = lines[k * leg_depth:(k + 1) * leg_depth]
        if not chunk:
            break
        x = x0 if x0 is not None else grid.col_x(slot.col + k)
        baselines = tuple(grid.baseline(first_line + i, bl.size) for i, bl in enumerate(chunk))
        blocks.append(TextBlock("body", article_id, x, grid.line_y(first_line), grid.column_w,
                                len(chunk) * grid.pitch, tuple(bl.line for bl in chunk), baselines,
                                (0.0,) * len(chunk)))
    return blocks


def build_module(ts: Typesetter, m: Measured, slot: Slot, body: tuple[BodyLine, ...],
                 leg_depth: int, part: int) -> Module:
    """Boxes of one module; ``body`` is the part of the body set here (already split)."""
    grid = ts.grid
    x, y, w = grid.col_x(slot.col), grid.line_y(slot.top), grid.span_w(slot.span)
    promo = any(bl.role == "promo_text" for bl in body)
    boxes: list = []
    inset = grid.body_size if promo else 0.0
    boxes += head_blocks(ts, m, x + inset, y, w - 2 * inset, m.head_depth * grid.pitch, m.article_id)
    line = slot.top + m.head_depth
    for image in m.images:
        picture_h = image.picture_h
        boxes.append(ImageBox(m.article_id, x, grid.line_y(line), w, picture_h, str(image.path), image.crop))
        cap_line = line + image.depth - 1 - len(image.caption)
        if image.caption:
            baselines = tuple(grid.baseline(cap_line + i, image.caption_size) for i in range(len(image.caption)))
            boxes.append(TextBlock("caption", m.article_id, x, grid.line_y(cap_line), w,
                                   len(image.caption) * grid.pitch, image.caption, baselines,
                                   (0.0,) * len(image.caption)))
        line += image.depth
    if promo:
        boxes += body_blocks(ts, m.article_id, body, slot, line, leg_depth, 1, x0=x + inset)
        boxes.append(FrameBox(x, y, w, slot.depth * grid.pitch - (grid.pitch - grid.body_size) / 2,
                              ts.styles.rules.box_pt, ts.color("black"), None))
    else:
        boxes += body_blocks(ts, m.article_id, body, slot, line, leg_depth, slot.span)
    return Module(m.article_id, part, slot.col, slot.span, slot.top, slot.depth, x, y, w,
                  slot.depth * grid.pitch, tuple(boxes))


def jump_line(ts: Typesetter, text: str, align: str) -> BodyLine:
    lines: tuple[Line, ...] = ts.compose((ts.span("jump_line", text),), ts.grid.column_w,
                                         align=align, role="jump_line")
    return BodyLine("jump_line", lines[0], ts.size("jump_line"))
