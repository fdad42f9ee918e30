"""clreq on the sample edition, measured from character positions in the written PDF."""
from __future__ import annotations

from collections import defaultdict

import pytest

from layout import clreq
from layout.pages.grid import Grid

from pdfchars import pdf_chars

TOL = 0.05


@pytest.fixture(scope="module")
def body_lines(sample_build):
    """Lines of body-size text in the body columns: {(page, column): [(y, [chars])]} top to bottom."""
    result, _, styles = sample_build
    grid = Grid.from_styles(styles)
    bleed = grid.bleed
    size = styles.grid.body_size_pt
    columns = [(grid.col_x(c) + bleed, grid.col_x(c) + grid.column_w + bleed) for c in range(grid.columns)]
    regions = defaultdict(list)  # body regions per page (module rects), in PDF coordinates
    for page in result.layout.pages:
        for module in page.modules:
            top = page.height + bleed - module.y
            regions[page.number].append((module.x + bleed, top - module.h, module.x + module.w + bleed, top))
    rows = defaultdict(list)
    for ch in pdf_chars(result.pdf):
        if abs(ch.size - size) > 0.01 or not ch.font.startswith("Layout"):
            continue  # headings, captions (楷体), jump lines, furniture
        if not any(l - 1 <= ch.x <= r + 1 and b - 1 <= ch.y <= t + 1 for l, b, r, t in regions[ch.page]):
            continue
        x = ch.x + (size / 2 if ch.char in clreq.BLANK_LEFT else 0.0)  # its blank half may hang left
        col = next((c for c, (l, r) in enumerate(columns) if l - 1 <= x <= r + 1), None)
        assert col is not None, f"page {ch.page}: {ch.char!r} at x={ch.x:.2f} is outside every column"
        rows[(ch.page, col, round(ch.y, 1))].append(ch)
    out = defaultdict(list)
    for (page, col, y), chars in rows.items():
        out[(page, col)].append((y, sorted(chars, key=lambda c: c.x)))
    for lines in out.values():
        lines.sort(key=lambda item: -item[0])
    return out, columns, size


def _right_edge(chars, size):
    last = chars[-1]
    right = last.right
    if last.right - last.x > 0.9 * size:  # a full-width mark at line end loses its blank right part
        if last.char in clreq.BLANK_RIGHT:
            right -= size / 2  # GB/T 15834 §5.1.10: set ½ em
        elif last.char in clreq.INTERPUNCT:
            right -= size / 4  # centred in its em: a quarter blank on each side
    return right


def test_no_prohibited_line_starts_or_ends(body_lines):
    lines, _, _ = body_lines
    start, end = clreq.no_line_start("gb"), clreq.no_line_end("gb")
    bad = []
    for (page, col), rows in lines.items():
        for y, chars in rows:
            text = "".join(c.char for c in chars)
            if text[0] in start or text[-1] in end:
                bad.append(f"page {page} column {col + 1}: {text}")
    assert not bad, "\n".join(bad)
    assert sum(len(rows) for rows in lines.values()) > 300


def test_full_lines_end_at_the_measure(body_lines):
    """Every line but a paragraph's last reaches the column's right edge (within 0.05 pt)."""
    lines, columns, size = body_lines
    checked = 0
    for (page, col), rows in lines.items():
        right = columns[col][1]
        for (y, chars), (y_next, next_chars) in zip(rows, rows[1:]):
            if abs((y - y_next) - 12.0) > 1.5:
                continue  # not consecutive lines of one leg
            if next_chars[0].x > columns[col][0] + size * 1.5:
                continue  # the next line is indented: this one ends a paragraph
            edge = _right_edge(chars, size)
            assert edge == pytest.approx(right, abs=TOL), \
                f"page {page} column {col + 1}: {''.join(c.char for c in chars)} ends at {edge:.2f}, not {right:.2f}"
            checked += 1
    assert checked > 300


def test_no_runt_last_lines(body_lines):
    """孤字: a paragraph's last line never holds a single character (plus punctuation)."""
    lines, columns, size = body_lines
    marks = clreq.PAUSE | clreq.STOP | clreq.CLOSING
    bad = []
    for (page, col), rows in lines.items():
        right = columns[col][1]
        for y, chars in rows:
            if _right_edge(chars, size) >= right - TOL:
                continue  # a full line
            content = [c for c in chars if c.char not in marks]
            if len(content) <= 1:
                bad.append(f"page {page} column {col + 1}: {''.join(c.char for c in chars)}")
    assert not bad, "\n".join(bad)


def test_body_and_captions_sit_on_the_baseline_grid(sample_build):
    """Body lines and captions (9 pt) take baselines of the body grid only."""
    result, _, styles = sample_build
    grid = Grid.from_styles(styles)
    first = grid.page_h + grid.bleed - grid.baseline(0)  # PDF y of line 0's baseline
    off_grid = set()
    for ch in pdf_chars(result.pdf):
        if abs(ch.size - styles.grid.body_size_pt) > 0.01:
            continue
        if not (grid.bleed + grid.page_h - grid.top - grid.height <= ch.y <= first + 1):
            continue  # the page header sits above the type area
        steps = (first - ch.y) / grid.pitch
        if abs(steps - round(steps)) > 0.01:
            off_grid.add((ch.page, round(ch.y, 2)))
    assert not off_grid, sorted(off_grid)[:10]
